#include "rr_dyadic.h"

#include <limits.h>

#include "rr_alloc.h"

/* Exponent of a nonzero dyadic q: q = odd * 2^e. */
/*@ requires valid: \valid_read(q);
  @ requires nonzero: qv(*q) != 0;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures range: -RR_MPZ_MAX_BITS < \result < RR_MPZ_MAX_BITS;
  @*/
static long dy_exp(mpq_srcptr q)
{
    long k = (long)mpz_scan1(mpq_denref(q), 0); /* den = 2^k */
    long v = (long)mpz_scan1(mpq_numref(q), 0);
    return v - k;
}

/* t := q / 2^e, an integer when e <= dy_exp(q). */
/*@ requires valid: \valid(t) && \valid_read(q);
  @ requires exponent: RrDyExp(e);
  @ terminates \true;
  @ assigns *t;
  @*/
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
/*@ requires valid: n >= 0 && \valid_read(q + (0 .. n - 1));
  @ terminates \true;
  @ assigns \nothing;
  @ ensures range: -RR_MPZ_MAX_BITS < \result < RR_MPZ_MAX_BITS;
  @*/
static long dy_min_exp(mpq_srcptr q, long n)
{
    long e = LONG_MAX;
    /*@ loop invariant 0 <= k <= n;
      @ loop invariant e == LONG_MAX ||
      @   -RR_MPZ_MAX_BITS < e < RR_MPZ_MAX_BITS;
      @ loop assigns k, e;
      @ loop variant n - k;
      @*/
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
    long depth = dy->depth;
    long maxw = dy->maxw;
    rr_dy_layer_t *lay = dy->lay;
    if (lay) {
        /*@ loop invariant 0 <= l <= depth;
          @ loop invariant \forall integer k; 0 <= k < depth ==>
          @   RrDyBzOk(lay, depth, k);
          @ loop assigns l, lay[0 .. depth - 1].bz[0 .. RR_NET_MAX_WIDTH - 1];
          @ loop variant depth - l;
          @*/
        for (long l = 0; l < depth; l++) {
            rr_dy_layer_t *L = &lay[l];
            rr_free(L->wmag);
            rr_free(L->wneg);
            mpz_ptr bz = L->bz;
            if (bz) {
                long m = L->m;
                //@ assert RrDyBzOk(lay, depth, l);
                //@ assert bound: m <= RR_NET_MAX_WIDTH;
                /*@ loop invariant 0 <= i <= m;
                  @ loop assigns i, bz[0 .. m - 1];
                  @ loop variant m - i;
                  @*/
                for (long i = 0; i < m; i++)
                    mpz_clear(bz + i);
                rr_free(bz);
            }
        }
    }
    rr_free(lay);
    mpz_ptr za = dy->za, zb = dy->zb;
    if (za)
        /*@ loop invariant 0 <= i <= maxw;
          @ loop assigns i, za[0 .. maxw - 1];
          @ loop variant maxw - i;
          @*/
        for (long i = 0; i < maxw; i++)
            mpz_clear(za + i);
    if (zb)
        /*@ loop invariant 0 <= i <= maxw;
          @ loop assigns i, zb[0 .. maxw - 1];
          @ loop variant maxw - i;
          @*/
        for (long i = 0; i < maxw; i++)
            mpz_clear(zb + i);
    rr_free(za);
    rr_free(zb);
    rr_free(dy->xmag);
    rr_free(dy->xneg);
    rr_free(dy->nz);
    rr_free(dy->acc);
    mpz_clear(dy->tb);
    rr_free(dy);
}

/* n integers, each initialised to 0; NULL if out of memory.
 * Not yet proved: its assigns \nothing (the mpz_init writes go to the new
 * block; without a freshness clause, A14, WP cannot place them). */
/*@ requires size: 0 <= n <= RR_NET_MAX_WIDTH;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n - 1));
  @*/
static mpz_ptr zvec_new(long n)
{
    mpz_ptr v = rr_new_mpz(n);
    if (v)
        /*@ loop invariant 0 <= i <= n;
          @ loop assigns i, v[0 .. n - 1];
          @ loop variant n - i;
          @*/
        for (long i = 0; i < n; i++)
            mpz_init(v + i);
    return v;
}

