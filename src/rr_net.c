/* rr_net.c -- ReLU networks with exact rational parameters (rr_net.h): a
 * proof unit of `make proofs` (unit net).  Loop annotations and proof
 * hints only; the contracts are in the header.  Heap memory comes from
 * the typed allocators of rr_alloc.h (assumption A14). */
#include "rr_net.h"

#include <limits.h>
#include <string.h>

mpq_ptr rr_qvec_new(long n)
{
    if (n > RR_ALLOC_MAX)
        return NULL;
    mpq_ptr v = rr_new_mpq(n > 0 ? n : 0);
    if (!v)
        return NULL;
    /*@ loop invariant bounds: 0 <= i && (n >= 0 ==> i <= n);
      @ loop invariant zero: \forall integer k; 0 <= k < i ==> qv(v[k]) == 0;
      @ loop assigns i, v[0 .. n - 1];
      @ loop variant n - i;
      @*/
    for (long i = 0; i < n; i++)
        mpq_init(v + i);
    return v;
}

void rr_qvec_free(mpq_ptr v, long n)
{
    if (!v)
        return;
    /*@ loop invariant bounds: 0 <= i && (n >= 0 ==> i <= n);
      @ loop assigns i, v[0 .. n - 1];
      @ loop variant n - i;
      @*/
    for (long i = 0; i < n; i++)
        mpq_clear(v + i);
    rr_free(v);
}

/* A fresh array of n >= 0 rationals, all equal to the integer c. */
/*@ requires size: n >= 0;
  @ terminates \true;
  @ assigns \result \from n, c;
  @ ensures valid: \result == \null || \valid(\result + (0 .. n - 1));
  @ ensures fresh: \result == \null ||
  @   (\forall mpq_ptr p; \valid{Pre}(p) ==> \separated(p, \result + (0 .. n - 1)));
  @ ensures value: \result == \null ||
  @   (\forall integer i; 0 <= i < n ==> qv(\result[i]) == c);
  @*/
static mpq_ptr qvec_new_const(long n, long c)
{
    mpq_ptr v = rr_qvec_new(n);
    if (!v)
        return NULL;
    /*@ loop invariant bounds: 0 <= k <= n;
      @ loop invariant value: \forall integer i; 0 <= i < k ==> qv(v[i]) == c;
      @ loop assigns k, v[0 .. n - 1];
      @ loop variant n - k;
      @*/
    for (long k = 0; k < n; k++)
        mpq_set_si(v + k, c, 1);
    return v;
}

/* The messages of rr_arch_check: one small function each, so that WP
 * proves each literal format a string (unit option -wp-literals) in a
 * small context.  Each sets err and returns the code. */
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_EINPUT;
  @*/
static rr_status af_depth_min(rr_err_t *err)
{
    return rr_err_set(err, RR_EINPUT,
                      "architecture needs at least 2 entries (L >= 1)");
}
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_ELIMIT;
  @*/
static rr_status af_depth_cap(rr_err_t *err, int depth, long cap)
{
    return rr_err_set(err, RR_ELIMIT, "depth L = %d exceeds the cap %ld",
                      depth, cap);
}
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_ELIMIT;
  @*/
static rr_status af_depth_hard(rr_err_t *err, int depth)
{
    return rr_err_set(err, RR_ELIMIT, "depth L = %d exceeds the hard limit %d",
                      depth, RR_NET_MAX_DEPTH);
}
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_EINPUT;
  @*/
static rr_status af_width_min(rr_err_t *err, int l, long n)
{
    return rr_err_set(err, RR_EINPUT,
                      "architecture[%d] = %ld: widths must be >= 1", l, n);
}
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_ELIMIT;
  @*/
static rr_status af_width_cap(rr_err_t *err, int l, long n, long cap)
{
    return rr_err_set(err, RR_ELIMIT,
                      "architecture[%d] = %ld exceeds the width cap %ld", l, n,
                      cap);
}
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_ELIMIT;
  @*/
static rr_status af_width_hard(rr_err_t *err, int l, long n)
{
    return rr_err_set(err, RR_ELIMIT,
                      "architecture[%d] = %ld exceeds the hard width limit %ld",
                      l, n, RR_NET_MAX_WIDTH);
}
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_ELIMIT;
  @*/
