/* rr_landscape.h -- the loss landscape of shallow bias-free ReLU-like
 * networks (W-S-G, MATH.md section 5), decided exactly.
 *
 * Model (spec/landscape.md is normative):
 *   f(x) = sum_j a_j sigma(<w_j, x>),  w_j in Q^d, a_j in Q^k, j = 1..m,
 *   sigma(t) = alpha_+ t (t >= 0), alpha_- t (t < 0), alpha_+/- rational;
 *   L(theta) = (1/N) sum_n ||f(x_n) - y_n||_2^2   (mean over the N data
 *   points of the squared Euclidean norm of the residual e_n = f(x_n) - y_n).
 * A bias is an input fixed to 1 (rr_shallow_from_net with bias_input).
 *
 * Everything is exact rational arithmetic: which data points lie on a
 * neuron's kink (the sets X+, X-, X0), one-sided directional derivatives,
 * stationarity, escape neurons, and certificates (a curve
 * theta(t) = theta + t D1 + t^2 D2 with an exact proof that the loss is
 * strictly smaller for every 0 < t <= t1, re-checked by evaluating the loss
 * with the realization engine).  The library never prints or exits.
 *
 * Every function here is not yet proved. */
#ifndef RR_LANDSCAPE_H
#define RR_LANDSCAPE_H

#include <gmp.h>

#include "rr_error.h"
#include "rr_net.h"
#include "rr_num.h"

/* ---- data sets ----------------------------------------------------------- */

/* N points x_n in Q^d with targets y_n in Q^k (spec/landscape.md, "Data
 * set format").  x[n * d + i], y[n * k + c]. */
typedef struct rr_dataset {
    long n, d, k;
    mpq_ptr x, y;
    char *name; /* optional, NULL if absent */
} rr_dataset_t;

/* Read a data set (JSON {"format": "reluref-dataset", "version": 1,
 * "inputs": [[...], ...], "targets": [[...], ...]}).  Errors name the file
 * and the JSON path ("data.json: inputs[3][1]: ...").  NULL caps =
 * defaults.  Not yet proved. */
rr_status rr_dataset_read_file(rr_dataset_t *ds, const char *path,
                               const rr_caps_t *caps, rr_err_t *err);
rr_status rr_dataset_read_buffer(rr_dataset_t *ds, const char *buf,
                                 size_t len, const char *name,
                                 const rr_caps_t *caps, rr_err_t *err);
/* Allocate n points of dimensions d, k, all zero.  Not yet proved. */
rr_status rr_dataset_init(rr_dataset_t *ds, long n, long d, long k,
                          rr_err_t *err);
void rr_dataset_clear(rr_dataset_t *ds);

/* ---- shallow networks ---------------------------------------------------- */

typedef struct rr_shallow {
    long d, m, k;     /* input dim (with the constant input), width, outputs */
    int bias_input;   /* 1: input d-1 is the constant 1 (biases as weights) */
    mpq_ptr w;        /* m * d: w[j * d + i] */
    mpq_ptr a;        /* m * k: a[j * k + c] (column j of the output layer) */
    mpq_t alpha_pos, alpha_neg; /* slopes of sigma for t > 0 and t < 0 */
} rr_shallow_t;

/* All-zero network of the given sizes with sigma = ReLU.  Not yet proved. */
rr_status rr_shallow_init(rr_shallow_t *s, long d, long m, long k,
                          rr_err_t *err);
void rr_shallow_clear(rr_shallow_t *s);
rr_status rr_shallow_init_copy(rr_shallow_t *dst, const rr_shallow_t *src,
                               rr_err_t *err);

/* From a reluref network of architecture (d, m, k).  The output biases must
 * be 0.  First-layer biases: with bias_input = 0 they must be 0 (error
 * naming the place otherwise); with bias_input = 1 they become the weights
 * of an extra input fixed to 1 (s->d = d + 1).  name is used in messages.
 * Not yet proved. */
rr_status rr_shallow_from_net(rr_shallow_t *s, const rr_net_t *net,
                              int bias_input, mpq_srcptr alpha_pos,
                              mpq_srcptr alpha_neg, const char *name,
                              rr_err_t *err);
/* Back to a reluref network (d, m, k) with the same parameters (biases from
 * the constant input when bias_input).  net uninitialised.  Not yet
 * proved. */
rr_status rr_shallow_to_net(rr_net_t *net, const rr_shallow_t *s,
                            rr_err_t *err);
/* The same function as a ReLU network for the realization engine:
 * sigma(t) = alpha_+ rho(t) - alpha_- rho(-t), so 2m hidden neurons unless
 * alpha_- = 0.  Inputs are the s->d inputs (constant input included), all
 * biases 0.  Not yet proved. */
