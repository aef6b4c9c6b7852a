/* rr_dgstep.h -- the core steps of the degeneracy analysis (rr_degen.h,
 * spec/degeneracy.md): the exact symmetry steps S2-S4, the range S5, and
 * the per-neuron / per-layer checks of R1 and R2, as small loops over flat
 * rational arrays.  This is a proof unit of `make proofs` (proofs/units):
 * the ACSL contracts below use spec/Degeneracy.acsl and are proved by
 * Frama-C/WP relative to the GMP model spec/gmp_mpfr_model.h.
 *
 * Vocabulary (rr_degen.h): hidden neuron i has the incoming row
 * u_i = (a_i, b_i) and the outgoing vector c_i; it contributes
 * c_i rho(<u_i, (y, 1)>) to the next layer.  Conventions: output arguments
 * first; arrays are flat and indexed by `long`; sizes are >= 0; outputs do
 * not alias inputs unless said otherwise; scratch arguments (tmp) are
 * initialised mpq_t owned by the caller.
 */
#ifndef RR_DGSTEP_H
#define RR_DGSTEP_H

#include <gmp.h>

#ifdef __FRAMAC__
#include <limits.h>
#include "Degeneracy.acsl"
#endif

/* r := sum_{j<n} v[j]^2. */
/*@ requires size: 0 <= n;
  @ requires valid: \valid(r) && \valid(tmp) && \valid_read(v + (0 .. n-1));
  @ requires separated: \separated(r, tmp, v + (0 .. n-1));
  @ terminates \true;
  @ assigns *r, *tmp;
  @ ensures value: qv(*r) == SqNorm(QSeq{Pre}(v), n);
  @*/
void rr_dg_sqnorm(mpq_ptr r, mpq_srcptr v, long n, mpq_ptr tmp);

/* 1 iff v[0..n-1] are all 0. */
/*@ requires size: 0 <= n;
  @ requires valid: \valid_read(v + (0 .. n-1));
  @ terminates \true;
  @ assigns \nothing;
  @ ensures range: \result == 0 || \result == 1;
  @ ensures value: \result == 1 <==> IsZeroQ(v, n);
  @*/
int rr_dg_is_zero(mpq_srcptr v, long n);

/* Index of the first nonzero entry of v, or -1 when v = 0. */
/*@ requires size: 0 <= n;
  @ requires valid: \valid_read(v + (0 .. n-1));
  @ terminates \true;
  @ assigns \nothing;
  @ behavior zero:
  @   assumes IsZeroQ(v, n);
  @   ensures \result == -1;
  @ behavior nonzero:
  @   assumes !IsZeroQ(v, n);
  @   ensures range: 0 <= \result < n;
  @   ensures first: qv(v[\result]) != 0 && IsZeroQ(v, \result);
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
long rr_dg_first_nonzero(mpq_srcptr v, long n);

/* Proved (unit dgstep of proofs/units).
 * Parallel test for nonzero u: returns +1 when v = lambda u with
 * lambda > 0, -1 when lambda < 0, 0 when v is not a multiple of u or
 * v = 0 or u = 0 (lambda is then unspecified).  The factor is unique
 * (u != 0). */
/*@ requires size: 0 <= n;
  @ requires valid: \valid(lambda) && \valid(tmp);
  @ requires valid_read: \valid_read(u + (0 .. n-1)) && \valid_read(v + (0 .. n-1));
  @ requires separated: \separated(lambda, tmp, \union(u + (0 .. n-1), v + (0 .. n-1)));
  @ terminates \true;
  @ assigns *lambda, *tmp;
  @ ensures range: -1 <= \result <= 1;
  @ ensures pos: \result == 1 <==> PosParallel{Pre}(u, v, n);
  @ ensures neg: \result == -1 <==> NegParallel{Pre}(u, v, n);
  @ ensures factor: \result != 0 ==>
  @   ParallelBy{Pre}(u, v, n, qv(*lambda)) && (\result > 0 <==> qv(*lambda) > 0);
  @*/
int rr_dg_parallel(mpq_ptr lambda, mpq_srcptr u, mpq_srcptr v, long n,
                   mpq_ptr tmp);

/* S2, positive rescaling (t > 0): row := t row (n entries), col := col / t
 * (k entries).  c rho(<u,y>) = (c/t) rho(<t u, y>): the postconditions are
 * pointwise (`row`, `col`); with z = <u, y~>, spec/Degeneracy.acsl's
 * Rescale_Scalar turns them into "each output coordinate of the neuron's
 * contribution is unchanged".  Not yet proved: <t u, y~> = t <u, y~>
 * (induction over n, see spec/Degeneracy.acsl), and the contribution as a
 * postcondition of this function (the solvers time out on it here, though
 * they prove Rescale_Scalar on its own). */
