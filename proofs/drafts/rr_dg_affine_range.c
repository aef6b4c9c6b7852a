/* One term of S5: lo += w a1, hi += w a2 (a1, a2: the two corners' j-th
 * coordinates).  tmp is scratch. */
/*@ requires valid: \valid(lo) && \valid(hi) && \valid(tmp);
  @ requires valid_read: \valid_read(w) && \valid_read(a1) && \valid_read(a2);
  @ requires separated: \separated(lo, hi, tmp, \union(w, a1, a2));
  @ terminates \true;
  @ assigns *lo, *hi, *tmp;
  @ ensures lo: qv(*lo) == \old(qv(*lo)) + \old(qv(*w)) * \old(qv(*a1));
  @ ensures hi: qv(*hi) == \old(qv(*hi)) + \old(qv(*w)) * \old(qv(*a2));
  @*/
static void rr_dg_range_term(mpq_ptr lo, mpq_ptr hi, mpq_srcptr w,
                             mpq_srcptr a1, mpq_srcptr a2, mpq_ptr tmp)
{
    mpq_mul(tmp, w, a1);
    mpq_add(lo, lo, tmp);
    mpq_mul(tmp, w, a2);
    mpq_add(hi, hi, tmp);
}

void rr_dg_affine_range(mpq_ptr lo, mpq_ptr hi, mpq_srcptr w, mpq_srcptr b,
                        mpq_srcptr ylo, mpq_srcptr yhi, long n, mpq_ptr tmp)
{
    mpq_set(lo, b);
    mpq_set(hi, b);
    /* lo, hi: the partial sums at the two corners; sound_lo, sound_hi: the
     * same partial sums bound every point of the box (pure logic over the
     * Pre state: the induction over j that the postcondition `sound` needs). */
    /*@ loop invariant bounds: 0 <= j <= n;
      @ loop invariant lo: qv(*lo) ==
      @   \at(qv(*b), Pre) + Dot(QSeq{Pre}(w), QCorner{Pre}(w, ylo, yhi), 0, j);
      @ loop invariant hi: qv(*hi) ==
      @   \at(qv(*b), Pre) + Dot(QSeq{Pre}(w), QCorner{Pre}(w, yhi, ylo), 0, j);
      @ loop invariant sound_lo: \forall RSeq y; InBoxQ{Pre}(y, ylo, yhi, n) ==>
      @   Dot(QSeq{Pre}(w), QCorner{Pre}(w, ylo, yhi), 0, j) <= Dot(QSeq{Pre}(w), y, 0, j);
      @ loop invariant sound_hi: \forall RSeq y; InBoxQ{Pre}(y, ylo, yhi, n) ==>
      @   Dot(QSeq{Pre}(w), y, 0, j) <= Dot(QSeq{Pre}(w), QCorner{Pre}(w, yhi, ylo), 0, j);
      @ loop assigns j, *lo, *hi, *tmp;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++) {
        int s = mpq_sgn(w + j);
        /*@ assert w_j: \let j0 = j; qv(w[j0]) == At(QSeq{Pre}(w), j0); @*/
        if (s > 0) {
            /*@ assert c_lo: \let j0 = j;
              @   At(QCorner{Pre}(w, ylo, yhi), j0) == \at(qv(ylo[j0]), Pre); @*/
            /*@ assert c_hi: \let j0 = j;
              @   At(QCorner{Pre}(w, yhi, ylo), j0) == \at(qv(yhi[j0]), Pre); @*/
            rr_dg_range_term(lo, hi, w + j, ylo + j, yhi + j, tmp);
        } else if (s < 0) {
            /*@ assert c_lo: \let j0 = j;
              @   At(QCorner{Pre}(w, ylo, yhi), j0) == \at(qv(yhi[j0]), Pre); @*/
            /*@ assert c_hi: \let j0 = j;
              @   At(QCorner{Pre}(w, yhi, ylo), j0) == \at(qv(ylo[j0]), Pre); @*/
            rr_dg_range_term(lo, hi, w + j, yhi + j, ylo + j, tmp);
        }
    }
}

