/* rr_dyadic.h -- internal: the exact fast path for dyadic data.
 *
 * When every parameter and input is a dyadic rational m 2^e (all binary
 * floating-point data is), the realization is computed in fixed point: each
 * layer's weights share one exponent, each vector shares one exponent, and
 * a dot product is a sum of limb products on GMP's mpn layer, with no
 * rational normalisation (no gcd) anywhere.  The result is the same exact
 * rational that the mpq path computes (tests compare them; rr_kernel.h's mpq
 * kernels carry the functional proof).
 *
 * Proof unit `dyadic` (proofs/units): memory safety (every limb array bound
 * of the mpn calls, the GMP manual's preconditions of spec/gmp_mpfr_model.h),
 * no undefined behaviour or signed overflow, assigns, termination.  Not the
 * functional equality with the mpq path.  The predicates are in
 * spec/Dyadic.acsl. */
#ifndef RR_DYADIC_H
#define RR_DYADIC_H

#include <gmp.h>

#include "rr_error.h"
#include "rr_net.h"

/* One layer: W_ij = (-1)^wneg_ij * wmag_ij * 2^ew, b_i = bz_i * 2^eb.  The
 * structs are here (not in rr_dyadic.c) because the contracts speak of
 * their fields; callers treat them as opaque. */
typedef struct rr_dy_layer {
    long m, n, nw;      /* rows, columns, limbs per weight magnitude */
    mp_limb_t *wmag;    /* m*n*nw limbs, little-endian per weight */
    char *wneg;         /* m*n signs (1 = negative) */
    long ew;
    mpz_ptr bz;         /* m integers */
    long eb;
    long po;            /* offset of this layer's neurons in the pattern */
} rr_dy_layer_t;

typedef struct rr_dy_net {
    long depth;         /* L, as in the network (a long: see spec/Dyadic.acsl) */
    rr_dy_layer_t *lay; /* L layers */
    long maxw;          /* largest width N_0 .. N_L */
    long nhidden;       /* N_1 + ... + N_{L-1}: the pattern length */
    /* Work space: a vector as mpz values with one exponent. */
    mpz_ptr za, zb;     /* maxw integers each */
    mp_limb_t *xmag;    /* packed input magnitudes, xcap limbs */
    char *xneg;         /* maxw signs */
    long *nz;           /* indices of nonzero inputs, maxw */
    long xcap;
    mp_limb_t *acc;     /* two accumulators, acc_cap limbs */
    long acc_cap;
    mpz_t tb;           /* scratch for the aligned bias */
} rr_dy_net_t;

#ifdef __FRAMAC__
#include "Dyadic.acsl"
#endif

/* Prepare net; *dy is NULL (and RR_OK returned) if net is not dyadic.  On
 * success *dy is a valid prepared network of net's architecture
 * (RrDyValid, RrDyOf); on failure (RR_ENOMEM) *dy is NULL.
 * Not yet proved: the proof needs loop invariants that carry RrValidNet(net)
 * and the layers built so far over the writes to the fresh layer array
 * (frame of the layer fields, as solved for eval_layer's callees with value
 * predicates); not attempted in the time of task dyadic. */
/*@ requires valid_out: \valid(dy);
  @ requires valid_net: RrValidNet(net);
  @ requires valid_err: err == \null || \valid(err);
  @ requires sep: \separated(dy, err);
  @ terminates \true;
  @ assigns *dy, *err;
  @ ensures status: \result == RR_OK || \result == RR_ENOMEM;
  @ ensures failure: \result != RR_OK ==> *dy == \null;
  @ ensures success: \result == RR_OK && *dy != \null ==>
  @   RrDyValid(*dy) && RrDyOf(*dy, net);
  @*/
rr_status rr_dy_prepare(rr_dy_net_t **dy, const rr_net_t *net, rr_err_t *err);

/* Free dy (NULL allowed).  Accepts a partially prepared dy (RrDyFreeable,
 * which RrDyValid implies).  Use-after-free and leaks are not in the model
 * (assumption A14): the model's rr_free assigns nothing; the integers are
 * cleared (mpz_clear: their values are forgotten). */
/*@ requires freeable: dy == \null || RrDyFreeable(dy);
  @ terminates \true;
  @ assigns dy->tb[0], dy->za[0 .. dy->maxw - 1], dy->zb[0 .. dy->maxw - 1],
  @   dy->lay[0 .. dy->depth - 1].bz[0 .. RR_NET_MAX_WIDTH - 1];
  @*/
void rr_dy_free(rr_dy_net_t *dy);

/* Exact realization at x (all dyadic: the caller checks).  out: k
 * rationals; pattern: one sign character per hidden neuron ('+', '-', '0');
 * hidden (may be NULL): hidden[l-1] receives the post-activation values of
 * hidden layer l = 1 .. L-1.  dy stays valid (its work space may grow).
 * Not yet proved: its callees are (unit dyadic: the packing, the row of
 * limb products with every mpn precondition, the work-space growth), but
 * eval_layer (one layer) and this function's outer loop are not: the frame
 * of RrDyValid over the writes to nz and the assigns of the limbs written
 * through mpz_limbs_write time out. */
/*@ requires valid_dy: RrDyValid(dy);
  @ requires valid_x: \valid_read(x + (0 .. dy->lay[0].n - 1));
  @ requires valid_out: \valid(out + (0 .. dy->lay[dy->depth - 1].m - 1));
  @ requires valid_pattern: \valid(pattern + (0 .. dy->nhidden - 1));
  @ requires valid_hidden: hidden == \null || RrDyHiddenValid(dy, hidden);
  @ requires valid_err: err == \null || \valid(err);
  @ requires sep_out: RrDyApart(dy, out, dy->lay[dy->depth - 1].m);
  @ requires sep_err: err == \null || \separated(err, dy,
  @   dy->lay + (0 .. dy->depth - 1));
  @ terminates \true;
  @ assigns *dy, *err, out[0 .. dy->lay[dy->depth - 1].m - 1],
  @   pattern[0 .. dy->nhidden - 1], dy->tb[0],
  @   dy->za[0 .. dy->maxw - 1], dy->zb[0 .. dy->maxw - 1],
  @   dy->xneg[0 .. dy->maxw - 1], dy->nz[0 .. dy->maxw - 1],
  @   dy->xmag[0 .. dy->xcap - 1], dy->acc[0 .. dy->acc_cap - 1],
  @   hidden[0 .. dy->depth - 2][0 .. dy->maxw - 1];
  @ ensures status: \result == RR_OK || \result == RR_ENOMEM;
  @ ensures valid_dy: RrDyValid(dy);
  @ ensures same_shape: RrDySameShape{Pre, Post}(dy);
  @*/
rr_status rr_dy_eval(rr_dy_net_t *dy, mpq_ptr out, char *pattern,
                     mpq_ptr *hidden, mpq_srcptr x, rr_err_t *err);

#endif
