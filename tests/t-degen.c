/* t-degen.c -- degenerate parametrizations: the symmetry steps S1-S5
 * preserve the realization exactly, the diagnosis and the restricted set on
 * hand-made networks and the B-E-G pathologies, and the normal form:
 * realization kept, idempotent, and the same for re-parametrized copies of
 * one function (permuted, rescaled, split, with dead and cancelling
 * neurons, with other orientations and opposite pairs); the claim "equal
 * on R^d" / "equal on the box" checked exactly at points outside / inside
 * the box (shallow and layerwise). */
#include "rr_test.h"

#include "rr_degen.h"
#include "rr_normal.h"

/* ---- helpers ------------------------------------------------------------- */

static void rand_pos(mpq_ptr q, rr_rand_t *r)
{
    mpq_set_si(q, rr_rand_range(r, 1, 9), (unsigned long)rr_rand_range(r, 1, 7));
    mpq_canonicalize(q);
}

/* Random shallow parametrization with w neurons; "generic": entries are
 * small rationals, kind as in rand_q. */
static void rand_sp(rr_sp_t *p, rr_rand_t *r, long w, long d, long k, int kind)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_sp_init(p, w, d, k, &err), err);
    for (long x = 0; x < w * (d + 1); x++)
        rand_q(p->U + x, r, kind);
    for (long x = 0; x < w * k; x++)
        rand_q(p->C + x, r, kind);
    for (long x = 0; x < k; x++)
        rand_q(p->e + x, r, kind);
}

static void sp_net(rr_net_t *net, const rr_sp_t *p)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_sp_to_net(net, p, NULL, &err), err);
}

/* Append the neuron (u, c) (d+1 and k entries) to p. */
static void sp_push(rr_sp_t *p, mpq_srcptr u, mpq_srcptr c)
{
    rr_sp_t q;
    rr_err_t err;
    long n1 = p->d + 1, k = p->k;
    RR_OK_OR_FAIL(rr_sp_init(&q, p->w + 1, p->d, k, &err), err);
    for (long x = 0; x < p->w * n1; x++)
        mpq_set(q.U + x, p->U + x);
    for (long x = 0; x < p->w * k; x++)
        mpq_set(q.C + x, p->C + x);
    for (long x = 0; x < k; x++)
        mpq_set(q.e + x, p->e + x);
    for (long j = 0; j < n1; j++)
        mpq_set(q.U + p->w * n1 + j, u + j);
    for (long r = 0; r < k; r++)
        mpq_set(q.C + p->w * k + r, c + r);
    rr_sp_clear(p);
    *p = q;
}

/* Exact values of two networks agree at n random points of [-2,2]^d (and
 * at integer points, where many kinks tie). */
static void assert_same_realization(const rr_net_t *a, const rr_net_t *b,
                                    rr_rand_t *r, int n, int in_box_only)
{
    long d = a->width[0], k = a->width[a->depth];
    assert_int_equal(d, b->width[0]);
    assert_int_equal(k, b->width[b->depth]);
    mpq_ptr x = rr_qvec_new(d), ya = rr_qvec_new(k), yb = rr_qvec_new(k);
    for (int t = 0; t < n; t++) {
        for (long j = 0; j < d; j++) {
            rand_q(x + j, r, t % 3 == 2 ? 2 : 0);
            if (in_box_only) { /* clamp into the domain of a */
                if (mpq_cmp(x + j, a->lo + j) < 0)
                    mpq_set(x + j, a->lo + j);
                if (mpq_cmp(x + j, a->hi + j) > 0)
                    mpq_set(x + j, a->hi + j);
            }
        }
        eval_exact(ya, a, x, 0);
        eval_exact(yb, b, x, 0);
        for (long i = 0; i < k; i++)
            if (!mpq_equal(ya + i, yb + i)) {
                char *s1 = rr_q_str(ya + i), *s2 = rr_q_str(yb + i);
                fail_msg("realizations differ at point %d output %ld: %s vs %s",
                         t, i, s1, s2);
            }
    }
    rr_qvec_free(x, d);
    rr_qvec_free(ya, k);
    rr_qvec_free(yb, k);
}

static void normalize(rr_normal_t *nf, const rr_net_t *net, int box)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_normal_compute(nf, net, box ? net->lo : NULL,
                                    box ? net->hi : NULL, &err),
                  err);
}

/* ---- core steps, by hand ------------------------------------------------- */

static void test_core_steps(void **state)
{
    (void)state;
    mpq_ptr u = rr_qvec_new(3), v = rr_qvec_new(3), c = rr_qvec_new(2),
            c2 = rr_qvec_new(2), A = rr_qvec_new(6);
    mpq_t t, lam, lo, hi;
    mpq_inits(t, lam, lo, hi, NULL);
    /* direction of (0, -2, 1): first nonzero -2 */
    q_set(u + 0, "0");
    q_set(u + 1, "-2");
    q_set(u + 2, "1");
    assert_int_equal(rr_dg_direction(v, lam, u, 3), 1);
    assert_q_eq_str(lam, "-2");
    assert_q_eq_str(v + 1, "1");
    assert_q_eq_str(v + 2, "-1/2");
    /* parallel: v = -3/2 u */
    q_set(v + 0, "0");
    q_set(v + 1, "3");
    q_set(v + 2, "-3/2");
    assert_int_equal(rr_dg_parallel(lam, u, v, 3, t), -1);
    assert_q_eq_str(lam, "-3/2");
    q_set(v + 2, "-1");
    assert_int_equal(rr_dg_parallel(lam, u, v, 3, t), 0);
    /* rescale by 2: row *2, col /2 */
    q_set(c + 0, "3");
    q_set(c + 1, "-1");
    q_set(t, "2");
    mpq_t t2;
    mpq_init(t2);
    rr_dg_rescale(u, 3, c, 2, t);
    assert_q_eq_str(u + 1, "-4");
    assert_q_eq_str(c + 0, "3/2");
    assert_q_eq_str(c + 1, "-1/2");
    /* merge: c := c + 2 c2, c2 := 0 */
    q_set(c2 + 0, "1");
    q_set(c2 + 1, "1/4");
    rr_dg_merge_parallel(c, c2, t, 2, t2);
    assert_q_eq_str(c + 0, "7/2");
    assert_q_eq_str(c + 1, "0");
    assert_int_equal(rr_dg_is_zero(c2, 2), 1);
    /* fold: u_j = -mu u_i with mu = 1/2, c_j = (2, -2):
     * c_i += (1, -1); A -= (1, -1) (x) u_i */
    q_set(c2 + 0, "2");
    q_set(c2 + 1, "-2");
    q_set(lam, "1/2");
    rr_dg_fold_opposite(c, c2, A, u, lam, 3, 2, t2);
    assert_q_eq_str(c + 0, "9/2");
    assert_q_eq_str(c + 1, "-1");
    assert_q_eq_str(A + 1, "4");   /* - 1 * (-4) */
    assert_q_eq_str(A + 3 + 2, "2"); /* - (-1) * 2 */
    /* range of 1/2 + 2 y0 - 3 y1 over [-1, 1] x [0, 2] = [-15/2, 5/2] */
    mpq_ptr w = rr_qvec_new(2), ylo = rr_qvec_new(2), yhi = rr_qvec_new(2);
    q_set(w + 0, "2");
    q_set(w + 1, "-3");
    q_set(ylo + 0, "-1");
    q_set(yhi + 0, "1");
    q_set(ylo + 1, "0");
    q_set(yhi + 1, "2");
    q_set(t, "1/2");
    rr_dg_affine_range(lo, hi, w, t, ylo, yhi, 2, t2);
    assert_q_eq_str(lo, "-15/2");
    assert_q_eq_str(hi, "5/2");
    /* balance */
    q_set(u + 0, "3");
    q_set(u + 1, "4");
    q_set(u + 2, "0");
    q_set(c + 0, "5");
    q_set(c + 1, "0");
    assert_int_equal(rr_dg_is_balanced(u, 3, c, 2, lo, hi), 1);
    q_set(c + 1, "1/1000");
    assert_int_equal(rr_dg_is_balanced(u, 3, c, 2, lo, hi), 0);
    /* left kernel of P2's representatives: (1,0,0), (0,1,0), (1,1,0) */
    mpq_ptr R = rr_qvec_new(9), K = rr_qvec_new(9);
    const char *rv[9] = {"1", "0", "0", "0", "1", "0", "1", "1", "0"};
    for (int i = 0; i < 9; i++)
        q_set(R + i, rv[i]);
    assert_int_equal(rr_dg_left_kernel(K, R, 3, 3), 1);
    assert_q_eq_str(K + 0, "-1");
    assert_q_eq_str(K + 1, "-1");
    assert_q_eq_str(K + 2, "1");
    /* rank by RREF */
    assert_int_equal(rr_dg_rref(R, 3, 3, NULL, t), 2);
    rr_qvec_free(R, 9);
    rr_qvec_free(K, 9);
    rr_qvec_free(w, 2);
    rr_qvec_free(ylo, 2);
    rr_qvec_free(yhi, 2);
    rr_qvec_free(u, 3);
    rr_qvec_free(v, 3);
    rr_qvec_free(c, 2);
    rr_qvec_free(c2, 2);
    rr_qvec_free(A, 6);
    mpq_clears(t, t2, lam, lo, hi, NULL);
}

