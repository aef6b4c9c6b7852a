/* rr_normal.c -- normal forms (spec/degeneracy.md).  See rr_normal.h. */
#include "rr_normal.h"

#include <stdlib.h>
#include <string.h>

#include "rr_degen.h"

#define NOMEM(err) rr_err_set((err), RR_ENOMEM, "normal form: out of memory")

/* Lexicographic comparison of two rational rows of length n. */
static int row_cmp(mpq_srcptr a, mpq_srcptr b, long n)
{
    for (long j = 0; j < n; j++) {
        int c = mpq_cmp(a + j, b + j);
        if (c)
            return c < 0 ? -1 : 1;
    }
    return 0;
}

static void row_swap(mpq_ptr a, mpq_ptr b, long n)
{
    for (long j = 0; j < n; j++)
        mpq_swap(a + j, b + j);
}

/* ---- shallow parameter lists --------------------------------------------- */

rr_status rr_sp_init(rr_sp_t *p, long w, long d, long k, rr_err_t *err)
{
    p->w = w;
    p->d = d;
    p->k = k;
    p->U = rr_qvec_new(w * (d + 1));
    p->C = rr_qvec_new(w * k);
    p->e = rr_qvec_new(k);
    if (!p->U || !p->C || !p->e) {
        rr_sp_clear(p);
        return NOMEM(err);
    }
    return RR_OK;
}

void rr_sp_clear(rr_sp_t *p)
{
    if (!p)
        return;
    rr_qvec_free(p->U, p->w * (p->d + 1));
    rr_qvec_free(p->C, p->w * p->k);
    rr_qvec_free(p->e, p->k);
    p->U = p->C = p->e = NULL;
    p->w = 0;
}

rr_status rr_sp_from_net(rr_sp_t *p, const rr_net_t *net, rr_err_t *err)
{
    if (net->depth != 2)
        return rr_err_set(err, RR_EINPUT,
                          "architecture: a shallow network (d, m, k) is "
                          "needed here, this one has depth %d",
                          net->depth);
    long d = net->width[0], m = net->width[1], k = net->width[2];
    rr_status st = rr_sp_init(p, m, d, k, err);
    if (st)
        return st;
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < d; j++)
            mpq_set(p->U + i * (d + 1) + j, rr_net_weight(net, 0, i, j));
        mpq_set(p->U + i * (d + 1) + d, rr_net_bias(net, 0, i));
        for (long r = 0; r < k; r++)
            mpq_set(p->C + i * k + r, rr_net_weight(net, 1, r, i));
    }
    for (long r = 0; r < k; r++)
        mpq_set(p->e + r, rr_net_bias(net, 1, r));
    return RR_OK;
}

rr_status rr_sp_to_net(rr_net_t *net, const rr_sp_t *p, const rr_net_t *dom,
                       rr_err_t *err)
{
    long d = p->d, k = p->k, m = p->w > 0 ? p->w : 1;
    long width[3] = {d, m, k};
    rr_caps_t caps;
    rr_caps_default(&caps);
    caps.max_width = m > caps.max_width ? m : caps.max_width;
    rr_status st = rr_net_init(net, 2, width, &caps, err);
    if (st)
        return st;
    for (long i = 0; i < p->w; i++) {
        for (long j = 0; j < d; j++)
            mpq_set(rr_net_weight(net, 0, i, j), p->U + i * (d + 1) + j);
        mpq_set(rr_net_bias(net, 0, i), p->U + i * (d + 1) + d);
        for (long r = 0; r < k; r++)
            mpq_set(rr_net_weight(net, 1, r, i), p->C + i * k + r);
    }
    for (long r = 0; r < k; r++)
        mpq_set(rr_net_bias(net, 1, r), p->e + r);
    if (dom) {
        for (long j = 0; j < d; j++) {
            mpq_set(net->lo + j, dom->lo + j);
            mpq_set(net->hi + j, dom->hi + j);
        }
        net->has_domain = dom->has_domain;
    }
    return RR_OK;
}

/* ---- invariants ---------------------------------------------------------- */

void rr_inv_clear(rr_inv_t *inv)
{
    if (!inv)
        return;
    /* arrays are allocated for an upper bound stored in n_alloc-free way:
     * dir / jump are reallocated to exactly n rows at the end of compute */
    rr_qvec_free(inv->dir, inv->n * (inv->d + 1));
    rr_qvec_free(inv->jump, inv->n * inv->k);
    rr_qvec_free(inv->lin, inv->k * inv->d);
    rr_qvec_free(inv->cst, inv->k);
    rr_qvec_free(inv->lo, inv->on_box ? inv->d : 0);
    rr_qvec_free(inv->hi, inv->on_box ? inv->d : 0);
    memset(inv, 0, sizeof *inv);
}

int rr_inv_equal(const rr_inv_t *a, const rr_inv_t *b)
{
    if (a->d != b->d || a->k != b->k || a->n != b->n ||
        a->on_box != b->on_box)
        return 0;
    long d = a->d, k = a->k;
    if (row_cmp(a->dir, b->dir, a->n * (d + 1)) ||
        row_cmp(a->jump, b->jump, a->n * k) ||
        row_cmp(a->lin, b->lin, k * d) || row_cmp(a->cst, b->cst, k))
        return 0;
    if (a->on_box &&
        (row_cmp(a->lo, b->lo, d) || row_cmp(a->hi, b->hi, d)))
        return 0;
    return 1;
}