rr_status rr_shallow_to_relu_net(rr_net_t *net, const rr_shallow_t *s,
                                 rr_err_t *err);

/* The data inputs as the network sees them: x_n, with a 1 appended when
 * s->bias_input.  Checks the dimensions against the network (error names
 * both files' dimensions).  dst uninitialised.  Not yet proved. */
rr_status rr_dataset_lift(rr_dataset_t *dst, const rr_dataset_t *src,
                          const rr_shallow_t *s, rr_err_t *err);

/* ---- loss ---------------------------------------------------------------- */

/* L(theta) exactly, computed with the realization engine (rr_eval in exact
 * mode on rr_shallow_to_relu_net), independently of the analysis below.
 * data: lifted (rr_dataset_lift).  Not yet proved. */
rr_status rr_ls_loss_engine(mpq_ptr loss, const rr_shallow_t *s,
                            const rr_dataset_t *data, rr_err_t *err);

/* ---- analysis ------------------------------------------------------------ */

typedef enum rr_ls_class {
    RR_LS_NOT_STATIONARY = 0, /* certificate: a first-order descent curve */
    RR_LS_LOCAL_MIN,          /* stationary, no escape neuron */
    RR_LS_SADDLE,             /* stationary, not a local minimum (certificate) */
    RR_LS_UNDECIDED           /* see reason */
} rr_ls_class;

const char *rr_ls_class_name(rr_ls_class c);

/* A curve theta(t) = theta + t D1 + t^2 D2 (D2 changes output weights only)
 * and the exact polynomial p(t) = L(theta(t)) - L(theta), valid for
 * 0 <= t <= tmax (no data point changes side of any kink there).
 * When certified: the lowest nonzero coefficient c_order is negative and
 * sum_{i > order} |c_i| t1^(i - order) < |c_order|, so p(t) < 0 for every
 * 0 < t <= t1; loss_t1 = L(theta(t1)) recomputed by the realization engine
 * and equal to L(theta) + p(t1). */
typedef struct rr_curve {
    long m, d, k;
    mpq_ptr d1w, d1a, d2a; /* m*d, m*k, m*k */
    int tmax_inf;          /* 1: no bound */
    mpq_t tmax;
    mpq_t coef[7];         /* c_0 .. c_6 (c_0 = 0) */
    int order;             /* lowest i with c_i != 0; 0 if p = 0 */
    int certified;
    mpq_t t1, loss_t1;
    int neuron;            /* the neuron the curve moves (0-based) */
} rr_curve_t;

rr_status rr_curve_init(rr_curve_t *c, long m, long d, long k, rr_err_t *err);
void rr_curve_clear(rr_curve_t *c);

/* Per-neuron results.  Derivatives are of L (the 2/N factor included). */
typedef struct rr_ls_neuron {
    char *sets;        /* n characters '+', '-', '0': x_n in X+, X-, X0 */
    long n_pos, n_neg, n_zero;
    int is_zero;       /* a_j = 0 and w_j = 0 */
    int a_zero;        /* a_j = 0 */
    mpq_ptr grad_a;    /* k: dL/da_j (always exists) */
    mpq_ptr lin_w;     /* d: (2/N) sum_{n not in X0} s_n <a_j, e_n> x_n */
    int diff_w;        /* L is differentiable in w_j */
    mpq_ptr grad_w;    /* d: dL/dw_j when diff_w */
    mpq_ptr fw_grad_w; /* d: what autograd gives, sigma'(0) := alpha_- */
    long rank0;        /* dim span X0 */
    long n_rays;       /* rays of the kink arrangement examined */
    int stationary;    /* 1 yes, 0 no, -1 undecided (too many rays) */
    int escape;        /* 1 escape neuron, 0 not, -1 not evaluated */
    mpq_ptr escape_v;  /* d: direction v with h_j(v) = 0, B_j(v) != 0 */
    mpq_ptr escape_b;  /* k: B_j(v) */
    char note[160];
} rr_ls_neuron_t;

typedef struct rr_ls_opts {
    long max_rays; /* cap on subsets enumerated per neuron (default 200000) */
} rr_ls_opts_t;

typedef struct rr_landscape {
    long n, d, m, k;
    mpq_t loss;
    mpq_ptr fx, resid;     /* n*k: f(x_n), e_n = f(x_n) - y_n */
    rr_ls_neuron_t *neu;   /* m */
    int differentiable;    /* L differentiable at theta (1/0) */
    int stationary;        /* 1, 0, -1 undecided */
    rr_ls_class cls;
    char reason[320];
    int n_escape;
    int have_cert;
    rr_curve_t cert;       /* descent (not stationary) or saddle curve */
} rr_landscape_t;

