/* rr_norm_shallow.c -- exact norms of a shallow network N = (d, m, k) on a
 * box, from the vertices of its hyperplane arrangement (spec/norms.md,
 * "Exact: shallow networks").
 *
 * Normal form (exact, MATH.md S3-S5): each neuron's row (a_i, b_i) is a
 * positive multiple mu_i of a primitive integer vector sigma_i (N_g, B_g)
 * (first nonzero entry of N_g positive, sigma_i = +-1); neurons with the
 * same hyperplane form a group g, and
 *   f_j(x) = ( sum_g P_jg rho(z_g) + Q_jg rho(-z_g) + L_j . x + K_j ) / D,
 *   z_g = N_g . x + B_g,
 * with integers P, Q, L, K and D > 0; a group with P_jg + Q_jg = 0 for
 * every j is linear (rho(z) - rho(-z) = z) and folded into L, K; a neuron
 * with a_i = 0 is a constant.
 *
 * Every cell of the arrangement of the hyperplanes z_g = 0 inside the box
 * (a polytope with nonempty interior) has a vertex, and a vertex is a
 * point of the closed box where d constraints with linearly independent
 * normals (hyperplanes and box faces) are tight.  So: every d-subset of the
 * constraints meeting the closed box is solved exactly; at each solution
 * in the box, f is evaluated (L^inf is attained at a vertex), and the cells
 * having the vertex as a corner are listed: in general position (exactly d
 * constraints tight there) they are all 2^t sign choices of the t tight
 * hyperplanes (their normals and the tight faces' form a basis); otherwise
 * (more tight constraints) the full-dimensional cones of the local central
 * arrangement inside the tangent cone of the box are enumerated with exact
 * LPs (rr_regions_enumerate on a local network).  A gradient witness is a
 * point strictly inside its cell, moved off the hyperplanes of the folded
 * groups (no cell boundaries, but kinks of their neurons) when it lies on
 * one (off_folded).  Every function here is not yet proved. */
#include "rr_norm_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct shallow {
    long d, k, G;
    mpz_ptr N;      /* G * d */
    mpz_ptr B;      /* G */
    mpz_ptr P, Q;   /* k * G */
    mpz_ptr L;      /* k * d */
    mpz_ptr K;      /* k */
    mpz_t D;
    /* folded (linear or zero) groups: their hyperplanes are not cell
     * boundaries, but a gradient witness must avoid them too (no hidden
     * pre-activation may vanish there) */
    long GA;
    mpz_ptr AN, AB; /* GA * d, GA */
    mpq_srcptr lo, hi;
    long nc;        /* constraints that meet the closed box */
    long *cons;     /* >= 0: group; < 0: face -1 - (2 i + (0 lo, 1 hi)) */
    /* scratch */
    mpq_ptr M;      /* d * (d + 1) */
    mpz_ptr Mz;     /* d * (d + 1): integer rows for the vertex solves */
    mpz_t piv, u;
    mpq_ptr x, h, g, wit, dir; /* d each */
    mpz_ptr V, Z, F, base, gr; /* d, G, k, k * d, d */
    mpz_t w, t, nrm;
    mpq_t q, q2;
    int *side;      /* G */
    long *tight;    /* G */
    long nt;
    int *face;      /* d: 0 none, 1 lo, 2 hi */
    long nf;
    /* best gradient norm numerator per component (over D or D^2) */
    mpz_ptr best;
    int *has_best;
    rr_nval_t nv;
    /* degenerate vertices already handled: keys */
    char **seen;
    long nseen, capseen;
    rr_norm_result_t *res;
    rr_gradnorm gk;
    long cells, vertices, lps;
} shallow;

static mpz_ptr zvec(long n)
{
    mpz_ptr v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (v)
        for (long i = 0; i < n; i++)
            mpz_init(v + i);
    return v;
}

static void zvec_free(mpz_ptr v, long n)
{
    if (!v)
        return;
    for (long i = 0; i < n; i++)
        mpz_clear(v + i);
    free(v);
}

/* ---- normal form -------------------------------------------------------- */

typedef struct nf_build {
    long d, k, m;
    mpz_ptr N, B;     /* m * d, m: candidate groups */
    mpq_ptr P, Q;     /* k * m */
    mpq_ptr L, K;     /* k * d, k */
    long G;
} nf_build;

/* Build the normal form of the network's neurons (rationals).  Not yet
 * proved. */