/*@ requires sizes: 0 <= n && 0 <= k;
  @ requires valid: \valid(row + (0 .. n-1)) && \valid(col + (0 .. k-1)) && \valid_read(t);
  @ requires nonzero: qv(*t) != 0;
  @ requires separated: \separated(row + (0 .. n-1), col + (0 .. k-1), t);
  @ terminates \true;
  @ assigns row[0 .. n-1], col[0 .. k-1];
  @ ensures row: \forall integer j; 0 <= j < n ==>
  @   qv(row[j]) == \old(qv(*t)) * \old(qv(row[j]));
  @ ensures col: \forall integer r; 0 <= r < k ==>
  @   qv(col[r]) * \old(qv(*t)) == \old(qv(col[r]));
  @*/
void rr_dg_rescale(mpq_ptr row, long n, mpq_ptr col, long k, mpq_srcptr t);

/* S3, merge positively parallel neurons: requires u_j = lambda u_i,
 * lambda > 0.  c_i := c_i + lambda c_j, c_j := 0 (k entries each):
 * c_i rho(z) + c_j rho(lambda z) = (c_i + lambda c_j) rho(z).  With
 * z = <u_i, y~> and <u_j, y~> = lambda z (u_j = lambda u_i, as
 * rr_dg_parallel's `factor` states pointwise), spec/Degeneracy.acsl's
 * Merge_Scalar turns the pointwise postconditions into "the two neurons'
 * contribution is unchanged".  Not yet proved: that step as a
 * postcondition here, and <lambda u_i, y~> = lambda <u_i, y~> (induction
 * over n). */
/*@ requires size: 0 <= k;
  @ requires valid: \valid(ci + (0 .. k-1)) && \valid(cj + (0 .. k-1)) &&
  @                 \valid_read(lambda) && \valid(tmp);
  @ requires separated: \separated(ci + (0 .. k-1), cj + (0 .. k-1), lambda, tmp);
  @ terminates \true;
  @ assigns ci[0 .. k-1], cj[0 .. k-1], *tmp;
  @ ensures ci: \forall integer r; 0 <= r < k ==>
  @   qv(ci[r]) == \old(qv(ci[r])) + \old(qv(*lambda)) * \old(qv(cj[r]));
  @ ensures cj: \forall integer r; 0 <= r < k ==> qv(cj[r]) == 0;
  @*/
void rr_dg_merge_parallel(mpq_ptr ci, mpq_ptr cj, mpq_srcptr lambda, long k,
                          mpq_ptr tmp);

/* S4, fold an opposite neuron: requires u_j = -mu u_i, mu > 0.
 * c_j rho(-mu z) = mu c_j rho(z) - mu c_j z, so
 * c_i := c_i + mu c_j, A[r*n + s] := A[r*n + s] - mu c_j[r] u_i[s] (A is
 * the k x n affine part, n = length of u), c_j := 0.  With z = <u_i, y~>,
 * spec/Degeneracy.acsl's Fold_Scalar turns the pointwise postconditions
 * into "the two neurons plus the affine part contribute the same".
 * Proved (unit dgstep): this contract (A row by row through a helper,
 * then c_i, c_j by rr_dg_merge_parallel).  Not proved: the contribution
 * step as a postcondition and <A_r - s u_i, y~> = <A_r, y~> - s z
 * (induction over n). */
/*@ requires sizes: 0 <= n && 0 <= k && k * n <= LONG_MAX;
  @ requires valid: \valid(ci + (0 .. k-1)) && \valid(cj + (0 .. k-1)) &&
  @                 \valid(A + (0 .. k*n-1)) && \valid(tmp);
  @ requires valid_read: \valid_read(ui + (0 .. n-1)) && \valid_read(mu);
  @ requires separated: \separated(ci + (0 .. k-1), cj + (0 .. k-1), A + (0 .. k*n-1),
  @                                tmp, \union(ui + (0 .. n-1), mu));
  @ terminates \true;
  @ assigns ci[0 .. k-1], cj[0 .. k-1], A[0 .. k*n-1], *tmp;
  @ ensures ci: \forall integer r; 0 <= r < k ==>
  @   qv(ci[r]) == AddMul(\old(qv(ci[r])), \old(qv(*mu)), \old(qv(cj[r])));
  @ ensures cj: \forall integer r; 0 <= r < k ==> qv(cj[r]) == 0;
  @ ensures A: \forall integer r, s; InMatrix(r, s, k, n) ==>
  @   qv(A[r*n + s]) ==
  @     FoldA(\old(qv(A[r*n + s])), \old(qv(*mu)), \old(qv(cj[r])), \old(qv(ui[s])));
  @*/
void rr_dg_fold_opposite(mpq_ptr ci, mpq_ptr cj, mpq_ptr A, mpq_srcptr ui,
                         mpq_srcptr mu, long n, long k, mpq_ptr tmp);