static rr_status af_layer_hard(rr_err_t *err, int l, long n)
{
    return rr_err_set(err, RR_ELIMIT,
                      "layer %d has %ld weights, more than the hard limit %ld",
                      l, n, RR_ALLOC_MAX);
}
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *err;
  @ ensures code: \result == RR_ELIMIT;
  @*/
static rr_status af_params_cap(rr_err_t *err, long cap)
{
    return rr_err_set(err, RR_ELIMIT,
                      "network has more than %ld parameters (the cap)", cap);
}

rr_status rr_arch_check(int depth, const long *width, const rr_caps_t *caps,
                        rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    long max_depth = caps->max_depth, max_width = caps->max_width,
         max_params = caps->max_params;
    if (depth < 1)
        return af_depth_min(err);
    if (depth > max_depth)
        return af_depth_cap(err, depth, max_depth);
    if (depth > RR_NET_MAX_DEPTH)
        return af_depth_hard(err, depth);
    long params = 0;
    /*@ loop invariant bounds: 0 <= l <= depth + 1;
      @ loop invariant widths: \forall integer m; 0 <= m < l ==>
      @   1 <= width[m] <= RR_NET_MAX_WIDTH && width[m] <= max_width;
      @ loop invariant layers: \forall integer m; 0 <= m < l - 1 ==>
      @   RrArrLayer(width, m) <= RR_ALLOC_MAX;
      @ loop invariant count: params == RrParams(width, l - 1);
      @ loop invariant capped: \forall integer m; 1 <= m < l ==>
      @   RrParams(width, m) <= max_params;
      @ loop invariant range: 0 <= params <=
      @   (l > 0 ? l - 1 : 0) * (RR_ALLOC_MAX + RR_NET_MAX_WIDTH);
      @ loop assigns l, params;
      @ loop variant depth + 1 - l;
      @*/
    for (int l = 0; l <= depth; l++) {
        long n = width[l];
        if (n < 1)
            return af_width_min(err, l, n);
        if (n > max_width)
            return af_width_cap(err, l, n, max_width);
        if (n > RR_NET_MAX_WIDTH)
            return af_width_hard(err, l, n);
        if (l > 0) {
            long p = width[l - 1];
            /* Both widths are at most 2^30: the product fits in a long. */
            //@ assert prod: RrMulLe(n, p, RR_NET_MAX_WIDTH, RR_NET_MAX_WIDTH);
            long layer = n * p;
            if (layer > RR_ALLOC_MAX)
                return af_layer_hard(err, l - 1, layer);
            //@ assert layer: RrArrLayer(width, l - 1) <= RR_ALLOC_MAX;
            /* At most 2^16 layers of at most 2^40 + 2^30 parameters. */
            params += layer + n;
            //@ assert count: params == RrParams(width, l);
            if (params > max_params)
                return af_params_cap(err, max_params);
        }
    }
    return RR_OK;
}

/*@ requires valid: \valid(net);
  @ terminates \true;
  @ assigns *net;
  @ ensures empty: RrNetEmpty(net);
  @*/
static void net_zero(rr_net_t *net)
{
    net->depth = 0;
    net->width = NULL;
    net->w = NULL;
    net->b = NULL;
    net->lo = NULL;
    net->hi = NULL;
    net->has_domain = 0;
    net->name = NULL;
    net->description = NULL;
}

void rr_net_clear(rr_net_t *net)
{
    int depth = net->depth;
    long *width = net->width;
    mpq_ptr *w = net->w, *b = net->b;
    if (width) {
        /*@ loop invariant bounds: 0 <= l <= depth;
          @ loop invariant widths: \forall integer m; 0 <= m <= depth ==>
          @   width[m] == \at(width[m], LoopEntry);
          @ loop assigns l, w[0 .. depth - 1][0 .. RR_ALLOC_MAX - 1],
          @   b[0 .. depth - 1][0 .. RR_NET_MAX_WIDTH - 1];
          @ loop variant depth - l;
          @*/
        for (int l = 0; l < depth; l++) {
            long nout = width[l + 1], nin = width[l];
            //@ assert out: nout == width[l + 1];
            //@ assert size: RrMulLe(nout, nin, RR_NET_MAX_WIDTH, RR_NET_MAX_WIDTH);
            if (w)
                rr_qvec_free(w[l], nout * nin);
            if (b)
                rr_qvec_free(b[l], nout);
        }
        if (net->lo)
            rr_qvec_free(net->lo, width[0]);
        if (net->hi)
            rr_qvec_free(net->hi, width[0]);
    }
    rr_free(w);
    rr_free(b);
    rr_free(width);
    rr_free(net->name);
    rr_free(net->description);
    net_zero(net);
}