static int nf_make(nf_build *b, const rr_net_t *net)
{
    long d = net->width[0], m = net->width[1], k = net->width[2];
    b->d = d;
    b->k = k;
    b->m = m;
    b->G = 0;
    b->N = zvec(m * d);
    b->B = zvec(m);
    b->P = rr_qvec_new(k * m);
    b->Q = rr_qvec_new(k * m);
    b->L = rr_qvec_new(k * d);
    b->K = rr_qvec_new(k);
    mpz_ptr row = zvec(d + 1);
    mpz_t s, p;
    mpq_t mu, t;
    mpz_init(s);
    mpz_init(p);
    mpq_init(mu);
    mpq_init(t);
    if (!b->N || !b->B || !b->P || !b->Q || !b->L || !b->K || !row)
        goto fail;
    for (long j = 0; j < k; j++)
        mpq_set(b->K + j, rr_net_bias(net, 1, j));
    for (long i = 0; i < m; i++) {
        /* s = lcm of the denominators; row = s (a_i, b_i) */
        mpz_set_ui(s, 1);
        for (long c = 0; c <= d; c++) {
            mpq_srcptr v = c < d ? rr_net_weight(net, 0, i, c)
                                 : rr_net_bias(net, 0, i);
            mpz_lcm(s, s, mpq_denref(v));
        }
        int nz = 0;
        mpz_set_ui(p, 0);
        for (long c = 0; c <= d; c++) {
            mpq_srcptr v = c < d ? rr_net_weight(net, 0, i, c)
                                 : rr_net_bias(net, 0, i);
            mpz_divexact(row + c, s, mpq_denref(v));
            mpz_mul(row + c, row + c, mpq_numref(v));
            mpz_gcd(p, p, row + c);
            if (c < d && mpz_sgn(row + c))
                nz = 1;
        }
        if (!nz) { /* constant neuron: c_ji rho(b_i) */
            mpq_srcptr bi = rr_net_bias(net, 0, i);
            if (mpq_sgn(bi) > 0)
                for (long j = 0; j < k; j++) {
                    mpq_mul(t, rr_net_weight(net, 1, j, i), bi);
                    mpq_add(b->K + j, b->K + j, t);
                }
            continue;
        }
        int sigma = 0;
        for (long c = 0; c < d && !sigma; c++)
            sigma = mpz_sgn(row + c);
        for (long c = 0; c <= d; c++) {
            mpz_divexact(row + c, row + c, p);
            if (sigma < 0)
                mpz_neg(row + c, row + c);
        }
        mpq_set_num(mu, p);
        mpq_set_den(mu, s);
        mpq_canonicalize(mu);
        long g;
        for (g = 0; g < b->G; g++) {
            int eq = !mpz_cmp(b->B + g, row + d);
            for (long c = 0; c < d && eq; c++)
                eq = !mpz_cmp(b->N + (g * d + c), row + c);
            if (eq)
                break;
        }
        if (g == b->G) {
            for (long c = 0; c < d; c++)
                mpz_set(b->N + (g * d + c), row + c);
            mpz_set(b->B + g, row + d);
            b->G++;
        }
        for (long j = 0; j < k; j++) {
            mpq_mul(t, rr_net_weight(net, 1, j, i), mu);
            mpq_ptr dst = (sigma > 0 ? b->P : b->Q) + (j * m + g);
            mpq_add(dst, dst, t);
        }
    }
    zvec_free(row, d + 1);
    mpz_clear(s);
    mpz_clear(p);
    mpq_clear(mu);
    mpq_clear(t);
    return 0;
fail:
    zvec_free(row, d + 1);
    mpz_clear(s);
    mpz_clear(p);
    mpq_clear(mu);
    mpq_clear(t);
    return -1;
}

static void nf_free(nf_build *b)
{
    zvec_free(b->N, b->m * b->d);
    zvec_free(b->B, b->m);
    rr_qvec_free(b->P, b->k * b->m);
    rr_qvec_free(b->Q, b->k * b->m);
    rr_qvec_free(b->L, b->k * b->d);
    rr_qvec_free(b->K, b->k);
}

/* 1 if the hyperplane N.x + B = 0 meets the closed box.  Not yet proved. */
static int meets_box(mpz_srcptr N, mpz_srcptr B, long d, mpq_srcptr lo,
                     mpq_srcptr hi)
{
    mpq_t mn, mx, t, nq;
    mpq_init(mn);
    mpq_init(mx);
    mpq_init(t);
    mpq_init(nq);
    mpq_set_z(mn, B);
    mpq_set_z(mx, B);
    for (long c = 0; c < d; c++) {
        mpq_set_z(nq, N + c);
        int sg = mpq_sgn(nq);
        mpq_mul(t, nq, sg > 0 ? lo + c : hi + c);
        mpq_add(mn, mn, t);
        mpq_mul(t, nq, sg > 0 ? hi + c : lo + c);
        mpq_add(mx, mx, t);
    }
    int r = mpq_sgn(mn) <= 0 && mpq_sgn(mx) >= 0;
    mpq_clear(mn);
    mpq_clear(mx);
    mpq_clear(t);
    mpq_clear(nq);
    return r;
}

static double binom(double n, long r)
{
    double c = 1;
    for (long i = 0; i < r; i++)
        c = c * (n - (double)i) / (double)(i + 1);
    return c;
}

double rr_norm_shallow_cost(const rr_net_t *net, mpq_srcptr lo, mpq_srcptr hi)
{
    if (net->depth != 2)
        return 1e300;
    long d = net->width[0], m = net->width[1], n = 0;
    mpz_ptr N = zvec(d);
    mpz_t B;
    mpz_init(B);
    mpq_t t;
    mpq_init(t);
    for (long i = 0; i < m && N; i++) {
        /* the scaled row is integer after multiplying by the lcm; meeting
         * the box does not depend on a positive scale */
        mpz_t s;
        mpz_init_set_ui(s, 1);
        for (long c = 0; c <= d; c++)
            mpz_lcm(s, s, mpq_denref(c < d ? rr_net_weight(net, 0, i, c)
                                           : rr_net_bias(net, 0, i)));
        int nz = 0;
        for (long c = 0; c <= d; c++) {
            mpq_srcptr v = c < d ? rr_net_weight(net, 0, i, c)
                                 : rr_net_bias(net, 0, i);
            mpz_ptr dst = c < d ? N + c : B;
            mpz_divexact(dst, s, mpq_denref(v));
            mpz_mul(dst, dst, mpq_numref(v));
            if (c < d && mpz_sgn(dst))
                nz = 1;
        }
        mpz_clear(s);
        if (nz && meets_box(N, B, d, lo, hi))
            n++;
    }
    zvec_free(N, d);
    mpz_clear(B);
    mpq_clear(t);
    return binom((double)(n + 2 * d), d);
}

/* ---- small exact linear algebra ----------------------------------------- */

/* Solve the d x d system whose augmented rows are M (d * (d + 1): normal,
 * then offset: row . x + offset = 0).  Returns 0 if singular.  M is
 * destroyed.  Not yet proved. */
