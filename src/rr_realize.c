#include "rr_realize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rr_dyadic.h"
#include "rr_kernel.h"

/* Ties beyond this many are not enumerated (2^10 Jacobians), and neither
 * are enumerations whose cost (pieces x multiply-adds of one Jacobian)
 * exceeds RR_MAX_TIES_WORK: a hostile file must not make a point cost
 * minutes (fuzzing found 12 ties on a 10^4-parameter net: 258 s). */
#define RR_MAX_TIES_ENUM 10
#define RR_MAX_TIES_WORK (1L << 26)

rr_status rr_mode_parse(rr_mode_t *mode, const char *s, const rr_caps_t *caps,
                        rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    if (!strcmp(s, "exact")) {
        mode->kind = RR_MODE_EXACT;
        mode->prec = 0;
        return RR_OK;
    }
    if (!strcmp(s, "double")) {
        mode->kind = RR_MODE_DOUBLE;
        mode->prec = 53;
        return RR_OK;
    }
    const char *p;
    if (!strncmp(s, "mpfr:", 5)) {
        mode->kind = RR_MODE_MPFR;
        p = s + 5;
    } else if (!strncmp(s, "enclosure:", 10)) {
        mode->kind = RR_MODE_ENCLOSURE;
        p = s + 10;
    } else
        return rr_err_set(err, RR_EINPUT,
                          "unknown mode \"%.40s\" (exact, double, mpfr:P, "
                          "enclosure:P)", s);
    char *end;
    long prec = strtol(p, &end, 10);
    if (end == p || *end || prec < 2 || prec > caps->max_prec)
        return rr_err_set(err, RR_EINPUT,
                          "mode \"%.40s\": precision must be an integer in "
                          "[2, %ld]", s, caps->max_prec);
    mode->prec = prec;
    return RR_OK;
}

void rr_mode_name(char *buf, size_t len, rr_mode_t mode)
{
    switch (mode.kind) {
    case RR_MODE_EXACT: rr_snprintf(buf, len, "exact"); break;
    case RR_MODE_DOUBLE: rr_snprintf(buf, len, "double"); break;
    case RR_MODE_MPFR: rr_snprintf(buf, len, "mpfr:%ld", mode.prec); break;
    case RR_MODE_ENCLOSURE: rr_snprintf(buf, len, "enclosure:%ld", mode.prec); break;
    }
}

static mpfr_ptr fvec_new(long n, long prec)
{
    mpfr_ptr v = malloc((size_t)(n > 0 ? n : 1) * sizeof(mpfr_t));
    if (v)
        for (long i = 0; i < n; i++)
            mpfr_init2(v + i, (mpfr_prec_t)prec);
    return v;
}

static void fvec_free(mpfr_ptr v, long n)
{
    if (!v)
        return;
    for (long i = 0; i < n; i++)
        mpfr_clear(v + i);
    free(v);
}

static long layer_size(const rr_net_t *net, int l)
{
    return net->width[l + 1] * net->width[l];
}

void rr_eval_free(rr_eval_t *ev)
{
    if (!ev)
        return;
    const rr_net_t *net = ev->net;
    rr_qvec_free(ev->qa, ev->maxw);
    rr_qvec_free(ev->qb, ev->maxw);
    mpq_clear(ev->qt);
    rr_dy_free(ev->dy);
    if (ev->hidden) {
        for (int l = 1; l < net->depth; l++)
            rr_qvec_free(ev->hidden[l - 1], net->width[l]);
        free(ev->hidden);
    }
    for (int l = 0; l < net->depth; l++) {
        if (ev->fw)
            fvec_free(ev->fw[l], layer_size(net, l));
        if (ev->fb)
            fvec_free(ev->fb[l], net->width[l + 1]);
        if (ev->uw)
            fvec_free(ev->uw[l], layer_size(net, l));
        if (ev->ub)
            fvec_free(ev->ub[l], net->width[l + 1]);
        if (ev->dw)
            free(ev->dw[l]);
        if (ev->db)
            free(ev->db[l]);
    }
    free(ev->fw);
    free(ev->fb);
    free(ev->uw);
    free(ev->ub);
    free(ev->dw);
    free(ev->db);
    fvec_free(ev->fa, ev->maxw);
    fvec_free(ev->fa2, ev->maxw);
    fvec_free(ev->fc, ev->maxw);
    fvec_free(ev->fc2, ev->maxw);
    fvec_free(ev->fx, ev->maxw);
    if (ev->have_t) {
        mpfr_clear(ev->t1);
        mpfr_clear(ev->t2);
        mpfr_clear(ev->t3);
    }
    free(ev->da);
    free(ev->dc);
    free(ev);
}

/* Round a rational vector to MPFR at the given precision and direction. */
/*@ requires size: 0 <= n;
  @ requires valid: \valid(v + (0 .. n-1)) && \valid_read(q + (0 .. n-1));
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns v[0 .. n-1];
  @*/
static void fvec_set_q(mpfr_ptr v, mpq_srcptr q, long n, mpfr_rnd_t rnd)
{
    /*@ loop invariant 0 <= k <= n;
      @ loop assigns k, v[0 .. n-1];
      @ loop variant n - k;
      @*/
    for (long k = 0; k < n; k++)
        mpfr_set_q(v + k, q + k, rnd);
}

/* v[k] := RN_prec(q[k]), each stored with the fewest bits that hold that
 * rounded value exactly.  The values are the same as at full precision, so
 * every later correctly rounded operation gives the same result; products
 * with short operands (binary64 data is 53 bits) are just cheaper once the
 * precision is beyond MPFR's 1-3 limb fast paths. */
/*@ requires size: 0 <= n;
  @ requires valid: \valid(v + (0 .. n-1)) && \valid_read(q + (0 .. n-1));
  @ requires precision: MPFR_PREC_MIN <= prec <= MPFR_PREC_MAX;
  @ terminates \true;
  @ assigns v[0 .. n-1];
  @*/
