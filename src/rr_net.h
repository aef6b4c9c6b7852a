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
#include <string.h> /* valid_read_string, strlen (ACSL) */
#include "Network.acsl"
#endif

/* Check an architecture against the caps (NULL caps = defaults) and the
 * hard limits RR_NET_MAX_DEPTH, RR_NET_MAX_WIDTH and RR_ALLOC_MAX weights
 * per layer, whatever the caps say: RR_EINPUT when L < 1 or a width < 1,
 * RR_ELIMIT (the message names the cap or the limit) otherwise. */
/*@ requires valid: \valid_read(width + (0 .. depth));
  @ requires caps: caps == \null || \valid_read(caps);
  @ requires err: err == \null || \valid(err);
  @ requires separated: err == \null || \separated(err, width + (0 .. depth));
  @ terminates \true;
  @ assigns *err;
  @ ensures codes: \result == RR_OK || \result == RR_EINPUT ||
  @                \result == RR_ELIMIT;
  @ ensures hard: \result == RR_OK ==> RrWidthsOk(depth, width);
  @ behavior given_caps:
  @   assumes caps != \null;
  @   ensures decided: \result == RR_OK <==>
  @     RrWidthsOk(depth, width) &&
  @     RrCapsOk(depth, width, \old(caps->max_depth), \old(caps->max_width),
  @              \old(caps->max_params));
  @ behavior default_caps:
  @   assumes caps == \null;
  @   ensures decided: \result == RR_OK <==>
  @     RrWidthsOk(depth, width) &&
  @     RrCapsOk(depth, width, 64, 65536, 67108864);
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
rr_status rr_arch_check(int depth, const long *width, const rr_caps_t *caps,
                        rr_err_t *err);

/* Allocate a network of the given architecture with all parameters 0 and
 * the domain [-1, 1]^d.  On failure net is left cleared (safe to clear).
 * Not yet proved: see "Allocation" in src/rr_net.c (WP 25 cannot check
 * the assigns clause of a function that writes memory it allocated). */
/*@ requires net: \valid(net);
  @ requires valid: \valid_read(width + (0 .. depth));
  @ requires caps: caps == \null || \valid_read(caps);
  @ requires err: err == \null || \valid(err);
  @ requires separated: \separated(net, width + (0 .. depth));
  @ requires separated_caps: caps == \null || \separated(net, caps);
  @ requires separated_err: err == \null || \separated(err, net, width + (0 .. depth));
  @ terminates \true;
  @ assigns *net, *err;
  @ ensures codes: \result == RR_OK || \result == RR_EINPUT ||
  @                \result == RR_ELIMIT || \result == RR_ENOMEM;
  @ ensures failed: \result != RR_OK ==> RrNetEmpty(net);
  @ ensures depth: \result == RR_OK ==> net->depth == depth;
  @ ensures widths: \result == RR_OK ==>
  @   \forall integer l; 0 <= l <= depth ==> net->width[l] == \old(width[l]);
  @ ensures valid_net: \result == RR_OK ==> RrValidNet(net);
  @ ensures separated_net: \result == RR_OK ==> RrNetSeparated(net);
  @ ensures zero_w: \result == RR_OK ==>
  @   \forall integer l, k; 0 <= l < depth && 0 <= k < RrLayerSize(net, l) ==>
  @     qv(net->w[l][k]) == 0;
  @ ensures zero_b: \result == RR_OK ==>
  @   \forall integer l, i; 0 <= l < depth && 0 <= i < net->width[l + 1] ==>
  @     qv(net->b[l][i]) == 0;
  @ ensures box: \result == RR_OK ==>
  @   \forall integer k; 0 <= k < net->width[0] ==>
  @     qv(net->lo[k]) == -1 && qv(net->hi[k]) == 1;
  @ ensures metadata: \result == RR_OK ==>
  @   net->has_domain == 0 && net->name == \null && net->description == \null;
  @*/
rr_status rr_net_init(rr_net_t *net, int depth, const long *width,
                      const rr_caps_t *caps, rr_err_t *err);

/* Free everything net owns (mpq_clear on every rational) and zero it.
 * The model frees nothing (A14): what it assigns are the cleared rationals
 * and the struct. */
/*@ requires clearable: RrNetClearable(net);
  @ terminates \true;
  @ assigns *net, net->w[0 .. net->depth - 1][0 .. RR_ALLOC_MAX - 1],
  @         net->b[0 .. net->depth - 1][0 .. RR_NET_MAX_WIDTH - 1],
  @         net->lo[0 .. RR_NET_MAX_WIDTH - 1], net->hi[0 .. RR_NET_MAX_WIDTH - 1];
  @ ensures empty: RrNetEmpty(net);
  @*/
void rr_net_clear(rr_net_t *net);

/* dst := a deep copy of src (dst uninitialized).  Not yet proved (no
 * contract yet): it allocates through rr_net_init, see "Allocation" in the
 * report of the net task. */