static int solve(mpq_ptr x, mpq_ptr M, long d, mpq_ptr t)
{
    long w = d + 1;
    for (long c = 0; c < d; c++) {
        long piv = -1;
        for (long r = c; r < d && piv < 0; r++)
            if (mpq_sgn(M + (r * w + c)))
                piv = r;
        if (piv < 0)
            return 0;
        if (piv != c)
            for (long j = 0; j < w; j++)
                mpq_swap(M + (piv * w + j), M + (c * w + j));
        for (long r = 0; r < d; r++) {
            if (r == c || !mpq_sgn(M + (r * w + c)))
                continue;
            /* row_r -= (M[r][c] / M[c][c]) row_c */
            mpq_div(t, M + (r * w + c), M + (c * w + c));
            for (long j = c; j < w; j++) {
                if (!mpq_sgn(M + (c * w + j)))
                    continue;
                mpq_t u;
                mpq_init(u);
                mpq_mul(u, t, M + (c * w + j));
                mpq_sub(M + (r * w + j), M + (r * w + j), u);
                mpq_clear(u);
            }
        }
    }
    for (long c = 0; c < d; c++) {
        mpq_div(x + c, M + (c * w + d), M + (c * w + c));
        mpq_neg(x + c, x + c);
    }
    return 1;
}

/* Row of constraint `c` (a group or a box face) into M row r, with the
 * given offset override for direction solves (rhs != NULL: offset = -rhs).
 * Not yet proved. */
static void put_row(shallow *S, long r, long c, mpq_srcptr rhs)
{
    long d = S->d, w = d + 1;
    mpq_ptr row = S->M + r * w;
    long con = S->cons[c];
    if (con >= 0) {
        for (long j = 0; j < d; j++)
            mpq_set_z(row + j, S->N + (con * d + j));
        mpq_set_z(row + d, S->B + con);
    } else {
        long f = -1 - con, i = f / 2;
        for (long j = 0; j < d; j++)
            mpq_set_ui(row + j, j == i, 1);
        mpq_neg(row + d, f % 2 ? S->hi + i : S->lo + i);
    }
    if (rhs)
        mpq_neg(row + d, rhs);
}

/* Integer row of constraint `c` into Mz row r: a group's (N_g, B_g), or
 * the face x_i = v (v = p/q in lowest terms) as q x_i - p = 0.  Not yet
 * proved. */
static void put_row_int(shallow *S, long r, long c)
{
    long d = S->d, w = d + 1;
    mpz_ptr row = S->Mz + r * w;
    long con = S->cons[c];
    if (con >= 0) {
        for (long j = 0; j < d; j++)
            mpz_set(row + j, S->N + (con * d + j));
        mpz_set(row + d, S->B + con);
    } else {
        long f = -1 - con, i = f / 2;
        mpq_srcptr v = f % 2 ? S->hi + i : S->lo + i;
        for (long j = 0; j < d; j++)
            mpz_set_ui(row + j, 0);
        mpz_set(row + i, mpq_denref(v));
        mpz_neg(row + d, mpq_numref(v));
    }
}

/* Solve the d x d integer system in Mz (rows: normal, then offset: row . x
 * + offset = 0) by fraction-free Gauss-Jordan elimination (Bareiss): after
 * step k every entry is a (k+1) x (k+1) minor of the augmented matrix, so
 * each division is exact, and at the end every diagonal entry is the
 * determinant p and the last column is -p x.  No rational arithmetic (no
 * gcds) until x is formed.  Returns 0 if singular.  Mz is destroyed.  Not
 * yet proved. */
static int solve_int(shallow *S, mpq_ptr x)
{
    long d = S->d, w = d + 1;
    mpz_ptr M = S->Mz;
    mpz_set_ui(S->piv, 1);
    for (long c = 0; c < d; c++) {
        long p = -1;
        for (long r = c; r < d && p < 0; r++)
            if (mpz_sgn(M + (r * w + c)))
                p = r;
        if (p < 0)
            return 0;
        if (p != c)
            for (long j = 0; j < w; j++)
                mpz_swap(M + (p * w + j), M + (c * w + j));
        mpz_srcptr mkk = M + (c * w + c);
        for (long r = 0; r < d; r++) {
            if (r == c)
                continue;
            mpz_ptr mr = M + r * w;
            mpz_srcptr mrc = mr + c;
            for (long j = 0; j < w; j++) {
                if (j == c)
                    continue;
                /* m_rj := (m_cc m_rj - m_rc m_cj) / piv */
                mpz_mul(S->u, mkk, mr + j);
                mpz_submul(S->u, mrc, M + (c * w + j));
                mpz_divexact(mr + j, S->u, S->piv);
            }
            mpz_set_ui(mr + c, 0);
        }
        mpz_set(S->piv, mkk);
    }
    for (long i = 0; i < d; i++) {
        mpz_neg(mpq_numref(x + i), M + (i * w + d));
        mpz_set(mpq_denref(x + i), S->piv);
        if (mpz_sgn(S->piv) < 0) {
            mpz_neg(mpq_numref(x + i), mpq_numref(x + i));
            mpz_neg(mpq_denref(x + i), mpq_denref(x + i));
        }
        mpq_canonicalize(x + i);
    }
    return 1;
}

/* ---- gradients and witnesses -------------------------------------------- */

/* The integer norm numerator of gr (d): sum of squares, sum of |.|, or
 * max |.|.  Not yet proved. */