/* On failure: record what was allocated in net, clear it, report. */
rr_status rr_net_init(rr_net_t *net, int depth, const long *width,
                      const rr_caps_t *caps, rr_err_t *err)
{
    net_zero(net);
    rr_status st = rr_arch_check(depth, width, caps, err);
    if (st)
        return st;
    long *wd = rr_new_long(depth + 1);
    if (!wd)
        return rr_err_set(err, RR_ENOMEM,
                          "out of memory allocating a network");
    /*@ loop invariant bounds: 0 <= l <= depth + 1;
      @ loop invariant copied: \forall integer m; 0 <= m < l ==>
      @   wd[m] == width[m];
      @ loop assigns l, wd[0 .. depth];
      @ loop variant depth + 1 - l;
      @*/
    for (int l = 0; l <= depth; l++)
        wd[l] = width[l];
    mpq_ptr *w = rr_new_mpq_ptr_zero(depth);
    mpq_ptr *b = rr_new_mpq_ptr_zero(depth);
    net->width = wd;
    net->depth = depth;
    net->w = w;
    net->b = b;
    if (!w || !b)
        goto nomem;
    /*@ loop invariant bounds: 0 <= l <= depth;
      @ loop invariant valid_w: \forall integer m; 0 <= m < l ==>
      @   \valid(w[m] + (0 .. wd[m + 1] * wd[m] - 1));
      @ loop invariant valid_b: \forall integer m; 0 <= m < l ==>
      @   \valid(b[m] + (0 .. wd[m + 1] - 1));
      @ loop invariant null_w: \forall integer m; l <= m < depth ==> w[m] == \null;
      @ loop invariant null_b: \forall integer m; l <= m < depth ==> b[m] == \null;
      @ loop invariant zero_w: \forall integer m, k; 0 <= m < l &&
      @   0 <= k < wd[m + 1] * wd[m] ==> qv(w[m][k]) == 0;
      @ loop invariant zero_b: \forall integer m, i; 0 <= m < l &&
      @   0 <= i < wd[m + 1] ==> qv(b[m][i]) == 0;
      @ loop invariant fresh_w: \forall integer m; 0 <= m < l ==>
      @   \forall mpq_ptr p; \valid{Pre}(p) ==>
      @     \separated(p, w[m] + (0 .. wd[m + 1] * wd[m] - 1));
      @ loop invariant fresh_b: \forall integer m; 0 <= m < l ==>
      @   \forall mpq_ptr p; \valid{Pre}(p) ==>
      @     \separated(p, b[m] + (0 .. wd[m + 1] - 1));
      @ loop invariant sep_struct_w: \forall integer m; 0 <= m < l ==>
      @   \separated(w[m] + (0 .. wd[m + 1] * wd[m] - 1), net,
      @              wd + (0 .. depth), w + (0 .. depth - 1), b + (0 .. depth - 1));
      @ loop invariant sep_struct_b: \forall integer m; 0 <= m < l ==>
      @   \separated(b[m] + (0 .. wd[m + 1] - 1), net,
      @              wd + (0 .. depth), w + (0 .. depth - 1), b + (0 .. depth - 1));
      @ loop invariant sep_wb: \forall integer m, q; 0 <= m < l && 0 <= q < l ==>
      @   \separated(w[m] + (0 .. wd[m + 1] * wd[m] - 1), b[q] + (0 .. wd[q + 1] - 1));
      @ loop invariant sep_ww: \forall integer m, q; 0 <= m < q < l ==>
      @   \separated(w[m] + (0 .. wd[m + 1] * wd[m] - 1),
      @              w[q] + (0 .. wd[q + 1] * wd[q] - 1));
      @ loop invariant sep_bb: \forall integer m, q; 0 <= m < q < l ==>
      @   \separated(b[m] + (0 .. wd[m + 1] - 1), b[q] + (0 .. wd[q + 1] - 1));
      @ loop assigns l, w[0 .. depth - 1], b[0 .. depth - 1];
      @ loop variant depth - l;
      @*/
    for (int l = 0; l < depth; l++) {
        w[l] = rr_qvec_new(wd[l + 1] * wd[l]);
        b[l] = rr_qvec_new(wd[l + 1]);
        if (!w[l] || !b[l])
            goto nomem;
    }
    net->lo = qvec_new_const(wd[0], -1);
    net->hi = qvec_new_const(wd[0], 1);
    if (!net->lo || !net->hi)
        goto nomem;
    return RR_OK;
nomem:
    rr_net_clear(net);
    return rr_err_set(err, RR_ENOMEM, "out of memory allocating a network");
}

