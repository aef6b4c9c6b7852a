/* rr_normal.h -- exact normal forms of ReLU network parametrizations
 * (spec/degeneracy.md, "Normal form").
 *
 * Shallow networks (d, m, k): the invariants of the function on R^d (or on
 * a box), which two parametrizations of one function share, and a network
 * chosen from the invariants alone (hence canonical) with no zero, dead or
 * parallel neurons, opposite pairs only where an affine part needs them,
 * and width at most the input's whenever the search over orientations was
 * complete.  Deeper networks: the layerwise version (drop zero, constant
 * and dead neurons, merge positively parallel neurons, canonical scale,
 * canonical order).  Balancing (R1) needs fourth roots: the exact form keeps
 * the rational s_i = ||c_i||^2 / ||u_i||^2 whose fourth root t_i scales
 * neuron i to (t_i u_i, c_i / t_i); rr_balance_round gives the MPFR-rounded
 * balanced parameters.
 *
 * The library never prints or exits.  Every function here is not yet
 * proved. */
#ifndef RR_NORMAL_H
#define RR_NORMAL_H

#include <gmp.h>
#include <mpfr.h>

#include "rr_error.h"
#include "rr_net.h"

/* ---- shallow parameter lists --------------------------------------------- */

/* A shallow parametrization as flat arrays: w neurons, neuron i with the
 * incoming row U[i*(d+1) .. ] = (a_i, b_i) and outgoing C[i*k ..] = c_i;
 * output bias e (k).  R(x) = sum_i c_i rho(<a_i, x> + b_i) + e. */
typedef struct rr_sp {
    long w, d, k;
    mpq_ptr U, C, e;
} rr_sp_t;

/* Allocate w zero neurons (w >= 0).  Not yet proved. */
rr_status rr_sp_init(rr_sp_t *p, long w, long d, long k, rr_err_t *err);
void rr_sp_clear(rr_sp_t *p);
/* From a network of depth 2 (error naming the place otherwise) and back
 * (net uninitialised; w = 0 is written as one zero neuron; domain copied
 * from dom when non-NULL).  Not yet proved. */
rr_status rr_sp_from_net(rr_sp_t *p, const rr_net_t *net, rr_err_t *err);
rr_status rr_sp_to_net(rr_net_t *net, const rr_sp_t *p, const rr_net_t *dom,
                       rr_err_t *err);

/* ---- shallow invariants and representations ------------------------------ */

/* The invariants of f = R(Phi) (spec/degeneracy.md):
 *   f(x) = sum_q gamma_q rho(<dir_q, (x,1)>) + lin x + cst   on R^d (box:
 *   on the box),
 * dir_q in Q^{d+1} with nonzero x-part whose first nonzero entry is 1,
 * sorted lexicographically, pairwise distinct; gamma_q in Q^k nonzero.
 * Unique for the function (on R^d; on the box: for its restriction, with
 * every kink hyperplane meeting the interior of the box). */
typedef struct rr_inv {
    long d, k, n;
    mpq_ptr dir;   /* n x (d+1) */
    mpq_ptr jump;  /* n x k */
    mpq_ptr lin;   /* k x d */
    mpq_ptr cst;   /* k */
    int on_box;
    mpq_ptr lo, hi; /* d each, when on_box */
} rr_inv_t;

void rr_inv_clear(rr_inv_t *inv);
/* 1 iff a and b are the same invariants (same box mode and box). */
int rr_inv_equal(const rr_inv_t *a, const rr_inv_t *b);

/* What the invariants computation removed from the input (counts of input
 * neurons). */
typedef struct rr_nf_stats {
    long zero, no_in, no_out, constant, dead, active, merged, cancelled;
} rr_nf_stats_t;

/* Invariants of a shallow parametrization, on R^d (lo = hi = NULL) or on
 * the box [lo, hi] (dead neurons dropped, always-active ones folded into
 * the affine part, exactly: only the first layer is involved).  inv
 * uninitialised; stats may be NULL.  Not yet proved. */
rr_status rr_inv_compute(rr_inv_t *inv, rr_nf_stats_t *stats,
                         const rr_sp_t *p, mpq_srcptr lo, mpq_srcptr hi,
                         rr_err_t *err);

/* A representation of invariants by neurons (spec/degeneracy.md):
 * orientation per class ('+': (dir, gamma); '-': (-dir, gamma), which
 * carries the affine part -gamma <dir, (x,1)>; 'p': the pair
 * (dir, gamma - beta), (-dir, beta)), plus r extra neurons for the rest of
 * the linear part: on R^d, r opposite pairs (v, alpha), (-v, -alpha) with
 * v = (V_p, 0); on a box, r always-active neurons (V_p, t_p), alpha with
 * t_p = -min over the box of <V_p, x>.  V is the RREF of the remaining
 * linear part, alpha the matching columns. */
typedef struct rr_rep {
    long n, d, k;
    char *orient;   /* n */
    mpq_ptr beta;   /* n x k */
    long r;
    mpq_ptr V;      /* r x d (room for k x d) */
    mpq_ptr alpha;  /* r x k (room for k x k) */
    long width;
} rr_rep_t;