static void int_norm(shallow *S, mpz_ptr out, mpz_srcptr gr)
{
    mpz_set_ui(out, 0);
    for (long i = 0; i < S->d; i++) {
        switch (S->gk) {
        case RR_GRAD_L2:
            mpz_addmul(out, gr + i, gr + i);
            break;
        case RR_GRAD_L1:
            mpz_abs(S->t, gr + i);
            mpz_add(out, out, S->t);
            break;
        case RR_GRAD_LINF:
            mpz_abs(S->t, gr + i);
            if (mpz_cmp(S->t, out) > 0)
                mpz_set(out, S->t);
            break;
        }
    }
}

/* A point strictly inside the cell that has vertex x and contains
 * x + e h for small e > 0: x + delta h with delta half the distance (along
 * h) to the first non-tight hyperplane or box face, and at most 1/2.
 * Not yet proved. */
static void cone_point(shallow *S, mpq_ptr out, mpq_srcptr x, mpq_srcptr h)
{
    long d = S->d;
    mpq_t delta, dz, zq, r;
    mpq_init(delta);
    mpq_init(dz);
    mpq_init(zq);
    mpq_init(r);
    mpq_set_ui(delta, 1, 1);
    for (long g = 0; g < S->G; g++) {
        if (!S->side[g])
            continue;
        mpq_set_ui(dz, 0, 1);
        for (long j = 0; j < d; j++) {
            mpq_set_z(r, S->N + (g * d + j));
            mpq_mul(r, r, h + j);
            mpq_add(dz, dz, r);
        }
        if (mpq_sgn(dz) * S->side[g] >= 0)
            continue;
        /* z_g(x) = Z_g / w */
        mpq_set_z(zq, S->Z + g);
        mpq_set_z(r, S->w);
        mpq_div(zq, zq, r);
        mpq_div(r, zq, dz);
        mpq_abs(r, r);
        if (mpq_cmp(r, delta) < 0)
            mpq_set(delta, r);
    }
    for (long i = 0; i < d; i++) {
        int sg = mpq_sgn(h + i);
        if (!sg)
            continue;
        mpq_sub(r, sg > 0 ? S->hi + i : S->lo + i, x + i);
        mpq_div(r, r, h + i);
        if (mpq_cmp(r, delta) < 0)
            mpq_set(delta, r);
    }
    mpq_div_2exp(delta, delta, 1);
    for (long i = 0; i < d; i++) {
        mpq_mul(r, delta, h + i);
        mpq_add(out + i, x + i, r);
    }
    mpq_clear(delta);
    mpq_clear(dz);
    mpq_clear(zq);
    mpq_clear(r);
}

/* z := N . y + B for an integer row (N, B) and a rational point y.  Not
 * yet proved. */
static void affine_at(mpq_ptr z, mpz_srcptr N, mpz_srcptr B, mpq_srcptr y,
                      long d, mpq_ptr t)
{
    mpq_set_z(z, B);
    for (long i = 0; i < d; i++) {
        if (!mpz_sgn(N + i))
            continue;
        mpq_set_z(t, N + i);
        mpq_mul(t, t, y + i);
        mpq_add(z, z, t);
    }
}

/* lim := min(lim, |z / dz|) when moving along a direction with slope dz
 * brings z (nonzero) towards 0.  Not yet proved. */
static void limit_step(mpq_ptr lim, mpq_srcptr z, mpq_srcptr dz, mpq_ptr t)
{
    if (!mpq_sgn(dz) || mpq_sgn(dz) == mpq_sgn(z))
        return;
    mpq_div(t, z, dz);
    mpq_abs(t, t);
    if (mpq_cmp(t, lim) < 0)
        mpq_set(lim, t);
}

/* Move the witness y (strictly inside a cell of the arrangement of the
 * kept groups, inside the open box) off the hyperplanes of the folded
 * groups: those are no cell boundaries (f is affine across them) but a
 * neuron's pre-activation vanishes there, so f's differentiability is not
 * certified there neuron by neuron.  When some folded hyperplane contains
 * y, step to y + eps u with u = (1, t, t^2, ..., t^(d-1)) for the first
 * integer t >= 1 with N_a . u != 0 on each of them (N_a . u is a nonzero
 * polynomial of degree < d in t: at most d - 1 roots each), and eps half
 * the distance along u to the first kept hyperplane, box face or other
 * folded hyperplane (and at most 1/2).  The cell, hence the gradient, is
 * unchanged, and every folded pre-activation is nonzero at the result.
 * Returns 0, or -1 if y was not strictly inside a cell (internal error).
 * Not yet proved. */
