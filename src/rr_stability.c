/* rr_stability.c -- bottleneck assignment, the inverse-stability probe and
 * the pathology families.  See rr_stability.h and spec/degeneracy.md. */
#include "rr_stability.h"

#include <stdlib.h>
#include <string.h>

#include "rr_degen.h"
#include "rr_diffnet.h"

#define NOMEM(err) rr_err_set((err), RR_ENOMEM, "stability: out of memory")

/* ---- bottleneck ---------------------------------------------------------- */

static mpfr_srcptr g_w; /* for qsort */
static int cmp_idx(const void *a, const void *b)
{
    long i = *(const long *)a, j = *(const long *)b;
    int c = mpfr_cmp(g_w + i, g_w + j);
    return c ? c : (i < j ? -1 : i > j);
}

/* Kuhn's augmenting path from row i; ok[i*m + j] = edge allowed. */
static int augment(long i, long m, const char *ok, long *match_col,
                   char *seen)
{
    for (long j = 0; j < m; j++) {
        if (!ok[i * m + j] || seen[j])
            continue;
        seen[j] = 1;
        if (match_col[j] < 0 || augment(match_col[j], m, ok, match_col, seen)) {
            match_col[j] = i;
            return 1;
        }
    }
    return 0;
}

/* Perfect matching with edges w <= thr?  Fills match_col. */
static int perfect(mpfr_srcptr w, mpfr_srcptr thr, long m, char *ok,
                   long *match_col, char *seen)
{
    for (long x = 0; x < m * m; x++)
        ok[x] = mpfr_cmp(w + x, thr) <= 0;
    for (long j = 0; j < m; j++)
        match_col[j] = -1;
    for (long i = 0; i < m; i++) {
        memset(seen, 0, (size_t)m);
        if (!augment(i, m, ok, match_col, seen))
            return 0;
    }
    return 1;
}

rr_status rr_bottleneck(mpfr_ptr D, long *perm, mpfr_srcptr w, long m,
                        rr_err_t *err)
{
    if (m <= 0) {
        mpfr_set_zero(D, 1);
        return RR_OK;
    }
    long n = m * m;
    long *idx = malloc((size_t)n * sizeof *idx);
    char *ok = malloc((size_t)n), *seen = malloc((size_t)m);
    long *mc = malloc((size_t)m * sizeof *mc);
    if (!idx || !ok || !seen || !mc) {
        free(idx);
        free(ok);
        free(seen);
        free(mc);
        return NOMEM(err);
    }
    for (long x = 0; x < n; x++)
        idx[x] = x;
    g_w = w;
    qsort(idx, (size_t)n, sizeof *idx, cmp_idx);
    long lo = 0, hi = n - 1; /* a perfect matching exists at hi */
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (perfect(w, w + idx[mid], m, ok, mc, seen))
            hi = mid;
        else
            lo = mid + 1;
    }
    mpfr_set(D, w + idx[lo], MPFR_RNDN); /* exact when precisions agree */
    if (mpfr_get_prec(D) < mpfr_get_prec(w + idx[lo]))
        mpfr_set(D, w + idx[lo], MPFR_RNDU);
    perfect(w, w + idx[lo], m, ok, mc, seen);
    if (perm)
        for (long j = 0; j < m; j++)
            perm[mc[j]] = j;
    free(idx);
    free(ok);
    free(seen);
    free(mc);
    return RR_OK;
}

static void brute_rec(mpfr_ptr best, long *p, long i, long m, mpfr_srcptr w,
                      mpfr_ptr cur, int *have)
{
    if (i == m) {
        if (!*have || mpfr_cmp(cur, best) < 0)
            mpfr_set(best, cur, MPFR_RNDU);
        *have = 1;
        return;
    }
    for (long t = i; t < m; t++) {
        long s = p[i];
        p[i] = p[t];
        p[t] = s;
        mpfr_t nxt;
        mpfr_init2(nxt, mpfr_get_prec(cur));
        mpfr_max(nxt, cur, w + i * m + p[i], MPFR_RNDU);
        brute_rec(best, p, i + 1, m, w, nxt, have);
        mpfr_clear(nxt);
        s = p[i];
        p[i] = p[t];
        p[t] = s;
    }
}

void rr_bottleneck_brute(mpfr_ptr D, mpfr_srcptr w, long m)
{
    long p[16];
    for (long i = 0; i < m; i++)
        p[i] = i;
    mpfr_t cur;
    mpfr_init2(cur, m ? mpfr_get_prec(w) : 64);
    mpfr_set_zero(cur, 1);
    int have = 0;
    mpfr_set_zero(D, 1);
    brute_rec(D, p, 0, m, w, cur, &have);
    mpfr_clear(cur);
}

/* ---- Chebyshev ----------------------------------------------------------- */

static void cheb_eval(mpq_ptr f, mpq_srcptr lam, mpq_srcptr w, mpq_srcptr u,
                      long n, mpq_ptr t)
{
    mpq_set_ui(f, 0, 1);
    for (long j = 0; j < n; j++) {
        mpq_mul(t, lam, w + j);
        mpq_sub(t, t, u + j);
        mpq_abs(t, t);
        if (mpq_cmp(t, f) > 0)
            mpq_set(f, t);
    }
}

