/* rr_norm_bab.c -- certified bounds on the norms by branch and bound over
 * the box (spec/norms.md, "Branch and bound").
 *
 * A node is a sub-box B (exact rational ends).  Upper bounds on B, in MPFR
 * at the working precision with outward rounding:
 *   - interval bound propagation: [l_i, u_i] encloses every hidden
 *     pre-activation on B, [lo_j, hi_j] every output, so
 *     sup_B |f_j| <= max(-lo_j, hi_j);
 *   - an interval Jacobian: backward from output j, the derivative of a
 *     neuron with l_i >= 0 is 1, with u_i <= 0 is 0, else [0, 1]; the
 *     resulting interval vector contains the gradient of f_j on every
 *     region with interior meeting B, and its norm bound (each coordinate
 *     by its largest magnitude) bounds the seminorm on B.
 * Lower bounds are attained values: f at the centre of every node (exact),
 * and the exact gradient at the centre when no pre-activation vanishes
 * there (the centre is then interior to its region).  A node where every
 * neuron is stable is resolved: f is affine on B, so max_B |f_j| and the
 * gradient are computed exactly and the node is closed.  A node is dropped
 * for a quantity once its upper bound is <= the best lower bound.  The
 * search bisects the widest side (relative to the root box) of the node
 * with the largest upper bound for the quantity with the largest relative
 * gap.  Every function here is not yet proved. */
#include "rr_norm_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rr_rand.h"
#include "rr_realize.h"

typedef struct node {
    mpq_ptr box;    /* 2d: lo then hi */
    mpfr_ptr ub;    /* 2k: L^inf of f_j, then seminorm of f_j */
    int refs;       /* heaps holding the node */
    int dead;       /* split: no longer a leaf */
} node;

typedef struct heap {
    node **a;
    long n, cap;
    long q;         /* which ub */
} heap;

typedef struct bab {
    const rr_net_t *net;
    const rr_norm_opts_t *o;
    rr_norm_result_t *res;
    long d, k, nh, maxw, nq;
    int L;
    mpfr_prec_t prec;
    /* weights: point values when exact at prec (wx[l][i] = 1), else
     * intervals */
    mpfr_ptr *wlo, *whi, *blo, *bhi;
    char **wx;
    double **wd;    /* binary64 copies for the centre-gradient filter */
    /* scratch */
    mpfr_ptr xlo, xhi, ylo, yhi;   /* maxw */
    mpfr_ptr zlo, zhi;             /* nh: hidden pre-activation bounds */
    mpfr_ptr fa, fb;               /* maxw * 2(d + 1): affine forms */
    char *zero;                    /* maxw: the form is zero (dead) */
    signed char *state;            /* nh: +1 on, -1 off, 0 unstable */
    mpfr_ptr rlo, rhi, slo, shi;   /* maxw */
    mpfr_t t1, t2, t3;
    double *gd, *gd2;              /* maxw */
    char *pat;
    mpq_ptr ctr, jac, corner;      /* d, k*d, d */
    mpq_t qa, qb;
    rr_nval_t nv;
    rr_eval_t *ev;
    rr_result_t er;
    int have_er;
    rr_rand_t rng;                 /* points near a centre on a kink */
    heap *heaps;                   /* nq */
    mpfr_ptr lbd;                  /* nq: RD of the best lower bounds */
    mpq_ptr rootw;                 /* d: root widths */
    long nodes, resolved, open;
    long lp_max_unstable;          /* resolve by region enumeration up to */
} bab;

/* ---- heaps ---------------------------------------------------------------- */

static int heap_push(heap *h, node *x)
{
    if (h->n == h->cap) {
        long nc = h->cap ? 2 * h->cap : 64;
        node **na = realloc(h->a, (size_t)nc * sizeof *na);
        if (!na)
            return -1;
        h->a = na;
        h->cap = nc;
    }
    long i = h->n++;
    while (i > 0) {
        long p = (i - 1) / 2;
        if (mpfr_greaterequal_p(h->a[p]->ub + h->q, x->ub + h->q))
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = x;
    x->refs++;
    return 0;
}

static node *heap_pop(heap *h)
{
    node *top = h->a[0], *x = h->a[--h->n];
    long i = 0;
    for (;;) {
        long c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n &&
            mpfr_greater_p(h->a[c + 1]->ub + h->q, h->a[c]->ub + h->q))
            c++;
        if (mpfr_greaterequal_p(x->ub + h->q, h->a[c]->ub + h->q))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n)
        h->a[i] = x;
    return top;
}

static void node_free(bab *S, node *x)
{
    if (!x)
        return;
    rr_qvec_free(x->box, 2 * S->d);
    if (x->ub) {
        for (long q = 0; q < S->nq; q++)
            mpfr_clear(x->ub + q);
        free(x->ub);
    }
    free(x);
}

/* Drop one reference taken by a heap.  Not yet proved. */
static void node_unref(bab *S, node *x)
{
    if (--x->refs <= 0) {
        if (!x->dead)
            S->open--;
        node_free(S, x);
    }
}

static node *node_new(bab *S)
{
    node *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->box = rr_qvec_new(2 * S->d);
    x->ub = malloc((size_t)S->nq * sizeof *x->ub);
    if (!x->box || !x->ub) {
        rr_qvec_free(x->box, 2 * S->d);
        free(x->ub);
        free(x);
        return NULL;
    }
    for (long q = 0; q < S->nq; q++)
        mpfr_init2(x->ub + q, S->prec);
    return x;
}

/* ---- bound propagation ---------------------------------------------------- */

/* [slo, shi] (width[l-1]) := [rlo, rhi]^T W_{l-1} (width[l] rows), outward
 * rounding.  Not yet proved. */
