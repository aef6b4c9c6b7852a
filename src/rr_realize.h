/* rr_realize.h -- the realization R(Phi)(x) in four arithmetics.
 *
 *   exact        rationals; a fixed-point path on GMP's mpn layer when every
 *                parameter and input is dyadic (float-trained networks),
 *                mpq_t otherwise.  Same result either way.
 *   mpfr:P       every product and sum correctly rounded to nearest at P
 *                bits (order fixed in rr_kernel.h); parameters and inputs
 *                first rounded to P bits.
 *   enclosure:P  interval arithmetic at P bits with outward rounding: an
 *                interval guaranteed to contain the exact value.
 *   double       plain binary64 loops (rr_kd_affine), the fast path that the
 *                golden vectors audit.
 *
 * An evaluator (rr_eval_t) is prepared once per network and mode (parameters
 * converted), then applied to many points.  Results say which kind of number
 * they hold; nothing inexact is ever presented as exact. */
#ifndef RR_REALIZE_H
#define RR_REALIZE_H

#include <gmp.h>
#include <mpfr.h>

#include "rr_error.h"
#include "rr_net.h"

typedef enum rr_mode_kind {
    RR_MODE_EXACT,
    RR_MODE_MPFR,
    RR_MODE_ENCLOSURE,
    RR_MODE_DOUBLE
} rr_mode_kind;

typedef struct rr_mode {
    rr_mode_kind kind;
    long prec; /* bits, for MPFR and ENCLOSURE; 53 for DOUBLE; 0 for EXACT */
} rr_mode_t;

/* "exact", "double", "mpfr:P", "enclosure:P" (P in [2, caps->max_prec]). */
rr_status rr_mode_parse(rr_mode_t *mode, const char *s, const rr_caps_t *caps,
                        rr_err_t *err);
/* Writes the canonical name ("mpfr:113") into buf. */
/* Not yet proved: rr_snprintf's precondition valid_read_string(fmt) on the
 * four format literals (WP does not prove it for string literals here,
 * even with -wp-literals); the buffer bounds are proved. */
/*@ requires buf: \valid(buf + (0 .. len - 1));
  @ terminates \true;
  @ assigns buf[0 .. len - 1];
  @*/
void rr_mode_name(char *buf, size_t len, rr_mode_t mode);

/* Sign of a hidden pre-activation z: '+' (z > 0, active), '-' (z < 0,
 * inactive), '0' (z = 0 exactly: the point is on this neuron's kink), '?'
 * (enclosure straddles 0: undecided).  In mpfr and double modes the pattern
 * is the sign of the computed value and is not certified. */
enum { RR_ACT_ON = '+', RR_ACT_OFF = '-', RR_ACT_TIE = '0', RR_ACT_UNK = '?' };

typedef enum rr_diff {
    RR_DIFF_NOT_COMPUTED = 0, /* mode without derivative information */
    RR_DIFF_YES,              /* differentiable; jac holds the Jacobian */
    RR_DIFF_NO,               /* proved not differentiable at the point */
    RR_DIFF_UNDECIDED         /* on a kink; see diff_reason */
} rr_diff;

typedef struct rr_result {
    rr_mode_t mode;
    int depth;
    long d, k;          /* input and output dimensions */
    long n_hidden;      /* sum of hidden widths */
    /* outputs, by mode */
    mpq_ptr q;          /* EXACT: k rationals */
    mpfr_ptr f;         /* MPFR: k values */
    mpfr_ptr lo, hi;    /* ENCLOSURE: k intervals */
    double *dbl;        /* DOUBLE: k values */
    int nonfinite;      /* DOUBLE/MPFR: an overflow or NaN occurred */
    /* activation pattern: n_hidden characters (layer by layer) + NUL */
    char *pattern;
    long n_ties, n_undecided;
    /* Jacobian (k x d, row-major, exact) where differentiable */
    rr_diff differentiable;
    mpq_ptr jac;
    char diff_reason[160];
} rr_result_t;

typedef struct rr_eval rr_eval_t;

/* The evaluator.  Private to rr_realize.c: the layout is in this header only
 * so that the ACSL predicates of spec/Realize.acsl (RrEvalOk) can name its
 * fields; other files must treat rr_eval_t as opaque. */
struct rr_eval {
    const rr_net_t *net;
    rr_mode_t mode;
    long maxw;
    /* EXACT */
    mpq_ptr qa, qb;
    mpq_t qt;
    struct rr_dy_net *dy; /* rr_dyadic.h */
    int keep_hidden;
    mpq_ptr *hidden; /* hidden[l-1], l = 1..L-1, when keep_hidden */
    /* MPFR (fw, fb) and ENCLOSURE (fw/fb = lower ends, uw/ub = upper) */
    mpfr_ptr *fw, *fb, *uw, *ub;
    mpfr_ptr fa, fa2, fc, fc2; /* vectors: current/next, lower/upper */
    mpfr_ptr fx;               /* MPFR: the input, compact precisions */
    mpfr_t t1, t2, t3;
    int have_t;
    /* DOUBLE */
    double **dw, **db;
    double *da, *dc;
};

#ifdef __FRAMAC__
#include "rr_dyadic.h" /* RrDyValid, RrDyOf (spec/Dyadic.acsl) */
#include "Realize.acsl"
#endif

/* Prepare an evaluator for net in the given mode.  The network must outlive
 * the evaluator and must not change meanwhile. */
rr_status rr_eval_new(rr_eval_t **ev, const rr_net_t *net, rr_mode_t mode,
                      rr_err_t *err);
void rr_eval_free(rr_eval_t *ev);

/* Flags for rr_eval_point. */
enum {
    RR_WANT_JACOBIAN = 1, /* EXACT and ENCLOSURE: Jacobian / differentiability */
    RR_NO_DYADIC = 2      /* EXACT: force the mpq path (tests compare both) */
};

