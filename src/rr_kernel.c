/* rr_kernel.c -- see rr_kernel.h.  Loop annotations only; the contracts are
 * in the header. */
#include "rr_kernel.h"

void rr_kq_affine(mpq_ptr y, mpq_srcptr W, mpq_srcptr b, mpq_srcptr x,
                  long m, long n, mpq_ptr tmp)
{
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop invariant done: \forall integer k; 0 <= k < i ==>
      @   qv(y[k]) == Affine(QSeq{Pre}(W), QSeq{Pre}(b), QSeq{Pre}(x), n, k);
      @ loop assigns i, y[0 .. m-1], *tmp;
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++) {
        mpq_set_ui(y + i, 0, 1);
        /*@ loop invariant bounds: 0 <= j <= n;
          @ loop invariant row: qv(y[i]) == Dot(QSeq{Pre}(W), QSeq{Pre}(x), i*n, j);
          @ loop invariant done: \forall integer k; 0 <= k < i ==>
          @   qv(y[k]) == Affine(QSeq{Pre}(W), QSeq{Pre}(b), QSeq{Pre}(x), n, k);
          @ loop assigns j, y[i], *tmp;
          @ loop variant n - j;
          @*/
        for (long j = 0; j < n; j++) {
            //@ assert index: InMatrix(i, j, m, n);
            mpq_mul(tmp, W + (i * n + j), x + j);
            //@ assert term: qv(*tmp) == At(QSeq{Pre}(W), i*n + j) * At(QSeq{Pre}(x), j);
            mpq_add(y + i, y + i, tmp);
        }
        mpq_add(y + i, y + i, b + i);
    }
}

void rr_kq_relu(mpq_ptr y, long m)
{
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop invariant done: \forall integer k; 0 <= k < i ==>
      @   qv(y[k]) == Relu(\at(qv(y[k]), Pre));
      @ loop invariant todo: \forall integer k; i <= k < m ==>
      @   qv(y[k]) == \at(qv(y[k]), Pre);
      @ loop assigns i, y[0 .. m-1];
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++)
        if (mpq_sgn(y + i) < 0)
            mpq_set_ui(y + i, 0, 1);
}

/* [t1, t2] := [alo, ahi] * [blo, bhi] with outward rounding; t3 is scratch.
 * The four corner products bound the product of two intervals. */
/*@ requires valid: \valid(lo) && \valid(hi) && \valid(t);
  @ requires valid_read: \valid_read(alo) && \valid_read(ahi) &&
  @                      \valid_read(blo) && \valid_read(bhi);
  @ requires separated_out: \separated(lo, hi, t);
  @ requires separated_in: \separated(\union(lo, hi, t), \union(alo, ahi, blo, bhi));
  @ terminates \true;
  @ assigns *lo, *hi, *t;
  @ ensures lo: fv(*lo) <= MulLo(\old(fv(*alo)), \old(fv(*ahi)), \old(fv(*blo)), \old(fv(*bhi)));
  @ ensures hi: fv(*hi) >= MulHi(\old(fv(*alo)), \old(fv(*ahi)), \old(fv(*blo)), \old(fv(*bhi)));
  @ ensures enclosure: \forall real a, c;
  @   \old(fv(*alo)) <= a <= \old(fv(*ahi)) && \old(fv(*blo)) <= c <= \old(fv(*bhi)) ==>
  @     fv(*lo) <= a * c <= fv(*hi);
  @*/
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
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop invariant done: \forall RSeq w, b, x;
      @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(b, blo, bhi, m) &&
      @   InBox{Pre}(x, xlo, xhi, n) ==>
      @     \forall integer k; 0 <= k < i ==>
      @       fv(ylo[k]) <= Affine(w, b, x, n, k) <= fv(yhi[k]);
      @ loop assigns i, ylo[0 .. m-1], yhi[0 .. m-1], *t1, *t2, *t3;
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++) {
        mpfr_set(ylo + i, blo + i, MPFR_RNDD);
        mpfr_set(yhi + i, bhi + i, MPFR_RNDU);
        /*@ loop invariant bounds: 0 <= j <= n;
          @ loop invariant row: \forall RSeq w, b, x;
          @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(b, blo, bhi, m) &&
          @   InBox{Pre}(x, xlo, xhi, n) ==>
          @     fv(ylo[i]) <= At(b, i) + Dot(w, x, i*n, j) <= fv(yhi[i]);
          @ loop invariant done: \forall RSeq w, b, x;
          @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(b, blo, bhi, m) &&
          @   InBox{Pre}(x, xlo, xhi, n) ==>
          @     \forall integer k; 0 <= k < i ==>
          @       fv(ylo[k]) <= Affine(w, b, x, n, k) <= fv(yhi[k]);
          @ loop assigns j, ylo[i], yhi[i], *t1, *t2, *t3;
          @ loop variant n - j;
          @*/
        for (long j = 0; j < n; j++) {
            //@ assert index: InMatrix(i, j, m, n);
            interval_mul(t1, t2, Wlo + (i * n + j), Whi + (i * n + j),
                         xlo + j, xhi + j, t3);
            /*@ assert term: \forall RSeq w, x;
              @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(x, xlo, xhi, n) ==>
              @     fv(*t1) <= At(w, i*n + j) * At(x, j) <= fv(*t2);
              @*/
            mpfr_add(ylo + i, ylo + i, t1, MPFR_RNDD);
            mpfr_add(yhi + i, yhi + i, t2, MPFR_RNDU);
        }
    }
}