static void fvec_set_q_compact(mpfr_ptr v, mpq_srcptr q, long n, long prec)
{
    /*@ loop invariant 0 <= k <= n;
      @ loop assigns k, v[0 .. n-1];
      @ loop variant n - k;
      @*/
    for (long k = 0; k < n; k++) {
        mpfr_set_prec(v + k, (mpfr_prec_t)prec);
        mpfr_set_q(v + k, q + k, MPFR_RNDN);
        mpfr_prec_t need = mpfr_min_prec(v + k);
        if (need < MPFR_PREC_MIN)
            need = MPFR_PREC_MIN;
        /* Only when it saves limbs: MPFR's fast paths need equal
         * precisions, and they win below 4 limbs. */
        const long lb = mp_bits_per_limb;
        if ((need + lb - 1) / lb < (prec + lb - 1) / lb && prec > 3 * lb)
            mpfr_prec_round(v + k, need, MPFR_RNDN); /* exact */
    }
}

rr_status rr_eval_new(rr_eval_t **out, const rr_net_t *net, rr_mode_t mode,
                      rr_err_t *err)
{
    *out = NULL;
    rr_eval_t *ev = calloc(1, sizeof *ev);
    if (!ev)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    ev->net = net;
    ev->mode = mode;
    mpq_init(ev->qt);
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] > ev->maxw)
            ev->maxw = net->width[l];
    long L = net->depth, W = ev->maxw;
    rr_status st;

    /* Every mode keeps the exact buffers: the Jacobian and ties need them. */
    ev->qa = rr_qvec_new(W);
    ev->qb = rr_qvec_new(W);
    if (!ev->qa || !ev->qb)
        goto nomem;
    switch (mode.kind) {
    case RR_MODE_EXACT:
        if ((st = rr_dy_prepare(&ev->dy, net, err))) {
            rr_eval_free(ev);
            return st;
        }
        break;
    case RR_MODE_MPFR:
    case RR_MODE_ENCLOSURE: {
        int encl = mode.kind == RR_MODE_ENCLOSURE;
        ev->fw = calloc((size_t)L, sizeof *ev->fw);
        ev->fb = calloc((size_t)L, sizeof *ev->fb);
        if (encl) {
            ev->uw = calloc((size_t)L, sizeof *ev->uw);
            ev->ub = calloc((size_t)L, sizeof *ev->ub);
            if (!ev->uw || !ev->ub)
                goto nomem;
        }
        if (!ev->fw || !ev->fb)
            goto nomem;
        for (int l = 0; l < L; l++) {
            long mn = layer_size(net, l), m = net->width[l + 1];
            if (!(ev->fw[l] = fvec_new(mn, mode.prec)) ||
                !(ev->fb[l] = fvec_new(m, mode.prec)))
                goto nomem;
            if (encl) {
                fvec_set_q(ev->fw[l], net->w[l], mn, MPFR_RNDD);
                fvec_set_q(ev->fb[l], net->b[l], m, MPFR_RNDD);
            } else {
                fvec_set_q_compact(ev->fw[l], net->w[l], mn, mode.prec);
                fvec_set_q_compact(ev->fb[l], net->b[l], m, mode.prec);
            }
            if (encl) {
                if (!(ev->uw[l] = fvec_new(mn, mode.prec)) ||
                    !(ev->ub[l] = fvec_new(m, mode.prec)))
                    goto nomem;
                fvec_set_q(ev->uw[l], net->w[l], mn, MPFR_RNDU);
                fvec_set_q(ev->ub[l], net->b[l], m, MPFR_RNDU);
            }
        }
        if (!(ev->fa = fvec_new(W, mode.prec)) ||
            !(ev->fa2 = fvec_new(W, mode.prec)) ||
            !(ev->fc = fvec_new(W, mode.prec)) ||
            !(ev->fc2 = fvec_new(W, mode.prec)) ||
            !(ev->fx = fvec_new(W, mode.prec)))
            goto nomem;
        mpfr_init2(ev->t1, (mpfr_prec_t)mode.prec);
        mpfr_init2(ev->t2, (mpfr_prec_t)mode.prec);
        mpfr_init2(ev->t3, (mpfr_prec_t)mode.prec);
        ev->have_t = 1;
        break;
    }
    case RR_MODE_DOUBLE:
        ev->dw = calloc((size_t)L, sizeof *ev->dw);
        ev->db = calloc((size_t)L, sizeof *ev->db);
        ev->da = malloc((size_t)W * sizeof *ev->da);
        ev->dc = malloc((size_t)W * sizeof *ev->dc);
        if (!ev->dw || !ev->db || !ev->da || !ev->dc)
            goto nomem;
        for (int l = 0; l < L; l++) {
            long mn = layer_size(net, l), m = net->width[l + 1];
            ev->dw[l] = malloc((size_t)mn * sizeof(double));
            ev->db[l] = malloc((size_t)m * sizeof(double));
            if (!ev->dw[l] || !ev->db[l])
                goto nomem;
            for (long k = 0; k < mn; k++)
                ev->dw[l][k] = rr_q_get_d(net->w[l] + k, NULL);
            for (long i = 0; i < m; i++)
                ev->db[l][i] = rr_q_get_d(net->b[l] + i, NULL);
        }
        break;
    }
    *out = ev;
    return RR_OK;
nomem:
    rr_eval_free(ev);
    return rr_err_set(err, RR_ENOMEM, "out of memory preparing the network");
}

void rr_eval_keep_hidden(rr_eval_t *ev, int keep)
{
    ev->keep_hidden = keep;
}

mpq_srcptr rr_eval_hidden(const rr_eval_t *ev, int l)
{
    return ev->hidden ? ev->hidden[l - 1] : NULL;
}

rr_status rr_result_init(rr_result_t *res, const rr_eval_t *ev,
                         rr_err_t *err)
{
    const rr_net_t *net = ev->net;
    memset(res, 0, sizeof *res);
    res->mode = ev->mode;
    res->depth = net->depth;
    res->d = net->width[0];
    res->k = net->width[net->depth];
    for (int l = 1; l < net->depth; l++)
        res->n_hidden += net->width[l];
    res->pattern = calloc((size_t)res->n_hidden + 1, 1);
    res->jac = rr_qvec_new(res->k * res->d);
    if (!res->pattern || !res->jac)
        goto nomem;
    switch (ev->mode.kind) {
    case RR_MODE_EXACT:
        if (!(res->q = rr_qvec_new(res->k)))
            goto nomem;
        break;
    case RR_MODE_MPFR:
        if (!(res->f = fvec_new(res->k, ev->mode.prec)))
            goto nomem;
        break;
    case RR_MODE_ENCLOSURE:
        if (!(res->lo = fvec_new(res->k, ev->mode.prec)) ||
            !(res->hi = fvec_new(res->k, ev->mode.prec)))
            goto nomem;
        break;
    case RR_MODE_DOUBLE:
        if (!(res->dbl = calloc((size_t)res->k, sizeof(double))))
            goto nomem;
        break;
    }
    return RR_OK;
nomem:
    rr_result_clear(res);
    return rr_err_set(err, RR_ENOMEM, "out of memory");
}

