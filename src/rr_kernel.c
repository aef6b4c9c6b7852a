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

/*@ predicate Inputs4{L1, L2}(mpfr_srcptr alo, mpfr_srcptr ahi,
  @                           mpfr_srcptr blo, mpfr_srcptr bhi) =
  @   \at(fv(*alo), L1) == \at(fv(*alo), L2) && \at(fv(*ahi), L1) == \at(fv(*ahi), L2) &&
  @   \at(fv(*blo), L1) == \at(fv(*blo), L2) && \at(fv(*bhi), L1) == \at(fv(*bhi), L2);
  @*/

/* r := a lower bound of [alo, ahi] * [blo, bhi]: the least of the four
 * corner products, each rounded toward -inf; t is scratch.  (The two ends are
 * separate functions so that each proof obligation stays small.) */
/*@ requires valid: \valid(r) && \valid(t);
  @ requires valid_read: \valid_read(alo) && \valid_read(ahi) &&
  @                      \valid_read(blo) && \valid_read(bhi);
  @ requires separated_out: \separated(r, t);
  @ requires separated_in: \separated(\union(r, t), \union(alo, ahi, blo, bhi));
  @ terminates \true;
  @ assigns *r, *t;
  @ ensures lo: fv(*r) <= MulLo(\old(fv(*alo)), \old(fv(*ahi)), \old(fv(*blo)), \old(fv(*bhi)));
  @*/
static void interval_mul_lo(mpfr_ptr r, mpfr_srcptr alo, mpfr_srcptr ahi,
                            mpfr_srcptr blo, mpfr_srcptr bhi, mpfr_ptr t)
{
    mpfr_mul(r, alo, blo, MPFR_RNDD);
    //@ assert lo1_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert lo1_r: fv(*r) <= \at(fv(*alo), Pre) * \at(fv(*blo), Pre);
    mpfr_mul(t, alo, bhi, MPFR_RNDD);
    //@ assert lo2_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert lo2_r: fv(*r) <= \at(fv(*alo), Pre) * \at(fv(*blo), Pre);
    //@ assert lo2_t: fv(*t) <= \at(fv(*alo), Pre) * \at(fv(*bhi), Pre);
    mpfr_min(r, r, t, MPFR_RNDD);
    //@ assert lo3_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert lo3_r: fv(*r) <= Min2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre));
    mpfr_mul(t, ahi, blo, MPFR_RNDD);
    //@ assert lo4_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert lo4_r: fv(*r) <= Min2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre));
    //@ assert lo4_t: fv(*t) <= \at(fv(*ahi), Pre) * \at(fv(*blo), Pre);
    mpfr_min(r, r, t, MPFR_RNDD);
    //@ assert lo5_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert lo5_r: fv(*r) <= Min2(Min2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre)), \at(fv(*ahi), Pre) * \at(fv(*blo), Pre));
    mpfr_mul(t, ahi, bhi, MPFR_RNDD);
    //@ assert lo6_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert lo6_r: fv(*r) <= Min2(Min2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre)), \at(fv(*ahi), Pre) * \at(fv(*blo), Pre));
    //@ assert lo6_t: fv(*t) <= \at(fv(*ahi), Pre) * \at(fv(*bhi), Pre);
    mpfr_min(r, r, t, MPFR_RNDD);
    //@ assert lo7_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert lo7_r: fv(*r) <= Min2(Min2(Min2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre)), \at(fv(*ahi), Pre) * \at(fv(*blo), Pre)), \at(fv(*ahi), Pre) * \at(fv(*bhi), Pre));
}

/* r := an upper bound of [alo, ahi] * [blo, bhi] (corners rounded toward
 * +inf); t is scratch. */
/*@ requires valid: \valid(r) && \valid(t);
  @ requires valid_read: \valid_read(alo) && \valid_read(ahi) &&
  @                      \valid_read(blo) && \valid_read(bhi);
  @ requires separated_out: \separated(r, t);
  @ requires separated_in: \separated(\union(r, t), \union(alo, ahi, blo, bhi));
  @ terminates \true;
  @ assigns *r, *t;
  @ ensures hi: fv(*r) >= MulHi(\old(fv(*alo)), \old(fv(*ahi)), \old(fv(*blo)), \old(fv(*bhi)));
  @*/