/* Not yet proved: `sound` (loop invariant preservation) and the hints
 * t_lo / t_hi (the product through the corner pointers); `lo`, `hi`,
 * `attained` and memory safety are proved.
 * S5, range of z = b + sum_j w[j] y[j] over the box y in prod [ylo_j,
 * yhi_j] (ylo_j <= yhi_j): exact interval arithmetic in Q, so [lo, hi] is
 * the exact range (every variable occurs once): lo and hi are the values at
 * the corners QCorner(w, ylo, yhi) and QCorner(w, yhi, ylo) of the box, and
 * every y in the box gives a value in [lo, hi]. */
/*@ requires size: 0 <= n;
  @ requires valid: \valid(lo) && \valid(hi) && \valid(tmp);
  @ requires valid_read: \valid_read(w + (0 .. n-1)) && \valid_read(b) &&
  @   \valid_read(ylo + (0 .. n-1)) && \valid_read(yhi + (0 .. n-1));
  @ requires separated: \separated(lo, hi, tmp,
  @   \union(w + (0 .. n-1), b, ylo + (0 .. n-1), yhi + (0 .. n-1)));
  @ terminates \true;
  @ assigns *lo, *hi, *tmp;
  @ ensures lo: qv(*lo) == \old(qv(*b)) + Dot(QSeq{Pre}(w), QCorner{Pre}(w, ylo, yhi), 0, n);
  @ ensures hi: qv(*hi) == \old(qv(*b)) + Dot(QSeq{Pre}(w), QCorner{Pre}(w, yhi, ylo), 0, n);
  @ ensures sound: \forall RSeq y; InBoxQ{Pre}(y, ylo, yhi, n) ==>
  @   qv(*lo) <= \old(qv(*b)) + Dot(QSeq{Pre}(w), y, 0, n) <= qv(*hi);
  @ ensures attained:
  @   (\forall integer j; 0 <= j < n ==> \old(qv(ylo[j])) <= \old(qv(yhi[j]))) ==>
  @     InBoxQ{Pre}(QCorner{Pre}(w, ylo, yhi), ylo, yhi, n) &&
  @     InBoxQ{Pre}(QCorner{Pre}(w, yhi, ylo), ylo, yhi, n);
  @*/
void rr_dg_affine_range(mpq_ptr lo, mpq_ptr hi, mpq_srcptr w, mpq_srcptr b,
                        mpq_srcptr ylo, mpq_srcptr yhi, long n, mpq_ptr tmp);

/* R1: 1 iff sum_j row[j]^2 = sum_r col[r]^2 (decided exactly on the
 * squares); t1, t2 receive the two squared norms. */
/*@ requires sizes: 0 <= n && 0 <= k;
  @ requires valid: \valid(t1) && \valid(t2);
  @ requires valid_read: \valid_read(row + (0 .. n-1)) && \valid_read(col + (0 .. k-1));
  @ requires separated: \separated(t1, t2, \union(row + (0 .. n-1), col + (0 .. k-1)));
  @ terminates \true;
  @ assigns *t1, *t2;
  @ ensures norms: qv(*t1) == SqNorm(QSeq{Pre}(row), n) && qv(*t2) == SqNorm(QSeq{Pre}(col), k);
  @ ensures range: \result == 0 || \result == 1;
  @ ensures balanced: \result == 1 <==> SqNorm(QSeq{Pre}(row), n) == SqNorm(QSeq{Pre}(col), k);
  @*/
int rr_dg_is_balanced(mpq_srcptr row, long n, mpq_srcptr col, long k,
                      mpq_ptr t1, mpq_ptr t2);

/* Not yet proved: `r2`, the loop invariants `none`, `none_i` and the hint
 * `par`: carrying
 * PosParallel (an existential over a universal, over memory) from the
 * callee's pre-state to this function's Pre timed out; memory safety,
 * termination, assigns and `range` are proved.
 * R2 for one layer: U is m x n row-major (row i = u_i).  Returns 1 iff
 * there are i < j with u_i != 0 and u_j = lambda u_i, lambda > 0 (two rows
 * positively parallel), else 0.  lambda and tmp are scratch. */
/*@ requires sizes: 0 <= m && 0 <= n && m * n <= LONG_MAX;
  @ requires valid: \valid(lambda) && \valid(tmp);
  @ requires valid_read: \valid_read(U + (0 .. m*n-1));
  @ requires separated: \separated(lambda, tmp, U + (0 .. m*n-1));
  @ terminates \true;
  @ assigns *lambda, *tmp;
  @ ensures range: \result == 0 || \result == 1;
  @ ensures r2: \result == 1 <==> PosParallelPair{Pre}(U, m, n);
  @*/
int rr_dg_pos_parallel_pair(mpq_srcptr U, long m, long n, mpq_ptr lambda,
                            mpq_ptr tmp);

#endif
