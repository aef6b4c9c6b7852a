/* rr_lp.h -- exact linear programs over the rationals.
 *
 * A thin wrapper over cddlib (Debian libcdd-dev, library libcddgmp) in its
 * GMP rational arithmetic: every coefficient, the optimal value and the
 * optimal point are exact rationals (mpq_t).  cddlib solves with the dual
 * simplex method; with GMPRATIONAL it runs a floating-point phase to find a
 * basis and then re-solves from that basis in exact arithmetic, so the
 * answer is the exact optimum of the exact LP.  cddlib's own global
 * constants are set up once on first use (not thread-safe).
 *
 * An LP here is
 *     maximize (or minimize)  obj[0] + sum_j obj[1+j] x_j
 *     subject to              a[i][0] + sum_j a[i][1+j] x_j >= 0  (or = 0)
 * with n variables x_0 .. x_{n-1} and m rows, stored row-major with n + 1
 * entries per row.  The library never prints; cddlib does not either on
 * this path.
 *
 * Every function here is not yet proved. */
#ifndef RR_LP_H
#define RR_LP_H

#include <gmp.h>

#include "rr_error.h"

typedef enum rr_lp_outcome {
    RR_LP_OPTIMAL = 0,
    RR_LP_INFEASIBLE,
    RR_LP_UNBOUNDED
} rr_lp_outcome;

typedef struct rr_lp {
    long n;          /* variables */
    long m;          /* rows in use */
    long cap;        /* rows allocated */
    mpq_ptr a;       /* cap * (n + 1) */
    char *eq;        /* cap flags: 1 = equality row */
    mpq_ptr obj;     /* n + 1 */
    int maximize;
    mpq_t value;     /* optimal value (after RR_LP_OPTIMAL) */
    mpq_ptr x;       /* n: an optimal point, a vertex of the feasible set
                        when the feasible set has one */
    long solved;     /* number of LPs solved with this object */
} rr_lp_t;

/* An LP in n >= 1 variables with no rows and objective 0.  Not yet
 * proved. */
rr_status rr_lp_init(rr_lp_t *lp, long n, rr_err_t *err);
void rr_lp_clear(rr_lp_t *lp);

/* Remove every row (the objective is kept).  Not yet proved. */
void rr_lp_reset(rr_lp_t *lp);

/* Append a row c0 + sum_j c[j] x_j >= 0 (eq = 0) or = 0 (eq = 1) and
 * return a pointer to its n + 1 coefficients (c0 first), all zero, for the
 * caller to fill.  NULL when out of memory.  Not yet proved. */
mpq_ptr rr_lp_add_row(rr_lp_t *lp, int eq);

/* Solve exactly.  *out says whether an optimum was found; value and x are
 * set only then.  RR_EINTERNAL if cddlib reports an error.  Not yet
 * proved. */
rr_status rr_lp_solve(rr_lp_t *lp, rr_lp_outcome *out, rr_err_t *err);

#endif
