/* t-realize.c -- realizations: hand-computed values, the B-E-G pathology
 * networks, kinks and differentiability, and on random networks the
 * agreement of every arithmetic with an independent exact evaluator. */
#include "rr_test.h"

#include <math.h>

/* An independent exact evaluator, written plainly here (no kernels): values
 * of the output and the pre-activation signs of all hidden neurons. */
static void naive_eval(mpq_ptr out, char *pattern, const rr_net_t *net,
                       mpq_srcptr x)
{
    long maxw = 0;
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] > maxw)
            maxw = net->width[l];
    mpq_ptr a = rr_qvec_new(maxw), z = rr_qvec_new(maxw);
    mpq_t t;
    mpq_init(t);
    for (long j = 0; j < net->width[0]; j++)
        mpq_set(a + j, x + j);
    long off = 0;
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        for (long i = 0; i < m; i++) {
            mpq_set(z + i, net->b[l] + i);
            for (long j = n - 1; j >= 0; j--) { /* the other order */
                mpq_mul(t, rr_net_weight(net, l, i, j), a + j);
                mpq_add(z + i, z + i, t);
            }
        }
        for (long i = 0; i < m; i++) {
            if (l + 1 == net->depth) {
                mpq_set(out + i, z + i);
                continue;
            }
            int s = mpq_sgn(z + i);
            pattern[off + i] = s > 0 ? '+' : s < 0 ? '-' : '0';
            if (s > 0)
                mpq_set(a + i, z + i);
            else
                mpq_set_ui(a + i, 0, 1);
        }
        if (l + 1 < net->depth)
            off += m;
    }
    mpq_clear(t);
    rr_qvec_free(a, maxw);
    rr_qvec_free(z, maxw);
}

static const char *default_example_path = "examples/default.json";

static void test_hand_computed(void **state)
{
    (void)state;
    rr_net_t net;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_file(&net, default_example_path, NULL, &err), err);
    rr_mode_t m = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    RR_OK_OR_FAIL(rr_eval_new(&ev, &net, m, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    mpq_ptr x = rr_qvec_new(2);
    /* Computed by hand (see the comment in spec/realization.md). */
    q_set(x + 0, "0");
    q_set(x + 1, "0");
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_q_eq_str(res.q + 0, "-2/5");
    assert_memory_equal(res.pattern, "0-++++-", 7);
    assert_int_equal(res.n_ties, 1);
    assert_int_equal(res.differentiable, RR_DIFF_NO);
    q_set(x + 0, "1/2");
    q_set(x + 1, "-1/3");
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_q_eq_str(res.q + 0, "823/360");
    assert_memory_equal(res.pattern, "+-+++-+", 7);
    assert_int_equal(res.differentiable, RR_DIFF_YES);
    assert_q_eq_str(res.jac + 0, "15/4");
    assert_q_eq_str(res.jac + 1, "-13/12");
    rr_qvec_free(x, 2);
    rr_result_clear(&res);
    rr_eval_free(ev);
    rr_net_clear(&net);

    /* A 1-D net by hand: f(x) = 2 rho(x - 1) - 3 rho(-x) + 1/2. */
    net_from_str(&net, "{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
                       "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"-1\", \"0\"]},"
                       "{\"weights\": [[\"2\", \"-3\"]], \"biases\": [\"1/2\"]}]}");
    const char *xs[] = {"3", "-5/2", "1", "0", "1/3"};
    const char *fs[] = {"9/2", "-7", "1/2", "1/2", "1/2"};
    mpq_t out;
    mpq_init(out);
    x = rr_qvec_new(1);
    for (int i = 0; i < 5; i++) {
        q_set(x, xs[i]);
        eval_exact(out, &net, x, 0);
        assert_q_eq_str(out, fs[i]);
    }
    mpq_clear(out);
    rr_qvec_free(x, 1);
    rr_net_clear(&net);
}

/* B-E-G pathology P1: N = (2,1,1), a = (r, 0), c = 0: R = 0 whatever r. */
static void test_pathology_p1_zero(void **state)
{
    (void)state;
    rr_net_t net;
    long w[3] = {2, 1, 1};
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_init(&net, 2, w, NULL, &err), err);
    q_set(rr_net_weight(&net, 0, 0, 0), "1000000");
    rr_rand_t r;
    rr_rand_seed(&r, 1);
    mpq_ptr x = rr_qvec_new(2);
    mpq_t out;
    mpq_init(out);
    for (int t = 0; t < 50; t++) {
        rand_q(x + 0, &r, 0);
        rand_q(x + 1, &r, 0);
        eval_exact(out, &net, x, 0);
        assert_int_equal(mpq_sgn(out), 0);
    }
    mpq_clear(out);
    rr_qvec_free(x, 2);
    rr_net_clear(&net);
}

