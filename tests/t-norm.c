/* t-norm.c -- Sobolev norms on boxes (spec/norms.md): closed forms (B-E-G
 * P1, P2, P4), bias-free homogeneity, 1-D networks against an independent
 * piecewise-linear calculus on sorted breakpoints, random 2-D shallow
 * networks against an independent brute force (all pairs of lines, slab
 * decomposition), degenerate arrangements for the vertex method (folded
 * and coincident hyperplanes, lines through one point, planes through one
 * line) against region enumeration, deep networks (exact region
 * enumeration against branch and bound), witnesses re-evaluated here, the
 * difference network, the box parser and the command line. */
#define _POSIX_C_SOURCE 200809L
#include "rr_cli_test.h"

#include <jansson.h>

#include "rr_diffnet.h"
#include "rr_norm.h"

/* ---- helpers -------------------------------------------------------------- */

static void norms(rr_norm_result_t *r, const rr_net_t *net, mpq_srcptr lo,
                  mpq_srcptr hi, rr_norm_method m, rr_gradnorm g,
                  long max_nodes)
{
    rr_norm_opts_t o;
    rr_norm_opts_default(&o);
    o.method = m;
    o.grad = g;
    o.budget = 600;
    o.max_nodes = max_nodes;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_norm_compute(r, net, lo, hi, &o, &err), err);
}

/* Expected values: for l2, the square of the value. */
static void assert_exact_q(const rr_nbound_t *b, mpq_srcptr v, int is_sqrt,
                           const char *what)
{
    if (!b->exact)
        fail_msg("%s: not exact", what);
    if (b->lo.is_sqrt != is_sqrt || !mpq_equal(b->lo.q, v)) {
        char *g = rr_q_str(b->lo.q), *e = rr_q_str(v);
        fail_msg("%s: expected %s%s, got %s%s", what, is_sqrt ? "sqrt " : "",
                 e, b->lo.is_sqrt ? "sqrt " : "", g);
    }
}

static void assert_exact_str(const rr_nbound_t *b, const char *v,
                             int is_sqrt, const char *what)
{
    mpq_t q;
    mpq_init(q);
    q_set(q, v);
    assert_exact_q(b, q, is_sqrt, what);
    mpq_clear(q);
}

/* lo <= v <= hi for an exact value v (squared when is_sqrt): the attained
 * lower end must not exceed v, the certified upper bound must not be below
 * it (compared exactly: hi is a binary number). */
static void assert_brackets(const rr_nbound_t *b, mpq_srcptr v, int is_sqrt,
                            const char *what)
{
    mpq_t lo2, hi;
    mpq_init(lo2);
    mpq_init(hi);
    mpq_set(lo2, b->lo.q);
    if (b->lo.is_sqrt != is_sqrt)
        fail_msg("%s: kinds differ", what);
    if (mpq_cmp(lo2, v) > 0)
        fail_msg("%s: attained lower end above the exact value", what);
    assert_true(mpfr_number_p(b->hi_up));
    mpfr_get_q(hi, b->hi_up);
    if (is_sqrt)
        mpq_mul(hi, hi, hi);
    if (mpq_cmp(hi, v) < 0)
        fail_msg("%s: upper bound below the exact value", what);
    if (b->exact && !mpq_equal(lo2, v))
        fail_msg("%s: claimed exact but differs", what);
    mpq_clear(lo2);
    mpq_clear(hi);
}

/* The gradient norm of g (d entries) computed here: l2 squared, l1, linf. */
static void my_gnorm(mpq_ptr out, mpq_srcptr g, long d, rr_gradnorm kind)
{
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(out, 0, 1);
    for (long i = 0; i < d; i++) {
        if (kind == RR_GRAD_L2) {
            mpq_mul(t, g + i, g + i);
            mpq_add(out, out, t);
        } else {
            mpq_abs(t, g + i);
            if (kind == RR_GRAD_L1)
                mpq_add(out, out, t);
            else if (mpq_cmp(t, out) > 0)
                mpq_set(out, t);
        }
    }
    mpq_clear(t);
}

