/* rr_dgstep.c -- the core steps of the degeneracy analysis (see
 * rr_dgstep.h): a proof unit of `make proofs`.  Loop annotations and
 * proof hints only; the contracts are in the header. */
#include "rr_dgstep.h"

/* The C labels below (Cur:, Mid:, ...) name program points for the ACSL
 * annotations (\at(e, Cur)); the compiler sees no use of them. */
#if defined(__GNUC__) && !defined(__FRAMAC__)
#pragma GCC diagnostic ignored "-Wunused-label"
#endif

/* ---- core steps ---------------------------------------------------------- */

void rr_dg_sqnorm(mpq_ptr r, mpq_srcptr v, long n, mpq_ptr tmp)
{
    mpq_set_ui(r, 0, 1);
    /*@ loop invariant bounds: 0 <= j <= n;
      @ loop invariant sum: qv(*r) == SqNorm(QSeq{Pre}(v), j);
      @ loop assigns j, *r, *tmp;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++) {
        mpq_mul(tmp, v + j, v + j);
        //@ assert term: qv(*tmp) == At(QSeq{Pre}(v), j) * At(QSeq{Pre}(v), j);
        mpq_add(r, r, tmp);
    }
}

int rr_dg_is_zero(mpq_srcptr v, long n)
{
    /*@ loop invariant bounds: 0 <= j <= n;
      @ loop invariant zero: IsZeroQ(v, j);
      @ loop assigns j;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++)
        if (mpq_sgn(v + j))
            return 0;
    return 1;
}

long rr_dg_first_nonzero(mpq_srcptr v, long n)
{
    /*@ loop invariant bounds: 0 <= j <= n;
      @ loop invariant zero: IsZeroQ(v, j);
      @ loop assigns j;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++)
        if (mpq_sgn(v + j))
            return j;
    return -1;
}

int rr_dg_parallel(mpq_ptr lambda, mpq_srcptr u, mpq_srcptr v, long n,
                   mpq_ptr tmp)
{
    long f = rr_dg_first_nonzero(u, n);
    if (f < 0) {
        //@ assert u_zero: IsZeroQ{Pre}(u, n);
        return 0;
    }
    //@ assert u_f: qv(u[f]) != 0 && !IsZeroQ{Pre}(u, n);
    if (!mpq_sgn(v + f)) {
        //@ assert v_f: qv(v[f]) == 0;
        //@ assert factor_zero: \forall real l; ParallelBy{Pre}(u, v, n, l) ==> l == 0;
        return 0;
    }
    mpq_div(lambda, v + f, u + f);
Div:
    //@ assert div: \let f0 = f; qv(*lambda) * \at(qv(u[f0]), Pre) == \at(qv(v[f0]), Pre);
    //@ assert unique: \forall real l; ParallelBy{Pre}(u, v, n, l) ==> l == qv(*lambda);
    //@ assert nonzero: qv(*lambda) != 0;
    /*@ loop invariant bounds: 0 <= j <= n;
      @ loop invariant lambda: qv(*lambda) == \at(qv(*lambda), Div);
      @ loop invariant prefix: \forall integer i; 0 <= i < j ==>
      @   \at(qv(v[i]), Pre) == \at(qv(*lambda), Div) * \at(qv(u[i]), Pre);
      @ loop assigns j, *tmp;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++) {
        mpq_mul(tmp, lambda, u + j);
        //@ assert m: \let j0 = j; qv(*tmp) == qv(*lambda) * \at(qv(u[j0]), Pre);
        if (!mpq_equal(tmp, v + j)) {
            //@ assert ne: \let j0 = j; \at(qv(v[j0]), Pre) != qv(*lambda) * \at(qv(u[j0]), Pre);
            //@ assert not_par: !ParallelBy{Pre}(u, v, n, qv(*lambda));
            //@ assert none: \forall real l; !ParallelBy{Pre}(u, v, n, l);
            return 0;
        }
        //@ assert eq: \let j0 = j; \at(qv(v[j0]), Pre) == \at(qv(*lambda), Div) * \at(qv(u[j0]), Pre);
    }
    //@ assert par: ParallelBy{Pre}(u, v, n, qv(*lambda));
    //@ assert pos: qv(*lambda) > 0 ==> PosParallel{Pre}(u, v, n);
    //@ assert neg: qv(*lambda) < 0 ==> NegParallel{Pre}(u, v, n);
    return mpq_sgn(lambda);
}

void rr_dg_rescale(mpq_ptr row, long n, mpq_ptr col, long k, mpq_srcptr t)
{
    /*@ loop invariant bounds: 0 <= j <= n;
      @ loop invariant t: qv(*t) == \at(qv(*t), Pre);
      @ loop invariant col: \forall integer i; 0 <= i < k ==>
      @   qv(col[i]) == \at(qv(col[i]), Pre);
      @ loop invariant done: \forall integer i; 0 <= i < j ==>
      @   qv(row[i]) == \at(qv(*t), Pre) * \at(qv(row[i]), Pre);
      @ loop invariant todo: \forall integer i; j <= i < n ==>
      @   qv(row[i]) == \at(qv(row[i]), Pre);
      @ loop assigns j, row[0 .. n-1];
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++) {
        //@ assert before: \let j0 = j; qv(row[j0]) == \at(qv(row[j0]), Pre);
        mpq_mul(row + j, row + j, t);
        //@ assert step: \let j0 = j; qv(row[j0]) == \at(qv(*t), Pre) * \at(qv(row[j0]), Pre);
    }
Mid:
    /*@ loop invariant bounds: 0 <= r <= k;
      @ loop invariant t: qv(*t) == \at(qv(*t), Pre);
      @ loop invariant row: \forall integer i; 0 <= i < n ==>
      @   qv(row[i]) == \at(qv(row[i]), Mid);
      @ loop invariant done: \forall integer i; 0 <= i < r ==>
      @   qv(col[i]) * \at(qv(*t), Pre) == \at(qv(col[i]), Pre);
      @ loop invariant todo: \forall integer i; r <= i < k ==>
      @   qv(col[i]) == \at(qv(col[i]), Pre);
      @ loop assigns r, col[0 .. k-1];
      @ loop variant k - r;
      @*/
    for (long r = 0; r < k; r++) {
        //@ assert before: \let r0 = r; qv(col[r0]) == \at(qv(col[r0]), Pre);
    Cur:
        mpq_div(col + r, col + r, t);
        //@ assert step: \let r0 = r; qv(col[r0]) * \at(qv(*t), Pre) == \at(qv(col[r0]), Pre);
        //@ assert frame: \let r0 = r; \forall integer i; 0 <= i < r0 ==> qv(col[i]) == \at(qv(col[i]), Cur);
    }
    //@ assert row: \forall integer i; 0 <= i < n ==> qv(row[i]) == \at(qv(*t), Pre) * \at(qv(row[i]), Pre);
}