int rr_chebyshev_line(mpq_ptr v, mpq_ptr lam, mpq_srcptr w, mpq_srcptr u,
                      long n, int positive_only)
{
    mpq_t c, f, t, num, den;
    mpq_inits(c, f, t, num, den, NULL);
    int have = 0, at_zero = 0;
    if (positive_only) { /* the infimum at 0+ */
        mpq_set_ui(c, 0, 1);
        cheb_eval(v, c, w, u, n, t);
        mpq_set_ui(lam, 0, 1);
        have = at_zero = 1;
    }
    for (long i = 0; i < n; i++)
        for (long j = i; j < n; j++)
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                /* lambda w_i - u_i = -sgn (lambda w_j - u_j) */
                if (j == i && sgn < 0)
                    continue;
                if (sgn > 0) {
                    mpq_add(den, w + i, w + j);
                    mpq_add(num, u + i, u + j);
                } else {
                    mpq_sub(den, w + i, w + j);
                    mpq_sub(num, u + i, u + j);
                }
                if (!mpq_sgn(den))
                    continue;
                mpq_div(c, num, den);
                if (positive_only && mpq_sgn(c) <= 0)
                    continue;
                cheb_eval(f, c, w, u, n, t);
                if (!have || mpq_cmp(f, v) < 0) {
                    mpq_set(v, f);
                    mpq_set(lam, c);
                    have = 1;
                    at_zero = 0;
                }
            }
    mpq_clears(c, f, t, num, den, NULL);
    return !at_zero;
}

/* ---- norms --------------------------------------------------------------- */

rr_status rr_norm_robust(rr_norm_result_t *res, int *fell_back,
                         const rr_net_t *net, mpq_srcptr lo, mpq_srcptr hi,
                         const rr_norm_opts_t *o, rr_err_t *err)
{
    if (fell_back)
        *fell_back = 0;
    rr_status st = rr_norm_compute(res, net, lo, hi, o, err);
    if (st != RR_EINTERNAL ||
        (o->method != RR_NORM_AUTO && o->method != RR_NORM_EXACT))
        return st;
    rr_norm_opts_t o2 = *o;
    o2.method = RR_NORM_EXACT_REGIONS;
    st = rr_norm_compute(res, net, lo, hi, &o2, err);
    if (!st && fell_back)
        *fell_back = 1;
    return st;
}

/* ---- the probe ----------------------------------------------------------- */

void rr_probe_clear(rr_probe_t *pr)
{
    if (!pr)
        return;
    rr_nval_clear(&pr->delta);
    mpfr_clears(pr->delta_lo, pr->delta_hi, pr->D_lo, pr->D_hi, pr->ratio_lo,
                pr->ratio_hi, (mpfr_ptr)0);
    rr_sp_clear(&pr->best);
    free(pr->perm);
    memset(pr, 0, sizeof *pr);
}

/* Enclosures of the balanced neurons of phi (w <= m neurons; the rest up
 * to m are zero neurons): E is m x 2(n1+k) MPFR: [ulo(n1), uhi(n1), clo(k),
 * chi(k)] per neuron. */
static void enclose_all(mpfr_ptr E, const rr_sp_t *phi, long m)
{
    long n1 = phi->d + 1, k = phi->k, s = 2 * (n1 + k);
    for (long j = 0; j < m; j++) {
        mpfr_ptr e = E + j * s;
        if (j < phi->w)
            rr_balance_enclose(e, e + n1, e + 2 * n1, e + 2 * n1 + k,
                               phi->U + j * n1, n1, phi->C + j * k, k);
        else
            for (long x = 0; x < s; x++)
                mpfr_set_zero(e + x, 1);
    }
}

/* [lo, hi] of max over entries |x - y|, x exact, y in [ylo, yhi]. */
static void dist_entry(mpfr_ptr lo, mpfr_ptr hi, mpq_srcptr x,
                       mpfr_srcptr ylo, mpfr_srcptr yhi, mpfr_ptr t)
{
    /* ylo - x (down), yhi - x (up) */
    mpfr_sub_q(t, ylo, x, MPFR_RNDD);
    if (mpfr_cmp(t, lo) > 0)
        mpfr_set(lo, t, MPFR_RNDD);
    mpfr_neg(t, t, MPFR_RNDU); /* x - ylo, upper */
    if (mpfr_cmp(t, hi) > 0)
        mpfr_set(hi, t, MPFR_RNDU);
    mpfr_sub_q(t, yhi, x, MPFR_RNDU);
    if (mpfr_cmp(t, hi) > 0)
        mpfr_set(hi, t, MPFR_RNDU);
    mpfr_neg(t, t, MPFR_RNDD); /* x - yhi, lower */
    if (mpfr_cmp(t, lo) > 0)
        mpfr_set(lo, t, MPFR_RNDD);
}

/* Distance matrices between Gamma's neurons (exact) and the enclosed
 * candidate neurons. */
static void dist_matrices(mpfr_ptr Wlo, mpfr_ptr Whi, const rr_sp_t *gamma,
                          mpfr_srcptr E, long m, mpfr_ptr t)
{
    long n1 = gamma->d + 1, k = gamma->k, s = 2 * (n1 + k);
    for (long i = 0; i < m; i++)
        for (long j = 0; j < m; j++) {
            mpfr_ptr lo = Wlo + i * m + j, hi = Whi + i * m + j;
            mpfr_set_zero(lo, 1);
            mpfr_set_zero(hi, 1);
            mpfr_srcptr e = E + j * s;
            for (long x = 0; x < n1; x++)
                dist_entry(lo, hi, gamma->U + i * n1 + x, e + x, e + n1 + x,
                           t);
            for (long r = 0; r < k; r++)
                dist_entry(lo, hi, gamma->C + i * k + r, e + 2 * n1 + r,
                           e + 2 * n1 + k + r, t);
        }
}