void rr_result_clear(rr_result_t *res)
{
    rr_qvec_free(res->q, res->k);
    fvec_free(res->f, res->k);
    fvec_free(res->lo, res->k);
    fvec_free(res->hi, res->k);
    free(res->dbl);
    free(res->pattern);
    rr_qvec_free(res->jac, res->k * res->d);
    memset(res, 0, sizeof *res);
}

rr_status rr_jacobian_of_pattern(mpq_ptr jac, const rr_net_t *net,
                                 const char *pattern, rr_err_t *err)
{
    int L = net->depth;
    long k = net->width[L], d = net->width[0];
    if (L == 1) {
        for (long t = 0; t < k * d; t++)
            mpq_set(jac + t, net->w[0] + t);
        return RR_OK;
    }
    /* G = W_{L-1}, then G := G D_l W_{l-1} for l = L-1 .. 1. */
    long maxw = 0;
    for (int l = 0; l <= L; l++)
        if (net->width[l] > maxw)
            maxw = net->width[l];
    mpq_ptr G = rr_qvec_new(k * maxw), H = rr_qvec_new(k * maxw);
    mpq_t t;
    if (!G || !H) {
        rr_qvec_free(G, k * maxw);
        rr_qvec_free(H, k * maxw);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    mpq_init(t);
    long cols = net->width[L - 1];
    for (long x = 0; x < k * cols; x++)
        mpq_set(G + x, net->w[L - 1] + x);
    long off = 0;
    for (int l = 1; l < L; l++)
        off += net->width[l];
    for (int l = L - 1; l >= 1; l--) {
        long m = net->width[l], n = net->width[l - 1];
        off -= m; /* pattern offset of hidden layer l */
        for (long r = 0; r < k; r++)
            for (long j = 0; j < n; j++) {
                mpq_ptr h = H + r * n + j;
                mpq_set_ui(h, 0, 1);
                for (long i = 0; i < m; i++) {
                    if (pattern[off + i] != RR_ACT_ON || !mpq_sgn(G + r * m + i))
                        continue;
                    mpq_mul(t, G + r * m + i, net->w[l - 1] + i * n + j);
                    mpq_add(h, h, t);
                }
            }
        mpq_ptr s = G;
        G = H;
        H = s;
        cols = n;
    }
    for (long x = 0; x < k * d; x++)
        mpq_set(jac + x, G + x);
    mpq_clear(t);
    rr_qvec_free(G, k * maxw);
    rr_qvec_free(H, k * maxw);
    return RR_OK;
}

/* Differentiability at a point with the given certified pattern. */
/* Not yet proved (contract written; the loops are annotated). */
/*@ requires net: RrValidNet(net);
  @ requires res: \valid(res) && \separated(res, net) &&
  @   \separated(res, net->width + (0 .. net->depth));
  @ requires sizes: RrResultSizes(res, net);
  @ requires pattern: \valid(res->pattern + (0 .. res->n_hidden));
  @ requires jac: \valid(res->jac + (0 .. res->k * res->d - 1)) &&
  @   RrQSep(res->jac, res->k * res->d, net) &&
  @   \separated(res->jac + (0 .. res->k * res->d - 1), res);
  @ requires counts: 0 <= res->n_ties <= res->n_hidden && 0 <= res->n_undecided;
  @ requires err: err == \null ||
  @   (\valid(err) && \separated(err, res) && \separated(err, net));
  @ terminates \true;
  @ assigns res->differentiable, res->diff_reason[0 .. 159],
  @   res->jac[0 .. res->k * res->d - 1], *err;
  @ ensures status: \result == RR_OK || \result == RR_ENOMEM;
  @*/
static rr_status decide_jacobian(rr_result_t *res, const rr_net_t *net,
                                 rr_err_t *err)
{
    if (res->n_undecided) {
        res->differentiable = RR_DIFF_UNDECIDED;
        rr_snprintf(res->diff_reason, sizeof res->diff_reason,
                 "%ld neuron(s) with an enclosure containing 0: the "
                 "activation pattern is not certified", res->n_undecided);
        return RR_OK;
    }
    if (res->n_ties == 0) {
        res->differentiable = RR_DIFF_YES;
        return rr_jacobian_of_pattern(res->jac, net, res->pattern, err);
    }
    /* work saturates just above RR_MAX_TIES_WORK (same decision, no
     * overflow whatever the widths). */
    long work = res->k;
    /*@ loop invariant 0 <= l <= net->depth;
      @ loop invariant 1 <= work <= RR_NET_MAX_WIDTH + 2 * RR_MAX_TIES_WORK + 1;
      @ loop assigns l, work;
      @ loop variant net->depth - l;
      @*/
    for (int l = 0; l < net->depth && work <= RR_MAX_TIES_WORK; l++) {
        long lw = net->width[l + 1] * net->width[l];
        if (lw > RR_MAX_TIES_WORK / res->k)
            work = RR_MAX_TIES_WORK + 1;
        else
            work += res->k * lw;
    }
    if (res->n_ties > RR_MAX_TIES_ENUM ||
        (work << res->n_ties) > RR_MAX_TIES_WORK) {
        res->differentiable = RR_DIFF_UNDECIDED;
        rr_snprintf(res->diff_reason, sizeof res->diff_reason,
                 "on %ld kinks: the 2^%ld pieces are not enumerated (limit: "
                 "%d kinks, 2^26 multiply-adds)", res->n_ties, res->n_ties,
                 RR_MAX_TIES_ENUM);
        return RR_OK;
    }
    /* The function near x is one of the affine pieces given by the states
     * of the tied neurons.  If all of them have the same Jacobian the
     * function is differentiable; with a single tie and two different
     * Jacobians it is not (both half-spaces have interior); otherwise
     * deciding which pieces have interior needs linear programming. */
    long nt = res->n_ties, *ties = rr_new_long(nt);
    char *pat = rr_new_char(res->n_hidden + 1);
    mpq_ptr J = rr_qvec_new(res->k * res->d);
    rr_status st = RR_OK;
    if (!ties || !pat || !J) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    /*@ loop invariant 0 <= h <= res->n_hidden + 1;
      @ loop assigns h, pat[0 .. res->n_hidden];
      @ loop variant res->n_hidden + 1 - h;
      @*/
    for (long h = 0; h <= res->n_hidden; h++)
        pat[h] = res->pattern[h];
    /* c < nt always holds (n_ties counts the ties of the pattern); the test
     * keeps the bound local. */
    long c = 0;
    /*@ loop invariant 0 <= h <= res->n_hidden;
      @ loop invariant 0 <= c <= nt;
      @ loop invariant \forall integer t; 0 <= t < c ==> 0 <= ties[t] < res->n_hidden;
      @ loop assigns h, c, ties[0 .. nt - 1];
      @ loop variant res->n_hidden - h;
      @*/
    for (long h = 0; h < res->n_hidden; h++)
        if (pat[h] == RR_ACT_TIE && c < nt)
            ties[c++] = h;
    int all_equal = 1;
    /*@ loop invariant 0 <= mask <= (1 << nt);
      @ loop assigns mask, all_equal, st, pat[0 .. res->n_hidden],
      @   J[0 .. res->k * res->d - 1], res->jac[0 .. res->k * res->d - 1], *err;
      @ loop variant (1 << nt) - mask;
      @*/
    for (unsigned long mask = 0; mask < (1UL << nt); mask++) {
        /*@ loop invariant 0 <= t <= nt;
          @ loop assigns t, pat[0 .. res->n_hidden];
          @ loop variant nt - t;
          @*/
        for (long t = 0; t < nt; t++)
            if (t < c)
                pat[ties[t]] = (mask >> t) & 1 ? RR_ACT_ON : RR_ACT_OFF;
        if ((st = rr_jacobian_of_pattern(mask ? J : res->jac, net, pat, err)))
            goto out;
        if (mask)
            /*@ loop invariant 0 <= x <= res->k * res->d;
              @ loop assigns x, all_equal;
              @ loop variant res->k * res->d - x;
              @*/
            for (long x = 0; x < res->k * res->d && all_equal; x++)
                all_equal = mpq_equal(J + x, res->jac + x);
        if (!all_equal)
            break;
    }
    if (all_equal)
        res->differentiable = RR_DIFF_YES;
    else if (nt == 1) {
        int layer = 1;
        long idx = ties[0];
        /* layer < L - 1 always holds when the loop runs (idx < n_hidden);
         * the test keeps the bound local. */
        /*@ loop invariant 1 <= layer <= net->depth - 1;
          @ loop assigns idx, layer;
          @ loop variant net->depth - layer;
          @*/
        while (layer < net->depth - 1 && idx >= net->width[layer])
            idx -= net->width[layer++];
        res->differentiable = RR_DIFF_NO;
        rr_snprintf(res->diff_reason, sizeof res->diff_reason,
                 "on the kink of neuron %ld of hidden layer %d: the "
                 "one-sided Jacobians differ", idx + 1, layer);
    } else {
        res->differentiable = RR_DIFF_UNDECIDED;
        rr_snprintf(res->diff_reason, sizeof res->diff_reason,
                 "on %ld kinks whose pieces have different Jacobians; "
                 "which pieces are full-dimensional is not decided", nt);
    }
    if (res->differentiable != RR_DIFF_YES)
        /*@ loop invariant 0 <= x <= res->k * res->d;
          @ loop assigns x, res->jac[0 .. res->k * res->d - 1];
          @ loop variant res->k * res->d - x;
          @*/
        for (long x = 0; x < res->k * res->d; x++)
            mpq_set_ui(res->jac + x, 0, 1);
out:
    rr_free(ties);
    rr_free(pat);
    rr_qvec_free(J, res->k * res->d);
    return st;
}

/*@ requires size: 0 <= n;
  @ requires valid: \valid_read(x + (0 .. n-1));
  @ terminates \true;
  @ assigns \nothing;
  @*/
static int all_dyadic(mpq_srcptr x, long n)
{
    /*@ loop invariant 0 <= j <= n;
      @ loop assigns j;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++)
        if (!rr_q_is_dyadic(x + j))
            return 0;
    return 1;
}

/* Allocate the kept hidden values (first evaluation after
 * rr_eval_keep_hidden).  On failure ev->hidden stays NULL (a partial array
 * would be taken as complete by the next call). */
/* Not yet proved: the postconditions on the arrays it allocates (written
 * into fresh memory, which WP 25 cannot exempt from the frame: no \fresh,
 * no \allocates; spec/gmp_mpfr_model.h A14).  Freshness (the new arrays
 * are separated from the result's buffers) is not stated: the form
 * "separated from every pointer valid in Pre" is inconsistent in WP 25
 * (see src/rr_alloc.h); the caller (eval_exact, rr_eval_point's
 * postcondition RrResultOk) needs it and must admit it (A14). */
/*@ requires ev: RrEvalOk(ev);
  @ requires err: err == \null || \valid(err);
  @ requires sep_err: err == \null || (\separated(err, ev) && \separated(err, ev->net));
  @ terminates \true;
  @ assigns ev->hidden, *err;
  @ ensures ok: RrEvalOk(ev);
  @ ensures status: \result == RR_OK || \result == RR_ENOMEM;
  @ ensures kept: \old(ev->hidden) != \null ==> ev->hidden == \old(ev->hidden);
  @ ensures failed: \result != RR_OK ==> ev->hidden == \old(ev->hidden);
  @ ensures allocated: \result == RR_OK && ev->net->depth >= 2 ==> ev->hidden != \null;
  @*/
static rr_status ensure_hidden(rr_eval_t *ev, rr_err_t *err)
{
    const rr_net_t *net = ev->net;
    if (ev->hidden || net->depth < 2)
        return RR_OK;
    mpq_ptr *h = rr_new_mpq_ptr_zero((long)net->depth - 1);
    if (!h)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    for (int l = 1; l < net->depth; l++)
        if (!(h[l - 1] = rr_qvec_new(net->width[l]))) {
            for (int i = 1; i < l; i++)
                rr_qvec_free(h[i - 1], net->width[i]);
            rr_free(h);
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        }
    ev->hidden = h;
    return RR_OK;
}

/*@ terminates \true;
  @ assigns \result \from s;
  @ ensures \result == (s > 0 ? RR_ACT_ON : s < 0 ? RR_ACT_OFF : RR_ACT_TIE);
  @*/
static char sign_char(int s) { return s > 0 ? RR_ACT_ON : s < 0 ? RR_ACT_OFF : RR_ACT_TIE; }


/* Not yet proved (contract and loop annotations written; see eval_mpfr;
 * the assigns of behavior hidden_allocated cannot be proved by WP 25). */
/*@ requires ev: RrEvalOk(ev) && ev->mode.kind == RR_MODE_EXACT;
  @ requires res: RrResultOk(res, ev);
  @ requires x: \valid_read(x + (0 .. ev->net->width[0] - 1));
  @ requires err: RrErrOk(err, ev, res);
  @ terminates \true;
  @ ensures status: \result == RR_OK || \result == RR_ENOMEM;
  @ ensures ev: RrEvalOk(ev);
  @ behavior hidden_exists:
  @   assumes !ev->keep_hidden || ev->hidden != \null || ev->net->depth < 2;
  @   assigns RR_EXACT_ASSIGNS;
  @ behavior hidden_allocated:
  @   assumes ev->keep_hidden && ev->hidden == \null && ev->net->depth >= 2;
  @   assigns RR_EXACT_ASSIGNS;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
static rr_status eval_exact(rr_eval_t *ev, rr_result_t *res, mpq_srcptr x,
                            int flags, rr_err_t *err)
{
    const rr_net_t *net = ev->net;
    rr_status st;
    if (ev->keep_hidden && (st = ensure_hidden(ev, err)))
        return st;
    if (ev->dy && !(flags & RR_NO_DYADIC) && all_dyadic(x, net->width[0]))
        return rr_dy_eval(ev->dy, res->q, res->pattern,
                          ev->keep_hidden ? ev->hidden : NULL, x, err);
    mpq_ptr cur = ev->qa, nxt = ev->qb;
    /*@ loop invariant 0 <= j <= net->width[0];
      @ loop assigns j, ev->qa[0 .. ev->maxw - 1];
      @ loop variant net->width[0] - j;
      @*/
    for (long j = 0; j < net->width[0]; j++)
        mpq_set(cur + j, x + j);
    long off = 0;
    /*@ loop invariant 0 <= l <= net->depth;
      @ loop invariant 0 <= off;
      @ loop invariant l < net->depth ==> off == RrOff(net, l);
      @ loop invariant (cur == ev->qa && nxt == ev->qb) ||
      @   (cur == ev->qb && nxt == ev->qa);
      @ loop assigns l, off, cur, nxt, res->pattern[0 .. res->n_hidden - 1],
      @   ev->qa[0 .. ev->maxw - 1], ev->qb[0 .. ev->maxw - 1], ev->qt[0],
      @   ev->hidden[0 .. net->depth - 2][0 .. ev->maxw - 1];
      @ loop variant net->depth - l;
      @*/
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        rr_kq_affine(nxt, net->w[l], net->b[l], cur, m, n, ev->qt);
        if (l + 1 < net->depth) {
            /*@ loop invariant 0 <= i <= m;
              @ loop assigns i, res->pattern[off .. off + m - 1];
              @ loop variant m - i;
              @*/
            for (long i = 0; i < m; i++)
                res->pattern[off + i] = sign_char(mpq_sgn(nxt + i));
            off += m;
            rr_kq_relu(nxt, m);
            if (ev->keep_hidden)
                /*@ loop invariant 0 <= i <= m;
                  @ loop assigns i, ev->hidden[l][0 .. m - 1];
                  @ loop variant m - i;
                  @*/
                for (long i = 0; i < m; i++)
                    mpq_set(ev->hidden[l] + i, nxt + i);
        }
        mpq_ptr s = cur;
        cur = nxt;
        nxt = s;
    }
    /*@ loop invariant 0 <= i <= res->k;
      @ loop assigns i, res->q[0 .. res->k - 1];
      @ loop variant res->k - i;
      @*/
    for (long i = 0; i < res->k; i++)
        mpq_set(res->q + i, cur + i);
    return RR_OK;
}