/* Initialise res for the evaluator's network and mode; clear frees it. */
rr_status rr_result_init(rr_result_t *res, const rr_eval_t *ev,
                         rr_err_t *err);
void rr_result_clear(rr_result_t *res);

/* Evaluate at x (d exact rationals).  res must have been initialised for
 * this evaluator.  Returns RR_ERANGE (with res filled as far as computed)
 * when a DOUBLE or MPFR evaluation produced a non-finite value. */
/* Not yet proved (contract written, unit `realize` not yet passing): the
 * intended result is memory safety, no undefined behaviour, assigns,
 * termination, and that ev and res stay well-formed, relative to the
 * contracts of the kernels (rr_kernel.h, proved), of rr_dy_eval
 * (rr_dyadic.h) and of ensure_hidden (rr_realize.c).  WP's goals on the
 * evaluators (eval_mpfr first) time out: with these predicates the provers
 * do not close even the frame of one call (net->depth unchanged after
 * fvec_set_q_compact) within 20 s on this machine.  Behavior
 * hidden_allocated (first evaluation after rr_eval_keep_hidden writes the
 * arrays it has just allocated) cannot have its assigns proved by WP 25
 * (no \fresh, no \allocates). */
/*@ requires ev: RrEvalOk(ev);
  @ requires res: RrResultOk(res, ev);
  @ requires x: \valid_read(x + (0 .. ev->net->width[0] - 1));
  @ requires err: RrErrOk(err, ev, res);
  @ terminates \true;
  @ ensures status: \result == RR_OK || \result == RR_ENOMEM ||
  @   \result == RR_ERANGE;
  @ ensures ev: RrEvalOk(ev);
  @ ensures res: RrResultOk(res, ev);
  @ behavior hidden_exists:
  @   assumes !ev->keep_hidden || ev->hidden != \null || ev->net->depth < 2;
  @   assigns RR_EVAL_ASSIGNS;
  @ behavior hidden_allocated:
  @   assumes ev->keep_hidden && ev->hidden == \null && ev->net->depth >= 2;
  @   assigns RR_EVAL_ASSIGNS;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
rr_status rr_eval_point(rr_eval_t *ev, rr_result_t *res, mpq_srcptr x,
                        int flags, rr_err_t *err);

/* Exact hidden values of the last EXACT evaluation, when the evaluator was
 * asked to keep them (rr_eval_keep_hidden): post-activation values of
 * layer l (1 <= l < L) as rationals. */
void rr_eval_keep_hidden(rr_eval_t *ev, int keep);
mpq_srcptr rr_eval_hidden(const rr_eval_t *ev, int l);

/* Jacobian of the affine piece selected by an activation pattern (one
 * character per hidden neuron, '+' active, anything else inactive): the
 * k x d matrix W_{L-1} D_{L-1} ... D_1 W_0.  jac has k*d entries. */
/* Not yet proved (contract written; intended: memory safety, no undefined
 * behaviour, assigns, termination; no value contract). */
/*@ requires net: RrValidNet(net);
  @ requires jac: \valid(jac + (0 .. net->width[net->depth] * net->width[0] - 1));
  @ requires jac_sep: RrQSep(jac, net->width[net->depth] * net->width[0], net);
  @ requires pattern: \valid_read(pattern + (0 .. RrOff(net, net->depth - 1) - 1));
  @ requires err: err == \null || (\valid(err) && \separated(err, net));
  @ terminates \true;
  @ assigns jac[0 .. net->width[net->depth] * net->width[0] - 1], *err;
  @ ensures status: \result == RR_OK || \result == RR_ENOMEM;
  @*/
rr_status rr_jacobian_of_pattern(mpq_ptr jac, const rr_net_t *net,
                                 const char *pattern, rr_err_t *err);

/* Floating-point formats for error bounds: unit roundoff u = 2^-p, half the
 * smallest subnormal eta = 2^eta_exp (none for MPFR), largest finite value
 * below 2^emax (none for MPFR). */
typedef struct rr_fpformat {
    long p;
    int has_underflow;
    long eta_exp;
    long emax; /* 0: unbounded */
} rr_fpformat_t;

extern const rr_fpformat_t rr_binary64, rr_binary32;
/* MPFR at precision P: no subnormals, no overflow in reluref's range. */
/*@ terminates \true;
  @ assigns \nothing;
  @ ensures \result.p == prec && \result.has_underflow == 0 &&
  @   \result.eta_exp == 0 && \result.emax == 0;
  @*/
rr_fpformat_t rr_fpformat_mpfr(long prec);

/* A rigorous bound on the error of a floating-point forward pass in format
 * fmt, valid for ANY summation order, with or without FMA
 * (spec/error-model.md):
 *   e_0j   = 0 if x_j is representable, else u|x_j| + eta
 *   e_i    = gamma_{n+2} (sum_j |w_ij| (|y_j| + e_j) + |b_i|)
 *            + sum_j |w_ij| e_j + eta (2n + 2 + sum_j (|y_j| + e_j))
 * with y the exact values of the previous layer; ReLU is exact and
 * 1-Lipschitz.  Computed in MPFR with upward rounding from an exact
 * evaluation.  bound: k MPFR numbers (initialised by the caller).
 * *may_overflow (if non-NULL) is set when some magnitude in the recurrence
 * reaches 2^emax: the format may then overflow at this input and the
 * bound (which assumes no overflow) does not apply. */
rr_status rr_error_bound(mpfr_ptr bound, int *may_overflow,
                         const rr_net_t *net, mpq_srcptr x,
                         const rr_fpformat_t *fmt, rr_err_t *err);

#endif
