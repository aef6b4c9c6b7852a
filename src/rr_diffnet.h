/* rr_diffnet.h -- the exact difference network R(Phi) - R(Psi).
 *
 * Both networks must have the same input dimension d and the same output
 * dimension k.  The result is a network of depth max(L_Phi, L_Psi) whose
 * realization is exactly x -> R(Phi)(x) - R(Psi)(x) on all of R^d:
 *   - a shallower network is first deepened without changing its
 *     realization: its last affine layer z = W y + b becomes a hidden layer
 *     [W; -W], [b; -b] followed by the layer [I, -I], 0, since
 *     rho(z) - rho(-z) = z (each step adds one layer and 2k neurons);
 *   - the two are stacked side by side: first layers on top of each other,
 *     hidden layers block-diagonal, and the last layer [W_Phi, -W_Psi] with
 *     bias b_Phi - b_Psi.
 * The domain is Phi's (has_domain copied from Phi); the caller decides what
 * to say when Psi's differs.
 *
 * Every function here is not yet proved. */
#ifndef RR_DIFFNET_H
#define RR_DIFFNET_H

#include "rr_error.h"
#include "rr_net.h"

/* out (uninitialised) := the difference network.  RR_EINPUT when the
 * input or output dimensions differ (message names both).  NULL caps =
 * defaults (the result is checked against them).  Not yet proved. */
rr_status rr_net_difference(rr_net_t *out, const rr_net_t *phi,
                            const rr_net_t *psi, const rr_caps_t *caps,
                            rr_err_t *err);

/* out (uninitialised) := net deepened to depth L >= net->depth with the
 * same realization (see above).  Not yet proved. */
rr_status rr_net_deepen(rr_net_t *out, const rr_net_t *net, int depth,
                        const rr_caps_t *caps, rr_err_t *err);

/* 1 if the two domain boxes are equal.  Not yet proved. */
int rr_net_same_domain(const rr_net_t *a, const rr_net_t *b);

#endif