/* P2: N = (d, 2m, 1), rows a_1..a_m, -a_1..-a_m, output (1..1, -1..-1),
 * sum a_i = 0: R(x) = sum_i <a_i, x> = 0, with no small weight. */
static void test_pathology_p2_zero(void **state)
{
    (void)state;
    const long d = 3, m = 4;
    long w[3] = {d, 2 * m, 1};
    rr_net_t net;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_init(&net, 2, w, NULL, &err), err);
    rr_rand_t r;
    rr_rand_seed(&r, 2);
    for (long k = 0; k < d; k++) {
        mpq_t sum;
        mpq_init(sum);
        for (long i = 0; i < m - 1; i++) {
            rand_q(rr_net_weight(&net, 0, i, k), &r, 0);
            mpq_add(sum, sum, rr_net_weight(&net, 0, i, k));
        }
        mpq_neg(rr_net_weight(&net, 0, m - 1, k), sum); /* sum a_i = 0 */
        for (long i = 0; i < m; i++)
            mpq_neg(rr_net_weight(&net, 0, m + i, k), rr_net_weight(&net, 0, i, k));
        mpq_clear(sum);
    }
    for (long i = 0; i < m; i++) {
        mpq_set_si(rr_net_weight(&net, 1, 0, i), 1, 1);
        mpq_set_si(rr_net_weight(&net, 1, 0, m + i), -1, 1);
    }
    mpq_ptr x = rr_qvec_new(d);
    mpq_t out;
    mpq_init(out);
    for (int t = 0; t < 50; t++) {
        for (long k = 0; k < d; k++)
            rand_q(x + k, &r, t % 2 ? 0 : 2); /* integers: many kinks */
        eval_exact(out, &net, x, 0);
        assert_int_equal(mpq_sgn(out), 0);
        eval_exact(out, &net, x, RR_NO_DYADIC);
        assert_int_equal(mpq_sgn(out), 0);
    }
    /* Everywhere differentiable (R = 0), even on the kinks: at x = 0 all
     * 2m neurons tie, and all 2^8 pieces have Jacobian 0. */
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    RR_OK_OR_FAIL(rr_eval_new(&ev, &net, mode, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    for (long k = 0; k < d; k++)
        mpq_set_ui(x + k, 0, 1);
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_int_equal(res.n_ties, 2 * m);
    assert_int_equal(res.differentiable, RR_DIFF_UNDECIDED);
    rr_result_clear(&res);
    rr_eval_free(ev);
    mpq_clear(out);
    rr_qvec_free(x, d);
    rr_net_clear(&net);
}

static void test_kinks(void **state)
{
    (void)state;
    rr_err_t err;
    rr_net_t net;
    /* f(x1, x2) = rho(x1 - x2) + 0 * rho(x1 + x2) - rho(-x1 + x2): neuron 2
     * has a zero outgoing weight, and neurons 1 and 3 together are the
     * linear function x1 - x2. */
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 3, 1], \"layers\": ["
                       "{\"weights\": [[\"1\", \"-1\"], [\"1\", \"1\"], [\"-1\", \"1\"]],"
                       " \"biases\": [\"0\", \"0\", \"0\"]},"
                       "{\"weights\": [[\"1\", \"0\", \"-1\"]], \"biases\": [\"0\"]}]}");
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    RR_OK_OR_FAIL(rr_eval_new(&ev, &net, mode, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    mpq_ptr x = rr_qvec_new(2);
    /* On neuron 2's kink only: its outgoing weight is 0, so f is
     * differentiable there (both pieces agree). */
    q_set(x + 0, "1");
    q_set(x + 1, "-1");
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_memory_equal(res.pattern, "+0-", 3);
    assert_int_equal(res.differentiable, RR_DIFF_YES);
    assert_q_eq_str(res.jac + 0, "1");
    assert_q_eq_str(res.jac + 1, "-1");
    /* On x1 = x2 neurons 1 and 3 tie and their sum is linear there: all
     * four pieces... no: the pieces (on, on) and (off, off) are empty, the
     * other two have Jacobian (1,-1): enumerating all four gives differing
     * Jacobians, so reluref says undecided rather than guessing. */
    q_set(x + 0, "1/2");
    q_set(x + 1, "1/2");
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_memory_equal(res.pattern, "0+0", 3);
    assert_q_eq_str(res.q, "0");
    assert_int_equal(res.differentiable, RR_DIFF_UNDECIDED);
    rr_result_clear(&res);
    rr_eval_free(ev);
    rr_net_clear(&net);

    /* A genuine kink: f = rho(x1) at x1 = 0 is not differentiable. */
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
                       "{\"weights\": [[\"1\", \"0\"]], \"biases\": [\"0\"]},"
                       "{\"weights\": [[\"1\"]], \"biases\": [\"0\"]}]}");
    RR_OK_OR_FAIL(rr_eval_new(&ev, &net, mode, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    q_set(x + 0, "0");
    q_set(x + 1, "7/3");
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_int_equal(res.differentiable, RR_DIFF_NO);
    assert_non_null(strstr(res.diff_reason, "neuron 1 of hidden layer 1"));
    /* The double path also sees 0 there; the enclosure certifies the tie
     * only when the interval is exactly [0, 0]. */
    rr_result_clear(&res);
    rr_eval_free(ev);
    rr_mode_t enc = {RR_MODE_ENCLOSURE, 53};
    RR_OK_OR_FAIL(rr_eval_new(&ev, &net, enc, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_int_equal(res.pattern[0], '0');
    assert_int_equal(res.differentiable, RR_DIFF_NO);
    q_set(x + 0, "1/3"); /* not representable: the enclosure is certain */
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
    assert_int_equal(res.pattern[0], '+');
    assert_int_equal(res.differentiable, RR_DIFF_YES);
    rr_result_clear(&res);
    rr_eval_free(ev);
    rr_qvec_free(x, 2);
    rr_net_clear(&net);
}

/* All arithmetics against the independent evaluator on random networks. */
static void check_random_net(const rr_net_t *net, rr_rand_t *r, int xkind)
{
    long d = net->width[0], k = net->width[net->depth];
    long nh = 0;
    for (int l = 1; l < net->depth; l++)
        nh += net->width[l];
    rr_err_t err;
    rr_mode_t modes[] = {{RR_MODE_EXACT, 0}, {RR_MODE_ENCLOSURE, 24},
                         {RR_MODE_ENCLOSURE, 113}, {RR_MODE_MPFR, 24},
                         {RR_MODE_MPFR, 53}, {RR_MODE_MPFR, 200},
                         {RR_MODE_DOUBLE, 53}};
    enum { NM = sizeof modes / sizeof *modes };
    rr_eval_t *ev[NM];
    rr_result_t res[NM];
    for (int i = 0; i < NM; i++) {
        RR_OK_OR_FAIL(rr_eval_new(&ev[i], net, modes[i], &err), err);
        RR_OK_OR_FAIL(rr_result_init(&res[i], ev[i], &err), err);
    }
    mpq_ptr x = rr_qvec_new(d), ref = rr_qvec_new(k), viaq = rr_qvec_new(k);
    mpq_ptr xs = rr_qvec_new(d), fs = rr_qvec_new(k);
    mpfr_ptr bound = malloc((size_t)k * sizeof(mpfr_t));
    for (long i = 0; i < k; i++)
        mpfr_init2(bound + i, 64);
    char *pat = malloc((size_t)nh + 1);
    mpq_t e, t;
    mpq_init(e);
    mpq_init(t);
    for (int p = 0; p < 8; p++) {
        for (long j = 0; j < d; j++)
            rand_q(x + j, r, xkind);
        naive_eval(ref, pat, net, x);
        /* exact, both paths */
        RR_OK_OR_FAIL(rr_eval_point(ev[0], &res[0], x, RR_WANT_JACOBIAN, &err), err);
        for (long i = 0; i < k; i++)
            assert_true(mpq_equal(res[0].q + i, ref + i));
        assert_memory_equal(res[0].pattern, pat, (size_t)nh);
        eval_exact(viaq, net, x, RR_NO_DYADIC);
        for (long i = 0; i < k; i++)
            assert_true(mpq_equal(viaq + i, ref + i));
        /* Jacobian against exact finite differences: for t small enough
         * that no neuron changes sign, f(x + t e_j) - f(x) = t J e_j. */
        if (res[0].differentiable == RR_DIFF_YES && res[0].n_ties == 0) {
            char *pat2 = malloc((size_t)nh + 1);
            for (long j = 0; j < d; j++) {
                mpq_set_si(t, 1, 1 << 20);
                for (;;) {
                    for (long c = 0; c < d; c++)
                        mpq_set(xs + c, x + c);
                    mpq_add(xs + j, xs + j, t);
                    naive_eval(fs, pat2, net, xs);
                    if (!memcmp(pat2, pat, (size_t)nh))
                        break;
                    mpq_div_2exp(t, t, 8);
                }
                for (long i = 0; i < k; i++) {
                    mpq_sub(e, fs + i, ref + i);
                    mpq_div(e, e, t);
                    assert_true(mpq_equal(e, res[0].jac + i * d + j));
                }
            }
            free(pat2);
        }
        /* enclosures contain the exact value */
        for (int m = 1; m <= 2; m++) {
            RR_OK_OR_FAIL(rr_eval_point(ev[m], &res[m], x, 0, &err), err);
            for (long i = 0; i < k; i++) {
                assert_true(mpfr_cmp_q(res[m].lo + i, ref + i) <= 0);
                assert_true(mpfr_cmp_q(res[m].hi + i, ref + i) >= 0);
            }
            /* certified signs agree with the exact pattern */
            for (long h = 0; h < nh; h++)
                if (res[m].pattern[h] != '?')
                    assert_int_equal(res[m].pattern[h], pat[h]);
        }
        /* mpfr:P and double within the a-priori bound */
        for (int m = 3; m < NM; m++) {
            rr_status st = rr_eval_point(ev[m], &res[m], x, 0, &err);
            assert_int_equal(st, RR_OK);
            long prec = modes[m].prec;
            int is_double = modes[m].kind == RR_MODE_DOUBLE;
            rr_fpformat_t fmt = is_double ? rr_binary64
                                          : rr_fpformat_mpfr(prec);
            RR_OK_OR_FAIL(rr_error_bound(bound, NULL, net, x, &fmt, &err),
                          err);
            for (long i = 0; i < k; i++) {
                if (is_double)
                    mpq_set_d(e, res[m].dbl[i]);
                else
                    mpfr_get_q(e, res[m].f + i);
                mpq_sub(e, e, ref + i);
                mpq_abs(e, e);
                if (mpfr_cmp_q(bound + i, e) < 0)
                    fail_msg("mode %d: error %g exceeds bound %g", m,
                             mpq_get_d(e), mpfr_get_d(bound + i, MPFR_RNDU));
            }
        }
    }
    mpq_clear(e);
    mpq_clear(t);
    free(pat);
    for (long i = 0; i < k; i++)
        mpfr_clear(bound + i);
    free(bound);
    rr_qvec_free(x, d);
    rr_qvec_free(xs, d);
    rr_qvec_free(ref, k);
    rr_qvec_free(fs, k);
    rr_qvec_free(viaq, k);
    for (int i = 0; i < NM; i++) {
        rr_result_clear(&res[i]);
        rr_eval_free(ev[i]);
    }
}

static void test_random_networks(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 2024);
    for (int t = 0; t < 90; t++) {
        int depth = 1 + (int)rr_rand_below(&r, 5);
        long width[7];
        for (int l = 0; l <= depth; l++)
            width[l] = 1 + (long)rr_rand_below(&r, 6);
        rr_net_t net;
        int kind = t % 3;
        rand_net(&net, &r, depth, width, kind);
        check_random_net(&net, &r, kind);
        rr_net_clear(&net);
    }
}

/* Extreme exponents: subnormal products and huge values, where the double
 * path underflows; the bound must still hold, and the exact value is
 * exact. */
static void test_extreme_exponents(void **state)
{
    (void)state;
    rr_net_t net;
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 2, 1], \"layers\": ["
                       "{\"weights\": [[\"0x1p-600\", \"-0x1.8p-600\"], [\"0x1p500\", \"1\"]],"
                       " \"biases\": [\"0x1p-1074\", \"-0x1p510\"]},"
                       "{\"weights\": [[\"0x1p-400\", \"0x1p-520\"]], \"biases\": [\"1/3\"]}]}");
    rr_rand_t r;
    rr_rand_seed(&r, 5);
    check_random_net(&net, &r, 1);
    mpq_ptr x = rr_qvec_new(2);
    mpq_t out;
    mpq_init(out);
    q_set(x + 0, "0x1p-470");
    q_set(x + 1, "0x1p-471");
    eval_exact(out, &net, x, 0);
    /* z1 = 2^-1070 - 1.5 2^-1071 + 2^-1074 = 2^-1072 + 2^-1074 = 5 2^-1074,
     * z2 = 2^30 + 2^-471 - 2^510 < 0; f = 5 2^-1474 + 1/3. */
    mpq_t want;
    mpq_init(want);
    q_set(want, "0x5p-1474");
    mpq_t third;
    mpq_init(third);
    q_set(third, "1/3");
    mpq_add(want, want, third);
    assert_true(mpq_equal(out, want));
    mpq_clear(want);
    mpq_clear(third);
    mpq_clear(out);
    rr_qvec_free(x, 2);
    rr_net_clear(&net);
}

/* mpfr:P bit for bit against a plain MPFR loop written here, at full
 * precision everywhere, in the documented order (rr_kernel.h). */
static void test_mpfr_bitwise(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 99);
    const long precs[] = {24, 53, 64, 113, 256, 300};
    for (int t = 0; t < 24; t++) {
        long P = precs[t % 6];
        long width[4] = {1 + (long)rr_rand_below(&r, 6), 5, 4, 2};
        rr_net_t net;
        rand_net(&net, &r, 3, width, t % 2 ? 1 : 0);
        rr_mode_t mode = {RR_MODE_MPFR, P};
        rr_eval_t *ev;
        rr_result_t res;
        rr_err_t err;
        RR_OK_OR_FAIL(rr_eval_new(&ev, &net, mode, &err), err);
        RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
        mpfr_t a[8], z[8], w, p;
        for (int i = 0; i < 8; i++)
            mpfr_inits2(P, a[i], z[i], (mpfr_ptr)0);
        mpfr_inits2(P, w, p, (mpfr_ptr)0);
        mpq_ptr x = rr_qvec_new(width[0]);
        for (long j = 0; j < width[0]; j++) {
            rand_q(x + j, &r, t % 2 ? 1 : 0);
            mpfr_set_q(a[j], x + j, MPFR_RNDN);
        }
        RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, 0, &err), err);
        for (int l = 0; l < 3; l++) {
            for (long i = 0; i < width[l + 1]; i++) {
                mpfr_set_zero(z[i], 1);
                for (long j = 0; j < width[l]; j++) {
                    if (mpfr_zero_p(a[j]))
                        continue;
                    mpfr_set_q(w, rr_net_weight(&net, l, i, j), MPFR_RNDN);
                    mpfr_mul(p, w, a[j], MPFR_RNDN);
                    mpfr_add(z[i], z[i], p, MPFR_RNDN);
                }
                mpfr_set_q(w, rr_net_bias(&net, l, i), MPFR_RNDN);
                mpfr_add(z[i], z[i], w, MPFR_RNDN);
            }
            for (long i = 0; i < width[l + 1]; i++) {
                if (l < 2 && mpfr_sgn(z[i]) < 0)
                    mpfr_set_zero(z[i], 1);
                mpfr_set(a[i], z[i], MPFR_RNDN);
            }
        }
        for (long i = 0; i < 2; i++)
            assert_true(mpfr_equal_p(res.f + i, a[i]) ||
                        (mpfr_zero_p(res.f + i) && mpfr_zero_p(a[i])));
        for (int i = 0; i < 8; i++)
            mpfr_clears(a[i], z[i], (mpfr_ptr)0);
        mpfr_clears(w, p, (mpfr_ptr)0);
        rr_qvec_free(x, width[0]);
        rr_result_clear(&res);
        rr_eval_free(ev);
        rr_net_clear(&net);
    }
}