rr_status rr_inv_compute(rr_inv_t *inv, rr_nf_stats_t *stats,
                         const rr_sp_t *p, mpq_srcptr lo, mpq_srcptr hi,
                         rr_err_t *err)
{
    memset(inv, 0, sizeof *inv);
    rr_nf_stats_t st_local;
    if (!stats)
        stats = &st_local;
    memset(stats, 0, sizeof *stats);
    long d = p->d, k = p->k, n1 = d + 1, w = p->w;
    inv->d = d;
    inv->k = k;
    inv->on_box = lo && hi;
    long cap = w; /* at most one class per neuron */
    mpq_ptr dir = rr_qvec_new(cap * n1), jump = rr_qvec_new(cap * k);
    long *cnt = calloc((size_t)(cap > 0 ? cap : 1), sizeof *cnt);
    mpq_ptr dtmp = rr_qvec_new(n1);
    inv->lin = rr_qvec_new(k * d);
    inv->cst = rr_qvec_new(k);
    if (inv->on_box) {
        inv->lo = rr_qvec_new(d);
        inv->hi = rr_qvec_new(d);
    }
    mpq_t lam, t, zlo, zhi;
    mpq_init(lam);
    mpq_init(t);
    mpq_init(zlo);
    mpq_init(zhi);
    long nc = 0;
    rr_status st = RR_OK;
    if (!dir || !jump || !cnt || !dtmp || !inv->lin || !inv->cst ||
        (inv->on_box && (!inv->lo || !inv->hi))) {
        st = NOMEM(err);
        goto out;
    }
    if (inv->on_box)
        for (long j = 0; j < d; j++) {
            mpq_set(inv->lo + j, lo + j);
            mpq_set(inv->hi + j, hi + j);
        }
    for (long r = 0; r < k; r++)
        mpq_set(inv->cst + r, p->e + r);
    for (long i = 0; i < w; i++) {
        mpq_srcptr u = p->U + i * n1, c = p->C + i * k;
        int zin = rr_dg_is_zero(u, n1), zout = rr_dg_is_zero(c, k);
        if (zin && zout) {
            stats->zero++;
            continue;
        }
        if (zin) {
            stats->no_in++;
            continue;
        }
        if (zout) {
            stats->no_out++;
            continue;
        }
        if (inv->on_box) {
            rr_dg_affine_range(zlo, zhi, u, u + d, lo, hi, d, t);
            if (mpq_sgn(zhi) <= 0) {
                stats->dead++;
                continue;
            }
            if (mpq_sgn(zlo) >= 0) { /* affine on the box: c <u, (x,1)> */
                stats->active++;
                for (long r = 0; r < k; r++) {
                    for (long j = 0; j < d; j++) {
                        mpq_mul(t, c + r, u + j);
                        mpq_add(inv->lin + r * d + j, inv->lin + r * d + j, t);
                    }
                    mpq_mul(t, c + r, u + d);
                    mpq_add(inv->cst + r, inv->cst + r, t);
                }
                continue;
            }
        } else if (rr_dg_is_zero(u, d)) { /* constant rho(b) */
            stats->constant++;
            if (mpq_sgn(u + d) > 0)
                for (long r = 0; r < k; r++) {
                    mpq_mul(t, c + r, u + d);
                    mpq_add(inv->cst + r, inv->cst + r, t);
                }
            continue;
        }
        rr_dg_direction(dtmp, lam, u, n1);
        long q = 0;
        while (q < nc && row_cmp(dir + q * n1, dtmp, n1))
            q++;
        if (q == nc) {
            for (long j = 0; j < n1; j++)
                mpq_set(dir + q * n1 + j, dtmp + j);
            nc++;
        }
        cnt[q]++;
        int neg = mpq_sgn(lam) < 0;
        mpq_abs(lam, lam);
        for (long r = 0; r < k; r++) {
            mpq_mul(t, lam, c + r); /* |lambda| c_r */
            mpq_add(jump + q * k + r, jump + q * k + r, t);
            if (neg) { /* |lambda| c rho(-dir) = ... rho(dir) - ... <dir,.> */
                mpq_t s;
                mpq_init(s);
                for (long j = 0; j < d; j++) {
                    mpq_mul(s, t, dtmp + j);
                    mpq_sub(inv->lin + r * d + j, inv->lin + r * d + j, s);
                }
                mpq_mul(s, t, dtmp + d);
                mpq_sub(inv->cst + r, inv->cst + r, s);
                mpq_clear(s);
            }
        }
    }
    /* drop cancelled classes, then sort by direction */
    long n = 0;
    for (long q = 0; q < nc; q++) {
        if (rr_dg_is_zero(jump + q * k, k)) {
            stats->cancelled += cnt[q];
            continue;
        }
        stats->merged += cnt[q] - 1;
        if (n != q) {
            row_swap(dir + n * n1, dir + q * n1, n1);
            row_swap(jump + n * k, jump + q * k, k);
        }
        n++;
    }
    for (long a = 1; a < n; a++) /* insertion sort (n is small) */
        for (long b = a; b > 0 && row_cmp(dir + (b - 1) * n1, dir + b * n1,
                                          n1) > 0; b--) {
            row_swap(dir + (b - 1) * n1, dir + b * n1, n1);
            row_swap(jump + (b - 1) * k, jump + b * k, k);
        }
    inv->n = n;
    inv->dir = rr_qvec_new(n * n1);
    inv->jump = rr_qvec_new(n * k);
    if (!inv->dir || !inv->jump) {
        inv->n = 0;
        st = NOMEM(err);
        goto out;
    }
    for (long x = 0; x < n * n1; x++)
        mpq_swap(inv->dir + x, dir + x);
    for (long x = 0; x < n * k; x++)
        mpq_swap(inv->jump + x, jump + x);
out:
    rr_qvec_free(dir, cap * n1);
    rr_qvec_free(jump, cap * k);
    rr_qvec_free(dtmp, n1);
    free(cnt);
    mpq_clear(lam);
    mpq_clear(t);
    mpq_clear(zlo);
    mpq_clear(zhi);
    return st;
}

/* ---- representations ----------------------------------------------------- */

rr_status rr_rep_init(rr_rep_t *rep, const rr_inv_t *inv, rr_err_t *err)
{
    memset(rep, 0, sizeof *rep);
    rep->n = inv->n;
    rep->d = inv->d;
    rep->k = inv->k;
    rep->orient = calloc((size_t)inv->n + 1, 1);
    rep->beta = rr_qvec_new(inv->n * inv->k);
    rep->V = rr_qvec_new(inv->k * inv->d);
    rep->alpha = rr_qvec_new(inv->k * inv->k);
    if (!rep->orient || !rep->beta || !rep->V || !rep->alpha) {
        rr_rep_clear(rep);
        return NOMEM(err);
    }
    memset(rep->orient, '+', (size_t)inv->n);
    return RR_OK;
}

void rr_rep_clear(rr_rep_t *rep)
{
    if (!rep)
        return;
    free(rep->orient);
    rr_qvec_free(rep->beta, rep->n * rep->k);
    rr_qvec_free(rep->V, rep->k * rep->d);
    rr_qvec_free(rep->alpha, rep->k * rep->k);
    memset(rep, 0, sizeof *rep);
}

static void rep_swap(rr_rep_t *a, rr_rep_t *b)
{
    rr_rep_t t = *a;
    *a = *b;
    *b = t;
}

int rr_rep_build(rr_rep_t *rep, const rr_inv_t *inv, const char *o)
{
    long n = inv->n, d = inv->d, k = inv->k, n1 = d + 1;
    memcpy(rep->orient, o, (size_t)n);
    long np = 0;
    for (long c = 0; c < n; c++)
        np += o[c] == 'p';
    mpq_t t;
    mpq_init(t);
    /* W' = lin + sum_{'-'} gamma_c (x) dir_c,x */
    mpq_ptr Wp = rr_qvec_new(k * d), R = rr_qvec_new(k * d);
    mpq_ptr UP = rr_qvec_new(np * d), M = rr_qvec_new(np * (np + k));
    mpq_ptr T = rr_qvec_new(np * d);
    long *piv = malloc((size_t)(k + d + 1) * sizeof *piv);
    int ok = 0;
    if (!Wp || !R || !UP || !M || !T || !piv)
        goto out; /* treated as not admissible; callers check memory */
    for (long x = 0; x < k * d; x++)
        mpq_set(Wp + x, inv->lin + x);
    for (long c = 0; c < n; c++) {
        if (o[c] != '-')
            continue;
        for (long r = 0; r < k; r++)
            for (long j = 0; j < d; j++) {
                mpq_mul(t, inv->jump + c * k + r, inv->dir + c * n1 + j);
                mpq_add(Wp + r * d + j, Wp + r * d + j, t);
            }
    }
    for (long x = 0; x < n * k; x++)
        mpq_set_ui(rep->beta + x, 0, 1);
    for (long x = 0; x < k * d; x++)
        mpq_set(R + x, Wp + x);
    if (np) {
        long a = 0;
        for (long c = 0; c < n; c++)
            if (o[c] == 'p') {
                for (long j = 0; j < d; j++)
                    mpq_set(UP + a * d + j, inv->dir + c * n1 + j);
                a++;
            }
        for (long x = 0; x < np * d; x++)
            mpq_set(T + x, UP + x);
        if (rr_dg_rref(T, np, d, NULL, t) != np)
            goto out; /* x-parts dependent: not admissible */
        /* [G | U_P W'^T] with G = U_P U_P^T */
        long cols = np + k;
        for (long a1 = 0; a1 < np; a1++) {
            for (long a2 = 0; a2 < np; a2++) {
                mpq_ptr g = M + a1 * cols + a2;
                mpq_set_ui(g, 0, 1);
                for (long j = 0; j < d; j++) {
                    mpq_mul(t, UP + a1 * d + j, UP + a2 * d + j);
                    mpq_add(g, g, t);
                }
            }
            for (long r = 0; r < k; r++) {
                mpq_ptr g = M + a1 * cols + np + r;
                mpq_set_ui(g, 0, 1);
                for (long j = 0; j < d; j++) {
                    mpq_mul(t, UP + a1 * d + j, Wp + r * d + j);
                    mpq_add(g, g, t);
                }
            }
        }
        rr_dg_rref(M, np, cols, NULL, t); /* G is positive definite: [I|Y] */
        a = 0;
        for (long c = 0; c < n; c++) {
            if (o[c] != 'p')
                continue;
            for (long r = 0; r < k; r++) {
                mpq_srcptr y = M + a * cols + np + r;
                mpq_neg(rep->beta + c * k + r, y); /* beta_c = -Y */
                for (long j = 0; j < d; j++) { /* R = W' - Y^T U_P */
                    mpq_mul(t, y, UP + a * d + j);
                    mpq_sub(R + r * d + j, R + r * d + j, t);
                }
            }
            a++;
        }
    }
    /* R = alpha^T V with V the RREF rows of R */
    for (long x = 0; x < k * d; x++)
        mpq_set(rep->V + x, R + x);
    long rk = rr_dg_rref(rep->V, k, d, piv, t);
    for (long p = 0; p < rk; p++)
        for (long r = 0; r < k; r++)
            mpq_set(rep->alpha + p * k + r, R + r * d + piv[p]);
    rep->r = rk;
    rep->width = n + np + (inv->on_box ? rk : 2 * rk);
    ok = 1;
out:
    rr_qvec_free(Wp, k * d);
    rr_qvec_free(R, k * d);
    rr_qvec_free(UP, np * d);
    rr_qvec_free(M, np * (np + k));
    rr_qvec_free(T, np * d);
    free(piv);
    mpq_clear(t);
    return ok;
}