rr_status rr_dy_prepare(rr_dy_net_t **out, const rr_net_t *net,
                        rr_err_t *err)
{
    *out = NULL;
    if (!rr_net_is_dyadic(net))
        return RR_OK;
    rr_dy_net_t *dy = rr_new_dy_net();
    if (!dy)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    int depth = net->depth;
    dy->depth = depth;
    dy->lay = NULL;
    dy->maxw = 0;
    dy->nhidden = 0;
    dy->za = dy->zb = NULL;
    dy->xmag = NULL;
    dy->xneg = NULL;
    dy->nz = NULL;
    dy->xcap = 0;
    dy->acc = NULL;
    dy->acc_cap = 0;
    mpz_init(dy->tb);
    rr_dy_layer_t *lay = rr_new_dy_layer(depth);
    if (!lay)
        goto nomem;
    /*@ loop invariant 0 <= l <= depth;
      @ loop invariant \forall integer k; 0 <= k < l ==>
      @   lay[k].wmag == \null && lay[k].wneg == \null && lay[k].bz == \null;
      @ loop assigns l, lay[0 .. depth - 1];
      @ loop variant depth - l;
      @*/
    for (int l = 0; l < depth; l++) {
        lay[l].m = lay[l].n = 0;
        lay[l].wmag = NULL;
        lay[l].wneg = NULL;
        lay[l].bz = NULL;
    }
    dy->lay = lay;
    long maxw = 0;
    /*@ loop invariant 0 <= l <= depth + 1;
      @ loop invariant 0 <= maxw <= RR_NET_MAX_WIDTH;
      @ loop invariant \forall integer k; 0 <= k < l ==> net->width[k] <= maxw;
      @ loop invariant l > 0 ==> 1 <= maxw;
      @ loop assigns l, maxw;
      @ loop variant depth + 1 - l;
      @*/
    for (int l = 0; l <= depth; l++)
        if (net->width[l] > maxw)
            maxw = net->width[l];
    dy->maxw = maxw;
    mpz_t t;
    mpz_init(t);
    long poff = 0;
    for (int l = 0; l < depth; l++) {
        rr_dy_layer_t *L = &lay[l];
        long m = net->width[l + 1], n = net->width[l];
        L->m = m;
        L->n = n;
        L->po = poff;
        long mn = m * n;
        long ew = dy_min_exp(net->w[l], mn);
        L->ew = ew;
        long nw = 1;
        for (long k = 0; k < mn; k++) {
            dy_scale(t, net->w[l] + k, ew);
            if ((long)mpz_size(t) > nw)
                nw = (long)mpz_size(t);
        }
        L->nw = nw;
        /* Beyond RR_ALLOC_MAX limbs the allocation would fail anyway. */
        if (nw > RR_ALLOC_MAX / mn) {
            mpz_clear(t);
            goto nomem;
        }
        L->wmag = rr_new_limb_zero(mn * nw);
        L->wneg = rr_new_char(mn);
        L->bz = zvec_new(m);
        if (!L->wmag || !L->wneg || !L->bz) {
            mpz_clear(t);
            goto nomem;
        }
        mp_limb_t *wmag = L->wmag;
        char *wneg = L->wneg;
        for (long k = 0; k < mn; k++) {
            dy_scale(t, net->w[l] + k, ew);
            wneg[k] = mpz_sgn(t) < 0;
            long sz = (long)mpz_size(t);
            /* sz <= nw (the first pass); the bound is for the proof, which
             * does not see that dy_scale computes the same t twice. */
            for (long s = 0; s < sz && s < nw; s++)
                wmag[k * nw + s] = mpz_getlimbn(t, s);
        }
        long eb = dy_min_exp(net->b[l], m);
        L->eb = eb;
        for (long i = 0; i < m; i++)
            dy_scale(L->bz + i, net->b[l] + i, eb);
        if (l + 1 < depth)
            poff += m;
    }
    dy->nhidden = poff;
    mpz_clear(t);
    dy->za = zvec_new(maxw);
    dy->zb = zvec_new(maxw);
    dy->xneg = rr_new_char(maxw);
    dy->nz = rr_new_long(maxw);
    if (!dy->za || !dy->zb || !dy->xneg || !dy->nz)
        goto nomem;
    *out = dy;
    return RR_OK;
nomem:
    rr_dy_free(dy);
    return rr_err_set(err, RR_ENOMEM, "out of memory preparing the network");
}