static void back_affine(bab *S, int l, mpfr_ptr slo, mpfr_ptr shi,
                        mpfr_srcptr rlo, mpfr_srcptr rhi)
{
    long n = S->net->width[l - 1], m = S->net->width[l];
    for (long c = 0; c < n; c++) {
        mpfr_set_zero(slo + c, 1);
        mpfr_set_zero(shi + c, 1);
    }
    for (long i = 0; i < m; i++) {
        if (mpfr_zero_p(rlo + i) && mpfr_zero_p(rhi + i))
            continue;
        for (long c = 0; c < n; c++) {
            long e = i * n + c;
            mpfr_srcptr wl = S->wlo[l - 1] + e;
            if (S->wx[l - 1][e]) {
                if (mpfr_zero_p(wl))
                    continue;
                int sg = mpfr_sgn(wl);
                mpfr_mul(S->t1, wl, sg > 0 ? rlo + i : rhi + i, MPFR_RNDD);
                mpfr_add(slo + c, slo + c, S->t1, MPFR_RNDD);
                mpfr_mul(S->t1, wl, sg > 0 ? rhi + i : rlo + i, MPFR_RNDU);
                mpfr_add(shi + c, shi + c, S->t1, MPFR_RNDU);
                continue;
            }
            mpfr_srcptr wh = S->whi[l - 1] + e;
            mpfr_mul(S->t1, wl, rlo + i, MPFR_RNDD);
            mpfr_mul(S->t2, wl, rhi + i, MPFR_RNDD);
            mpfr_min(S->t1, S->t1, S->t2, MPFR_RNDD);
            mpfr_mul(S->t2, wh, rlo + i, MPFR_RNDD);
            mpfr_min(S->t1, S->t1, S->t2, MPFR_RNDD);
            mpfr_mul(S->t2, wh, rhi + i, MPFR_RNDD);
            mpfr_min(S->t1, S->t1, S->t2, MPFR_RNDD);
            mpfr_add(slo + c, slo + c, S->t1, MPFR_RNDD);
            mpfr_mul(S->t1, wl, rlo + i, MPFR_RNDU);
            mpfr_mul(S->t2, wl, rhi + i, MPFR_RNDU);
            mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
            mpfr_mul(S->t2, wh, rlo + i, MPFR_RNDU);
            mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
            mpfr_mul(S->t2, wh, rhi + i, MPFR_RNDU);
            mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
            mpfr_add(shi + c, shi + c, S->t1, MPFR_RNDU);
        }
    }
}

/* Affine forms: every value v(x) on the node is represented as
 *   v(x) = c . x + beta,  c in [clo, chi] (fixed, unknown), beta in
 *   [blo, bhi] (may depend on x),
 * stored with stride 2(d + 1): (clo_k, chi_k) for k < d, then (blo, bhi).
 * dst := W src + b for layer l, outward rounding.  Sources that are the
 * zero form (dead neurons) are skipped.  Not yet proved. */
static void form_affine(bab *S, int l, mpfr_ptr dst, mpfr_srcptr src,
                        const char *src_zero)
{
    long n = S->net->width[l], m = S->net->width[l + 1], d = S->d;
    long st = 2 * (d + 1);
    for (long i = 0; i < m; i++) {
        mpfr_ptr f = dst + i * st;
        for (long t = 0; t < d; t++) {
            mpfr_set_zero(f + 2 * t, 1);
            mpfr_set_zero(f + 2 * t + 1, 1);
        }
        mpfr_set(f + 2 * d, S->blo[l] + i, MPFR_RNDD);
        mpfr_set(f + 2 * d + 1, S->bhi[l] + i, MPFR_RNDU);
        for (long j = 0; j < n; j++) {
            if (src_zero && src_zero[j])
                continue;
            long e = i * n + j;
            mpfr_srcptr wl = S->wlo[l] + e, wh = S->whi[l] + e;
            mpfr_srcptr g = src + j * st;
            if (S->wx[l][e]) {
                int sg = mpfr_sgn(wl);
                if (!sg)
                    continue;
                for (long t = 0; t <= d; t++) {
                    mpfr_mul(S->t1, wl, g + 2 * t + (sg < 0), MPFR_RNDD);
                    mpfr_add(f + 2 * t, f + 2 * t, S->t1, MPFR_RNDD);
                    mpfr_mul(S->t1, wl, g + 2 * t + (sg > 0), MPFR_RNDU);
                    mpfr_add(f + 2 * t + 1, f + 2 * t + 1, S->t1, MPFR_RNDU);
                }
                continue;
            }
            for (long t = 0; t <= d; t++) { /* interval weight */
                mpfr_srcptr glo = g + 2 * t, ghi = g + 2 * t + 1;
                mpfr_mul(S->t1, wl, glo, MPFR_RNDD);
                mpfr_mul(S->t2, wl, ghi, MPFR_RNDD);
                mpfr_min(S->t1, S->t1, S->t2, MPFR_RNDD);
                mpfr_mul(S->t2, wh, glo, MPFR_RNDD);
                mpfr_min(S->t1, S->t1, S->t2, MPFR_RNDD);
                mpfr_mul(S->t2, wh, ghi, MPFR_RNDD);
                mpfr_min(S->t1, S->t1, S->t2, MPFR_RNDD);
                mpfr_add(f + 2 * t, f + 2 * t, S->t1, MPFR_RNDD);
                mpfr_mul(S->t1, wl, glo, MPFR_RNDU);
                mpfr_mul(S->t2, wl, ghi, MPFR_RNDU);
                mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
                mpfr_mul(S->t2, wh, glo, MPFR_RNDU);
                mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
                mpfr_mul(S->t2, wh, ghi, MPFR_RNDU);
                mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
                mpfr_add(f + 2 * t + 1, f + 2 * t + 1, S->t1, MPFR_RNDU);
            }
        }
    }
}

