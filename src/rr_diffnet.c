/* rr_diffnet.c -- the exact difference network (rr_diffnet.h). */
#include "rr_diffnet.h"

#include <stdlib.h>

int rr_net_same_domain(const rr_net_t *a, const rr_net_t *b)
{
    long d = a->width[0];
    if (b->width[0] != d)
        return 0;
    for (long i = 0; i < d; i++)
        if (!mpq_equal(a->lo + i, b->lo + i) ||
            !mpq_equal(a->hi + i, b->hi + i))
            return 0;
    return 1;
}

/* Copy the domain box of src into dst (same d).  Not yet proved. */
static void copy_domain(rr_net_t *dst, const rr_net_t *src)
{
    for (long i = 0; i < src->width[0]; i++) {
        mpq_set(dst->lo + i, src->lo + i);
        mpq_set(dst->hi + i, src->hi + i);
    }
    dst->has_domain = src->has_domain;
}

rr_status rr_net_deepen(rr_net_t *out, const rr_net_t *net, int depth,
                        const rr_caps_t *caps, rr_err_t *err)
{
    int L = net->depth;
    if (depth < L)
        return rr_err_set(err, RR_EINTERNAL,
                          "rr_net_deepen: depth %d below the network's %d",
                          depth, L);
    long k = net->width[L];
    long *w = malloc((size_t)(depth + 1) * sizeof *w);
    if (!w)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    for (int l = 0; l < L; l++)
        w[l] = net->width[l];
    for (int l = L; l < depth; l++)
        w[l] = 2 * k; /* the layers that carry (rho(z), rho(-z)) */
    w[depth] = k;
    rr_status st = rr_net_init(out, depth, w, caps, err);
    free(w);
    if (st)
        return st;
    copy_domain(out, net);
    /* Layers before the last one: copied. */
    for (int l = 0; l + 1 < L; l++) {
        long n = net->width[l + 1] * net->width[l];
        for (long i = 0; i < n; i++)
            mpq_set(out->w[l] + i, net->w[l] + i);
        for (long i = 0; i < net->width[l + 1]; i++)
            mpq_set(out->b[l] + i, net->b[l] + i);
    }
    if (depth == L) {
        long n = net->width[L] * net->width[L - 1];
        for (long i = 0; i < n; i++)
            mpq_set(out->w[L - 1] + i, net->w[L - 1] + i);
        for (long i = 0; i < k; i++)
            mpq_set(out->b[L - 1] + i, net->b[L - 1] + i);
        return RR_OK;
    }
    /* Layer L-1 becomes hidden: [W; -W], [b; -b]. */
    long nin = net->width[L - 1];
    for (long i = 0; i < k; i++) {
        for (long j = 0; j < nin; j++) {
            mpq_srcptr v = rr_net_weight(net, L - 1, i, j);
            mpq_set(rr_net_weight(out, L - 1, i, j), v);
            mpq_neg(rr_net_weight(out, L - 1, k + i, j), v);
        }
        mpq_set(rr_net_bias(out, L - 1, i), rr_net_bias(net, L - 1, i));
        mpq_neg(rr_net_bias(out, L - 1, k + i), rr_net_bias(net, L - 1, i));
    }
    /* Middle layers: (p, n) -> (rho(p - n), rho(n - p)) = (rho(z), rho(-z)). */
    for (int l = L; l + 1 < depth; l++)
        for (long i = 0; i < k; i++) {
            mpq_set_si(rr_net_weight(out, l, i, i), 1, 1);
            mpq_set_si(rr_net_weight(out, l, i, k + i), -1, 1);
            mpq_set_si(rr_net_weight(out, l, k + i, i), -1, 1);
            mpq_set_si(rr_net_weight(out, l, k + i, k + i), 1, 1);
        }
    /* Last layer: z = p - n. */
    for (long i = 0; i < k; i++) {
        mpq_set_si(rr_net_weight(out, depth - 1, i, i), 1, 1);
        mpq_set_si(rr_net_weight(out, depth - 1, i, k + i), -1, 1);
    }
    return RR_OK;
}

rr_status rr_net_difference(rr_net_t *out, const rr_net_t *phi,
                            const rr_net_t *psi, const rr_caps_t *caps,
                            rr_err_t *err)
{
    long d = phi->width[0], k = phi->width[phi->depth];
    if (psi->width[0] != d)
        return rr_err_set(err, RR_EINPUT,
                          "the two networks have different input dimensions "
                          "(%ld and %ld)", d, psi->width[0]);
    if (psi->width[psi->depth] != k)
        return rr_err_set(err, RR_EINPUT,
                          "the two networks have different output dimensions "
                          "(%ld and %ld)", k, psi->width[psi->depth]);
    int L = phi->depth > psi->depth ? phi->depth : psi->depth;
    rr_net_t a, b;
    rr_status st = rr_net_deepen(&a, phi, L, caps, err);
    if (st)
        return st;
    if ((st = rr_net_deepen(&b, psi, L, caps, err))) {
        rr_net_clear(&a);
        return st;
    }
    long *w = malloc((size_t)(L + 1) * sizeof *w);
    if (!w) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto done;
    }
    w[0] = d;
    for (int l = 1; l < L; l++)
        w[l] = a.width[l] + b.width[l];
    w[L] = k;
    st = rr_net_init(out, L, w, caps, err);
    free(w);
    if (st)
        goto done;
    copy_domain(out, phi);
    for (int l = 0; l < L; l++) {
        long na = a.width[l], nb = b.width[l];  /* inputs of layer l */
        long ma = a.width[l + 1], mb = b.width[l + 1];
        if (l + 1 == L) { /* outputs: a - b */
            for (long i = 0; i < k; i++) {
                for (long j = 0; j < na; j++)
                    mpq_set(rr_net_weight(out, l, i, j),
                            rr_net_weight(&a, l, i, j));
                for (long j = 0; j < nb; j++)
                    mpq_neg(rr_net_weight(out, l, i, (l ? na : 0) + j),
                            rr_net_weight(&b, l, i, j));
                mpq_sub(rr_net_bias(out, l, i), rr_net_bias(&a, l, i),
                        rr_net_bias(&b, l, i));
            }
            if (l == 0) { /* L = 1: both read x; add the two rows */
                for (long i = 0; i < k; i++)
                    for (long j = 0; j < d; j++)
                        mpq_sub(rr_net_weight(out, 0, i, j),
                                rr_net_weight(&a, 0, i, j),
                                rr_net_weight(&b, 0, i, j));
            }
            continue;
        }
        for (long i = 0; i < ma; i++) {
            for (long j = 0; j < na; j++)
                mpq_set(rr_net_weight(out, l, i, j), rr_net_weight(&a, l, i, j));
            mpq_set(rr_net_bias(out, l, i), rr_net_bias(&a, l, i));
        }
        for (long i = 0; i < mb; i++) {
            for (long j = 0; j < nb; j++)
                mpq_set(rr_net_weight(out, l, ma + i, (l ? na : 0) + j),
                        rr_net_weight(&b, l, i, j));
            mpq_set(rr_net_bias(out, l, ma + i), rr_net_bias(&b, l, i));
        }
    }
done:
    rr_net_clear(&a);
    rr_net_clear(&b);
    return st;
}