/* The preconditions are the facts of RrEvalOk / RrResultOk that this mode
 * uses, stated flat (the provers did not unfold the nested predicates
 * through the frame of every call in time).  Not yet proved: 50/101 goals
 * with z3+cvc4 at 10 s; the rest (frames of the calls, loop invariants
 * after a call) time out even with the flat preconditions. */
/*@ requires net: RrValidNet(ev->net) && RrMaxW(ev->net, ev->maxw);
  @ requires ev_valid: \valid(ev) && \separated(ev, ev->net);
  @ requires prec: MPFR_PREC_MIN <= ev->mode.prec <= MPFR_PREC_MAX;
  @ requires fx: \valid(ev->fx + (0 .. ev->maxw - 1));
  @ requires fa: \valid(ev->fa + (0 .. ev->maxw - 1));
  @ requires fa2: \valid(ev->fa2 + (0 .. ev->maxw - 1));
  @ requires vec_sep: \separated(ev->fx + (0 .. ev->maxw - 1),
  @   ev->fa + (0 .. ev->maxw - 1), ev->fa2 + (0 .. ev->maxw - 1));
  @ requires fx_sep: \separated(ev->fx + (0 .. ev->maxw - 1), ev) &&
  @   \separated(ev->fx + (0 .. ev->maxw - 1), ev->net);
  @ requires fa_sep: \separated(ev->fa + (0 .. ev->maxw - 1), ev) &&
  @   \separated(ev->fa + (0 .. ev->maxw - 1), ev->net);
  @ requires fa2_sep: \separated(ev->fa2 + (0 .. ev->maxw - 1), ev) &&
  @   \separated(ev->fa2 + (0 .. ev->maxw - 1), ev->net);
  @ requires params: RrFParams(ev, ev->fw, ev->fb);
  @ requires res_valid: \valid(res) && \separated(res, ev->net) && \separated(res, ev);
  @ requires res_sizes: RrResultSizes(res, ev->net);
  @ requires res_pattern: \valid(res->pattern + (0 .. res->n_hidden));
  @ requires res_f: \valid(res->f + (0 .. res->k - 1)) &&
  @   \separated(res->f + (0 .. res->k - 1), res) &&
  @   \separated(res->f + (0 .. res->k - 1), ev->net);
  @ requires x: \valid_read(x + (0 .. ev->net->width[0] - 1));
  @ terminates \true;
  @ assigns res->pattern[0 .. res->n_hidden - 1], res->f[0 .. res->k - 1],
  @   res->nonfinite, ev->fx[0 .. ev->maxw - 1], ev->fa[0 .. ev->maxw - 1],
  @   ev->fa2[0 .. ev->maxw - 1], ev->t1[0];
  @ ensures \result == RR_OK;
  @*/