static int off_folded(shallow *S, mpq_ptr y)
{
    long d = S->d, GA = S->GA, G = S->G;
    int need = 0, ok = 1;
    mpq_t z, dz, lim, t, ti;
    mpq_init(z);
    mpq_init(dz);
    mpq_init(lim);
    mpq_init(t);
    mpq_init(ti);
    /* the cell: every kept pre-activation nonzero, y in the open box */
    for (long g = 0; g < G && ok; g++) {
        affine_at(z, S->N + g * d, S->B + g, y, d, t);
        ok = mpq_sgn(z) != 0;
    }
    for (long i = 0; i < d && ok; i++)
        ok = mpq_cmp(S->lo + i, y + i) < 0 && mpq_cmp(y + i, S->hi + i) < 0;
    for (long a = 0; a < GA && ok && !need; a++) {
        affine_at(z, S->AN + a * d, S->AB + a, y, d, t);
        need = !mpq_sgn(z);
    }
    if (ok && need) {
        mpq_ptr u = S->dir;
        mpz_t zero;
        mpz_init(zero);
        for (unsigned long tt = 1;; tt++) {
            mpq_set_ui(ti, 1, 1);
            for (long i = 0; i < d; i++) {
                mpq_set(u + i, ti);
                mpq_set_ui(t, tt, 1);
                mpq_mul(ti, ti, t);
            }
            int good = 1;
            for (long a = 0; a < GA && good; a++) {
                affine_at(z, S->AN + a * d, S->AB + a, y, d, t);
                if (mpq_sgn(z))
                    continue;
                affine_at(dz, S->AN + a * d, zero, u, d, t);
                good = mpq_sgn(dz) != 0;
            }
            if (good)
                break;
        }
        mpq_set_ui(lim, 1, 1);
        for (long g = 0; g < G; g++) {
            affine_at(z, S->N + g * d, S->B + g, y, d, t);
            affine_at(dz, S->N + g * d, zero, u, d, t);
            limit_step(lim, z, dz, t);
        }
        for (long a = 0; a < GA; a++) {
            affine_at(z, S->AN + a * d, S->AB + a, y, d, t);
            if (!mpq_sgn(z))
                continue;
            affine_at(dz, S->AN + a * d, zero, u, d, t);
            limit_step(lim, z, dz, t);
        }
        for (long i = 0; i < d; i++) { /* u_i > 0: towards the upper face */
            mpq_sub(t, S->hi + i, y + i);
            mpq_div(t, t, u + i);
            if (mpq_cmp(t, lim) < 0)
                mpq_set(lim, t);
        }
        mpq_div_2exp(lim, lim, 1);
        for (long i = 0; i < d; i++) {
            mpq_mul(t, lim, u + i);
            mpq_add(y + i, y + i, t);
        }
        mpz_clear(zero);
        for (long a = 0; a < GA && ok; a++) {
            affine_at(z, S->AN + a * d, S->AB + a, y, d, t);
            ok = mpq_sgn(z) != 0;
        }
    }
    mpq_clear(z);
    mpq_clear(dz);
    mpq_clear(lim);
    mpq_clear(t);
    mpq_clear(ti);
    return ok ? 0 : -1;
}

/* Record the gradient gr (integers over D) of component j in the cell of
 * direction h at vertex x, if it beats the best.  The witness is a point
 * strictly inside that cell where no hidden pre-activation vanishes.  Not
 * yet proved. */
static rr_status offer_grad(shallow *S, long j, mpz_srcptr gr, mpq_srcptr h,
                            rr_err_t *err)
{
    int_norm(S, S->nrm, gr);
    if (S->has_best[j] && mpz_cmp(S->nrm, S->best + j) <= 0)
        return RR_OK;
    mpz_set(S->best + j, S->nrm);
    S->has_best[j] = 1;
    mpq_t Dq;
    mpq_init(Dq);
    mpq_set_z(Dq, S->D);
    for (long i = 0; i < S->d; i++) {
        mpq_set_z(S->g + i, gr + i);
        mpq_div(S->g + i, S->g + i, Dq);
    }
    mpq_clear(Dq);
    cone_point(S, S->wit, S->x, h);
    if (off_folded(S, S->wit))
        return rr_err_set(err, RR_EINTERNAL, "norm (shallow): the gradient "
                          "witness is not inside its cell");
    rr_gradnorm_value(&S->nv, S->g, S->d, S->gk);
    rr_nb_set_grad(&S->res->semi[j], &S->nv, S->wit, S->g, S->d, j);
    return RR_OK;
}

/* gr := base_j + the contribution of tight group g on side sg.  Not yet
 * proved. */
static void add_side(shallow *S, mpz_ptr gr, long j, long g, int sg)
{
    long d = S->d;
    mpz_srcptr coef = sg > 0 ? S->P + (j * S->G + g) : S->Q + (j * S->G + g);
    if (!mpz_sgn(coef))
        return;
    for (long i = 0; i < d; i++) {
        if (sg > 0)
            mpz_addmul(gr + i, coef, S->N + (g * d + i));
        else
            mpz_submul(gr + i, coef, S->N + (g * d + i));
    }
}

/* ---- degenerate vertices: local enumeration ----------------------------- */

typedef struct local_ctx {
    shallow *S;
    rr_net_t *loc;
} local_ctx;

static rr_status local_visit(void *vctx, rr_region_t *R, rr_err_t *err)
{
    local_ctx *c = vctx;
    shallow *S = c->S;
    long d = S->d;
    S->cells++;
    for (long j = 0; j < S->k; j++) {
        for (long i = 0; i < d; i++)
            mpz_set(S->gr + i, S->base + (j * d + i));
        for (long t = 0; t < S->nt; t++)
            add_side(S, S->gr, j, S->tight[t], R->pattern[t] == '+' ? 1 : -1);
        int_norm(S, S->nrm, S->gr);
        if (S->has_best[j] && mpz_cmp(S->nrm, S->best + j) <= 0)
            continue;
        rr_status st = rr_region_interior(R, S->h, err);
        if (!st)
            st = offer_grad(S, j, S->gr, S->h, err);
        if (st)
            return st;
    }
    return RR_OK;
}

/* The cells at a degenerate vertex (more than d tight constraints): the
 * full-dimensional cones of the tight hyperplanes (through 0) inside the
 * local box prod [0,1] / [-1,0] / [-1,1] (tight lower face / upper face /
 * none).  Not yet proved. */
static rr_status degenerate_cells(shallow *S, rr_err_t *err)
{
    long d = S->d;
    long w[3] = {d, S->nt, 1};
    rr_net_t loc;
    rr_status st = rr_net_init(&loc, 2, w, NULL, err);
    if (st)
        return st;
    for (long t = 0; t < S->nt; t++)
        for (long i = 0; i < d; i++)
            mpq_set_z(rr_net_weight(&loc, 0, t, i),
                      S->N + (S->tight[t] * d + i));
    for (long i = 0; i < d; i++) {
        mpq_set_si(loc.lo + i, S->face[i] == 1 ? 0 : -1, 1);
        mpq_set_si(loc.hi + i, S->face[i] == 2 ? 0 : 1, 1);
    }
    local_ctx c = {S, &loc};
    rr_regions_stats_t stats;
    st = rr_regions_enumerate(&loc, loc.lo, loc.hi, NULL, local_visit, &c, NULL,
                              &stats, err);
    S->lps += stats.lps;
    rr_net_clear(&loc);
    return st;
}

