/* rr_norm_int.h -- internals shared by rr_norm*.c (not a public API).
 *
 * Every function here is not yet proved. */
#ifndef RR_NORM_INT_H
#define RR_NORM_INT_H

#include <gmp.h>
#include <mpfr.h>

#include "rr_error.h"
#include "rr_lp.h"
#include "rr_net.h"
#include "rr_norm.h"

/* ---- time ---- */
typedef struct rr_clock {
    double start;    /* seconds (monotonic) */
    double deadline; /* absolute; <= 0: none */
} rr_clock_t;

double rr_now(void);
/* 1 when the deadline has passed. */
int rr_clock_over(const rr_clock_t *c);

/* ---- bounds bookkeeping (rr_norm.c) ---- */

/* Offer a value witness: f_comp(x) = fx.  Keeps it if |fx| > b->lo (or
 * nothing known yet).  Returns 1 if kept. */
int rr_nb_offer_value(rr_nbound_t *b, mpq_srcptr fx, mpq_srcptr x, long d,
                      long comp);
/* 1 if v would improve b (v > lo, or nothing known). */
int rr_nb_improves(const rr_nbound_t *b, const rr_nval_t *v);
/* Set a gradient witness: value v, point x (d), gradient g (d). */
void rr_nb_set_grad(rr_nbound_t *b, const rr_nval_t *v, mpq_srcptr x,
                    mpq_srcptr g, long d, long comp);

/* ---- activation region enumeration (rr_norm_regions.c) ---- */

/* The region being visited.  Its closure is the polytope
 *   P = { x in box : c_r + g_r . x >= 0 for every listed constraint r },
 * the constraints being the hidden neurons' pre-activations under the
 * pattern, oriented by it, deduplicated, normalised to ||g_r||_1 = 1, with
 * the constant ones and those implied by the box left out. */
typedef struct rr_region {
    const char *pattern;  /* n_hidden characters, '+' or '-' */
    long d, k;
    mpq_srcptr jac;       /* k x d: gradient of the affine piece */
    mpq_srcptr off;       /* k: its value at x = 0 */
    int stop;             /* the visitor sets 1 to end the enumeration */
    void *eng;            /* the engine (opaque) */
} rr_region_t;

typedef rr_status (*rr_region_visit)(void *ctx, rr_region_t *R,
                                     rr_err_t *err);

typedef struct rr_regions_stats {
    long regions, lps;
    int timed_out;        /* the clock ran out: enumeration incomplete */
} rr_regions_stats_t;

/* Enumerate every activation region of net with nonempty interior inside
 * the box [lo, hi] (breadth-first over facets, exact LPs) and call visit
 * on each once.  fixed (NULL, or one entry per hidden neuron): a nonzero
 * entry says the neuron's sign is known on the whole box (certified by the
 * caller), so its constraint is redundant and is left out.  Stops early (stats->timed_out, RR_OK) when clk runs out.
 * Not yet proved. */
rr_status rr_regions_enumerate(const rr_net_t *net, mpq_srcptr lo,
                               mpq_srcptr hi, const signed char *fixed,
                               rr_region_visit visit, void *ctx,
                               const rr_clock_t *clk,
                               rr_regions_stats_t *stats, rr_err_t *err);

/* Inside visit: a point x (d) of the open region, the centre of the largest
 * cube inside it (exact LP).  Not yet proved. */
rr_status rr_region_interior(rr_region_t *R, mpq_ptr x, rr_err_t *err);

/* Inside visit: max (maximize = 1) or min of c0 + c . x over the closed
 * region; *val and a vertex x (d) attaining it.  Not yet proved. */
rr_status rr_region_extremum(rr_region_t *R, mpq_srcptr c0, mpq_srcptr c,
                             int maximize, mpq_ptr val, mpq_ptr x,
                             rr_err_t *err);

/* ---- the methods ---- */

/* Exact, any depth, by region enumeration.  res is initialised. */
rr_status rr_norm_regions(rr_norm_result_t *res, const rr_net_t *net,
                          const rr_norm_opts_t *o, const rr_clock_t *clk,
                          int *timed_out, rr_err_t *err);
/* Exact maxima over the sub-box [lo, hi] by region enumeration, offered
 * to res's bounds (lower bounds with witnesses; exact for the sub-box). */
rr_status rr_norm_regions_box(rr_norm_result_t *res, const rr_net_t *net,
                              mpq_srcptr lo, mpq_srcptr hi,
                              const signed char *fixed, rr_gradnorm grad,
                              const rr_clock_t *clk, int *timed_out,
                              rr_err_t *err);
/* Exact, depth 2, by the vertices of the arrangement. */
rr_status rr_norm_shallow(rr_norm_result_t *res, const rr_net_t *net,
                          const rr_norm_opts_t *o, const rr_clock_t *clk,
                          int *timed_out, rr_err_t *err);
/* The number of vertex candidates (d-subsets of the hyperplanes that meet
 * the box and of the box faces) the shallow method would examine. */
double rr_norm_shallow_cost(const rr_net_t *net, mpq_srcptr lo,
                            mpq_srcptr hi);
/* Branch and bound. */
rr_status rr_norm_bab(rr_norm_result_t *res, const rr_net_t *net,
                      const rr_norm_opts_t *o, const rr_clock_t *clk,
                      rr_err_t *err);

/* Fill lo_dn / hi_up of every bound from lo (exact ones) and derive w1 and
 * the maxima.  Used by every method at the end. */
void rr_norm_finish(rr_norm_result_t *res);

/* Progress reports through o->progress, at most every o->progress_every
 * seconds, the first one after that period. */
typedef struct rr_progress {
    const rr_norm_opts_t *o;
    double last;
} rr_progress_t;
void rr_progress_start(rr_progress_t *p, const rr_norm_opts_t *o,
                       const rr_clock_t *clk);
/* 1 when a report is due (and a callback is set). */
int rr_progress_due(const rr_progress_t *p);
void rr_progress_send(rr_progress_t *p, const rr_clock_t *clk,
                      const char *phase, long nodes, long open,
                      const rr_norm_result_t *res, double linf_hi,
                      double semi_hi);

/* Exact lexicographic activation pattern at p + e1 v_1 + e2 v_2 + ...,
 * e1 >> e2 >> ... > 0 (v: r directions of d entries): a '+' where the
 * pre-activation is lexicographically positive, '-' otherwise (negative or
 * identically zero).  pattern has n_hidden characters.  Not yet proved. */
rr_status rr_lex_pattern(char *pattern, const rr_net_t *net, mpq_srcptr p,
                         mpq_srcptr v, long r, rr_err_t *err);

#endif