void rr_dg_merge_parallel(mpq_ptr ci, mpq_ptr cj, mpq_srcptr lambda, long k,
                          mpq_ptr tmp)
{
    /*@ loop invariant bounds: 0 <= r <= k;
      @ loop invariant lambda: qv(*lambda) == \at(qv(*lambda), Pre);
      @ loop invariant done_ci: \forall integer i; 0 <= i < r ==>
      @   qv(ci[i]) == AddMul(\at(qv(ci[i]), Pre), \at(qv(*lambda), Pre), \at(qv(cj[i]), Pre));
      @ loop invariant done_cj: \forall integer i; 0 <= i < r ==> qv(cj[i]) == 0;
      @ loop invariant todo_ci: \forall integer i; r <= i < k ==>
      @   qv(ci[i]) == \at(qv(ci[i]), Pre);
      @ loop invariant todo_cj: \forall integer i; r <= i < k ==>
      @   qv(cj[i]) == \at(qv(cj[i]), Pre);
      @ loop assigns r, ci[0 .. k-1], cj[0 .. k-1], *tmp;
      @ loop variant k - r;
      @*/
    for (long r = 0; r < k; r++) {
    Cur:
        mpq_mul(tmp, lambda, cj + r);
        //@ assert m: \let r0 = r; qv(*tmp) == \at(qv(*lambda), Pre) * \at(qv(cj[r0]), Pre);
        mpq_add(ci + r, ci + r, tmp);
        /*@ assert a: \let r0 = r; qv(ci[r0]) ==
          @   AddMul(\at(qv(ci[r0]), Pre), \at(qv(*lambda), Pre), \at(qv(cj[r0]), Pre));
          @*/
    Add:
        mpq_set_ui(cj + r, 0, 1);
        //@ assert s_cj: \let r0 = r; qv(cj[r0]) == 0;
        //@ assert s_ci: \let r0 = r; qv(ci[r0]) == \at(qv(ci[r0]), Add);
        /*@ assert frame_ci: \let r0 = r; \forall integer i; 0 <= i < k && i != r0 ==>
          @   qv(ci[i]) == \at(qv(ci[i]), Cur);
          @*/
        /*@ assert frame_cj: \let r0 = r; \forall integer i; 0 <= i < k && i != r0 ==>
          @   qv(cj[i]) == \at(qv(cj[i]), Cur);
          @*/
        //@ assert frame_lambda: qv(*lambda) == \at(qv(*lambda), Pre);
    }
}