rr_status rr_net_init_copy(rr_net_t *dst, const rr_net_t *src,
                           rr_err_t *err);

/* Structural equality: same architecture, parameters and domain box.
 * Name and description are metadata and are not compared (nor is
 * has_domain). */
/*@ requires valid: RrValidNet(a) && RrValidNet(b);
  @ terminates \true;
  @ assigns \nothing;
  @ ensures range: \result == 0 || \result == 1;
  @ ensures equal: \result == 1 <==> RrSameArch(a, b) && RrSameValues(a, b);
  @*/
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

/*@ requires valid: RrArch(net);
  @ terminates \true;
  @ assigns \nothing;
  @ ensures value: \result == net->width[0];
  @*/
long rr_net_input_dim(const rr_net_t *net);
/*@ requires valid: RrArch(net);
  @ terminates \true;
  @ assigns \nothing;
  @ ensures value: \result == net->width[net->depth];
  @*/
long rr_net_output_dim(const rr_net_t *net);
/* Total number of weights and biases. */
/*@ requires valid: RrArch(net);
  @ terminates \true;
  @ assigns \nothing;
  @ ensures value: \result == RrParams(net->width, net->depth);
  @*/
long rr_net_param_count(const rr_net_t *net);
/* Largest hidden width (0 when L = 1). */
/*@ requires valid: RrArch(net);
  @ terminates \true;
  @ assigns \nothing;
  @ ensures bound: \forall integer l; 1 <= l < net->depth ==>
  @   net->width[l] <= \result;
  @ ensures attained: net->depth == 1 ? \result == 0 :
  @   \exists integer l; 1 <= l < net->depth && \result == net->width[l];
  @*/
long rr_net_max_width(const rr_net_t *net);
/* 1 if every parameter is a dyadic rational. */
/*@ requires valid: RrValidNet(net);
  @ terminates \true;
  @ assigns \nothing;
  @ ensures range: \result == 0 || \result == 1;
  @*/
int rr_net_is_dyadic(const rr_net_t *net);

/* Replace name / description (copies s; NULL removes).  On failure
 * (RR_ENOMEM) the old one is kept.  The copy is a fresh array of
 * strlen(s) + 1 chars ending with NUL (its other characters are not
 * stated).  Not yet proved: they allocate (WP 25 cannot check the assigns
 * clause of a function that writes memory it allocated). */
/*@ requires net: \valid(net);
  @ requires string: s == \null || valid_read_string(s);
  @ requires err: err == \null || \valid(err);
  @ requires separated: err == \null || \separated(err, net);
  @ terminates \true;
  @ assigns net->name, *err;
  @ ensures codes: \result == RR_OK || \result == RR_ENOMEM;
  @ ensures kept: \result != RR_OK ==> net->name == \old(net->name);
  @ ensures removed: \result == RR_OK && s == \null ==> net->name == \null;
  @ ensures copied: \result == RR_OK && s != \null ==>
  @   \valid(net->name + (0 .. strlen{Pre}(s))) &&
  @   net->name[strlen{Pre}(s)] == 0;
  @*/
rr_status rr_net_set_name(rr_net_t *net, const char *s, rr_err_t *err);
/*@ requires net: \valid(net);
  @ requires string: s == \null || valid_read_string(s);
  @ requires err: err == \null || \valid(err);
  @ requires separated: err == \null || \separated(err, net);
  @ terminates \true;
  @ assigns net->description, *err;
  @ ensures codes: \result == RR_OK || \result == RR_ENOMEM;
  @ ensures kept: \result != RR_OK ==> net->description == \old(net->description);
  @ ensures removed: \result == RR_OK && s == \null ==> net->description == \null;
  @ ensures copied: \result == RR_OK && s != \null ==>
  @   \valid(net->description + (0 .. strlen{Pre}(s))) &&
  @   net->description[strlen{Pre}(s)] == 0;
  @*/
rr_status rr_net_set_description(rr_net_t *net, const char *s, rr_err_t *err);

/* Allocate and initialise an array of n rationals, all 0 (NULL when out
 * of memory or n > RR_ALLOC_MAX; n < 0 counts as 0).  Not yet proved:
 * see "Allocation" in src/rr_net.c. */
/*@ terminates \true;
  @ assigns \result \from n;
  @ ensures valid: \result == \null || \valid(\result + (0 .. n - 1));
  @ ensures zero: \result == \null ||
  @   (\forall integer i; 0 <= i < n ==> qv(\result[i]) == 0);
  @*/
mpq_ptr rr_qvec_new(long n);
/* mpq_clear on the n rationals of v, then free v (NULL: nothing). */
/*@ requires valid: v == \null || \valid(v + (0 .. n - 1));
  @ terminates \true;
  @ assigns v[0 .. n - 1];
  @*/
void rr_qvec_free(mpq_ptr v, long n);

#endif
