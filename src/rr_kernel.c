/* rr_kernel.c -- see rr_kernel.h.  Loop annotations only; the contracts are
 * in the header. */
#include "rr_kernel.h"

void rr_kq_affine(mpq_ptr y, mpq_srcptr W, mpq_srcptr b, mpq_srcptr x,
                  long m, long n, mpq_ptr tmp)
{
    for (long i = 0; i < m; i++) {
        mpq_set_ui(y + i, 0, 1);
        for (long j = 0; j < n; j++) {
            mpq_mul(tmp, W + (i * n + j), x + j);
            mpq_add(y + i, y + i, tmp);
        }
        mpq_add(y + i, y + i, b + i);
    }
}

void rr_kq_relu(mpq_ptr y, long m)
{
    for (long i = 0; i < m; i++)
        if (mpq_sgn(y + i) < 0)
            mpq_set_ui(y + i, 0, 1);
}

/* [t1, t2] := [alo, ahi] * [blo, bhi] with outward rounding; t3 is scratch.
 * The four corner products bound the product of two intervals. */
static void interval_mul(mpfr_ptr lo, mpfr_ptr hi,
                         mpfr_srcptr alo, mpfr_srcptr ahi,
                         mpfr_srcptr blo, mpfr_srcptr bhi, mpfr_ptr t)
{
    mpfr_mul(lo, alo, blo, MPFR_RNDD);
    mpfr_mul(t, alo, bhi, MPFR_RNDD);
    mpfr_min(lo, lo, t, MPFR_RNDD);
    mpfr_mul(t, ahi, blo, MPFR_RNDD);
    mpfr_min(lo, lo, t, MPFR_RNDD);
    mpfr_mul(t, ahi, bhi, MPFR_RNDD);
    mpfr_min(lo, lo, t, MPFR_RNDD);

    mpfr_mul(hi, alo, blo, MPFR_RNDU);
    mpfr_mul(t, alo, bhi, MPFR_RNDU);
    mpfr_max(hi, hi, t, MPFR_RNDU);
    mpfr_mul(t, ahi, blo, MPFR_RNDU);
    mpfr_max(hi, hi, t, MPFR_RNDU);
    mpfr_mul(t, ahi, bhi, MPFR_RNDU);
    mpfr_max(hi, hi, t, MPFR_RNDU);
}

void rr_ki_affine(mpfr_ptr ylo, mpfr_ptr yhi,
                  mpfr_srcptr Wlo, mpfr_srcptr Whi,
                  mpfr_srcptr blo, mpfr_srcptr bhi,
                  mpfr_srcptr xlo, mpfr_srcptr xhi,
                  long m, long n, mpfr_ptr t1, mpfr_ptr t2, mpfr_ptr t3)
{
    for (long i = 0; i < m; i++) {
        mpfr_set(ylo + i, blo + i, MPFR_RNDD);
        mpfr_set(yhi + i, bhi + i, MPFR_RNDU);
        for (long j = 0; j < n; j++) {
            interval_mul(t1, t2, Wlo + (i * n + j), Whi + (i * n + j),
                         xlo + j, xhi + j, t3);
            mpfr_add(ylo + i, ylo + i, t1, MPFR_RNDD);
            mpfr_add(yhi + i, yhi + i, t2, MPFR_RNDU);
        }
    }
}

void rr_ki_relu(mpfr_ptr lo, mpfr_ptr hi, long m)
{
    for (long i = 0; i < m; i++) {
        if (mpfr_sgn(lo + i) < 0)
            mpfr_set_zero(lo + i, 1);
        if (mpfr_sgn(hi + i) < 0)
            mpfr_set_zero(hi + i, 1);
    }
}

void rr_kf_affine(mpfr_ptr y, mpfr_srcptr W, mpfr_srcptr b, mpfr_srcptr x,
                  long m, long n, mpfr_ptr t)
{
    for (long i = 0; i < m; i++) {
        mpfr_set_zero(y + i, 1);
        for (long j = 0; j < n; j++) {
            if (mpfr_zero_p(x + j))
                continue;
            mpfr_mul(t, W + (i * n + j), x + j, MPFR_RNDN);
            mpfr_add(y + i, y + i, t, MPFR_RNDN);
        }
        mpfr_add(y + i, y + i, b + i, MPFR_RNDN);
    }
}

void rr_kf_relu(mpfr_ptr y, long m)
{
    for (long i = 0; i < m; i++)
        if (mpfr_sgn(y + i) < 0)
            mpfr_set_zero(y + i, 1);
}

void rr_kd_affine(double *y, const double *W, const double *b,
                  const double *x, long m, long n)
{
    for (long i = 0; i < m; i++) {
        double s = 0.0;
        for (long j = 0; j < n; j++)
            s += W[i * n + j] * x[j];
        y[i] = s + b[i];
    }
}

void rr_kd_relu(double *y, long m)
{
    for (long i = 0; i < m; i++)
        if (y[i] < 0.0 || y[i] == 0.0)
            y[i] = 0.0;
}