/* Re-evaluate every witness of r with the realization engine, here. */
static void check_witnesses(const rr_net_t *net, const rr_norm_result_t *r)
{
    long d = r->d, k = r->k;
    rr_mode_t m = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_eval_new(&ev, net, m, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    mpq_t v;
    mpq_init(v);
    for (long j = 0; j < k; j++) {
        const rr_nbound_t *bs[3] = {&r->linf[j], &r->semi[j], &r->w1[j]};
        for (int t = 0; t < 3; t++) {
            const rr_nbound_t *b = bs[t];
            assert_true(b->known);
            for (long i = 0; i < d; i++) {
                assert_true(mpq_cmp(b->x + i, r->lo + i) >= 0);
                assert_true(mpq_cmp(b->x + i, r->hi + i) <= 0);
            }
            if (b->wit == RR_WIT_VALUE) {
                RR_OK_OR_FAIL(rr_eval_point(ev, &res, b->x, 0, &err), err);
                assert_true(mpq_equal(res.q + b->comp, b->fx));
                mpq_abs(v, res.q + b->comp);
                assert_false(b->lo.is_sqrt);
                assert_true(mpq_equal(v, b->lo.q));
            } else {
                assert_int_equal(b->wit, RR_WIT_GRAD);
                for (long i = 0; i < d; i++) { /* open box */
                    assert_true(mpq_cmp(b->x + i, r->lo + i) > 0);
                    assert_true(mpq_cmp(b->x + i, r->hi + i) < 0);
                }
                RR_OK_OR_FAIL(rr_eval_point(ev, &res, b->x, RR_WANT_JACOBIAN,
                                            &err), err);
                assert_int_equal(res.differentiable, RR_DIFF_YES);
                for (long i = 0; i < d; i++)
                    assert_true(mpq_equal(res.jac + (b->comp * d + i),
                                          b->grad + i));
                my_gnorm(v, b->grad, d, r->grad);
                assert_int_equal(b->lo.is_sqrt, r->grad == RR_GRAD_L2);
                assert_true(mpq_equal(v, b->lo.q));
            }
            /* the enclosure brackets the attained value */
            assert_true(mpfr_cmp(b->lo_dn, b->hi_up) <= 0);
        }
    }
    mpq_clear(v);
    rr_result_clear(&res);
    rr_eval_free(ev);
}

static void set_box(mpq_ptr lo, mpq_ptr hi, long d, const char *const *s)
{
    for (long i = 0; i < d; i++) {
        q_set(lo + i, s[2 * i]);
        q_set(hi + i, s[2 * i + 1]);
    }
}

static const rr_norm_method all_methods[3] = {RR_NORM_EXACT,
                                              RR_NORM_EXACT_REGIONS,
                                              RR_NORM_BAB};
static const rr_gradnorm all_grads[3] = {RR_GRAD_L2, RR_GRAD_L1,
                                         RR_GRAD_LINF};

/* ---- closed forms ----------------------------------------------------------- */

/* P4: g_k(x) = k rho(x - 1 + 1/k^2) on [-1, 1]: ||g_k||_inf = 1/k,
 * |g_k|_{W^{1,inf}} = k, ||g_k||_{W^{1,inf}} = max(1/k, k) = k. */
static void test_p4(void **state)
{
    (void)state;
    long ks[] = {1, 2, 3, 5, 10, 1000};
    for (int t = 0; t < 6; t++) {
        long k = ks[t];
        long w[3] = {1, 1, 1};
        rr_net_t net;
        rr_err_t err;
        RR_OK_OR_FAIL(rr_net_init(&net, 2, w, NULL, &err), err);
        mpq_set_ui(rr_net_weight(&net, 0, 0, 0), 1, 1);
        mpq_set_si(rr_net_bias(&net, 0, 0), 1 - k * k, (unsigned long)(k * k));
        mpq_canonicalize(rr_net_bias(&net, 0, 0));
        mpq_set_si(rr_net_weight(&net, 1, 0, 0), k, 1);
        mpq_t inv, kk, k2;
        mpq_init(inv);
        mpq_init(kk);
        mpq_init(k2);
        mpq_set_si(inv, 1, (unsigned long)k);
        mpq_set_si(kk, k, 1);
        mpq_set_si(k2, k * k, 1);
        for (int mi = 0; mi < 3; mi++)
            for (int g = 0; g < 3; g++) {
                rr_norm_result_t r;
                norms(&r, &net, NULL, NULL, all_methods[mi], all_grads[g], 0);
                assert_true(r.exact);
                assert_exact_q(&r.linf[0], inv, 0, "P4 L^inf");
                int l2 = all_grads[g] == RR_GRAD_L2;
                assert_exact_q(&r.semi[0], l2 ? k2 : kk, l2, "P4 seminorm");
                /* max(1/k, k) = k; for k = 1 a tie: either form */
                assert_true(r.w1[0].exact);
                if (r.w1[0].lo.is_sqrt)
                    assert_true(mpq_equal(r.w1[0].lo.q, k2));
                else
                    assert_true(mpq_equal(r.w1[0].lo.q, kk));
                /* witnesses: |g_k| is largest at x = 1; the gradient k is
                 * taken in (1 - 1/k^2, 1) */
                assert_int_equal(mpq_cmp_si(r.linf[0].x, 1, 1), 0);
                assert_true(mpq_cmp_si(r.semi[0].x, 1, 1) < 0);
                check_witnesses(&net, &r);
                rr_norm_result_clear(&r);
            }
        mpq_clear(inv);
        mpq_clear(kk);
        mpq_clear(k2);
        rr_net_clear(&net);
    }
}

/* The B-E-G targets g_k = (1/k) rho(<v, x>), ||v||_2 = 1, on [-1, 1]^2:
 * v = (3/5, 4/5): L^inf = 7/(5k), gradient v/k: l2 1/k, l1 7/(5k),
 * linf 4/(5k).  v = (0, 1) (P1): all equal to 1/k.  And the P2 zero network
 * Gamma: its norms are 0, and those of R(Gamma) - g_k are g_k's. */
static void target_net(rr_net_t *net, long k, const char *v1, const char *v2)
{
    char json[512];
    snprintf(json, sizeof json,
             "{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
             "{\"weights\": [[\"%s\", \"%s\"]], \"biases\": [\"0\"]},"
             "{\"weights\": [[\"1/%ld\"]], \"biases\": [\"0\"]}]}",
             v1, v2, k);
    net_from_str(net, json);
}

static void p2_gamma(rr_net_t *net)
{
    /* a_1 = (1, 2), a_2 = (-3, 1), a_3 = (2, -3): sum 0 */
    net_from_str(net,
                 "{\"version\": 1, \"architecture\": [2, 6, 1], \"layers\": ["
                 "{\"weights\": [[\"1\", \"2\"], [\"-3\", \"1\"], [\"2\", \"-3\"],"
                 " [\"-1\", \"-2\"], [\"3\", \"-1\"], [\"-2\", \"3\"]],"
                 " \"biases\": [\"0\", \"0\", \"0\", \"0\", \"0\", \"0\"]},"
                 "{\"weights\": [[\"1\", \"1\", \"1\", \"-1\", \"-1\", \"-1\"]],"
                 " \"biases\": [\"0\"]}]}");
}

static void test_targets(void **state)
{
    (void)state;
    rr_net_t gamma;
    p2_gamma(&gamma);
    for (long k = 1; k <= 4; k++) {
        const char *vs[2][2] = {{"3/5", "4/5"}, {"0", "1"}};
        for (int vi = 0; vi < 2; vi++) {
            rr_net_t g, diff;
            target_net(&g, k, vs[vi][0], vs[vi][1]);
            rr_err_t err;
            RR_OK_OR_FAIL(rr_net_difference(&diff, &gamma, &g, NULL, &err), err);
            char e[4][32];
            if (vi == 0) {
                snprintf(e[0], 32, "7/%ld", 5 * k);
                snprintf(e[1], 32, "1/%ld", k * k); /* l2 squared */
                snprintf(e[2], 32, "7/%ld", 5 * k);
                snprintf(e[3], 32, "4/%ld", 5 * k);
            } else {
                snprintf(e[0], 32, "1/%ld", k);
                snprintf(e[1], 32, "1/%ld", k * k);
                snprintf(e[2], 32, "1/%ld", k);
                snprintf(e[3], 32, "1/%ld", k);
            }
            for (int which = 0; which < 2; which++)
                for (int mi = 0; mi < 3; mi++)
                    for (int gi = 0; gi < 3; gi++) {
                        rr_norm_result_t r;
                        const rr_net_t *n = which ? &diff : &g;
                        norms(&r, n, NULL, NULL, all_methods[mi], all_grads[gi],
                              0);
                        assert_exact_str(&r.linf[0], e[0], 0, "target L^inf");
                        assert_exact_str(&r.semi[0], e[1 + gi],
                                         all_grads[gi] == RR_GRAD_L2,
                                         "target seminorm");
                        check_witnesses(n, &r);
                        rr_norm_result_clear(&r);
                    }
            rr_net_clear(&g);
            rr_net_clear(&diff);
        }
    }
    /* Gamma itself realizes 0: every norm is exactly 0 */
    for (int mi = 0; mi < 3; mi++) {
        rr_norm_result_t r;
        norms(&r, &gamma, NULL, NULL, all_methods[mi], RR_GRAD_L2, 0);
        assert_exact_str(&r.linf[0], "0", 0, "Gamma L^inf");
        assert_exact_str(&r.semi[0], "0", 1, "Gamma seminorm");
        rr_norm_result_clear(&r);
    }
    rr_net_clear(&gamma);
}

/* A kink's value never counts: f(x) = rho(x) - rho(-x) = x has gradient 1
 * everywhere (a framework with rho'(0) = 1 would report 2 at x = 0, one
 * with rho'(0) = 0 would report 0); in 2-D, rho(x1) - rho(-x1) + 3 rho(x2)
 * - 3 rho(x2) (a cancelling duplicate) has seminorm 1. */
static void test_kinks_do_not_count(void **state)
{
    (void)state;
    rr_net_t a, b;
    net_from_str(&a, "{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
                     "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
                     "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"0\"]}]}");
    net_from_str(&b, "{\"version\": 1, \"architecture\": [2, 4, 1], \"layers\": ["
                     "{\"weights\": [[\"1\", \"0\"], [\"-1\", \"0\"], [\"0\", \"1\"],"
                     " [\"0\", \"1\"]], \"biases\": [\"0\", \"0\", \"0\", \"0\"]},"
                     "{\"weights\": [[\"1\", \"-1\", \"3\", \"-3\"]], \"biases\": [\"0\"]}]}");
    for (int mi = 0; mi < 3; mi++) {
        rr_norm_result_t r;
        norms(&r, &a, NULL, NULL, all_methods[mi], RR_GRAD_L1, 0);
        assert_exact_str(&r.semi[0], "1", 0, "x seminorm");
        assert_exact_str(&r.linf[0], "1", 0, "x L^inf");
        rr_norm_result_clear(&r);
        norms(&r, &b, NULL, NULL, all_methods[mi], RR_GRAD_L2, 0);
        assert_exact_str(&r.semi[0], "1", 1, "2-D seminorm");
        check_witnesses(&b, &r);
        rr_norm_result_clear(&r);
    }
    rr_net_clear(&a);
    rr_net_clear(&b);
}

/* A bias-free network is positively homogeneous: the same seminorm on
 * every box that contains a neighbourhood of 0. */
static void test_bias_free(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 31);
    const char *boxes[3][4] = {{"-1", "1", "-1", "1"},
                               {"-1/3", "2", "-5", "1/7"},
                               {"-1/100", "1/100", "-1/1000", "1/1000"}};
    for (int t = 0; t < 6; t++) {
        long depth = t < 3 ? 2 : 3;
        long w[4] = {2, 4 + t % 3, 3, 1};
        w[depth] = 1;
        rr_net_t net;
        rand_net(&net, &rg, (int)depth, w, t % 2 ? 0 : 2);
        for (int l = 0; l < depth; l++)
            for (long i = 0; i < w[l + 1]; i++)
                mpq_set_ui(rr_net_bias(&net, l, i), 0, 1);
        mpq_ptr lo = rr_qvec_new(2), hi = rr_qvec_new(2);
        for (int g = 0; g < 3; g++) {
            rr_norm_result_t ref;
            set_box(lo, hi, 2, boxes[0]);
            norms(&ref, &net, lo, hi, RR_NORM_EXACT, all_grads[g], 0);
            for (int bx = 1; bx < 3; bx++) {
                rr_norm_result_t r;
                set_box(lo, hi, 2, boxes[bx]);
                norms(&r, &net, lo, hi,
                      bx == 1 ? RR_NORM_EXACT : RR_NORM_EXACT_REGIONS,
                      all_grads[g], 0);
                assert_true(r.exact && ref.exact);
                assert_int_equal(rr_nval_cmp(&r.semi[0].lo, &ref.semi[0].lo), 0);
                check_witnesses(&net, &r);
                rr_norm_result_clear(&r);
            }
            rr_norm_result_clear(&ref);
        }
        rr_qvec_free(lo, 2);
        rr_qvec_free(hi, 2);
        rr_net_clear(&net);
    }
}

/* ---- the vertex method at degenerate arrangements ------------------------------ */

/* A shallow network N = (d, m, k) from strings: W1 holds m rows of d
 * weights then the bias, W2 k rows of m weights then the bias. */
static void shallow_net(rr_net_t *net, long d, long m, long k,
                        const char *const *W1, const char *const *W2)
{
    long w[3] = {d, m, k};
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_init(net, 2, w, NULL, &err), err);
    for (long i = 0; i < m; i++) {
        for (long c = 0; c < d; c++)
            q_set(rr_net_weight(net, 0, i, c), W1[i * (d + 1) + c]);
        q_set(rr_net_bias(net, 0, i), W1[i * (d + 1) + d]);
    }
    for (long j = 0; j < k; j++) {
        for (long i = 0; i < m; i++)
            q_set(rr_net_weight(net, 1, j, i), W2[j * (m + 1) + i]);
        q_set(rr_net_bias(net, 1, j), W2[j * (m + 1) + m]);
    }
}

/* Every seminorm witness of r is a point where no hidden pre-activation
 * of the shallow net vanishes (a neuron with a zero weight row has a
 * constant pre-activation and is left out). */
static void assert_off_kinks(const rr_net_t *net, const rr_norm_result_t *r)
{
    long d = net->width[0], m = net->width[1];
    mpq_t z, t;
    mpq_init(z);
    mpq_init(t);
    for (long j = 0; j < r->k; j++) {
        const rr_nbound_t *b = &r->semi[j];
        assert_int_equal(b->wit, RR_WIT_GRAD);
        for (long i = 0; i < m; i++) {
            int nz = 0;
            mpq_set(z, rr_net_bias(net, 0, i));
            for (long c = 0; c < d; c++) {
                nz |= mpq_sgn(rr_net_weight(net, 0, i, c)) != 0;
                mpq_mul(t, rr_net_weight(net, 0, i, c), b->x + c);
                mpq_add(z, z, t);
            }
            if (nz && !mpq_sgn(z)) {
                char *s = rr_q_str(b->x);
                fail_msg("seminorm witness (x_1 = %s, ...) on the kink of "
                         "neuron %ld", s, i + 1);
            }
        }
    }
    mpq_clear(z);
    mpq_clear(t);
}

/* The vertex method against the region enumeration on net and the box
 * (lo, hi) (NULL: the domain), every gradient norm: the same exact values,
 * and every witness re-evaluated (differentiable, in the open box, off
 * every kink). */