/* [lo, hi] := the range of the form f over the node's box xlo/xhi
 * (outward).  Not yet proved. */
static void form_range(bab *S, mpfr_srcptr f, mpfr_ptr lo, mpfr_ptr hi)
{
    long d = S->d;
    mpfr_set(lo, f + 2 * d, MPFR_RNDD);
    mpfr_set(hi, f + 2 * d + 1, MPFR_RNDU);
    for (long k = 0; k < d; k++) {
        mpfr_srcptr c[2] = {f + 2 * k, f + 2 * k + 1};
        mpfr_srcptr x[2] = {S->xlo + k, S->xhi + k};
        mpfr_mul(S->t1, c[0], x[0], MPFR_RNDD);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                mpfr_mul(S->t2, c[a], x[b], MPFR_RNDD);
                mpfr_min(S->t1, S->t1, S->t2, MPFR_RNDD);
            }
        mpfr_add(lo, lo, S->t1, MPFR_RNDD);
        mpfr_mul(S->t1, c[0], x[0], MPFR_RNDU);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                mpfr_mul(S->t2, c[a], x[b], MPFR_RNDU);
                mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
            }
        mpfr_add(hi, hi, S->t1, MPFR_RNDU);
    }
}

/* Forward pass over node x with affine forms: hidden bounds [l, u]
 * (zlo/zhi), states, output bounds into ylo/yhi.  An unstable neuron
 * (l < 0 < u) is relaxed as rho(z) = lambda z + m with lambda =
 * u / (u - l) rounded (any lambda works) and m in the exact range of
 * rho(z) - lambda z over [l, u]:
 * [min(0, u - lambda u), max(-lambda l, u - lambda u)], rounded outward.
 * Returns the number of unstable neurons.  Not yet proved. */
static long forward(bab *S, const node *x)
{
    long d = S->d, off = 0, unstable = 0, st = 2 * (d + 1);
    mpfr_ptr in = S->fa, out = S->fb;
    for (long i = 0; i < d; i++) {
        mpfr_set_q(S->xlo + i, x->box + i, MPFR_RNDD);
        mpfr_set_q(S->xhi + i, x->box + (d + i), MPFR_RNDU);
        for (long t = 0; t < 2 * (d + 1); t++)
            mpfr_set_ui(in + (i * st + t), t / 2 == i, MPFR_RNDN);
        S->zero[i] = 0;
    }
    for (int l = 0; l < S->L; l++) {
        long m = S->net->width[l + 1];
        form_affine(S, l, out, in, S->zero);
        for (long i = 0; i < m; i++)
            form_range(S, out + i * st, S->ylo + i, S->yhi + i);
        mpfr_ptr tmp = in;
        in = out;
        out = tmp;
        if (l + 1 == S->L)
            break;
        for (long i = 0; i < m; i++) {
            mpfr_ptr f = in + i * st;
            mpfr_set(S->zlo + off + i, S->ylo + i, MPFR_RNDD);
            mpfr_set(S->zhi + off + i, S->yhi + i, MPFR_RNDU);
            signed char s = mpfr_sgn(S->yhi + i) <= 0   ? -1
                            : mpfr_sgn(S->ylo + i) >= 0 ? 1
                                                        : 0;
            S->state[off + i] = s;
            S->zero[i] = s < 0;
            if (s)
                continue;
            unstable++;
            /* lambda = u / (u - l) */
            mpfr_sub(S->t1, S->yhi + i, S->ylo + i, MPFR_RNDN);
            mpfr_div(S->t3, S->yhi + i, S->t1, MPFR_RNDN);
            if (mpfr_cmp_ui(S->t3, 1) > 0)
                mpfr_set_ui(S->t3, 1, MPFR_RNDN);
            for (long t = 0; t <= d; t++) {
                mpfr_mul(f + 2 * t, f + 2 * t, S->t3, MPFR_RNDD);
                mpfr_mul(f + 2 * t + 1, f + 2 * t + 1, S->t3, MPFR_RNDU);
            }
            /* u - lambda u, rounded down and up */
            mpfr_mul(S->t1, S->t3, S->yhi + i, MPFR_RNDU);
            mpfr_sub(S->t1, S->yhi + i, S->t1, MPFR_RNDD);
            mpfr_mul(S->t2, S->t3, S->yhi + i, MPFR_RNDD);
            mpfr_sub(S->t2, S->yhi + i, S->t2, MPFR_RNDU);
            if (mpfr_sgn(S->t1) > 0)
                mpfr_set_zero(S->t1, 1);
            mpfr_add(f + 2 * d, f + 2 * d, S->t1, MPFR_RNDD);
            /* -lambda l, rounded up */
            mpfr_mul(S->t1, S->t3, S->ylo + i, MPFR_RNDD);
            mpfr_neg(S->t1, S->t1, MPFR_RNDU);
            mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
            mpfr_add(f + 2 * d + 1, f + 2 * d + 1, S->t1, MPFR_RNDU);
        }
        off += m;
    }
    return unstable;
}

/* Upper bound (RU) on the gradient norm of f_j over the node, from the
 * states of the last forward pass.  Not yet proved. */