static void interval_mul_hi(mpfr_ptr r, mpfr_srcptr alo, mpfr_srcptr ahi,
                            mpfr_srcptr blo, mpfr_srcptr bhi, mpfr_ptr t)
{
    mpfr_mul(r, alo, blo, MPFR_RNDU);
    //@ assert hi1_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert hi1_r: fv(*r) >= \at(fv(*alo), Pre) * \at(fv(*blo), Pre);
    mpfr_mul(t, alo, bhi, MPFR_RNDU);
    //@ assert hi2_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert hi2_r: fv(*r) >= \at(fv(*alo), Pre) * \at(fv(*blo), Pre);
    //@ assert hi2_t: fv(*t) >= \at(fv(*alo), Pre) * \at(fv(*bhi), Pre);
    mpfr_max(r, r, t, MPFR_RNDU);
    //@ assert hi3_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert hi3_r: fv(*r) >= Max2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre));
    mpfr_mul(t, ahi, blo, MPFR_RNDU);
    //@ assert hi4_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert hi4_r: fv(*r) >= Max2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre));
    //@ assert hi4_t: fv(*t) >= \at(fv(*ahi), Pre) * \at(fv(*blo), Pre);
    mpfr_max(r, r, t, MPFR_RNDU);
    //@ assert hi5_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert hi5_r: fv(*r) >= Max2(Max2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre)), \at(fv(*ahi), Pre) * \at(fv(*blo), Pre));
    mpfr_mul(t, ahi, bhi, MPFR_RNDU);
    //@ assert hi6_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert hi6_r: fv(*r) >= Max2(Max2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre)), \at(fv(*ahi), Pre) * \at(fv(*blo), Pre));
    //@ assert hi6_t: fv(*t) >= \at(fv(*ahi), Pre) * \at(fv(*bhi), Pre);
    mpfr_max(r, r, t, MPFR_RNDU);
    //@ assert hi7_in: Inputs4{Pre,Here}(alo, ahi, blo, bhi);
    //@ assert hi7_r: fv(*r) >= Max2(Max2(Max2(\at(fv(*alo), Pre) * \at(fv(*blo), Pre), \at(fv(*alo), Pre) * \at(fv(*bhi), Pre)), \at(fv(*ahi), Pre) * \at(fv(*blo), Pre)), \at(fv(*ahi), Pre) * \at(fv(*bhi), Pre));
}