/* ---- S1-S5 preserve the realization exactly ------------------------------ */

/* Apply one symmetry at random to hidden layer l of net (in place on a
 * copy): S1 swap two neurons, S2 rescale one, S3 split one into two
 * positively parallel copies, S5 add a neuron with zero outgoing weights.
 * Returns the new network. */
static void apply_random_symmetry(rr_net_t *out, const rr_net_t *net, int l,
                                  int which, rr_rand_t *r)
{
    rr_err_t err;
    long m = net->width[l], n = net->width[l - 1], k = net->width[l + 1];
    long i = (long)rr_rand_below(r, (uint64_t)m);
    long j = (long)rr_rand_below(r, (uint64_t)m);
    mpq_t lam;
    mpq_init(lam);
    rand_pos(lam, r);
    if (which == 0 || which == 1) { /* S1, S2 keep the architecture */
        RR_OK_OR_FAIL(rr_net_init_copy(out, net, &err), err);
        if (which == 0) {
            for (long x = 0; x < n; x++)
                mpq_swap(rr_net_weight(out, l - 1, i, x),
                         rr_net_weight(out, l - 1, j, x));
            mpq_swap(rr_net_bias(out, l - 1, i), rr_net_bias(out, l - 1, j));
            for (long x = 0; x < k; x++)
                mpq_swap(rr_net_weight(out, l, x, i), rr_net_weight(out, l, x, j));
        } else {
            for (long x = 0; x < n; x++)
                mpq_mul(rr_net_weight(out, l - 1, i, x),
                        rr_net_weight(out, l - 1, i, x), lam);
            mpq_mul(rr_net_bias(out, l - 1, i), rr_net_bias(out, l - 1, i), lam);
            for (long x = 0; x < k; x++)
                mpq_div(rr_net_weight(out, l, x, i), rr_net_weight(out, l, x, i),
                        lam);
        }
        mpq_clear(lam);
        return;
    }
    /* S3 / S5: one more neuron in layer l */
    long *w = malloc((size_t)(net->depth + 1) * sizeof *w);
    for (int q = 0; q <= net->depth; q++)
        w[q] = net->width[q];
    w[l] = m + 1;
    RR_OK_OR_FAIL(rr_net_init(out, net->depth, w, NULL, &err), err);
    for (int q = 0; q < net->depth; q++)
        for (long a = 0; a < net->width[q + 1]; a++) {
            for (long b = 0; b < net->width[q]; b++)
                mpq_set(rr_net_weight(out, q, a, b), rr_net_weight(net, q, a, b));
            mpq_set(rr_net_bias(out, q, a), rr_net_bias(net, q, a));
        }
    if (which == 2) {
        /* neuron m = lam * neuron i; outgoing split: c_i = s c, c_m = (1-s) c / lam */
        mpq_t s, one, t;
        mpq_inits(s, one, t, NULL);
        rand_q(s, r, 0);
        mpq_set_ui(one, 1, 1);
        for (long x = 0; x < n; x++)
            mpq_mul(rr_net_weight(out, l - 1, m, x),
                    rr_net_weight(net, l - 1, i, x), lam);
        mpq_mul(rr_net_bias(out, l - 1, m), rr_net_bias(net, l - 1, i), lam);
        for (long x = 0; x < k; x++) {
            mpq_srcptr cc = rr_net_weight(net, l, x, i);
            mpq_mul(rr_net_weight(out, l, x, i), cc, s);
            mpq_sub(t, one, s);
            mpq_mul(t, t, cc);
            mpq_div(rr_net_weight(out, l, x, m), t, lam);
        }
        mpq_clears(s, one, t, NULL);
    } else { /* S5: random incoming row, zero outgoing */
        for (long x = 0; x < n; x++)
            rand_q(rr_net_weight(out, l - 1, m, x), r, 0);
        rand_q(rr_net_bias(out, l - 1, m), r, 0);
    }
    /* the domain */
    for (long x = 0; x < net->width[0]; x++) {
        mpq_set(out->lo + x, net->lo + x);
        mpq_set(out->hi + x, net->hi + x);
    }
    free(w);
    mpq_clear(lam);
}