rr_status rr_rep_params(rr_sp_t *p, const rr_inv_t *inv, const rr_rep_t *rep,
                        rr_err_t *err)
{
    long n = inv->n, d = inv->d, k = inv->k, n1 = d + 1;
    long np = 0;
    for (long c = 0; c < n; c++)
        np += rep->orient[c] == 'p';
    long w = n + np + (inv->on_box ? rep->r : 2 * rep->r);
    rr_status st = rr_sp_init(p, w, d, k, err);
    if (st)
        return st;
    mpq_t t;
    mpq_init(t);
    long i = 0;
    for (long r = 0; r < k; r++)
        mpq_set(p->e + r, inv->cst + r);
    for (long c = 0; c < n; c++) {
        mpq_srcptr u = inv->dir + c * n1, g = inv->jump + c * k,
                   be = rep->beta + c * k;
        char o = rep->orient[c];
        if (o == '+' || o == 'p') {
            for (long j = 0; j < n1; j++)
                mpq_set(p->U + i * n1 + j, u + j);
            for (long r = 0; r < k; r++)
                mpq_sub(p->C + i * k + r, g + r, be + r); /* beta = 0 for + */
            i++;
        }
        if (o == '-' || o == 'p') {
            for (long j = 0; j < n1; j++)
                mpq_neg(p->U + i * n1 + j, u + j);
            for (long r = 0; r < k; r++) {
                mpq_set(p->C + i * k + r, o == '-' ? g + r : be + r);
                /* the carried constant: - coef * dir_b; e compensates */
                mpq_mul(t, p->C + i * k + r, u + d);
                mpq_add(p->e + r, p->e + r, t);
            }
            i++;
        }
    }
    for (long q = 0; q < rep->r; q++) {
        mpq_srcptr v = rep->V + q * d, al = rep->alpha + q * k;
        for (long j = 0; j < d; j++)
            mpq_set(p->U + i * n1 + j, v + j);
        for (long r = 0; r < k; r++)
            mpq_set(p->C + i * k + r, al + r);
        if (inv->on_box) { /* t_q = -min over the box of <v, x> */
            mpq_ptr b = p->U + i * n1 + d;
            mpq_set_ui(b, 0, 1);
            for (long j = 0; j < d; j++) {
                int s = mpq_sgn(v + j);
                if (!s)
                    continue;
                mpq_mul(t, v + j, s > 0 ? inv->lo + j : inv->hi + j);
                mpq_sub(b, b, t);
            }
            for (long r = 0; r < k; r++) {
                mpq_mul(t, al + r, b);
                mpq_sub(p->e + r, p->e + r, t);
            }
            i++;
        } else {
            i++;
            for (long j = 0; j < d; j++)
                mpq_neg(p->U + i * n1 + j, v + j);
            for (long r = 0; r < k; r++)
                mpq_neg(p->C + i * k + r, al + r);
            i++;
        }
    }
    /* canonical order; equal rows (only possible in the fallback) merged */
    for (long a = 1; a < w; a++)
        for (long b = a; b > 0 && row_cmp(p->U + (b - 1) * n1, p->U + b * n1,
                                          n1) > 0; b--) {
            row_swap(p->U + (b - 1) * n1, p->U + b * n1, n1);
            row_swap(p->C + (b - 1) * k, p->C + b * k, k);
        }
    long out = 0;
    for (long a = 0; a < w; a++) {
        if (out > 0 && !row_cmp(p->U + (out - 1) * n1, p->U + a * n1, n1)) {
            for (long r = 0; r < k; r++)
                mpq_add(p->C + (out - 1) * k + r, p->C + (out - 1) * k + r,
                        p->C + a * k + r);
            continue;
        }
        if (out != a) {
            row_swap(p->U + out * n1, p->U + a * n1, n1);
            row_swap(p->C + out * k, p->C + a * k, k);
        }
        out++;
    }
    long keep = 0; /* drop neurons whose outgoing became 0 by merging */
    for (long a = 0; a < out; a++) {
        if (rr_dg_is_zero(p->C + a * k, k))
            continue;
        if (keep != a) {
            row_swap(p->U + keep * n1, p->U + a * n1, n1);
            row_swap(p->C + keep * k, p->C + a * k, k);
        }
        keep++;
    }
    /* zero the tail so that rr_sp_clear frees w rows consistently */
    for (long a = keep; a < w; a++) {
        for (long j = 0; j < n1; j++)
            mpq_set_ui(p->U + a * n1 + j, 0, 1);
        for (long r = 0; r < k; r++)
            mpq_set_ui(p->C + a * k + r, 0, 1);
    }
    if (keep < w) {
        rr_sp_t q;
        if ((st = rr_sp_init(&q, keep, d, k, err)) == RR_OK) {
            for (long x = 0; x < keep * n1; x++)
                mpq_swap(q.U + x, p->U + x);
            for (long x = 0; x < keep * k; x++)
                mpq_swap(q.C + x, p->C + x);
            for (long r = 0; r < k; r++)
                mpq_swap(q.e + r, p->e + r);
            rr_sp_clear(p);
            *p = q;
        } else
            rr_sp_clear(p);
    }
    mpq_clear(t);
    return st;
}

/* Number of patterns base^n, or 0 when above the cap. */
static unsigned long patterns(long n, int base)
{
    unsigned long tot = 1;
    for (long c = 0; c < n; c++) {
        tot *= (unsigned long)base;
        if (tot > RR_NF_SEARCH_CAP)
            return 0;
    }
    return tot;
}

static void pattern_of(char *o, unsigned long idx, long n, int box)
{
    static const char sym[3] = {'+', '-', 'p'};
    int base = box ? 2 : 3;
    for (long c = n - 1; c >= 0; c--) {
        o[c] = sym[idx % (unsigned long)base];
        idx /= (unsigned long)base;
    }
}

/* Beyond the cap: the patterns with at most two entries other than '+'
 * (at most one when even those exceed the cap), least width then
 * lexicographic.  rep initialised. */