static rr_status eval_mpfr(rr_eval_t *ev, rr_result_t *res, mpq_srcptr x)
{
    const rr_net_t *net = ev->net;
    mpfr_ptr cur = ev->fx, nxt = ev->fa2;
    //@ assert RrWidth(net, 0) <= ev->maxw;
    //@ assert RrWidth(net, net->depth) <= ev->maxw;
    fvec_set_q_compact(cur, x, net->width[0], ev->mode.prec);
    long off = 0;
    /*@ loop invariant 0 <= l <= net->depth;
      @ loop invariant 0 <= off;
      @ loop invariant l < net->depth ==> off == RrOff(net, l);
      @ loop invariant (l == 0 && cur == ev->fx && nxt == ev->fa2) ||
      @   (l > 0 && ((cur == ev->fa2 && nxt == ev->fa) ||
      @              (cur == ev->fa && nxt == ev->fa2)));
      @ loop assigns l, off, cur, nxt, res->pattern[0 .. res->n_hidden - 1],
      @   ev->fa[0 .. ev->maxw - 1], ev->fa2[0 .. ev->maxw - 1], ev->t1[0];
      @ loop variant net->depth - l;
      @*/
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        //@ assert RrWidth(net, l + 1) <= ev->maxw;
        //@ assert RrWidth(net, l) <= ev->maxw;
        rr_kf_affine(nxt, ev->fw[l], ev->fb[l], cur, m, n, ev->t1);
        if (l + 1 < net->depth) {
            /*@ loop invariant 0 <= i <= m;
              @ loop assigns i, res->pattern[off .. off + m - 1];
              @ loop variant m - i;
              @*/
            for (long i = 0; i < m; i++)
                res->pattern[off + i] = sign_char(mpfr_sgn(nxt + i));
            off += m;
            rr_kf_relu(nxt, m);
        }
        mpfr_ptr s = l == 0 ? ev->fa : cur; /* fx holds only the input */
        cur = nxt;
        nxt = s;
    }
    /*@ loop invariant 0 <= i <= res->k;
      @ loop assigns i, res->f[0 .. res->k - 1], res->nonfinite;
      @ loop variant res->k - i;
      @*/
    for (long i = 0; i < res->k; i++) {
        mpfr_set(res->f + i, cur + i, MPFR_RNDN);
        if (!mpfr_number_p(cur + i))
            res->nonfinite = 1;
    }
    return RR_OK;
}

