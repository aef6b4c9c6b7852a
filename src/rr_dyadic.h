/* rr_dyadic.h -- internal: the exact fast path for dyadic data.
 *
 * When every parameter and input is a dyadic rational m 2^e (all binary
 * floating-point data is), the realization is computed in fixed point: each
 * layer's weights share one exponent, each vector shares one exponent, and
 * a dot product is a sum of limb products on GMP's mpn layer, with no
 * rational normalisation (no gcd) anywhere.  The result is the same exact
 * rational that the mpq path computes (tests compare them).
 *
 * Not yet proved (rr_kernel.h's mpq kernels carry the functional proof); it
 * is checked against the mpq path on random dyadic networks in the tests. */
#ifndef RR_DYADIC_H
#define RR_DYADIC_H

#include <gmp.h>

#include "rr_error.h"
#include "rr_net.h"

typedef struct rr_dy_net rr_dy_net_t;

/* Prepare net; *dy is NULL (and RR_OK returned) if net is not dyadic. */
rr_status rr_dy_prepare(rr_dy_net_t **dy, const rr_net_t *net, rr_err_t *err);
void rr_dy_free(rr_dy_net_t *dy);

/* Exact realization at x (all dyadic: the caller checks).  out: k
 * rationals; pattern: one sign character per hidden neuron ('+', '-', '0');
 * hidden (may be NULL): hidden[l-1] receives the post-activation values of
 * hidden layer l = 1 .. L-1. */
rr_status rr_dy_eval(rr_dy_net_t *dy, mpq_ptr out, char *pattern,
                     mpq_ptr *hidden, mpq_srcptr x, rr_err_t *err);

#endif