static rr_status rep_fallback(rr_rep_t *rep, unsigned long *candidates,
                              const rr_inv_t *inv, rr_err_t *err)
{
    long n = inv->n;
    int nsym = inv->on_box ? 1 : 2; /* symbols other than '+' */
    static const char sym[2] = {'-', 'p'};
    double two = (double)n * (double)(n - 1) / 2 * nsym * nsym;
    int depth2 = 1 + 2.0 * n + two <= RR_NF_SEARCH_CAP;
    char *o = calloc((size_t)n + 1, 1), *best = calloc((size_t)n + 1, 1);
    rr_rep_t tmp;
    rr_status st = rr_rep_init(&tmp, inv, err);
    if (st || !o || !best) {
        free(o);
        free(best);
        if (!st)
            rr_rep_clear(&tmp);
        return st ? st : NOMEM(err);
    }
    long bw = -1;
    *candidates = 0;
    /* i = -1: no change; j = -1: one change */
    for (long i = -1; i < n; i++)
        for (int si = 0; si < (i < 0 ? 1 : nsym); si++)
            for (long j = i < 0 ? -1 : i; j < (depth2 && i >= 0 ? n : i + 1);
                 j++)
                for (int sj = 0; sj < (j <= i ? 1 : nsym); sj++) {
                    memset(o, '+', (size_t)n);
                    if (i >= 0)
                        o[i] = sym[si];
                    if (j > i)
                        o[j] = sym[sj];
                    (*candidates)++;
                    if (!rr_rep_build(&tmp, inv, o))
                        continue;
                    if (bw < 0 || tmp.width < bw ||
                        (tmp.width == bw && strcmp(o, best) < 0)) {
                        bw = tmp.width;
                        memcpy(best, o, (size_t)n);
                    }
                }
    if (!rr_rep_build(rep, inv, best))
        st = NOMEM(err); /* best was admissible */
    rr_rep_clear(&tmp);
    free(o);
    free(best);
    return st;
}

rr_status rr_rep_canonical(rr_rep_t *rep, int *complete,
                           unsigned long *candidates, const rr_inv_t *inv,
                           rr_err_t *err)
{
    long n = inv->n;
    rr_status st = rr_rep_init(rep, inv, err);
    if (st)
        return st;
    char *o = calloc((size_t)n + 1, 1);
    if (!o) {
        rr_rep_clear(rep);
        return NOMEM(err);
    }
    unsigned long tot = patterns(n, inv->on_box ? 2 : 3);
    *candidates = 0;
    if (!tot) { /* restricted search: at most two entries differ from + */
        *complete = 0;
        free(o);
        return rep_fallback(rep, candidates, inv, err);
    }
    *complete = 1;
    rr_rep_t tmp;
    if ((st = rr_rep_init(&tmp, inv, err))) {
        free(o);
        rr_rep_clear(rep);
        return st;
    }
    long best = -1;
    for (unsigned long idx = 0; idx < tot; idx++) {
        pattern_of(o, idx, n, inv->on_box);
        long np = 0;
        for (long c = 0; c < n; c++)
            np += o[c] == 'p';
        if (best >= 0 && n + np >= best)
            continue; /* cannot be strictly narrower */
        (*candidates)++;
        if (!rr_rep_build(&tmp, inv, o))
            continue;
        if (best < 0 || tmp.width < best) {
            best = tmp.width;
            rep_swap(rep, &tmp);
        }
    }
    rr_rep_clear(&tmp);
    free(o);
    if (best < 0) {
        rr_rep_clear(rep);
        return rr_err_set(err, RR_EINTERNAL,
                          "normal form: no admissible representation");
    }
    return RR_OK;
}

rr_status rr_rep_foreach(const rr_inv_t *inv, long max_width,
                         int (*fn)(void *ctx, const rr_rep_t *rep),
                         void *ctx, rr_err_t *err)
{
    long n = inv->n;
    unsigned long tot = patterns(n, inv->on_box ? 2 : 3);
    if (!tot)
        return rr_err_set(err, RR_ELIMIT,
                          "normal form: %ld kink classes: more than %d "
                          "orientation patterns",
                          n, RR_NF_SEARCH_CAP);
    rr_rep_t tmp;
    rr_status st = rr_rep_init(&tmp, inv, err);
    if (st)
        return st;
    char *o = calloc((size_t)n + 1, 1);
    if (!o) {
        rr_rep_clear(&tmp);
        return NOMEM(err);
    }
    for (unsigned long idx = 0; idx < tot; idx++) {
        pattern_of(o, idx, n, inv->on_box);
        if (!rr_rep_build(&tmp, inv, o) || tmp.width > max_width)
            continue;
        int r = fn(ctx, &tmp);
        if (r) {
            st = (rr_status)r;
            break;
        }
    }
    free(o);
    rr_rep_clear(&tmp);
    return st;
}

/* ---- layerwise normal form (L >= 3) -------------------------------------- */

typedef struct lw {
    int L;
    long *w;     /* L + 1 */
    mpq_ptr *W;  /* W[l]: w[l+1] x w[l] */
    mpq_ptr *b;  /* b[l]: w[l+1] */
} lw_t;

static void lw_clear(lw_t *z)
{
    for (int l = 0; l < z->L && z->W && z->b && z->w; l++) {
        rr_qvec_free(z->W[l], z->w[l + 1] * z->w[l]);
        rr_qvec_free(z->b[l], z->w[l + 1]);
    }
    free(z->W);
    free(z->b);
    free(z->w);
    memset(z, 0, sizeof *z);
}

static int lw_from_net(lw_t *z, const rr_net_t *net)
{
    memset(z, 0, sizeof *z);
    z->L = net->depth;
    z->w = malloc((size_t)(z->L + 1) * sizeof *z->w);
    z->W = calloc((size_t)(z->L > 0 ? z->L : 1), sizeof *z->W);
    z->b = calloc((size_t)(z->L > 0 ? z->L : 1), sizeof *z->b);
    if (!z->w || !z->W || !z->b)
        return -1;
    for (int l = 0; l <= z->L; l++)
        z->w[l] = net->width[l];
    for (int l = 0; l < z->L; l++) {
        long m = z->w[l + 1], n = z->w[l];
        z->W[l] = rr_qvec_new(m * n);
        z->b[l] = rr_qvec_new(m);
        if (!z->W[l] || !z->b[l])
            return -1;
        for (long x = 0; x < m * n; x++)
            mpq_set(z->W[l] + x, net->w[l] + x);
        for (long i = 0; i < m; i++)
            mpq_set(z->b[l] + i, net->b[l] + i);
    }
    return 0;
}

/* Keep the hidden neurons i of layer l (1..L-1) with keep[i], in the order
 * given by perm (perm[p] = old index of the neuron at new position p;
 * NULL = identity), dropping the others.  Returns -1 on out of memory. */
static int lw_select(lw_t *z, int l, const char *keep, const long *perm)
{
    long m = z->w[l], nin = z->w[l - 1], nout = z->w[l + 1], m2 = 0;
    for (long i = 0; i < m; i++)
        m2 += keep[i] != 0;
    mpq_ptr Wi = rr_qvec_new(m2 * nin), bi = rr_qvec_new(m2),
            Wo = rr_qvec_new(nout * m2);
    if (!Wi || !bi || !Wo) {
        rr_qvec_free(Wi, m2 * nin);
        rr_qvec_free(bi, m2);
        rr_qvec_free(Wo, nout * m2);
        return -1;
    }
    long q = 0;
    for (long p = 0; p < m; p++) {
        long i = perm ? perm[p] : p;
        if (!keep[i])
            continue;
        for (long j = 0; j < nin; j++)
            mpq_swap(Wi + q * nin + j, z->W[l - 1] + i * nin + j);
        mpq_swap(bi + q, z->b[l - 1] + i);
        for (long r = 0; r < nout; r++)
            mpq_swap(Wo + r * m2 + q, z->W[l] + r * m + i);
        q++;
    }
    rr_qvec_free(z->W[l - 1], m * nin);
    rr_qvec_free(z->b[l - 1], m);
    rr_qvec_free(z->W[l], nout * m);
    z->W[l - 1] = Wi;
    z->b[l - 1] = bi;
    z->W[l] = Wo;
    z->w[l] = m2;
    return 0;
}

/* One pass over the hidden layers; *changed set when a neuron was removed
 * or merged. */