static void test_symmetries_preserve(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 404);
    for (int trial = 0; trial < 40; trial++) {
        int depth = 2 + trial % 3;
        long w[5] = {1 + (long)rr_rand_below(&r, 3), 0, 0, 0, 0};
        for (int q = 1; q < depth; q++)
            w[q] = 1 + (long)rr_rand_below(&r, 4);
        w[depth] = 1 + (long)rr_rand_below(&r, 2);
        rr_net_t net, cur, nxt;
        rand_net(&net, &r, depth, w, trial % 2 ? 0 : 2);
        rr_err_t err;
        RR_OK_OR_FAIL(rr_net_init_copy(&cur, &net, &err), err);
        for (int s = 0; s < 6; s++) {
            int l = 1 + (int)rr_rand_below(&r, (uint64_t)(depth - 1));
            apply_random_symmetry(&nxt, &cur, l, (int)rr_rand_below(&r, 4), &r);
            rr_net_clear(&cur);
            cur = nxt;
        }
        assert_same_realization(&net, &cur, &r, 30, 0);
        rr_net_clear(&net);
        rr_net_clear(&cur);
    }
}

/* S4 and S5 on shallow nets, with the core functions: folding an opposite
 * neuron moves an affine part out, exactly; dropping a neuron dead on the
 * box changes nothing on the box. */
static void test_fold_and_dead(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 405);
    rr_err_t err;
    for (int trial = 0; trial < 30; trial++) {
        long d = 1 + trial % 3, k = 1 + trial % 2, m = 3;
        rr_sp_t p;
        rand_sp(&p, &r, m, d, k, 0);
        /* neuron 2 := -mu * neuron 0, with its own outgoing weights */
        mpq_t mu, t;
        mpq_inits(mu, t, NULL);
        rand_pos(mu, &r);
        for (long j = 0; j <= d; j++)
            mpq_mul(p.U + 2 * (d + 1) + j, p.U + j, mu), mpq_neg(p.U + 2 * (d + 1) + j, p.U + 2 * (d + 1) + j);
        rr_net_t before, after;
        sp_net(&before, &p);
        mpq_ptr A = rr_qvec_new(k * (d + 1));
        rr_dg_fold_opposite(p.C, p.C + 2 * k, A, p.U, mu, d + 1, k, t);
        /* after = folded net + A (x, 1): put A into a fourth... check at points */
        sp_net(&after, &p);
        mpq_ptr x = rr_qvec_new(d), y1 = rr_qvec_new(k), y2 = rr_qvec_new(k);
        for (int s = 0; s < 20; s++) {
            for (long j = 0; j < d; j++)
                rand_q(x + j, &r, s % 2 ? 2 : 0);
            eval_exact(y1, &before, x, 0);
            eval_exact(y2, &after, x, 0);
            for (long q = 0; q < k; q++) {
                mpq_add(y2 + q, y2 + q, A + q * (d + 1) + d);
                for (long j = 0; j < d; j++) {
                    mpq_mul(t, A + q * (d + 1) + j, x + j);
                    mpq_add(y2 + q, y2 + q, t);
                }
                assert_true(mpq_equal(y1 + q, y2 + q));
            }
        }
        rr_net_clear(&before);
        rr_net_clear(&after);
        /* S5: a neuron dead on [-1,1]^d: bias -(sum |a_j|) - 1/2 */
        mpq_ptr u = rr_qvec_new(d + 1), c = rr_qvec_new(k);
        q_set(u + d, "-1/2");
        for (long j = 0; j < d; j++) {
            rand_q(u + j, &r, 0);
            mpq_abs(t, u + j);
            mpq_sub(u + d, u + d, t);
        }
        for (long q = 0; q < k; q++)
            rand_q(c + q, &r, 0);
        sp_net(&before, &p);
        sp_push(&p, u, c);
        sp_net(&after, &p);
        assert_same_realization(&before, &after, &r, 30, 1);
        rr_net_clear(&before);
        rr_net_clear(&after);
        rr_qvec_free(u, d + 1);
        rr_qvec_free(c, k);
        rr_qvec_free(x, d);
        rr_qvec_free(y1, k);
        rr_qvec_free(y2, k);
        rr_qvec_free(A, k * (d + 1));
        mpq_clears(mu, t, NULL);
        rr_sp_clear(&p);
    }
    (void)err;
}

/* ---- diagnosis ----------------------------------------------------------- */

/* A 2-8-1 network with one neuron of each kind, on [-1,1]^2:
 *  0: (1, 0, 0)  c 1        ordinary, balanced
 *  1: (0, 0, 0)  c 0        zero
 *  2: (1, 1, 0)  c 0        no outgoing
 *  3: (0, 0, 2)  c 1        constant (a = 0)
 *  4: (1, 1, -3) c 1        dead on the box (max = -1)
 *  5: (1, 1, 5)  c 1        always active (min = 3)
 *  6: (2, 0, 0)  c 1        parallel to 0 (lambda = 2)
 *  7: (-3, 0, 0) c 1/2      opposite to 0 (mu = 3)  */
static const char *diag_net =
    "{\"version\": 1, \"architecture\": [2, 8, 1], \"layers\": ["
    "{\"weights\": [[\"1\",\"0\"],[\"0\",\"0\"],[\"1\",\"1\"],[\"0\",\"0\"],"
    "[\"1\",\"1\"],[\"1\",\"1\"],[\"2\",\"0\"],[\"-3\",\"0\"]],"
    " \"biases\": [\"0\",\"0\",\"0\",\"2\",\"-3\",\"5\",\"0\",\"0\"]},"
    "{\"weights\": [[\"1\",\"0\",\"0\",\"1\",\"1\",\"1\",\"1\",\"1/2\"]],"
    " \"biases\": [\"0\"]}]}";

