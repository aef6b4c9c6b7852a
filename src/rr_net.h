/* rr_net.h -- ReLU networks with exact rational parameters.
 *
 * Architecture N = (N_0, ..., N_L), L >= 1.  Layer l (0-based here, l = 0 ..
 * L-1; MATH.md numbers it l+1) maps R^{N_l} to R^{N_{l+1}}:
 *   z_{l+1} = W_l y_l + b_l,  y_{l+1} = rho(z_{l+1}) for l+1 < L,
 * and R(Phi)(x) = z_L (no ReLU after the last layer), y_0 = x.
 * W_l is stored row-major: entry (i, j) at w[l][i * N_l + j].
 * The domain is a box prod_k [lo_k, hi_k] with lo_k < hi_k; [-1, 1]^d unless
 * the file gives one. */
#ifndef RR_NET_H
#define RR_NET_H

#include <gmp.h>

#include "rr_alloc.h"
#include "rr_error.h"
#include "rr_num.h"

/* Hard limits, whatever the caps (rr_caps_t) say: they keep every size
 * computation inside a long (spec/Network.acsl, RrArch). */
#define RR_NET_MAX_DEPTH 65536
#define RR_NET_MAX_WIDTH 1073741824L /* 2^30 */

typedef struct rr_net {
    int depth;        /* L >= 1 */
    long *width;      /* width[0..L] = N_0 .. N_L, all >= 1 */
    mpq_ptr *w;       /* w[l]: N_{l+1} * N_l entries, row-major */
    mpq_ptr *b;       /* b[l]: N_{l+1} entries */
    mpq_ptr lo, hi;   /* the domain box, N_0 entries each */
    int has_domain;   /* 1 if the box was given (it is [-1,1]^d otherwise) */
    char *name;        /* optional, NULL if absent */
    char *description; /* optional, NULL if absent */
} rr_net_t;

#ifdef __FRAMAC__
#include "Network.acsl"
#endif

/* Check an architecture against the caps; NULL caps = defaults. */
rr_status rr_arch_check(int depth, const long *width, const rr_caps_t *caps,
                        rr_err_t *err);

/* Allocate a network of the given architecture with all parameters 0 and
 * the domain [-1, 1]^d.  On failure net is left cleared (safe to clear). */
rr_status rr_net_init(rr_net_t *net, int depth, const long *width,
                      const rr_caps_t *caps, rr_err_t *err);
void rr_net_clear(rr_net_t *net);

/* dst := a deep copy of src (dst uninitialized). */
rr_status rr_net_init_copy(rr_net_t *dst, const rr_net_t *src,
                           rr_err_t *err);

/* Structural equality: same architecture, parameters and domain box.
 * Name and description are metadata and are not compared. */
int rr_net_equal(const rr_net_t *a, const rr_net_t *b);

/* Entry accessors (no bounds checks beyond assertions in debug builds). */
static inline mpq_ptr rr_net_weight(const rr_net_t *net, int l, long i,
                                    long j)
{
    return net->w[l] + (i * net->width[l] + j);
}
static inline mpq_ptr rr_net_bias(const rr_net_t *net, int l, long i)
{
    return net->b[l] + i;
}

long rr_net_input_dim(const rr_net_t *net);
long rr_net_output_dim(const rr_net_t *net);
/* Total number of weights and biases. */
long rr_net_param_count(const rr_net_t *net);
/* Largest hidden width (0 when L = 1). */
long rr_net_max_width(const rr_net_t *net);
/* 1 if every parameter is a dyadic rational. */
int rr_net_is_dyadic(const rr_net_t *net);

/* Replace name / description (copies s; NULL removes). */
rr_status rr_net_set_name(rr_net_t *net, const char *s, rr_err_t *err);
rr_status rr_net_set_description(rr_net_t *net, const char *s, rr_err_t *err);

/* Allocate and initialise / clear an array of n rationals. */
mpq_ptr rr_qvec_new(long n);
void rr_qvec_free(mpq_ptr v, long n);

#endif
