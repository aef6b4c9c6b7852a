#include "rr_dyadic.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* One layer: W_ij = (-1)^wneg_ij * wmag_ij * 2^ew, b_i = bz_i * 2^eb. */
typedef struct dy_layer {
    long m, n, nw;      /* rows, columns, limbs per weight magnitude */
    mp_limb_t *wmag;    /* m*n*nw limbs, little-endian per weight */
    unsigned char *wneg;
    long ew;
    mpz_t *bz;
    long eb;
} dy_layer;

struct rr_dy_net {
    const rr_net_t *net;
    dy_layer *lay;
    long maxw;
    /* Work space: a vector as mpz values with one exponent. */
    mpz_t *za, *zb;
    mp_limb_t *xmag;    /* packed input magnitudes */
    unsigned char *xneg;
    long *nz;           /* indices of nonzero inputs */
    size_t xcap;
    mp_limb_t *acc;     /* two accumulators */
    size_t acc_cap;
    mpz_t tb;           /* scratch for the aligned bias */
};

/* Exponent of a nonzero dyadic q: q = odd * 2^e. */
static long dy_exp(mpq_srcptr q)
{
    long k = (long)mpz_scan1(mpq_denref(q), 0); /* den = 2^k */
    long v = (long)mpz_scan1(mpq_numref(q), 0);
    return v - k;
}

/* t := q / 2^e, an integer when e <= dy_exp(q). */
static void dy_scale(mpz_ptr t, mpq_srcptr q, long e)
{
    long k = (long)mpz_scan1(mpq_denref(q), 0);
    long s = -k - e; /* q / 2^e = num * 2^(-k-e) */
    if (s >= 0)
        mpz_mul_2exp(t, mpq_numref(q), (mp_bitcnt_t)s);
    else
        mpz_tdiv_q_2exp(t, mpq_numref(q), (mp_bitcnt_t)(-s));
}

/* Common exponent of n rationals (0 if all are zero). */
static long dy_min_exp(mpq_srcptr q, long n)
{
    long e = LONG_MAX;
    for (long k = 0; k < n; k++)
        if (mpq_sgn(q + k)) {
            long ek = dy_exp(q + k);
            if (ek < e)
                e = ek;
        }
    return e == LONG_MAX ? 0 : e;
}

void rr_dy_free(rr_dy_net_t *dy)
{
    if (!dy)
        return;
    const rr_net_t *net = dy->net;
    if (dy->lay)
        for (int l = 0; l < net->depth; l++) {
            dy_layer *L = &dy->lay[l];
            free(L->wmag);
            free(L->wneg);
            if (L->bz) {
                for (long i = 0; i < L->m; i++)
                    mpz_clear(L->bz[i]);
                free(L->bz);
            }
        }
    free(dy->lay);
    if (dy->za)
        for (long i = 0; i < dy->maxw; i++)
            mpz_clear(dy->za[i]);
    if (dy->zb)
        for (long i = 0; i < dy->maxw; i++)
            mpz_clear(dy->zb[i]);
    free(dy->za);
    free(dy->zb);
    free(dy->xmag);
    free(dy->xneg);
    free(dy->nz);
    free(dy->acc);
    mpz_clear(dy->tb);
    free(dy);
}

static mpz_t *zvec_new(long n)
{
    mpz_t *v = malloc((size_t)n * sizeof *v);
    if (v)
        for (long i = 0; i < n; i++)
            mpz_init(v[i]);
    return v;
}