void rr_ki_affine(mpfr_ptr ylo, mpfr_ptr yhi,
                  mpfr_srcptr Wlo, mpfr_srcptr Whi,
                  mpfr_srcptr blo, mpfr_srcptr bhi,
                  mpfr_srcptr xlo, mpfr_srcptr xhi,
                  long m, long n, mpfr_ptr t1, mpfr_ptr t2, mpfr_ptr t3)
{
    /* The invariants quantify over sequences only (At terms give the provers
     * their triggers) and read the interval ends at Pre; each frame fact is a
     * separate assertion so that every obligation stays small. */
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
          @ loop invariant row_lo: \forall RSeq w, x;
          @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(x, xlo, xhi, n) ==>
          @     fv(ylo[i]) <= At(FSeq{Pre}(blo), i) + Dot(w, x, i*n, j);
          @ loop invariant row_hi: \forall RSeq w, x;
          @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(x, xlo, xhi, n) ==>
          @     fv(yhi[i]) >= At(FSeq{Pre}(bhi), i) + Dot(w, x, i*n, j);
          @ loop invariant done_ki: \forall RSeq w, b, x;
          @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(b, blo, bhi, m) &&
          @   InBox{Pre}(x, xlo, xhi, n) ==>
          @     \forall integer k; 0 <= k < i ==>
          @       fv(ylo[k]) <= Affine(w, b, x, n, k) <= fv(yhi[k]);
          @ loop assigns j, ylo[i], yhi[i], *t1, *t2, *t3;
          @ loop variant n - j;
          @*/
        for (long j = 0; j < n; j++) {
            //@ assert index: InMatrix(i, j, m, n);
            //@ assert frame_wlo: \let k = i*n + j; fv(Wlo[k]) == \at(fv(Wlo[k]), Pre);
            //@ assert frame_whi: \let k = i*n + j; fv(Whi[k]) == \at(fv(Whi[k]), Pre);
            //@ assert frame_xlo: \let k = j; fv(xlo[k]) == \at(fv(xlo[k]), Pre);
            //@ assert frame_xhi: \let k = j; fv(xhi[k]) == \at(fv(xhi[k]), Pre);
            interval_mul_lo(t1, Wlo + (i * n + j), Whi + (i * n + j),
                            xlo + j, xhi + j, t3);
            interval_mul_hi(t2, Wlo + (i * n + j), Whi + (i * n + j),
                            xlo + j, xhi + j, t3);
            /*@ assert corners: \let k = i*n + j; \let jj = j;
              @   fv(*t1) <= MulLo(\at(fv(Wlo[k]), Pre), \at(fv(Whi[k]), Pre),
              @                    \at(fv(xlo[jj]), Pre), \at(fv(xhi[jj]), Pre)) &&
              @   fv(*t2) >= MulHi(\at(fv(Wlo[k]), Pre), \at(fv(Whi[k]), Pre),
              @                    \at(fv(xlo[jj]), Pre), \at(fv(xhi[jj]), Pre));
              @*/
            /*@ assert in_w: \forall RSeq w; InBox{Pre}(w, Wlo, Whi, m*n) ==>
              @   \let k = i*n + j;
              @   \at(fv(Wlo[k]), Pre) <= At(w, k) <= \at(fv(Whi[k]), Pre);
              @*/
            /*@ assert in_x: \forall RSeq x; InBox{Pre}(x, xlo, xhi, n) ==>
              @   \let k = j; \at(fv(xlo[k]), Pre) <= At(x, k) <= \at(fv(xhi[k]), Pre);
              @*/
            /*@ assert term: \forall RSeq w, x;
              @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(x, xlo, xhi, n) ==>
              @     fv(*t1) <= At(w, i*n + j) * At(x, j) <= fv(*t2);
              @*/
            mpfr_add(ylo + i, ylo + i, t1, MPFR_RNDD);
            /*@ assert step_lo: \forall RSeq w, x;
              @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(x, xlo, xhi, n) ==>
              @     fv(ylo[i]) <= At(FSeq{Pre}(blo), i) + Dot(w, x, i*n, j) +
              @                   At(w, i*n + j) * At(x, j);
              @*/
            mpfr_add(yhi + i, yhi + i, t2, MPFR_RNDU);
            /*@ assert step_hi: \forall RSeq w, x;
              @   InBox{Pre}(w, Wlo, Whi, m*n) && InBox{Pre}(x, xlo, xhi, n) ==>
              @     fv(yhi[i]) >= At(FSeq{Pre}(bhi), i) + Dot(w, x, i*n, j) +
              @                   At(w, i*n + j) * At(x, j);
              @*/
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
      @   \gt_double(\at(y[k], Pre), (double)0.0) ==> y[k] == \at(y[k], Pre);
      @ loop invariant nonpositive: \forall integer k; 0 <= k < i ==>
      @   \le_double(\at(y[k], Pre), (double)0.0) ==> \eq_double(y[k], (double)0.0);
      @ loop invariant nan: \forall integer k; 0 <= k < i ==>
      @   \is_NaN(\at(y[k], Pre)) ==> \is_NaN(y[k]);
      @ loop assigns i, y[0 .. (i <= m ? i : m) - 1];
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++)
        if (y[i] < 0.0 || y[i] == 0.0)
            y[i] = 0.0;
}
