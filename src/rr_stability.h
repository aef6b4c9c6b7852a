/* rr_stability.h -- inverse stability (B-E-G, MATH.md section 4):
 * certified parameter distances, the bottleneck assignment, the probe
 * D / sqrt(delta) for restricted shallow networks, and the pathology
 * families P1-P4 (spec/degeneracy.md is normative).
 *
 * Parameter distances are ||Phi - Psi||_inf over all parameters (weights
 * and biases of both layers).  Balanced parameters involve fourth roots,
 * so distances are certified enclosures [lo, hi] computed in MPFR with
 * directed rounding.  Realization distances use rr_norm.h
 * (||.||_{W^{1,inf}(Omega)} on the domain box, Euclidean gradient norm).
 *
 * The library never prints or exits.  Every function here is not yet
 * proved. */
#ifndef RR_STABILITY_H
#define RR_STABILITY_H

#include <gmp.h>
#include <mpfr.h>

#include "rr_error.h"
#include "rr_net.h"
#include "rr_norm.h"
#include "rr_normal.h"

/* ---- bottleneck assignment ----------------------------------------------- */

/* D := min over permutations s of max_i w[i*m + s(i)] (exact on the given
 * MPFR numbers: comparisons are exact); perm (m entries, may be NULL) gets
 * an optimal s.  m >= 0 (D := 0 when m = 0).  Binary search over the
 * sorted entries and a bipartite perfect matching (augmenting paths).
 * Not yet proved. */
rr_status rr_bottleneck(mpfr_ptr D, long *perm, mpfr_srcptr w, long m,
                        rr_err_t *err);

/* The same by brute force over all m! permutations (m <= 9), for tests.
 * Not yet proved. */
void rr_bottleneck_brute(mpfr_ptr D, mpfr_srcptr w, long m);

/* ---- exact 1-D Chebyshev problem ----------------------------------------- */

/* v := min over lambda in R (positive_only: lambda > 0, infimum) of
 * max_j |lambda w_j - u_j| (n entries, w != 0), exactly; *lam := a
 * minimizer (for positive_only, when the infimum is at lambda -> 0+,
 * *lam := 0 and the return value is 0; else 1).  Not yet proved. */
int rr_chebyshev_line(mpq_ptr v, mpq_ptr lam, mpq_srcptr w, mpq_srcptr u,
                      long n, int positive_only);

/* ---- norms --------------------------------------------------------------- */

/* rr_norm_compute; when it fails its own verification of the witnesses
 * (RR_EINTERNAL) with the automatic or the shallow method, once more with
 * the region method (RR_NORM_EXACT_REGIONS), and *fell_back (may be NULL)
 * := 1.  Not yet proved. */
rr_status rr_norm_robust(rr_norm_result_t *res, int *fell_back,
                         const rr_net_t *net, mpq_srcptr lo, mpq_srcptr hi,
                         const rr_norm_opts_t *o, rr_err_t *err);

/* ---- the probe ----------------------------------------------------------- */

typedef struct rr_probe {
    long d, m, k;
    long prec;
    /* delta = ||R(G) - R(Gamma)||_{W^{1,inf}(Omega)}, Omega = Gamma's domain */
    int delta_exact;
    rr_nval_t delta;         /* when delta_exact */
    mpfr_t delta_lo, delta_hi;
    int norm_fallback;       /* see rr_norm_robust */
    /* D: distance from Gamma to the nearest restricted parametrization of
     * R(G) among the candidates (spec/degeneracy.md), enclosed */
    mpfr_t D_lo, D_hi;
    mpfr_t ratio_lo, ratio_hi; /* D / sqrt(delta); +inf when delta = 0 */
    long ncand;              /* candidates examined */
    int cand_complete;       /* every orientation pattern was enumerated */
    char best_desc[160];      /* which candidate attains D_hi */
    rr_sp_t best;            /* its neurons (exact, unbalanced), width m */
    long *perm;              /* m: Gamma neuron i <-> best neuron perm[i] */
} rr_probe_t;

/* Probe for a restricted shallow Gamma (error naming the violated
 * condition otherwise) and a network G of the same architecture (error
 * naming both otherwise).  nopts: options of the norm computation (NULL =
 * defaults).  pr uninitialised; clear afterwards (also after a failure).
 * Not yet proved. */
rr_status rr_probe_compute(rr_probe_t *pr, const rr_net_t *gamma,
                           const rr_net_t *g, long prec,
                           const rr_norm_opts_t *nopts, rr_err_t *err);
void rr_probe_clear(rr_probe_t *pr);

/* Certified enclosure of ||Phi_bal - Gamma||_inf restricted to neurons
 * under the assignment perm (and the output biases), where Gamma's
 * parameters are exact and Phi's neurons are balanced from their exact
 * form: for tests.  Not yet proved. */
void rr_probe_dist(mpfr_ptr lo, mpfr_ptr hi, const rr_sp_t *gamma,
                   const rr_sp_t *phi, const long *perm);

/* ---- pathologies --------------------------------------------------------- */

enum { RR_P1 = 1, RR_P2, RR_P3, RR_P4 };

/* Parameters of the families (defaults in rr_patho_defaults):
 *   P1  r (Gamma = (a = (r, 0), b = 0, c = 0) in N = (2, 1, 1))
 *   P2  rows a_1..a_m of d entries with sum 0, and v parallel to none
 *       (default d = 2, a = (1,0), (0,1), (-1,-1), v = (1, 2))
 *   P3  a (Gamma = a rho(x) - a rho(x) in N = (1, 2, 1)), kink t of g_k
 *       (g_k = (1/k) rho(x - t), default t = 1/2)
 *   P4  none (Gamma = 0 in N = (1, 1, 1), g_k = k rho(x - 1 + 1/k^2)). */
typedef struct rr_patho_params {
    mpq_t r, a, t;
    long d, m;
    mpq_ptr A;  /* m x d */
    mpq_ptr v;  /* d */
} rr_patho_params_t;

void rr_patho_defaults(rr_patho_params_t *pp);
void rr_patho_params_clear(rr_patho_params_t *pp);

/* One member of a family (spec/degeneracy.md, "Pathologies"):
 *   gamma   the network Gamma (domain [-1, 1]^d)
 *   target  a network realizing g_k (any shape)
 *   phi     an explicit parametrization of g_k of Gamma's shape
 *   L       a lower bound, exact, on ||Phi - Gamma||_inf over EVERY
 *           parametrization Phi of g_k of Gamma's shape (on the box)
 *   delta   the closed form of ||g_k - R(Gamma)||_{W^{1,inf}([-1,1]^d)}
 *   dinf    the closed form of ||g_k - R(Gamma)||_{L^inf}
 * All outputs uninitialised (rr_nval_t: initialised here).  Not yet
 * proved. */
rr_status rr_patho_build(rr_net_t *gamma, rr_net_t *target, rr_net_t *phi,
                         rr_nval_t *L, rr_nval_t *delta, rr_nval_t *dinf,
                         int family, long k, const rr_patho_params_t *pp,
                         rr_err_t *err);

#endif
