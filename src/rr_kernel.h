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

#ifdef __FRAMAC__
/* Under Frama-C, <gmp.h> and <mpfr.h> are spec/gmp_mpfr_model.h (the trusted
 * base); the logic definitions used by the contracts below: */
#include <limits.h>
#include "Realization.acsl"
#endif

/* Exact affine layer: y[i] = b[i] + sum_{j<n} W[i*n+j] * x[j], in Q.
 * tmp is scratch.  The sum is accumulated in the order j = 0..n-1 and the
 * bias added last; in Q the order does not matter. */
/*@ requires sizes: 0 <= m && 0 <= n && m * n <= LONG_MAX;
  @ requires valid_y: \valid(y + (0 .. m-1));
  @ requires valid_W: \valid_read(W + (0 .. m*n-1));
  @ requires valid_b: \valid_read(b + (0 .. m-1));
  @ requires valid_x: \valid_read(x + (0 .. n-1));
  @ requires valid_tmp: \valid(tmp);
  @ requires separated_out: \separated(y + (0 .. m-1), tmp);
  @ requires separated_in:
  @   \separated(\union(y + (0 .. m-1), tmp),
  @              \union(W + (0 .. m*n-1), b + (0 .. m-1), x + (0 .. n-1)));
  @ terminates \true;
  @ assigns y[0 .. m-1], *tmp;
  @ ensures affine: \forall integer i; 0 <= i < m ==>
  @   qv(y[i]) == Affine(QSeq{Pre}(W), QSeq{Pre}(b), QSeq{Pre}(x), n, i);
  @*/
void rr_kq_affine(mpq_ptr y, mpq_srcptr W, mpq_srcptr b, mpq_srcptr x,
                  long m, long n, mpq_ptr tmp);

/* Exact ReLU in place: y[i] = max(y[i], 0). */
/*@ requires size: 0 <= m;
  @ requires valid: \valid(y + (0 .. m-1));
  @ terminates \true;
  @ assigns y[0 .. m-1];
  @ ensures relu: \forall integer i; 0 <= i < m ==>
  @   qv(y[i]) == Relu(\old(qv(y[i])));
  @*/
void rr_kq_relu(mpq_ptr y, long m);

/* Interval affine layer.  Every weight W[k] is enclosed by [Wlo[k], Whi[k]],
 * every bias by [blo[i], bhi[i]], every input by [xlo[j], xhi[j]]; the
 * result [ylo[i], yhi[i]] encloses every b + sum W x with the operands in
 * their intervals.  Lower ends are rounded toward -inf, upper toward +inf.
 * t1..t3 are scratch of the same precision as the outputs. */
/*@ requires sizes: 0 <= m && 0 <= n && m * n <= LONG_MAX;
  @ requires valid_y: \valid(ylo + (0 .. m-1)) && \valid(yhi + (0 .. m-1));
  @ requires valid_W: \valid_read(Wlo + (0 .. m*n-1)) && \valid_read(Whi + (0 .. m*n-1));
  @ requires valid_b: \valid_read(blo + (0 .. m-1)) && \valid_read(bhi + (0 .. m-1));
  @ requires valid_x: \valid_read(xlo + (0 .. n-1)) && \valid_read(xhi + (0 .. n-1));
  @ requires valid_t: \valid(t1) && \valid(t2) && \valid(t3);
  @ requires separated_out: \separated(ylo + (0 .. m-1), yhi + (0 .. m-1), t1, t2, t3);
  @ requires separated_in:
  @   \separated(\union(ylo + (0 .. m-1), yhi + (0 .. m-1), t1, t2, t3),
  @              \union(Wlo + (0 .. m*n-1), Whi + (0 .. m*n-1),
  @                     blo + (0 .. m-1), bhi + (0 .. m-1),
  @                     xlo + (0 .. n-1), xhi + (0 .. n-1)));
  @ terminates \true;
  @ assigns ylo[0 .. m-1], yhi[0 .. m-1], *t1, *t2, *t3;
  @ ensures enclosure: \forall RSeq w, b, x;
  @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(b, blo, bhi, m) &&
  @   InBox{Pre}(x, xlo, xhi, n) ==>
  @     \forall integer i; 0 <= i < m ==>
  @       fv(ylo[i]) <= Affine(w, b, x, n, i) <= fv(yhi[i]);
  @*/
void rr_ki_affine(mpfr_ptr ylo, mpfr_ptr yhi,
                  mpfr_srcptr Wlo, mpfr_srcptr Whi,
                  mpfr_srcptr blo, mpfr_srcptr bhi,
                  mpfr_srcptr xlo, mpfr_srcptr xhi,
                  long m, long n, mpfr_ptr t1, mpfr_ptr t2, mpfr_ptr t3);