rr_status rr_dy_prepare(rr_dy_net_t **out, const rr_net_t *net,
                        rr_err_t *err)
{
    *out = NULL;
    if (!rr_net_is_dyadic(net))
        return RR_OK;
    rr_dy_net_t *dy = calloc(1, sizeof *dy);
    if (!dy)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    dy->net = net;
    mpz_init(dy->tb);
    dy->lay = calloc((size_t)net->depth, sizeof *dy->lay);
    if (!dy->lay)
        goto nomem;
    long maxw = 0;
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] > maxw)
            maxw = net->width[l];
    dy->maxw = maxw;
    mpz_t t;
    mpz_init(t);
    for (int l = 0; l < net->depth; l++) {
        dy_layer *L = &dy->lay[l];
        L->m = net->width[l + 1];
        L->n = net->width[l];
        long mn = L->m * L->n;
        L->ew = dy_min_exp(net->w[l], mn);
        L->nw = 1;
        for (long k = 0; k < mn; k++) {
            dy_scale(t, net->w[l] + k, L->ew);
            if ((long)mpz_size(t) > L->nw)
                L->nw = (long)mpz_size(t);
        }
        L->wmag = calloc((size_t)(mn * L->nw), sizeof *L->wmag);
        L->wneg = calloc((size_t)mn, 1);
        L->bz = zvec_new(L->m);
        if (!L->wmag || !L->wneg || !L->bz) {
            mpz_clear(t);
            goto nomem;
        }
        for (long k = 0; k < mn; k++) {
            dy_scale(t, net->w[l] + k, L->ew);
            L->wneg[k] = mpz_sgn(t) < 0;
            size_t sz = mpz_size(t);
            for (size_t s = 0; s < sz; s++)
                L->wmag[k * L->nw + (long)s] = mpz_getlimbn(t, (mp_size_t)s);
        }
        L->eb = dy_min_exp(net->b[l], L->m);
        for (long i = 0; i < L->m; i++)
            dy_scale(L->bz[i], net->b[l] + i, L->eb);
    }
    mpz_clear(t);
    dy->za = zvec_new(maxw);
    dy->zb = zvec_new(maxw);
    dy->xneg = malloc((size_t)maxw);
    dy->nz = malloc((size_t)maxw * sizeof *dy->nz);
    if (!dy->za || !dy->zb || !dy->xneg || !dy->nz)
        goto nomem;
    *out = dy;
    return RR_OK;
nomem:
    rr_dy_free(dy);
    return rr_err_set(err, RR_ENOMEM, "out of memory preparing the network");
}

static int ensure(void **p, size_t *cap, size_t need, size_t elt)
{
    if (need <= *cap)
        return 0;
    void *q = realloc(*p, need * elt);
    if (!q)
        return -1;
    *p = q;
    *cap = need;
    return 0;
}

/* Pack z[0..n-1] (one exponent) into fixed-width magnitudes of nx limbs. */
static int pack(rr_dy_net_t *dy, mpz_t *z, long n, long *nx_out)
{
    long nx = 1;
    for (long j = 0; j < n; j++)
        if ((long)mpz_size(z[j]) > nx)
            nx = (long)mpz_size(z[j]);
    if (ensure((void **)&dy->xmag, &dy->xcap, (size_t)(n * nx), sizeof(mp_limb_t)))
        return -1;
    for (long j = 0; j < n; j++) {
        mp_limb_t *dst = dy->xmag + j * nx;
        size_t sz = mpz_size(z[j]);
        for (size_t s = 0; s < sz; s++)
            dst[s] = mpz_getlimbn(z[j], (mp_size_t)s);
        for (long s = (long)sz; s < nx; s++)
            dst[s] = 0;
        dy->xneg[j] = mpz_sgn(z[j]) < 0;
    }
    *nx_out = nx;
    return 0;
}

/* Divide out the common power of two of a vector; returns the shift. */
static long normalize(mpz_t *z, long n)
{
    long s = LONG_MAX;
    for (long j = 0; j < n; j++)
        if (mpz_sgn(z[j])) {
            long v = (long)mpz_scan1(z[j], 0);
            if (v < s)
                s = v;
        }
    if (s == LONG_MAX || s == 0)
        return 0;
    for (long j = 0; j < n; j++)
        mpz_tdiv_q_2exp(z[j], z[j], (mp_bitcnt_t)s);
    return s;
}

static void to_q(mpq_ptr q, mpz_srcptr z, long e)
{
    mpq_set_z(q, z);
    if (e >= 0)
        mpq_mul_2exp(q, q, (mp_bitcnt_t)e);
    else
        mpq_div_2exp(q, q, (mp_bitcnt_t)(-e));
}

