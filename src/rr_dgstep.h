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

/* r := sum_{j<n} v[j]^2.  Not yet proved. */
void rr_dg_sqnorm(mpq_ptr r, mpq_srcptr v, long n, mpq_ptr tmp);

/* 1 iff v[0..n-1] are all 0.  Not yet proved. */
int rr_dg_is_zero(mpq_srcptr v, long n);

/* Index of the first nonzero entry of v, or -1 when v = 0.  Not yet
 * proved. */
long rr_dg_first_nonzero(mpq_srcptr v, long n);

/* Parallel test for nonzero u: returns +1 when v = lambda u with
 * lambda > 0, -1 when lambda < 0, 0 when v is not a multiple of u or
 * v = 0 (lambda is then unspecified).  Not yet proved. */
int rr_dg_parallel(mpq_ptr lambda, mpq_srcptr u, mpq_srcptr v, long n,
                   mpq_ptr tmp);

/* S2, positive rescaling (t > 0): row := t row (n entries), col := col / t
 * (k entries).  c rho(<u,y>) = (c/t) rho(<t u, y>).  Not yet proved. */
void rr_dg_rescale(mpq_ptr row, long n, mpq_ptr col, long k, mpq_srcptr t);

/* S3, merge positively parallel neurons: requires u_j = lambda u_i,
 * lambda > 0.  c_i := c_i + lambda c_j, c_j := 0 (k entries each):
 * c_i rho(z) + c_j rho(lambda z) = (c_i + lambda c_j) rho(z).  Not yet
 * proved. */
void rr_dg_merge_parallel(mpq_ptr ci, mpq_ptr cj, mpq_srcptr lambda, long k,
                          mpq_ptr tmp);

/* S4, fold an opposite neuron: requires u_j = -mu u_i, mu > 0.
 * c_j rho(-mu z) = mu c_j rho(z) - mu c_j z, so
 * c_i := c_i + mu c_j, A[r*n + s] := A[r*n + s] - mu c_j[r] u_i[s] (A is
 * the k x n affine part, n = length of u), c_j := 0.  Not yet proved. */
void rr_dg_fold_opposite(mpq_ptr ci, mpq_ptr cj, mpq_ptr A, mpq_srcptr ui,
                         mpq_srcptr mu, long n, long k, mpq_ptr tmp);

/* S5, range of z = b + sum_j w[j] y[j] over the box y in prod [ylo_j,
 * yhi_j] (ylo_j <= yhi_j): exact interval arithmetic in Q, so [lo, hi] is
 * the exact range (every variable occurs once).  Not yet proved. */
void rr_dg_affine_range(mpq_ptr lo, mpq_ptr hi, mpq_srcptr w, mpq_srcptr b,
                        mpq_srcptr ylo, mpq_srcptr yhi, long n, mpq_ptr tmp);

/* R1: 1 iff sum_j row[j]^2 = sum_r col[r]^2 (decided exactly on the
 * squares).  Not yet proved. */
int rr_dg_is_balanced(mpq_srcptr row, long n, mpq_srcptr col, long k,
                      mpq_ptr t1, mpq_ptr t2);

/* R2 for one layer: U is m x n row-major (row i = u_i).  Returns 1 iff
 * there are i < j with u_i != 0 and u_j = lambda u_i, lambda > 0 (two rows
 * positively parallel), else 0.  lambda and tmp are scratch. */
int rr_dg_pos_parallel_pair(mpq_srcptr U, long m, long n, mpq_ptr lambda,
                            mpq_ptr tmp);

#endif