/* Interval ReLU in place: [lo, hi] -> [max(lo,0), max(hi,0)] (exact). */
/*@ requires size: 0 <= m;
  @ requires valid: \valid(lo + (0 .. m-1)) && \valid(hi + (0 .. m-1));
  @ requires separated: \separated(lo + (0 .. m-1), hi + (0 .. m-1));
  @ terminates \true;
  @ assigns lo[0 .. m-1], hi[0 .. m-1];
  @ ensures lo: \forall integer i; 0 <= i < m ==>
  @   fv(lo[i]) == Relu(\old(fv(lo[i])));
  @ ensures hi: \forall integer i; 0 <= i < m ==>
  @   fv(hi[i]) == Relu(\old(fv(hi[i])));
  @ ensures enclosure: \forall integer i; 0 <= i < m ==> \forall real t;
  @   \old(fv(lo[i])) <= t <= \old(fv(hi[i])) ==>
  @     fv(lo[i]) <= Relu(t) <= fv(hi[i]);
  @*/
void rr_ki_relu(mpfr_ptr lo, mpfr_ptr hi, long m);

/* MPFR round-to-nearest affine layer at the precision of y: each product and
 * each addition is correctly rounded, in the order
 *   s = RN(W[i*n]*x[0]); s = RN(s + RN(W[i*n+j]*x[j])) for j = 1..n-1;
 *   y[i] = RN(s + b[i]).
 * Terms with x[j] == 0 are skipped (they change nothing: the product is an
 * exact zero). */
/* Proved: memory safety, assigns, termination.  No value contract: the model
 * says nothing about MPFR_RNDN results (spec/gmp_mpfr_model.h, A6). */
/*@ requires sizes: 0 <= m && 0 <= n && m * n <= LONG_MAX;
  @ requires valid_y: \valid(y + (0 .. m-1));
  @ requires valid_W: \valid_read(W + (0 .. m*n-1));
  @ requires valid_b: \valid_read(b + (0 .. m-1));
  @ requires valid_x: \valid_read(x + (0 .. n-1));
  @ requires valid_t: \valid(t);
  @ requires separated_out: \separated(y + (0 .. m-1), t);
  @ requires separated_in:
  @   \separated(\union(y + (0 .. m-1), t),
  @              \union(W + (0 .. m*n-1), b + (0 .. m-1), x + (0 .. n-1)));
  @ terminates \true;
  @ assigns y[0 .. m-1], *t;
  @*/
void rr_kf_affine(mpfr_ptr y, mpfr_srcptr W, mpfr_srcptr b, mpfr_srcptr x,
                  long m, long n, mpfr_ptr t);

/* MPFR ReLU in place (exact). */
/*@ requires size: 0 <= m;
  @ requires valid: \valid(y + (0 .. m-1));
  @ terminates \true;
  @ assigns y[0 .. m-1];
  @ ensures relu: \forall integer i; 0 <= i < m ==>
  @   fv(y[i]) == Relu(\old(fv(y[i])));
  @*/
void rr_kf_relu(mpfr_ptr y, long m);

/* binary64 affine layer, the in-tree fast path that the golden vectors audit:
 * s = 0; s += W[i*n+j]*x[j] for j = 0..n-1 (no FMA contraction: the build
 * uses -ffp-contract=off); y[i] = s + b[i]. */
/* Proved: memory safety, no undefined behaviour, assigns, termination.
 * Floating-point overflow to infinity and NaN are not undefined behaviour
 * (IEEE 754 / C Annex F) and are not checked (-warn-special-float none). */
/*@ requires sizes: 0 <= m && 0 <= n && m * n <= LONG_MAX;
  @ requires valid_y: \valid(y + (0 .. m-1));
  @ requires valid_W: \valid_read(W + (0 .. m*n-1));
  @ requires valid_b: \valid_read(b + (0 .. m-1));
  @ requires valid_x: \valid_read(x + (0 .. n-1));
  @ requires separated:
  @   \separated(y + (0 .. m-1),
  @              \union(W + (0 .. m*n-1), b + (0 .. m-1), x + (0 .. n-1)));
  @ terminates \true;
  @ assigns y[0 .. m-1];
  @*/
void rr_kd_affine(double *y, const double *W, const double *b,
                  const double *x, long m, long n);

/* binary64 ReLU in place: y[i] = y[i] > 0 ? y[i] : 0 (a NaN stays NaN). */
/*@ requires size: 0 <= m;
  @ requires valid: \valid(y + (0 .. m-1));
  @ terminates \true;
  @ assigns y[0 .. m-1];
  @ ensures positive: \forall integer i; 0 <= i < m ==>
  @   \gt_double(\old(y[i]), (double)0.0) ==> y[i] == \old(y[i]);
  @ ensures nonpositive: \forall integer i; 0 <= i < m ==>
  @   \le_double(\old(y[i]), (double)0.0) ==> \eq_double(y[i], (double)0.0);
  @ ensures nan: \forall integer i; 0 <= i < m ==>
  @   \is_NaN(\old(y[i])) ==> \is_NaN(y[i]);
  @*/
void rr_kd_relu(double *y, long m);

#endif
