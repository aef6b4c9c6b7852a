/* rr_landscape.c -- exact stationarity, escape neurons, certificates and
 * embedding for shallow bias-free ReLU-like networks (spec/landscape.md).
 * Every function is not yet proved. */
#include "rr_landscape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rr_rand.h"
#include "rr_realize.h"

/* ---- shallow networks ---------------------------------------------------- */

rr_status rr_shallow_init(rr_shallow_t *s, long d, long m, long k,
                          rr_err_t *err)
{
    memset(s, 0, sizeof *s);
    mpq_init(s->alpha_pos);
    mpq_init(s->alpha_neg);
    mpq_set_ui(s->alpha_pos, 1, 1);
    s->w = rr_qvec_new(m * d);
    s->a = rr_qvec_new(m * k);
    s->d = d;
    s->m = m;
    s->k = k;
    if (!s->w || !s->a) {
        rr_shallow_clear(s);
        return rr_err_set(err, RR_ENOMEM, "out of memory allocating a network");
    }
    return RR_OK;
}

void rr_shallow_clear(rr_shallow_t *s)
{
    if (s->w || s->a || s->m || s->d) {
        rr_qvec_free(s->w, s->m * s->d);
        rr_qvec_free(s->a, s->m * s->k);
        mpq_clear(s->alpha_pos);
        mpq_clear(s->alpha_neg);
    }
    memset(s, 0, sizeof *s);
}

rr_status rr_shallow_init_copy(rr_shallow_t *dst, const rr_shallow_t *src,
                               rr_err_t *err)
{
    rr_status st = rr_shallow_init(dst, src->d, src->m, src->k, err);
    if (st)
        return st;
    dst->bias_input = src->bias_input;
    mpq_set(dst->alpha_pos, src->alpha_pos);
    mpq_set(dst->alpha_neg, src->alpha_neg);
    for (long i = 0; i < src->m * src->d; i++)
        mpq_set(dst->w + i, src->w + i);
    for (long i = 0; i < src->m * src->k; i++)
        mpq_set(dst->a + i, src->a + i);
    return RR_OK;
}

rr_status rr_shallow_from_net(rr_shallow_t *s, const rr_net_t *net,
                              int bias_input, mpq_srcptr alpha_pos,
                              mpq_srcptr alpha_neg, const char *name,
                              rr_err_t *err)
{
    memset(s, 0, sizeof *s);
    if (net->depth != 2)
        return rr_err_set(err, RR_EINPUT,
                          "%s: architecture: expected a shallow network "
                          "(d, m, k) with one hidden layer, got %d layers",
                          name, net->depth);
    long d0 = net->width[0], m = net->width[1], k = net->width[2];
    for (long c = 0; c < k; c++)
        if (mpq_sgn(rr_net_bias(net, 1, c)))
            return rr_err_set(err, RR_EINPUT,
                              "%s: layers[1].biases[%ld]: nonzero output "
                              "bias: the W-S-G model f(x) = sum_j a_j "
                              "sigma(<w_j, x>) has none", name, c);
    if (!bias_input)
        for (long j = 0; j < m; j++)
            if (mpq_sgn(rr_net_bias(net, 0, j)))
                return rr_err_set(err, RR_EINPUT,
                                  "%s: layers[0].biases[%ld]: nonzero bias: "
                                  "the W-S-G model has none (use --bias to "
                                  "make biases the weights of an input fixed "
                                  "to 1, or append 1 to the data inputs)",
                                  name, j);
    long d = d0 + (bias_input ? 1 : 0);
    rr_status st = rr_shallow_init(s, d, m, k, err);
    if (st)
        return st;
    s->bias_input = bias_input ? 1 : 0;
    mpq_set(s->alpha_pos, alpha_pos);
    mpq_set(s->alpha_neg, alpha_neg);
    for (long j = 0; j < m; j++) {
        for (long i = 0; i < d0; i++)
            mpq_set(s->w + j * d + i, rr_net_weight(net, 0, j, i));
        if (bias_input)
            mpq_set(s->w + j * d + d0, rr_net_bias(net, 0, j));
        for (long c = 0; c < k; c++)
            mpq_set(s->a + j * k + c, rr_net_weight(net, 1, c, j));
    }
    return RR_OK;
}

rr_status rr_shallow_to_net(rr_net_t *net, const rr_shallow_t *s,
                            rr_err_t *err)
{
    long d0 = s->d - (s->bias_input ? 1 : 0);
    long width[3] = {d0, s->m, s->k};
    rr_status st = rr_net_init(net, 2, width, NULL, err);
    if (st)
        return st;
    for (long j = 0; j < s->m; j++) {
        for (long i = 0; i < d0; i++)
            mpq_set(rr_net_weight(net, 0, j, i), s->w + j * s->d + i);
        if (s->bias_input)
            mpq_set(rr_net_bias(net, 0, j), s->w + j * s->d + d0);
        for (long c = 0; c < s->k; c++)
            mpq_set(rr_net_weight(net, 1, c, j), s->a + j * s->k + c);
    }
    return RR_OK;
}

rr_status rr_shallow_to_relu_net(rr_net_t *net, const rr_shallow_t *s,
                                 rr_err_t *err)
{
    int two = mpq_sgn(s->alpha_neg) != 0;
    long width[3] = {s->d, s->m * (two ? 2 : 1), s->k};
    rr_status st = rr_net_init(net, 2, width, NULL, err);
    if (st)
        return st;
    for (long j = 0; j < s->m; j++) {
        for (long i = 0; i < s->d; i++) {
            mpq_set(rr_net_weight(net, 0, j, i), s->w + j * s->d + i);
            if (two)
                mpq_neg(rr_net_weight(net, 0, s->m + j, i), s->w + j * s->d + i);
        }
        for (long c = 0; c < s->k; c++) {
            mpq_mul(rr_net_weight(net, 1, c, j), s->a + j * s->k + c,
                    s->alpha_pos);
            if (two) {
                mpq_ptr q = rr_net_weight(net, 1, c, s->m + j);
                mpq_mul(q, s->a + j * s->k + c, s->alpha_neg);
                mpq_neg(q, q);
            }
        }
    }
    return RR_OK;
}

rr_status rr_dataset_lift(rr_dataset_t *dst, const rr_dataset_t *src,
                          const rr_shallow_t *s, rr_err_t *err)
{
    memset(dst, 0, sizeof *dst);
    long d0 = s->d - (s->bias_input ? 1 : 0);
    if (src->d != d0)
        return rr_err_set(err, RR_EINPUT,
                          "inputs[0]: dimension %ld, but the network has %ld "
                          "inputs", src->d, d0);
    if (src->k != s->k)
        return rr_err_set(err, RR_EINPUT,
                          "targets[0]: dimension %ld, but the network has %ld "
                          "outputs", src->k, s->k);
    rr_status st = rr_dataset_init(dst, src->n, s->d, s->k, err);
    if (st)
        return st;
    for (long n = 0; n < src->n; n++) {
        for (long i = 0; i < d0; i++)
            mpq_set(dst->x + n * s->d + i, src->x + n * d0 + i);
        if (s->bias_input)
            mpq_set_ui(dst->x + n * s->d + d0, 1, 1);
        for (long c = 0; c < s->k; c++)
            mpq_set(dst->y + n * s->k + c, src->y + n * s->k + c);
    }
    return RR_OK;
}

/* ---- small exact helpers ------------------------------------------------- */

/* out := sigma(z) */
static void sigma_q(mpq_ptr out, mpq_srcptr z, const rr_shallow_t *s)
{
    mpq_mul(out, z, mpq_sgn(z) >= 0 ? s->alpha_pos : s->alpha_neg);
}

static void dot_q(mpq_ptr out, mpq_srcptr u, mpq_srcptr v, long n, mpq_ptr t)
{
    mpq_set_ui(out, 0, 1);
    for (long i = 0; i < n; i++) {
        mpq_mul(t, u + i, v + i);
        mpq_add(out, out, t);
    }
}