/* Make *p hold at least need limbs.  The old contents are not kept: every
 * caller overwrites the array before reading it. */
/*@ requires valid: \valid(p) && \valid(cap);
  @ requires sep: \separated(p, cap);
  @ requires size: 0 <= *cap <= RR_ALLOC_MAX && 1 <= need <= RR_ALLOC_MAX;
  @ requires array: \valid(*p + (0 .. *cap - 1));
  @ terminates \true;
  @ assigns *p, *cap;
  @ ensures result: \result == 0 || \result == -1;
  @ ensures size: 0 <= *cap <= RR_ALLOC_MAX;
  @ ensures array: \valid(*p + (0 .. *cap - 1));
  @ ensures ok: \result == 0 ==> need <= *cap;
  @ ensures kept: need <= \old(*cap) ==> *p == \old(*p) && *cap == \old(*cap);
  @*/
static int grow(mp_limb_t **p, long *cap, long need)
{
    if (need <= *cap)
        return 0;
    mp_limb_t *q = rr_new_limb(need);
    if (!q)
        return -1;
    rr_free(*p);
    *p = q;
    *cap = need;
    return 0;
}

/* The two accumulators: at least need limbs at dy->acc. */
/*@ requires valid: RrDyValid(dy);
  @ requires size: 1 <= need <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns dy->acc, dy->acc_cap;
  @ ensures result: \result == 0 || \result == -1;
  @ ensures valid: RrDyValid(dy);
  @ ensures ok: \result == 0 ==> need <= dy->acc_cap;
  @*/
static int grow_acc(rr_dy_net_t *dy, long need)
{
    int r = grow(&dy->acc, &dy->acc_cap, need);
    /* A14: a block from rr_new_limb is apart from the blocks dy holds. */
    /*@ admit fresh: need > \at(dy->acc_cap, Pre) ==>
      @   RrDyApartL(dy, dy->acc, dy->acc_cap) &&
      @   \separated(dy->xmag + (0 .. dy->xcap - 1), dy->acc + (0 .. dy->acc_cap - 1));
      @*/
    //@ assert same_dy: dy->lay == \at(dy->lay, Pre) && dy->depth == \at(dy->depth, Pre);
    //@ assert same_lay: RrDySameLayers{Pre, Here}(dy);
    //@ assert t1: \forall integer l; 0 <= l < dy->depth ==> RrDyLayer(dy->lay + l, dy->maxw);
    //@ assert t2: RrDyLayers(dy->lay, dy->depth, dy->maxw, dy->nhidden);
    //@ assert shape: RrDyShape(dy);
    //@ assert apart: RrDyApartL(dy, dy->acc, dy->acc_cap);
    //@ assert work: RrDyWork(dy);
    return r;
}

/* Pack z[0..n-1] (one exponent) into fixed-width magnitudes of nx limbs;
 * returns nx, or 0 if out of memory. */
/*@ requires valid: RrDyValid(dy);
  @ requires size: 1 <= n <= dy->maxw;
  @ requires vector: z == dy->za || z == dy->zb;
  @ terminates \true;
  @ assigns dy->xmag, dy->xcap, dy->xmag[0 .. dy->xcap - 1],
  @   \at(dy->xmag, Post)[0 .. \at(dy->xcap, Post) - 1],
  @   dy->xneg[0 .. n - 1];
  @ ensures result: 0 <= \result <= RR_MPZ_MAX_LIMBS;
  @ ensures valid: RrDyValid(dy);
  @ ensures packed: \result != 0 ==> n * \result <= dy->xcap;
  @*/