/* Not yet proved (contract and loop annotations written; see eval_mpfr). */
/*@ requires ev: RrEvalOk(ev) && ev->mode.kind == RR_MODE_ENCLOSURE;
  @ requires res: RrResultOk(res, ev);
  @ requires x: \valid_read(x + (0 .. ev->net->width[0] - 1));
  @ terminates \true;
  @ assigns res->pattern[0 .. res->n_hidden - 1], res->lo[0 .. res->k - 1],
  @   res->hi[0 .. res->k - 1], res->nonfinite,
  @   ev->fa[0 .. ev->maxw - 1], ev->fa2[0 .. ev->maxw - 1],
  @   ev->fc[0 .. ev->maxw - 1], ev->fc2[0 .. ev->maxw - 1],
  @   ev->t1[0], ev->t2[0], ev->t3[0];
  @ ensures \result == RR_OK;
  @*/
static rr_status eval_enclosure(rr_eval_t *ev, rr_result_t *res,
                                mpq_srcptr x)
{
    const rr_net_t *net = ev->net;
    mpfr_ptr lo = ev->fa, hi = ev->fc, nlo = ev->fa2, nhi = ev->fc2;
    fvec_set_q(lo, x, net->width[0], MPFR_RNDD);
    fvec_set_q(hi, x, net->width[0], MPFR_RNDU);
    long off = 0;
    /*@ loop invariant 0 <= l <= net->depth;
      @ loop invariant 0 <= off;
      @ loop invariant l < net->depth ==> off == RrOff(net, l);
      @ loop invariant (lo == ev->fa && nlo == ev->fa2 && hi == ev->fc && nhi == ev->fc2) ||
      @   (lo == ev->fa2 && nlo == ev->fa && hi == ev->fc2 && nhi == ev->fc);
      @ loop assigns l, off, lo, hi, nlo, nhi,
      @   res->pattern[0 .. res->n_hidden - 1],
      @   ev->fa[0 .. ev->maxw - 1], ev->fa2[0 .. ev->maxw - 1],
      @   ev->fc[0 .. ev->maxw - 1], ev->fc2[0 .. ev->maxw - 1],
      @   ev->t1[0], ev->t2[0], ev->t3[0];
      @ loop variant net->depth - l;
      @*/
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        rr_ki_affine(nlo, nhi, ev->fw[l], ev->uw[l], ev->fb[l], ev->ub[l], lo,
                     hi, m, n, ev->t1, ev->t2, ev->t3);
        if (l + 1 < net->depth) {
            /*@ loop invariant 0 <= i <= m;
              @ loop assigns i, res->pattern[off .. off + m - 1];
              @ loop variant m - i;
              @*/
            for (long i = 0; i < m; i++) {
                char c;
                if (mpfr_sgn(nlo + i) > 0)
                    c = RR_ACT_ON;
                else if (mpfr_sgn(nhi + i) < 0)
                    c = RR_ACT_OFF;
                else if (mpfr_zero_p(nlo + i) && mpfr_zero_p(nhi + i))
                    c = RR_ACT_TIE; /* enclosed by [0, 0]: exactly 0 */
                else
                    c = RR_ACT_UNK;
                res->pattern[off + i] = c;
            }
            off += m;
            rr_ki_relu(nlo, nhi, m);
        }
        mpfr_ptr s = lo;
        lo = nlo;
        nlo = s;
        s = hi;
        hi = nhi;
        nhi = s;
    }
    /*@ loop invariant 0 <= i <= res->k;
      @ loop assigns i, res->lo[0 .. res->k - 1], res->hi[0 .. res->k - 1],
      @   res->nonfinite;
      @ loop variant res->k - i;
      @*/
    for (long i = 0; i < res->k; i++) {
        mpfr_set(res->lo + i, lo + i, MPFR_RNDD);
        mpfr_set(res->hi + i, hi + i, MPFR_RNDU);
        if (!mpfr_number_p(lo + i) || !mpfr_number_p(hi + i))
            res->nonfinite = 1;
    }
    return RR_OK;
}