static int all_zero(mpq_srcptr v, long n)
{
    for (long i = 0; i < n; i++)
        if (mpq_sgn(v + i))
            return 0;
    return 1;
}

/* Reduced row echelon form of the R x C matrix A (row-major) in place.
 * piv[i] = pivot column of row i (i < rank).  Returns the rank. */
static long rref(mpq_ptr A, long R, long C, long *piv)
{
    mpq_t t, f;
    mpq_init(t);
    mpq_init(f);
    long r = 0;
    for (long c = 0; c < C && r < R; c++) {
        long p = -1;
        for (long i = r; i < R; i++)
            if (mpq_sgn(A + i * C + c)) {
                p = i;
                break;
            }
        if (p < 0)
            continue;
        if (p != r)
            for (long j = 0; j < C; j++)
                mpq_swap(A + p * C + j, A + r * C + j);
        mpq_inv(f, A + r * C + c);
        for (long j = c; j < C; j++)
            mpq_mul(A + r * C + j, A + r * C + j, f);
        for (long i = 0; i < R; i++) {
            if (i == r || !mpq_sgn(A + i * C + c))
                continue;
            mpq_set(f, A + i * C + c);
            for (long j = c; j < C; j++) {
                mpq_mul(t, f, A + r * C + j);
                mpq_sub(A + i * C + j, A + i * C + j, t);
            }
        }
        piv[r++] = c;
    }
    mpq_clear(t);
    mpq_clear(f);
    return r;
}

/* Null space of an RREF'd R x C matrix of rank r: C - r vectors (each C
 * entries) written to N (row-major); returns their number. */
static long nullspace_from_rref(mpq_ptr N, mpq_srcptr A, long C, long r,
                                const long *piv)
{
    long cnt = 0;
    for (long fcol = 0; fcol < C; fcol++) {
        int is_piv = 0;
        for (long i = 0; i < r; i++)
            if (piv[i] == fcol)
                is_piv = 1;
        if (is_piv)
            continue;
        mpq_ptr v = N + cnt * C;
        for (long j = 0; j < C; j++)
            mpq_set_ui(v + j, 0, 1);
        mpq_set_ui(v + fcol, 1, 1);
        for (long i = 0; i < r; i++)
            mpq_neg(v + piv[i], A + i * C + fcol);
        cnt++;
    }
    return cnt;
}

/* ---- loss by the realization engine ------------------------------------- */

rr_status rr_ls_loss_engine(mpq_ptr loss, const rr_shallow_t *s,
                            const rr_dataset_t *data, rr_err_t *err)
{
    rr_net_t net;
    rr_status st = rr_shallow_to_relu_net(&net, s, err);
    if (st)
        return st;
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev = NULL;
    rr_result_t res;
    int have_res = 0;
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(loss, 0, 1);
    if ((st = rr_eval_new(&ev, &net, mode, err)) ||
        (st = rr_result_init(&res, ev, err)))
        goto out;
    have_res = 1;
    for (long n = 0; n < data->n; n++) {
        if ((st = rr_eval_point(ev, &res, data->x + n * data->d, 0, err)))
            goto out;
        for (long c = 0; c < data->k; c++) {
            mpq_sub(t, res.q + c, data->y + n * data->k + c);
            mpq_mul(t, t, t);
            mpq_add(loss, loss, t);
        }
    }
    mpq_set_si(t, data->n, 1);
    mpq_div(loss, loss, t);
out:
    mpq_clear(t);
    if (have_res)
        rr_result_clear(&res);
    rr_eval_free(ev);
    rr_net_clear(&net);
    return st;
}

/* ---- curves -------------------------------------------------------------- */

rr_status rr_curve_init(rr_curve_t *c, long m, long d, long k, rr_err_t *err)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->d = d;
    c->k = k;
    c->d1w = rr_qvec_new(m * d);
    c->d1a = rr_qvec_new(m * k);
    c->d2a = rr_qvec_new(m * k);
    mpq_init(c->tmax);
    for (int i = 0; i < 7; i++)
        mpq_init(c->coef[i]);
    mpq_init(c->t1);
    mpq_init(c->loss_t1);
    c->tmax_inf = 1;
    c->neuron = -1;
    if (!c->d1w || !c->d1a || !c->d2a) {
        rr_curve_clear(c);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    return RR_OK;
}

void rr_curve_clear(rr_curve_t *c)
{
    if (!c->d1w && !c->d1a && !c->d2a && !c->m)
        return;
    rr_qvec_free(c->d1w, c->m * c->d);
    rr_qvec_free(c->d1a, c->m * c->k);
    rr_qvec_free(c->d2a, c->m * c->k);
    mpq_clear(c->tmax);
    for (int i = 0; i < 7; i++)
        mpq_clear(c->coef[i]);
    mpq_clear(c->t1);
    mpq_clear(c->loss_t1);
    memset(c, 0, sizeof *c);
}