rr_status rr_dy_eval(rr_dy_net_t *dy, mpq_ptr out, char *pattern,
                     mpq_ptr *hidden, mpq_srcptr x, rr_err_t *err)
{
    const rr_net_t *net = dy->net;
    long d = net->width[0];
    /* Input vector at its common exponent. */
    long ex = dy_min_exp(x, d);
    for (long j = 0; j < d; j++)
        dy_scale(dy->za[j], x + j, ex);
    ex += normalize(dy->za, d);
    mpz_t *cur = dy->za, *nxt = dy->zb;
    long poff = 0;

    for (int l = 0; l < net->depth; l++) {
        dy_layer *L = &dy->lay[l];
        long nx;
        if (pack(dy, cur, L->n, &nx))
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        long nnz = 0;
        for (long j = 0; j < L->n; j++)
            if (mpz_sgn(cur[j]))
                dy->nz[nnz++] = j;
        /* Accumulator: nx + nw limbs of product and one more limb for the
         * carries of up to 2^64 additions; positive and negative parts
         * apart, so no signed limb arithmetic. */
        long na = nx + L->nw + 1;
        if (ensure((void **)&dy->acc, &dy->acc_cap, (size_t)(2 * na),
                   sizeof(mp_limb_t)))
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        mp_limb_t *pos = dy->acc, *neg = dy->acc + na;
        long e_dot = L->ew + ex;
        long e_out = e_dot < L->eb ? e_dot : L->eb;
        for (long i = 0; i < L->m; i++) {
            memset(pos, 0, (size_t)(2 * na) * sizeof *pos);
            const mp_limb_t *wrow = L->wmag + i * L->n * L->nw;
            const unsigned char *nrow = L->wneg + i * L->n;
            for (long t = 0; t < nnz; t++) {
                long j = dy->nz[t];
                const mp_limb_t *w = wrow + j * L->nw;
                mp_limb_t *acc = (nrow[j] ^ dy->xneg[j]) ? neg : pos;
                const mp_limb_t *xm = dy->xmag + j * nx;
                for (long s = 0; s < L->nw; s++) {
                    if (!w[s])
                        continue;
                    mp_limb_t cy = mpn_addmul_1(acc + s, xm, nx, w[s]);
                    for (mp_limb_t *p = acc + s + nx; cy; p++) {
                        *p += cy;
                        cy = (*p < cy);
                    }
                }
            }
            /* z = (pos - neg) 2^e_dot + bz 2^eb, at exponent e_out. */
            mpz_ptr z = nxt[i];
            int sgn = mpn_cmp(pos, neg, na);
            mp_size_t sz = na;
            mp_limb_t *dst = mpz_limbs_write(z, na);
            if (sgn >= 0)
                mpn_sub_n(dst, pos, neg, na);
            else
                mpn_sub_n(dst, neg, pos, na);
            while (sz > 0 && dst[sz - 1] == 0)
                sz--;
            mpz_limbs_finish(z, sgn >= 0 ? sz : -sz);
            if (e_dot > e_out)
                mpz_mul_2exp(z, z, (mp_bitcnt_t)(e_dot - e_out));
            if (mpz_sgn(L->bz[i])) {
                if (L->eb > e_out) {
                    mpz_mul_2exp(dy->tb, L->bz[i],
                                 (mp_bitcnt_t)(L->eb - e_out));
                    mpz_add(z, z, dy->tb);
                } else
                    mpz_add(z, z, L->bz[i]);
            }
        }
        if (l + 1 < net->depth) {
            for (long i = 0; i < L->m; i++) {
                int s = mpz_sgn(nxt[i]);
                pattern[poff + i] = s > 0 ? '+' : s < 0 ? '-' : '0';
                if (s < 0)
                    mpz_set_ui(nxt[i], 0);
            }
            poff += L->m;
            e_out += normalize(nxt, L->m);
            if (hidden)
                for (long i = 0; i < L->m; i++)
                    to_q(hidden[l] + i, nxt[i], e_out);
        } else {
            for (long i = 0; i < L->m; i++)
                to_q(out + i, nxt[i], e_out);
        }
        ex = e_out;
        mpz_t *tmp = cur;
        cur = nxt;
        nxt = tmp;
    }
    return RR_OK;
}