static void grad_bound(bab *S, long j, mpfr_ptr out)
{
    int L = S->L;
    long n = S->net->width[L - 1];
    for (long i = 0; i < n; i++) {
        mpfr_set(S->rlo + i, S->wlo[L - 1] + (j * n + i), MPFR_RNDD);
        mpfr_set(S->rhi + i, S->whi[L - 1] + (j * n + i), MPFR_RNDU);
    }
    long off = S->nh;
    mpfr_ptr rlo = S->rlo, rhi = S->rhi, slo = S->slo, shi = S->shi;
    for (int l = L - 1; l >= 1; l--) {
        long m = S->net->width[l];
        off -= m;
        for (long i = 0; i < m; i++) {
            signed char s = S->state[off + i];
            if (s < 0) {
                mpfr_set_zero(rlo + i, 1);
                mpfr_set_zero(rhi + i, 1);
            } else if (s == 0) {
                if (mpfr_sgn(rlo + i) > 0)
                    mpfr_set_zero(rlo + i, 1);
                if (mpfr_sgn(rhi + i) < 0)
                    mpfr_set_zero(rhi + i, 1);
            }
        }
        back_affine(S, l, slo, shi, rlo, rhi);
        mpfr_ptr t = rlo;
        rlo = slo;
        slo = t;
        t = rhi;
        rhi = shi;
        shi = t;
    }
    /* rlo, rhi: d intervals */
    mpfr_set_zero(out, 1);
    for (long i = 0; i < S->d; i++) {
        mpfr_abs(S->t1, rlo + i, MPFR_RNDU);
        mpfr_abs(S->t2, rhi + i, MPFR_RNDU);
        mpfr_max(S->t1, S->t1, S->t2, MPFR_RNDU);
        switch (S->o->grad) {
        case RR_GRAD_L2:
            mpfr_fma(out, S->t1, S->t1, out, MPFR_RNDU);
            break;
        case RR_GRAD_L1:
            mpfr_add(out, out, S->t1, MPFR_RNDU);
            break;
        case RR_GRAD_LINF:
            mpfr_max(out, out, S->t1, MPFR_RNDU);
            break;
        }
    }
    if (S->o->grad == RR_GRAD_L2)
        mpfr_sqrt(out, out, MPFR_RNDU);
}

/* ---- lower bounds ------------------------------------------------------- */

/* The best lower bound of quantity q changed: refresh lbd[q]. */
static void lb_refresh(bab *S, long q)
{
    rr_nbound_t *b = q < S->k ? &S->res->linf[q] : &S->res->semi[q - S->k];
    if (!b->known)
        return;
    mpfr_t up;
    mpfr_init2(up, S->prec);
    rr_nval_enclose(S->lbd + q, up, &b->lo);
    mpfr_clear(up);
}

/* A binary64 estimate of the gradient norm of f_j for the pattern S->pat,
 * used only to skip exact gradient computations that cannot help.  Not
 * yet proved. */
static double grad_estimate(bab *S, long j)
{
    int L = S->L;
    long n = S->net->width[L - 1];
    double *g = S->gd, *h = S->gd2;
    for (long i = 0; i < n; i++)
        g[i] = S->wd[L - 1][j * n + i];
    long off = S->nh;
    for (int l = L - 1; l >= 1; l--) {
        long m = S->net->width[l], nn = S->net->width[l - 1];
        off -= m;
        for (long c = 0; c < nn; c++)
            h[c] = 0;
        for (long i = 0; i < m; i++) {
            if (S->pat[off + i] != '+' || g[i] == 0)
                continue;
            const double *w = S->wd[l - 1] + i * nn;
            for (long c = 0; c < nn; c++)
                h[c] += g[i] * w[c];
        }
        double *t = g;
        g = h;
        h = t;
    }
    double s = 0;
    for (long i = 0; i < S->d; i++) {
        double a = fabs(g[i]);
        s = S->o->grad == RR_GRAD_L2     ? s + a * a
            : S->o->grad == RR_GRAD_L1   ? s + a
            : a > s                      ? a
                                         : s;
    }
    return S->o->grad == RR_GRAD_L2 ? sqrt(s) : s;
}

/* Exact evaluation at the node's centre: value lower bounds, and gradient
 * lower bounds when no neuron vanishes there.  Not yet proved. */
static rr_status centre_bounds(bab *S, const node *x, rr_err_t *err)
{
    long d = S->d, k = S->k;
    for (long i = 0; i < d; i++) {
        mpq_add(S->ctr + i, x->box + i, x->box + (d + i));
        mpq_div_2exp(S->ctr + i, S->ctr + i, 1);
    }
    rr_status st = rr_eval_point(S->ev, &S->er, S->ctr, 0, err);
    if (st)
        return st;
    for (long j = 0; j < k; j++)
        if (rr_nb_offer_value(&S->res->linf[j], S->er.q + j, S->ctr, d, j))
            lb_refresh(S, j);
    /* on a kink: try a few points near the centre (a deterministic
     * sequence) for one where no pre-activation vanishes */
    for (int tries = 0; S->er.n_ties && tries < 8; tries++) {
        for (long i = 0; i < d; i++) { /* mid + (hi - lo) r, |r| < 1/4 */
            mpq_sub(S->qa, x->box + (d + i), x->box + i);
            mpq_set_si(S->qb, rr_rand_range(&S->rng, -255, 255), 1024);
            mpq_canonicalize(S->qb);
            mpq_mul(S->qa, S->qa, S->qb);
            mpq_add(S->ctr + i, x->box + i, x->box + (d + i));
            mpq_div_2exp(S->ctr + i, S->ctr + i, 1);
            mpq_add(S->ctr + i, S->ctr + i, S->qa);
        }
        if ((st = rr_eval_point(S->ev, &S->er, S->ctr, 0, err)))
            return st;
        for (long j = 0; j < k; j++)
            if (rr_nb_offer_value(&S->res->linf[j], S->er.q + j, S->ctr, d, j))
                lb_refresh(S, j);
    }
    if (S->er.n_ties)
        return RR_OK;
    memcpy(S->pat, S->er.pattern, (size_t)S->nh);
    int want = 0;
    for (long j = 0; j < k && !want; j++) {
        rr_nbound_t *b = &S->res->semi[j];
        if (!b->known) {
            want = 1;
            break;
        }
        double est = grad_estimate(S, j);
        double lb = mpfr_get_d(S->lbd + k + j, MPFR_RNDD);
        want = est >= lb * (1 - 1e-6) - 1e-300;
    }
    if (!want)
        return RR_OK;
    if ((st = rr_jacobian_of_pattern(S->jac, S->net, S->pat, err)))
        return st;
    for (long j = 0; j < k; j++) {
        rr_gradnorm_value(&S->nv, S->jac + j * d, d, S->o->grad);
        if (rr_nb_improves(&S->res->semi[j], &S->nv)) {
            rr_nb_set_grad(&S->res->semi[j], &S->nv, S->ctr, S->jac + j * d,
                           d, j);
            lb_refresh(S, k + j);
        }
    }
    return RR_OK;
}

