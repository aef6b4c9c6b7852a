#include "rr_net.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

mpq_ptr rr_qvec_new(long n)
{
    mpq_ptr v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (long i = 0; i < n; i++)
        mpq_init(v + i);
    return v;
}

void rr_qvec_free(mpq_ptr v, long n)
{
    if (!v)
        return;
    for (long i = 0; i < n; i++)
        mpq_clear(v + i);
    free(v);
}

rr_status rr_arch_check(int depth, const long *width, const rr_caps_t *caps,
                        rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    if (depth < 1)
        return rr_err_set(err, RR_EINPUT,
                          "architecture needs at least 2 entries (L >= 1)");
    if (depth > caps->max_depth)
        return rr_err_set(err, RR_ELIMIT,
                          "depth L = %d exceeds the cap %ld", depth,
                          caps->max_depth);
    long params = 0;
    for (int l = 0; l <= depth; l++) {
        if (width[l] < 1)
            return rr_err_set(err, RR_EINPUT,
                              "architecture[%d] = %ld: widths must be >= 1", l,
                              width[l]);
        if (width[l] > caps->max_width)
            return rr_err_set(err, RR_ELIMIT,
                              "architecture[%d] = %ld exceeds the width cap %ld",
                              l, width[l], caps->max_width);
        if (l > 0) {
            /* widths <= 2^16 each, so the product fits in a long. */
            params += width[l] * (width[l - 1] + 1);
            if (params > caps->max_params)
                return rr_err_set(err, RR_ELIMIT,
                                  "network has more than %ld parameters "
                                  "(the cap)", caps->max_params);
        }
    }
    return RR_OK;
}

static void net_zero(rr_net_t *net)
{
    memset(net, 0, sizeof *net);
}

void rr_net_clear(rr_net_t *net)
{
    if (net->width) {
        for (int l = 0; l < net->depth; l++) {
            if (net->w)
                rr_qvec_free(net->w[l], net->width[l + 1] * net->width[l]);
            if (net->b)
                rr_qvec_free(net->b[l], net->width[l + 1]);
        }
        rr_qvec_free(net->lo, net->width[0]);
        rr_qvec_free(net->hi, net->width[0]);
    }
    free(net->w);
    free(net->b);
    free(net->width);
    free(net->name);
    free(net->description);
    net_zero(net);
}

rr_status rr_net_init(rr_net_t *net, int depth, const long *width,
                      const rr_caps_t *caps, rr_err_t *err)
{
    net_zero(net);
    rr_status st = rr_arch_check(depth, width, caps, err);
    if (st)
        return st;
    net->width = malloc((size_t)(depth + 1) * sizeof *net->width);
    net->w = calloc((size_t)depth, sizeof *net->w);
    net->b = calloc((size_t)depth, sizeof *net->b);
    if (!net->width || !net->w || !net->b)
        goto nomem;
    memcpy(net->width, width, (size_t)(depth + 1) * sizeof *width);
    net->depth = depth;
    for (int l = 0; l < depth; l++) {
        net->w[l] = rr_qvec_new(width[l + 1] * width[l]);
        net->b[l] = rr_qvec_new(width[l + 1]);
        if (!net->w[l] || !net->b[l])
            goto nomem;
    }
    net->lo = rr_qvec_new(width[0]);
    net->hi = rr_qvec_new(width[0]);
    if (!net->lo || !net->hi)
        goto nomem;
    for (long k = 0; k < width[0]; k++) {
        mpq_set_si(net->lo + k, -1, 1);
        mpq_set_si(net->hi + k, 1, 1);
    }
    return RR_OK;
nomem:
    rr_net_clear(net);
    return rr_err_set(err, RR_ENOMEM, "out of memory allocating a network");
}

static char *dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

rr_status rr_net_set_name(rr_net_t *net, const char *s, rr_err_t *err)
{
    char *d = dup_str(s);
    if (s && !d)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    free(net->name);
    net->name = d;
    return RR_OK;
}

rr_status rr_net_set_description(rr_net_t *net, const char *s, rr_err_t *err)
{
    char *d = dup_str(s);
    if (s && !d)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    free(net->description);
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
    for (int l = 0; l <= a->depth; l++)
        if (a->width[l] != b->width[l])
            return 0;
    for (int l = 0; l < a->depth; l++) {
        for (long k = 0; k < a->width[l + 1] * a->width[l]; k++)
            if (!mpq_equal(a->w[l] + k, b->w[l] + k))
                return 0;
        for (long i = 0; i < a->width[l + 1]; i++)
            if (!mpq_equal(a->b[l] + i, b->b[l] + i))
                return 0;
    }
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
    for (int l = 0; l < net->depth; l++)
        n += net->width[l + 1] * (net->width[l] + 1);
    return n;
}

long rr_net_max_width(const rr_net_t *net)
{
    long m = 0;
    for (int l = 1; l < net->depth; l++)
        if (net->width[l] > m)
            m = net->width[l];
    return m;
}

int rr_net_is_dyadic(const rr_net_t *net)
{
    for (int l = 0; l < net->depth; l++) {
        for (long k = 0; k < net->width[l + 1] * net->width[l]; k++)
            if (!rr_q_is_dyadic(net->w[l] + k))
                return 0;
        for (long i = 0; i < net->width[l + 1]; i++)
            if (!rr_q_is_dyadic(net->b[l] + i))
                return 0;
    }
    return 1;
}