static long pack(rr_dy_net_t *dy, mpz_srcptr z, long n)
{
    long nx = 1;
    /*@ loop invariant 0 <= j <= n;
      @ loop invariant 1 <= nx <= RR_MPZ_MAX_LIMBS;
      @ loop invariant \forall integer k; 0 <= k < j ==> zsize(z[k]) <= nx;
      @ loop assigns j, nx;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++)
        if ((long)mpz_size(z + j) > nx)
            nx = (long)mpz_size(z + j);
    /* Beyond RR_ALLOC_MAX limbs the allocation would fail anyway. */
    if (nx > RR_ALLOC_MAX / n)
        return 0;
    //@ assert div: RrDyDivLe(nx, RR_ALLOC_MAX, n);
    //@ assert fits: n * nx <= RR_ALLOC_MAX;
    int r = grow(&dy->xmag, &dy->xcap, n * nx);
    /* A14: a block from rr_new_limb is apart from the blocks dy holds. */
    /*@ admit fresh: n * nx > \at(dy->xcap, Pre) ==>
      @   RrDyApartL(dy, dy->xmag, dy->xcap) &&
      @   \separated(dy->xmag + (0 .. dy->xcap - 1), dy->acc + (0 .. dy->acc_cap - 1));
      @*/
    //@ assert same_dy: dy->lay == \at(dy->lay, Pre) && dy->depth == \at(dy->depth, Pre);
    //@ assert same_lay: RrDySameLayers{Pre, Here}(dy);
    //@ assert t1: \forall integer l; 0 <= l < dy->depth ==> RrDyLayer(dy->lay + l, dy->maxw);
    //@ assert t2: RrDyLayers(dy->lay, dy->depth, dy->maxw, dy->nhidden);
    //@ assert shape: RrDyShape(dy);
    //@ assert apart: RrDyApartL(dy, dy->xmag, dy->xcap);
    //@ assert work: RrDyWork(dy);
    if (r)
        return 0;
    mp_limb_t *xmag = dy->xmag;
    char *xneg = dy->xneg;
    /*@ loop invariant 0 <= j <= n;
      @ loop assigns j, xmag[0 .. n * nx - 1], xneg[0 .. n - 1];
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++) {
        //@ assert in: RrDyIn(j, 0, n, nx);
        //@ assert row: 0 <= j * nx && j * nx + nx <= n * nx;
        mp_limb_t *dst = xmag + j * nx;
        long sz = (long)mpz_size(z + j);
        //@ assert sz <= nx;
        /*@ loop invariant 0 <= s <= sz;
          @ loop assigns s, dst[0 .. sz - 1];
          @ loop variant sz - s;
          @*/
        for (long s = 0; s < sz; s++)
            dst[s] = mpz_getlimbn(z + j, s);
        /*@ loop invariant sz <= s <= nx;
          @ loop assigns s, dst[sz .. nx - 1];
          @ loop variant nx - s;
          @*/
        for (long s = sz; s < nx; s++)
            dst[s] = 0;
        xneg[j] = mpz_sgn(z + j) < 0;
    }
    return nx;
}

/* Divide out the common power of two of a vector; returns the shift. */
/*@ requires valid: n >= 0 && \valid(z + (0 .. n - 1));
  @ terminates \true;
  @ assigns z[0 .. n - 1];
  @ ensures range: 0 <= \result < RR_MPZ_MAX_BITS;
  @*/