/* Analyse theta = s on the lifted data (rr_dataset_lift): residuals, loss,
 * per-neuron sets and derivatives, stationarity, escape neurons,
 * classification and certificate.  ls uninitialised; clear afterwards
 * (also after a failure).  NULL opts = defaults.  Not yet proved. */
rr_status rr_landscape_analyze(rr_landscape_t *ls, const rr_shallow_t *s,
                               const rr_dataset_t *data,
                               const rr_ls_opts_t *opts, rr_err_t *err);
void rr_landscape_clear(rr_landscape_t *ls);

/* The one-sided directional derivative L'(theta; D) exactly, for a
 * direction D = (dw: m*d, da: m*k):
 *   (2/N) sum_j [ <da_j, A_j> + sum_{n not in X0_j} s_jn <a_j,e_n> <dw_j,x_n>
 *                 + sum_{n in X0_j} <a_j, e_n> sigma(<dw_j, x_n>) ].
 * Not yet proved. */
rr_status rr_ls_directional(mpq_ptr out, const rr_shallow_t *s,
                            const rr_dataset_t *data, mpq_srcptr dw,
                            mpq_srcptr da, rr_err_t *err);

/* Fill c (initialised for s) with the polynomial of the curve c->d1w,
 * c->d1a, c->d2a, then try to certify descent; when certified, loss_t1 is
 * recomputed by the realization engine.  Not yet proved. */
rr_status rr_curve_eval(rr_curve_t *c, const rr_shallow_t *s,
                        const rr_dataset_t *data, rr_err_t *err);

/* Is the autograd value (sigma'(0) := alpha_-, rr_ls_neuron_t.fw_grad_w)
 * the gradient of L on an adjacent smooth piece, i.e. does, for every
 * neuron j, an open half-space {v : <v, x_n> < 0 for all nonzero x_n in
 * X0_j} exist?  Decided exactly with the rays of the kink arrangement (a
 * closed cell is the cone of its rays; its interior is nonempty iff the sum
 * of those rays is strictly negative on X0_j).  *is_limit: 1 yes, 0 no, -1
 * undecided (cap).  Not yet proved. */
rr_status rr_ls_autograd_is_limit(int *is_limit, const rr_shallow_t *s,
                                  const rr_dataset_t *data, long cap,
                                  rr_err_t *err);

/* ---- embedding ----------------------------------------------------------- */

/* dst := src with one more neuron, a_{m+1} = 0, w_{m+1} = 0 (the same
 * function).  dst uninitialised.  Not yet proved. */
rr_status rr_embed_zero(rr_shallow_t *dst, const rr_shallow_t *src,
                        rr_err_t *err);
/* dst := src with neuron j (0-based) split into two parallel copies with
 * input weights w_j and output weights lambda a_j (at position j) and
 * (1 - lambda) a_j (appended last): the same function.  Not yet proved. */
rr_status rr_embed_split(rr_shallow_t *dst, const rr_shallow_t *src, long j,
                         mpq_srcptr lambda, rr_err_t *err);

/* ---- training (binary64; produces candidate points) --------------------- */

typedef struct rr_train_opts {
    long width;         /* m */
    double init_scale;  /* w and a uniform in [-init_scale, init_scale) */
    double lr;          /* learning rate */
    long steps;
    unsigned long long seed;
    double alpha_pos, alpha_neg;
    long log_every;     /* record the loss every log_every steps (0: never) */
} rr_train_opts_t;

/* Deterministic full-batch gradient descent in binary64 on L (the same
 * normalization), autograd convention sigma'(0) := alpha_-.  Inputs and
 * targets are rounded to binary64 first.  Initialisation: for j = 1..m, the
 * d entries of w_j then the k entries of a_j, each init_scale *
 * rr_rand_unit(seed stream).  Writes the result into s (initialised by the
 * function; parameters are the exact binary64 values).  loss_log (may be
 * NULL) receives steps / log_every + 1 values (step 0, log_every, ...);
 * *final_loss the binary64 loss at the end.  data: lifted.  Not yet
 * proved. */
rr_status rr_train_gd(rr_shallow_t *s, double *final_loss, double *loss_log,
                      const rr_dataset_t *data, const rr_train_opts_t *o,
                      rr_err_t *err);

/* Polishing a float-trained point into an exact candidate stationary point:
 * neurons with max(|w_j|_inf |a_j|_inf...) -- precisely, with
 * ||a_j||_inf * ||w_j||_inf <= tol -- are set to exactly 0; then, with the
 * remaining input weights fixed, the output weights are moved by the
 * minimal-norm correction to an exact least-squares solution (so every
 * dL/da_j = 0 exactly).  Not yet proved. */
rr_status rr_polish(rr_shallow_t *s, const rr_dataset_t *data,
                    mpq_srcptr tol, long *n_zeroed, rr_err_t *err);

#endif
