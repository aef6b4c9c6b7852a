/* rr_norm.c -- Sobolev norms on boxes: the driver, exact values, bounds
 * bookkeeping and witness re-checks (rr_norm.h, spec/norms.md). */
#include "rr_norm_int.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rr_realize.h"

/* ---- time ---------------------------------------------------------------- */

double rr_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int rr_clock_over(const rr_clock_t *c)
{
    return c && c->deadline > 0 && rr_now() >= c->deadline;
}

/* ---- exact values ------------------------------------------------------- */

void rr_nval_init(rr_nval_t *v)
{
    v->is_sqrt = 0;
    mpq_init(v->q);
}

void rr_nval_clear(rr_nval_t *v)
{
    mpq_clear(v->q);
}

static void nval_set(rr_nval_t *dst, const rr_nval_t *src)
{
    dst->is_sqrt = src->is_sqrt;
    mpq_set(dst->q, src->q);
}

int rr_nval_cmp(const rr_nval_t *a, const rr_nval_t *b)
{
    if (a->is_sqrt == b->is_sqrt)
        return (mpq_cmp(a->q, b->q) > 0) - (mpq_cmp(a->q, b->q) < 0);
    /* sqrt(p) vs r (r >= 0): compare p with r^2 */
    mpq_t sq;
    mpq_init(sq);
    int c;
    if (a->is_sqrt) {
        mpq_mul(sq, b->q, b->q);
        c = mpq_cmp(a->q, sq);
    } else {
        mpq_mul(sq, a->q, a->q);
        c = mpq_cmp(sq, b->q);
    }
    mpq_clear(sq);
    return (c > 0) - (c < 0);
}

void rr_nval_enclose(mpfr_ptr dn, mpfr_ptr up, const rr_nval_t *v)
{
    if (!v->is_sqrt) {
        mpfr_set_q(dn, v->q, MPFR_RNDD);
        mpfr_set_q(up, v->q, MPFR_RNDU);
        return;
    }
    mpfr_prec_t p = mpfr_get_prec(dn) > mpfr_get_prec(up)
                        ? mpfr_get_prec(dn) : mpfr_get_prec(up);
    mpfr_t t;
    mpfr_init2(t, p + 32);
    mpfr_set_q(t, v->q, MPFR_RNDD);
    mpfr_sqrt(dn, t, MPFR_RNDD);
    mpfr_set_q(t, v->q, MPFR_RNDU);
    mpfr_sqrt(up, t, MPFR_RNDU);
    mpfr_clear(t);
}

void rr_gradnorm_value(rr_nval_t *v, mpq_srcptr g, long d, rr_gradnorm kind)
{
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(v->q, 0, 1);
    v->is_sqrt = kind == RR_GRAD_L2;
    for (long i = 0; i < d; i++) {
        switch (kind) {
        case RR_GRAD_L2:
            mpq_mul(t, g + i, g + i);
            mpq_add(v->q, v->q, t);
            break;
        case RR_GRAD_L1:
            mpq_abs(t, g + i);
            mpq_add(v->q, v->q, t);
            break;
        case RR_GRAD_LINF:
            mpq_abs(t, g + i);
            if (mpq_cmp(t, v->q) > 0)
                mpq_set(v->q, t);
            break;
        }
    }
    mpq_clear(t);
}

rr_status rr_gradnorm_parse(rr_gradnorm *g, const char *s, rr_err_t *err)
{
    if (!strcmp(s, "l2"))
        *g = RR_GRAD_L2;
    else if (!strcmp(s, "l1"))
        *g = RR_GRAD_L1;
    else if (!strcmp(s, "linf"))
        *g = RR_GRAD_LINF;
    else
        return rr_err_set(err, RR_EINPUT,
                          "gradient norm \"%.40s\": expected l2, l1 or linf",
                          s);
    return RR_OK;
}

