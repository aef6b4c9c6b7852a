/* rr_dgstep.c -- the core steps of the degeneracy analysis (see
 * rr_dgstep.h): a proof unit of `make proofs`.  Loop annotations only; the
 * contracts are in the header. */
#include "rr_dgstep.h"

void rr_dg_sqnorm(mpq_ptr r, mpq_srcptr v, long n, mpq_ptr tmp)
{
    mpq_set_ui(r, 0, 1);
    for (long j = 0; j < n; j++) {
        mpq_mul(tmp, v + j, v + j);
        mpq_add(r, r, tmp);
    }
}

int rr_dg_is_zero(mpq_srcptr v, long n)
{
    for (long j = 0; j < n; j++)
        if (mpq_sgn(v + j))
            return 0;
    return 1;
}

long rr_dg_first_nonzero(mpq_srcptr v, long n)
{
    for (long j = 0; j < n; j++)
        if (mpq_sgn(v + j))
            return j;
    return -1;
}

int rr_dg_parallel(mpq_ptr lambda, mpq_srcptr u, mpq_srcptr v, long n,
                   mpq_ptr tmp)
{
    long f = rr_dg_first_nonzero(u, n);
    if (f < 0 || !mpq_sgn(v + f))
        return 0;
    mpq_div(lambda, v + f, u + f);
    for (long j = 0; j < n; j++) {
        mpq_mul(tmp, lambda, u + j);
        if (!mpq_equal(tmp, v + j))
            return 0;
    }
    return mpq_sgn(lambda);
}

void rr_dg_rescale(mpq_ptr row, long n, mpq_ptr col, long k, mpq_srcptr t)
{
    for (long j = 0; j < n; j++)
        mpq_mul(row + j, row + j, t);
    for (long r = 0; r < k; r++)
        mpq_div(col + r, col + r, t);
}

void rr_dg_merge_parallel(mpq_ptr ci, mpq_ptr cj, mpq_srcptr lambda, long k,
                          mpq_ptr tmp)
{
    for (long r = 0; r < k; r++) {
        mpq_mul(tmp, lambda, cj + r);
        mpq_add(ci + r, ci + r, tmp);
        mpq_set_ui(cj + r, 0, 1);
    }
}

void rr_dg_fold_opposite(mpq_ptr ci, mpq_ptr cj, mpq_ptr A, mpq_srcptr ui,
                         mpq_srcptr mu, long n, long k, mpq_ptr tmp)
{
    mpq_t p;
    mpq_init(p);
    for (long r = 0; r < k; r++) {
        mpq_mul(tmp, mu, cj + r); /* mu c_j[r] */
        mpq_add(ci + r, ci + r, tmp);
        for (long s = 0; s < n; s++) {
            mpq_mul(p, tmp, ui + s);
            mpq_sub(A + r * n + s, A + r * n + s, p);
        }
        mpq_set_ui(cj + r, 0, 1);
    }
    mpq_clear(p);
}

void rr_dg_affine_range(mpq_ptr lo, mpq_ptr hi, mpq_srcptr w, mpq_srcptr b,
                        mpq_srcptr ylo, mpq_srcptr yhi, long n, mpq_ptr tmp)
{
    mpq_set(lo, b);
    mpq_set(hi, b);
    for (long j = 0; j < n; j++) {
        int s = mpq_sgn(w + j);
        if (!s)
            continue;
        mpq_mul(tmp, w + j, s > 0 ? ylo + j : yhi + j);
        mpq_add(lo, lo, tmp);
        mpq_mul(tmp, w + j, s > 0 ? yhi + j : ylo + j);
        mpq_add(hi, hi, tmp);
    }
}

int rr_dg_is_balanced(mpq_srcptr row, long n, mpq_srcptr col, long k,
                      mpq_ptr t1, mpq_ptr t2)
{
    mpq_t tmp;
    mpq_init(tmp);
    rr_dg_sqnorm(t1, row, n, tmp);
    rr_dg_sqnorm(t2, col, k, tmp);
    mpq_clear(tmp);
    return mpq_equal(t1, t2);
}

int rr_dg_pos_parallel_pair(mpq_srcptr U, long m, long n, mpq_ptr lambda,
                            mpq_ptr tmp)
{
    for (long i = 0; i < m; i++)
        for (long j = i + 1; j < m; j++)
            if (rr_dg_parallel(lambda, U + i * n, U + j * n, n, tmp) > 0)
                return 1;
    return 0;
}