static void vertex_vs_regions(const rr_net_t *net, mpq_srcptr lo,
                              mpq_srcptr hi, const char *what)
{
    for (int g = 0; g < 3; g++) {
        rr_norm_result_t a, b;
        norms(&a, net, lo, hi, RR_NORM_EXACT, all_grads[g], 0);
        norms(&b, net, lo, hi, RR_NORM_EXACT_REGIONS, all_grads[g], 0);
        assert_int_equal(a.method, RR_NORM_EXACT);
        assert_int_equal(b.method, RR_NORM_EXACT_REGIONS);
        assert_true(a.exact && b.exact);
        for (long j = 0; j < a.k; j++) {
            if (rr_nval_cmp(&a.semi[j].lo, &b.semi[j].lo) ||
                rr_nval_cmp(&a.linf[j].lo, &b.linf[j].lo)) {
                char *s1 = rr_q_str(a.semi[j].lo.q), *s2 = rr_q_str(b.semi[j].lo.q);
                fail_msg("%s, %s, output %ld: vertex method %s, regions %s",
                         what, rr_gradnorm_name(all_grads[g]), j + 1, s1, s2);
            }
        }
        check_witnesses(net, &a);
        check_witnesses(net, &b);
        assert_off_kinks(net, &a);
        assert_off_kinks(net, &b);
        rr_norm_result_clear(&a);
        rr_norm_result_clear(&b);
    }
}

/* rho(x1 + x2) - rho(-x1 - x2) + rho(x1 - x2) - rho(-x1 + x2) = 2 x1: both
 * groups fold into the affine part, and the cell's interior point (a box
 * corner plus half a step along the diagonal) lay on the kink x1 = x2 of
 * the folded neurons, where the engine cannot certify differentiability.
 * Also rotated, scaled and shifted variants, and the folded pairs mixed
 * with ordinary neurons through the same point. */
static void test_shallow_folded_kinks(void **state)
{
    (void)state;
    rr_net_t net;
    mpq_ptr lo = rr_qvec_new(2), hi = rr_qvec_new(2);
    const char *boxes[4][4] = {{"-1", "1", "-1", "1"},
                               {"-1/3", "2", "-5", "1/7"},
                               {"-1/100", "1/100", "-1/100", "1/100"},
                               {"0", "1", "-1", "0"}};
    {
        const char *W1[] = {"1", "1", "0", "-1", "-1", "0",
                            "1", "-1", "0", "-1", "1", "0"};
        const char *W2[] = {"1", "-1", "1", "-1", "0"};
        shallow_net(&net, 2, 4, 1, W1, W2);
        rr_norm_result_t r;
        norms(&r, &net, NULL, NULL, RR_NORM_EXACT, RR_GRAD_L2, 0);
        assert_exact_str(&r.semi[0], "4", 1, "2 x1 seminorm");
        assert_exact_str(&r.linf[0], "2", 0, "2 x1 L^inf");
        check_witnesses(&net, &r);
        rr_norm_result_clear(&r);
        for (int bx = 0; bx < 4; bx++) {
            set_box(lo, hi, 2, boxes[bx]);
            vertex_vs_regions(&net, lo, hi, "2 x1");
        }
        rr_net_clear(&net);
    }
    {
        /* rotated and scaled: rho(2x1 + x2) - 1/2 rho(-4x1 - 2x2) and
         * 3 rho(x1 - 2x2) - 9 rho(-x1/3 + 2x2/3) fold: f = 5 x1 - 5 x2 */
        const char *W1[] = {"2", "1", "0", "-4", "-2", "0",
                            "1", "-2", "0", "-1/3", "2/3", "0"};
        const char *W2[] = {"1", "-1/2", "3", "-9", "1/4"};
        shallow_net(&net, 2, 4, 1, W1, W2);
        for (int bx = 0; bx < 4; bx++) {
            set_box(lo, hi, 2, boxes[bx]);
            vertex_vs_regions(&net, lo, hi, "rotated");
        }
        rr_net_clear(&net);
    }
    {
        /* the same through p = (1/3, -1/4), plus ordinary lines through p
         * and one elsewhere */
        const char *W1[] = {"2", "1", "-5/12",   "-4", "-2", "5/6",
                            "1", "-2", "-5/6",   "-1/3", "2/3", "5/18",
                            "1", "0", "-1/3",    "0", "1", "1/4",
                            "1", "1", "-1/12",   "3", "-1", "-5/4",
                            "1", "2", "1/2"};
        const char *W2[] = {"1", "-1/2", "3", "-9", "2", "-1", "1/2", "3",
                            "-1", "0",
                            "0", "0", "1", "-3", "-2", "0", "0", "0", "0",
                            "7"};
        shallow_net(&net, 2, 9, 2, W1, W2);
        const char *b2[3][4] = {{"-1", "1", "-1", "1"},
                                {"1/3", "1", "-1/4", "2"},
                                {"0", "1/3", "-1", "-1/4"}};
        for (int bx = 0; bx < 3; bx++) {
            set_box(lo, hi, 2, b2[bx]);
            vertex_vs_regions(&net, lo, hi, "lines through p");
        }
        rr_net_clear(&net);
    }
    rr_qvec_free(lo, 2);
    rr_qvec_free(hi, 2);
}

/* Coincident and parallel hyperplanes: identical rows (grouped), scaled
 * and negated rows, a duplicate whose output weights cancel (a zero group:
 * f does not depend on it, but its neurons' kinks must be avoided), and
 * parallel rows with different offsets; in 2-D and 3-D, and planes
 * through a common line in 3-D. */
static void test_shallow_coincident(void **state)
{
    (void)state;
    rr_net_t net;
    {
        const char *W1[] = {"1", "2", "1/2",   "1", "2", "1/2",
                            "2", "4", "1",     "-1", "-2", "-1/2",
                            "0", "1", "0",     "0", "1", "0",
                            "1", "2", "0",     "1", "2", "1",
                            "-2", "-4", "2",   "0", "0", "0"};
        const char *W2[] = {"1", "2", "-1", "1/2", "3", "-3", "1", "-2",
                            "1", "5", "0"};
        shallow_net(&net, 2, 10, 1, W1, W2);
        vertex_vs_regions(&net, NULL, NULL, "coincident 2-D");
        mpq_ptr lo = rr_qvec_new(2), hi = rr_qvec_new(2);
        const char *b[4] = {"-1/2", "0", "0", "3"};
        set_box(lo, hi, 2, b);
        vertex_vs_regions(&net, lo, hi, "coincident 2-D, sub-box");
        rr_qvec_free(lo, 2);
        rr_qvec_free(hi, 2);
        rr_net_clear(&net);
    }
    {
        /* planes through the line x1 = 1/2, x2 = -1/3 (direction e3), two
         * folded pairs among them, a cancelling duplicate, and planes
         * through the point (1/2, -1/3, 0) */
        const char *W1[] = {"1", "0", "0", "-1/2",    "0", "1", "0", "1/3",
                            "1", "1", "0", "-1/6",    "-1", "-1", "0", "1/6",
                            "1", "-1", "0", "-5/6",   "-2", "2", "0", "5/3",
                            "2", "1", "0", "-2/3",    "2", "1", "0", "-2/3",
                            "0", "0", "1", "0",       "1", "1", "1", "-1/6",
                            "1", "0", "-1", "-1/2"};
        const char *W2[] = {"1", "-2", "3", "-3", "1", "-1/2", "4", "-4",
                            "1", "-1", "2", "0"};
        shallow_net(&net, 3, 11, 1, W1, W2);
        vertex_vs_regions(&net, NULL, NULL, "planes through a line");
        mpq_ptr lo = rr_qvec_new(3), hi = rr_qvec_new(3);
        const char *b[6] = {"1/2", "1", "-1", "-1/3", "-1", "1"};
        set_box(lo, hi, 3, b);
        vertex_vs_regions(&net, lo, hi, "planes through a line, sub-box");
        rr_qvec_free(lo, 3);
        rr_qvec_free(hi, 3);
        rr_net_clear(&net);
    }
}

/* Random degenerate shallow networks: most hyperplanes through one point
 * (2-D) or one line (3-D), copies of rows (scaled, negated, shifted),
 * folded pairs; the vertex method against the region enumeration. */
static void test_shallow_degenerate_random(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 2026);
    mpq_t t;
    mpq_init(t);
    for (int it = 0; it < 40; it++) {
        long d = it % 3 ? 2 : 3, m = 3 + (long)rr_rand_below(&rg, 5);
        long w[3] = {d, m, 1};
        rr_net_t net;
        rr_err_t err;
        RR_OK_OR_FAIL(rr_net_init(&net, 2, w, NULL, &err), err);
        mpq_ptr p = rr_qvec_new(d), lo = rr_qvec_new(d), hi = rr_qvec_new(d);
        for (long c = 0; c < d; c++) {
            mpq_set_si(p + c, rr_rand_range(&rg, -2, 2),
                       (unsigned long)rr_rand_range(&rg, 1, 3));
            mpq_canonicalize(p + c);
            mpq_set_si(t, rr_rand_range(&rg, 1, 4), 2);
            mpq_canonicalize(t);
            mpq_sub(lo + c, p + c, t);
            mpq_set_si(t, rr_rand_range(&rg, 1, 4), 3);
            mpq_canonicalize(t);
            mpq_add(hi + c, p + c, t);
        }
        for (long i = 0; i < m; i++) {
            mpq_ptr bi = rr_net_bias(&net, 0, i);
            long r = (long)rr_rand_below(&rg, 8);
            if (i > 0 && r < 3) { /* a copy of an earlier row */
                long src = (long)rr_rand_below(&rg, (uint64_t)i);
                mpq_set_si(t, r == 0 ? -1 : r == 1 ? 2 : -1, r == 2 ? 3 : 1);
                mpq_canonicalize(t);
                for (long c = 0; c < d; c++)
                    mpq_mul(rr_net_weight(&net, 0, i, c),
                            rr_net_weight(&net, 0, src, c), t);
                mpq_mul(bi, rr_net_bias(&net, 0, src), t);
                if (rr_rand_below(&rg, 4) == 0) /* parallel */
                    mpq_add(bi, bi, t);
            } else {
                mpq_set_ui(bi, 0, 1);
                for (long c = 0; c < d; c++) {
                    mpq_ptr a = rr_net_weight(&net, 0, i, c);
                    mpq_set_si(a, rr_rand_range(&rg, -3, 3), 1);
                    if (d == 3 && c == 2 && rr_rand_below(&rg, 3))
                        mpq_set_ui(a, 0, 1); /* through the line p + R e3 */
                    mpq_mul(t, a, p + c);
                    mpq_sub(bi, bi, t);
                }
                if (rr_rand_below(&rg, 6) == 0) { /* off p */
                    mpq_set_si(t, 1, 2);
                    mpq_add(bi, bi, t);
                }
            }
            mpq_set_si(rr_net_weight(&net, 1, 0, i), rr_rand_range(&rg, -3, 3),
                       1);
        }
        if (rr_rand_below(&rg, 2)) { /* neuron 1 folds with neuron 0 */
            for (long c = 0; c < d; c++)
                mpq_neg(rr_net_weight(&net, 0, 1, c),
                        rr_net_weight(&net, 0, 0, c));
            mpq_neg(rr_net_bias(&net, 0, 1), rr_net_bias(&net, 0, 0));
            mpq_neg(rr_net_weight(&net, 1, 0, 1), rr_net_weight(&net, 1, 0, 0));
        }
        char what[64];
        snprintf(what, sizeof what, "random degenerate network %d", it);
        vertex_vs_regions(&net, lo, hi, what);
        rr_qvec_free(p, d);
        rr_qvec_free(lo, d);
        rr_qvec_free(hi, d);
        rr_net_clear(&net);
    }
    mpq_clear(t);
}