static rr_status lw_pass(lw_t *z, int *changed, rr_nf_stats_t *stats,
                         mpq_srcptr lo, mpq_srcptr hi, int *box_used,
                         rr_err_t *err)
{
    long maxw = z->w[0];
    for (int l = 1; l < z->L; l++)
        if (z->w[l] > maxw)
            maxw = z->w[l];
    mpq_ptr ylo = rr_qvec_new(maxw), yhi = rr_qvec_new(maxw);
    mpq_ptr zl = rr_qvec_new(maxw), zh = rr_qvec_new(maxw);
    char *keep = malloc((size_t)maxw + 1);
    long *perm = malloc((size_t)(maxw + 1) * sizeof *perm);
    mpq_t t, lam;
    mpq_init(t);
    mpq_init(lam);
    rr_status st = RR_OK;
    if (!ylo || !yhi || !zl || !zh || !keep || !perm) {
        st = NOMEM(err);
        goto out;
    }
    int box = lo && hi;
    if (box)
        for (long j = 0; j < z->w[0]; j++) {
            mpq_set(ylo + j, lo + j);
            mpq_set(yhi + j, hi + j);
        }
    for (int l = 1; l < z->L; l++) {
        long m = z->w[l], n = z->w[l - 1], k = z->w[l + 1];
        mpq_ptr Wi = z->W[l - 1], bi = z->b[l - 1];
        /* 1. zero, no-outgoing, constant and dead neurons */
        for (long i = 0; i < m; i++) {
            keep[i] = 1;
            int zx = rr_dg_is_zero(Wi + i * n, n), zb = !mpq_sgn(bi + i);
            int zout = 1;
            for (long r = 0; r < k; r++)
                if (mpq_sgn(z->W[l] + r * m + i))
                    zout = 0;
            if (zx && zb) {
                keep[i] = 0;
                if (zout)
                    stats->zero++;
                else
                    stats->no_in++;
            } else if (zout) {
                keep[i] = 0;
                stats->no_out++;
            } else if (zx) { /* constant rho(b): into the next biases */
                keep[i] = 0;
                stats->constant++;
                if (mpq_sgn(bi + i) > 0)
                    for (long r = 0; r < k; r++) {
                        mpq_mul(t, z->W[l] + r * m + i, bi + i);
                        mpq_add(z->b[l] + r, z->b[l] + r, t);
                    }
            } else if (box) {
                mpq_ptr zlo1 = zl + i, zhi1 = zh + i;
                rr_dg_affine_range(zlo1, zhi1, Wi + i * n, bi + i, ylo, yhi,
                                   n, t);
                if (mpq_sgn(zhi1) <= 0) {
                    keep[i] = 0;
                    stats->dead++;
                    *box_used = 1;
                }
            }
            if (!keep[i])
                *changed = 1;
        }
        if (lw_select(z, l, keep, NULL)) {
            st = NOMEM(err);
            goto out;
        }
        m = z->w[l];
        Wi = z->W[l - 1];
        bi = z->b[l - 1];
        /* 2. canonical scale: |first nonzero of the incoming row| = 1 */
        mpq_ptr row = rr_qvec_new(n + 1), col = rr_qvec_new(k);
        if (!row || !col) {
            rr_qvec_free(row, n + 1);
            rr_qvec_free(col, k);
            st = NOMEM(err);
            goto out;
        }
        for (long i = 0; i < m; i++) {
            for (long j = 0; j < n; j++)
                mpq_set(row + j, Wi + i * n + j);
            mpq_set(row + n, bi + i);
            long f = rr_dg_first_nonzero(row, n + 1);
            mpq_abs(lam, row + f);
            if (mpq_cmp_ui(lam, 1, 1) == 0)
                continue;
            mpq_inv(lam, lam);
            for (long r = 0; r < k; r++)
                mpq_set(col + r, z->W[l] + r * m + i);
            rr_dg_rescale(row, n + 1, col, k, lam);
            for (long j = 0; j < n; j++)
                mpq_set(Wi + i * n + j, row + j);
            mpq_set(bi + i, row + n);
            for (long r = 0; r < k; r++)
                mpq_set(z->W[l] + r * m + i, col + r);
        }
        rr_qvec_free(row, n + 1);
        rr_qvec_free(col, k);
        /* 3. merge equal rows (= positively parallel after scaling) */
        for (long i = 0; i < m; i++)
            keep[i] = 1;
        for (long i = 0; i < m; i++) {
            if (!keep[i])
                continue;
            for (long j = i + 1; j < m; j++) {
                if (!keep[j] || mpq_cmp(bi + i, bi + j) ||
                    row_cmp(Wi + i * n, Wi + j * n, n))
                    continue;
                for (long r = 0; r < k; r++)
                    mpq_add(z->W[l] + r * m + i, z->W[l] + r * m + i,
                            z->W[l] + r * m + j);
                keep[j] = 0;
                stats->merged++;
                *changed = 1;
            }
        }
        /* 4. canonical order: rows (weights, then bias) lexicographically */
        long mm = 0;
        for (long i = 0; i < m; i++)
            if (keep[i])
                perm[mm++] = i;
        for (long a = 1; a < mm; a++)
            for (long b = a; b > 0; b--) {
                long x = perm[b - 1], y = perm[b];
                int c = row_cmp(Wi + x * n, Wi + y * n, n);
                if (!c)
                    c = mpq_cmp(bi + x, bi + y);
                if (c <= 0)
                    break;
                perm[b - 1] = y;
                perm[b] = x;
            }
        for (long i = 0; i < m; i++)
            if (!keep[i])
                perm[mm++] = i;
        if (lw_select(z, l, keep, perm)) {
            st = NOMEM(err);
            goto out;
        }
        /* 5. ranges of this layer's outputs for the next one */
        if (box) {
            m = z->w[l];
            for (long i = 0; i < m; i++) {
                rr_dg_affine_range(zl + i, zh + i, z->W[l - 1] + i * n,
                                   z->b[l - 1] + i, ylo, yhi, n, t);
            }
            for (long i = 0; i < m; i++) {
                mpq_set(ylo + i, zl + i);
                mpq_set(yhi + i, zh + i);
                if (mpq_sgn(ylo + i) < 0)
                    mpq_set_ui(ylo + i, 0, 1);
                if (mpq_sgn(yhi + i) < 0)
                    mpq_set_ui(yhi + i, 0, 1);
            }
        }
    }
out:
    rr_qvec_free(ylo, maxw);
    rr_qvec_free(yhi, maxw);
    rr_qvec_free(zl, maxw);
    rr_qvec_free(zh, maxw);
    free(keep);
    free(perm);
    mpq_clear(t);
    mpq_clear(lam);
    return st;
}

static rr_status lw_to_net(rr_net_t *net, const lw_t *z, const rr_net_t *dom,
                           rr_err_t *err)
{
    long *width = malloc((size_t)(z->L + 1) * sizeof *width);
    if (!width)
        return NOMEM(err);
    for (int l = 0; l <= z->L; l++)
        width[l] = z->w[l] > 0 ? z->w[l] : 1; /* empty layer: a zero neuron */
    rr_caps_t caps;
    rr_caps_default(&caps);
    rr_status st = rr_net_init(net, z->L, width, &caps, err);
    if (!st) {
        for (int l = 0; l < z->L; l++) {
            for (long i = 0; i < z->w[l + 1]; i++) {
                for (long j = 0; j < z->w[l]; j++)
                    mpq_set(rr_net_weight(net, l, i, j),
                            z->W[l] + i * z->w[l] + j);
                mpq_set(rr_net_bias(net, l, i), z->b[l] + i);
            }
        }
        for (long j = 0; j < width[0]; j++) {
            mpq_set(net->lo + j, dom->lo + j);
            mpq_set(net->hi + j, dom->hi + j);
        }
        net->has_domain = dom->has_domain;
    }
    free(width);
    return st;
}