static void test_diagnosis(void **state)
{
    (void)state;
    rr_net_t net;
    net_from_str(&net, diag_net);
    rr_degen_t dg;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_degen_analyze(&dg, &net, NULL, NULL, &err), err);
    assert_int_equal(dg.nlayer, 1);
    rr_dg_layer_t *L = &dg.layer[0];
    unsigned *f = L->flags;
    assert_int_equal(f[0] & ~(RR_DG_PARALLEL | RR_DG_OPPOSITE), 0);
    assert_true(f[0] & RR_DG_PARALLEL);
    assert_true(f[0] & RR_DG_OPPOSITE);
    assert_int_equal(f[1], RR_DG_ZERO);
    assert_true(f[2] & RR_DG_NO_OUT);
    assert_true(f[2] & RR_DG_UNBALANCED);
    assert_true(f[3] & RR_DG_CONST);
    assert_true(f[3] & RR_DG_ACTIVE);
    assert_true(f[4] & RR_DG_DEAD);
    assert_q_eq_str(L->zhi + 4, "-1");
    assert_q_eq_str(L->zlo + 5, "3");
    assert_true(f[5] & RR_DG_ACTIVE);
    assert_true(f[6] & RR_DG_PARALLEL);
    assert_true(f[6] & RR_DG_UNBALANCED);
    assert_true(f[7] & RR_DG_OPPOSITE);
    /* balance ratio squared of neuron 7: (1/4) / 9 */
    mpq_t q;
    mpq_init(q);
    mpq_div(q, L->out2 + 7, L->in2 + 7);
    assert_q_eq_str(q, "1/36");
    /* class of neuron 0: (1,0,0), jump 1*1 + 2*1 + 3*(1/2) = 9/2;
     * affine part of the opposite neuron: -(3 * 1/2) (1, 0, 0) */
    long q0 = L->cls[0];
    assert_int_equal(L->cls[6], q0);
    assert_int_equal(L->cls[7], q0);
    assert_q_eq_str(L->scale + 6, "2");
    assert_q_eq_str(L->scale + 7, "-3");
    assert_q_eq_str(L->jump + q0, "9/2");
    assert_q_eq_str(L->aff + q0 * 3 + 0, "-3/2");
    assert_int_equal(L->npos[q0], 2);
    assert_int_equal(L->nneg[q0], 1);
    assert_int_equal(L->npair, 1);
    assert_int_equal(L->pair_rank, 1);
    assert_int_equal(L->kdim, 0);
    /* neurons 2, 4 and 5 are parallel?  (1,1,0), (1,1,-3), (1,1,5): no */
    assert_true(L->cls[2] != L->cls[4] && L->cls[4] != L->cls[5]);
    /* restricted set */
    long idx[8];
    assert_int_equal(rr_degen_violations(idx, L, RR_R2), 2);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 6);
    {   /* the per-layer R2 decision of rr_dgstep.h agrees */
        mpq_t lam, t;
        mpq_init(lam);
        mpq_init(t);
        assert_int_equal(rr_dg_pos_parallel_pair(L->in, L->m, L->n + 1, lam, t), 1);
        mpq_clear(lam);
        mpq_clear(t);
    }
    assert_int_equal(rr_degen_violations(idx, L, RR_R3), 0);
    assert_int_equal(rr_degen_violations(idx, L, RR_R4), 1);
    assert_int_equal(idx[0], 3);
    assert_int_equal(rr_degen_restricted(&dg), 0);
    mpq_clear(q);
    rr_degen_clear(&dg);
    rr_net_clear(&net);
}

/* The pathology networks of MATH.md section 4 are not restricted. */
static void test_pathologies_not_restricted(void **state)
{
    (void)state;
    rr_net_t net;
    rr_degen_t dg;
    rr_err_t err;
    long idx[8];
    /* P1: a = (r, 0), c = 0: violates R1 (unbalanced) only */
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
                       "{\"weights\": [[\"5\", \"0\"]], \"biases\": [\"0\"]},"
                       "{\"weights\": [[\"0\"]], \"biases\": [\"0\"]}]}");
    RR_OK_OR_FAIL(rr_degen_analyze(&dg, &net, NULL, NULL, &err), err);
    assert_int_equal(rr_degen_restricted(&dg), 0);
    assert_int_equal(rr_degen_violations(idx, &dg.layer[0], RR_R1), 1);
    assert_int_equal(rr_degen_violations(idx, &dg.layer[0], RR_R2), 0);
    assert_int_equal(rr_degen_violations(idx, &dg.layer[0], RR_R3), 0);
    assert_int_equal(rr_degen_violations(idx, &dg.layer[0], RR_R4), 0);
    rr_degen_clear(&dg);
    rr_net_clear(&net);
    /* P2 (d = 2, m = 3): rows a_i, -a_i with sum a_i = 0, c = (1,1,1,-1,-1,-1):
     * each a_i is balanced?  ||(1,0,0)|| = 1 = |c|: R1 holds for the first
     * two pairs, not for (-1,-1): violates R3 (dependent) */
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 6, 1], \"layers\": ["
                       "{\"weights\": [[\"1\",\"0\"],[\"0\",\"1\"],[\"-1\",\"-1\"],"
                       "[\"-1\",\"0\"],[\"0\",\"-1\"],[\"1\",\"1\"]],"
                       " \"biases\": [\"0\",\"0\",\"0\",\"0\",\"0\",\"0\"]},"
                       "{\"weights\": [[\"1\",\"1\",\"1\",\"-1\",\"-1\",\"-1\"]],"
                       " \"biases\": [\"0\"]}]}");
    RR_OK_OR_FAIL(rr_degen_analyze(&dg, &net, NULL, NULL, &err), err);
    rr_dg_layer_t *L = &dg.layer[0];
    assert_int_equal(rr_degen_restricted(&dg), 0);
    assert_int_equal(L->npair, 3);
    assert_int_equal(L->pair_rank, 2);
    assert_int_equal(L->kdim, 1);
    assert_int_equal(rr_degen_violations(idx, L, RR_R3), 6);
    assert_int_equal(rr_degen_violations(idx, L, RR_R2), 0);
    /* the opposite classes carry the affine part sum a_i x = 0 and every
     * jump is 0: they realize the zero function */
    assert_int_equal(rr_dg_is_zero(L->pair_aff, 3), 1);
    assert_int_equal(rr_dg_is_zero(L->jump, L->nclass), 1);
    rr_degen_clear(&dg);
    /* and P2's Gamma normalizes to the zero network */
    rr_normal_t nf;
    normalize(&nf, &net, 0);
    assert_int_equal(nf.inv.n, 0);
    assert_int_equal(nf.width_out, 0);
    assert_int_equal(nf.net.width[1], 1);
    assert_int_equal(rr_dg_is_zero(nf.net.w[0], 2), 1);
    assert_int_equal(mpq_sgn(nf.net.w[1]), 0);
    assert_int_equal(mpq_sgn(nf.net.b[0]), 0);
    assert_int_equal(mpq_sgn(nf.net.b[1]), 0);
    assert_int_equal(nf.stats.cancelled, 6);
    rr_normal_clear(&nf);
    rr_net_clear(&net);
}

/* ---- normal form, by hand ------------------------------------------------ */

