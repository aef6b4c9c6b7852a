/* rr_norm.h -- Sobolev norms of a realization on a box: exact values and
 * certified bounds (spec/norms.md is normative).
 *
 * For f = R(Phi): R^d -> R^k on a box Omega = prod_i [lo_i, hi_i] and each
 * output component f_j:
 *   ||f_j||_{L^inf(Omega)}   = max over x in Omega of |f_j(x)|
 *   |f_j|_{W^{1,inf}(Omega)} = ess sup over x in Omega of ||grad f_j(x)||,
 *                              ||.|| = l2 (default), l1 or l_inf; only
 *                              activation regions with nonempty interior
 *                              count (never a value chosen at a kink)
 *   ||f_j||_{W^{1,inf}}      = max of the two
 * and, for k > 1, the maximum over the components of each.
 *
 * Methods:
 *   exact (shallow, N = (d, m, k))  the vertices of the arrangement of the
 *        neurons' hyperplanes and the box faces, in integer arithmetic; the
 *        full-dimensional cells around each vertex (all sign combinations
 *        in general position, an exact LP enumeration otherwise);
 *   exact (regions, any depth)  breadth-first enumeration of the activation
 *        regions with nonempty interior, one exact LP (cddlib, rr_lp.h) per
 *        facet candidate, the extrema of each affine piece by exact LP;
 *   branch and bound (any size)  bisection of the box; upper bounds by
 *        interval bound propagation in MPFR with outward rounding (values
 *        and an interval Jacobian), lower bounds from exact evaluations;
 *        stops at a gap, a time budget or a node cap; exact when every leaf
 *        is resolved.
 * Every lower bound is attained: it comes with an exact witness point that
 * anyone can re-check by evaluating the network (rr_norm_verify does).
 *
 * The library never prints; progress is reported through a callback. */
#ifndef RR_NORM_H
#define RR_NORM_H

#include <gmp.h>
#include <mpfr.h>

#include "rr_error.h"
#include "rr_net.h"
#include "rr_num.h"

/* The vector norm applied to gradients. */
typedef enum rr_gradnorm {
    RR_GRAD_L2 = 0, /* Euclidean: squared value exact, root enclosed */
    RR_GRAD_L1,
    RR_GRAD_LINF
} rr_gradnorm;

typedef enum rr_norm_method {
    RR_NORM_AUTO = 0,      /* exact when small enough, else branch and bound */
    RR_NORM_EXACT,         /* shallow vertex method if depth 2, else regions */
    RR_NORM_BAB,           /* branch and bound */
    RR_NORM_EXACT_REGIONS  /* the region enumeration at any depth */
} rr_norm_method;

/* What a progress callback sees (values rounded outward to binary64, for
 * humans). */
typedef struct rr_norm_progress {
    double seconds;
    const char *phase;  /* "exact" or "branch and bound" */
    long nodes;         /* B&B nodes evaluated, or regions enumerated */
    long open;          /* B&B nodes still open */
    double linf_lo, linf_hi, semi_lo, semi_hi; /* over all components */
} rr_norm_progress_t;

typedef void (*rr_norm_progress_fn)(void *ctx, const rr_norm_progress_t *p);

typedef struct rr_norm_opts {
    rr_gradnorm grad;      /* default RR_GRAD_L2 */
    long prec;             /* MPFR bits of enclosures and B&B bounds (64) */
    double gap;            /* B&B stops when every quantity has hi - lo <=
                              gap * hi (relative, default 0: run until exact
                              or out of budget) ... */
    int gap_abs;           /* ... or hi - lo <= gap when gap_abs is set */
    double budget;         /* seconds of wall-clock time (default 10) */
    long max_nodes;        /* B&B node cap, 0 = none (deterministic runs) */
    rr_norm_method method; /* default RR_NORM_AUTO */
    rr_norm_progress_fn progress; /* NULL = none */
    void *progress_ctx;
    double progress_every; /* seconds between calls (default 1) */
} rr_norm_opts_t;

/* Defaults as documented above.  Not yet proved. */
void rr_norm_opts_default(rr_norm_opts_t *o);

/* An exact nonnegative value: q, or sqrt(q) when is_sqrt (Euclidean
 * gradient norms). */
typedef struct rr_nval {
    int is_sqrt;
    mpq_t q;
} rr_nval_t;

/* -1, 0, 1 as a < b, a = b, a > b (exact).  Not yet proved. */
int rr_nval_cmp(const rr_nval_t *a, const rr_nval_t *b);
/* dn <= value <= up, rounded outward at the precision of dn and up.  Not
 * yet proved. */
void rr_nval_enclose(mpfr_ptr dn, mpfr_ptr up, const rr_nval_t *v);