/* A fresh copy of the string s (NULL for NULL, and when out of memory). */
/*@ requires string: s == \null || valid_read_string(s);
  @ terminates \true;
  @ assigns \result \from s, s[0 ..];
  @ ensures null: s == \null ==> \result == \null;
  @ ensures copy: s != \null && \result != \null ==>
  @   \valid(\result + (0 .. strlen{Pre}(s))) && \result[strlen{Pre}(s)] == 0;
  @*/
static char *dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    if (len >= (size_t)RR_ALLOC_MAX)
        return NULL;
    long n = (long)len;
    char *d = rr_new_char(n + 1);
    if (!d)
        return NULL;
    /*@ loop invariant bounds: 0 <= i <= n;
      @ loop assigns i, d[0 .. n - 1];
      @ loop variant n - i;
      @*/
    for (long i = 0; i < n; i++)
        d[i] = s[i];
    d[n] = '\0';
    return d;
}

rr_status rr_net_set_name(rr_net_t *net, const char *s, rr_err_t *err)
{
    char *d = dup_str(s);
    if (s && !d)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    rr_free(net->name);
    net->name = d;
    return RR_OK;
}

rr_status rr_net_set_description(rr_net_t *net, const char *s, rr_err_t *err)
{
    char *d = dup_str(s);
    if (s && !d)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    rr_free(net->description);
    net->description = d;
    return RR_OK;
}

rr_status rr_net_init_copy(rr_net_t *dst, const rr_net_t *src, rr_err_t *err)
{
    rr_caps_t caps;
    rr_caps_default(&caps);
    /* The source was already validated; do not let default caps refuse a
     * network that was read with raised caps. */
    caps.max_depth = caps.max_width = caps.max_params = LONG_MAX / 4;
    rr_status st = rr_net_init(dst, src->depth, src->width, &caps, err);
    if (st)
        return st;
    for (int l = 0; l < src->depth; l++) {
        for (long k = 0; k < src->width[l + 1] * src->width[l]; k++)
            mpq_set(dst->w[l] + k, src->w[l] + k);
        for (long i = 0; i < src->width[l + 1]; i++)
            mpq_set(dst->b[l] + i, src->b[l] + i);
    }
    for (long k = 0; k < src->width[0]; k++) {
        mpq_set(dst->lo + k, src->lo + k);
        mpq_set(dst->hi + k, src->hi + k);
    }
    dst->has_domain = src->has_domain;
    if (rr_net_set_name(dst, src->name, err) ||
        rr_net_set_description(dst, src->description, err)) {
        rr_net_clear(dst);
        return RR_ENOMEM;
    }
    return RR_OK;
}