static void test_normal_by_hand(void **state)
{
    (void)state;
    rr_net_t net;
    rr_normal_t nf;
    /* f(x) = 2 rho(x - 1) - 3 rho(-x) + 1/2 = 2 rho(x-1) - 3 rho(x) + 3x + 1/2:
     * classes (1,-1): 2 and (1,0): -3, lin 3, cst 1/2; the narrowest
     * representation is the input itself ("+-"), in sorted order. */
    net_from_str(&net, "{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
                       "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"-1\", \"0\"]},"
                       "{\"weights\": [[\"2\", \"-3\"]], \"biases\": [\"1/2\"]}]}");
    normalize(&nf, &net, 0);
    assert_int_equal(nf.inv.n, 2);
    assert_q_eq_str(nf.inv.dir + 0, "1");
    assert_q_eq_str(nf.inv.dir + 1, "-1");
    assert_q_eq_str(nf.inv.dir + 2, "1");
    assert_q_eq_str(nf.inv.dir + 3, "0");
    assert_q_eq_str(nf.inv.jump + 0, "2");
    assert_q_eq_str(nf.inv.jump + 1, "-3");
    assert_q_eq_str(nf.inv.lin, "3");
    assert_q_eq_str(nf.inv.cst, "1/2");
    assert_int_equal(nf.rep.orient[0], '+');
    assert_int_equal(nf.rep.orient[1], '-');
    assert_int_equal(nf.width_out, 2);
    assert_true(nf.search_complete);
    assert_q_eq_str(rr_net_weight(&nf.net, 0, 0, 0), "-1");
    assert_q_eq_str(rr_net_bias(&nf.net, 0, 0), "0");
    assert_q_eq_str(rr_net_weight(&nf.net, 1, 0, 0), "-3");
    assert_q_eq_str(rr_net_weight(&nf.net, 0, 1, 0), "1");
    assert_q_eq_str(rr_net_bias(&nf.net, 0, 1), "-1");
    assert_q_eq_str(rr_net_weight(&nf.net, 1, 0, 1), "2");
    assert_q_eq_str(rr_net_bias(&nf.net, 1, 0), "1/2");
    rr_normal_clear(&nf);
    rr_net_clear(&net);
    /* f(x) = x written as 3 rho(2x + 2) - 6 rho(-x - 1) - 6 + ... :
     * 3 rho(2x+2) - 6 rho(-x-1) = 6 rho(x+1) - 6 rho(-x-1) = 6x + 6, so
     * with bias -6 and an extra -5x from rho(x) - rho(-x) scaled by -5:
     * f(x) = 6x + 6 - 6 - 5x = x.  No kink survives; the normal form is
     * one opposite pair along (1, 0): rho(x) - rho(-x), width 2. */
    net_from_str(&net, "{\"version\": 1, \"architecture\": [1, 4, 1], \"layers\": ["
                       "{\"weights\": [[\"2\"], [\"-1\"], [\"1\"], [\"-1\"]],"
                       " \"biases\": [\"2\", \"-1\", \"0\", \"0\"]},"
                       "{\"weights\": [[\"3\", \"-6\", \"-5\", \"5\"]], \"biases\": [\"-6\"]}]}");
    normalize(&nf, &net, 0);
    assert_int_equal(nf.inv.n, 0);
    assert_q_eq_str(nf.inv.lin, "1");
    assert_q_eq_str(nf.inv.cst, "0");
    assert_int_equal(nf.width_out, 2);
    assert_q_eq_str(rr_net_weight(&nf.net, 0, 0, 0), "-1");
    assert_q_eq_str(rr_net_weight(&nf.net, 1, 0, 0), "-1");
    assert_q_eq_str(rr_net_weight(&nf.net, 0, 1, 0), "1");
    assert_q_eq_str(rr_net_weight(&nf.net, 1, 0, 1), "1");
    assert_q_eq_str(rr_net_bias(&nf.net, 1, 0), "0");
    rr_rand_t r;
    rr_rand_seed(&r, 7);
    assert_same_realization(&net, &nf.net, &r, 30, 0);
    rr_normal_clear(&nf);
    rr_net_clear(&net);
}

/* ---- normal form: realization, idempotence, canonicity ------------------- */

static void check_normal(const rr_net_t *net, int box, rr_rand_t *r)
{
    rr_normal_t nf, nf2;
    normalize(&nf, net, box);
    assert_same_realization(net, &nf.net, r, 25, box);
    if (nf.search_complete || nf.kind != RR_NF_SHALLOW)
        assert_true(nf.width_ok);
    normalize(&nf2, &nf.net, box);
    assert_true(rr_net_equal(&nf.net, &nf2.net)); /* idempotent */
    if (nf.kind == RR_NF_SHALLOW)
        assert_true(rr_inv_equal(&nf.inv, &nf2.inv));
    /* the normal form has no zero, dead, constant or parallel neurons */
    rr_degen_t dg;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_degen_analyze(&dg, &nf.net, NULL, NULL, &err), err);
    for (long l = 0; l < dg.nlayer; l++) {
        rr_dg_layer_t *L = &dg.layer[l];
        long idx[64];
        if (L->m == 1 && (L->flags[0] & RR_DG_ZERO))
            continue; /* the zero network's padding */
        assert_int_equal(rr_degen_violations(idx, L, RR_R2), 0);
        {
            mpq_t lam, t;
            mpq_init(lam);
            mpq_init(t);
            assert_int_equal(rr_dg_pos_parallel_pair(L->in, L->m, L->n + 1, lam, t), 0);
            mpq_clear(lam);
            mpq_clear(t);
        }
        for (long i = 0; i < L->m; i++) {
            assert_false(L->flags[i] & (RR_DG_ZERO | RR_DG_NO_IN | RR_DG_NO_OUT |
                                        RR_DG_CONST));
            if (box)
                assert_false(L->flags[i] & RR_DG_DEAD);
            if (box && nf.kind == RR_NF_SHALLOW && (L->flags[i] & RR_DG_ACTIVE))
                continue; /* the box form's affine neurons */
        }
        if (nf.kind == RR_NF_SHALLOW && !box && nf.search_complete)
            assert_int_equal(rr_degen_violations(idx, L, RR_R3), 0);
    }
    rr_degen_clear(&dg);
    rr_normal_clear(&nf);
    rr_normal_clear(&nf2);
}

static void test_normal_random(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 406);
    for (int trial = 0; trial < 60; trial++) {
        int depth = trial < 40 ? 2 : 3 + trial % 2;
        long w[5] = {1 + (long)rr_rand_below(&r, 3), 0, 0, 0, 0};
        for (int q = 1; q < depth; q++)
            w[q] = 1 + (long)rr_rand_below(&r, 6);
        w[depth] = 1 + (long)rr_rand_below(&r, 2);
        rr_net_t net;
        rand_net(&net, &r, depth, w, trial % 3 == 0 ? 2 : 0);
        check_normal(&net, 0, &r);
        check_normal(&net, 1, &r);
        rr_net_clear(&net);
    }
}

/* Deep networks: copies related by S1, S2, S3 and inserted neurons with
 * zero outgoing weights have the same layerwise normal form. */
static void test_layerwise_canonical(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 408);
    rr_err_t err;
    for (int trial = 0; trial < 30; trial++) {
        int depth = 3 + trial % 2;
        long w[5] = {1 + (long)rr_rand_below(&r, 3), 0, 0, 0, 0};
        for (int q = 1; q < depth; q++)
            w[q] = 1 + (long)rr_rand_below(&r, 4);
        w[depth] = 1 + (long)rr_rand_below(&r, 2);
        rr_net_t net, cur, nxt;
        rand_net(&net, &r, depth, w, 0);
        rr_normal_t nf0, nf;
        normalize(&nf0, &net, 0);
        RR_OK_OR_FAIL(rr_net_init_copy(&cur, &net, &err), err);
        for (int s = 0; s < 8; s++) {
            int l = 1 + (int)rr_rand_below(&r, (uint64_t)(depth - 1));
            apply_random_symmetry(&nxt, &cur, l, (int)rr_rand_below(&r, 4), &r);
            rr_net_clear(&cur);
            cur = nxt;
        }
        normalize(&nf, &cur, 0);
        assert_true(rr_net_equal(&nf0.net, &nf.net));
        rr_normal_clear(&nf);
        rr_normal_clear(&nf0);
        rr_net_clear(&net);
        rr_net_clear(&cur);
    }
}