/* f is affine on the node (every neuron stable): exact maxima.  Returns 1
 * if handled, 0 if the centre is not a usable gradient witness (the node
 * then stays open).  Not yet proved. */
static int resolve(bab *S, const node *x, rr_err_t *err, rr_status *st)
{
    long d = S->d, k = S->k;
    for (long i = 0; i < d; i++) {
        mpq_add(S->ctr + i, x->box + i, x->box + (d + i));
        mpq_div_2exp(S->ctr + i, S->ctr + i, 1);
    }
    if ((*st = rr_eval_point(S->ev, &S->er, S->ctr, RR_WANT_JACOBIAN, err)))
        return 1;
    if (S->er.differentiable != RR_DIFF_YES)
        return 0;
    for (long h = 0; h < S->nh; h++)
        S->pat[h] = S->state[h] > 0 ? '+' : '-';
    if ((*st = rr_jacobian_of_pattern(S->jac, S->net, S->pat, err)))
        return 1;
    for (long t = 0; t < k * d; t++)
        if (!mpq_equal(S->jac + t, S->er.jac + t)) {
            *st = rr_err_set(err, RR_EINTERNAL,
                             "norm (bab): the affine piece of a resolved box "
                             "disagrees with the Jacobian at its centre");
            return 1;
        }
    for (long j = 0; j < k; j++) {
        /* corner maximizing |f_j|: x_i = c_i + s sign(g_i) w_i / 2 */
        mpq_srcptr g = S->jac + j * d;
        int s = mpq_sgn(S->er.q + j) >= 0 ? 1 : -1;
        mpq_set(S->qa, S->er.q + j);
        for (long i = 0; i < d; i++) {
            int gs = mpq_sgn(g + i) * s;
            mpq_set(S->corner + i,
                    gs > 0 ? x->box + (d + i) : gs < 0 ? x->box + i
                                                       : S->ctr + i);
            mpq_sub(S->qb, S->corner + i, S->ctr + i);
            mpq_mul(S->qb, S->qb, g + i);
            mpq_add(S->qa, S->qa, S->qb);
        }
        if (rr_nb_offer_value(&S->res->linf[j], S->qa, S->corner, d, j))
            lb_refresh(S, j);
        rr_gradnorm_value(&S->nv, g, d, S->o->grad);
        if (rr_nb_improves(&S->res->semi[j], &S->nv)) {
            rr_nb_set_grad(&S->res->semi[j], &S->nv, S->ctr, g, d, j);
            lb_refresh(S, k + j);
        }
    }
    S->resolved++;
    return 1;
}

/* Evaluate node x and put it in the heaps where it is still open.  Not
 * yet proved. */
static rr_status evaluate(bab *S, node *x, rr_err_t *err)
{
    long k = S->k;
    S->nodes++;
    long unstable = forward(S, x);
    rr_status st = RR_OK;
    if (!unstable && resolve(S, x, err, &st)) {
        node_free(S, x);
        return st;
    }
    if (unstable && unstable <= S->lp_max_unstable) {
        /* few unstable neurons: the regions meeting the node, exactly */
        int to = 0;
        st = rr_norm_regions_box(S->res, S->net, x->box, x->box + S->d,
                                 S->state, S->o->grad, NULL, &to, err);
        node_free(S, x);
        for (long q = 0; q < S->nq; q++)
            lb_refresh(S, q);
        S->resolved++;
        return st;
    }
    for (long j = 0; j < k; j++) {
        mpfr_neg(S->t1, S->ylo + j, MPFR_RNDU);
        mpfr_max(x->ub + j, S->t1, S->yhi + j, MPFR_RNDU);
    }
    for (long j = 0; j < k; j++)
        grad_bound(S, j, x->ub + k + j);
    if ((st = centre_bounds(S, x, err))) {
        node_free(S, x);
        return st;
    }
    for (long q = 0; q < S->nq; q++) {
        rr_nbound_t *b = q < k ? &S->res->linf[q] : &S->res->semi[q - k];
        if (b->known && mpfr_lessequal_p(x->ub + q, S->lbd + q))
            continue;
        if (heap_push(&S->heaps[q], x)) {
            if (!x->refs)
                node_free(S, x);
            return rr_err_set(err, RR_ENOMEM, "out of memory (bab)");
        }
    }
    if (x->refs)
        S->open++;
    else
        node_free(S, x);
    return RR_OK;
}

/* A gradient witness for every component from the first region of the
 * box (lexicographic perturbation of its centre, interior point by LP):
 * used when every centre evaluated so far lay on a kink.  Not yet
 * proved. */