static void test_modes_parse(void **state)
{
    (void)state;
    rr_mode_t m;
    rr_err_t err;
    assert_int_equal(rr_mode_parse(&m, "mpfr:113", NULL, &err), RR_OK);
    assert_int_equal(m.kind, RR_MODE_MPFR);
    assert_int_equal(m.prec, 113);
    assert_int_equal(rr_mode_parse(&m, "enclosure:64", NULL, &err), RR_OK);
    assert_int_equal(m.kind, RR_MODE_ENCLOSURE);
    assert_int_equal(rr_mode_parse(&m, "mpfr:", NULL, &err), RR_EINPUT);
    assert_int_equal(rr_mode_parse(&m, "mpfr:64x", NULL, &err), RR_EINPUT);
    assert_int_equal(rr_mode_parse(&m, "mpfr:100000", NULL, &err), RR_EINPUT);
    char buf[32];
    m.kind = RR_MODE_ENCLOSURE;
    m.prec = 64;
    rr_mode_name(buf, sizeof buf, m);
    assert_string_equal(buf, "enclosure:64");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_pathology_p1_zero),
        cmocka_unit_test(test_pathology_p2_zero),
        cmocka_unit_test(test_kinks),
        cmocka_unit_test(test_random_networks),
        cmocka_unit_test(test_extreme_exponents),
        cmocka_unit_test(test_mpfr_bitwise),
        cmocka_unit_test(test_modes_parse),
    };
    return cmocka_run_group_tests_name("realize", tests, NULL, NULL);
}