/* ||e_phi - e_gamma||_inf enclosed. */
static void bias_dist(mpfr_ptr lo, mpfr_ptr hi, const rr_sp_t *gamma,
                      const rr_sp_t *phi)
{
    mpq_t t, mx;
    mpq_inits(t, mx, NULL);
    for (long r = 0; r < gamma->k; r++) {
        mpq_sub(t, phi->e + r, gamma->e + r);
        mpq_abs(t, t);
        if (mpq_cmp(t, mx) > 0)
            mpq_set(mx, t);
    }
    mpfr_set_q(lo, mx, MPFR_RNDD);
    mpfr_set_q(hi, mx, MPFR_RNDU);
    mpq_clears(t, mx, NULL);
}

void rr_probe_dist(mpfr_ptr lo, mpfr_ptr hi, const rr_sp_t *gamma,
                   const rr_sp_t *phi, const long *perm)
{
    long m = gamma->w, n1 = gamma->d + 1, k = gamma->k, s = 2 * (n1 + k);
    mpfr_prec_t p = mpfr_get_prec(hi);
    mpfr_ptr E = malloc((size_t)(m * s + 1) * sizeof *E);
    for (long x = 0; x < m * s; x++)
        mpfr_init2(E + x, p);
    enclose_all(E, phi, m);
    mpfr_t a, b, t;
    mpfr_inits2(p, a, b, t, (mpfr_ptr)0);
    bias_dist(lo, hi, gamma, phi);
    for (long i = 0; i < m; i++) {
        mpfr_set_zero(a, 1);
        mpfr_set_zero(b, 1);
        mpfr_srcptr e = E + perm[i] * s;
        for (long x = 0; x < n1; x++)
            dist_entry(a, b, gamma->U + i * n1 + x, e + x, e + n1 + x, t);
        for (long r = 0; r < k; r++)
            dist_entry(a, b, gamma->C + i * k + r, e + 2 * n1 + r,
                       e + 2 * n1 + k + r, t);
        mpfr_max(lo, lo, a, MPFR_RNDD);
        mpfr_max(hi, hi, b, MPFR_RNDU);
    }
    mpfr_clears(a, b, t, (mpfr_ptr)0);
    for (long x = 0; x < m * s; x++)
        mpfr_clear(E + x);
    free(E);
}

typedef struct probe_ctx {
    rr_probe_t *pr;
    const rr_sp_t *gamma;
    const rr_inv_t *inv;
    long m;
    mpfr_ptr E, Wlo, Whi;
    long *perm;
    mpfr_t blo, bhi, elo, ehi, t;
    int have;
    rr_err_t *err;
    rr_status st;
} probe_ctx;

/* Evaluate one candidate (exact unbalanced neurons, w <= m). */
static int consider(probe_ctx *c, const rr_sp_t *phi, const char *desc)
{
    long m = c->m;
    rr_probe_t *pr = c->pr;
    pr->ncand++;
    enclose_all(c->E, phi, m);
    dist_matrices(c->Wlo, c->Whi, c->gamma, c->E, m, c->t);
    if ((c->st = rr_bottleneck(c->blo, NULL, c->Wlo, m, c->err)) ||
        (c->st = rr_bottleneck(c->bhi, c->perm, c->Whi, m, c->err)))
        return 1;
    bias_dist(c->elo, c->ehi, c->gamma, phi);
    mpfr_max(c->blo, c->blo, c->elo, MPFR_RNDD);
    mpfr_max(c->bhi, c->bhi, c->ehi, MPFR_RNDU);
    if (!c->have || mpfr_cmp(c->blo, pr->D_lo) < 0)
        mpfr_set(pr->D_lo, c->blo, MPFR_RNDD);
    if (!c->have || mpfr_cmp(c->bhi, pr->D_hi) < 0) {
        mpfr_set(pr->D_hi, c->bhi, MPFR_RNDU);
        snprintf(pr->best_desc, sizeof pr->best_desc, "%s", desc);
        rr_sp_clear(&pr->best);
        rr_err_t e2;
        if ((c->st = rr_sp_init(&pr->best, m, phi->d, phi->k, &e2))) {
            *c->err = e2;
            return 1;
        }
        long n1 = phi->d + 1, k = phi->k;
        for (long x = 0; x < phi->w * n1; x++)
            mpq_set(pr->best.U + x, phi->U + x);
        for (long x = 0; x < phi->w * k; x++)
            mpq_set(pr->best.C + x, phi->C + x);
        for (long r = 0; r < k; r++)
            mpq_set(pr->best.e + r, phi->e + r);
        memcpy(pr->perm, c->perm, (size_t)m * sizeof *pr->perm);
    }
    c->have = 1;
    return 0;
}