/* Not yet proved (contract and loop annotations written; see eval_mpfr). */
/*@ requires ev: RrEvalOk(ev) && ev->mode.kind == RR_MODE_DOUBLE;
  @ requires res: RrResultOk(res, ev);
  @ requires x: \valid_read(x + (0 .. ev->net->width[0] - 1));
  @ terminates \true;
  @ assigns res->pattern[0 .. res->n_hidden - 1], res->dbl[0 .. res->k - 1],
  @   res->nonfinite, ev->da[0 .. ev->maxw - 1], ev->dc[0 .. ev->maxw - 1];
  @ ensures \result == RR_OK;
  @*/
static rr_status eval_double(rr_eval_t *ev, rr_result_t *res, mpq_srcptr x)
{
    const rr_net_t *net = ev->net;
    double *cur = ev->da, *nxt = ev->dc;
    /*@ loop invariant 0 <= j <= net->width[0];
      @ loop assigns j, ev->da[0 .. ev->maxw - 1];
      @ loop variant net->width[0] - j;
      @*/
    for (long j = 0; j < net->width[0]; j++)
        cur[j] = rr_q_get_d(x + j, NULL);
    long off = 0;
    /*@ loop invariant 0 <= l <= net->depth;
      @ loop invariant 0 <= off;
      @ loop invariant l < net->depth ==> off == RrOff(net, l);
      @ loop invariant (cur == ev->da && nxt == ev->dc) ||
      @   (cur == ev->dc && nxt == ev->da);
      @ loop assigns l, off, cur, nxt, res->pattern[0 .. res->n_hidden - 1],
      @   ev->da[0 .. ev->maxw - 1], ev->dc[0 .. ev->maxw - 1];
      @ loop variant net->depth - l;
      @*/
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        rr_kd_affine(nxt, ev->dw[l], ev->db[l], cur, m, n);
        if (l + 1 < net->depth) {
            /*@ loop invariant 0 <= i <= m;
              @ loop assigns i, res->pattern[off .. off + m - 1];
              @ loop variant m - i;
              @*/
            for (long i = 0; i < m; i++)
                res->pattern[off + i] =
                    nxt[i] > 0 ? RR_ACT_ON : nxt[i] < 0 ? RR_ACT_OFF
                    : nxt[i] == 0 ? RR_ACT_TIE : RR_ACT_UNK;
            off += m;
            rr_kd_relu(nxt, m);
        }
        double *s = cur;
        cur = nxt;
        nxt = s;
    }
    /*@ loop invariant 0 <= i <= res->k;
      @ loop assigns i, res->dbl[0 .. res->k - 1], res->nonfinite;
      @ loop variant res->k - i;
      @*/
    for (long i = 0; i < res->k; i++) {
        res->dbl[i] = cur[i];
        if (!isfinite(cur[i]))
            res->nonfinite = 1;
    }
    return RR_OK;
}

rr_status rr_eval_point(rr_eval_t *ev, rr_result_t *res, mpq_srcptr x,
                        int flags, rr_err_t *err)
{
    rr_status st = RR_OK;
    res->nonfinite = 0;
    res->differentiable = RR_DIFF_NOT_COMPUTED;
    res->diff_reason[0] = '\0';
    switch (ev->mode.kind) {
    case RR_MODE_EXACT: st = eval_exact(ev, res, x, flags, err); break;
    case RR_MODE_MPFR: st = eval_mpfr(ev, res, x); break;
    case RR_MODE_ENCLOSURE: st = eval_enclosure(ev, res, x); break;
    case RR_MODE_DOUBLE: st = eval_double(ev, res, x); break;
    }
    if (st)
        return st;
    res->n_ties = res->n_undecided = 0;
    /*@ loop invariant 0 <= h <= res->n_hidden;
      @ loop invariant 0 <= res->n_ties <= h && 0 <= res->n_undecided <= h;
      @ loop assigns h, res->n_ties, res->n_undecided;
      @ loop variant res->n_hidden - h;
      @*/
    for (long h = 0; h < res->n_hidden; h++) {
        res->n_ties += res->pattern[h] == RR_ACT_TIE;
        res->n_undecided += res->pattern[h] == RR_ACT_UNK;
    }
    if (res->nonfinite)
        return rr_err_set(err, RR_ERANGE,
                          "the %s evaluation overflowed (a non-finite value)",
                          ev->mode.kind == RR_MODE_DOUBLE ? "double" : "MPFR");
    /* Derivatives only where the pattern is certified: exact, enclosure. */
    if ((flags & RR_WANT_JACOBIAN) && (ev->mode.kind == RR_MODE_EXACT ||
                                       ev->mode.kind == RR_MODE_ENCLOSURE))
        st = decide_jacobian(res, ev->net, err);
    return st;
}