/* Re-parametrize p at random: permute, rescale, split a neuron into
 * parallel copies, add zero / dead / no-outgoing neurons, add a cancelling
 * parallel pair and a cancelling family of opposite pairs (P2-like). */
static void reparametrize(rr_sp_t *p, rr_rand_t *r)
{
    long d = p->d, k = p->k, n1 = d + 1;
    mpq_ptr u = rr_qvec_new(n1), c = rr_qvec_new(k), u2 = rr_qvec_new(n1);
    mpq_t lam, s, t;
    mpq_inits(lam, s, t, NULL);
    for (int step = 0; step < 8; step++) {
        int which = (int)rr_rand_below(r, 8);
        long i = p->w ? (long)rr_rand_below(r, (uint64_t)p->w) : 0;
        if (p->w == 0 && which < 3)
            which = 3;
        switch (which) {
        case 0: { /* S1 */
            long j = (long)rr_rand_below(r, (uint64_t)p->w);
            for (long x = 0; x < n1; x++)
                mpq_swap(p->U + i * n1 + x, p->U + j * n1 + x);
            for (long x = 0; x < k; x++)
                mpq_swap(p->C + i * k + x, p->C + j * k + x);
            break;
        }
        case 1: /* S2 */
            rand_pos(lam, r);
            rr_dg_rescale(p->U + i * n1, n1, p->C + i * k, k, lam);
            break;
        case 2: /* S3: split neuron i into (u, s c) and (lam u, (1-s) c / lam) */
            rand_pos(lam, r);
            rand_q(s, r, 0);
            for (long x = 0; x < n1; x++)
                mpq_mul(u + x, p->U + i * n1 + x, lam);
            for (long x = 0; x < k; x++) {
                mpq_set_ui(t, 1, 1);
                mpq_sub(t, t, s);
                mpq_mul(t, t, p->C + i * k + x);
                mpq_div(c + x, t, lam);
                mpq_mul(p->C + i * k + x, p->C + i * k + x, s);
            }
            sp_push(p, u, c);
            break;
        case 3: /* zero incoming, random outgoing */
            for (long x = 0; x < n1; x++)
                mpq_set_ui(u + x, 0, 1);
            for (long x = 0; x < k; x++)
                rand_q(c + x, r, 0);
            sp_push(p, u, c);
            break;
        case 4: /* dead everywhere: a = 0, b < 0 */
            for (long x = 0; x < d; x++)
                mpq_set_ui(u + x, 0, 1);
            rand_pos(u + d, r);
            mpq_neg(u + d, u + d);
            for (long x = 0; x < k; x++)
                rand_q(c + x, r, 0);
            sp_push(p, u, c);
            break;
        case 5: /* cancelling parallel pair (v, c), (lam v, -c / lam) */
            for (long x = 0; x < n1; x++)
                rand_q(u + x, r, 0);
            mpq_set_ui(u, 1, 1); /* nonzero x-part */
            for (long x = 0; x < k; x++)
                rand_q(c + x, r, 0);
            sp_push(p, u, c);
            rand_pos(lam, r);
            for (long x = 0; x < n1; x++)
                mpq_mul(u + x, u + x, lam);
            for (long x = 0; x < k; x++) {
                mpq_div(c + x, c + x, lam);
                mpq_neg(c + x, c + x);
            }
            sp_push(p, u, c);
            break;
        case 7: /* other orientation: c rho(u) = c rho(-u) + c <u, (x,1)>,
                   the affine part by a new pair (v, c), (-v, -c) with
                   v = (a, t), t random, and e += c (b - t) */
            if (!p->w || rr_dg_is_zero(p->U + i * n1, d))
                break;
            rand_q(s, r, 0);
            for (long x = 0; x < d; x++)
                mpq_set(u + x, p->U + i * n1 + x);
            mpq_set(u + d, s);
            for (long x = 0; x < k; x++)
                mpq_set(c + x, p->C + i * k + x);
            for (long x = 0; x < k; x++) {
                mpq_sub(t, p->U + i * n1 + d, s);
                mpq_mul(t, t, c + x);
                mpq_add(p->e + x, p->e + x, t);
            }
            for (long x = 0; x < n1; x++)
                mpq_neg(p->U + i * n1 + x, p->U + i * n1 + x);
            sp_push(p, u, c);
            for (long x = 0; x < n1; x++)
                mpq_neg(u + x, u + x);
            for (long x = 0; x < k; x++)
                mpq_neg(c + x, c + x);
            sp_push(p, u, c);
            break;
        default: { /* P2-like family: pairs (a_i, c), (-a_i, -c), sum a_i = 0 */
            for (long x = 0; x < k; x++)
                rand_q(c + x, r, 0);
            for (long x = 0; x < n1; x++)
                mpq_set_ui(u2 + x, 0, 1);
            for (int q = 0; q < 3; q++) {
                for (long x = 0; x < n1; x++) {
                    if (q < 2)
                        rand_q(u + x, r, 0);
                    else
                        mpq_neg(u + x, u2 + x);
                    if (q < 2)
                        mpq_add(u2 + x, u2 + x, u + x);
                }
                sp_push(p, u, c);
                for (long x = 0; x < n1; x++)
                    mpq_neg(u + x, u + x);
                for (long x = 0; x < k; x++)
                    mpq_neg(c + x, c + x);
                sp_push(p, u, c);
                for (long x = 0; x < k; x++)
                    mpq_neg(c + x, c + x);
            }
            break;
        }
        }
    }
    rr_qvec_free(u, n1);
    rr_qvec_free(u2, n1);
    rr_qvec_free(c, k);
    mpq_clears(lam, s, t, NULL);
}