static int rep_cb(void *ctx, const rr_rep_t *rep)
{
    probe_ctx *c = ctx;
    rr_sp_t p;
    if ((c->st = rr_rep_params(&p, c->inv, rep, c->err)))
        return 1;
    char desc[160];
    snprintf(desc, sizeof desc, "representation \"%.30s\" of the invariants "
             "on %s%s", rep->orient, c->inv->on_box ? "the box" : "R^d",
             !rep->r ? ""
             : c->inv->on_box ? " + always-active neuron(s)"
                              : " + opposite pair(s)");
    int r = p.w <= c->m ? consider(c, &p, desc) : 0;
    rr_sp_clear(&p);
    return r;
}

/* G cleaned: null neurons zeroed, constants into e, positive parallels
 * merged.  Returns 1 when the result is restricted up to balance (R2-R4),
 * 0 when not, -1 on error. */
static int clean_candidate(rr_sp_t *q, const rr_sp_t *g, mpq_srcptr lo,
                           mpq_srcptr hi, rr_err_t *err)
{
    long d = g->d, k = g->k, n1 = d + 1, w = g->w;
    if (rr_sp_init(q, w, d, k, err))
        return -1;
    for (long x = 0; x < w * n1; x++)
        mpq_set(q->U + x, g->U + x);
    for (long x = 0; x < w * k; x++)
        mpq_set(q->C + x, g->C + x);
    for (long r = 0; r < k; r++)
        mpq_set(q->e + r, g->e + r);
    mpq_t lam, t;
    mpq_inits(lam, t, NULL);
    for (long i = 0; i < w; i++) {
        mpq_ptr u = q->U + i * n1, c = q->C + i * k;
        int null = rr_dg_is_zero(u, n1) || rr_dg_is_zero(c, k);
        if (!null && rr_dg_is_zero(u, d)) {
            if (mpq_sgn(u + d) > 0)
                for (long r = 0; r < k; r++) {
                    mpq_mul(t, c + r, u + d);
                    mpq_add(q->e + r, q->e + r, t);
                }
            null = 1;
        }
        if (!null && lo && hi) { /* dead on the box */
            mpq_t zl, zh;
            mpq_inits(zl, zh, NULL);
            rr_dg_affine_range(zl, zh, u, u + d, lo, hi, d, t);
            null = mpq_sgn(zh) <= 0;
            mpq_clears(zl, zh, NULL);
        }
        if (null) {
            for (long x = 0; x < n1; x++)
                mpq_set_ui(u + x, 0, 1);
            for (long r = 0; r < k; r++)
                mpq_set_ui(c + r, 0, 1);
        }
    }
    for (long i = 0; i < w; i++)
        for (long j = i + 1; j < w; j++) {
            mpq_ptr ui = q->U + i * n1, uj = q->U + j * n1;
            if (rr_dg_is_zero(ui, n1) || rr_dg_is_zero(uj, n1))
                continue;
            if (rr_dg_parallel(lam, ui, uj, n1, t) != 1)
                continue;
            rr_dg_merge_parallel(q->C + i * k, q->C + j * k, lam, k, t);
            for (long x = 0; x < n1; x++)
                mpq_set_ui(uj + x, 0, 1);
            if (rr_dg_is_zero(q->C + i * k, k))
                for (long x = 0; x < n1; x++)
                    mpq_set_ui(ui + x, 0, 1);
        }
    mpq_clears(lam, t, NULL);
    rr_net_t net;
    if (rr_sp_to_net(&net, q, NULL, err))
        return -1;
    rr_degen_t dg;
    int ok = -1;
    if (!rr_degen_analyze(&dg, &net, NULL, NULL, err)) {
        long *idx = malloc((size_t)(w + 1) * sizeof *idx);
        if (idx) {
            ok = !rr_degen_violations(idx, &dg.layer[0], RR_R2) &&
                 !rr_degen_violations(idx, &dg.layer[0], RR_R3) &&
                 !rr_degen_violations(idx, &dg.layer[0], RR_R4);
            free(idx);
        }
    }
    rr_degen_clear(&dg);
    rr_net_clear(&net);
    return ok;
}