/* ---- normal forms -------------------------------------------------------- */

void rr_normal_clear(rr_normal_t *nf)
{
    if (!nf)
        return;
    rr_inv_clear(&nf->inv);
    rr_rep_clear(&nf->rep);
    rr_net_clear(&nf->net);
    memset(nf, 0, sizeof *nf);
}

static void set_domain(rr_net_t *net, mpq_srcptr lo, mpq_srcptr hi)
{
    if (!lo || !hi)
        return;
    for (long j = 0; j < net->width[0]; j++) {
        mpq_set(net->lo + j, lo + j);
        mpq_set(net->hi + j, hi + j);
    }
    net->has_domain = 1;
}

rr_status rr_normal_compute(rr_normal_t *nf, const rr_net_t *net,
                            mpq_srcptr lo, mpq_srcptr hi, rr_err_t *err)
{
    memset(nf, 0, sizeof *nf);
    nf->on_box = lo && hi;
    long d = net->width[0];
    for (long j = 0; nf->on_box && j < d; j++)
        if (mpq_cmp(lo + j, hi + j) >= 0)
            return rr_err_set(err, RR_EINPUT,
                              "normal form: box coordinate %ld: lo >= hi",
                              j + 1);
    for (int l = 1; l < net->depth; l++)
        nf->width_in += net->width[l];
    rr_status st = RR_OK;
    if (net->depth == 1) {
        nf->kind = RR_NF_AFFINE;
        nf->width_ok = 1;
        st = rr_net_init_copy(&nf->net, net, err);
        if (!st)
            set_domain(&nf->net, lo, hi);
        return st;
    }
    if (net->depth == 2) {
        nf->kind = RR_NF_SHALLOW;
        rr_sp_t p, q;
        if ((st = rr_sp_from_net(&p, net, err)))
            return st;
        st = rr_inv_compute(&nf->inv, &nf->stats, &p, lo, hi, err);
        rr_sp_clear(&p);
        if (st)
            return st;
        if ((st = rr_rep_canonical(&nf->rep, &nf->search_complete,
                                   &nf->candidates, &nf->inv, err)))
            return st;
        /* Box-dependent steps: dead neurons dropped, always-active ones
         * folded into the affine part, and extra always-active neurons
         * (V_p | t_p) carrying the linear part -- rho(<V_p, x> + t_p) is
         * affine on the box only, so with rep.r > 0 the normal network
         * differs from the input off the box (rho(x) - rho(-x) on [-1, 1]
         * becomes rho(x + 1) - 1).  Without any of them the orientations
         * '+' / '-' are identities on R^d and the result is equal there. */
        nf->box_used = nf->on_box &&
                       (nf->stats.dead + nf->stats.active > 0 ||
                        nf->rep.r > 0);
        if ((st = rr_rep_params(&q, &nf->inv, &nf->rep, err)))
            return st;
        nf->width_out = q.w;
        nf->width_ok = q.w <= nf->width_in;
        st = rr_sp_to_net(&nf->net, &q, net, err);
        rr_sp_clear(&q);
        if (!st)
            set_domain(&nf->net, lo, hi);
        return st;
    }
    nf->kind = RR_NF_LAYERWISE;
    lw_t z;
    if (lw_from_net(&z, net)) {
        lw_clear(&z);
        return NOMEM(err);
    }
    int changed = 1;
    long guard = nf->width_in + 3;
    while (changed && !st && guard-- > 0) {
        changed = 0;
        st = lw_pass(&z, &changed, &nf->stats, lo, hi, &nf->box_used, err);
        nf->passes++;
    }
    if (!st && changed)
        st = rr_err_set(err, RR_EINTERNAL,
                        "normal form: the layerwise loop did not settle");
    if (!st) {
        for (int l = 1; l < z.L; l++)
            nf->width_out += z.w[l] > 0 ? z.w[l] : 1;
        nf->width_ok = nf->width_out <= nf->width_in;
        st = lw_to_net(&nf->net, &z, net, err);
        if (!st)
            set_domain(&nf->net, lo, hi);
    }
    lw_clear(&z);
    return st;
}

/* ---- balancing ----------------------------------------------------------- */

void rr_balance_s(mpq_ptr s, mpq_srcptr u, long n, mpq_srcptr c, long k)
{
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    rr_dg_sqnorm(a, u, n, s);
    rr_dg_sqnorm(b, c, k, s);
    if (!mpq_sgn(a) || !mpq_sgn(b))
        mpq_set_ui(s, 0, 1);
    else
        mpq_div(s, b, a);
    mpq_clear(a);
    mpq_clear(b);
}

/* If s = t^4 with t rational (t > 0), set t and return 1. */
static int rational_fourth_root(mpq_ptr t, mpq_srcptr s)
{
    mpz_t a, b;
    mpz_init(a);
    mpz_init(b);
    int ok = mpz_root(a, mpq_numref(s), 4) && mpz_root(b, mpq_denref(s), 4);
    if (ok) {
        mpz_set(mpq_numref(t), a);
        mpz_set(mpq_denref(t), b);
        mpq_canonicalize(t);
    }
    mpz_clear(a);
    mpz_clear(b);
    return ok;
}

void rr_balance_enclose(mpfr_ptr ulo, mpfr_ptr uhi, mpfr_ptr clo,
                        mpfr_ptr chi, mpq_srcptr u, long n, mpq_srcptr c,
                        long k)
{
    mpq_t s, tq, x;
    mpq_init(s);
    mpq_init(tq);
    mpq_init(x);
    rr_balance_s(s, u, n, c, k);
    if (!mpq_sgn(s)) {
        for (long j = 0; j < n; j++) {
            mpfr_set_zero(ulo + j, 1);
            mpfr_set_zero(uhi + j, 1);
        }
        for (long r = 0; r < k; r++) {
            mpfr_set_zero(clo + r, 1);
            mpfr_set_zero(chi + r, 1);
        }
    } else if (rational_fourth_root(tq, s)) {
        for (long j = 0; j < n; j++) {
            mpq_mul(x, tq, u + j);
            mpfr_set_q(ulo + j, x, MPFR_RNDD);
            mpfr_set_q(uhi + j, x, MPFR_RNDU);
        }
        for (long r = 0; r < k; r++) {
            mpq_div(x, c + r, tq);
            mpfr_set_q(clo + r, x, MPFR_RNDD);
            mpfr_set_q(chi + r, x, MPFR_RNDU);
        }
    } else {
        mpfr_prec_t wp = mpfr_get_prec(n ? ulo : clo) + 16;
        mpfr_t tlo, thi, ilo, ihi;
        mpfr_inits2(wp, tlo, thi, ilo, ihi, (mpfr_ptr)0);
        mpfr_set_q(tlo, s, MPFR_RNDD);
        mpfr_rootn_ui(tlo, tlo, 4, MPFR_RNDD);
        mpfr_set_q(thi, s, MPFR_RNDU);
        mpfr_rootn_ui(thi, thi, 4, MPFR_RNDU);
        mpfr_ui_div(ilo, 1, thi, MPFR_RNDD); /* 1/t in [ilo, ihi] */
        mpfr_ui_div(ihi, 1, tlo, MPFR_RNDU);
        for (long j = 0; j < n; j++) {
            int pos = mpq_sgn(u + j) >= 0;
            mpfr_mul_q(ulo + j, pos ? tlo : thi, u + j, MPFR_RNDD);
            mpfr_mul_q(uhi + j, pos ? thi : tlo, u + j, MPFR_RNDU);
        }
        for (long r = 0; r < k; r++) {
            int pos = mpq_sgn(c + r) >= 0;
            mpfr_mul_q(clo + r, pos ? ilo : ihi, c + r, MPFR_RNDD);
            mpfr_mul_q(chi + r, pos ? ihi : ilo, c + r, MPFR_RNDU);
        }
        mpfr_clears(tlo, thi, ilo, ihi, (mpfr_ptr)0);
    }
    mpq_clear(s);
    mpq_clear(tq);
    mpq_clear(x);
}