/* One row of S4: row[s] := row[s] - mu c ui[s] for s < n (row = A + r n,
 * c = c_j[r]).  t, p are scratch. */
/*@ requires size: 0 <= n;
  @ requires valid: \valid(row + (0 .. n-1)) && \valid(t) && \valid(p);
  @ requires valid_read: \valid_read(ui + (0 .. n-1)) && \valid_read(mu) && \valid_read(c);
  @ requires separated: \separated(row + (0 .. n-1), t, p, \union(ui + (0 .. n-1), mu, c));
  @ terminates \true;
  @ assigns row[0 .. n-1], *t, *p;
  @ ensures row: \forall integer s; 0 <= s < n ==>
  @   qv(row[s]) == FoldA(\old(qv(row[s])), \old(qv(*mu)), \old(qv(*c)), \old(qv(ui[s])));
  @*/
static void rr_dg_fold_row(mpq_ptr row, mpq_srcptr ui, mpq_srcptr mu,
                           mpq_srcptr c, long n, mpq_ptr t, mpq_ptr p)
{
    mpq_mul(t, mu, c);
    /*@ loop invariant bounds: 0 <= s <= n;
      @ loop invariant t: qv(*t) == \at(qv(*mu), Pre) * \at(qv(*c), Pre);
      @ loop invariant done: \forall integer i; 0 <= i < s ==>
      @   qv(row[i]) == FoldA(\at(qv(row[i]), Pre), \at(qv(*mu), Pre), \at(qv(*c), Pre),
      @                       \at(qv(ui[i]), Pre));
      @ loop invariant todo: \forall integer i; s <= i < n ==>
      @   qv(row[i]) == \at(qv(row[i]), Pre);
      @ loop assigns s, row[0 .. n-1], *p;
      @ loop variant n - s;
      @*/
    for (long s = 0; s < n; s++) {
    Cur:
        mpq_mul(p, t, ui + s);
        mpq_sub(row + s, row + s, p);
        /*@ assert step: \let s0 = s; qv(row[s0]) ==
          @   FoldA(\at(qv(row[s0]), Pre), \at(qv(*mu), Pre), \at(qv(*c), Pre),
          @         \at(qv(ui[s0]), Pre));
          @*/
        /*@ assert frame: \let s0 = s; \forall integer i; 0 <= i < n && i != s0 ==>
          @   qv(row[i]) == \at(qv(row[i]), Cur);
          @*/
    }
}