rr_status rr_probe_compute(rr_probe_t *pr, const rr_net_t *gamma,
                           const rr_net_t *g, long prec,
                           const rr_norm_opts_t *nopts, rr_err_t *err)
{
    memset(pr, 0, sizeof *pr);
    rr_nval_init(&pr->delta);
    mpfr_inits2((mpfr_prec_t)prec, pr->delta_lo, pr->delta_hi, pr->D_lo,
                pr->D_hi, pr->ratio_lo, pr->ratio_hi, (mpfr_ptr)0);
    pr->prec = prec;
    if (gamma->depth != 2)
        return rr_err_set(err, RR_EINPUT,
                          "Gamma: a shallow network (d, m, k) is needed, "
                          "this one has depth %d", gamma->depth);
    if (g->depth != 2 || g->width[0] != gamma->width[0] ||
        g->width[1] != gamma->width[1] || g->width[2] != gamma->width[2])
        return rr_err_set(err, RR_EINPUT,
                          "G: architecture must be Gamma's (%ld, %ld, %ld)",
                          gamma->width[0], gamma->width[1], gamma->width[2]);
    /* Gamma restricted? */
    rr_degen_t dg;
    rr_status st = rr_degen_analyze(&dg, gamma, NULL, NULL, err);
    if (st) {
        rr_degen_clear(&dg);
        return st;
    }
    long m = gamma->width[1], d = gamma->width[0], k = gamma->width[2];
    pr->d = d;
    pr->m = m;
    pr->k = k;
    long *idx = malloc((size_t)(m + 1) * sizeof *idx);
    if (!idx) {
        rr_degen_clear(&dg);
        return NOMEM(err);
    }
    for (int c = 0; c < RR_NCOND && !st; c++) {
        long nv = rr_degen_violations(idx, &dg.layer[0], c);
        if (nv)
            st = rr_err_set(err, RR_EINPUT,
                            "Gamma: not in the restricted set: %s (%s) "
                            "violated by neuron %ld",
                            rr_cond_name(c), rr_cond_text(c), idx[0] + 1);
    }
    free(idx);
    rr_degen_clear(&dg);
    if (st)
        return st;
    /* delta */
    rr_net_t diff;
    rr_norm_result_t res;
    rr_norm_opts_t no;
    if (nopts)
        no = *nopts;
    else
        rr_norm_opts_default(&no);
    if ((st = rr_net_difference(&diff, g, gamma, NULL, err)))
        return st;
    st = rr_norm_robust(&res, &pr->norm_fallback, &diff, gamma->lo,
                        gamma->hi, &no, err);
    rr_net_clear(&diff);
    if (st)
        return st;
    pr->delta_exact = res.exact;
    if (res.exact) {
        pr->delta.is_sqrt = res.w1_max.lo.is_sqrt;
        mpq_set(pr->delta.q, res.w1_max.lo.q);
        rr_nval_enclose(pr->delta_lo, pr->delta_hi, &pr->delta);
    } else {
        mpfr_set(pr->delta_lo, res.w1_max.lo_dn, MPFR_RNDD);
        mpfr_set(pr->delta_hi, res.w1_max.hi_up, MPFR_RNDU);
    }
    rr_norm_result_clear(&res);
    /* candidates */
    rr_sp_t sg, sG, clean;
    rr_inv_t inv;
    memset(&inv, 0, sizeof inv);
    memset(&clean, 0, sizeof clean);
    memset(&sG, 0, sizeof sG);
    if ((st = rr_sp_from_net(&sg, gamma, err)))
        return st;
    long n1 = d + 1, s = 2 * (n1 + k);
    probe_ctx c;
    memset(&c, 0, sizeof c);
    c.pr = pr;
    c.gamma = &sg;
    c.m = m;
    c.err = err;
    c.E = malloc((size_t)(m * s + 1) * sizeof *c.E);
    c.Wlo = malloc((size_t)(m * m + 1) * sizeof *c.Wlo);
    c.Whi = malloc((size_t)(m * m + 1) * sizeof *c.Whi);
    c.perm = malloc((size_t)(m + 1) * sizeof *c.perm);
    pr->perm = calloc((size_t)(m + 1), sizeof *pr->perm);
    mpfr_inits2((mpfr_prec_t)prec, c.blo, c.bhi, c.elo, c.ehi, c.t,
                (mpfr_ptr)0);
    long nE = 0, nW = 0;
    if (!c.E || !c.Wlo || !c.Whi || !c.perm || !pr->perm) {
        st = NOMEM(err);
        goto out;
    }
    for (; nE < m * s; nE++)
        mpfr_init2(c.E + nE, (mpfr_prec_t)prec);
    for (; nW < m * m; nW++) {
        mpfr_init2(c.Wlo + nW, (mpfr_prec_t)prec);
        mpfr_init2(c.Whi + nW, (mpfr_prec_t)prec);
    }
    if ((st = rr_sp_from_net(&sG, g, err)))
        goto out;
    /* Gamma itself when R(G) = R(Gamma) on the box */
    if (mpfr_zero_p(pr->delta_hi) &&
        consider(&c, &sg, "Gamma itself (R(G) = R(Gamma) on the box)")) {
        st = c.st;
        goto out;
    }
    /* G cleaned (on R^d; on the box: neurons dead there removed too) */
    for (int box = 0; box < 2; box++) {
        int cl = clean_candidate(&clean, &sG, box ? gamma->lo : NULL,
                                 box ? gamma->hi : NULL, err);
        if (cl < 0) {
            st = err->code ? err->code : NOMEM(err);
            goto out;
        }
        if (cl && consider(&c, &clean,
                           box ? "G itself: null neurons and neurons dead "
                                 "on the box removed, parallel ones merged, "
                                 "balanced"
                               : "G itself: null neurons removed, parallel "
                                 "ones merged, balanced")) {
            st = c.st;
            goto out;
        }
        rr_sp_clear(&clean);
    }
    /* every representation of the invariants of R(G), on R^d and on the
     * box, of width <= m */
    pr->cand_complete = 1;
    for (int box = 0; box < 2 && !st; box++) {
        if ((st = rr_inv_compute(&inv, NULL, &sG, box ? gamma->lo : NULL,
                                 box ? gamma->hi : NULL, err)))
            goto out;
        c.inv = &inv;
        st = rr_rep_foreach(&inv, m, rep_cb, &c, err);
        if (st == RR_ELIMIT) { /* too many classes: the canonical one only */
            pr->cand_complete = 0;
            rr_rep_t rep;
            int complete;
            unsigned long nc;
            if ((st = rr_rep_canonical(&rep, &complete, &nc, &inv, err)))
                goto out;
            c.st = RR_OK;
            rep_cb(&c, &rep);
            st = c.st;
            rr_rep_clear(&rep);
        } else if (st)
            st = c.st ? c.st : st;
        rr_inv_clear(&inv);
    }
    if (st)
        goto out;
    if (!c.have) {
        st = rr_err_set(err, RR_EINPUT,
                        "G: no restricted parametrization of R(G) of width "
                        "%ld was found (the search over orientations was "
                        "capped)", m);
        goto out;
    }
    /* ratio = D / sqrt(delta) */
    {
        mpfr_t sq;
        mpfr_init2(sq, (mpfr_prec_t)prec);
        mpfr_sqrt(sq, pr->delta_hi, MPFR_RNDU);
        mpfr_div(pr->ratio_lo, pr->D_lo, sq, MPFR_RNDD);
        mpfr_sqrt(sq, pr->delta_lo, MPFR_RNDD);
        if (mpfr_zero_p(sq))
            mpfr_set_inf(pr->ratio_hi, 1);
        else
            mpfr_div(pr->ratio_hi, pr->D_hi, sq, MPFR_RNDU);
        if (mpfr_nan_p(pr->ratio_lo))
            mpfr_set_zero(pr->ratio_lo, 1);
        mpfr_clear(sq);
    }
out:
    if (c.E)
        for (long x = 0; x < nE; x++)
            mpfr_clear(c.E + x);
    for (long x = 0; x < nW; x++) {
        mpfr_clear(c.Wlo + x);
        mpfr_clear(c.Whi + x);
    }
    free(c.E);
    free(c.Wlo);
    free(c.Whi);
    free(c.perm);
    mpfr_clears(c.blo, c.bhi, c.elo, c.ehi, c.t, (mpfr_ptr)0);
    rr_inv_clear(&inv);
    rr_sp_clear(&clean);
    rr_sp_clear(&sG);
    rr_sp_clear(&sg);
    return st;
}