static mpfr_ptr frvec_new(long n, mpfr_prec_t p)
{
    mpfr_ptr v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (v)
        for (long i = 0; i < n; i++)
            mpfr_init2(v + i, p);
    return v;
}

static void frvec_free(mpfr_ptr v, long n)
{
    if (!v)
        return;
    for (long i = 0; i < n; i++)
        mpfr_clear(v + i);
    free(v);
}

static void frvec_prec(mpfr_ptr v, long n, mpfr_prec_t p)
{
    for (long i = 0; i < n; i++)
        mpfr_set_prec(v + i, p);
}

/* x := an upper bound of |q| */
static void abs_up(mpfr_ptr x, mpq_srcptr q)
{
    mpfr_set_q(x, q, mpq_sgn(q) >= 0 ? MPFR_RNDU : MPFR_RNDD);
    mpfr_abs(x, x, MPFR_RNDU);
}

/* Correctly rounded balanced parameters of one neuron (Ziv's strategy on
 * the enclosures).  v: n + k MPFR numbers at precision prec (output);
 * lo, hi: n + k at any precision (scratch, left with the last
 * enclosure).  Returns 0, or -1 when the loop did not settle. */
static int neuron_round(mpfr_ptr v, mpfr_ptr lo, mpfr_ptr hi, mpq_srcptr u,
                        long n, mpq_srcptr c, long k, long prec)
{
    mpfr_t a;
    mpfr_init2(a, (mpfr_prec_t)prec);
    for (mpfr_prec_t wp = (mpfr_prec_t)prec + 32;
         wp <= (mpfr_prec_t)prec * 64 + 4096; wp *= 2) {
        frvec_prec(lo, n + k, wp);
        frvec_prec(hi, n + k, wp);
        rr_balance_enclose(lo, hi, lo + n, hi + n, u, n, c, k);
        int ok = 1;
        for (long j = 0; j < n + k && ok; j++) {
            mpfr_set(v + j, lo + j, MPFR_RNDN);
            mpfr_set(a, hi + j, MPFR_RNDN);
            ok = mpfr_equal_p(v + j, a);
        }
        if (ok) {
            mpfr_clear(a);
            return 0;
        }
    }
    mpfr_clear(a);
    return -1;
}

static rr_status balance_shallow(rr_net_t *out, mpfr_ptr bound,
                                 const rr_net_t *net, long prec,
                                 rr_err_t *err)
{
    rr_sp_t p;
    rr_status st = rr_sp_from_net(&p, net, err);
    if (st)
        return st;
    long d = p.d, k = p.k, n1 = d + 1, w = p.w;
    mpfr_ptr v = frvec_new(n1 + k, (mpfr_prec_t)prec),
             lo = frvec_new(n1 + k, (mpfr_prec_t)prec + 32),
             hi = frvec_new(n1 + k, (mpfr_prec_t)prec + 32),
             B = frvec_new(k, 64);
    mpfr_t X, Mu, Du, t, t2;
    mpfr_inits2(64, X, Mu, Du, t, t2, (mpfr_ptr)0);
    mpq_t q;
    mpq_init(q);
    if (!v || !lo || !hi || !B) {
        st = NOMEM(err);
        goto out;
    }
    for (long r = 0; r < k; r++)
        mpfr_set_zero(B + r, 1);
    for (long i = 0; i < w; i++) {
        mpq_ptr u = p.U + i * n1, c = p.C + i * k;
        if (neuron_round(v, lo, hi, u, n1, c, k, prec)) {
            st = rr_err_set(err, RR_EINTERNAL,
                            "balance: neuron %ld: rounding did not settle",
                            i + 1);
            goto out;
        }
        /* error contribution: |c'-c| M_u + |c'| D_u per output */
        mpfr_set_zero(Mu, 1);
        mpfr_set_zero(Du, 1);
        for (long j = 0; j < n1; j++) {
            if (j < d) { /* X_j >= max(|lo_j|, |hi_j|) */
                abs_up(X, net->lo + j);
                abs_up(t, net->hi + j);
                mpfr_max(X, X, t, MPFR_RNDU);
            } else
                mpfr_set_ui(X, 1, MPFR_RNDU);
            mpfr_abs(t, lo + j, MPFR_RNDU); /* |u_j| <= max(|lo|, |hi|) */
            mpfr_abs(t2, hi + j, MPFR_RNDU);
            mpfr_max(t, t, t2, MPFR_RNDU);
            mpfr_mul(t, t, X, MPFR_RNDU);
            mpfr_add(Mu, Mu, t, MPFR_RNDU);
            mpfr_sub(t, v + j, lo + j, MPFR_RNDU); /* |u'_j - u_j| */
            mpfr_sub(t2, hi + j, v + j, MPFR_RNDU);
            mpfr_max(t, t, t2, MPFR_RNDU);
            mpfr_mul(t, t, X, MPFR_RNDU);
            mpfr_add(Du, Du, t, MPFR_RNDU);
        }
        for (long r = 0; r < k; r++) {
            mpfr_srcptr cv = v + n1 + r;
            mpfr_sub(t, cv, lo + n1 + r, MPFR_RNDU);
            mpfr_sub(t2, hi + n1 + r, cv, MPFR_RNDU);
            mpfr_max(t, t, t2, MPFR_RNDU);
            mpfr_mul(t, t, Mu, MPFR_RNDU);
            mpfr_add(B + r, B + r, t, MPFR_RNDU);
            mpfr_abs(t, cv, MPFR_RNDU);
            mpfr_mul(t, t, Du, MPFR_RNDU);
            mpfr_add(B + r, B + r, t, MPFR_RNDU);
        }
        for (long j = 0; j < n1; j++) {
            mpfr_get_q(q, v + j);
            mpq_set(u + j, q);
        }
        for (long r = 0; r < k; r++) {
            mpfr_get_q(q, v + n1 + r);
            mpq_set(c + r, q);
        }
    }
    for (long r = 0; r < k; r++) { /* output bias: correctly rounded */
        mpfr_set_q(v, p.e + r, MPFR_RNDN);
        mpfr_get_q(q, v);
        mpq_sub(p.e + r, p.e + r, q);
        mpq_abs(p.e + r, p.e + r);
        mpfr_set_q(t, p.e + r, MPFR_RNDU);
        mpfr_add(B + r, B + r, t, MPFR_RNDU);
        mpq_set(p.e + r, q);
    }
    if (bound) {
        mpfr_set_zero(bound, 1);
        for (long r = 0; r < k; r++)
            mpfr_max(bound, bound, B + r, MPFR_RNDU);
    }
    st = rr_sp_to_net(out, &p, net, err);
out:
    frvec_free(v, n1 + k);
    frvec_free(lo, n1 + k);
    frvec_free(hi, n1 + k);
    frvec_free(B, k);
    mpfr_clears(X, Mu, Du, t, t2, (mpfr_ptr)0);
    mpq_clear(q);
    rr_sp_clear(&p);
    return st;
}