static void test_same_normal_form(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 407);
    rr_err_t err;
    for (int trial = 0; trial < 40; trial++) {
        long d = 1 + trial % 3, k = 1 + (trial / 3) % 2, w = 1 + trial % 5;
        rr_sp_t base;
        rand_sp(&base, &r, w, d, k, trial % 4 == 0 ? 2 : 0);
        if (trial % 2) { /* a linear part: (v, a), (-v, -a) */
            mpq_ptr v = rr_qvec_new(d + 1), a = rr_qvec_new(k);
            for (long x = 0; x <= d; x++)
                rand_q(v + x, &r, 0);
            mpq_set_si(v, 1 + trial % 3, 1);
            for (long x = 0; x < k; x++)
                rand_q(a + x, &r, 0);
            sp_push(&base, v, a);
            for (long x = 0; x <= d; x++)
                mpq_neg(v + x, v + x);
            for (long x = 0; x < k; x++)
                mpq_neg(a + x, a + x);
            sp_push(&base, v, a);
            rr_qvec_free(v, d + 1);
            rr_qvec_free(a, k);
        }
        rr_net_t net0;
        sp_net(&net0, &base);
        rr_normal_t nf0;
        normalize(&nf0, &net0, 0);
        rr_normal_t nb0;
        normalize(&nb0, &net0, 1);
        if (getenv("RR_DEBUG"))
            printf("trial %d: d=%ld k=%ld m=%ld: n=%ld orient=%s r=%ld "
                   "width=%ld | box n=%ld orient=%s r=%ld width=%ld\n",
                   trial, d, k, base.w, nf0.inv.n, nf0.rep.orient, nf0.rep.r,
                   nf0.width_out, nb0.inv.n, nb0.rep.orient, nb0.rep.r,
                   nb0.width_out);
        for (int copy = 0; copy < 4; copy++) {
            rr_sp_t p;
            RR_OK_OR_FAIL(rr_sp_init(&p, base.w, d, k, &err), err);
            for (long x = 0; x < base.w * (d + 1); x++)
                mpq_set(p.U + x, base.U + x);
            for (long x = 0; x < base.w * k; x++)
                mpq_set(p.C + x, base.C + x);
            for (long x = 0; x < k; x++)
                mpq_set(p.e + x, base.e + x);
            reparametrize(&p, &r);
            rr_net_t net;
            sp_net(&net, &p);
            assert_same_realization(&net0, &net, &r, 15, 0);
            rr_normal_t nf;
            normalize(&nf, &net, 0);
            assert_true(rr_inv_equal(&nf0.inv, &nf.inv));
            assert_true(rr_net_equal(&nf0.net, &nf.net));
            rr_normal_clear(&nf);
            rr_normal_t nb;
            normalize(&nb, &net, 1);
            assert_true(rr_inv_equal(&nb0.inv, &nb.inv));
            assert_true(rr_net_equal(&nb0.net, &nb.net));
            rr_normal_clear(&nb);
            rr_net_clear(&net);
            rr_sp_clear(&p);
        }
        rr_normal_clear(&nf0);
        rr_normal_clear(&nb0);
        rr_net_clear(&net0);
        rr_sp_clear(&base);
    }
}

/* ---- normal form: the "equal on R^d" / "equal on the box" claim ---------- */

/* Number of points of pts (n x d) where a and b differ (exactly). */
static int count_differ(const rr_net_t *a, const rr_net_t *b, mpq_srcptr pts,
                        long n)
{
    long d = a->width[0], k = a->width[a->depth];
    mpq_ptr ya = rr_qvec_new(k), yb = rr_qvec_new(k);
    int nd = 0;
    for (long t = 0; t < n; t++) {
        eval_exact(ya, a, pts + t * d, 0);
        eval_exact(yb, b, pts + t * d, 0);
        for (long i = 0; i < k; i++)
            if (!mpq_equal(ya + i, yb + i)) {
                nd++;
                break;
            }
    }
    rr_qvec_free(ya, k);
    rr_qvec_free(yb, k);
    return nd;
}

enum { CLAIM_NPTS = 40 };

/* CLAIM_NPTS points (CLAIM_NPTS x d): outside = 1, every point has a
 * coordinate outside [-1, 1] (the first ones: all coordinates from
 * {-3, 5/2, 7}); else points of the box [lo, hi] (corners, the centre,
 * random rationals in it). */
static mpq_ptr claim_points(const rr_net_t *net, int outside, rr_rand_t *r)
{
    static const char *const fixed[] = {"-3", "5/2", "7"};
    long d = net->width[0];
    mpq_ptr pts = rr_qvec_new(CLAIM_NPTS * d);
    mpq_t u;
    mpq_init(u);
    for (long t = 0; t < CLAIM_NPTS; t++) {
        mpq_ptr x = pts + t * d;
        for (long j = 0; j < d; j++) {
            if (outside && t < 9) { /* {-3, 5/2, 7}^d, cycled */
                long v = t;
                for (long q = 0; q < j; q++)
                    v /= 3;
                q_set(x + j, fixed[(v + j) % 3]);
            } else if (outside) { /* rationals in [-12, 12] */
                mpq_set_si(x + j, rr_rand_range(r, -96, 96),
                           (unsigned long)rr_rand_range(r, 1, 8));
                mpq_canonicalize(x + j);
            } else if (t < 4) { /* corners, the centre */
                mpq_srcptr c = (t == 0 || (t == 2 && j % 2)) ? net->lo + j
                                                             : net->hi + j;
                if (t == 3) {
                    mpq_add(x + j, net->lo + j, net->hi + j);
                    mpq_div_2exp(x + j, x + j, 1);
                } else
                    mpq_set(x + j, c);
            } else { /* lo + (hi - lo) * u, u in [0, 1] */
                mpq_set_si(u, rr_rand_range(r, 0, 16), 16);
                mpq_canonicalize(u);
                mpq_sub(x + j, net->hi + j, net->lo + j);
                mpq_mul(x + j, x + j, u);
                mpq_add(x + j, x + j, net->lo + j);
            }
        }
        if (outside && t >= 9) { /* push one coordinate out of [-1, 1] */
            long j = (long)rr_rand_below(r, (uint64_t)d);
            if (mpq_cmp_si(x + j, -1, 1) >= 0 && mpq_cmp_si(x + j, 1, 1) <= 0)
                mpq_set_si(x + j, t % 2 ? -3 : 7, 1);
        }
    }
    mpq_clear(u);
    return pts;
}

/* Normalize net on R^d and on its domain box and check the claims: the
 * R^d form and any box form claiming R^d (box_used == 0) equal net at
 * points outside the box; a box form claiming the box equals it inside.
 * Returns the box form's claim (1 = box); *only_extra := the box claim
 * came from the always-active extra neurons alone (shallow, no dead or
 * always-active input neuron). */
static int check_claim(const rr_net_t *net, rr_rand_t *r, int *only_extra)
{
    long d = net->width[0];
    mpq_ptr out = claim_points(net, 1, r), in = claim_points(net, 0, r);
    rr_normal_t nf;
    normalize(&nf, net, 0);
    assert_false(nf.on_box);
    assert_false(nf.box_used);
    assert_int_equal(count_differ(net, &nf.net, out, CLAIM_NPTS), 0);
    assert_int_equal(count_differ(net, &nf.net, in, CLAIM_NPTS), 0);
    rr_normal_clear(&nf);
    normalize(&nf, net, 1);
    assert_true(nf.on_box);
    assert_int_equal(count_differ(net, &nf.net, in, CLAIM_NPTS), 0);
    int box = nf.box_used;
    if (!box) /* claims R^d: equal off the box too */
        assert_int_equal(count_differ(net, &nf.net, out, CLAIM_NPTS), 0);
    if (nf.kind == RR_NF_SHALLOW) {
        /* box exactly when a box-dependent step was taken */
        assert_int_equal(box, nf.stats.dead + nf.stats.active > 0 ||
                                  nf.rep.r > 0);
        *only_extra = box && !nf.stats.dead && !nf.stats.active;
        /* the extra always-active neurons differ from their affine part
         * off the box: then the claim R^d would be false */
        if (*only_extra)
            assert_true(count_differ(net, &nf.net, out, CLAIM_NPTS) > 0);
    } else {
        assert_int_equal(box, nf.kind == RR_NF_LAYERWISE && nf.stats.dead > 0);
        *only_extra = 0;
    }
    rr_normal_clear(&nf);
    rr_qvec_free(out, CLAIM_NPTS * d);
    rr_qvec_free(in, CLAIM_NPTS * d);
    return box;
}