static rr_status first_witness_visit(void *ctx, rr_region_t *R, rr_err_t *err)
{
    bab *S = ctx;
    rr_status st = rr_region_interior(R, S->ctr, err);
    if (st)
        return st;
    for (long j = 0; j < R->k; j++) {
        rr_gradnorm_value(&S->nv, R->jac + j * R->d, R->d, S->o->grad);
        if (rr_nb_improves(&S->res->semi[j], &S->nv))
            rr_nb_set_grad(&S->res->semi[j], &S->nv, S->ctr,
                           R->jac + j * R->d, R->d, j);
    }
    R->stop = 1;
    return RR_OK;
}

static rr_status first_region_witness(bab *S, rr_err_t *err)
{
    rr_regions_stats_t stats;
    rr_status st = rr_regions_enumerate(S->net, S->res->lo, S->res->hi, NULL,
                                        first_witness_visit, S, NULL, &stats,
                                        err);
    S->res->lps += stats.lps;
    for (long q = 0; q < S->nq; q++)
        lb_refresh(S, q);
    return st;
}

/* ---- setup and the search ----------------------------------------------- */

static void bab_free(bab *S)
{
    const rr_net_t *net = S->net;
    for (int l = 0; l < S->L; l++) {
        long n = net->width[l] * net->width[l + 1], m = net->width[l + 1];
        if (S->wlo && S->wlo[l]) {
            for (long e = 0; e < n; e++) {
                mpfr_clear(S->wlo[l] + e);
                mpfr_clear(S->whi[l] + e);
            }
            for (long i = 0; i < m; i++) {
                mpfr_clear(S->blo[l] + i);
                mpfr_clear(S->bhi[l] + i);
            }
        }
        if (S->wlo) {
            free(S->wlo[l]);
            free(S->whi[l]);
            free(S->blo[l]);
            free(S->bhi[l]);
            free(S->wx[l]);
            free(S->wd[l]);
        }
    }
    free(S->wlo);
    free(S->whi);
    free(S->blo);
    free(S->bhi);
    free(S->wx);
    free(S->wd);
    mpfr_ptr *vecs[] = {&S->xlo, &S->xhi, &S->ylo, &S->yhi,
                        &S->rlo, &S->rhi, &S->slo, &S->shi};
    for (int v = 0; v < 8; v++) {
        if (*vecs[v])
            for (long i = 0; i < S->maxw; i++)
                mpfr_clear(*vecs[v] + i);
        free(*vecs[v]);
    }
    if (S->zlo)
        for (long i = 0; i < S->nh; i++) {
            mpfr_clear(S->zlo + i);
            mpfr_clear(S->zhi + i);
        }
    free(S->zlo);
    free(S->zhi);
    if (S->fa)
        for (long i = 0; i < S->maxw * 2 * (S->d + 1); i++)
            mpfr_clear(S->fa + i);
    if (S->fb)
        for (long i = 0; i < S->maxw * 2 * (S->d + 1); i++)
            mpfr_clear(S->fb + i);
    free(S->fa);
    free(S->fb);
    free(S->zero);
    free(S->state);
    mpfr_clear(S->t1);
    mpfr_clear(S->t2);
    mpfr_clear(S->t3);
    free(S->gd);
    free(S->gd2);
    free(S->pat);
    rr_qvec_free(S->ctr, S->d);
    rr_qvec_free(S->jac, S->k * S->d);
    rr_qvec_free(S->corner, S->d);
    rr_qvec_free(S->rootw, S->d);
    mpq_clear(S->qa);
    mpq_clear(S->qb);
    rr_nval_clear(&S->nv);
    if (S->have_er)
        rr_result_clear(&S->er);
    rr_eval_free(S->ev);
    if (S->heaps)
        for (long q = 0; q < S->nq; q++) {
            heap *h = &S->heaps[q];
            for (long i = 0; i < h->n; i++)
                node_unref(S, h->a[i]);
            free(h->a);
        }
    free(S->heaps);
    if (S->lbd)
        for (long q = 0; q < S->nq; q++)
            mpfr_clear(S->lbd + q);
    free(S->lbd);
}

static mpfr_ptr fvec(long n, mpfr_prec_t p)
{
    mpfr_ptr v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (v)
        for (long i = 0; i < n; i++)
            mpfr_init2(v + i, p);
    return v;
}