/* The difference of two shallow networks sharing neurons: R(a) - R(b) is
 * shallow with opposite copies of the shared rows (the case that made the
 * norms vectors fall back to region enumeration). */
static void test_shallow_difference_kinks(void **state)
{
    (void)state;
    const char *W1[] = {"1", "1", "0", "1", "-1", "0", "1", "0", "-1/2",
                        "0", "-1", "-1/3"};
    const char *Wa[] = {"1", "2", "-1", "1/2", "0"};
    const char *Wb[] = {"1", "2", "-1", "-3", "1"};
    rr_net_t a, b, dn;
    shallow_net(&a, 2, 4, 1, W1, Wa);
    shallow_net(&b, 2, 4, 1, W1, Wb);
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_difference(&dn, &a, &b, NULL, &err), err);
    assert_int_equal(dn.depth, 2);
    vertex_vs_regions(&dn, NULL, NULL, "difference");
    rr_net_clear(&a);
    rr_net_clear(&b);
    rr_net_clear(&dn);
}

/* ---- 1-D networks: an independent piecewise-linear calculus ------------------ */

/* A continuous piecewise-linear function on [x_0, x_{n-1}] given by its
 * values at sorted breakpoints. */
typedef struct pl {
    long n, cap;
    mpq_ptr x, v;
} pl;

static void pl_init(pl *p)
{
    p->n = 0;
    p->cap = 0;
    p->x = p->v = NULL;
}

static void pl_push(pl *p, mpq_srcptr x, mpq_srcptr v)
{
    if (p->n == p->cap) {
        long nc = p->cap ? 2 * p->cap : 8;
        mpq_ptr nx = rr_qvec_new(nc), nv = rr_qvec_new(nc);
        for (long i = 0; i < p->n; i++) {
            mpq_set(nx + i, p->x + i);
            mpq_set(nv + i, p->v + i);
        }
        rr_qvec_free(p->x, p->cap);
        rr_qvec_free(p->v, p->cap);
        p->x = nx;
        p->v = nv;
        p->cap = nc;
    }
    mpq_set(p->x + p->n, x);
    mpq_set(p->v + p->n, v);
    p->n++;
}

static void pl_clear(pl *p)
{
    rr_qvec_free(p->x, p->cap);
    rr_qvec_free(p->v, p->cap);
    pl_init(p);
}

/* value of p at t (t in the domain) by linear interpolation */
static void pl_at(mpq_ptr out, const pl *p, mpq_srcptr t)
{
    long i = 0;
    while (i + 1 < p->n && mpq_cmp(p->x + i + 1, t) < 0)
        i++;
    if (i + 1 >= p->n || !mpq_cmp(p->x + i, t)) {
        mpq_set(out, p->v + i);
        return;
    }
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    mpq_sub(a, t, p->x + i);
    mpq_sub(b, p->x + i + 1, p->x + i);
    mpq_div(a, a, b);
    mpq_sub(b, p->v + i + 1, p->v + i);
    mpq_mul(a, a, b);
    mpq_add(out, p->v + i, a);
    mpq_clear(a);
    mpq_clear(b);
}

/* out := sum_j w_j in_j + b (all on the same domain) */
static void pl_affine(pl *out, const pl *in, mpq_srcptr w, long n,
                      mpq_srcptr b)
{
    /* merge all breakpoints */
    pl all;
    pl_init(&all);
    for (long j = 0; j < n; j++)
        for (long i = 0; i < in[j].n; i++)
            pl_push(&all, in[j].x + i, in[j].x + i);
    for (long i = 1; i < all.n; i++) /* insertion sort */
        for (long s = i; s > 0 && mpq_cmp(all.x + s - 1, all.x + s) > 0; s--)
            mpq_swap(all.x + s - 1, all.x + s);
    mpq_t v, t;
    mpq_init(v);
    mpq_init(t);
    pl_init(out);
    for (long i = 0; i < all.n; i++) {
        if (i && mpq_equal(all.x + i, all.x + i - 1))
            continue;
        mpq_set(v, b);
        for (long j = 0; j < n; j++) {
            pl_at(t, in + j, all.x + i);
            mpq_mul(t, t, w + j);
            mpq_add(v, v, t);
        }
        pl_push(out, all.x + i, v);
    }
    mpq_clear(v);
    mpq_clear(t);
    pl_clear(&all);
}

/* out := rho(in), with the zero crossings inserted */
static void pl_relu(pl *out, const pl *in)
{
    mpq_t t, a, z;
    mpq_init(t);
    mpq_init(a);
    mpq_init(z);
    pl_init(out);
    for (long i = 0; i < in->n; i++) {
        if (i && mpq_sgn(in->v + i - 1) * mpq_sgn(in->v + i) < 0) {
            /* crossing at x_{i-1} + (x_i - x_{i-1}) v_{i-1} / (v_{i-1} - v_i) */
            mpq_sub(t, in->x + i, in->x + i - 1);
            mpq_sub(a, in->v + i - 1, in->v + i);
            mpq_div(a, in->v + i - 1, a);
            mpq_mul(t, t, a);
            mpq_add(t, t, in->x + i - 1);
            pl_push(out, t, z);
        }
        if (mpq_sgn(in->v + i) > 0)
            pl_push(out, in->x + i, in->v + i);
        else
            pl_push(out, in->x + i, z);
    }
    mpq_clear(t);
    mpq_clear(a);
    mpq_clear(z);
}

/* The output component j of a 1-D network on [lo, hi] as a piecewise-
 * linear function, by layer-wise calculus. */
static void pl_net(pl *f, const rr_net_t *net, mpq_srcptr lo, mpq_srcptr hi,
                   long j)
{
    pl x;
    pl_init(&x);
    pl_push(&x, lo, lo);
    pl_push(&x, hi, hi);
    long n = 1;
    pl *cur = malloc(sizeof(pl));
    cur[0] = x;
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1];
        pl *nxt = malloc((size_t)m * sizeof(pl));
        for (long i = 0; i < m; i++) {
            pl z;
            pl_affine(&z, cur, net->w[l] + i * n, n, net->b[l] + i);
            if (l + 1 < net->depth) {
                pl_relu(nxt + i, &z);
                pl_clear(&z);
            } else {
                nxt[i] = z;
            }
        }
        for (long i = 0; i < n; i++)
            pl_clear(cur + i);
        free(cur);
        cur = nxt;
        n = m;
    }
    *f = cur[j];
    for (long i = 0; i < n; i++)
        if (i != j)
            pl_clear(cur + i);
    free(cur);
}

/* L^inf (largest |value| at a breakpoint) and the largest |slope| over the
 * pieces (of positive length) of f. */
static void pl_measure(mpq_ptr linf, mpq_ptr slope, const pl *f)
{
    mpq_t t, u;
    mpq_init(t);
    mpq_init(u);
    mpq_set_ui(linf, 0, 1);
    mpq_set_ui(slope, 0, 1);
    for (long i = 0; i < f->n; i++) {
        mpq_abs(t, f->v + i);
        if (mpq_cmp(t, linf) > 0)
            mpq_set(linf, t);
        if (i) {
            mpq_sub(t, f->v + i, f->v + i - 1);
            mpq_sub(u, f->x + i, f->x + i - 1);
            mpq_div(t, t, u);
            mpq_abs(t, t);
            if (mpq_cmp(t, slope) > 0)
                mpq_set(slope, t);
        }
    }
    mpq_clear(t);
    mpq_clear(u);
}

static void pl_norms(mpq_ptr linf, mpq_ptr slope, const rr_net_t *net,
                     mpq_srcptr lo, mpq_srcptr hi, long j)
{
    pl f;
    pl_net(&f, net, lo, hi, j);
    pl_measure(linf, slope, &f);
    pl_clear(&f);
}