const char *rr_gradnorm_name(rr_gradnorm g)
{
    return g == RR_GRAD_L1 ? "l1" : g == RR_GRAD_LINF ? "linf" : "l2";
}

void rr_norm_opts_default(rr_norm_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->grad = RR_GRAD_L2;
    o->prec = 64;
    o->gap = 0;
    o->budget = 10;
    o->method = RR_NORM_AUTO;
    o->progress_every = 1;
}

/* ---- bounds ------------------------------------------------------------- */

static int bound_init(rr_nbound_t *b, long d, long prec)
{
    memset(b, 0, sizeof *b);
    rr_nval_init(&b->lo);
    mpfr_init2(b->lo_dn, prec);
    mpfr_init2(b->hi_up, prec);
    mpfr_set_inf(b->hi_up, 1);
    mpfr_set_zero(b->lo_dn, 1);
    mpq_init(b->fx);
    b->x = rr_qvec_new(d);
    b->grad = rr_qvec_new(d);
    return b->x && b->grad ? 0 : -1;
}

static void bound_clear(rr_nbound_t *b, long d)
{
    rr_nval_clear(&b->lo);
    mpfr_clear(b->lo_dn);
    mpfr_clear(b->hi_up);
    mpq_clear(b->fx);
    rr_qvec_free(b->x, d);
    rr_qvec_free(b->grad, d);
}

static void bound_copy(rr_nbound_t *dst, const rr_nbound_t *src, long d)
{
    dst->known = src->known;
    nval_set(&dst->lo, &src->lo);
    dst->exact = src->exact;
    mpfr_set(dst->lo_dn, src->lo_dn, MPFR_RNDD);
    mpfr_set(dst->hi_up, src->hi_up, MPFR_RNDU);
    dst->comp = src->comp;
    dst->wit = src->wit;
    mpq_set(dst->fx, src->fx);
    for (long i = 0; i < d; i++) {
        mpq_set(dst->x + i, src->x + i);
        mpq_set(dst->grad + i, src->grad + i);
    }
}

int rr_nb_offer_value(rr_nbound_t *b, mpq_srcptr fx, mpq_srcptr x, long d,
                      long comp)
{
    mpq_t a;
    mpq_init(a);
    mpq_abs(a, fx);
    int keep = !b->known || mpq_cmp(a, b->lo.q) > 0;
    if (keep) {
        b->known = 1;
        b->lo.is_sqrt = 0;
        mpq_set(b->lo.q, a);
        mpq_set(b->fx, fx);
        for (long i = 0; i < d; i++)
            mpq_set(b->x + i, x + i);
        b->comp = comp;
        b->wit = RR_WIT_VALUE;
    }
    mpq_clear(a);
    return keep;
}

int rr_nb_improves(const rr_nbound_t *b, const rr_nval_t *v)
{
    return !b->known || rr_nval_cmp(v, &b->lo) > 0;
}

void rr_nb_set_grad(rr_nbound_t *b, const rr_nval_t *v, mpq_srcptr x,
                    mpq_srcptr g, long d, long comp)
{
    b->known = 1;
    nval_set(&b->lo, v);
    for (long i = 0; i < d; i++) {
        mpq_set(b->x + i, x + i);
        mpq_set(b->grad + i, g + i);
    }
    b->comp = comp;
    b->wit = RR_WIT_GRAD;
}

/* out := max(a, b): lo the larger attained value (a on ties), hi the
 * larger upper bound, exact when the larger lo is exact and the other
 * quantity's upper bound does not exceed it.  Not yet proved. */
