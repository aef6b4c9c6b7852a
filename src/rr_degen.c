/* rr_degen.c -- symmetry steps, diagnosis and the restricted set.
 * See rr_degen.h and spec/degeneracy.md. */
#include "rr_degen.h"

#include <stdlib.h>
#include <string.h>

/* ---- core steps ---------------------------------------------------------- */

long rr_dg_direction(mpq_ptr dir, mpq_ptr lambda, mpq_srcptr v, long n)
{
    long f = rr_dg_first_nonzero(v, n);
    if (f < 0) {
        for (long j = 0; j < n; j++)
            mpq_set_ui(dir + j, 0, 1);
        mpq_set_ui(lambda, 0, 1);
        return -1;
    }
    mpq_set(lambda, v + f);
    for (long j = 0; j < n; j++)
        mpq_div(dir + j, v + j, lambda);
    return f;
}

long rr_dg_rref(mpq_ptr M, long rows, long cols, long *piv, mpq_ptr tmp)
{
    long r = 0;
    for (long c = 0; c < cols && r < rows; c++) {
        long p = -1;
        for (long i = r; i < rows; i++)
            if (mpq_sgn(M + i * cols + c)) {
                p = i;
                break;
            }
        if (p < 0)
            continue;
        if (p != r)
            for (long j = 0; j < cols; j++)
                mpq_swap(M + p * cols + j, M + r * cols + j);
        /* scale row r so that the pivot is 1 */
        mpq_set(tmp, M + r * cols + c);
        for (long j = c; j < cols; j++)
            mpq_div(M + r * cols + j, M + r * cols + j, tmp);
        /* eliminate column c from every other row */
        for (long i = 0; i < rows; i++) {
            if (i == r || !mpq_sgn(M + i * cols + c))
                continue;
            mpq_t f, t;
            mpq_init(f);
            mpq_init(t);
            mpq_set(f, M + i * cols + c);
            for (long j = c; j < cols; j++) {
                mpq_mul(t, f, M + r * cols + j);
                mpq_sub(M + i * cols + j, M + i * cols + j, t);
            }
            mpq_clear(f);
            mpq_clear(t);
        }
        if (piv)
            piv[r] = c;
        r++;
    }
    return r;
}

long rr_dg_left_kernel(mpq_ptr K, mpq_srcptr R, long p, long n)
{
    /* mu^T R = 0  <=>  R^T mu = 0: the null space of the n x p matrix R^T */
    if (p == 0)
        return 0;
    mpq_ptr T = rr_qvec_new(n * p);
    long *piv = malloc((size_t)(p + 1) * sizeof *piv);
    char *is_piv = calloc((size_t)p, 1);
    if (!T || !piv || !is_piv) {
        rr_qvec_free(T, n * p);
        free(piv);
        free(is_piv);
        return -1;
    }
    for (long i = 0; i < p; i++)
        for (long j = 0; j < n; j++)
            mpq_set(T + j * p + i, R + i * n + j);
    mpq_t tmp;
    mpq_init(tmp);
    long r = rr_dg_rref(T, n, p, piv, tmp);
    for (long i = 0; i < r; i++)
        is_piv[piv[i]] = 1;
    long dim = 0;
    for (long f = 0; f < p; f++) {
        if (is_piv[f])
            continue;
        mpq_ptr v = K + dim * p;
        for (long j = 0; j < p; j++)
            mpq_set_ui(v + j, 0, 1);
        mpq_set_ui(v + f, 1, 1);
        for (long i = 0; i < r; i++)
            mpq_neg(v + piv[i], T + i * p + f);
        dim++;
    }
    mpq_clear(tmp);
    rr_qvec_free(T, n * p);
    free(piv);
    free(is_piv);
    return dim;
}

/* ---- diagnosis ----------------------------------------------------------- */

static void layer_clear(rr_dg_layer_t *L)
{
    long m = L->m, n1 = L->n + 1, k = L->k, nc = L->nclass;
    rr_qvec_free(L->in, m * n1);
    rr_qvec_free(L->out, m * k);
    free(L->flags);
    rr_qvec_free(L->in2, m);
    rr_qvec_free(L->out2, m);
    rr_qvec_free(L->zlo, m);
    rr_qvec_free(L->zhi, m);
    free(L->cls);
    rr_qvec_free(L->scale, m);
    /* dir, jump, aff are allocated for m classes (an upper bound) */
    rr_qvec_free(L->dir, m * n1);
    rr_qvec_free(L->jump, m * k);
    rr_qvec_free(L->aff, m * k * n1);
    free(L->npos);
    free(L->nneg);
    free(L->pair);
    rr_qvec_free(L->kernel, L->npair * L->npair);
    rr_qvec_free(L->pair_aff, k * n1);
    (void)nc;
    memset(L, 0, sizeof *L);
}