int rr_net_equal(const rr_net_t *a, const rr_net_t *b)
{
    if (a->depth != b->depth)
        return 0;
    /*@ loop invariant bounds: 0 <= l <= a->depth + 1;
      @ loop invariant same: \forall integer m; 0 <= m < l ==>
      @   a->width[m] == b->width[m];
      @ loop assigns l;
      @ loop variant a->depth + 1 - l;
      @*/
    for (int l = 0; l <= a->depth; l++)
        if (a->width[l] != b->width[l])
            return 0;
    //@ assert arch: RrSameArch(a, b);
    /*@ loop invariant bounds: 0 <= l <= a->depth;
      @ loop invariant same_w: \forall integer m, k; 0 <= m < l &&
      @   0 <= k < RrLayerSize(a, m) ==> qv(a->w[m][k]) == qv(b->w[m][k]);
      @ loop invariant same_b: \forall integer m, i; 0 <= m < l &&
      @   0 <= i < a->width[m + 1] ==> qv(a->b[m][i]) == qv(b->b[m][i]);
      @ loop assigns l;
      @ loop variant a->depth - l;
      @*/
    for (int l = 0; l < a->depth; l++) {
        long nout = a->width[l + 1], nin = a->width[l];
        //@ assert out: nout == a->width[l + 1];
        //@ assert bound: RrMulLe(nout, nin, RR_NET_MAX_WIDTH, RR_NET_MAX_WIDTH);
        long n = nout * nin;
        //@ assert size_a: n == RrLayerSize(a, l);
        //@ assert same_out: b->width[l + 1] == nout;
        //@ assert same_in: b->width[l] == nin;
        //@ assert size_b: n == RrLayerSize(b, l);
        /*@ loop invariant bounds: 0 <= k <= n;
          @ loop invariant same: \forall integer j; 0 <= j < k ==>
          @   qv(a->w[l][j]) == qv(b->w[l][j]);
          @ loop assigns k;
          @ loop variant n - k;
          @*/
        for (long k = 0; k < n; k++)
            if (!mpq_equal(a->w[l] + k, b->w[l] + k))
                return 0;
        /*@ loop invariant bounds: 0 <= i <= a->width[l + 1];
          @ loop invariant same: \forall integer j; 0 <= j < i ==>
          @   qv(a->b[l][j]) == qv(b->b[l][j]);
          @ loop assigns i;
          @ loop variant a->width[l + 1] - i;
          @*/
        for (long i = 0; i < a->width[l + 1]; i++)
            if (!mpq_equal(a->b[l] + i, b->b[l] + i))
                return 0;
    }
    /*@ loop invariant bounds: 0 <= k <= a->width[0];
      @ loop invariant same: \forall integer j; 0 <= j < k ==>
      @   qv(a->lo[j]) == qv(b->lo[j]) && qv(a->hi[j]) == qv(b->hi[j]);
      @ loop assigns k;
      @ loop variant a->width[0] - k;
      @*/
    for (long k = 0; k < a->width[0]; k++)
        if (!mpq_equal(a->lo + k, b->lo + k) ||
            !mpq_equal(a->hi + k, b->hi + k))
            return 0;
    return 1;
}

long rr_net_input_dim(const rr_net_t *net) { return net->width[0]; }
long rr_net_output_dim(const rr_net_t *net) { return net->width[net->depth]; }

long rr_net_param_count(const rr_net_t *net)
{
    long n = 0;
    /*@ loop invariant bounds: 0 <= l <= net->depth;
      @ loop invariant count: n == RrParams(net->width, l);
      @ loop invariant range: 0 <= n <= l * (RR_ALLOC_MAX + RR_NET_MAX_WIDTH);
      @ loop assigns l, n;
      @ loop variant net->depth - l;
      @*/
    for (int l = 0; l < net->depth; l++)
        n += net->width[l + 1] * net->width[l] + net->width[l + 1];
    return n;
}

long rr_net_max_width(const rr_net_t *net)
{
    long m = 0;
    /*@ loop invariant bounds: 1 <= l <= net->depth || (l == 1 && net->depth == 1);
      @ loop invariant bound: \forall integer j; 1 <= j < l ==> net->width[j] <= m;
      @ loop invariant attained: l == 1 ? m == 0 :
      @   \exists integer j; 1 <= j < l && m == net->width[j];
      @ loop assigns l, m;
      @ loop variant net->depth - l;
      @*/
    for (int l = 1; l < net->depth; l++)
        if (net->width[l] > m)
            m = net->width[l];
    return m;
}

int rr_net_is_dyadic(const rr_net_t *net)
{
    /*@ loop invariant bounds: 0 <= l <= net->depth;
      @ loop assigns l;
      @ loop variant net->depth - l;
      @*/
    for (int l = 0; l < net->depth; l++) {
        long nout = net->width[l + 1], nin = net->width[l];
        //@ assert out: nout == net->width[l + 1];
        //@ assert bound: RrMulLe(nout, nin, RR_NET_MAX_WIDTH, RR_NET_MAX_WIDTH);
        long n = nout * nin;
        /*@ loop invariant bounds: 0 <= k <= n;
          @ loop assigns k;
          @ loop variant n - k;
          @*/
        for (long k = 0; k < n; k++)
            if (!rr_q_is_dyadic(net->w[l] + k))
                return 0;
        /*@ loop invariant bounds: 0 <= i <= net->width[l + 1];
          @ loop assigns i;
          @ loop variant net->width[l + 1] - i;
          @*/
        for (long i = 0; i < net->width[l + 1]; i++)
            if (!rr_q_is_dyadic(net->b[l] + i))
                return 0;
    }
    return 1;
}