static void test_one_dim(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 11);
    mpq_t linf, slope, sq;
    mpq_init(linf);
    mpq_init(slope);
    mpq_init(sq);
    mpq_ptr lo = rr_qvec_new(1), hi = rr_qvec_new(1);
    for (int t = 0; t < 24; t++) {
        int depth = t < 12 ? 2 : 3 + t % 2;
        long w[5] = {1, 3 + t % 7, 4, 3, 2};
        w[depth] = 1 + t % 2;
        rr_net_t net;
        rand_net(&net, &rg, depth, w, t % 3);
        mpq_set_si(lo, -(long)rr_rand_range(&rg, 1, 5), (unsigned long)rr_rand_range(&rg, 1, 3));
        mpq_set_si(hi, rr_rand_range(&rg, 1, 5), (unsigned long)rr_rand_range(&rg, 1, 3));
        mpq_canonicalize(lo);
        mpq_canonicalize(hi);
        for (int mi = 0; mi < 3; mi++) {
            rr_gradnorm g = all_grads[(t + mi) % 3];
            rr_norm_result_t r;
            norms(&r, &net, lo, hi, all_methods[mi], g, 0);
            for (long j = 0; j < w[depth]; j++) {
                pl_norms(linf, slope, &net, lo, hi, j);
                mpq_mul(sq, slope, slope);
                assert_exact_q(&r.linf[j], linf, 0, "1-D L^inf");
                assert_exact_q(&r.semi[j], g == RR_GRAD_L2 ? sq : slope,
                               g == RR_GRAD_L2, "1-D seminorm");
            }
            check_witnesses(&net, &r);
            rr_norm_result_clear(&r);
        }
        /* branch and bound with a small node cap: still brackets */
        rr_norm_result_t r;
        norms(&r, &net, lo, hi, RR_NORM_BAB, RR_GRAD_L1, 3);
        for (long j = 0; j < w[depth]; j++) {
            pl_norms(linf, slope, &net, lo, hi, j);
            assert_brackets(&r.linf[j], linf, 0, "1-D bab L^inf");
            assert_brackets(&r.semi[j], slope, 0, "1-D bab seminorm");
        }
        check_witnesses(&net, &r);
        rr_norm_result_clear(&r);
        rr_net_clear(&net);
    }
    rr_qvec_free(lo, 1);
    rr_qvec_free(hi, 1);
    mpq_clear(linf);
    mpq_clear(slope);
    mpq_clear(sq);
}

/* ---- 2-D shallow networks: brute force -------------------------------------- */

/* f_j at x for a shallow network, computed here */
static void shallow_f(mpq_ptr out, const rr_net_t *net, mpq_srcptr x, long j,
                      mpq_ptr grad /* 2 entries or NULL */, int *tie)
{
    mpq_t z, t;
    mpq_init(z);
    mpq_init(t);
    mpq_set(out, rr_net_bias(net, 1, j));
    if (grad) {
        mpq_set_ui(grad, 0, 1);
        mpq_set_ui(grad + 1, 0, 1);
    }
    for (long i = 0; i < net->width[1]; i++) {
        mpq_set(z, rr_net_bias(net, 0, i));
        for (long c = 0; c < 2; c++) {
            mpq_mul(t, rr_net_weight(net, 0, i, c), x + c);
            mpq_add(z, z, t);
        }
        int nonconst = mpq_sgn(rr_net_weight(net, 0, i, 0)) ||
                       mpq_sgn(rr_net_weight(net, 0, i, 1));
        if (tie && !mpq_sgn(z) && nonconst)
            *tie = 1;
        if (mpq_sgn(z) <= 0)
            continue;
        mpq_mul(t, rr_net_weight(net, 1, j, i), z);
        mpq_add(out, out, t);
        if (grad)
            for (long c = 0; c < 2; c++) {
                mpq_mul(t, rr_net_weight(net, 1, j, i),
                        rr_net_weight(net, 0, i, c));
                mpq_add(grad + c, grad + c, t);
            }
    }
    mpq_clear(z);
    mpq_clear(t);
}

static int qptr_cmp(const void *a, const void *b)
{
    return mpq_cmp(*(mpq_srcptr const *)a, *(mpq_srcptr const *)b);
}

/* Brute force on [lo, hi] (2-D): L^inf over every intersection point of
 * two lines (neurons and box edges) in the box; the seminorm over one
 * point inside every cell: between consecutive vertex abscissae every line
 * crosses the slab without meeting another, so the midpoints between
 * consecutive lines on the slab's middle vertical are inside cells, and
 * every cell is met. */
static void brute_2d(mpq_ptr linf, mpq_ptr semi, const rr_net_t *net,
                     mpq_srcptr lo, mpq_srcptr hi, long j, rr_gradnorm g)
{
    long m = net->width[1], nl = m + 4;
    /* line r: A x + B y + C = 0 */
    mpq_ptr L = rr_qvec_new(3 * nl);
    for (long i = 0; i < m; i++) {
        mpq_set(L + 3 * i, rr_net_weight(net, 0, i, 0));
        mpq_set(L + 3 * i + 1, rr_net_weight(net, 0, i, 1));
        mpq_set(L + 3 * i + 2, rr_net_bias(net, 0, i));
    }
    for (long e = 0; e < 4; e++) { /* x = lo0, x = hi0, y = lo1, y = hi1 */
        mpq_set_ui(L + 3 * (m + e), e < 2, 1);
        mpq_set_ui(L + 3 * (m + e) + 1, e >= 2, 1);
        mpq_neg(L + 3 * (m + e) + 2, e % 2 ? hi + e / 2 : lo + e / 2);
    }
    long cap = nl * nl + 4;
    mpq_ptr xs = rr_qvec_new(cap);
    long nx = 0;
    mpq_t det, px, py, t, u, val;
    mpq_init(det);
    mpq_init(px);
    mpq_init(py);
    mpq_init(t);
    mpq_init(u);
    mpq_init(val);
    mpq_ptr p = rr_qvec_new(2), gr = rr_qvec_new(2);
    mpq_set_ui(linf, 0, 1);
    mpq_set_ui(semi, 0, 1);
    for (long a = 0; a < nl; a++)
        for (long b = a + 1; b < nl; b++) {
            mpq_srcptr A = L + 3 * a, Bq = L + 3 * b;
            mpq_mul(det, A, Bq + 1);
            mpq_mul(t, A + 1, Bq);
            mpq_sub(det, det, t);
            if (!mpq_sgn(det))
                continue;
            /* x = (B1 C2 - B2 C1) / det, y = (A2 C1 - A1 C2) / det */
            mpq_mul(px, A + 1, Bq + 2);
            mpq_mul(t, Bq + 1, A + 2);
            mpq_sub(px, px, t);
            mpq_div(px, px, det);
            mpq_mul(py, Bq, A + 2);
            mpq_mul(t, A, Bq + 2);
            mpq_sub(py, py, t);
            mpq_div(py, py, det);
            if (mpq_cmp(px, lo) < 0 || mpq_cmp(px, hi) > 0 ||
                mpq_cmp(py, lo + 1) < 0 || mpq_cmp(py, hi + 1) > 0)
                continue;
            mpq_set(p, px);
            mpq_set(p + 1, py);
            shallow_f(val, net, p, j, NULL, NULL);
            mpq_abs(val, val);
            if (mpq_cmp(val, linf) > 0)
                mpq_set(linf, val);
            mpq_set(xs + nx++, px);
        }
    mpq_srcptr *ord = malloc((size_t)nx * sizeof *ord);
    for (long i = 0; i < nx; i++)
        ord[i] = xs + i;
    qsort(ord, (size_t)nx, sizeof *ord, qptr_cmp);
    mpq_ptr ys = rr_qvec_new(m + 2);
    for (long i = 0; i + 1 < nx; i++) {
        if (mpq_equal(ord[i], ord[i + 1]))
            continue;
        mpq_add(px, ord[i], ord[i + 1]);
        mpq_div_2exp(px, px, 1);
        long ny = 0;
        mpq_set(ys + ny++, lo + 1);
        mpq_set(ys + ny++, hi + 1);
        for (long r = 0; r < m; r++) {
            mpq_srcptr A = L + 3 * r;
            if (!mpq_sgn(A + 1))
                continue;
            mpq_mul(t, A, px);
            mpq_add(t, t, A + 2);
            mpq_div(t, t, A + 1);
            mpq_neg(t, t);
            if (mpq_cmp(t, lo + 1) > 0 && mpq_cmp(t, hi + 1) < 0)
                mpq_set(ys + ny++, t);
        }
        for (long a = 1; a < ny; a++) /* insertion sort */
            for (long s = a; s > 0 && mpq_cmp(ys + s - 1, ys + s) > 0; s--)
                mpq_swap(ys + s - 1, ys + s);
        for (long a = 0; a + 1 < ny; a++) {
            if (mpq_equal(ys + a, ys + a + 1))
                continue;
            mpq_set(p, px);
            mpq_add(p + 1, ys + a, ys + a + 1);
            mpq_div_2exp(p + 1, p + 1, 1);
            int tie = 0;
            shallow_f(val, net, p, j, gr, &tie);
            assert_false(tie); /* strictly inside a cell */
            my_gnorm(u, gr, 2, g);
            if (mpq_cmp(u, semi) > 0)
                mpq_set(semi, u);
        }
    }
    free(ord);
    rr_qvec_free(ys, m + 2);
    rr_qvec_free(xs, cap);
    rr_qvec_free(L, 3 * nl);
    rr_qvec_free(p, 2);
    rr_qvec_free(gr, 2);
    mpq_clear(det);
    mpq_clear(px);
    mpq_clear(py);
    mpq_clear(t);
    mpq_clear(u);
    mpq_clear(val);
}

static void test_two_dim_brute_force(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 22);
    mpq_t linf, semi;
    mpq_init(linf);
    mpq_init(semi);
    mpq_ptr lo = rr_qvec_new(2), hi = rr_qvec_new(2);
    for (int t = 0; t < 30; t++) {
        long w[3] = {2, 3 + t % 6, 1 + (t % 4 == 3)};
        rr_net_t net;
        /* kind 2 (integers in [-3, 3]) makes many lines meet in one point */
        rand_net(&net, &rg, 2, w, t % 3);
        for (long c = 0; c < 2; c++) {
            mpq_set_si(lo + c, -(long)rr_rand_range(&rg, 1, 4), (unsigned long)rr_rand_range(&rg, 1, 2));
            mpq_set_si(hi + c, rr_rand_range(&rg, 0, 4), (unsigned long)rr_rand_range(&rg, 1, 2));
            mpq_canonicalize(lo + c);
            mpq_canonicalize(hi + c);
            if (mpq_cmp(lo + c, hi + c) >= 0)
                mpq_set_ui(hi + c, 1, 1);
        }
        for (int mi = 0; mi < 3; mi++) {
            rr_gradnorm g = all_grads[(t + mi) % 3];
            rr_norm_result_t r;
            norms(&r, &net, lo, hi, all_methods[mi], g, 0);
            for (long j = 0; j < w[2]; j++) {
                brute_2d(linf, semi, &net, lo, hi, j, g);
                assert_exact_q(&r.linf[j], linf, 0, "2-D L^inf");
                assert_exact_q(&r.semi[j], semi, g == RR_GRAD_L2,
                               "2-D seminorm");
            }
            check_witnesses(&net, &r);
            rr_norm_result_clear(&r);
        }
        rr_net_clear(&net);
    }
    rr_qvec_free(lo, 2);
    rr_qvec_free(hi, 2);
    mpq_clear(linf);
    mpq_clear(semi);
}