static void bound_max(rr_nbound_t *out, const rr_nbound_t *a,
                      const rr_nbound_t *b, long d)
{
    const rr_nbound_t *big = a, *small = b;
    if (!a->known || (b->known && rr_nval_cmp(&b->lo, &a->lo) > 0)) {
        big = b;
        small = a;
    }
    int exact = big->exact &&
                (small->exact || mpfr_lessequal_p(small->hi_up, big->lo_dn));
    mpfr_t hi;
    mpfr_init2(hi, mpfr_get_prec(out->hi_up));
    mpfr_max(hi, a->hi_up, b->hi_up, MPFR_RNDU);
    bound_copy(out, big, d);
    mpfr_set(out->hi_up, hi, MPFR_RNDU);
    mpfr_clear(hi);
    out->exact = exact;
    if (exact)
        mpfr_set(out->hi_up, big->hi_up, MPFR_RNDU);
}

/* Enclose lo; exact bounds get hi = RU(lo).  Not yet proved. */
static void bound_settle(rr_nbound_t *b)
{
    mpfr_t up;
    mpfr_init2(up, mpfr_get_prec(b->hi_up));
    rr_nval_enclose(b->lo_dn, up, &b->lo);
    if (b->exact || mpfr_less_p(b->hi_up, up))
        mpfr_set(b->hi_up, up, MPFR_RNDU);
    mpfr_clear(up);
}

void rr_norm_finish(rr_norm_result_t *res)
{
    long d = res->d, k = res->k;
    res->exact = 1;
    for (long j = 0; j < k; j++) {
        bound_settle(&res->linf[j]);
        bound_settle(&res->semi[j]);
        bound_max(&res->w1[j], &res->linf[j], &res->semi[j], d);
        res->exact &= res->linf[j].exact && res->semi[j].exact;
    }
    bound_copy(&res->linf_max, &res->linf[0], d);
    bound_copy(&res->semi_max, &res->semi[0], d);
    bound_copy(&res->w1_max, &res->w1[0], d);
    for (long j = 1; j < k; j++) {
        bound_max(&res->linf_max, &res->linf_max, &res->linf[j], d);
        bound_max(&res->semi_max, &res->semi_max, &res->semi[j], d);
        bound_max(&res->w1_max, &res->w1_max, &res->w1[j], d);
    }
}