static int bab_setup(bab *S)
{
    const rr_net_t *net = S->net;
    int L = S->L;
    S->wlo = calloc((size_t)L, sizeof *S->wlo);
    S->whi = calloc((size_t)L, sizeof *S->whi);
    S->blo = calloc((size_t)L, sizeof *S->blo);
    S->bhi = calloc((size_t)L, sizeof *S->bhi);
    S->wx = calloc((size_t)L, sizeof *S->wx);
    S->wd = calloc((size_t)L, sizeof *S->wd);
    if (!S->wlo || !S->whi || !S->blo || !S->bhi || !S->wx || !S->wd)
        return -1;
    for (int l = 0; l < L; l++) {
        long m = net->width[l + 1], n = net->width[l] * m;
        S->wlo[l] = fvec(n, S->prec);
        S->whi[l] = fvec(n, S->prec);
        S->blo[l] = fvec(m, S->prec);
        S->bhi[l] = fvec(m, S->prec);
        S->wx[l] = malloc((size_t)n);
        S->wd[l] = malloc((size_t)n * sizeof(double));
        if (!S->wlo[l] || !S->whi[l] || !S->blo[l] || !S->bhi[l] ||
            !S->wx[l] || !S->wd[l])
            return -1;
        for (long e = 0; e < n; e++) {
            int a = mpfr_set_q(S->wlo[l] + e, net->w[l] + e, MPFR_RNDD);
            mpfr_set_q(S->whi[l] + e, net->w[l] + e, MPFR_RNDU);
            S->wx[l][e] = a == 0;
            S->wd[l][e] = mpq_get_d(net->w[l] + e);
        }
        for (long i = 0; i < m; i++) {
            mpfr_set_q(S->blo[l] + i, net->b[l] + i, MPFR_RNDD);
            mpfr_set_q(S->bhi[l] + i, net->b[l] + i, MPFR_RNDU);
        }
    }
    S->xlo = fvec(S->maxw, S->prec);
    S->xhi = fvec(S->maxw, S->prec);
    S->ylo = fvec(S->maxw, S->prec);
    S->yhi = fvec(S->maxw, S->prec);
    S->rlo = fvec(S->maxw, S->prec);
    S->rhi = fvec(S->maxw, S->prec);
    S->slo = fvec(S->maxw, S->prec);
    S->shi = fvec(S->maxw, S->prec);
    S->zlo = fvec(S->nh, S->prec);
    S->zhi = fvec(S->nh, S->prec);
    S->state = malloc((size_t)(S->nh ? S->nh : 1));
    S->fa = fvec(S->maxw * 2 * (S->d + 1), S->prec);
    S->fb = fvec(S->maxw * 2 * (S->d + 1), S->prec);
    S->zero = malloc((size_t)S->maxw);
    S->gd = malloc((size_t)S->maxw * sizeof(double));
    S->gd2 = malloc((size_t)S->maxw * sizeof(double));
    S->pat = malloc((size_t)S->nh + 1);
    S->ctr = rr_qvec_new(S->d);
    S->jac = rr_qvec_new(S->k * S->d);
    S->corner = rr_qvec_new(S->d);
    S->rootw = rr_qvec_new(S->d);
    S->heaps = calloc((size_t)S->nq, sizeof *S->heaps);
    S->lbd = fvec(S->nq, S->prec);
    if (!S->xlo || !S->xhi || !S->ylo || !S->yhi || !S->rlo || !S->rhi ||
        !S->slo || !S->shi || !S->zlo || !S->zhi || !S->state || !S->gd ||
        !S->gd2 || !S->pat || !S->ctr || !S->jac || !S->corner ||
        !S->rootw || !S->heaps || !S->lbd || !S->fa || !S->fb || !S->zero)
        return -1;
    for (long q = 0; q < S->nq; q++) {
        S->heaps[q].q = q;
        mpfr_set_zero(S->lbd + q, 1);
    }
    return 0;
}

/* The widest side of x relative to the root box.  Not yet proved. */
static long split_dim(bab *S, const node *x)
{
    long best = 0;
    mpq_t w, bw;
    mpq_init(w);
    mpq_init(bw);
    for (long i = 0; i < S->d; i++) {
        mpq_sub(w, x->box + (S->d + i), x->box + i);
        mpq_div(w, w, S->rootw + i);
        if (i == 0 || mpq_cmp(w, bw) > 0) {
            mpq_set(bw, w);
            best = i;
        }
    }
    mpq_clear(w);
    mpq_clear(bw);
    return best;
}

/* Upper bound of quantity q right now (RU) into out; 1 if the heap is
 * empty (the quantity is exact).  Cleans the heap's top.  Not yet
 * proved. */
static int current_hi(bab *S, long q, mpfr_ptr out)
{
    heap *h = &S->heaps[q];
    rr_nbound_t *b = q < S->k ? &S->res->linf[q] : &S->res->semi[q - S->k];
    while (h->n) {
        node *t = h->a[0];
        if (!t->dead && !(b->known && mpfr_lessequal_p(t->ub + q, S->lbd + q)))
            break;
        heap_pop(h);
        node_unref(S, t);
    }
    mpfr_t lo;
    mpfr_init2(lo, S->prec);
    if (b->known)
        rr_nval_enclose(lo, out, &b->lo);
    else
        mpfr_set_zero(out, 1);
    mpfr_clear(lo);
    if (!h->n)
        return 1;
    mpfr_max(out, out, h->a[0]->ub + q, MPFR_RNDU);
    return 0;
}

/* Relative (or absolute) gap of quantity q, rounded up; 0 when exact. */
static double gap_of(bab *S, long q, mpfr_srcptr hi)
{
    double h = mpfr_get_d(hi, MPFR_RNDU);
    double l = mpfr_get_d(S->lbd + q, MPFR_RNDD);
    double g = h - l;
    if (g <= 0)
        return 0;
    if (S->o->gap_abs)
        return g;
    return h > 0 ? g / h : 0;
}