/* ---- deep networks ------------------------------------------------------------ */

/* Exact (region enumeration) against branch and bound at several node
 * caps: lo <= exact <= hi always, equality where it claims exact; and no
 * sampled point beats the exact values. */
static void test_deep(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 33);
    mpq_t v, sq;
    mpq_init(v);
    mpq_init(sq);
    for (int t = 0; t < 10; t++) {
        int depth = 3 + t % 2;
        long w[5] = {2 + (t % 5 == 4), 5, 4 + t % 3, 3, 1 + t % 2};
        w[depth] = 1 + t % 2;
        rr_net_t net;
        rand_net(&net, &rg, depth, w, t % 3);
        rr_gradnorm g = all_grads[t % 3];
        rr_norm_result_t ex;
        norms(&ex, &net, NULL, NULL, RR_NORM_EXACT_REGIONS, g, 0);
        assert_true(ex.exact);
        check_witnesses(&net, &ex);
        long caps[3] = {1, 40, 0};
        for (int c = 0; c < 3; c++) {
            rr_norm_result_t r;
            norms(&r, &net, NULL, NULL, RR_NORM_BAB, g, caps[c]);
            for (long j = 0; j < ex.k; j++) {
                assert_brackets(&r.linf[j], ex.linf[j].lo.q, 0, "deep L^inf");
                assert_brackets(&r.semi[j], ex.semi[j].lo.q,
                                g == RR_GRAD_L2, "deep seminorm");
            }
            if (caps[c] == 0)
                assert_true(r.exact); /* ran to completion */
            check_witnesses(&net, &r);
            rr_norm_result_clear(&r);
        }
        /* random points: |f| and the gradient norm stay below */
        rr_mode_t m = {RR_MODE_EXACT, 0};
        rr_eval_t *ev;
        rr_result_t res;
        rr_err_t err;
        RR_OK_OR_FAIL(rr_eval_new(&ev, &net, m, &err), err);
        RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
        long d = w[0];
        mpq_ptr x = rr_qvec_new(d);
        for (int s = 0; s < 200; s++) {
            for (long i = 0; i < d; i++) {
                mpq_set_si(x + i, rr_rand_range(&rg, -64, 64), 64);
                mpq_canonicalize(x + i);
            }
            RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err),
                          err);
            for (long j = 0; j < res.k; j++) {
                mpq_abs(v, res.q + j);
                assert_true(mpq_cmp(v, ex.linf[j].lo.q) <= 0);
                if (res.n_ties)
                    continue;
                my_gnorm(v, res.jac + j * d, d, g);
                assert_true(mpq_cmp(v, ex.semi[j].lo.q) <= 0);
            }
        }
        rr_qvec_free(x, d);
        rr_result_clear(&res);
        rr_eval_free(ev);
        rr_norm_result_clear(&ex);
        rr_net_clear(&net);
    }
    mpq_clear(v);
    mpq_clear(sq);
}

/* The default example: the exact values found by both exact algorithms
 * agree, the L^inf value is the hand-checked corner value
 * f(1, -1) = 2 + (3/2)(22/15) + 1/10 = 43/10, and branch and bound agrees. */
static void test_default_example(void **state)
{
    (void)state;
    rr_net_t net;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_file(&net, "examples/default.json", NULL, &err),
                  err);
    rr_norm_result_t a, b;
    norms(&a, &net, NULL, NULL, RR_NORM_EXACT, RR_GRAD_L2, 0);
    norms(&b, &net, NULL, NULL, RR_NORM_BAB, RR_GRAD_L2, 0);
    assert_exact_str(&a.linf[0], "43/10", 0, "default L^inf");
    assert_exact_str(&b.linf[0], "43/10", 0, "default L^inf (bab)");
    assert_exact_str(&a.semi[0], "937/16", 1, "default seminorm");
    assert_exact_str(&b.semi[0], "937/16", 1, "default seminorm (bab)");
    assert_exact_str(&a.w1[0], "937/16", 1, "default W^{1,inf}");
    check_witnesses(&net, &a);
    check_witnesses(&net, &b);
    /* the enclosure of sqrt(937/16) = 7.6526139325... */
    assert_true(mpfr_cmp_d(a.semi[0].lo_dn, 7.65261393) > 0);
    assert_true(mpfr_cmp_d(a.semi[0].hi_up, 7.65261394) < 0);
    rr_norm_result_clear(&a);
    rr_norm_result_clear(&b);
    rr_net_clear(&net);
}

/* ---- the difference network ----------------------------------------------------- */

static void test_difference(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 44);
    for (int t = 0; t < 12; t++) {
        int da = 1 + t % 3, db = 1 + (t / 3) % 3;
        long wa[4] = {2, 3, 2, 2}, wb[4] = {2, 4, 3, 2};
        wa[da] = 2;
        wb[db] = 2;
        rr_net_t a, b, dn;
        rand_net(&a, &rg, da, wa, t % 3);
        rand_net(&b, &rg, db, wb, (t + 1) % 3);
        rr_err_t err;
        RR_OK_OR_FAIL(rr_net_difference(&dn, &a, &b, NULL, &err), err);
        assert_int_equal(dn.depth, da > db ? da : db);
        mpq_ptr x = rr_qvec_new(2), fa = rr_qvec_new(2), fb = rr_qvec_new(2),
                fd = rr_qvec_new(2);
        for (int s = 0; s < 30; s++) {
            rand_q(x, &rg, s % 3);
            rand_q(x + 1, &rg, s % 3);
            eval_exact(fa, &a, x, 0);
            eval_exact(fb, &b, x, 0);
            eval_exact(fd, &dn, x, 0);
            for (int j = 0; j < 2; j++) {
                mpq_sub(fa + j, fa + j, fb + j);
                assert_true(mpq_equal(fa + j, fd + j));
            }
        }
        rr_qvec_free(x, 2);
        rr_qvec_free(fa, 2);
        rr_qvec_free(fb, 2);
        rr_qvec_free(fd, 2);
        /* R(a) - R(a) = 0 */
        rr_net_t z;
        RR_OK_OR_FAIL(rr_net_difference(&z, &a, &a, NULL, &err), err);
        rr_norm_result_t r;
        norms(&r, &z, NULL, NULL, RR_NORM_AUTO, RR_GRAD_L2, 0);
        assert_exact_str(&r.linf_max, "0", 0, "a - a");
        assert_exact_str(&r.semi_max, "0", 1, "a - a");
        rr_norm_result_clear(&r);
        rr_net_clear(&z);
        rr_net_clear(&a);
        rr_net_clear(&b);
        rr_net_clear(&dn);
    }
    /* mismatched dimensions */
    rr_net_t a, b, dn;
    long w1[3] = {2, 3, 1}, w2[3] = {3, 3, 1}, w3[3] = {2, 3, 2};
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_init(&a, 2, w1, NULL, &err), err);
    RR_OK_OR_FAIL(rr_net_init(&b, 2, w2, NULL, &err), err);
    assert_int_equal(rr_net_difference(&dn, &a, &b, NULL, &err), RR_EINPUT);
    assert_non_null(strstr(err.msg, "input dimensions"));
    rr_net_clear(&b);
    RR_OK_OR_FAIL(rr_net_init(&b, 2, w3, NULL, &err), err);
    assert_int_equal(rr_net_difference(&dn, &a, &b, NULL, &err), RR_EINPUT);
    assert_non_null(strstr(err.msg, "output dimensions"));
    rr_net_clear(&a);
    rr_net_clear(&b);
}

/* Distance of two 1-D networks of different depths: the norms of
 * R(a) - R(b) (via the difference network) against the breakpoint
 * calculus run on a and b separately and subtracted on the union of their
 * breakpoints (never on the difference network). */
static void test_distance_1d(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 55);
    mpq_t linf, slope, one, zero;
    mpq_init(linf);
    mpq_init(slope);
    mpq_init(one);
    mpq_init(zero);
    mpq_ptr lo = rr_qvec_new(1), hi = rr_qvec_new(1), w = rr_qvec_new(2);
    q_set(lo, "-2");
    q_set(hi, "3/2");
    q_set(w, "1");
    q_set(w + 1, "-1");
    for (int t = 0; t < 8; t++) {
        long wa[3] = {1, 4, 1}, wb[4] = {1, 3, 2, 1};
        rr_net_t a, b, dn;
        rand_net(&a, &rg, 2, wa, t % 3);
        rand_net(&b, &rg, 3, wb, (t + 2) % 3);
        rr_err_t err;
        RR_OK_OR_FAIL(rr_net_difference(&dn, &a, &b, NULL, &err), err);
        pl ab[2], dif;
        pl_net(ab, &a, lo, hi, 0);
        pl_net(ab + 1, &b, lo, hi, 0);
        pl_affine(&dif, ab, w, 2, zero);
        pl_measure(linf, slope, &dif);
        for (int mi = 0; mi < 3; mi++) {
            rr_norm_result_t r;
            norms(&r, &dn, lo, hi, all_methods[mi], RR_GRAD_L1, 0);
            assert_exact_q(&r.linf[0], linf, 0, "distance L^inf");
            assert_exact_q(&r.semi[0], slope, 0, "distance seminorm");
            /* the witness value is R(a) - R(b) there */
            mpq_ptr fa = rr_qvec_new(1), fb = rr_qvec_new(1);
            eval_exact(fa, &a, r.linf[0].x, 0);
            eval_exact(fb, &b, r.linf[0].x, 0);
            mpq_sub(fa, fa, fb);
            assert_true(mpq_equal(fa, r.linf[0].fx));
            rr_qvec_free(fa, 1);
            rr_qvec_free(fb, 1);
            check_witnesses(&dn, &r);
            rr_norm_result_clear(&r);
        }
        pl_clear(ab);
        pl_clear(ab + 1);
        pl_clear(&dif);
        rr_net_clear(&a);
        rr_net_clear(&b);
        rr_net_clear(&dn);
    }
    rr_qvec_free(lo, 1);
    rr_qvec_free(hi, 1);
    rr_qvec_free(w, 2);
    mpq_clear(linf);
    mpq_clear(slope);
    mpq_clear(one);
    mpq_clear(zero);
}

