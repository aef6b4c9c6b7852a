/* rr_kernel.h -- the evaluation kernels of reluref.
 *
 * One affine layer y = W x + b (W is m x n, row-major) and the ReLU, in four
 * arithmetics: exact rationals (mpq), interval enclosures (MPFR, directed
 * rounding), MPFR round-to-nearest, and binary64.  Everything else in the
 * realization engine is orchestration around these loops, so this is the unit
 * that carries the functional contracts (spec/Realization.acsl) and that
 * `make proofs` verifies with Frama-C/WP.
 *
 * Conventions: output arguments first; arrays are flat and indexed by `long`
 * (row i, column j of W is W[i*n + j]); sizes are positive and small enough
 * that m*n fits in a long (the reader's caps guarantee it).  Outputs must not
 * alias inputs.
 */
#ifndef RR_KERNEL_H
#define RR_KERNEL_H

#include <gmp.h>
#include <mpfr.h>

/* Exact affine layer: y[i] = b[i] + sum_{j<n} W[i*n+j] * x[j], in Q.
 * tmp is scratch.  The sum is accumulated in the order j = 0..n-1 and the
 * bias added last; in Q the order does not matter. */
void rr_kq_affine(mpq_ptr y, mpq_srcptr W, mpq_srcptr b, mpq_srcptr x,
                  long m, long n, mpq_ptr tmp);

/* Exact ReLU in place: y[i] = max(y[i], 0). */
void rr_kq_relu(mpq_ptr y, long m);

/* Interval affine layer.  Every weight W[k] is enclosed by [Wlo[k], Whi[k]],
 * every bias by [blo[i], bhi[i]], every input by [xlo[j], xhi[j]]; the
 * result [ylo[i], yhi[i]] encloses every b + sum W x with the operands in
 * their intervals.  Lower ends are rounded toward -inf, upper toward +inf.
 * t1..t3 are scratch of the same precision as the outputs. */
void rr_ki_affine(mpfr_ptr ylo, mpfr_ptr yhi,
                  mpfr_srcptr Wlo, mpfr_srcptr Whi,
                  mpfr_srcptr blo, mpfr_srcptr bhi,
                  mpfr_srcptr xlo, mpfr_srcptr xhi,
                  long m, long n, mpfr_ptr t1, mpfr_ptr t2, mpfr_ptr t3);

/* Interval ReLU in place: [lo, hi] -> [max(lo,0), max(hi,0)] (exact). */
void rr_ki_relu(mpfr_ptr lo, mpfr_ptr hi, long m);

/* MPFR round-to-nearest affine layer at the precision of y: each product and
 * each addition is correctly rounded, in the order
 *   s = RN(W[i*n]*x[0]); s = RN(s + RN(W[i*n+j]*x[j])) for j = 1..n-1;
 *   y[i] = RN(s + b[i]).
 * Terms with x[j] == 0 are skipped (they change nothing: the product is an
 * exact zero). */
void rr_kf_affine(mpfr_ptr y, mpfr_srcptr W, mpfr_srcptr b, mpfr_srcptr x,
                  long m, long n, mpfr_ptr t);

/* MPFR ReLU in place (exact). */
void rr_kf_relu(mpfr_ptr y, long m);

/* binary64 affine layer, the in-tree fast path that the golden vectors audit:
 * s = 0; s += W[i*n+j]*x[j] for j = 0..n-1 (no FMA contraction: the build
 * uses -ffp-contract=off); y[i] = s + b[i]. */
void rr_kd_affine(double *y, const double *W, const double *b,
                  const double *x, long m, long n);

/* binary64 ReLU in place: y[i] = y[i] > 0 ? y[i] : 0 (a NaN stays NaN). */
void rr_kd_relu(double *y, long m);

#endif