static long normalize(mpz_ptr z, long n)
{
    long s = LONG_MAX;
    /*@ loop invariant 0 <= j <= n;
      @ loop invariant s == LONG_MAX || 0 <= s < RR_MPZ_MAX_BITS;
      @ loop assigns j, s;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++)
        if (mpz_sgn(z + j)) {
            long v = (long)mpz_scan1(z + j, 0);
            if (v < s)
                s = v;
        }
    if (s == LONG_MAX || s == 0)
        return 0;
    /*@ loop invariant 0 <= j <= n;
      @ loop assigns j, z[0 .. n - 1];
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++)
        mpz_tdiv_q_2exp(z + j, z + j, (mp_bitcnt_t)s);
    return s;
}

/*@ requires valid: \valid(q) && \valid_read(z);
  @ requires exponent: e > LONG_MIN;
  @ terminates \true;
  @ assigns *q;
  @*/
static void to_q(mpq_ptr q, mpz_srcptr z, long e)
{
    mpq_set_z(q, z);
    if (e >= 0)
        mpq_mul_2exp(q, q, (mp_bitcnt_t)e);
    else
        mpq_div_2exp(q, q, (mp_bitcnt_t)(-e));
}

/* One row of a layer: pos - neg = sum over the nonzero inputs j (nz) of
 * |W_ij| |x_j| with the sign of W_ij x_j, in na = nx + nw + 1 limbs each
 * (neg = pos + na). */
/*@ requires sizes: 1 <= nx <= RR_MPZ_MAX_LIMBS && 1 <= nw <= RR_MPZ_MAX_LIMBS &&
  @   na == nx + nw + 1;
  @ requires cols: 1 <= n <= RR_NET_MAX_WIDTH && 0 <= nnz <= n;
  @ requires acc: \valid(pos + (0 .. 2 * na - 1));
  @ requires w: n * nw <= RR_ALLOC_MAX && \valid_read(wrow + (0 .. n * nw - 1)) &&
  @   \valid_read(nrow + (0 .. n - 1));
  @ requires x: n * nx <= RR_ALLOC_MAX && \valid_read(xmag + (0 .. n * nx - 1)) &&
  @   \valid_read(xneg + (0 .. n - 1));
  @ requires idx: \valid_read(nz + (0 .. nnz - 1)) &&
  @   (\forall integer k; 0 <= k < nnz ==> 0 <= nz[k] < n);
  @ requires sep: \separated(pos + (0 .. 2 * na - 1), xmag + (0 .. n * nx - 1));
  @ terminates \true;
  @ assigns pos[0 .. 2 * na - 1];
  @*/
static void dot_row(mp_limb_t *pos, long na, const mp_limb_t *wrow,
                    const char *nrow, long nw, const mp_limb_t *xmag,
                    const char *xneg, long nx, const long *nz, long nnz,
                    long n)
{
    (void)n; /* the contract's */
    mp_limb_t *neg = pos + na;
    /*@ loop invariant 0 <= k <= 2 * na;
      @ loop assigns k, pos[0 .. 2 * na - 1];
      @ loop variant 2 * na - k;
      @*/
    for (long k = 0; k < 2 * na; k++)
        pos[k] = 0;
    /*@ loop invariant 0 <= t <= nnz;
      @ loop assigns t, pos[0 .. 2 * na - 1];
      @ loop variant nnz - t;
      @*/
    for (long t = 0; t < nnz; t++) {
        long j = nz[t];
        //@ assert wi: RrDyIn(j, 0, n, nw);
        //@ assert xi: RrDyIn(j, 0, n, nx);
        const mp_limb_t *w = wrow + j * nw;
        mp_limb_t *acc = (nrow[j] ^ xneg[j]) ? neg : pos;
        const mp_limb_t *xm = xmag + j * nx;
        /*@ loop invariant 0 <= s <= nw;
          @ loop assigns s, pos[0 .. 2 * na - 1];
          @ loop variant nw - s;
          @*/
        for (long s = 0; s < nw; s++) {
            if (!w[s])
                continue;
            mp_limb_t cy = mpn_addmul_1(acc + s, xm, nx, w[s]);
            /* The carry stops within the na limbs (the sum of the
             * products fits); the bound is for the proof. */
            /*@ loop invariant s + nx <= p <= na;
              @ loop assigns p, cy, acc[s + nx .. na - 1];
              @ loop variant na - p;
              @*/
            for (long p = s + nx; cy && p < na; p++) {
                acc[p] += cy;
                cy = (acc[p] < cy);
            }
        }
    }
}

/* The indices of the nonzero entries of cur[0..n-1], in nz; their count. */
/*@ requires valid: 1 <= n && \valid(nz + (0 .. n - 1)) &&
  @   \valid_read(cur + (0 .. n - 1));
  @ terminates \true;
  @ assigns nz[0 .. n - 1];
  @ ensures count: 0 <= \result <= n;
  @ ensures index: \forall integer k; 0 <= k < \result ==> 0 <= nz[k] < n;
  @*/
static long nonzeros(long *nz, mpz_srcptr cur, long n)
{
    long nnz = 0;
    /*@ loop invariant 0 <= j <= n;
      @ loop invariant 0 <= nnz <= j;
      @ loop invariant \forall integer k; 0 <= k < nnz ==> 0 <= nz[k] < n;
      @ loop assigns j, nnz, nz[0 .. n - 1];
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++)
        if (mpz_sgn(cur + j))
            nz[nnz++] = j;
    return nnz;
}

/* Layer l: nxt[0..m-1] := W_l cur + b_l as integers at the exponent
 * returned (cur at exponent ex); LONG_MIN if out of memory. */
/*@ requires valid: RrDyValid(dy);
  @ requires layer: 0 <= l < dy->depth;
  @ requires vec: (cur == dy->za && nxt == dy->zb) || (cur == dy->zb && nxt == dy->za);
  @ requires ex: -RR_DY_EX_MAX <= ex <= RR_DY_EX_MAX;
  @ terminates \true;
  @ assigns dy->xmag, dy->xcap, dy->acc, dy->acc_cap, dy->tb[0],
  @   dy->xmag[0 .. dy->xcap - 1], dy->acc[0 .. dy->acc_cap - 1],
  @   dy->xneg[0 .. dy->maxw - 1], dy->nz[0 .. dy->maxw - 1],
  @   nxt[0 .. dy->maxw - 1];
  @ ensures valid: RrDyValid(dy);
  @ ensures result: \result == LONG_MIN ||
  @   \result == (ex + dy->lay[l].ew < dy->lay[l].eb ?
  @               ex + dy->lay[l].ew : dy->lay[l].eb);
  @*/
static long eval_layer(rr_dy_net_t *dy, long l, mpz_srcptr cur, mpz_ptr nxt,
                       long ex)
{
    rr_dy_layer_t *L = dy->lay + l;
    //@ assert layer: RrDyLayer(L, dy->maxw);
    long m = L->m, n = L->n, nw = L->nw, ew = L->ew, eb = L->eb;
    const mp_limb_t *wmag = L->wmag;
    const char *wneg = L->wneg;
    mpz_srcptr bz = L->bz;
    long *nz = dy->nz;
    long nnz = nonzeros(nz, cur, n);
    //@ assert same_dy: dy->lay == \at(dy->lay, Pre) && dy->depth == \at(dy->depth, Pre);
    //@ assert same_lay: RrDySameLayers{Pre, Here}(dy);
    //@ assert t1: \forall integer k; 0 <= k < dy->depth ==> RrDyLayer(dy->lay + k, dy->maxw);
    //@ assert t2: RrDyLayers(dy->lay, dy->depth, dy->maxw, dy->nhidden);
    //@ assert shape: RrDyShape(dy);
    //@ assert work: RrDyWork(dy);
    long nx = pack(dy, cur, n);
    if (!nx)
        return LONG_MIN;
    /* Accumulator: nx + nw limbs of product and one more limb for the
     * carries of up to 2^64 additions; positive and negative parts
     * apart, so no signed limb arithmetic. */
    long na = nx + nw + 1;
    if (grow_acc(dy, 2 * na))
        return LONG_MIN;
    mp_limb_t *pos = dy->acc, *neg = dy->acc + na;
    const mp_limb_t *xmag = dy->xmag;
    const char *xneg = dy->xneg;
    long e_dot = ew + ex;
    long e_out = e_dot < eb ? e_dot : eb;
    long wrl = n * nw;
    //@ assert words: m * wrl == (m * n) * nw;
    /*@ loop invariant 0 <= i <= m;
      @ loop assigns i, pos[0 .. 2 * na - 1], nxt[0 .. m - 1], dy->tb[0];
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++) {
        //@ assert wrow: RrDyIn(i, 0, m, wrl);
        //@ assert nrow: RrDyIn(i, 0, m, n);
        dot_row(pos, na, wmag + i * wrl, wneg + i * n, nw, xmag, xneg, nx, nz,
                nnz, n);
        /* z = (pos - neg) 2^e_dot + bz 2^eb, at exponent e_out. */
        mpz_ptr z = nxt + i;
        int sgn = mpn_cmp(pos, neg, na);
        long sz = na;
        mp_limb_t *dst = mpz_limbs_write(z, na);
        /* A20: GMP's limbs are apart from the accumulators. */
        //@ admit fresh: \separated(dst + (0 .. na - 1), pos + (0 .. 2 * na - 1));
        if (sgn >= 0)
            mpn_sub_n(dst, pos, neg, na);
        else
            mpn_sub_n(dst, neg, pos, na);
        /*@ loop invariant 0 <= sz <= na;
          @ loop assigns sz;
          @ loop variant sz;
          @*/
        while (sz > 0 && dst[sz - 1] == 0)
            sz--;
        mpz_limbs_finish(z, sgn >= 0 ? sz : -sz);
        if (e_dot > e_out)
            mpz_mul_2exp(z, z, (mp_bitcnt_t)(e_dot - e_out));
        if (mpz_sgn(bz + i)) {
            if (eb > e_out) {
                mpz_mul_2exp(dy->tb, bz + i, (mp_bitcnt_t)(eb - e_out));
                mpz_add(z, z, dy->tb);
            } else
                mpz_add(z, z, bz + i);
        }
    }
    return e_out;
}

rr_status rr_dy_eval(rr_dy_net_t *dy, mpq_ptr out, char *pattern,
                     mpq_ptr *hidden, mpq_srcptr x, rr_err_t *err)
{
    long depth = dy->depth;
    rr_dy_layer_t *lay = dy->lay;
    long d = lay[0].n;
    mpz_ptr za = dy->za, zb = dy->zb;
    /* Input vector at its common exponent. */
    long ex = dy_min_exp(x, d);
    /*@ loop invariant 0 <= j <= d;
      @ loop assigns j, za[0 .. d - 1];
      @ loop variant d - j;
      @*/
    for (long j = 0; j < d; j++)
        dy_scale(za + j, x + j, ex);
    ex += normalize(za, d);
    mpz_ptr cur = za, nxt = zb;
    long poff = 0;

    /*@ loop invariant 0 <= l <= depth;
      @ loop invariant valid: RrDyValid(dy);
      @ loop invariant same: dy->depth == depth && dy->lay == lay &&
      @   dy->maxw == \at(dy->maxw, Pre) && dy->nhidden == \at(dy->nhidden, Pre) &&
      @   dy->za == za && dy->zb == zb && dy->nz == \at(dy->nz, Pre) &&
      @   dy->xneg == \at(dy->xneg, Pre);
      @ loop invariant vec: (cur == za && nxt == zb) || (cur == zb && nxt == za);
      @ loop invariant poff: l < depth ==> poff == lay[l].po;
      @ loop invariant poff_range: 0 <= poff <= dy->nhidden;
      @ loop invariant ex: -(l + 1) * 2 * RR_DY_EXP_MAX <= ex <=
      @   (l + 1) * 2 * RR_DY_EXP_MAX;
      @ loop assigns l, poff, ex, cur, nxt, *dy, dy->tb[0],
      @   za[0 .. dy->maxw - 1], zb[0 .. dy->maxw - 1], dy->nz[0 .. dy->maxw - 1],
      @   dy->xneg[0 .. dy->maxw - 1], pattern[0 .. dy->nhidden - 1],
      @   out[0 .. dy->maxw - 1], hidden[0 .. depth - 2][0 .. dy->maxw - 1],
      @   dy->xmag[0 .. dy->xcap - 1], dy->acc[0 .. dy->acc_cap - 1];
      @ loop variant depth - l;
      @*/
    for (long l = 0; l < depth; l++) {
        long m = lay[l].m;
        long e_out = eval_layer(dy, l, cur, nxt, ex);
        if (e_out == LONG_MIN)
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        if (l + 1 < depth) {
            /*@ loop invariant 0 <= i <= m;
              @ loop assigns i, pattern[poff .. poff + m - 1], nxt[0 .. m - 1];
              @ loop variant m - i;
              @*/
            for (long i = 0; i < m; i++) {
                int s = mpz_sgn(nxt + i);
                pattern[poff + i] = s > 0 ? '+' : s < 0 ? '-' : '0';
                if (s < 0)
                    mpz_set_ui(nxt + i, 0);
            }
            poff += m;
            e_out += normalize(nxt, m);
            if (hidden) {
                mpq_ptr h = hidden[l];
                /*@ loop invariant 0 <= i <= m;
                  @ loop assigns i, h[0 .. m - 1];
                  @ loop variant m - i;
                  @*/
                for (long i = 0; i < m; i++)
                    to_q(h + i, nxt + i, e_out);
            }
        } else {
            /*@ loop invariant 0 <= i <= m;
              @ loop assigns i, out[0 .. m - 1];
              @ loop variant m - i;
              @*/
            for (long i = 0; i < m; i++)
                to_q(out + i, nxt + i, e_out);
        }
        ex = e_out;
        mpz_ptr tmp = cur;
        cur = nxt;
        nxt = tmp;
    }
    return RR_OK;
}