rr_status rr_rep_init(rr_rep_t *rep, const rr_inv_t *inv, rr_err_t *err);
void rr_rep_clear(rr_rep_t *rep);

/* Fill rep for the orientation pattern o (n characters of '+', '-', 'p';
 * no 'p' on a box).  Returns 1 when admissible (the x-parts of the paired
 * directions are linearly independent), 0 when not.  Not yet proved. */
int rr_rep_build(rr_rep_t *rep, const rr_inv_t *inv, const char *o);

/* The neurons of a representation, sorted lexicographically by incoming
 * row, and the output bias: p uninitialised.  Not yet proved. */
rr_status rr_rep_params(rr_sp_t *p, const rr_inv_t *inv, const rr_rep_t *rep,
                        rr_err_t *err);

/* Search cap: orientation patterns examined at most (3^n on R^d, 2^n on a
 * box). */
enum { RR_NF_SEARCH_CAP = 1 << 16 };

/* The canonical representation: the admissible pattern of least width,
 * the lexicographically first among those ('+' < '-' < 'p', classes in
 * their sorted order).  When the number of patterns exceeds the cap, the
 * same choice among the patterns with at most two entries other than '+'
 * (at most one if even those exceed the cap); *complete := 0.
 * *candidates := patterns examined.  Not yet proved. */
rr_status rr_rep_canonical(rr_rep_t *rep, int *complete,
                           unsigned long *candidates, const rr_inv_t *inv,
                           rr_err_t *err);

/* Call fn for every admissible pattern of width <= max_width (complete
 * search only: returns RR_ELIMIT beyond the cap).  fn returns 0 to go on,
 * nonzero to stop (that value is returned as an rr_status).  Not yet
 * proved. */
rr_status rr_rep_foreach(const rr_inv_t *inv, long max_width,
                         int (*fn)(void *ctx, const rr_rep_t *rep),
                         void *ctx, rr_err_t *err);

/* ---- normal forms -------------------------------------------------------- */

typedef enum rr_nf_kind {
    RR_NF_AFFINE = 0, /* L = 1: the network is its own normal form */
    RR_NF_SHALLOW,    /* L = 2 */
    RR_NF_LAYERWISE   /* L >= 3 */
} rr_nf_kind;

typedef struct rr_normal {
    rr_nf_kind kind;
    int on_box;          /* box mode: the realization is equal on the box */
    int box_used;        /* box mode and a box-dependent step was taken:
                            neurons dead on the box dropped, always-active
                            ones folded (shallow), or extra always-active
                            neurons carrying the linear part (shallow,
                            rep.r > 0); equal on the box only.  0: equal on
                            R^d as well */
    long width_in, width_out; /* hidden widths (summed over layers) */
    int width_ok;        /* width_out <= width_in */
    rr_nf_stats_t stats;
    /* shallow */
    rr_inv_t inv;
    rr_rep_t rep;
    int search_complete;
    unsigned long candidates;
    /* layerwise: passes of the fixpoint loop */
    int passes;
    rr_net_t net;        /* the normal network, exact parameters */
} rr_normal_t;

/* Normal form of net, on R^d (box NULL) or on the box [lo, hi].  nf
 * uninitialised; clear afterwards (also after a failure).  Not yet
 * proved. */
rr_status rr_normal_compute(rr_normal_t *nf, const rr_net_t *net,
                            mpq_srcptr lo, mpq_srcptr hi, rr_err_t *err);
void rr_normal_clear(rr_normal_t *nf);

/* s = ||c||^2 / ||u||^2 for a neuron (row u of length n, col c of length
 * k); 0 when u or c is 0.  The balanced neuron is (t u, c / t) with
 * t = s^(1/4).  Not yet proved. */
void rr_balance_s(mpq_ptr s, mpq_srcptr u, long n, mpq_srcptr c, long k);

/* Enclosure of the balanced parameters of one neuron at precision prec:
 * [ulo, uhi] (n each) contains t u, [clo, chi] (k each) contains c / t,
 * t = s^(1/4); zero neurons stay zero.  Arrays initialised by the caller.
 * Not yet proved. */
void rr_balance_enclose(mpfr_ptr ulo, mpfr_ptr uhi, mpfr_ptr clo,
                        mpfr_ptr chi, mpq_srcptr u, long n, mpq_srcptr c,
                        long k);

/* Balanced parameters rounded to nearest (ties to even) at prec bits.
 * Shallow: every parameter is the correctly rounded value of the exact
 * balanced parameter, and *bound (initialised by the caller, may be NULL)
 * is a certified upper bound on sup over the domain box of
 * |R(out) - R(net)| (max over outputs).  Deeper: the scales are computed
 * iteratively in MPFR (approximately balanced), applied exactly, then
 * every parameter is rounded; *imbalance gets the largest
 * | ||c||^2 / ||u||^2 - 1 | of the rounded network (upper bound), *bound
 * is set to NaN (not bounded).  out uninitialised.  Not yet proved. */
rr_status rr_balance_round(rr_net_t *out, mpfr_ptr bound, mpfr_ptr imbalance,
                           const rr_net_t *net, long prec, rr_err_t *err);

#endif