/* ---- the box, errors ------------------------------------------------------------ */

static void test_box_parse(void **state)
{
    (void)state;
    rr_caps_t caps;
    rr_caps_default(&caps);
    rr_err_t err;
    mpq_ptr lo = rr_qvec_new(2), hi = rr_qvec_new(2);
    RR_OK_OR_FAIL(rr_norm_parse_box(lo, hi, "-1/2:0x1p-3,1e-3:7", 2, &caps, &err),
                  err);
    assert_q_eq_str(lo, "-1/2");
    assert_q_eq_str(hi, "1/8");
    assert_q_eq_str(lo + 1, "1/1000");
    assert_q_eq_str(hi + 1, "7");
    const char *bad[] = {"1:1,0:1", "2:1,0:1", "0:1", "0:1,0:1,0:1", "0;1,0:1",
                         "0:x,0:1", ""};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(rr_norm_parse_box(lo, hi, bad[i], 2, &caps, &err),
                         RR_EINPUT);
        assert_null(strchr(err.msg, '\n'));
        assert_non_null(strstr(err.msg, "--box"));
    }
    /* rr_norm_compute refuses an empty box */
    rr_net_t net;
    long w[3] = {2, 1, 1};
    RR_OK_OR_FAIL(rr_net_init(&net, 2, w, NULL, &err), err);
    q_set(lo, "0");
    q_set(hi, "0");
    q_set(lo + 1, "0");
    q_set(hi + 1, "1");
    rr_norm_opts_t o;
    rr_norm_opts_default(&o);
    rr_norm_result_t r;
    assert_int_equal(rr_norm_compute(&r, &net, lo, hi, &o, &err), RR_EINPUT);
    rr_net_clear(&net);
    rr_qvec_free(lo, 2);
    rr_qvec_free(hi, 2);
}

/* ---- stopping rules and progress ---------------------------------------------- */

typedef struct prog_log {
    int calls, bad;
    long last_nodes;
    double last_s;
    char phase[64];
} prog_log;

static void prog_cb(void *ctx, const rr_norm_progress_t *p)
{
    prog_log *l = ctx;
    l->calls++;
    snprintf(l->phase, sizeof l->phase, "%s", p->phase);
    if (p->seconds < l->last_s || p->nodes < l->last_nodes ||
        p->linf_lo < 0 || p->semi_lo < 0)
        l->bad = 1;
    /* branch and bound: intervals; an exact method: hi < 0 (lower bounds) */
    if (p->linf_hi >= 0 && (p->linf_lo > p->linf_hi || p->semi_lo > p->semi_hi))
        l->bad = 1;
    l->last_s = p->seconds;
    l->last_nodes = p->nodes;
}

/* hi - lo <= gap * hi (relative) or <= gap (absolute), in MPFR (exactly
 * enough: the check runs on the printed enclosure). */
static int within_gap(const rr_nbound_t *b, double gap, int abs_gap)
{
    mpfr_t t;
    mpfr_init2(t, 256);
    mpfr_sub(t, b->hi_up, b->lo_dn, MPFR_RNDU);
    int ok;
    if (abs_gap) {
        ok = mpfr_cmp_d(t, gap) <= 0;
    } else {
        mpfr_t u;
        mpfr_init2(u, 256);
        mpfr_mul_d(u, b->hi_up, gap, MPFR_RNDD);
        ok = mpfr_lessequal_p(t, u);
        mpfr_clear(u);
    }
    mpfr_clear(t);
    return ok;
}

/* --max-nodes, --gap (relative and absolute) and --budget stop branch and
 * bound with the right reason and honest intervals around the exact values
 * (region enumeration); progress reports are monotone and consistent. */
static void test_stop_rules(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 4711);
    long w[4] = {2, 8, 8, 2};
    rr_net_t net;
    rand_net(&net, &rg, 3, w, 0);
    rr_norm_result_t ex;
    norms(&ex, &net, NULL, NULL, RR_NORM_EXACT_REGIONS, RR_GRAD_L2, 0);
    assert_true(ex.exact);
    rr_err_t err;
    for (int c = 0; c < 3; c++) {
        rr_norm_opts_t o;
        rr_norm_opts_default(&o);
        o.method = RR_NORM_BAB;
        o.budget = 600;
        prog_log plog = {0};
        if (c == 0) {
            o.max_nodes = 3;
            o.progress = prog_cb;
            o.progress_ctx = &plog;
            o.progress_every = 1e-9; /* every iteration */
        } else if (c == 1) {
            o.gap = 0.5;
        } else {
            o.gap = 1.0 / 64;
            o.gap_abs = 1;
        }
        rr_norm_result_t r;
        RR_OK_OR_FAIL(rr_norm_compute(&r, &net, NULL, NULL, &o, &err), err);
        assert_int_equal(r.method, RR_NORM_BAB);
        if (c == 0) {
            assert_int_equal(r.stop, RR_STOP_NODES);
            assert_false(r.exact);
            assert_true(r.nodes >= 3);
            assert_true(plog.calls >= 1);
            assert_false(plog.bad);
            assert_string_equal(plog.phase, "branch and bound");
        } else {
            assert_true(r.stop == RR_STOP_GAP || r.stop == RR_STOP_COMPLETE);
            for (long j = 0; j < r.k; j++) {
                assert_true(within_gap(&r.linf[j], o.gap, o.gap_abs));
                assert_true(within_gap(&r.semi[j], o.gap, o.gap_abs));
            }
        }
        if (r.exact)
            assert_int_equal(r.stop, RR_STOP_COMPLETE);
        for (long j = 0; j < r.k; j++) {
            assert_brackets(&r.linf[j], ex.linf[j].lo.q, 0, "stop L^inf");
            assert_brackets(&r.semi[j], ex.semi[j].lo.q, 1, "stop seminorm");
        }
        assert_brackets(&r.linf_max, ex.linf_max.lo.q, 0, "stop max L^inf");
        assert_brackets(&r.semi_max, ex.semi_max.lo.q, 1, "stop max semi");
        check_witnesses(&net, &r);
        rr_norm_result_clear(&r);
    }
    rr_norm_result_clear(&ex);
    rr_net_clear(&net);

    /* a budget far too small for a 2-40-40-2 network: stopped by the
     * budget, certified intervals, witnesses valid */
    long w2[4] = {2, 40, 40, 2};
    rand_net(&net, &rg, 3, w2, 1);
    rr_norm_opts_t o;
    rr_norm_opts_default(&o);
    o.method = RR_NORM_BAB;
    o.budget = 1e-3;
    rr_norm_result_t r;
    RR_OK_OR_FAIL(rr_norm_compute(&r, &net, NULL, NULL, &o, &err), err);
    assert_int_equal(r.stop, RR_STOP_BUDGET);
    assert_false(r.exact);
    check_witnesses(&net, &r);
    rr_norm_result_clear(&r);
    /* auto on that network gives up on exactness and says so */
    o.method = RR_NORM_AUTO;
    RR_OK_OR_FAIL(rr_norm_compute(&r, &net, NULL, NULL, &o, &err), err);
    assert_int_equal(r.method, RR_NORM_BAB);
    assert_false(r.exact);
    check_witnesses(&net, &r);
    rr_norm_result_clear(&r);
    /* a forced exact method that runs out of budget is an error */
    o.method = RR_NORM_EXACT_REGIONS;
    assert_int_equal(rr_norm_compute(&r, &net, NULL, NULL, &o, &err),
                     RR_ELIMIT);
    rr_net_clear(&net);
}

/* The exact methods report progress too (lower bounds so far). */
static void test_exact_progress(void **state)
{
    (void)state;
    rr_rand_t rg;
    rr_rand_seed(&rg, 99);
    rr_err_t err;
    for (int t = 0; t < 2; t++) {
        long wd[4] = {2, 5, 4, 1}, ws[3] = {2, 100, 1};
        rr_net_t net;
        if (t == 0)
            rand_net(&net, &rg, 3, wd, 0);
        else
            rand_net(&net, &rg, 2, ws, 0);
        rr_norm_opts_t o;
        rr_norm_opts_default(&o);
        o.method = RR_NORM_EXACT;
        o.budget = 600;
        prog_log plog = {0};
        o.progress = prog_cb;
        o.progress_ctx = &plog;
        o.progress_every = 1e-9;
        rr_norm_result_t r;
        RR_OK_OR_FAIL(rr_norm_compute(&r, &net, NULL, NULL, &o, &err), err);
        assert_true(r.exact);
        if (plog.calls < 1)
            fail_msg("no progress report from the %s method",
                     t == 0 ? "regions" : "shallow");
        assert_false(plog.bad);
        assert_string_equal(plog.phase, t == 0 ? "exact (regions)"
                                             : "exact (shallow vertices)");
        rr_norm_result_clear(&r);
        rr_net_clear(&net);
    }
}

/* ---- the command line ------------------------------------------------------------ */

static char tmpdir[64];

static int run(const char *const *args, const char *outname)
{
    return rr_cli_run(rr_cli_bin(), tmpdir, args, outname, "stderr");
}