/* Witness kinds. */
enum {
    RR_WIT_NONE = 0,
    RR_WIT_VALUE, /* |f_comp(x)| = lo, x in the closed box */
    RR_WIT_GRAD   /* x in the open box, f differentiable at x with gradient
                     grad (of a region with nonempty interior), ||grad|| = lo */
};

/* Bounds on one quantity: lo is attained (the value at the witness), hi is
 * a certified upper bound; exact means the quantity equals lo. */
typedef struct rr_nbound {
    int known;       /* set once some witness was found */
    rr_nval_t lo;
    int exact;
    mpfr_t lo_dn;    /* RD(lo) */
    mpfr_t hi_up;    /* certified upper bound, rounded up (RU(lo) if exact) */
    long comp;       /* output component of the witness, 0-based */
    int wit;         /* RR_WIT_VALUE or RR_WIT_GRAD */
    mpq_ptr x;       /* d: the witness point */
    mpq_t fx;        /* RR_WIT_VALUE: f_comp(x), signed */
    mpq_ptr grad;    /* RR_WIT_GRAD: d entries, the gradient of f_comp at x */
} rr_nbound_t;

/* Why a computation stopped. */
typedef enum rr_norm_stop {
    RR_STOP_COMPLETE = 0, /* every quantity exact */
    RR_STOP_GAP,          /* B&B: every gap below --gap */
    RR_STOP_BUDGET,       /* B&B: out of time */
    RR_STOP_NODES         /* B&B: node cap */
} rr_norm_stop;

typedef struct rr_norm_result {
    long d, k;
    rr_gradnorm grad;
    long prec;
    mpq_ptr lo, hi;        /* the box, d entries each */
    rr_nbound_t *linf;     /* k: ||f_j||_{L^inf} */
    rr_nbound_t *semi;     /* k: |f_j|_{W^{1,inf}} */
    rr_nbound_t *w1;       /* k: ||f_j||_{W^{1,inf}} */
    rr_nbound_t linf_max, semi_max, w1_max; /* maxima over j */
    int exact;             /* every bound is exact */
    rr_norm_method method; /* EXACT (shallow), EXACT_REGIONS or BAB */
    rr_norm_stop stop;
    long vertices;         /* shallow: arrangement vertices in the box */
    long regions;          /* full-dimensional regions / cells visited */
    long lps;              /* exact LPs solved */
    long nodes;            /* B&B nodes evaluated */
    long resolved;         /* B&B leaves on which f is affine */
    long open;             /* B&B nodes still open at the end */
    double seconds;
    int fell_back;         /* auto: the exact method ran out of its share of
                              the budget and B&B finished the job */
} rr_norm_result_t;

/* Compute the norms of f = R(net) on the box [lo, hi] (NULL, NULL: the
 * network's domain).  On success res is initialised (rr_norm_result_clear
 * frees it); on failure it is left cleared.  RR_EINPUT for a bad box
 * (lo_i >= hi_i), RR_ELIMIT when a forced exact method exceeds the budget.
 * Not yet proved. */
rr_status rr_norm_compute(rr_norm_result_t *res, const rr_net_t *net,
                          mpq_srcptr lo, mpq_srcptr hi,
                          const rr_norm_opts_t *opts, rr_err_t *err);
void rr_norm_result_clear(rr_norm_result_t *res);

/* Re-check every witness of res by evaluating net exactly (rr_realize.h):
 * values at the L^inf witnesses, differentiability and the gradient at the
 * seminorm witnesses, the box, and lo = the norm of what was evaluated.
 * RR_EINTERNAL with a message naming the quantity on a mismatch.  Not yet
 * proved. */
rr_status rr_norm_verify(const rr_net_t *net, const rr_norm_result_t *res,
                         rr_err_t *err);

/* Parse "lo1:hi1,lo2:hi2,..." (exact numbers, d pairs, lo_i < hi_i) into
 * lo, hi (d entries each, initialised).  Not yet proved. */
rr_status rr_norm_parse_box(mpq_ptr lo, mpq_ptr hi, const char *s, long d,
                            const rr_caps_t *caps, rr_err_t *err);

/* "l2", "l1", "linf" <-> rr_gradnorm.  Not yet proved. */
rr_status rr_gradnorm_parse(rr_gradnorm *g, const char *s, rr_err_t *err);
const char *rr_gradnorm_name(rr_gradnorm g);

/* The norm of an exact vector g (d entries): l1, l_inf exactly; l2 as the
 * square root of the exact sum of squares.  Not yet proved. */
void rr_gradnorm_value(rr_nval_t *v, mpq_srcptr g, long d, rr_gradnorm kind);

void rr_nval_init(rr_nval_t *v);
void rr_nval_clear(rr_nval_t *v);

#endif