/* ---- pathologies --------------------------------------------------------- */

void rr_patho_defaults(rr_patho_params_t *pp)
{
    mpq_inits(pp->r, pp->a, pp->t, NULL);
    mpq_set_ui(pp->r, 1, 1);
    mpq_set_ui(pp->a, 1, 1);
    mpq_set_ui(pp->t, 1, 2);
    pp->d = 2;
    pp->m = 3;
    pp->A = rr_qvec_new(6);
    pp->v = rr_qvec_new(2);
    static const int A[6] = {1, 0, 0, 1, -1, -1};
    for (int i = 0; pp->A && i < 6; i++)
        mpq_set_si(pp->A + i, A[i], 1);
    if (pp->v) {
        mpq_set_si(pp->v + 0, 1, 1);
        mpq_set_si(pp->v + 1, 2, 1);
    }
}

void rr_patho_params_clear(rr_patho_params_t *pp)
{
    mpq_clears(pp->r, pp->a, pp->t, NULL);
    rr_qvec_free(pp->A, pp->m * pp->d);
    rr_qvec_free(pp->v, pp->d);
    memset(pp, 0, sizeof *pp);
}

static rr_status net_new(rr_net_t *net, long d, long m, long k, rr_err_t *err)
{
    long w[3] = {d, m, k};
    return rr_net_init(net, 2, w, NULL, err);
}

/* floor(sqrt(k)) >= 1 as a rational */
static void isqrt_q(mpq_ptr s, long k)
{
    mpz_t z;
    mpz_init_set_si(z, k);
    mpz_sqrt(z, z);
    mpq_set_z(s, z);
    mpz_clear(z);
}