void rr_ki_relu(mpfr_ptr lo, mpfr_ptr hi, long m)
{
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop invariant done_lo: \forall integer k; 0 <= k < i ==>
      @   fv(lo[k]) == Relu(\at(fv(lo[k]), Pre));
      @ loop invariant done_hi: \forall integer k; 0 <= k < i ==>
      @   fv(hi[k]) == Relu(\at(fv(hi[k]), Pre));
      @ loop invariant todo: \forall integer k; i <= k < m ==>
      @   fv(lo[k]) == \at(fv(lo[k]), Pre) && fv(hi[k]) == \at(fv(hi[k]), Pre);
      @ loop assigns i, lo[0 .. m-1], hi[0 .. m-1];
      @ loop variant m - i;
      @*/
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
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop assigns i, y[0 .. m-1], *t;
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++) {
        mpfr_set_zero(y + i, 1);
        /*@ loop invariant bounds: 0 <= j <= n;
          @ loop assigns j, y[i], *t;
          @ loop variant n - j;
          @*/
        for (long j = 0; j < n; j++) {
            if (mpfr_zero_p(x + j))
                continue;
            //@ assert index: InMatrix(i, j, m, n);
            mpfr_mul(t, W + (i * n + j), x + j, MPFR_RNDN);
            mpfr_add(y + i, y + i, t, MPFR_RNDN);
        }
        mpfr_add(y + i, y + i, b + i, MPFR_RNDN);
    }
}

void rr_kf_relu(mpfr_ptr y, long m)
{
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop invariant done: \forall integer k; 0 <= k < i ==>
      @   fv(y[k]) == Relu(\at(fv(y[k]), Pre));
      @ loop invariant todo: \forall integer k; i <= k < m ==>
      @   fv(y[k]) == \at(fv(y[k]), Pre);
      @ loop assigns i, y[0 .. m-1];
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++)
        if (mpfr_sgn(y + i) < 0)
            mpfr_set_zero(y + i, 1);
}

void rr_kd_affine(double *y, const double *W, const double *b,
                  const double *x, long m, long n)
{
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop assigns i, y[0 .. m-1];
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++) {
        double s = 0.0;
        /*@ loop invariant bounds: 0 <= j <= n;
          @ loop assigns j, s;
          @ loop variant n - j;
          @*/
        for (long j = 0; j < n; j++) {
            //@ assert index: InMatrix(i, j, m, n);
            s += W[i * n + j] * x[j];
        }
        y[i] = s + b[i];
    }
}

void rr_kd_relu(double *y, long m)
{
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop invariant positive: \forall integer k; 0 <= k < i ==>
      @   \is_finite(\at(y[k], Pre)) && \at(y[k], Pre) > 0.0 ==> y[k] == \at(y[k], Pre);
      @ loop invariant nonpositive: \forall integer k; 0 <= k < i ==>
      @   \is_finite(\at(y[k], Pre)) && \at(y[k], Pre) <= 0.0 ==> y[k] == 0.0;
      @ loop invariant nan: \forall integer k; 0 <= k < i ==>
      @   \is_NaN(\at(y[k], Pre)) ==> \is_NaN(y[k]);
      @ loop invariant todo: \forall integer k; i <= k < m ==> y[k] == \at(y[k], Pre);
      @ loop assigns i, y[0 .. m-1];
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++)
        if (y[i] < 0.0 || y[i] == 0.0)
            y[i] = 0.0;
}