static rr_status result_init(rr_norm_result_t *res, long d, long k,
                             const rr_norm_opts_t *o, rr_err_t *err)
{
    memset(res, 0, sizeof *res);
    res->d = d;
    res->k = k;
    res->grad = o->grad;
    res->prec = o->prec;
    res->lo = rr_qvec_new(d);
    res->hi = rr_qvec_new(d);
    res->linf = calloc((size_t)k, sizeof *res->linf);
    res->semi = calloc((size_t)k, sizeof *res->semi);
    res->w1 = calloc((size_t)k, sizeof *res->w1);
    int bad = !res->lo || !res->hi || !res->linf || !res->semi || !res->w1;
    if (bad) {
        rr_qvec_free(res->lo, d);
        rr_qvec_free(res->hi, d);
        free(res->linf);
        free(res->semi);
        free(res->w1);
        memset(res, 0, sizeof *res);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    for (long j = 0; j < k; j++) {
        bad |= bound_init(&res->linf[j], d, o->prec);
        bad |= bound_init(&res->semi[j], d, o->prec);
        bad |= bound_init(&res->w1[j], d, o->prec);
    }
    bad |= bound_init(&res->linf_max, d, o->prec);
    bad |= bound_init(&res->semi_max, d, o->prec);
    bad |= bound_init(&res->w1_max, d, o->prec);
    if (bad) {
        rr_norm_result_clear(res);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    return RR_OK;
}

void rr_norm_result_clear(rr_norm_result_t *res)
{
    long d = res->d;
    if (res->linf)
        for (long j = 0; j < res->k; j++) {
            bound_clear(&res->linf[j], d);
            bound_clear(&res->semi[j], d);
            bound_clear(&res->w1[j], d);
        }
    if (res->linf) {
        bound_clear(&res->linf_max, d);
        bound_clear(&res->semi_max, d);
        bound_clear(&res->w1_max, d);
    }
    free(res->linf);
    free(res->semi);
    free(res->w1);
    rr_qvec_free(res->lo, d);
    rr_qvec_free(res->hi, d);
    memset(res, 0, sizeof *res);
}

/* ---- progress ----------------------------------------------------------- */

void rr_progress_start(rr_progress_t *p, const rr_norm_opts_t *o,
                       const rr_clock_t *clk)
{
    p->o = o;
    p->last = clk->start;
}

int rr_progress_due(const rr_progress_t *p)
{
    if (!p->o->progress)
        return 0;
    double every = p->o->progress_every > 0 ? p->o->progress_every : 1;
    return rr_now() - p->last >= every;
}

static double q_dn(const rr_nval_t *v)
{
    mpfr_t a, b;
    mpfr_init2(a, 53);
    mpfr_init2(b, 53);
    rr_nval_enclose(a, b, v);
    double r = mpfr_get_d(a, MPFR_RNDD);
    mpfr_clear(a);
    mpfr_clear(b);
    return r;
}

void rr_progress_send(rr_progress_t *p, const rr_clock_t *clk,
                      const char *phase, long nodes, long open,
                      const rr_norm_result_t *res, double linf_hi,
                      double semi_hi)
{
    rr_norm_progress_t pr;
    double now = rr_now();
    p->last = now;
    pr.seconds = now - clk->start;
    pr.phase = phase;
    pr.nodes = nodes;
    pr.open = open;
    pr.linf_lo = pr.semi_lo = 0;
    for (long j = 0; j < res->k; j++) {
        if (res->linf[j].known && q_dn(&res->linf[j].lo) > pr.linf_lo)
            pr.linf_lo = q_dn(&res->linf[j].lo);
        if (res->semi[j].known && q_dn(&res->semi[j].lo) > pr.semi_lo)
            pr.semi_lo = q_dn(&res->semi[j].lo);
    }
    pr.linf_hi = linf_hi;
    pr.semi_hi = semi_hi;
    p->o->progress(p->o->progress_ctx, &pr);
}

/* ---- the box ------------------------------------------------------------ */

rr_status rr_norm_parse_box(mpq_ptr lo, mpq_ptr hi, const char *s, long d,
                            const rr_caps_t *caps, rr_err_t *err)
{
    size_t n = strlen(s);
    char *buf = malloc(n + 1);
    if (!buf)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    memcpy(buf, s, n + 1);
    long count = 0;
    rr_status st = RR_OK;
    char *p = buf;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        count++;
        if (count > d) {
            st = rr_err_set(err, RR_EINPUT,
                            "--box: more than %ld intervals for input "
                            "dimension %ld", d, d);
            break;
        }
        char *colon = strchr(p, ':');
        if (!colon) {
            st = rr_err_set(err, RR_EINPUT,
                            "--box: interval %ld \"%.40s\" is not lo:hi", count,
                            p);
            break;
        }
        *colon = 0;
        if ((st = rr_q_parse(lo + (count - 1), p, caps, err)) ||
            (st = rr_q_parse(hi + (count - 1), colon + 1, caps, err))) {
            rr_err_prefix(err, "--box: interval %ld", count);
            break;
        }
        if (mpq_cmp(lo + (count - 1), hi + (count - 1)) >= 0) {
            st = rr_err_set(err, RR_EINPUT,
                            "--box: interval %ld \"%.30s:%.30s\": lo must be "
                            "below hi", count, p, colon + 1);
            break;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    if (!st && count != d)
        st = rr_err_set(err, RR_EINPUT,
                        "--box: %ld interval%s for input dimension %ld", count,
                        count == 1 ? "" : "s", d);
    free(buf);
    return st;
}

/* ---- witnesses ---------------------------------------------------------- */

/* Re-check one bound by evaluating.  Not yet proved. */
static rr_status verify_bound(rr_eval_t *ev, rr_result_t *r,
                              const rr_norm_result_t *res,
                              const rr_nbound_t *b, const char *what,
                              rr_err_t *err)
{
    long d = res->d;
    if (!b->known)
        return rr_err_set(err, RR_EINTERNAL, "norm: %s has no witness", what);
    if (mpfr_cmp(b->lo_dn, b->hi_up) > 0)
        return rr_err_set(err, RR_EINTERNAL, "norm: %s: lower bound above "
                          "the upper bound", what);
    for (long i = 0; i < d; i++) {
        int c1 = mpq_cmp(b->x + i, res->lo + i), c2 = mpq_cmp(b->x + i,
                                                              res->hi + i);
        if (c1 < 0 || c2 > 0 || (b->wit == RR_WIT_GRAD && (!c1 || !c2)))
            return rr_err_set(err, RR_EINTERNAL,
                              "norm: %s: the witness is outside the %s box",
                              what, b->wit == RR_WIT_GRAD ? "open" : "closed");
    }
    rr_status st = rr_eval_point(ev, r, b->x,
                                 b->wit == RR_WIT_GRAD ? RR_WANT_JACOBIAN : 0,
                                 err);
    if (st)
        return st;
    rr_nval_t v;
    rr_nval_init(&v);
    if (b->wit == RR_WIT_VALUE) {
        mpq_abs(v.q, r->q + b->comp);
        if (!mpq_equal(r->q + b->comp, b->fx) || rr_nval_cmp(&v, &b->lo))
            st = rr_err_set(err, RR_EINTERNAL,
                            "norm: %s: the value at the witness differs",
                            what);
    } else if (b->wit == RR_WIT_GRAD) {
        if (r->differentiable != RR_DIFF_YES) {
            st = rr_err_set(err, RR_EINTERNAL,
                            "norm: %s: not differentiable at the witness",
                            what);
        } else {
            for (long i = 0; i < d && !st; i++)
                if (!mpq_equal(r->jac + (b->comp * d + i), b->grad + i))
                    st = rr_err_set(err, RR_EINTERNAL,
                                    "norm: %s: the gradient at the witness "
                                    "differs", what);
            rr_gradnorm_value(&v, b->grad, d, res->grad);
            if (!st && rr_nval_cmp(&v, &b->lo))
                st = rr_err_set(err, RR_EINTERNAL,
                                "norm: %s: the gradient norm at the witness "
                                "differs", what);
        }
    } else {
        st = rr_err_set(err, RR_EINTERNAL, "norm: %s: no witness", what);
    }
    rr_nval_clear(&v);
    return st;
}

rr_status rr_norm_verify(const rr_net_t *net, const rr_norm_result_t *res,
                         rr_err_t *err)
{
    rr_mode_t m = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t r;
    rr_status st = rr_eval_new(&ev, net, m, err);
    if (st)
        return st;
    if ((st = rr_result_init(&r, ev, err))) {
        rr_eval_free(ev);
        return st;
    }
    char what[64];
    for (long j = 0; j < res->k && !st; j++) {
        snprintf(what, sizeof what, "L^inf of component %ld", j + 1);
        st = verify_bound(ev, &r, res, &res->linf[j], what, err);
        if (!st) {
            snprintf(what, sizeof what, "seminorm of component %ld", j + 1);
            st = verify_bound(ev, &r, res, &res->semi[j], what, err);
        }
        if (!st) {
            snprintf(what, sizeof what, "W^{1,inf} of component %ld", j + 1);
            st = verify_bound(ev, &r, res, &res->w1[j], what, err);
        }
    }
    if (!st)
        st = verify_bound(ev, &r, res, &res->linf_max, "max L^inf", err);
    if (!st)
        st = verify_bound(ev, &r, res, &res->semi_max, "max seminorm", err);
    if (!st)
        st = verify_bound(ev, &r, res, &res->w1_max, "max W^{1,inf}", err);
    rr_result_clear(&r);
    rr_eval_free(ev);
    return st;
}

/* ---- the driver --------------------------------------------------------- */

/* An estimate of the LPs the region enumeration needs: regions of n
 * hyperplanes in general position in R^d, times (n + 2k).  Not yet
 * proved. */
static double regions_cost(const rr_net_t *net)
{
    long n = 0, d = net->width[0], k = net->width[net->depth];
    for (int l = 1; l < net->depth; l++)
        n += net->width[l];
    double regions = 0, c = 1;
    for (long i = 0; i <= d && i <= n; i++) {
        regions += c;
        c = c * (double)(n - i) / (double)(i + 1);
    }
    return regions * (double)(n + 2 * k);
}

rr_status rr_norm_compute(rr_norm_result_t *res, const rr_net_t *net,
                          mpq_srcptr lo, mpq_srcptr hi,
                          const rr_norm_opts_t *o, rr_err_t *err)
{
    memset(res, 0, sizeof *res);
    long d = net->width[0], k = net->width[net->depth];
    if (o->prec < 2 || o->prec > 65536)
        return rr_err_set(err, RR_EINPUT, "precision %ld: must be in "
                          "[2, 65536]", o->prec);
    if (!(o->budget > 0) || !(o->gap >= 0))
        return rr_err_set(err, RR_EINPUT, "budget must be > 0 and gap >= 0");
    if (!lo || !hi) {
        lo = net->lo;
        hi = net->hi;
    }
    for (long i = 0; i < d; i++)
        if (mpq_cmp(lo + i, hi + i) >= 0)
            return rr_err_set(err, RR_EINPUT,
                              "box: interval %ld: lo must be below hi", i + 1);
    rr_status st = result_init(res, d, k, o, err);
    if (st)
        return st;
    for (long i = 0; i < d; i++) {
        mpq_set(res->lo + i, lo + i);
        mpq_set(res->hi + i, hi + i);
    }
    rr_clock_t clk;
    clk.start = rr_now();
    clk.deadline = clk.start + o->budget;
    int timed_out = 0;
    rr_norm_method m = o->method;
    if (m == RR_NORM_AUTO) {
        int small;
        if (net->depth == 2)
            small = rr_norm_shallow_cost(net, lo, hi) <= 4e6;
        else
            small = regions_cost(net) <= 3e4;
        if (small) {
            rr_clock_t c2 = clk;
            c2.deadline = clk.start + o->budget / 2;
            st = net->depth == 2
                     ? rr_norm_shallow(res, net, o, &c2, &timed_out, err)
                     : rr_norm_regions(res, net, o, &c2, &timed_out, err);
            if (!st && timed_out) {
                /* keep the witnesses found so far as lower bounds */
                for (long j = 0; j < k; j++)
                    res->linf[j].exact = res->semi[j].exact = 0;
                res->fell_back = 1;
                st = rr_norm_bab(res, net, o, &clk, err);
            }
        } else {
            st = rr_norm_bab(res, net, o, &clk, err);
        }
    } else if (m == RR_NORM_EXACT && net->depth == 2) {
        st = rr_norm_shallow(res, net, o, &clk, &timed_out, err);
    } else if (m == RR_NORM_EXACT || m == RR_NORM_EXACT_REGIONS) {
        st = rr_norm_regions(res, net, o, &clk, &timed_out, err);
    } else {
        st = rr_norm_bab(res, net, o, &clk, err);
    }
    if (!st && timed_out && res->method != RR_NORM_BAB)
        st = rr_err_set(err, RR_ELIMIT,
                        "norm: the exact method did not finish within the "
                        "budget of %g s (%ld regions so far); raise --budget "
                        "or use --method bab", o->budget, res->regions);
    if (!st) {
        rr_norm_finish(res);
        res->seconds = rr_now() - clk.start;
        st = rr_norm_verify(net, res, err);
    }
    if (st)
        rr_norm_result_clear(res);
    return st;
}