void rr_dg_fold_opposite(mpq_ptr ci, mpq_ptr cj, mpq_ptr A, mpq_srcptr ui,
                         mpq_srcptr mu, long n, long k, mpq_ptr tmp)
{
    mpq_t p;
    mpq_init(p);
    long off = 0; /* r * n: row r is A[off .. off + n - 1] */
    /* A first (it needs the old c_j), row by row: rows r2 < r are folded,
     * rows r2 >= r untouched.  Cells are named Cell(r2, s, n) = r2 n + s
     * (spec/Degeneracy.acsl). */
    /*@ loop invariant bounds: 0 <= r <= k;
      @ loop invariant off: off == r * n;
      @ loop invariant mu: qv(*mu) == \at(qv(*mu), Pre);
      @ loop invariant ui: \forall integer s; 0 <= s < n ==> qv(ui[s]) == \at(qv(ui[s]), Pre);
      @ loop invariant ci: \forall integer i; 0 <= i < k ==> qv(ci[i]) == \at(qv(ci[i]), Pre);
      @ loop invariant cj: \forall integer i; 0 <= i < k ==> qv(cj[i]) == \at(qv(cj[i]), Pre);
      @ loop invariant done_A: \forall integer r2, s; InMatrix(r2, s, r, n) ==>
      @   qv(A[Cell(r2, s, n)]) == FoldA(\at(qv(A[Cell(r2, s, n)]), Pre), \at(qv(*mu), Pre),
      @                                  \at(qv(cj[r2]), Pre), \at(qv(ui[s]), Pre));
      @ loop invariant todo_A: \forall integer x; off <= x < k*n ==>
      @   qv(A[x]) == \at(qv(A[x]), Pre);
      @ loop assigns r, off, A[0 .. k*n-1], *tmp, p[0];
      @ loop variant k - r;
      @*/
    for (long r = 0; r < k; r++) {
        //@ assert row_r: RowFits(r, k, n);
    Cur:
        rr_dg_fold_row(A + off, ui, mu, cj + r, n, tmp, p);
        /*@ assert row: \let o = off; \let r0 = r; \forall integer s; 0 <= s < n ==>
          @   qv(A[o + s]) == FoldA(\at(qv(A[o + s]), Pre), \at(qv(*mu), Pre),
          @                         \at(qv(cj[r0]), Pre), \at(qv(ui[s]), Pre));
          @*/
        /*@ assert new_row: \let r0 = r; \forall integer s; 0 <= s < n ==>
          @   qv(A[Cell(r0, s, n)]) == FoldA(\at(qv(A[Cell(r0, s, n)]), Pre), \at(qv(*mu), Pre),
          @                                  \at(qv(cj[r0]), Pre), \at(qv(ui[s]), Pre));
          @*/
        /*@ assert old_rows: \let r0 = r; \forall integer r2, s; InMatrix(r2, s, r0, n) ==>
          @   qv(A[Cell(r2, s, n)]) == \at(qv(A[Cell(r2, s, n)]), Cur);
          @*/
        /*@ assert next_old: \let r0 = r; \forall integer r2, s; InMatrix(r2, s, r0 + 1, n) ==>
          @   r2 != r0 ==> InMatrix(r2, s, r0, n);
          @*/
        off += n;
    }
    mpq_clear(p);
Rows:
    /* c_i := c_i + mu c_j, c_j := 0: the S3 update (merge). */
    rr_dg_merge_parallel(ci, cj, mu, k, tmp);
    /*@ assert A: \forall integer r2, s; InMatrix(r2, s, k, n) ==>
      @   qv(A[Cell(r2, s, n)]) == \at(qv(A[Cell(r2, s, n)]), Rows);
      @*/
}

void rr_dg_affine_range(mpq_ptr lo, mpq_ptr hi, mpq_srcptr w, mpq_srcptr b,
                        mpq_srcptr ylo, mpq_srcptr yhi, long n, mpq_ptr tmp)
{
    mpq_set(lo, b);
    mpq_set(hi, b);
    /*@ loop invariant bounds: 0 <= j <= n;
      @ loop invariant lo: qv(*lo) ==
      @   \at(qv(*b), Pre) + Dot(QSeq{Pre}(w), QCorner{Pre}(w, ylo, yhi), 0, j);
      @ loop invariant hi: qv(*hi) ==
      @   \at(qv(*b), Pre) + Dot(QSeq{Pre}(w), QCorner{Pre}(w, yhi, ylo), 0, j);
      @ loop invariant sound: \forall RSeq y; InBoxQ{Pre}(y, ylo, yhi, n) ==>
      @   qv(*lo) <= \at(qv(*b), Pre) + Dot(QSeq{Pre}(w), y, 0, j) <= qv(*hi);
      @ loop assigns j, *lo, *hi, *tmp;
      @ loop variant n - j;
      @*/
    for (long j = 0; j < n; j++) {
        int s = mpq_sgn(w + j);
        /*@ assert w_j: \let j0 = j; qv(w[j0]) == At(QSeq{Pre}(w), j0) &&
          @   At(QCorner{Pre}(w, ylo, yhi), j0) ==
          @     (qv(w[j0]) > 0 ? \at(qv(ylo[j0]), Pre) : \at(qv(yhi[j0]), Pre)) &&
          @   At(QCorner{Pre}(w, yhi, ylo), j0) ==
          @     (qv(w[j0]) > 0 ? \at(qv(yhi[j0]), Pre) : \at(qv(ylo[j0]), Pre));
          @*/
        if (!s)
            continue;
        mpq_srcptr a1 = s > 0 ? ylo + j : yhi + j;  /* the corner of lo */
        mpq_srcptr a2 = s > 0 ? yhi + j : ylo + j;  /* the corner of hi */
        //@ assert a1: \let j0 = j; qv(*a1) == At(QCorner{Pre}(w, ylo, yhi), j0);
        //@ assert a2: \let j0 = j; qv(*a2) == At(QCorner{Pre}(w, yhi, ylo), j0);
    Cur:
        mpq_mul(tmp, w + j, a1);
        /*@ assert t_lo: \let j0 = j;
          @   qv(*tmp) == At(QSeq{Pre}(w), j0) * At(QCorner{Pre}(w, ylo, yhi), j0);
          @*/
        mpq_add(lo, lo, tmp);
        //@ assert hi_kept: qv(*hi) == \at(qv(*hi), Cur);
    Mid:
        mpq_mul(tmp, w + j, a2);
        /*@ assert t_hi: \let j0 = j;
          @   qv(*tmp) == At(QSeq{Pre}(w), j0) * At(QCorner{Pre}(w, yhi, ylo), j0);
          @*/
        mpq_add(hi, hi, tmp);
        //@ assert lo_kept: qv(*lo) == \at(qv(*lo), Mid);
    }
}