static char *slurp(const char *name)
{
    char *buf = rr_cli_slurp(tmpdir, name);
    assert_non_null(buf);
    return buf;
}

static void test_cli(void **state)
{
    (void)state;
    assert_int_equal(
        rr_cli_mkdtemp(tmpdir, sizeof tmpdir, "/tmp/rr-t-norm-XXXXXX"), 0);
    char net2[128], net3[128];
    snprintf(net2, sizeof net2, "%s/d3.json", tmpdir);
    snprintf(net3, sizeof net3, "%s/d2.json", tmpdir);
    FILE *f = fopen(net2, "w");
    fputs("{\"version\": 1, \"architecture\": [3, 1, 1], \"layers\": ["
          "{\"weights\": [[\"1\", \"0\", \"0\"]], \"biases\": [\"0\"]},"
          "{\"weights\": [[\"1\"]], \"biases\": [\"0\"]}]}", f);
    fclose(f);
    f = fopen(net3, "w");
    fputs("{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
          "{\"weights\": [[\"1\", \"1\"]], \"biases\": [\"0\"]},"
          "{\"weights\": [[\"1/2\"]], \"biases\": [\"0\"]}]}", f);
    fclose(f);
    const char *a1[] = {"norm", "examples/default.json", NULL};
    assert_int_equal(run(a1, "out"), 0);
    char *out = slurp("out");
    assert_non_null(strstr(out, "= 43/10"));
    assert_non_null(strstr(out, "sqrt(937/16)"));
    assert_non_null(strstr(out, "[exact rational]"));
    const char *a2[] = {"norm", "examples/default.json", "--json", "--grad-norm",
                        "l1", NULL};
    assert_int_equal(run(a2, "out"), 0);
    json_error_t je;
    json_t *j = json_loads(slurp("out"), 0, &je);
    assert_non_null(j);
    json_t *lin = json_object_get(json_object_get(json_object_get(j, "max"),
                                                  "linf"), "value");
    assert_string_equal(json_string_value(json_object_get(lin, "rational")),
                        "43/10");
    assert_true(json_is_true(json_object_get(j, "exact")));
    json_decref(j);
    /* the difference with itself is zero */
    const char *a3[] = {"norm", "examples/default.json", "--minus",
                        "examples/default.json", NULL};
    assert_int_equal(run(a3, "out"), 0);
    out = slurp("out");
    assert_non_null(strstr(out, "||f||_Linf         = 0  [exact"));
    /* a perfect square under the root is printed as the rational root */
    assert_non_null(strstr(out, "|f|_W1inf          = sqrt(0) = 0  [exact "
                                "rational]"));
    /* bad input: exit 3, one line on stderr */
    const char *bad3[][8] = {
        {"norm", "examples/default.json", "--box", "1:1,0:1", NULL},
        {"norm", "examples/default.json", "--box", "0:1", NULL},
        {"norm", "examples/default.json", "--box", "0:1,a:2", NULL},
        {"norm", "examples/default.json", "--minus", net2, NULL},
        {"norm", net2, "--minus", net3, NULL},
    };
    for (int i = 0; i < 5; i++) {
        assert_int_equal(run(bad3[i], "out"), 3);
        char *e = slurp("stderr");
        assert_non_null(strstr(e, "reluref"));
        assert_non_null(strchr(e, '\n'));
        assert_null(strchr(strchr(e, '\n') + 1, '\n'));
    }
    /* usage errors: exit 2 */
    const char *bad2[][8] = {
        {"norm", "examples/default.json", "--grad-norm", "l3", NULL},
        {"norm", "examples/default.json", "--method", "magic", NULL},
        {"norm", "examples/default.json", "--gap", "-1", NULL},
        {"norm", NULL},
    };
    for (int i = 0; i < 4; i++)
        assert_int_equal(run(bad2[i], "out"), 2);
    /* a box and branch and bound with a node cap: certified interval */
    const char *a4[] = {"norm", net3, "--box", "-1:1/3,-2:1", "--method", "bab",
                        "--grad-norm", "linf", NULL};
    assert_int_equal(run(a4, "out"), 0);
    out = slurp("out");
    /* (1/2) rho(x1 + x2) on [-1, 1/3] x [-2, 1]: max at (1/3, 1): 2/3 */
    assert_non_null(strstr(out, "||f||_Linf         = 2/3  (~"));
    assert_non_null(strstr(out, "|f|_W1inf          = 1/2  (~"));
    rr_cli_rmdir(tmpdir);
}

/* Branch and bound from the command line: the stop reasons, the certified
 * intervals in text and JSON, the progress line on standard error for a
 * run longer than a second (and none with --quiet), --prec. */
static void test_cli_bounds(void **state)
{
    (void)state;
    assert_int_equal(
        rr_cli_mkdtemp(tmpdir, sizeof tmpdir, "/tmp/rr-t-norm-XXXXXX"), 0);
    char big[128];
    snprintf(big, sizeof big, "%s/big.json", tmpdir);
    rr_rand_t rg;
    rr_rand_seed(&rg, 606);
    long w[4] = {2, 60, 60, 2};
    rr_net_t net;
    rand_net(&net, &rg, 3, w, 1);
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_write_file(big, &net, &err), err);
    rr_net_clear(&net);

    const char *a1[] = {"norm", big, "--method", "bab", "--max-nodes", "5",
                        NULL};
    assert_int_equal(run(a1, "out"), 0);
    char *out = slurp("out");
    assert_non_null(strstr(out, "stopped: node cap reached"));
    assert_non_null(strstr(out, "result: certified bounds (not all exact)"));
    assert_non_null(strstr(out, "[certified interval, 64 bits]"));
    assert_non_null(strstr(out, "lower end attained: sqrt("));
    assert_non_null(strstr(out, "maximum over the 2 components:"));

    const char *a2[] = {"norm", big, "--method", "bab", "--max-nodes", "5",
                        "--json", "--grad-norm", "linf", NULL};
    assert_int_equal(run(a2, "out"), 0);
    json_error_t je;
    json_t *j = json_loads(slurp("out"), 0, &je);
    assert_non_null(j);
    assert_true(json_is_false(json_object_get(j, "exact")));
    assert_string_equal(json_string_value(json_object_get(j, "stop")),
                        "node cap reached");
    assert_string_equal(json_string_value(json_object_get(j, "grad_norm")),
                        "linf");
    json_t *sem = json_object_get(json_object_get(j, "max"), "seminorm");
    assert_true(json_is_false(json_object_get(sem, "exact")));
    assert_int_equal(json_array_size(json_object_get(sem, "interval")), 2);
    assert_non_null(json_object_get(json_object_get(sem, "lower_attained"),
                                    "rational"));
    json_t *wit = json_object_get(sem, "witness");
    assert_string_equal(json_string_value(json_object_get(wit, "kind")),
                        "gradient");
    assert_int_equal(json_array_size(json_object_get(wit, "x")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "components")), 2);
    json_decref(j);

    /* longer than a second: progress lines on stderr, then the budget */
    const char *a3[] = {"norm", big, "--method", "bab", "--budget", "1.5",
                        NULL};
    assert_int_equal(run(a3, "out"), 0);
    assert_non_null(strstr(slurp("out"), "stopped: budget exhausted"));
    char *e = slurp("stderr");
    assert_non_null(strstr(e, "reluref norm: 1 s, branch and bound, "));
    assert_non_null(strstr(e, " open), L^inf in ["));
    const char *a4[] = {"norm", big, "--method", "bab", "--budget", "1.2",
                        "--quiet", NULL};
    assert_int_equal(run(a4, "out"), 0);
    assert_string_equal(slurp("stderr"), "");
    /* a gap reached at once */
    const char *a5[] = {"norm", big, "--method", "bab", "--gap", "abs:1e9",
                        NULL};
    assert_int_equal(run(a5, "out"), 0);
    assert_non_null(strstr(slurp("out"), "stopped: gap reached"));

    /* --prec: the root enclosed at 200 bits, shown to about 60 digits */
    const char *a6[] = {"norm", "examples/default.json", "--prec", "200",
                        NULL};
    assert_int_equal(run(a6, "out"), 0);
    assert_non_null(strstr(slurp("out"),
                           "sqrt(937/16) in [7.6526139325069835904889973508"
                           "0578507844010161985739484740133, 7.6526139325069"
                           "8359048899735080578507844010161985739484740134]"));
    const char *a7[] = {"norm", "examples/default.json", "--prec", "200",
                        "--json", NULL};
    assert_int_equal(run(a7, "out"), 0);
    j = json_loads(slurp("out"), 0, &je);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "precision")), 200);
    json_t *enc = json_object_get(json_object_get(json_object_get(j, "max"),
                                                  "seminorm"), "enclosure");
    const char *lo = json_string_value(json_array_get(enc, 0));
    const char *hi = json_string_value(json_array_get(enc, 1));
    assert_non_null(lo);
    assert_non_null(hi);
    assert_true(strlen(lo) > 50 && strcmp(lo, hi));
    json_decref(j);
    const char *a8[] = {"norm", "examples/default.json", "--prec", "1", NULL};
    assert_int_equal(run(a8, "out"), 2);

    rr_cli_rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_p4),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_kinks_do_not_count),
        cmocka_unit_test(test_bias_free),
        cmocka_unit_test(test_shallow_folded_kinks),
        cmocka_unit_test(test_shallow_coincident),
        cmocka_unit_test(test_shallow_degenerate_random),
        cmocka_unit_test(test_shallow_difference_kinks),
        cmocka_unit_test(test_one_dim),
        cmocka_unit_test(test_two_dim_brute_force),
        cmocka_unit_test(test_deep),
        cmocka_unit_test(test_default_example),
        cmocka_unit_test(test_difference),
        cmocka_unit_test(test_distance_1d),
        cmocka_unit_test(test_box_parse),
        cmocka_unit_test(test_stop_rules),
        cmocka_unit_test(test_exact_progress),
        cmocka_unit_test(test_cli),
        cmocka_unit_test(test_cli_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