rr_status rr_norm_bab(rr_norm_result_t *res, const rr_net_t *net,
                      const rr_norm_opts_t *o, const rr_clock_t *clk,
                      rr_err_t *err)
{
    bab S;
    memset(&S, 0, sizeof S);
    S.net = net;
    S.o = o;
    S.res = res;
    S.d = net->width[0];
    S.k = net->width[net->depth];
    S.L = net->depth;
    S.nq = 2 * S.k;
    S.prec = o->prec < 24 ? 24 : (mpfr_prec_t)o->prec;
    S.maxw = 1;
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] > S.maxw)
            S.maxw = net->width[l];
    for (int l = 1; l < net->depth; l++)
        S.nh += net->width[l];
    mpfr_init2(S.t1, S.prec);
    mpfr_init2(S.t2, S.prec);
    mpfr_init2(S.t3, S.prec);
    mpq_init(S.qa);
    mpq_init(S.qb);
    rr_nval_init(&S.nv);
    rr_status st = RR_OK;
    long d = S.d, k = S.k;
    if (bab_setup(&S)) {
        bab_free(&S);
        return rr_err_set(err, RR_ENOMEM, "out of memory (bab)");
    }
    rr_mode_t mx = {RR_MODE_EXACT, 0};
    if ((st = rr_eval_new(&S.ev, net, mx, err)) ||
        (st = rr_result_init(&S.er, S.ev, err))) {
        bab_free(&S);
        return st;
    }
    S.have_er = 1;
    rr_rand_seed(&S.rng, 20240607);
    for (long q = 0; q < S.nq; q++)
        lb_refresh(&S, q);
    for (long i = 0; i < d; i++)
        mpq_sub(S.rootw + i, res->hi + i, res->lo + i);
    /* Region enumeration on a node costs about 2^u exact affine passes of
     * (d + 1) rationals per parameter, plus LPs: allowed while that stays
     * near 2e5 operations, and for at most 6 unstable neurons. */
    {
        double per = (double)(d + 1) * (double)rr_net_param_count(net);
        S.lp_max_unstable = 0;
        while (S.lp_max_unstable < 6 &&
               per * (double)(2L << S.lp_max_unstable) <= 2e5)
            S.lp_max_unstable++;
    }
    /* the corners of the box (d <= 12): early lower bounds */
    if (d <= 12) {
        for (unsigned long c = 0; c < (1UL << d) && !st; c++) {
            for (long i = 0; i < d; i++)
                mpq_set(S.corner + i, (c >> i) & 1 ? res->hi + i : res->lo + i);
            st = rr_eval_point(S.ev, &S.er, S.corner, 0, err);
            for (long j = 0; j < k && !st; j++)
                if (rr_nb_offer_value(&res->linf[j], S.er.q + j, S.corner, d,
                                      j))
                    lb_refresh(&S, j);
        }
    }
    node *root = st ? NULL : node_new(&S);
    if (!st && !root)
        st = rr_err_set(err, RR_ENOMEM, "out of memory (bab)");
    if (!st) {
        for (long i = 0; i < d; i++) {
            mpq_set(root->box + i, res->lo + i);
            mpq_set(root->box + (d + i), res->hi + i);
        }
        st = evaluate(&S, root, err);
    }
    rr_progress_t prog;
    rr_progress_start(&prog, o, clk);
    mpfr_ptr his = fvec(S.nq, S.prec);
    int *done = calloc((size_t)S.nq, sizeof *done);
    if (!st && (!his || !done))
        st = rr_err_set(err, RR_ENOMEM, "out of memory (bab)");
    res->stop = RR_STOP_COMPLETE;
    while (!st) {
        long pick = -1;
        double worst = -1;
        int all_exact = 1;
        for (long q = 0; q < S.nq; q++) {
            done[q] = current_hi(&S, q, his + q);
            if (done[q])
                continue;
            all_exact = 0;
            double g = gap_of(&S, q, his + q);
            int ok = (o->gap > 0 || o->gap_abs) && g <= o->gap;
            if (!ok && g > worst) {
                worst = g;
                pick = q;
            }
        }
        if (rr_progress_due(&prog)) {
            double lh = 0, sh = 0;
            for (long j = 0; j < k; j++) {
                double a = mpfr_get_d(his + j, MPFR_RNDU);
                double b = mpfr_get_d(his + k + j, MPFR_RNDU);
                lh = a > lh ? a : lh;
                sh = b > sh ? b : sh;
            }
            rr_progress_send(&prog, clk, "branch and bound", S.nodes, S.open,
                             res, lh, sh);
        }
        if (all_exact) {
            res->stop = RR_STOP_COMPLETE;
            break;
        }
        if (pick < 0) {
            res->stop = RR_STOP_GAP;
            break;
        }
        if (rr_clock_over(clk)) {
            res->stop = RR_STOP_BUDGET;
            break;
        }
        if (o->max_nodes > 0 && S.nodes >= o->max_nodes) {
            res->stop = RR_STOP_NODES;
            break;
        }
        heap *h = &S.heaps[pick];
        node *x = heap_pop(h);
        x->dead = 1;
        S.open--;
        long i = split_dim(&S, x);
        node *c[2] = {node_new(&S), node_new(&S)};
        if (!c[0] || !c[1]) {
            node_free(&S, c[0]);
            node_free(&S, c[1]);
            node_unref(&S, x);
            st = rr_err_set(err, RR_ENOMEM, "out of memory (bab)");
            break;
        }
        for (int s = 0; s < 2; s++) {
            for (long t = 0; t < 2 * d; t++)
                mpq_set(c[s]->box + t, x->box + t);
            mpq_add(S.qa, x->box + i, x->box + (d + i));
            mpq_div_2exp(S.qa, S.qa, 1);
            mpq_set(c[s]->box + (s ? i : d + i), S.qa);
        }
        node_unref(&S, x);
        st = evaluate(&S, c[0], err);
        if (st)
            node_free(&S, c[1]);
        else
            st = evaluate(&S, c[1], err);
    }
    for (long j = 0; j < k && !st; j++)
        if (!res->semi[j].known)
            st = first_region_witness(&S, err);
    if (!st) {
        for (long q = 0; q < S.nq; q++) {
            done[q] = current_hi(&S, q, his + q);
            rr_nbound_t *b = q < k ? &res->linf[q] : &res->semi[q - k];
            if (!b->known) {
                st = rr_err_set(err, RR_EINTERNAL,
                                "norm (bab): no witness for a quantity");
                break;
            }
            b->exact = done[q];
            mpfr_set(b->hi_up, his + q, MPFR_RNDU);
        }
        res->method = RR_NORM_BAB;
        res->nodes += S.nodes;
        res->resolved += S.resolved;
        res->open = S.open;
    }
    if (his)
        for (long q = 0; q < S.nq; q++)
            mpfr_clear(his + q);
    free(his);
    free(done);
    bab_free(&S);
    return st;
}