/* 1 if the vertex x was already handled as a degenerate vertex; else
 * remember it and return 0 (-1: out of memory).  Not yet proved. */
static int seen_before(shallow *S)
{
    size_t len = 0;
    for (long i = 0; i < S->d; i++)
        len += mpz_sizeinbase(mpq_numref(S->x + i), 16) +
               mpz_sizeinbase(mpq_denref(S->x + i), 16) + 4;
    char *key = malloc(len + 1);
    if (!key)
        return -1;
    char *p = key;
    for (long i = 0; i < S->d; i++) {
        mpq_get_str(p, 16, S->x + i);
        p += strlen(p);
        *p++ = ',';
    }
    *p = 0;
    for (long s = 0; s < S->nseen; s++)
        if (!strcmp(S->seen[s], key)) {
            free(key);
            return 1;
        }
    if (S->nseen == S->capseen) {
        long nc = S->capseen ? 2 * S->capseen : 16;
        char **ns = realloc(S->seen, (size_t)nc * sizeof *ns);
        if (!ns) {
            free(key);
            return -1;
        }
        S->seen = ns;
        S->capseen = nc;
    }
    S->seen[S->nseen++] = key;
    return 0;
}

/* ---- one vertex --------------------------------------------------------- */

/* Handle the solution x of the d constraints idx[0..d-1] (in the box).
 * Not yet proved. */
static rr_status vertex(shallow *S, const long *idx, rr_err_t *err)
{
    long d = S->d, k = S->k, G = S->G;
    /* tight faces */
    S->nf = 0;
    for (long i = 0; i < d; i++) {
        S->face[i] = !mpq_cmp(S->x + i, S->lo + i)   ? 1
                     : !mpq_cmp(S->x + i, S->hi + i) ? 2
                                                     : 0;
        S->nf += S->face[i] != 0;
    }
    /* x = V / w */
    mpz_set_ui(S->w, 1);
    for (long i = 0; i < d; i++)
        mpz_lcm(S->w, S->w, mpq_denref(S->x + i));
    for (long i = 0; i < d; i++) {
        mpz_divexact(S->V + i, S->w, mpq_denref(S->x + i));
        mpz_mul(S->V + i, S->V + i, mpq_numref(S->x + i));
    }
    S->nt = 0;
    for (long g = 0; g < G; g++) {
        mpz_mul(S->Z + g, S->B + g, S->w);
        for (long i = 0; i < d; i++)
            mpz_addmul(S->Z + g, S->N + (g * d + i), S->V + i);
        S->side[g] = mpz_sgn(S->Z + g);
        if (!S->side[g])
            S->tight[S->nt++] = g;
    }
    int degenerate = S->nt + S->nf > d;
    if (degenerate) {
        int sb = seen_before(S);
        if (sb < 0)
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        if (sb)
            return RR_OK;
    }
    S->vertices++;
    /* values: F_j / (D w) */
    for (long j = 0; j < k; j++) {
        mpz_mul(S->F + j, S->K + j, S->w);
        for (long i = 0; i < d; i++)
            mpz_addmul(S->F + j, S->L + (j * d + i), S->V + i);
        for (long g = 0; g < G; g++) {
            if (S->side[g] > 0)
                mpz_addmul(S->F + j, S->P + (j * G + g), S->Z + g);
            else if (S->side[g] < 0)
                mpz_submul(S->F + j, S->Q + (j * G + g), S->Z + g);
        }
        mpz_mul(S->t, S->D, S->w);
        mpq_set_num(S->q, S->F + j);
        mpq_set_den(S->q, S->t);
        mpq_canonicalize(S->q);
        rr_nb_offer_value(&S->res->linf[j], S->q, S->x, d, j);
    }
    /* gradients: base over the non-tight groups */
    for (long j = 0; j < k; j++) {
        mpz_ptr b = S->base + j * d;
        for (long i = 0; i < d; i++)
            mpz_set(b + i, S->L + (j * d + i));
        for (long g = 0; g < G; g++)
            if (S->side[g])
                add_side(S, b, j, g, S->side[g]);
    }
    if (degenerate)
        return degenerate_cells(S, err);
    /* general position: every sign choice of the t tight groups */
    long nt = S->nt;
    for (unsigned long mask = 0; mask < (1UL << nt); mask++) {
        S->cells++;
        int need = 0;
        for (long j = 0; j < k; j++) {
            for (long i = 0; i < d; i++)
                mpz_set(S->gr + i, S->base + (j * d + i));
            for (long t = 0; t < nt; t++)
                add_side(S, S->gr, j, S->tight[t], (mask >> t) & 1 ? 1 : -1);
            int_norm(S, S->nrm, S->gr);
            if (!S->has_best[j] || mpz_cmp(S->nrm, S->best + j) > 0) {
                if (!need) {
                    /* direction h: tight groups N.h = +-1, faces +-1 */
                    for (long r = 0; r < d; r++) {
                        long c = idx[r], con = S->cons[c];
                        if (con >= 0) {
                            long t = 0;
                            while (S->tight[t] != con)
                                t++;
                            mpq_set_si(S->q2, (mask >> t) & 1 ? 1 : -1, 1);
                        } else {
                            mpq_set_si(S->q2, (-1 - con) % 2 ? -1 : 1, 1);
                        }
                        put_row(S, r, c, S->q2);
                    }
                    if (!solve(S->h, S->M, d, S->q))
                        return rr_err_set(err, RR_EINTERNAL,
                                          "norm (shallow): singular cone "
                                          "system at a simple vertex");
                    need = 1;
                }
                rr_status st = offer_grad(S, j, S->gr, S->h, err);
                if (st)
                    return st;
            }
        }
    }
    return RR_OK;
}