int rr_dg_is_balanced(mpq_srcptr row, long n, mpq_srcptr col, long k,
                      mpq_ptr t1, mpq_ptr t2)
{
    rr_dg_sqnorm(t1, row, n, t2); /* t2 is scratch here */
    mpq_t tmp;
    mpq_init(tmp);
    /* The squared norm of col at this state is the one at Pre: t1, t2 and
     * tmp are not col.  Proved one entry at a time (SqNorm unfolds once per
     * step), since SqNorm of two different states are different terms. */
    /*@ ghost
      @ /@ loop invariant bounds: 0 <= p <= k;
      @    loop invariant same: SqNorm(QSeq{Pre}(col), p) == SqNorm(QSeq{Here}(col), p);
      @    loop assigns p;
      @    loop variant k - p;
      @ @/
      @ for (long p = 0; p < k; p++) {
      @   /@ assert entry: \let p0 = p; qv(col[p0]) == \at(qv(col[p0]), Pre); @/
      @ }
      @*/
    rr_dg_sqnorm(t2, col, k, tmp);
    mpq_clear(tmp);
    return mpq_equal(t1, t2) != 0;
}

int rr_dg_pos_parallel_pair(mpq_srcptr U, long m, long n, mpq_ptr lambda,
                            mpq_ptr tmp)
{
    /*@ loop invariant bounds: 0 <= i <= m;
      @ loop invariant U: \forall integer x; 0 <= x < m*n ==> qv(U[x]) == \at(qv(U[x]), Pre);
      @ loop invariant none: \forall integer i2, j2; 0 <= i2 < i && i2 < j2 < m ==>
      @   !PosParallel{Pre}(U + i2*n, U + j2*n, n);
      @ loop assigns i, *lambda, *tmp;
      @ loop variant m - i;
      @*/
    for (long i = 0; i < m; i++) {
        //@ assert row_i: RowFits(i, m, n);
        /*@ loop invariant bounds: i + 1 <= j <= m;
          @ loop invariant U: \forall integer x; 0 <= x < m*n ==> qv(U[x]) == \at(qv(U[x]), Pre);
          @ loop invariant none: \forall integer i2, j2; 0 <= i2 < i && i2 < j2 < m ==>
          @   !PosParallel{Pre}(U + i2*n, U + j2*n, n);
          @ loop invariant none_i: \forall integer j2; i < j2 < j ==>
          @   !PosParallel{Pre}(U + i*n, U + j2*n, n);
          @ loop assigns j, *lambda, *tmp;
          @ loop variant m - j;
          @*/
        for (long j = i + 1; j < m; j++) {
            //@ assert row_j: RowFits(j, m, n);
            /*@ assert rows: \let i0 = i; \let j0 = j; \forall integer s; 0 <= s < n ==>
              @   qv(U[i0*n + s]) == \at(qv(U[i0*n + s]), Pre) &&
              @   qv(U[j0*n + s]) == \at(qv(U[j0*n + s]), Pre);
              @*/
            /*@ assert zero: \let i0 = i;
              @   IsZeroQ(U + i0*n, n) <==> IsZeroQ{Pre}(U + i0*n, n);
              @*/
            /*@ assert par: \let i0 = i; \let j0 = j; \forall real l;
              @   ParallelBy(U + i0*n, U + j0*n, n, l) <==> ParallelBy{Pre}(U + i0*n, U + j0*n, n, l);
              @*/
            /*@ assert pos: \let i0 = i; \let j0 = j;
              @   PosParallel(U + i0*n, U + j0*n, n) <==> PosParallel{Pre}(U + i0*n, U + j0*n, n);
              @*/
            if (rr_dg_parallel(lambda, U + i * n, U + j * n, n, tmp) > 0)
                return 1;
        }
    }
    return 0;
}