rr_status rr_curve_eval(rr_curve_t *c, const rr_shallow_t *s,
                        const rr_dataset_t *data, rr_err_t *err)
{
    long N = data->n, d = s->d, m = s->m, k = s->k;
    rr_status st = RR_OK;
    mpq_ptr F = rr_qvec_new(4 * k); /* f_n(t) coefficients, t^0..t^3 */
    mpq_t z, q, p, ph, t, L0, tf;
    mpq_inits(z, q, p, ph, t, L0, tf, NULL);
    if (!F) {
        mpq_clears(z, q, p, ph, t, L0, tf, NULL);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    c->tmax_inf = 1;
    c->certified = 0;
    for (int i = 0; i < 7; i++)
        mpq_set_ui(c->coef[i], 0, 1);
    mpq_set_ui(L0, 0, 1);
    for (long n = 0; n < N; n++) {
        mpq_srcptr x = data->x + n * d;
        for (long i = 0; i < 4 * k; i++)
            mpq_set_ui(F + i, 0, 1);
        for (long j = 0; j < m; j++) {
            dot_q(z, s->w + j * d, x, d, t);
            dot_q(q, c->d1w + j * d, x, d, t);
            int sz = mpq_sgn(z), sq = mpq_sgn(q);
            sigma_q(p, z, s);
            if (sz > 0)
                mpq_mul(ph, q, s->alpha_pos);
            else if (sz < 0)
                mpq_mul(ph, q, s->alpha_neg);
            else
                sigma_q(ph, q, s);
            if (sz && sq && sz != sq) { /* flips at t = -z/q */
                mpq_div(tf, z, q);
                mpq_neg(tf, tf);
                if (c->tmax_inf || mpq_cmp(tf, c->tmax) < 0)
                    mpq_set(c->tmax, tf);
                c->tmax_inf = 0;
            }
            for (long o = 0; o < k; o++) {
                mpq_srcptr a = s->a + j * k + o, a1 = c->d1a + j * k + o,
                           a2 = c->d2a + j * k + o;
                mpq_mul(t, a, p);
                mpq_add(F + o, F + o, t);
                mpq_mul(t, a, ph);
                mpq_add(F + k + o, F + k + o, t);
                mpq_mul(t, a1, p);
                mpq_add(F + k + o, F + k + o, t);
                mpq_mul(t, a1, ph);
                mpq_add(F + 2 * k + o, F + 2 * k + o, t);
                mpq_mul(t, a2, p);
                mpq_add(F + 2 * k + o, F + 2 * k + o, t);
                mpq_mul(t, a2, ph);
                mpq_add(F + 3 * k + o, F + 3 * k + o, t);
            }
        }
        for (long o = 0; o < k; o++)
            mpq_sub(F + o, F + o, data->y + n * k + o);
        for (int i1 = 0; i1 < 4; i1++)
            for (int i2 = 0; i2 < 4; i2++)
                for (long o = 0; o < k; o++) {
                    mpq_mul(t, F + i1 * k + o, F + i2 * k + o);
                    if (i1 + i2 == 0)
                        mpq_add(L0, L0, t);
                    else
                        mpq_add(c->coef[i1 + i2], c->coef[i1 + i2], t);
                }
    }
    mpq_set_si(t, N, 1);
    for (int i = 1; i < 7; i++)
        mpq_div(c->coef[i], c->coef[i], t);
    mpq_div(L0, L0, t);
    c->order = 0;
    for (int i = 1; i < 7 && !c->order; i++)
        if (mpq_sgn(c->coef[i]))
            c->order = i;
    if (c->order && mpq_sgn(c->coef[c->order]) < 0) {
        /* t1 = 2^-e: below tmax and with the tail smaller than |c_order|. */
        mpq_t cabs, tail, pw;
        mpq_inits(cabs, tail, pw, NULL);
        mpq_abs(cabs, c->coef[c->order]);
        for (long e = 0; e <= 20000; e++) {
            mpq_set_ui(c->t1, 1, 1);
            mpz_mul_2exp(mpq_denref(c->t1), mpq_denref(c->t1), (mp_bitcnt_t)e);
            if (!c->tmax_inf && mpq_cmp(c->t1, c->tmax) >= 0)
                continue;
            mpq_set_ui(tail, 0, 1);
            mpq_set_ui(pw, 1, 1);
            for (int i = c->order + 1; i < 7; i++) {
                mpq_mul(pw, pw, c->t1);
                mpq_abs(t, c->coef[i]);
                mpq_mul(t, t, pw);
                mpq_add(tail, tail, t);
            }
            if (mpq_cmp(tail, cabs) < 0) {
                c->certified = 1;
                break;
            }
        }
        mpq_clears(cabs, tail, pw, NULL);
    }
    if (c->certified) {
        /* Re-check with the realization engine at theta(t1). */
        rr_shallow_t s1;
        if ((st = rr_shallow_init_copy(&s1, s, err)))
            goto out;
        mpq_mul(tf, c->t1, c->t1);
        for (long i = 0; i < m * d; i++) {
            mpq_mul(t, c->d1w + i, c->t1);
            mpq_add(s1.w + i, s1.w + i, t);
        }
        for (long i = 0; i < m * k; i++) {
            mpq_mul(t, c->d1a + i, c->t1);
            mpq_add(s1.a + i, s1.a + i, t);
            mpq_mul(t, c->d2a + i, tf);
            mpq_add(s1.a + i, s1.a + i, t);
        }
        st = rr_ls_loss_engine(c->loss_t1, &s1, data, err);
        rr_shallow_clear(&s1);
        if (st)
            goto out;
        /* L0 + p(t1) must equal it (Horner). */
        mpq_set_ui(p, 0, 1);
        for (int i = 6; i >= 1; i--) {
            mpq_add(p, p, c->coef[i]);
            mpq_mul(p, p, c->t1);
        }
        mpq_add(p, p, L0);
        if (!mpq_equal(p, c->loss_t1) || mpq_cmp(c->loss_t1, L0) >= 0) {
            st = rr_err_set(err, RR_EINTERNAL,
                            "certificate check failed: the loss at theta(t1) "
                            "from the realization engine disagrees with the "
                            "curve polynomial");
            goto out;
        }
    }
out:
    rr_qvec_free(F, 4 * k);
    mpq_clears(z, q, p, ph, t, L0, tf, NULL);
    return st;
}

/* ---- per-neuron analysis ------------------------------------------------- */

/* The state needed to evaluate B_j(v) = b_j v + sum_{X0} e_n sigma(<v,x_n>)
 * and h_j(v) = <a_j, B_j(v)>. */
typedef struct nctx {
    const rr_shallow_t *s;
    const rr_dataset_t *data;
    mpq_srcptr E;     /* residuals, n*k */
    long j;
    const long *X0;   /* indices */
    long n0;
    mpq_ptr b;        /* k*d */
    mpq_ptr Bv;       /* k: scratch result */
    mpq_t hv, t, u;
} nctx;

static void eval_B(nctx *c, mpq_srcptr v)
{
    const rr_shallow_t *s = c->s;
    long d = s->d, k = s->k;
    for (long o = 0; o < k; o++)
        dot_q(c->Bv + o, c->b + o * d, v, d, c->t);
    for (long i = 0; i < c->n0; i++) {
        long n = c->X0[i];
        dot_q(c->u, v, c->data->x + n * d, d, c->t);
        sigma_q(c->u, c->u, s);
        if (!mpq_sgn(c->u))
            continue;
        for (long o = 0; o < k; o++) {
            mpq_mul(c->t, c->E + n * k + o, c->u);
            mpq_add(c->Bv + o, c->Bv + o, c->t);
        }
    }
    dot_q(c->hv, s->a + c->j * k, c->Bv, k, c->t);
}

/* The even part sum_{X0} c_n |<v, x_n>| (c_n = <a_j, e_n>) */
static void eval_even(nctx *c, mpq_ptr out, mpq_srcptr v, mpq_srcptr cn)
{
    long d = c->s->d;
    mpq_set_ui(out, 0, 1);
    for (long i = 0; i < c->n0; i++) {
        long n = c->X0[i];
        dot_q(c->u, v, c->data->x + n * d, d, c->t);
        mpq_abs(c->u, c->u);
        mpq_mul(c->u, c->u, cn + n);
        mpq_add(out, out, c->u);
    }
}

static const char *class_names[] = {"not stationary", "local minimum",
                                    "saddle", "undecided"};

const char *rr_ls_class_name(rr_ls_class c)
{
    return (unsigned)c < 4 ? class_names[c] : "?";
}

static void neuron_clear(rr_ls_neuron_t *nu, long d, long k)
{
    free(nu->sets);
    rr_qvec_free(nu->grad_a, k);
    rr_qvec_free(nu->lin_w, d);
    rr_qvec_free(nu->grad_w, d);
    rr_qvec_free(nu->fw_grad_w, d);
    rr_qvec_free(nu->escape_v, d);
    rr_qvec_free(nu->escape_b, k);
    memset(nu, 0, sizeof *nu);
}

void rr_landscape_clear(rr_landscape_t *ls)
{
    if (ls->neu)
        for (long j = 0; j < ls->m; j++)
            neuron_clear(ls->neu + j, ls->d, ls->k);
    free(ls->neu);
    rr_qvec_free(ls->fx, ls->n * ls->k);
    rr_qvec_free(ls->resid, ls->n * ls->k);
    if (ls->m || ls->n)
        mpq_clear(ls->loss);
    rr_curve_clear(&ls->cert);
    memset(ls, 0, sizeof *ls);
}

/* Visit u and -u for every ray of the arrangement {x_n^perp : n in X0}
 * inside S = span X0, then each basis vector l of L = S^perp (flagged).
 * The visitor returns nonzero to stop.  Returns 0 done, 1 stopped, 2 cap
 * exceeded, -1 out of memory. */
typedef int (*ray_visit)(void *ctx, mpq_srcptr v, int in_L);

static long binom_capped(long n, long r, long cap)
{
    if (r < 0 || r > n)
        return 0;
    double b = 1;
    for (long i = 1; i <= r; i++) {
        b = b * (double)(n - r + i) / (double)i;
        if (b > (double)cap)
            return cap + 1;
    }
    return (long)(b + 0.5);
}

static int for_each_direction(const rr_dataset_t *data, const long *X0,
                              long n0, long d, long cap, long *rank_out,
                              long *nrays, ray_visit fn, void *ctx)
{
    int ret = 0;
    long R = n0 > 0 ? n0 : 1;
    mpq_ptr M = rr_qvec_new(R * d), Nl = rr_qvec_new(d * d),
            Mc = rr_qvec_new(d * d), u = rr_qvec_new(d), un = rr_qvec_new(d),
            cv = rr_qvec_new(d);
    long *piv = malloc((size_t)(d + 1) * sizeof *piv);
    long *pc = malloc((size_t)(d + 1) * sizeof *pc);
    long *I = malloc((size_t)(d + 1) * sizeof *I);
    mpq_t t;
    mpq_init(t);
    *nrays = 0;
    if (!M || !Nl || !Mc || !u || !un || !cv || !piv || !pc || !I) {
        ret = -1;
        goto out;
    }
    for (long i = 0; i < n0; i++)
        for (long c = 0; c < d; c++)
            mpq_set(M + i * d + c, data->x + X0[i] * d + c);
    long r = n0 ? rref(M, n0, d, piv) : 0;
    *rank_out = r;
    /* Rays: subsets I of X0 of size r - 1. */
    if (r >= 1) {
        long sub = r - 1;
        if (binom_capped(n0, sub, cap) > cap) {
            ret = 2;
            goto out;
        }
        for (long i = 0; i < sub; i++)
            I[i] = i;
        for (;;) {
            /* Mc[p][i] = <s_i, x_{I_p}>, s_i = row i of the RREF. */
            for (long pr = 0; pr < sub; pr++)
                for (long i = 0; i < r; i++)
                    dot_q(Mc + pr * r + i, M + i * d, data->x + X0[I[pr]] * d,
                          d, t);
            long rk = sub ? rref(Mc, sub, r, pc) : 0;
            if (rk == sub) {
                long nn = nullspace_from_rref(cv, Mc, r, rk, pc);
                if (nn == 1) {
                    for (long c = 0; c < d; c++) {
                        mpq_set_ui(u + c, 0, 1);
                        for (long i = 0; i < r; i++) {
                            mpq_mul(t, cv + i, M + i * d + c);
                            mpq_add(u + c, u + c, t);
                        }
                        mpq_neg(un + c, u + c);
                    }
                    ++*nrays;
                    if (fn(ctx, u, 0) || fn(ctx, un, 0)) {
                        ret = 1;
                        goto out;
                    }
                }
            }
            /* next combination */
            long i = sub - 1;
            while (i >= 0 && I[i] == n0 - sub + i)
                i--;
            if (i < 0)
                break;
            I[i]++;
            for (long q = i + 1; q < sub; q++)
                I[q] = I[q - 1] + 1;
        }
    }
    /* L = null space of the X0 rows. */
    long nl = n0 ? nullspace_from_rref(Nl, M, d, r, piv) : 0;
    if (!n0) {
        nl = d;
        for (long i = 0; i < d; i++)
            for (long c = 0; c < d; c++)
                mpq_set_ui(Nl + i * d + c, i == c, 1);
    }
    for (long i = 0; i < nl; i++)
        if (fn(ctx, Nl + i * d, 1)) {
            ret = 1;
            goto out;
        }
out:
    mpq_clear(t);
    rr_qvec_free(M, R * d);
    rr_qvec_free(Nl, d * d);
    rr_qvec_free(Mc, d * d);
    rr_qvec_free(u, d);
    rr_qvec_free(un, d);
    rr_qvec_free(cv, d);
    free(piv);
    free(pc);
    free(I);
    return ret;
}

/* Visitors. */
typedef struct vstat {
    nctx *c;
    mpq_ptr cn;       /* c_n for all n */
    int mode;         /* 0 stationarity, 1 differentiability, 2 escape */
    int found;
    mpq_ptr v;        /* d: found direction */
    mpq_ptr bv;       /* k */
    mpq_t even;
} vstat;

static int visit(void *ctx, mpq_srcptr v, int in_L)
{
    vstat *vs = ctx;
    nctx *c = vs->c;
    long d = c->s->d, k = c->s->k;
    if (vs->mode == 1) {
        eval_even(c, vs->even, v, vs->cn);
        if (mpq_sgn(vs->even)) {
            vs->found = 1;
            return 1;
        }
        return 0;
    }
    eval_B(c, v);
    if (vs->mode == 0) {
        /* h(v) >= 0 on rays; h(l) = 0 on L (else -sign(h) l descends). */
        int sh = mpq_sgn(c->hv);
        if (sh < 0 || (in_L && sh)) {
            for (long i = 0; i < d; i++) {
                mpq_set(vs->v + i, v + i);
                if (sh > 0)
                    mpq_neg(vs->v + i, vs->v + i);
            }
            vs->found = 1;
            return 1;
        }
        return 0;
    }
    /* escape: h(v) = 0 and B(v) != 0 */
    if (!mpq_sgn(c->hv) && !all_zero(c->Bv, k)) {
        for (long i = 0; i < d; i++)
            mpq_set(vs->v + i, v + i);
        for (long o = 0; o < k; o++)
            mpq_set(vs->bv + o, c->Bv + o);
        vs->found = 1;
        return 1;
    }
    return 0;
}

static rr_status landscape_alloc(rr_landscape_t *ls, long N, long d, long m,
                                 long k, rr_err_t *err)
{
    memset(ls, 0, sizeof *ls);
    ls->n = N;
    ls->d = d;
    ls->m = m;
    ls->k = k;
    mpq_init(ls->loss);
    ls->fx = rr_qvec_new(N * k);
    ls->resid = rr_qvec_new(N * k);
    ls->neu = calloc((size_t)m, sizeof *ls->neu);
    if (!ls->fx || !ls->resid || !ls->neu)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    for (long j = 0; j < m; j++) {
        rr_ls_neuron_t *nu = ls->neu + j;
        nu->sets = malloc((size_t)N + 1);
        nu->grad_a = rr_qvec_new(k);
        nu->lin_w = rr_qvec_new(d);
        nu->grad_w = rr_qvec_new(d);
        nu->fw_grad_w = rr_qvec_new(d);
        nu->escape_v = rr_qvec_new(d);
        nu->escape_b = rr_qvec_new(k);
        if (!nu->sets || !nu->grad_a || !nu->lin_w || !nu->grad_w ||
            !nu->fw_grad_w || !nu->escape_v || !nu->escape_b)
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        nu->escape = -1;
    }
    return rr_curve_init(&ls->cert, m, d, k, err);
}

rr_status rr_landscape_analyze(rr_landscape_t *ls, const rr_shallow_t *s,
                               const rr_dataset_t *data,
                               const rr_ls_opts_t *opts, rr_err_t *err)
{
    long N = data->n, d = s->d, m = s->m, k = s->k;
    long cap = opts && opts->max_rays > 0 ? opts->max_rays : 200000;
    memset(ls, 0, sizeof *ls);
    if (data->d != d || data->k != k)
        return rr_err_set(err, RR_EINPUT,
                          "data dimensions (%ld, %ld) do not match the network "
                          "(%ld, %ld)", data->d, data->k, d, k);
    rr_status st = landscape_alloc(ls, N, d, m, k, err);
    if (st)
        return st;
    mpq_ptr Z = rr_qvec_new(m * N), cn = rr_qvec_new(N), b = rr_qvec_new(k * d),
            Bv = rr_qvec_new(k), sum0 = rr_qvec_new(d);
    long *X0 = malloc((size_t)N * sizeof *X0);
    mpq_t t, u, two_n, half;
    mpq_inits(t, u, two_n, half, NULL);
    if (!Z || !cn || !b || !Bv || !sum0 || !X0) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    mpq_set_si(two_n, 2, N);
    mpq_canonicalize(two_n);
    /* pre-activations, outputs, residuals, loss */
    for (long j = 0; j < m; j++)
        for (long n = 0; n < N; n++)
            dot_q(Z + j * N + n, s->w + j * d, data->x + n * d, d, t);
    mpq_set_ui(ls->loss, 0, 1);
    for (long n = 0; n < N; n++) {
        for (long o = 0; o < k; o++)
            mpq_set_ui(ls->fx + n * k + o, 0, 1);
        for (long j = 0; j < m; j++) {
            sigma_q(u, Z + j * N + n, s);
            if (!mpq_sgn(u))
                continue;
            for (long o = 0; o < k; o++) {
                mpq_mul(t, s->a + j * k + o, u);
                mpq_add(ls->fx + n * k + o, ls->fx + n * k + o, t);
            }
        }
        for (long o = 0; o < k; o++) {
            mpq_sub(ls->resid + n * k + o, ls->fx + n * k + o,
                    data->y + n * k + o);
            mpq_mul(t, ls->resid + n * k + o, ls->resid + n * k + o);
            mpq_add(ls->loss, ls->loss, t);
        }
    }
    mpq_set_si(t, N, 1);
    mpq_div(ls->loss, ls->loss, t);

    /* (alpha_+ + alpha_-) / 2 */
    mpq_add(half, s->alpha_pos, s->alpha_neg);
    mpq_set_ui(t, 2, 1);
    mpq_div(half, half, t);
    int beta_zero = mpq_equal(s->alpha_pos, s->alpha_neg);

    ls->differentiable = 1;
    ls->stationary = 1;
    int any_undecided = 0;
    long first_bad = -1; /* first non-stationary neuron */
    int bad_in_a = 0;
    for (long j = 0; j < m; j++) {
        rr_ls_neuron_t *nu = ls->neu + j;
        mpq_srcptr aj = s->a + j * k, wj = s->w + j * d;
        nu->a_zero = all_zero(aj, k);
        nu->is_zero = nu->a_zero && all_zero(wj, d);
        long n0 = 0;
        for (long o = 0; o < k; o++)
            mpq_set_ui(nu->grad_a + o, 0, 1);
        for (long i = 0; i < d; i++) {
            mpq_set_ui(nu->lin_w + i, 0, 1);
            mpq_set_ui(sum0 + i, 0, 1);
        }
        for (long i = 0; i < k * d; i++)
            mpq_set_ui(b + i, 0, 1);
        for (long n = 0; n < N; n++) {
            mpq_srcptr z = Z + j * N + n;
            mpq_srcptr x = data->x + n * d;
            mpq_srcptr e = ls->resid + n * k;
            int sz = mpq_sgn(z);
            nu->sets[n] = sz > 0 ? '+' : sz < 0 ? '-' : '0';
            dot_q(cn + n, aj, e, k, t);
            if (sz == 0) {
                X0[n0++] = n;
                nu->n_zero++;
                for (long i = 0; i < d; i++) {
                    mpq_mul(t, cn + n, x + i);
                    mpq_add(sum0 + i, sum0 + i, t);
                }
                continue;
            }
            if (sz > 0)
                nu->n_pos++;
            else
                nu->n_neg++;
            mpq_srcptr slope = sz > 0 ? s->alpha_pos : s->alpha_neg;
            sigma_q(u, z, s);
            for (long o = 0; o < k; o++) {
                mpq_mul(t, e + o, u);
                mpq_add(nu->grad_a + o, nu->grad_a + o, t);
            }
            /* lin_w += s_n c_n x_n; b += s_n e_n x_n^T */
            mpq_mul(u, slope, cn + n);
            for (long i = 0; i < d; i++) {
                mpq_mul(t, u, x + i);
                mpq_add(nu->lin_w + i, nu->lin_w + i, t);
            }
            for (long o = 0; o < k; o++) {
                mpq_mul(u, slope, e + o);
                for (long i = 0; i < d; i++) {
                    mpq_mul(t, u, x + i);
                    mpq_add(b + o * d + i, b + o * d + i, t);
                }
            }
        }
        nu->sets[N] = '\0';
        int a_stat = all_zero(nu->grad_a, k);
        for (long o = 0; o < k; o++)
            mpq_mul(nu->grad_a + o, nu->grad_a + o, two_n);

        nctx c;
        memset(&c, 0, sizeof c);
        c.s = s;
        c.data = data;
        c.E = ls->resid;
        c.j = j;
        c.X0 = X0;
        c.n0 = n0;
        c.b = b;
        c.Bv = Bv;
        mpq_inits(c.hv, c.t, c.u, NULL);
        vstat vs;
        memset(&vs, 0, sizeof vs);
        vs.c = &c;
        vs.cn = cn;
        mpq_init(vs.even);
        long rank = 0, nrays = 0;
        int r;

        /* differentiability in w_j */
        int cn_zero = 1;
        for (long i = 0; i < n0; i++)
            if (mpq_sgn(cn + X0[i]))
                cn_zero = 0;
        nu->diff_w = 1;
        if (n0 && !beta_zero && !cn_zero) {
            vs.mode = 1;
            r = for_each_direction(data, X0, n0, d, cap, &rank, &nrays, visit,
                                   &vs);
            if (r == -1)
                goto nomem;
            nu->diff_w = r == 2 ? -1 : !vs.found;
        }
        /* the autograd value and the gradient */
        for (long i = 0; i < d; i++) {
            mpq_mul(t, s->alpha_neg, sum0 + i);
            mpq_add(t, t, nu->lin_w + i);
            mpq_mul(nu->fw_grad_w + i, t, two_n);
            mpq_mul(t, half, sum0 + i);
            mpq_add(t, t, nu->lin_w + i);
            mpq_mul(nu->grad_w + i, t, two_n);
            mpq_mul(nu->lin_w + i, nu->lin_w + i, two_n);
        }
        if (nu->diff_w != 1)
            ls->differentiable = 0;

        /* stationarity (ii) */
        vs.mode = 0;
        vs.found = 0;
        vs.v = nu->escape_v; /* scratch until the escape test */
        r = for_each_direction(data, X0, n0, d, cap, &rank, &nrays, visit,
                               &vs);
        if (r == -1)
            goto nomem;
        nu->rank0 = rank;
        nu->n_rays = nrays;
        if (r == 2) {
            nu->stationary = -1;
            any_undecided = 1;
            snprintf(nu->note, sizeof nu->note,
                     "more than %ld subsets of the %ld kink points to "
                     "enumerate (cap --max-rays)", cap, n0);
        } else if (!a_stat || vs.found) {
            nu->stationary = 0;
            if (first_bad < 0) {
                first_bad = j;
                bad_in_a = !a_stat;
                if (bad_in_a)
                    for (long o = 0; o < k; o++)
                        mpq_neg(ls->cert.d1a + j * k + o, nu->grad_a + o);
                else
                    for (long i = 0; i < d; i++)
                        mpq_set(ls->cert.d1w + j * d + i, vs.v + i);
            }
            snprintf(nu->note, sizeof nu->note, "%s",
                     !a_stat ? "dL/da_j != 0"
                             : "a direction v with h_j(v) < 0 (or h_j "
                               "not 0 on the lineality space)");
        } else
            nu->stationary = 1;
        if (nu->stationary != 1)
            ls->stationary = ls->stationary == 0 ? 0 : nu->stationary;
        for (long i = 0; i < d; i++)
            mpq_set_ui(nu->escape_v + i, 0, 1);

        /* escape (at a stationary neuron) */
        if (nu->stationary == 1) {
            vs.mode = 2;
            vs.found = 0;
            vs.v = nu->escape_v;
            vs.bv = nu->escape_b;
            r = for_each_direction(data, X0, n0, d, cap, &rank, &nrays, visit,
                                   &vs);
            if (r == -1)
                goto nomem;
            nu->escape = r == 2 ? -1 : vs.found;
            if (vs.found)
                ls->n_escape++;
        }
        mpq_clears(c.hv, c.t, c.u, vs.even, NULL);
        continue;
    nomem:
        mpq_clears(c.hv, c.t, c.u, vs.even, NULL);
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    if (first_bad >= 0)
        ls->stationary = 0;
    else if (any_undecided)
        ls->stationary = -1;

    /* classification */
    if (ls->stationary == 0) {
        ls->cls = RR_LS_NOT_STATIONARY;
        ls->cert.neuron = (int)first_bad;
        if ((st = rr_curve_eval(&ls->cert, s, data, err)))
            goto out;
        if (!ls->cert.certified || ls->cert.order != 1) {
            st = rr_err_set(err, RR_EINTERNAL,
                            "descent direction of neuron %ld not certified",
                            first_bad + 1);
            goto out;
        }
        ls->have_cert = 1;
        snprintf(ls->reason, sizeof ls->reason,
                 "neuron %ld violates %s; the certificate is a first-order "
                 "descent direction", first_bad + 1,
                 bad_in_a ? "dL/da_j = 0" : "h_j(v) >= 0 for all v");
    } else if (ls->stationary == -1) {
        ls->cls = RR_LS_UNDECIDED;
        snprintf(ls->reason, sizeof ls->reason,
                 "stationarity undecided: a neuron's kink arrangement is too "
                 "large to enumerate (raise --max-rays)");
    } else {
        long esc_zero = -1, esc_any = -1;
        int esc_undec = 0;
        for (long j = 0; j < m; j++) {
            if (ls->neu[j].escape == -1)
                esc_undec = 1;
            if (ls->neu[j].escape == 1) {
                if (esc_any < 0)
                    esc_any = j;
                if (ls->neu[j].a_zero && esc_zero < 0)
                    esc_zero = j;
            }
        }
        if (esc_zero >= 0) {
            long j = esc_zero;
            for (long i = 0; i < d; i++)
                mpq_set(ls->cert.d1w + j * d + i, ls->neu[j].escape_v + i);
            for (long o = 0; o < k; o++)
                mpq_neg(ls->cert.d2a + j * k + o, ls->neu[j].escape_b + o);
            ls->cert.neuron = (int)j;
            if ((st = rr_curve_eval(&ls->cert, s, data, err)))
                goto out;
            if (!ls->cert.certified) {
                st = rr_err_set(err, RR_EINTERNAL,
                                "escape curve of neuron %ld not certified",
                                j + 1);
                goto out;
            }
            ls->have_cert = 1;
            ls->cls = RR_LS_SADDLE;
            snprintf(ls->reason, sizeof ls->reason,
                     "stationary; neuron %ld (a_j = 0) is an escape neuron: "
                     "the loss decreases along theta + t D1 + t^2 D2", j + 1);
        } else if (esc_any >= 0) {
            /* vector output, a_j != 0: try D1 = (v, -lambda B(v)) with
             * lambda = ||B||^2 / P, P = ||B||^2 sum_n sigma(z_jn)^2 (or
             * a large lambda when P = 0). */
            long j = esc_any;
            rr_ls_neuron_t *nu = ls->neu + j;
            mpq_t B2, P;
            mpq_inits(B2, P, NULL);
            dot_q(B2, nu->escape_b, nu->escape_b, k, t);
            mpq_set_ui(P, 0, 1);
            for (long n = 0; n < N; n++) {
                sigma_q(u, Z + j * N + n, s);
                mpq_mul(u, u, u);
                mpq_add(P, P, u);
            }
            mpq_mul(P, P, B2);
            if (mpq_sgn(P))
                mpq_div(u, B2, P);
            else {
                /* lambda = R / ||B||^2 + 1, R = ||a_j||^2 sum_n phi_n(v)^2 */
                mpq_t R, ph;
                mpq_inits(R, ph, NULL);
                for (long n = 0; n < N; n++) {
                    dot_q(ph, nu->escape_v, data->x + n * d, d, t);
                    int sz = mpq_sgn(Z + j * N + n);
                    if (sz > 0)
                        mpq_mul(ph, ph, s->alpha_pos);
                    else if (sz < 0)
                        mpq_mul(ph, ph, s->alpha_neg);
                    else
                        sigma_q(ph, ph, s);
                    mpq_mul(ph, ph, ph);
                    mpq_add(R, R, ph);
                }
                dot_q(ph, s->a + j * k, s->a + j * k, k, t);
                mpq_mul(R, R, ph);
                mpq_div(u, R, B2);
                mpq_set_ui(t, 1, 1);
                mpq_add(u, u, t);
                mpq_clears(R, ph, NULL);
            }
            for (long i = 0; i < d; i++)
                mpq_set(ls->cert.d1w + j * d + i, nu->escape_v + i);
            for (long o = 0; o < k; o++) {
                mpq_mul(t, nu->escape_b + o, u);
                mpq_neg(ls->cert.d1a + j * k + o, t);
            }
            mpq_clears(B2, P, NULL);
            ls->cert.neuron = (int)j;
            if ((st = rr_curve_eval(&ls->cert, s, data, err)))
                goto out;
            if (ls->cert.certified) {
                ls->have_cert = 1;
                ls->cls = RR_LS_SADDLE;
                snprintf(ls->reason, sizeof ls->reason,
                         "stationary; escape neuron %ld (a_j != 0, vector "
                         "output): the second-order test along theta + t D1 "
                         "found a descent", j + 1);
            } else {
                ls->cls = RR_LS_UNDECIDED;
                snprintf(ls->reason, sizeof ls->reason,
                         "stationary with escape neuron %ld (a_j != 0, "
                         "vector output): W-S-G's theorem does not decide "
                         "this case and the second-order test along "
                         "(v, -lambda B_j(v)) found no descent", j + 1);
            }
        } else if (esc_undec) {
            ls->cls = RR_LS_UNDECIDED;
            snprintf(ls->reason, sizeof ls->reason,
                     "stationary; the escape test of some neuron exceeded "
                     "the enumeration cap");
        } else {
            ls->cls = RR_LS_LOCAL_MIN;
            snprintf(ls->reason, sizeof ls->reason,
                     "stationary and no escape neuron: a local minimum "
                     "(W-S-G; spec/landscape.md, Theorem 2)");
        }
    }
out:
    rr_qvec_free(Z, m * N);
    rr_qvec_free(cn, N);
    rr_qvec_free(b, k * d);
    rr_qvec_free(Bv, k);
    rr_qvec_free(sum0, d);
    free(X0);
    mpq_clears(t, u, two_n, half, NULL);
    return st;
}

rr_status rr_ls_directional(mpq_ptr out, const rr_shallow_t *s,
                            const rr_dataset_t *data, mpq_srcptr dw,
                            mpq_srcptr da, rr_err_t *err)
{
    long N = data->n, d = s->d, m = s->m, k = s->k;
    mpq_ptr E = rr_qvec_new(N * k), Z = rr_qvec_new(m * N);
    if (!E || !Z) {
        rr_qvec_free(E, N * k);
        rr_qvec_free(Z, m * N);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    mpq_t t, u, q, cnn;
    mpq_inits(t, u, q, cnn, NULL);
    for (long j = 0; j < m; j++)
        for (long n = 0; n < N; n++)
            dot_q(Z + j * N + n, s->w + j * d, data->x + n * d, d, t);
    for (long n = 0; n < N; n++) {
        for (long o = 0; o < k; o++)
            mpq_neg(E + n * k + o, data->y + n * k + o);
        for (long j = 0; j < m; j++) {
            sigma_q(u, Z + j * N + n, s);
            for (long o = 0; o < k; o++) {
                mpq_mul(t, s->a + j * k + o, u);
                mpq_add(E + n * k + o, E + n * k + o, t);
            }
        }
    }
    mpq_set_ui(out, 0, 1);
    for (long j = 0; j < m; j++)
        for (long n = 0; n < N; n++) {
            mpq_srcptr z = Z + j * N + n, e = E + n * k;
            /* <da_j, e_n> sigma(z) */
            dot_q(cnn, da + j * k, e, k, t);
            sigma_q(u, z, s);
            mpq_mul(cnn, cnn, u);
            mpq_add(out, out, cnn);
            /* <a_j, e_n> times the one-sided derivative of sigma */
            dot_q(cnn, s->a + j * k, e, k, t);
            dot_q(q, dw + j * d, data->x + n * d, d, t);
            int sz = mpq_sgn(z);
            if (sz > 0)
                mpq_mul(u, q, s->alpha_pos);
            else if (sz < 0)
                mpq_mul(u, q, s->alpha_neg);
            else
                sigma_q(u, q, s);
            mpq_mul(cnn, cnn, u);
            mpq_add(out, out, cnn);
        }
    mpq_set_si(t, 2, N);
    mpq_canonicalize(t);
    mpq_mul(out, out, t);
    mpq_clears(t, u, q, cnn, NULL);
    rr_qvec_free(E, N * k);
    rr_qvec_free(Z, m * N);
    return RR_OK;
}

/* ---- embedding ----------------------------------------------------------- */

static rr_status embed_alloc(rr_shallow_t *dst, const rr_shallow_t *src,
                             rr_err_t *err)
{
    rr_status st = rr_shallow_init(dst, src->d, src->m + 1, src->k, err);
    if (st)
        return st;
    dst->bias_input = src->bias_input;
    mpq_set(dst->alpha_pos, src->alpha_pos);
    mpq_set(dst->alpha_neg, src->alpha_neg);
    for (long i = 0; i < src->m * src->d; i++)
        mpq_set(dst->w + i, src->w + i);
    for (long i = 0; i < src->m * src->k; i++)
        mpq_set(dst->a + i, src->a + i);
    return RR_OK;
}

rr_status rr_embed_zero(rr_shallow_t *dst, const rr_shallow_t *src,
                        rr_err_t *err)
{
    return embed_alloc(dst, src, err);
}

rr_status rr_embed_split(rr_shallow_t *dst, const rr_shallow_t *src, long j,
                         mpq_srcptr lambda, rr_err_t *err)
{
    memset(dst, 0, sizeof *dst);
    if (j < 0 || j >= src->m)
        return rr_err_set(err, RR_EINPUT,
                          "neuron %ld does not exist (the network has %ld)",
                          j + 1, src->m);
    rr_status st = embed_alloc(dst, src, err);
    if (st)
        return st;
    long d = src->d, k = src->k, last = src->m;
    mpq_t one_minus;
    mpq_init(one_minus);
    mpq_set_ui(one_minus, 1, 1);
    mpq_sub(one_minus, one_minus, lambda);
    for (long i = 0; i < d; i++)
        mpq_set(dst->w + last * d + i, src->w + j * d + i);
    for (long o = 0; o < k; o++) {
        mpq_mul(dst->a + j * k + o, src->a + j * k + o, lambda);
        mpq_mul(dst->a + last * k + o, src->a + j * k + o, one_minus);
    }
    mpq_clear(one_minus);
    return RR_OK;
}

/* ---- training ------------------------------------------------------------ */

rr_status rr_train_gd(rr_shallow_t *s, double *final_loss, double *loss_log,
                      const rr_dataset_t *data, const rr_train_opts_t *o,
                      rr_err_t *err)
{
    long N = data->n, d = data->d, k = data->k, m = o->width;
    memset(s, 0, sizeof *s);
    if (m < 1 || o->steps < 0 || !(o->lr > 0) || !(o->init_scale >= 0))
        return rr_err_set(err, RR_EINPUT,
                          "training options: need width >= 1, steps >= 0, "
                          "lr > 0, init scale >= 0");
    double *X = malloc((size_t)(N * d) * sizeof *X);
    double *Y = malloc((size_t)(N * k) * sizeof *Y);
    double *W = malloc((size_t)(m * d) * sizeof *W);
    double *A = malloc((size_t)(m * k) * sizeof *A);
    double *GW = malloc((size_t)(m * d) * sizeof *GW);
    double *GA = malloc((size_t)(m * k) * sizeof *GA);
    double *Zs = malloc((size_t)(m * N) * sizeof *Zs);
    double *E = malloc((size_t)(N * k) * sizeof *E);
    rr_status st = RR_OK;
    if (!X || !Y || !W || !A || !GW || !GA || !Zs || !E) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    for (long i = 0; i < N * d; i++)
        X[i] = rr_q_get_d(data->x + i, NULL);
    for (long i = 0; i < N * k; i++)
        Y[i] = rr_q_get_d(data->y + i, NULL);
    rr_rand_t r;
    rr_rand_seed(&r, (uint64_t)o->seed);
    for (long j = 0; j < m; j++) {
        for (long i = 0; i < d; i++)
            W[j * d + i] = o->init_scale * rr_rand_unit(&r);
        for (long c = 0; c < k; c++)
            A[j * k + c] = o->init_scale * rr_rand_unit(&r);
    }
    double ap = o->alpha_pos, an = o->alpha_neg, loss = 0;
    for (long step = 0; step <= o->steps; step++) {
        /* forward */
        loss = 0;
        for (long n = 0; n < N; n++) {
            for (long c = 0; c < k; c++)
                E[n * k + c] = -Y[n * k + c];
            for (long j = 0; j < m; j++) {
                double z = 0;
                for (long i = 0; i < d; i++)
                    z += W[j * d + i] * X[n * d + i];
                Zs[j * N + n] = z;
                double sg = z > 0 ? ap * z : an * z;
                for (long c = 0; c < k; c++)
                    E[n * k + c] += A[j * k + c] * sg;
            }
            for (long c = 0; c < k; c++)
                loss += E[n * k + c] * E[n * k + c];
        }
        loss /= (double)N;
        if (!isfinite(loss)) {
            st = rr_err_set(err, RR_ERANGE,
                            "training diverged at step %ld (loss not "
                            "finite): lower the learning rate", step);
            goto out;
        }
        if (loss_log && o->log_every > 0 && step % o->log_every == 0)
            loss_log[step / o->log_every] = loss;
        if (step == o->steps)
            break;
        /* backward: dL/da_j = (2/N) sum e_n sigma(z), dL/dw_j = (2/N) sum
         * <a_j, e_n> sigma'(z) x_n with sigma'(0) := alpha_- */
        double g = 2.0 / (double)N;
        for (long j = 0; j < m; j++) {
            for (long i = 0; i < d; i++)
                GW[j * d + i] = 0;
            for (long c = 0; c < k; c++)
                GA[j * k + c] = 0;
            for (long n = 0; n < N; n++) {
                double z = Zs[j * N + n];
                double sg = z > 0 ? ap * z : an * z;
                double ds = z > 0 ? ap : an;
                double ce = 0;
                for (long c = 0; c < k; c++) {
                    GA[j * k + c] += E[n * k + c] * sg;
                    ce += A[j * k + c] * E[n * k + c];
                }
                for (long i = 0; i < d; i++)
                    GW[j * d + i] += ce * ds * X[n * d + i];
            }
        }
        for (long i = 0; i < m * d; i++)
            W[i] -= o->lr * (g * GW[i]);
        for (long i = 0; i < m * k; i++)
            A[i] -= o->lr * (g * GA[i]);
    }
    *final_loss = loss;
    if ((st = rr_shallow_init(s, d, m, k, err)))
        goto out;
    {
        mpq_t q;
        mpq_init(q);
        rr_q_set_d(q, ap, NULL);
        mpq_set(s->alpha_pos, q);
        rr_q_set_d(q, an, NULL);
        mpq_set(s->alpha_neg, q);
        mpq_clear(q);
    }
    for (long i = 0; i < m * d; i++)
        if ((st = rr_q_set_d(s->w + i, W[i], err)))
            break;
    for (long i = 0; !st && i < m * k; i++)
        st = rr_q_set_d(s->a + i, A[i], err);
    if (st)
        rr_shallow_clear(s);
out:
    free(X);
    free(Y);
    free(W);
    free(A);
    free(GW);
    free(GA);
    free(Zs);
    free(E);
    return st;
}

/* ---- polishing ----------------------------------------------------------- */

/* Solve the consistent system A x = b (R x C, A row-major, b R entries)
 * exactly: a particular solution with free variables 0.  Returns 0, or 1 if
 * inconsistent. */
static int solve_consistent(mpq_ptr x, mpq_srcptr A, mpq_srcptr b, long R,
                            long C)
{
    long C1 = C + 1;
    mpq_ptr M = rr_qvec_new(R * C1);
    long *piv = malloc((size_t)(R + C + 1) * sizeof *piv);
    int bad = 0;
    if (!M || !piv) {
        rr_qvec_free(M, R * C1);
        free(piv);
        return -1;
    }
    for (long i = 0; i < R; i++) {
        for (long j = 0; j < C; j++)
            mpq_set(M + i * C1 + j, A + i * C + j);
        mpq_set(M + i * C1 + C, b + i);
    }
    long r = rref(M, R, C1, piv);
    for (long j = 0; j < C; j++)
        mpq_set_ui(x + j, 0, 1);
    for (long i = 0; i < r; i++) {
        if (piv[i] == C) {
            bad = 1;
            break;
        }
        mpq_set(x + piv[i], M + i * C1 + C);
    }
    rr_qvec_free(M, R * C1);
    free(piv);
    return bad;
}

rr_status rr_polish(rr_shallow_t *s, const rr_dataset_t *data,
                    mpq_srcptr tol, long *n_zeroed, rr_err_t *err)
{
    long N = data->n, d = s->d, m = s->m, k = s->k;
    mpq_t t, na, nw;
    mpq_inits(t, na, nw, NULL);
    long *keep = malloc((size_t)m * sizeof *keep), mk = 0;
    rr_status st = RR_OK;
    *n_zeroed = 0;
    if (!keep) {
        mpq_clears(t, na, nw, NULL);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    for (long j = 0; j < m; j++) {
        mpq_set_ui(na, 0, 1);
        mpq_set_ui(nw, 0, 1);
        for (long o = 0; o < k; o++) {
            mpq_abs(t, s->a + j * k + o);
            if (mpq_cmp(t, na) > 0)
                mpq_set(na, t);
        }
        for (long i = 0; i < d; i++) {
            mpq_abs(t, s->w + j * d + i);
            if (mpq_cmp(t, nw) > 0)
                mpq_set(nw, t);
        }
        mpq_mul(t, na, nw);
        if (mpq_cmp(t, tol) < 0) {
            if (mpq_sgn(na) || mpq_sgn(nw))
                ++*n_zeroed;
            for (long o = 0; o < k; o++)
                mpq_set_ui(s->a + j * k + o, 0, 1);
            for (long i = 0; i < d; i++)
                mpq_set_ui(s->w + j * d + i, 0, 1);
        } else
            keep[mk++] = j;
    }
    if (mk == 0)
        goto out;
    /* features F (N x mk), G = F^T F, H = F F^T */
    mpq_ptr F = rr_qvec_new(N * mk), G = rr_qvec_new(mk * mk),
            H = rr_qvec_new(N * N), rhs = rr_qvec_new(mk > N ? mk : N),
            dp = rr_qvec_new(mk), zeta = rr_qvec_new(N), Fd = rr_qvec_new(N),
            res = rr_qvec_new(N);
    if (!F || !G || !H || !rhs || !dp || !zeta || !Fd || !res) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto free2;
    }
    for (long n = 0; n < N; n++)
        for (long q = 0; q < mk; q++) {
            dot_q(t, s->w + keep[q] * d, data->x + n * d, d, na);
            sigma_q(F + n * mk + q, t, s);
        }
    for (long p = 0; p < mk; p++)
        for (long q = 0; q < mk; q++) {
            mpq_set_ui(G + p * mk + q, 0, 1);
            for (long n = 0; n < N; n++) {
                mpq_mul(t, F + n * mk + p, F + n * mk + q);
                mpq_add(G + p * mk + q, G + p * mk + q, t);
            }
        }
    for (long n1 = 0; n1 < N; n1++)
        for (long n2 = 0; n2 < N; n2++) {
            mpq_set_ui(H + n1 * N + n2, 0, 1);
            for (long q = 0; q < mk; q++) {
                mpq_mul(t, F + n1 * mk + q, F + n2 * mk + q);
                mpq_add(H + n1 * N + n2, H + n1 * N + n2, t);
            }
        }
    for (long o = 0; o < k; o++) {
        /* residual y - F a */
        for (long n = 0; n < N; n++) {
            mpq_set(res + n, data->y + n * k + o);
            for (long q = 0; q < mk; q++) {
                mpq_mul(t, F + n * mk + q, s->a + keep[q] * k + o);
                mpq_sub(res + n, res + n, t);
            }
        }
        for (long p = 0; p < mk; p++) {
            mpq_set_ui(rhs + p, 0, 1);
            for (long n = 0; n < N; n++) {
                mpq_mul(t, F + n * mk + p, res + n);
                mpq_add(rhs + p, rhs + p, t);
            }
        }
        int bad = solve_consistent(dp, G, rhs, mk, mk);
        if (!bad) {
            /* minimal-norm: delta = F^T zeta with F F^T zeta = F dp */
            for (long n = 0; n < N; n++) {
                mpq_set_ui(Fd + n, 0, 1);
                for (long q = 0; q < mk; q++) {
                    mpq_mul(t, F + n * mk + q, dp + q);
                    mpq_add(Fd + n, Fd + n, t);
                }
            }
            bad = solve_consistent(zeta, H, Fd, N, N);
        }
        if (bad) {
            st = rr_err_set(err, bad < 0 ? RR_ENOMEM : RR_EINTERNAL,
                            bad < 0 ? "out of memory"
                                    : "polish: normal equations inconsistent");
            goto free2;
        }
        for (long q = 0; q < mk; q++) {
            mpq_ptr a = s->a + keep[q] * k + o;
            for (long n = 0; n < N; n++) {
                mpq_mul(t, F + n * mk + q, zeta + n);
                mpq_add(a, a, t);
            }
        }
    }
free2:
    rr_qvec_free(F, N * mk);
    rr_qvec_free(G, mk * mk);
    rr_qvec_free(H, N * N);
    rr_qvec_free(rhs, mk > N ? mk : N);
    rr_qvec_free(dp, mk);
    rr_qvec_free(zeta, N);
    rr_qvec_free(Fd, N);
    rr_qvec_free(res, N);
out:
    free(keep);
    mpq_clears(t, na, nw, NULL);
    return st;
}

/* ---- the autograd value as a limiting gradient --------------------------- */

typedef struct limctx {
    const rr_dataset_t *data;
    const long *X0;
    long n0, d;
    mpq_ptr sum;
    mpq_t t, u;
} limctx;

static int lim_visit(void *ctx, mpq_srcptr v, int in_L)
{
    limctx *c = ctx;
    if (in_L)
        return 0;
    for (long i = 0; i < c->n0; i++) {
        dot_q(c->u, v, c->data->x + c->X0[i] * c->d, c->d, c->t);
        if (mpq_sgn(c->u) > 0)
            return 0;
    }
    for (long i = 0; i < c->d; i++)
        mpq_add(c->sum + i, c->sum + i, v + i);
    return 0;
}

rr_status rr_ls_autograd_is_limit(int *is_limit, const rr_shallow_t *s,
                                  const rr_dataset_t *data, long cap,
                                  rr_err_t *err)
{
    long N = data->n, d = s->d, m = s->m;
    long *X0 = malloc((size_t)N * sizeof *X0);
    limctx c;
    memset(&c, 0, sizeof c);
    c.sum = rr_qvec_new(d);
    mpq_inits(c.t, c.u, NULL);
    rr_status st = RR_OK;
    *is_limit = 1;
    if (!X0 || !c.sum) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    for (long j = 0; j < m && *is_limit == 1; j++) {
        long n0 = 0;
        for (long n = 0; n < N; n++) {
            dot_q(c.u, s->w + j * d, data->x + n * d, d, c.t);
            if (!mpq_sgn(c.u) && !all_zero(data->x + n * d, d))
                X0[n0++] = n;
        }
        if (!n0)
            continue;
        for (long i = 0; i < d; i++)
            mpq_set_ui(c.sum + i, 0, 1);
        c.data = data;
        c.X0 = X0;
        c.n0 = n0;
        c.d = d;
        long rank, nr;
        int r = for_each_direction(data, X0, n0, d, cap > 0 ? cap : 200000,
                                   &rank, &nr, lim_visit, &c);
        if (r == -1) {
            st = rr_err_set(err, RR_ENOMEM, "out of memory");
            goto out;
        }
        if (r == 2) {
            *is_limit = -1;
            break;
        }
        for (long i = 0; i < n0; i++) {
            dot_q(c.u, c.sum, data->x + X0[i] * d, d, c.t);
            if (mpq_sgn(c.u) >= 0) {
                *is_limit = 0;
                break;
            }
        }
    }
out:
    free(X0);
    rr_qvec_free(c.sum, d);
    mpq_clears(c.t, c.u, NULL);
    return st;
}