void rr_degen_clear(rr_degen_t *dg)
{
    if (!dg)
        return;
    for (long i = 0; i < dg->nlayer && dg->layer; i++)
        layer_clear(&dg->layer[i]);
    free(dg->layer);
    rr_qvec_free(dg->lo, dg->d);
    rr_qvec_free(dg->hi, dg->d);
    memset(dg, 0, sizeof *dg);
}

/* Fill the classes, jumps, affine parts and opposite structure of L
 * (in, out already set). */
static rr_status layer_classes(rr_dg_layer_t *L, rr_err_t *err)
{
    long m = L->m, n1 = L->n + 1, k = L->k;
    mpq_t lam, t;
    mpq_init(lam);
    mpq_init(t);
    mpq_ptr d = rr_qvec_new(n1);
    rr_status st = RR_OK;
    if (!d) {
        st = rr_err_set(err, RR_ENOMEM, "degeneracy: out of memory");
        goto out;
    }
    L->nclass = 0;
    for (long i = 0; i < m; i++) {
        mpq_srcptr u = L->in + i * n1;
        if (rr_dg_direction(d, lam, u, n1) < 0) {
            L->cls[i] = -1;
            mpq_set_ui(L->scale + i, 0, 1);
            continue;
        }
        long q = 0;
        for (; q < L->nclass; q++) {
            long j = 0;
            while (j < n1 && mpq_equal(L->dir + q * n1 + j, d + j))
                j++;
            if (j == n1)
                break;
        }
        if (q == L->nclass) {
            for (long j = 0; j < n1; j++)
                mpq_set(L->dir + q * n1 + j, d + j);
            L->npos[q] = L->nneg[q] = 0;
            L->nclass++;
        }
        L->cls[i] = q;
        mpq_set(L->scale + i, lam);
        if (mpq_sgn(lam) > 0)
            L->npos[q]++;
        else
            L->nneg[q]++;
        /* jump and affine part */
        mpq_abs(lam, lam);
        for (long r = 0; r < k; r++) {
            mpq_mul(t, lam, L->out + i * k + r);
            mpq_add(L->jump + q * k + r, L->jump + q * k + r, t);
            if (mpq_sgn(L->scale + i) < 0)
                for (long j = 0; j < n1; j++) {
                    mpq_t p;
                    mpq_init(p);
                    mpq_mul(p, t, L->dir + q * n1 + j);
                    mpq_ptr a = L->aff + (q * k + r) * n1 + j;
                    mpq_sub(a, a, p);
                    mpq_clear(p);
                }
        }
    }
    /* flags: parallel and opposite */
    for (long i = 0; i < m; i++) {
        long q = L->cls[i];
        if (q < 0)
            continue;
        int pos = mpq_sgn(L->scale + i) > 0;
        if ((pos && L->npos[q] >= 2) || (!pos && L->nneg[q] >= 2))
            L->flags[i] |= RR_DG_PARALLEL;
        if (L->npos[q] && L->nneg[q])
            L->flags[i] |= RR_DG_OPPOSITE;
    }
    /* opposite classes, their rank and left kernel */
    L->npair = 0;
    for (long q = 0; q < L->nclass; q++)
        if (L->npos[q] && L->nneg[q])
            L->pair[L->npair++] = q;
    if (L->npair) {
        long p = L->npair;
        mpq_ptr R = rr_qvec_new(p * n1);
        L->kernel = rr_qvec_new(p * p);
        if (!R || !L->kernel) {
            rr_qvec_free(R, p * n1);
            st = rr_err_set(err, RR_ENOMEM, "degeneracy: out of memory");
            goto out;
        }
        for (long a = 0; a < p; a++) {
            long q = L->pair[a];
            for (long j = 0; j < n1; j++)
                mpq_set(R + a * n1 + j, L->dir + q * n1 + j);
            for (long r = 0; r < k; r++)
                for (long j = 0; j < n1; j++) {
                    mpq_ptr s = L->pair_aff + r * n1 + j;
                    mpq_add(s, s, L->aff + (q * k + r) * n1 + j);
                }
        }
        L->kdim = rr_dg_left_kernel(L->kernel, R, p, n1);
        rr_qvec_free(R, p * n1);
        if (L->kdim < 0) {
            L->kdim = 0;
            st = rr_err_set(err, RR_ENOMEM, "degeneracy: out of memory");
            goto out;
        }
        L->pair_rank = p - L->kdim;
        for (long v = 0; v < L->kdim; v++)
            for (long a = 0; a < p; a++) {
                if (!mpq_sgn(L->kernel + v * p + a))
                    continue;
                for (long i = 0; i < m; i++)
                    if (L->cls[i] == L->pair[a])
                        L->flags[i] |= RR_DG_DEPENDENT;
            }
    }
out:
    rr_qvec_free(d, n1);
    mpq_clear(lam);
    mpq_clear(t);
    return st;
}