/* ---- the method --------------------------------------------------------- */

static void shallow_free(shallow *S)
{
    long d = S->d, k = S->k, G = S->G;
    zvec_free(S->N, G * d);
    zvec_free(S->B, G);
    zvec_free(S->P, k * G);
    zvec_free(S->Q, k * G);
    zvec_free(S->L, k * d);
    zvec_free(S->K, k);
    zvec_free(S->AN, S->GA * d);
    zvec_free(S->AB, S->GA);
    mpz_clear(S->D);
    free(S->cons);
    rr_qvec_free(S->M, d * (d + 1));
    zvec_free(S->Mz, d * (d + 1));
    mpz_clear(S->piv);
    mpz_clear(S->u);
    rr_qvec_free(S->x, d);
    rr_qvec_free(S->h, d);
    rr_qvec_free(S->g, d);
    rr_qvec_free(S->wit, d);
    rr_qvec_free(S->dir, d);
    zvec_free(S->V, d);
    zvec_free(S->Z, G);
    zvec_free(S->F, k);
    zvec_free(S->base, k * d);
    zvec_free(S->gr, d);
    mpz_clear(S->w);
    mpz_clear(S->t);
    mpz_clear(S->nrm);
    mpq_clear(S->q);
    mpq_clear(S->q2);
    free(S->side);
    free(S->tight);
    free(S->face);
    zvec_free(S->best, k);
    free(S->has_best);
    rr_nval_clear(&S->nv);
    for (long s = 0; s < S->nseen; s++)
        free(S->seen[s]);
    free(S->seen);
}

/* Fill S from the normal form: fold linear groups, integer scaling, the
 * constraint list.  Returns 0 or -1 (out of memory).  Not yet proved. */
static int shallow_setup(shallow *S, nf_build *b)
{
    long d = b->d, k = b->k, m = b->m;
    mpq_t t;
    mpq_init(t);
    /* fold linear groups: P_jg + Q_jg = 0 for all j (including all zero) */
    long *keep = malloc((size_t)(m ? m : 1) * sizeof *keep);
    long *fold = malloc((size_t)(m ? m : 1) * sizeof *fold);
    if (!keep || !fold) {
        free(keep);
        free(fold);
        mpq_clear(t);
        mpz_init(S->D); /* shallow_free clears it */
        return -1;
    }
    long G = 0, GA = 0;
    for (long g = 0; g < b->G; g++) {
        int lin = 1;
        for (long j = 0; j < k && lin; j++) {
            mpq_add(t, b->P + (j * m + g), b->Q + (j * m + g));
            lin = !mpq_sgn(t);
        }
        if (!lin) {
            keep[G++] = g;
            continue;
        }
        fold[GA++] = g;
        for (long j = 0; j < k; j++) { /* P rho(z) - P rho(-z) = P z */
            mpq_srcptr Pj = b->P + (j * m + g);
            if (!mpq_sgn(Pj))
                continue;
            for (long i = 0; i < d; i++) {
                mpq_set_z(t, b->N + (g * d + i));
                mpq_mul(t, t, Pj);
                mpq_add(b->L + (j * d + i), b->L + (j * d + i), t);
            }
            mpq_set_z(t, b->B + g);
            mpq_mul(t, t, Pj);
            mpq_add(b->K + j, b->K + j, t);
        }
    }
    S->G = G;
    S->N = zvec(G * d);
    S->B = zvec(G);
    S->P = zvec(k * G);
    S->Q = zvec(k * G);
    S->L = zvec(k * d);
    S->K = zvec(k);
    S->GA = GA;
    S->AN = zvec(GA * d);
    S->AB = zvec(GA);
    mpz_init_set_ui(S->D, 1);
    int bad = !S->N || !S->B || !S->P || !S->Q || !S->L || !S->K || !S->AN ||
              !S->AB;
    if (!bad) {
        for (long a = 0; a < GA; a++) {
            for (long i = 0; i < d; i++)
                mpz_set(S->AN + (a * d + i), b->N + (fold[a] * d + i));
            mpz_set(S->AB + a, b->B + fold[a]);
        }
        for (long j = 0; j < k; j++) {
            for (long gi = 0; gi < G; gi++) {
                mpz_lcm(S->D, S->D, mpq_denref(b->P + (j * m + keep[gi])));
                mpz_lcm(S->D, S->D, mpq_denref(b->Q + (j * m + keep[gi])));
            }
            for (long i = 0; i < d; i++)
                mpz_lcm(S->D, S->D, mpq_denref(b->L + (j * d + i)));
            mpz_lcm(S->D, S->D, mpq_denref(b->K + j));
        }
        mpq_t Dq;
        mpq_init(Dq);
        mpq_set_z(Dq, S->D);
#define TOZ(dst, src)                                                         \
    do {                                                                      \
        mpq_mul(t, src, Dq);                                                  \
        mpz_set(dst, mpq_numref(t));                                          \
    } while (0)
        for (long gi = 0; gi < G; gi++) {
            long g = keep[gi];
            for (long i = 0; i < d; i++)
                mpz_set(S->N + (gi * d + i), b->N + (g * d + i));
            mpz_set(S->B + gi, b->B + g);
            for (long j = 0; j < k; j++) {
                TOZ(S->P + (j * G + gi), b->P + (j * m + g));
                TOZ(S->Q + (j * G + gi), b->Q + (j * m + g));
            }
        }
        for (long j = 0; j < k; j++) {
            for (long i = 0; i < d; i++)
                TOZ(S->L + (j * d + i), b->L + (j * d + i));
            TOZ(S->K + j, b->K + j);
        }
#undef TOZ
        mpq_clear(Dq);
    }
    free(keep);
    free(fold);
    mpq_clear(t);
    if (bad)
        return -1;
    S->cons = malloc((size_t)(G + 2 * d) * sizeof *S->cons);
    if (!S->cons)
        return -1;
    S->nc = 0;
    for (long g = 0; g < G; g++)
        if (meets_box(S->N + g * d, S->B + g, d, S->lo, S->hi))
            S->cons[S->nc++] = g;
    for (long f = 0; f < 2 * d; f++)
        S->cons[S->nc++] = -1 - f;
    return 0;
}