static void test_normal_claim(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int box;    /* expected claim of the box form */
        int differ; /* the box form differs from the network off the box */
    } hand[] = {
        /* rho(x) - rho(-x) = x on [-1, 1]: the box form rho(x + 1) - 1 is
         * equal on the box only (it is -1 at x = -3) */
        {"{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"0\"]}]}", 1, 1},
        /* rho(x - 1/2) + 2 rho(-x - 1/2): both kinks cross the box and the
         * orientations "+-" carry the whole affine part: equal on R^d */
        {"{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"-1/2\", \"-1/2\"]},"
         "{\"weights\": [[\"1\", \"2\"]], \"biases\": [\"1/4\"]}]}", 0, 0},
        /* rho(x) + rho(x - 3): dead on [-1, 1] */
        {"{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"1\"]], \"biases\": [\"0\", \"-3\"]},"
         "{\"weights\": [[\"1\", \"1\"]], \"biases\": [\"0\"]}]}", 1, 1},
        /* rho(x) + rho(x + 3): always active on [-1, 1] */
        {"{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"1\"]], \"biases\": [\"0\", \"3\"]},"
         "{\"weights\": [[\"1\", \"1\"]], \"biases\": [\"0\"]}]}", 1, 1},
        /* 2-D: rho(x1) - rho(-x1) + rho(x2 - 1/2): x1 needs an extra
         * always-active neuron on the box */
        {"{\"version\": 1, \"architecture\": [2, 3, 1], \"layers\": ["
         "{\"weights\": [[\"1\", \"0\"], [\"-1\", \"0\"], [\"0\", \"1\"]],"
         " \"biases\": [\"0\", \"0\", \"-1/2\"]},"
         "{\"weights\": [[\"1\", \"-1\", \"1\"]], \"biases\": [\"0\"]}]}", 1, 1},
        /* 2-D, two outputs, no box-dependent step */
        {"{\"version\": 1, \"architecture\": [2, 2, 2], \"layers\": ["
         "{\"weights\": [[\"1\", \"1\"], [\"1\", \"-1\"]],"
         " \"biases\": [\"0\", \"1/2\"]},"
         "{\"weights\": [[\"1\", \"-2\"], [\"3\", \"0\"]],"
         " \"biases\": [\"1\", \"-1\"]}]}", 0, 0},
        /* deep: rho(rho(x) + rho(-x) - 5) is dead on [-1, 1] (|x| - 5 <= -4)
         * but 2 at x = 7 */
        {"{\"version\": 1, \"architecture\": [1, 2, 1, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"1\"]], \"biases\": [\"-5\"]},"
         "{\"weights\": [[\"1\"]], \"biases\": [\"0\"]}]}", 1, 1},
        /* deep, nothing dead: layerwise steps only, equal on R^d */
        {"{\"version\": 1, \"architecture\": [1, 2, 1, 1], \"layers\": ["
         "{\"weights\": [[\"2\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"1/2\"]},"
         "{\"weights\": [[\"3\"]], \"biases\": [\"0\"]}]}", 0, 0},
    };
    rr_rand_t r;
    rr_rand_seed(&r, 412);
    for (size_t h = 0; h < sizeof hand / sizeof *hand; h++) {
        rr_net_t net;
        net_from_str(&net, hand[h].json);
        int only_extra;
        int box = check_claim(&net, &r, &only_extra);
        if (box != hand[h].box)
            fail_msg("hand network %zu: claim %s, expected %s", h,
                     box ? "box" : "R^d", hand[h].box ? "box" : "R^d");
        if (hand[h].differ) { /* the box claim is needed */
            rr_normal_t nf;
            normalize(&nf, &net, 1);
            mpq_ptr out = claim_points(&net, 1, &r);
            assert_true(count_differ(&net, &nf.net, out, CLAIM_NPTS) > 0);
            rr_qvec_free(out, CLAIM_NPTS * net.width[0]);
            rr_normal_clear(&nf);
        }
        rr_net_clear(&net);
    }
    /* the first one by hand: rho(x + 1) - 1, 1 at x = 7 ... -1 at x = -3 */
    {
        rr_net_t net;
        net_from_str(&net, hand[0].json);
        rr_normal_t nf;
        normalize(&nf, &net, 1);
        assert_true(nf.box_used);
        assert_int_equal(nf.rep.r, 1);
        assert_int_equal(nf.net.width[1], 1);
        assert_q_eq_str(rr_net_weight(&nf.net, 0, 0, 0), "1");
        assert_q_eq_str(rr_net_bias(&nf.net, 0, 0), "1");
        assert_q_eq_str(rr_net_weight(&nf.net, 1, 0, 0), "1");
        assert_q_eq_str(rr_net_bias(&nf.net, 1, 0), "-1");
        rr_normal_clear(&nf);
        rr_net_clear(&net);
    }
    /* random shallow and deep networks (integer weights: many cancelling
     * opposite pairs, dead and always-active neurons) */
    int nbox = 0, nrd = 0, nextra = 0, ndeepbox = 0, ndeeprd = 0;
    for (int trial = 0; trial < 160; trial++) {
        int depth = trial < 100 ? 2 : 3 + trial % 2;
        long w[5] = {1 + (long)rr_rand_below(&r, 3), 0, 0, 0, 0};
        for (int q = 1; q < depth; q++)
            w[q] = 1 + (long)rr_rand_below(&r, 6);
        w[depth] = 1 + (long)rr_rand_below(&r, 2);
        rr_net_t net;
        rand_net(&net, &r, depth, w, trial % 3 ? 2 : 0);
        int only_extra;
        int box = check_claim(&net, &r, &only_extra);
        if (depth == 2) {
            nbox += box;
            nrd += !box;
            nextra += only_extra;
        } else {
            ndeepbox += box;
            ndeeprd += !box;
        }
        rr_net_clear(&net);
    }
    /* every kind of claim was exercised */
    assert_true(nbox > 0 && nrd > 0 && nextra > 0);
    assert_true(ndeepbox > 0 && ndeeprd > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core_steps),
        cmocka_unit_test(test_symmetries_preserve),
        cmocka_unit_test(test_fold_and_dead),
        cmocka_unit_test(test_diagnosis),
        cmocka_unit_test(test_pathologies_not_restricted),
        cmocka_unit_test(test_normal_by_hand),
        cmocka_unit_test(test_normal_random),
        cmocka_unit_test(test_same_normal_form),
        cmocka_unit_test(test_layerwise_canonical),
        cmocka_unit_test(test_normal_claim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