rr_status rr_degen_analyze(rr_degen_t *dg, const rr_net_t *net,
                           mpq_srcptr lo, mpq_srcptr hi, rr_err_t *err)
{
    memset(dg, 0, sizeof *dg);
    long d = net->width[0];
    dg->depth = net->depth;
    dg->d = d;
    dg->lo = rr_qvec_new(d);
    dg->hi = rr_qvec_new(d);
    dg->nlayer = net->depth - 1;
    dg->layer = calloc((size_t)(dg->nlayer > 0 ? dg->nlayer : 1),
                       sizeof *dg->layer);
    if (!dg->lo || !dg->hi || !dg->layer)
        return rr_err_set(err, RR_ENOMEM, "degeneracy: out of memory");
    for (long j = 0; j < d; j++) {
        mpq_set(dg->lo + j, lo ? lo + j : net->lo + j);
        mpq_set(dg->hi + j, hi ? hi + j : net->hi + j);
        if (mpq_cmp(dg->lo + j, dg->hi + j) > 0)
            return rr_err_set(err, RR_EINPUT,
                              "degeneracy: box coordinate %ld: lo > hi",
                              j + 1);
    }
    mpq_t t, t2;
    mpq_init(t);
    mpq_init(t2);
    rr_status st = RR_OK;
    /* post-activation ranges of the previous layer */
    long maxw = rr_net_max_width(net);
    if (maxw < d)
        maxw = d;
    mpq_ptr ylo = rr_qvec_new(maxw), yhi = rr_qvec_new(maxw);
    if (!ylo || !yhi) {
        st = rr_err_set(err, RR_ENOMEM, "degeneracy: out of memory");
        goto out;
    }
    for (long j = 0; j < d; j++) {
        mpq_set(ylo + j, dg->lo + j);
        mpq_set(yhi + j, dg->hi + j);
    }
    for (int l = 1; l < net->depth; l++) {
        rr_dg_layer_t *L = &dg->layer[l - 1];
        long m = net->width[l], n = net->width[l - 1],
             k = net->width[l + 1], n1 = n + 1;
        L->l = l;
        L->m = m;
        L->n = n;
        L->k = k;
        L->in = rr_qvec_new(m * n1);
        L->out = rr_qvec_new(m * k);
        L->flags = calloc((size_t)m, sizeof *L->flags);
        L->in2 = rr_qvec_new(m);
        L->out2 = rr_qvec_new(m);
        L->zlo = rr_qvec_new(m);
        L->zhi = rr_qvec_new(m);
        L->cls = malloc((size_t)m * sizeof *L->cls);
        L->scale = rr_qvec_new(m);
        L->dir = rr_qvec_new(m * n1);
        L->jump = rr_qvec_new(m * k);
        L->aff = rr_qvec_new(m * k * n1);
        L->npos = calloc((size_t)m, sizeof *L->npos);
        L->nneg = calloc((size_t)m, sizeof *L->nneg);
        L->pair = malloc((size_t)m * sizeof *L->pair);
        L->pair_aff = rr_qvec_new(k * n1);
        if (!L->in || !L->out || !L->flags || !L->in2 || !L->out2 ||
            !L->zlo || !L->zhi || !L->cls || !L->scale || !L->dir ||
            !L->jump || !L->aff || !L->npos || !L->nneg || !L->pair ||
            !L->pair_aff) {
            st = rr_err_set(err, RR_ENOMEM, "degeneracy: out of memory");
            goto out;
        }
        L->range_exact = l == 1;
        for (long i = 0; i < m; i++) {
            mpq_ptr u = L->in + i * n1;
            for (long j = 0; j < n; j++)
                mpq_set(u + j, rr_net_weight(net, l - 1, i, j));
            mpq_set(u + n, rr_net_bias(net, l - 1, i));
            for (long r = 0; r < k; r++)
                mpq_set(L->out + i * k + r, rr_net_weight(net, l, r, i));
            rr_dg_sqnorm(L->in2 + i, u, n1, t);
            rr_dg_sqnorm(L->out2 + i, L->out + i * k, k, t);
            rr_dg_affine_range(L->zlo + i, L->zhi + i, u, u + n, ylo, yhi,
                               n, t);
            int zin = !mpq_sgn(L->in2 + i), zout = !mpq_sgn(L->out2 + i);
            unsigned f = 0;
            if (zin && zout)
                f |= RR_DG_ZERO;
            else if (zin)
                f |= RR_DG_NO_IN;
            else if (zout)
                f |= RR_DG_NO_OUT;
            if (!zin && rr_dg_is_zero(u, n))
                f |= RR_DG_CONST;
            if (!zin && mpq_sgn(L->zhi + i) <= 0)
                f |= RR_DG_DEAD;
            if (!zin && mpq_sgn(L->zlo + i) >= 0)
                f |= RR_DG_ACTIVE;
            if (!mpq_equal(L->in2 + i, L->out2 + i))
                f |= RR_DG_UNBALANCED;
            L->flags[i] = f;
        }
        if ((st = layer_classes(L, err)))
            goto out;
        for (long i = 0; i < m; i++) {
            mpq_set(ylo + i, L->zlo + i);
            mpq_set(yhi + i, L->zhi + i);
            if (mpq_sgn(ylo + i) < 0)
                mpq_set_ui(ylo + i, 0, 1);
            if (mpq_sgn(yhi + i) < 0)
                mpq_set_ui(yhi + i, 0, 1);
        }
    }
out:
    rr_qvec_free(ylo, maxw);
    rr_qvec_free(yhi, maxw);
    mpq_clear(t);
    mpq_clear(t2);
    return st;
}