/* gamma_k = k u / (1 - k u), rounded up; u = 2^-p. */
static void gamma_up(mpfr_ptr g, long k, long p)
{
    mpfr_t den;
    mpfr_init2(den, mpfr_get_prec(g));
    mpfr_set_si(g, k, MPFR_RNDU);
    mpfr_div_2si(g, g, p, MPFR_RNDU);     /* k u, exact */
    mpfr_ui_sub(den, 1, g, MPFR_RNDD);    /* 1 - k u, rounded down */
    mpfr_div(g, g, den, MPFR_RNDU);
    mpfr_clear(den);
}

const rr_fpformat_t rr_binary64 = {53, 1, -1075, 1024};
const rr_fpformat_t rr_binary32 = {24, 1, -150, 128};

rr_fpformat_t rr_fpformat_mpfr(long prec)
{
    rr_fpformat_t f = {prec, 0, 0, 0};
    return f;
}

static int representable(mpq_srcptr q, long p, int has_underflow)
{
    int inexact = 1;
    if (has_underflow && p == 53)
        (void)rr_q_get_d(q, &inexact);
    else if (has_underflow && p == 24)
        (void)rr_q_get_f(q, &inexact);
    else if (!has_underflow) {
        mpfr_t r;
        mpfr_init2(r, (mpfr_prec_t)p);
        inexact = mpfr_set_q(r, q, MPFR_RNDN) != 0;
        mpfr_clear(r);
    }
    return !inexact;
}

rr_status rr_error_bound(mpfr_ptr bound, int *may_overflow,
                         const rr_net_t *net, mpq_srcptr x,
                         const rr_fpformat_t *fmt, rr_err_t *err)
{
    const long p = fmt->p, eta_exp = fmt->eta_exp;
    const int has_underflow = fmt->has_underflow;
    int overflow = 0;
    const mpfr_prec_t bp = 128; /* precision of the bound arithmetic */
    rr_mode_t exact = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    rr_status st = rr_eval_new(&ev, net, exact, err);
    if (st)
        return st;
    rr_eval_keep_hidden(ev, 1);
    if ((st = rr_result_init(&res, ev, err))) {
        rr_eval_free(ev);
        return st;
    }
    if ((st = rr_eval_point(ev, &res, x, 0, err)))
        goto out;
    long W = ev->maxw;
    mpfr_ptr e = fvec_new(W, bp), ne = fvec_new(W, bp), y = fvec_new(W, bp);
    mpfr_t g, eta, s, a, t, mag;
    mpfr_init2(g, bp);
    mpfr_init2(eta, bp);
    mpfr_init2(s, bp);
    mpfr_init2(a, bp);
    mpfr_init2(t, bp);
    mpfr_init2(mag, bp);
    mpq_t aq;
    mpq_init(aq);
    if (!e || !ne || !y) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out2;
    }
    mpfr_set_ui_2exp(eta, 1, eta_exp, MPFR_RNDU);
    if (!has_underflow)
        mpfr_set_zero(eta, 1);
    /* Layer 0 input: |x| and its conversion error. */
    for (long j = 0; j < net->width[0]; j++) {
        mpq_abs(aq, x + j);
        mpfr_set_q(y + j, aq, MPFR_RNDU);
        if (representable(x + j, p, has_underflow))
            mpfr_set_zero(e + j, 1);
        else {
            mpfr_mul_2si(e + j, y + j, -p, MPFR_RNDU);
            mpfr_add(e + j, e + j, eta, MPFR_RNDU);
        }
    }
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        gamma_up(g, n + 2, p);
        for (long i = 0; i < m; i++) {
            mpfr_set_zero(s, 1);   /* sum |w| (|y| + e) + |b| */
            mpfr_set_zero(a, 1);   /* sum |w| e */
            mpfr_set_zero(mag, 1); /* sum (|y| + e) */
            for (long j = 0; j < n; j++) {
                mpfr_add(t, y + j, e + j, MPFR_RNDU);
                mpfr_add(mag, mag, t, MPFR_RNDU);
                mpq_srcptr w = net->w[l] + i * n + j;
                if (!mpq_sgn(w))
                    continue;
                mpq_abs(aq, w);
                mpfr_mul_q(t, t, aq, MPFR_RNDU);
                mpfr_add(s, s, t, MPFR_RNDU);
                mpfr_mul_q(t, e + j, aq, MPFR_RNDU);
                mpfr_add(a, a, t, MPFR_RNDU);
            }
            mpq_abs(aq, net->b[l] + i);
            mpfr_set_q(t, aq, MPFR_RNDU);
            mpfr_add(s, s, t, MPFR_RNDU);
            /* s bounds every partial sum of the candidate (up to the
             * factor 1 + gamma): overflow is possible only beyond it. */
            if (fmt->emax && mpfr_cmp_ui_2exp(s, 1, fmt->emax - 1) >= 0)
                overflow = 1;
            mpfr_mul(s, s, g, MPFR_RNDU);
            mpfr_add(s, s, a, MPFR_RNDU);
            /* eta (2n + 2 + sum (|y| + e)) */
            mpfr_add_ui(mag, mag, (unsigned long)(2 * n + 2), MPFR_RNDU);
            mpfr_mul(mag, mag, eta, MPFR_RNDU);
            mpfr_add(ne + i, s, mag, MPFR_RNDU);
        }
        if (l + 1 < net->depth) {
            mpq_srcptr h = rr_eval_hidden(ev, l + 1);
            for (long i = 0; i < m; i++) {
                mpfr_set_q(y + i, h + i, MPFR_RNDU); /* h >= 0 after ReLU */
                mpfr_set(e + i, ne + i, MPFR_RNDU);
            }
        } else
            for (long i = 0; i < m; i++)
                mpfr_set(bound + i, ne + i, MPFR_RNDU);
    }
    if (may_overflow)
        *may_overflow = overflow;
out2:
    mpfr_clear(g);
    mpfr_clear(eta);
    mpfr_clear(s);
    mpfr_clear(a);
    mpfr_clear(t);
    mpfr_clear(mag);
    mpq_clear(aq);
    fvec_free(e, W);
    fvec_free(ne, W);
    fvec_free(y, W);
out:
    rr_result_clear(&res);
    rr_eval_free(ev);
    return st;
}