static rr_status balance_deep(rr_net_t *out, mpfr_ptr imbalance,
                              const rr_net_t *net, long prec, rr_err_t *err)
{
    int L = net->depth;
    mpfr_prec_t wp = (mpfr_prec_t)prec + 32;
    /* scale t[l][i] for hidden layers l = 1..L-1; layers 0 and L: 1 */
    mpfr_ptr *tv = calloc((size_t)L + 1, sizeof *tv);
    rr_status st = RR_OK;
    mpfr_t in2, out2, x, f, maxdev;
    mpfr_inits2(wp, in2, out2, x, f, maxdev, (mpfr_ptr)0);
    mpq_t q, tq;
    mpq_init(q);
    mpq_init(tq);
    if (!tv) {
        st = NOMEM(err);
        goto out;
    }
    for (int l = 0; l <= L; l++) {
        tv[l] = frvec_new(net->width[l], wp);
        if (!tv[l]) {
            st = NOMEM(err);
            goto out;
        }
        for (long i = 0; i < net->width[l]; i++)
            mpfr_set_ui(tv[l] + i, 1, MPFR_RNDN);
    }
    for (int sweep = 0; sweep < 400; sweep++) {
        mpfr_set_zero(maxdev, 1);
        for (int l = 1; l < L; l++) {
            long m = net->width[l], n = net->width[l - 1],
                 k = net->width[l + 1];
            for (long i = 0; i < m; i++) {
                mpfr_set_zero(in2, 1);
                for (long j = 0; j < n; j++) {
                    mpfr_mul_q(x, tv[l] + i, rr_net_weight(net, l - 1, i, j),
                               MPFR_RNDN);
                    mpfr_div(x, x, tv[l - 1] + j, MPFR_RNDN);
                    mpfr_sqr(x, x, MPFR_RNDN);
                    mpfr_add(in2, in2, x, MPFR_RNDN);
                }
                mpfr_mul_q(x, tv[l] + i, rr_net_bias(net, l - 1, i),
                           MPFR_RNDN);
                mpfr_sqr(x, x, MPFR_RNDN);
                mpfr_add(in2, in2, x, MPFR_RNDN);
                mpfr_set_zero(out2, 1);
                for (long r = 0; r < k; r++) {
                    mpfr_mul_q(x, tv[l + 1] + r, rr_net_weight(net, l, r, i),
                               MPFR_RNDN);
                    mpfr_div(x, x, tv[l] + i, MPFR_RNDN);
                    mpfr_sqr(x, x, MPFR_RNDN);
                    mpfr_add(out2, out2, x, MPFR_RNDN);
                }
                if (mpfr_zero_p(in2) || mpfr_zero_p(out2))
                    continue;
                mpfr_div(f, out2, in2, MPFR_RNDN);
                mpfr_rootn_ui(f, f, 4, MPFR_RNDN);
                mpfr_mul(tv[l] + i, tv[l] + i, f, MPFR_RNDN);
                mpfr_sub_ui(f, f, 1, MPFR_RNDN);
                mpfr_abs(f, f, MPFR_RNDN);
                mpfr_max(maxdev, maxdev, f, MPFR_RNDN);
            }
        }
        if (mpfr_cmp_si_2exp(maxdev, 1, -(long)prec - 8) < 0)
            break;
    }
    /* apply the (dyadic) scales exactly, then round every parameter */
    if ((st = rr_net_init_copy(out, net, err)))
        goto out;
    mpfr_t rv;
    mpfr_init2(rv, (mpfr_prec_t)prec);
    for (int l = 0; l < L; l++) {
        long m = net->width[l + 1], n = net->width[l];
        for (long i = 0; i < m; i++) {
            for (long j = 0; j < n; j++) {
                mpq_ptr wq = rr_net_weight(out, l, i, j);
                mpfr_get_q(tq, tv[l + 1] + i);
                mpq_mul(wq, wq, tq);
                mpfr_get_q(tq, tv[l] + j);
                mpq_div(wq, wq, tq);
                mpfr_set_q(rv, wq, MPFR_RNDN);
                mpfr_get_q(wq, rv);
            }
            mpq_ptr bq = rr_net_bias(out, l, i);
            mpfr_get_q(tq, tv[l + 1] + i);
            mpq_mul(bq, bq, tq);
            mpfr_set_q(rv, bq, MPFR_RNDN);
            mpfr_get_q(bq, rv);
        }
    }
    mpfr_clear(rv);
    if (imbalance) { /* max | ||c||^2/||u||^2 - 1 | of the rounded net */
        mpfr_set_zero(imbalance, 1);
        mpq_t a, b;
        mpq_init(a);
        mpq_init(b);
        for (int l = 1; l < L; l++) {
            long m = out->width[l], n = out->width[l - 1],
                 k = out->width[l + 1];
            for (long i = 0; i < m; i++) {
                mpq_set_ui(a, 0, 1);
                for (long j = 0; j < n; j++) {
                    mpq_mul(q, rr_net_weight(out, l - 1, i, j),
                            rr_net_weight(out, l - 1, i, j));
                    mpq_add(a, a, q);
                }
                mpq_mul(q, rr_net_bias(out, l - 1, i),
                        rr_net_bias(out, l - 1, i));
                mpq_add(a, a, q);
                mpq_set_ui(b, 0, 1);
                for (long r = 0; r < k; r++) {
                    mpq_mul(q, rr_net_weight(out, l, r, i),
                            rr_net_weight(out, l, r, i));
                    mpq_add(b, b, q);
                }
                if (!mpq_sgn(a) || !mpq_sgn(b))
                    continue;
                mpq_div(q, b, a);
                mpq_set_ui(a, 1, 1);
                mpq_sub(q, q, a);
                mpq_abs(q, q);
                mpfr_set_q(x, q, MPFR_RNDU);
                mpfr_max(imbalance, imbalance, x, MPFR_RNDU);
            }
        }
        mpq_clear(a);
        mpq_clear(b);
    }
out:
    if (tv)
        for (int l = 0; l <= L; l++)
            frvec_free(tv[l], net->width[l]);
    free(tv);
    mpfr_clears(in2, out2, x, f, maxdev, (mpfr_ptr)0);
    mpq_clear(q);
    mpq_clear(tq);
    return st;
}

rr_status rr_balance_round(rr_net_t *out, mpfr_ptr bound, mpfr_ptr imbalance,
                           const rr_net_t *net, long prec, rr_err_t *err)
{
    if (prec < 2 || prec > 65536)
        return rr_err_set(err, RR_EINPUT,
                          "balance: precision %ld outside [2, 65536]", prec);
    if (net->depth <= 2) {
        if (net->depth == 1) {
            rr_status st = rr_net_init_copy(out, net, err);
            if (st)
                return st;
            mpfr_t rv;
            mpfr_init2(rv, (mpfr_prec_t)prec);
            for (long x = 0; x < net->width[1] * net->width[0]; x++) {
                mpfr_set_q(rv, out->w[0] + x, MPFR_RNDN);
                mpfr_get_q(out->w[0] + x, rv);
            }
            for (long x = 0; x < net->width[1]; x++) {
                mpfr_set_q(rv, out->b[0] + x, MPFR_RNDN);
                mpfr_get_q(out->b[0] + x, rv);
            }
            mpfr_clear(rv);
            if (bound)
                mpfr_set_nan(bound);
            if (imbalance)
                mpfr_set_zero(imbalance, 1);
            return RR_OK;
        }
        rr_status st = balance_shallow(out, bound, net, prec, err);
        if (!st && imbalance) { /* rounded: report it too */
            mpfr_set_zero(imbalance, 1);
            mpq_t s, one;
            mpq_init(s);
            mpq_init(one);
            mpq_set_ui(one, 1, 1);
            rr_sp_t p;
            if (!rr_sp_from_net(&p, out, NULL)) {
                mpfr_t x;
                mpfr_init2(x, 64);
                for (long i = 0; i < p.w; i++) {
                    rr_balance_s(s, p.U + i * (p.d + 1), p.d + 1,
                                 p.C + i * p.k, p.k);
                    if (!mpq_sgn(s))
                        continue;
                    mpq_sub(s, s, one);
                    mpq_abs(s, s);
                    mpfr_set_q(x, s, MPFR_RNDU);
                    mpfr_max(imbalance, imbalance, x, MPFR_RNDU);
                }
                mpfr_clear(x);
                rr_sp_clear(&p);
            }
            mpq_clear(s);
            mpq_clear(one);
        }
        return st;
    }
    if (bound)
        mpfr_set_nan(bound);
    return balance_deep(out, imbalance, net, prec, err);
}