/* ---- restricted set ------------------------------------------------------ */

long rr_degen_violations(long *idx, const rr_dg_layer_t *L, int cond)
{
    long cnt = 0;
    for (long i = 0; i < L->m; i++) {
        unsigned f = L->flags[i];
        int bad = 0;
        if (f & RR_DG_ZERO)
            continue;
        switch (cond) {
        case RR_R1: bad = (f & RR_DG_UNBALANCED) != 0; break;
        case RR_R2: bad = (f & RR_DG_PARALLEL) != 0; break;
        case RR_R3: bad = (f & RR_DG_DEPENDENT) != 0; break;
        case RR_R4: bad = (f & (RR_DG_NO_IN | RR_DG_CONST)) != 0; break;
        default: break;
        }
        if (bad)
            idx[cnt++] = i;
    }
    return cnt;
}

int rr_degen_restricted(const rr_degen_t *dg)
{
    for (long l = 0; l < dg->nlayer; l++) {
        const rr_dg_layer_t *L = &dg->layer[l];
        long *idx = malloc((size_t)(L->m > 0 ? L->m : 1) * sizeof *idx);
        if (!idx)
            return 0;
        for (int c = 0; c < RR_NCOND; c++)
            if (rr_degen_violations(idx, L, c)) {
                free(idx);
                return 0;
            }
        free(idx);
    }
    return 1;
}

const char *rr_cond_name(int cond)
{
    static const char *names[] = {"R1", "R2", "R3", "R4"};
    return cond >= 0 && cond < RR_NCOND ? names[cond] : "?";
}

const char *rr_cond_text(int cond)
{
    static const char *text[] = {
        "balanced: ||c_i||_2 = ||(a_i, b_i)||_2 for every neuron",
        "no two neurons with positively parallel (a_i, b_i)",
        "the directions of the opposite classes are linearly independent",
        "every nonzero neuron has a nonzero input part a_i",
    };
    return cond >= 0 && cond < RR_NCOND ? text[cond] : "?";
}