rr_status rr_patho_build(rr_net_t *gamma, rr_net_t *target, rr_net_t *phi,
                         rr_nval_t *L, rr_nval_t *delta, rr_nval_t *dinf,
                         int family, long k, const rr_patho_params_t *pp,
                         rr_err_t *err)
{
    rr_nval_init(L);
    rr_nval_init(delta);
    rr_nval_init(dinf);
    memset(gamma, 0, sizeof *gamma);
    memset(target, 0, sizeof *target);
    memset(phi, 0, sizeof *phi);
    if (k < 1)
        return rr_err_set(err, RR_EINPUT, "pathology: k must be >= 1");
    rr_status st = RR_OK;
    mpq_t s, t, kq, lam;
    mpq_inits(s, t, kq, lam, NULL);
    mpq_set_si(kq, k, 1);
    switch (family) {
    case RR_P1: { /* N = (2,1,1), Gamma a = (r,0), c = 0; g_k = rho(x2)/k */
        if (mpq_sgn(pp->r) <= 0) {
            st = rr_err_set(err, RR_EINPUT, "P1: r must be > 0");
            break;
        }
        if ((st = net_new(gamma, 2, 1, 1, err)) ||
            (st = net_new(target, 2, 1, 1, err)) ||
            (st = net_new(phi, 2, 1, 1, err)))
            break;
        mpq_set(rr_net_weight(gamma, 0, 0, 0), pp->r);
        mpq_set_ui(rr_net_weight(target, 0, 0, 1), 1, 1);
        mpq_inv(rr_net_weight(target, 1, 0, 0), kq);
        /* Phi: a = lambda (0, 1), c = 1/(k lambda), lambda = 1/floor(sqrt k) */
        isqrt_q(s, k);
        mpq_inv(lam, s);
        mpq_set(rr_net_weight(phi, 0, 0, 1), lam);
        mpq_mul(t, kq, lam);
        mpq_inv(rr_net_weight(phi, 1, 0, 0), t);
        /* L = max(r, 1/sqrt k) = sqrt(max(r^2, 1/k)) */
        mpq_mul(s, pp->r, pp->r);
        mpq_inv(t, kq);
        L->is_sqrt = 1;
        mpq_set(L->q, mpq_cmp(s, t) >= 0 ? s : t);
        mpq_inv(delta->q, kq);
        mpq_inv(dinf->q, kq);
        break;
    }
    case RR_P2: { /* N = (d, 2m, 1), rows a_i, -a_i, c = (1.., -1..) */
        long d = pp->d, m = pp->m, n1 = d + 1;
        if (m < 2) {
            st = rr_err_set(err, RR_EINPUT, "P2: m >= 2 rows are needed");
            break;
        }
        for (long j = 0; j < d && !st; j++) {
            mpq_set_ui(s, 0, 1);
            for (long i = 0; i < m; i++)
                mpq_add(s, s, pp->A + i * d + j);
            if (mpq_sgn(s))
                st = rr_err_set(err, RR_EINPUT,
                                "P2: the rows a_i must sum to 0 (coordinate "
                                "%ld)", j + 1);
        }
        if (st)
            break;
        mpq_ptr w = rr_qvec_new(n1), u = rr_qvec_new(n1);
        if (!w || !u) {
            rr_qvec_free(w, n1);
            rr_qvec_free(u, n1);
            st = NOMEM(err);
            break;
        }
        for (long j = 0; j < d; j++)
            mpq_set(w + j, pp->v + j);
        for (long i = 0; i < m && !st; i++) { /* v parallel to no a_i */
            for (long j = 0; j < d; j++)
                mpq_set(u + j, pp->A + i * d + j);
            if (rr_dg_parallel(lam, w, u, n1, t) || rr_dg_is_zero(u, d))
                st = rr_err_set(err, RR_EINPUT,
                                "P2: v must be parallel to no row a_i (row "
                                "%ld)", i + 1);
        }
        if (!st && ((st = net_new(gamma, d, 2 * m, 1, err)) ||
                    (st = net_new(target, d, 1, 1, err)) ||
                    (st = net_new(phi, d, 2 * m, 1, err)))) {
        }
        if (st) {
            rr_qvec_free(w, n1);
            rr_qvec_free(u, n1);
            break;
        }
        for (long i = 0; i < m; i++) {
            for (long j = 0; j < d; j++) {
                mpq_set(rr_net_weight(gamma, 0, i, j), pp->A + i * d + j);
                mpq_neg(rr_net_weight(gamma, 0, m + i, j), pp->A + i * d + j);
            }
            mpq_set_si(rr_net_weight(gamma, 1, 0, i), 1, 1);
            mpq_set_si(rr_net_weight(gamma, 1, 0, m + i), -1, 1);
        }
        for (long j = 0; j < d; j++)
            mpq_set(rr_net_weight(target, 0, 0, j), pp->v + j);
        mpq_inv(rr_net_weight(target, 1, 0, 0), kq);
        /* L = min over Gamma's neurons of min_lambda ||lambda (v,0) - u_j||;
         * the explicit Phi moves the neuron j* with the best lambda > 0 */
        long jstar = -1;
        mpq_t best, bl, val;
        mpq_inits(best, bl, val, NULL);
        int haveL = 0;
        for (long j = 0; j < 2 * m; j++) {
            for (long x = 0; x < d; x++)
                mpq_set(u + x, rr_net_weight(gamma, 0, j, x));
            mpq_set(u + d, rr_net_bias(gamma, 0, j));
            rr_chebyshev_line(val, lam, w, u, n1, 0);
            if (!haveL || mpq_cmp(val, L->q) < 0)
                mpq_set(L->q, val);
            haveL = 1;
            if (rr_chebyshev_line(val, lam, w, u, n1, 1) &&
                (jstar < 0 || mpq_cmp(val, best) < 0)) {
                jstar = j;
                mpq_set(best, val);
                mpq_set(bl, lam);
            }
        }
        /* Phi: copy Gamma; neuron jstar := (bl v, 0; 1/(k bl)); its
         * partner's outgoing weight := 0; other pairs a_i += a_p / (m-1) */
        for (long i = 0; i < 2 * m; i++) {
            for (long j = 0; j < d; j++)
                mpq_set(rr_net_weight(phi, 0, i, j),
                        rr_net_weight(gamma, 0, i, j));
            mpq_set(rr_net_weight(phi, 1, 0, i), rr_net_weight(gamma, 1, 0, i));
        }
        long p = jstar % m;
        for (long i = 0; i < m; i++) {
            if (i == p)
                continue;
            for (long j = 0; j < d; j++) {
                mpq_set_si(t, m - 1, 1);
                mpq_div(t, pp->A + p * d + j, t);
                mpq_add(rr_net_weight(phi, 0, i, j), rr_net_weight(phi, 0, i, j),
                        t);
                mpq_neg(rr_net_weight(phi, 0, m + i, j),
                        rr_net_weight(phi, 0, i, j));
            }
        }
        long partner = jstar < m ? jstar + m : jstar - m;
        mpq_set_ui(rr_net_weight(phi, 1, 0, partner), 0, 1);
        for (long j = 0; j < d; j++)
            mpq_mul(rr_net_weight(phi, 0, jstar, j), bl, pp->v + j);
        mpq_mul(t, kq, bl);
        mpq_inv(rr_net_weight(phi, 1, 0, jstar), t);
        /* delta = ||v||_1 / k (sup of <v,x>/k on [-1,1]^d; the gradient
         * norm ||v||_2 / k is not larger) */
        mpq_set_ui(s, 0, 1);
        for (long j = 0; j < d; j++) {
            mpq_abs(t, pp->v + j);
            mpq_add(s, s, t);
        }
        mpq_div(delta->q, s, kq);
        mpq_set(dinf->q, delta->q);
        mpq_clears(best, bl, val, NULL);
        rr_qvec_free(w, n1);
        rr_qvec_free(u, n1);
        break;
    }
    case RR_P3: { /* N = (1,2,1): a rho(x) - a rho(x); g_k = rho(x - t)/k */
        if (mpq_cmp_si(pp->t, -1, 1) <= 0 || mpq_cmp_si(pp->t, 1, 1) >= 0) {
            st = rr_err_set(err, RR_EINPUT, "P3: t must lie in (-1, 1)");
            break;
        }
        if ((st = net_new(gamma, 1, 2, 1, err)) ||
            (st = net_new(target, 1, 1, 1, err)) ||
            (st = net_new(phi, 1, 2, 1, err)))
            break;
        for (long i = 0; i < 2; i++)
            mpq_set_ui(rr_net_weight(gamma, 0, i, 0), 1, 1);
        mpq_set(rr_net_weight(gamma, 1, 0, 0), pp->a);
        mpq_neg(rr_net_weight(gamma, 1, 0, 1), pp->a);
        mpq_set_ui(rr_net_weight(target, 0, 0, 0), 1, 1);
        mpq_neg(rr_net_bias(target, 0, 0), pp->t);
        mpq_inv(rr_net_weight(target, 1, 0, 0), kq);
        mpq_t val;
        mpq_init(val);
        mpq_ptr W = rr_qvec_new(2), U = rr_qvec_new(2); /* (1, -t), (1, 0) */
        mpq_set_ui(W + 0, 1, 1);
        mpq_neg(W + 1, pp->t);
        mpq_set_ui(U + 0, 1, 1);
        rr_chebyshev_line(L->q, lam, W, U, 2, 0);
        if (!rr_chebyshev_line(val, lam, W, U, 2, 1))
            mpq_set_ui(lam, 1, 1);
        /* Phi: two parallel neurons lam (1, -t) with outgoing
         * a + 1/(k lam) and -a: together (1/k) rho(x - t) */
        for (long i = 0; i < 2; i++) {
            mpq_set(rr_net_weight(phi, 0, i, 0), lam);
            mpq_mul(rr_net_bias(phi, 0, i), lam, W + 1);
        }
        mpq_mul(t, kq, lam);
        mpq_inv(t, t);
        mpq_add(rr_net_weight(phi, 1, 0, 0), pp->a, t);
        mpq_neg(rr_net_weight(phi, 1, 0, 1), pp->a);
        /* delta = max(1 - t, 1) / k: sup |g_k| = (1 - t)/k, gradient 1/k */
        mpq_set_ui(s, 1, 1);
        mpq_sub(s, s, pp->t);
        mpq_div(dinf->q, s, kq);
        if (mpq_cmp_ui(s, 1, 1) < 0)
            mpq_set_ui(s, 1, 1);
        mpq_div(delta->q, s, kq);
        rr_qvec_free(W, 2);
        rr_qvec_free(U, 2);
        mpq_clear(val);
        break;
    }
    case RR_P4: { /* N = (1,1,1): Gamma = 0, g_k = k rho(x - 1 + 1/k^2) */
        if ((st = net_new(gamma, 1, 1, 1, err)) ||
            (st = net_new(target, 1, 1, 1, err)) ||
            (st = net_new(phi, 1, 1, 1, err)))
            break;
        mpq_t x0;
        mpq_init(x0); /* the kink 1 - 1/k^2 */
        mpq_mul(x0, kq, kq);
        mpq_inv(x0, x0);
        mpq_set_ui(t, 1, 1);
        mpq_sub(x0, t, x0);
        mpq_set_ui(rr_net_weight(target, 0, 0, 0), 1, 1);
        mpq_neg(rr_net_bias(target, 0, 0), x0);
        mpq_set(rr_net_weight(target, 1, 0, 0), kq);
        isqrt_q(lam, k); /* Phi: lambda (1, -x0), c = k / lambda */
        mpq_set(rr_net_weight(phi, 0, 0, 0), lam);
        mpq_mul(rr_net_bias(phi, 0, 0), lam, x0);
        mpq_neg(rr_net_bias(phi, 0, 0), rr_net_bias(phi, 0, 0));
        mpq_div(rr_net_weight(phi, 1, 0, 0), kq, lam);
        L->is_sqrt = 1; /* min over lambda of max(lambda, k/lambda) */
        mpq_set(L->q, kq);
        mpq_set(delta->q, kq); /* max(1/k, k) = k */
        mpq_inv(dinf->q, kq);
        mpq_clear(x0);
        break;
    }
    default:
        st = rr_err_set(err, RR_EINPUT, "pathology: unknown family %d",
                        family);
    }
    mpq_clears(s, t, kq, lam, NULL);
    if (st) {
        rr_net_clear(gamma);
        rr_net_clear(target);
        rr_net_clear(phi);
    }
    return st;
}