rr_status rr_norm_shallow(rr_norm_result_t *res, const rr_net_t *net,
                          const rr_norm_opts_t *o, const rr_clock_t *clk,
                          int *timed_out, rr_err_t *err)
{
    if (net->depth != 2)
        return rr_err_set(err, RR_EINTERNAL,
                          "norm (shallow): depth %d", net->depth);
    shallow S;
    memset(&S, 0, sizeof S);
    long d = net->width[0], k = net->width[2];
    S.d = d;
    S.k = k;
    S.lo = res->lo;
    S.hi = res->hi;
    S.res = res;
    S.gk = o->grad;
    mpz_init(S.w);
    mpz_init(S.piv);
    mpz_init(S.u);
    mpz_init(S.t);
    mpz_init(S.nrm);
    mpq_init(S.q);
    mpq_init(S.q2);
    rr_nval_init(&S.nv);
    *timed_out = 0;
    nf_build b;
    memset(&b, 0, sizeof b);
    rr_status st = RR_OK;
    int bad = nf_make(&b, net);
    if (!bad)
        bad = shallow_setup(&S, &b);
    else
        mpz_init(S.D);
    nf_free(&b);
    long G = S.G;
    if (!bad) {
        S.M = rr_qvec_new(d * (d + 1));
        S.Mz = zvec(d * (d + 1));
        S.x = rr_qvec_new(d);
        S.h = rr_qvec_new(d);
        S.g = rr_qvec_new(d);
        S.wit = rr_qvec_new(d);
        S.dir = rr_qvec_new(d);
        S.V = zvec(d);
        S.Z = zvec(G);
        S.F = zvec(k);
        S.base = zvec(k * d);
        S.gr = zvec(d);
        S.side = malloc((size_t)(G ? G : 1) * sizeof *S.side);
        S.tight = malloc((size_t)(G ? G : 1) * sizeof *S.tight);
        S.face = malloc((size_t)d * sizeof *S.face);
        S.best = zvec(k);
        S.has_best = calloc((size_t)k, sizeof *S.has_best);
        bad = !S.M || !S.Mz || !S.x || !S.h || !S.g || !S.wit || !S.dir ||
              !S.V || !S.Z ||
              !S.F || !S.base || !S.gr || !S.side || !S.tight || !S.face ||
              !S.best || !S.has_best;
    }
    if (bad) {
        shallow_free(&S);
        return rr_err_set(err, RR_ENOMEM, "out of memory (shallow norms)");
    }
    rr_progress_t prog;
    rr_progress_start(&prog, o, clk);
    /* every d-subset idx[0] < ... < idx[d-1] of the constraints */
    long nc = S.nc;
    long *idx = malloc((size_t)d * sizeof *idx);
    if (!idx) {
        shallow_free(&S);
        return rr_err_set(err, RR_ENOMEM, "out of memory (shallow norms)");
    }
    for (long r = 0; r < d; r++)
        idx[r] = r;
    long leaves = 0;
    int more = nc >= d;
    while (more && !st) {
        /* two faces of one coordinate are parallel: skip */
        int ok = 1;
        for (long r = 0; r < d && ok; r++)
            for (long s = r + 1; s < d && ok; s++) {
                long a = S.cons[idx[r]], c = S.cons[idx[s]];
                if (a < 0 && c < 0 && (-1 - a) / 2 == (-1 - c) / 2)
                    ok = 0;
            }
        if (ok) {
            for (long r = 0; r < d; r++)
                put_row_int(&S, r, idx[r]);
            if (solve_int(&S, S.x)) {
                int in = 1;
                for (long i = 0; i < d && in; i++)
                    in = mpq_cmp(S.x + i, S.lo + i) >= 0 &&
                         mpq_cmp(S.x + i, S.hi + i) <= 0;
                if (in)
                    st = vertex(&S, idx, err);
            }
        }
        if ((++leaves & 1023) == 0) {
            if (rr_clock_over(clk)) {
                *timed_out = 1;
                break;
            }
            if (rr_progress_due(&prog))
                rr_progress_send(&prog, clk, "exact (shallow vertices)",
                                 S.vertices, 0, res, -1, -1);
        }
        /* next combination */
        long r = d - 1;
        while (r >= 0 && idx[r] == nc - d + r)
            r--;
        if (r < 0)
            more = 0;
        else {
            idx[r]++;
            for (long s = r + 1; s < d; s++)
                idx[s] = idx[s - 1] + 1;
        }
    }
    free(idx);
    res->vertices += S.vertices;
    res->regions += S.cells;
    res->lps += S.lps;
    res->method = RR_NORM_EXACT;
    if (!st && !*timed_out)
        for (long j = 0; j < k; j++)
            res->linf[j].exact = res->semi[j].exact = 1;
    shallow_free(&S);
    return st;
}
