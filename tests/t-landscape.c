/* t-landscape.c -- the loss landscape (spec/landscape.md): hand-computed
 * cases (a data point exactly on a kink, a zero neuron with and without an
 * escape direction, a known local minimum and a known saddle), embedding,
 * directional derivatives against the exact loss along a line (computed by
 * the realization engine), the data set reader's errors, the trainer's
 * determinism, and the CLI (exit codes, messages, no partial files). */
#define _POSIX_C_SOURCE 200809L
#define RR_CLI_DIR dir
#define RR_CLI_TMPL "/tmp/rr-t-land-XXXXXX"
#include "rr_cli_test.h"

#include <math.h>

#include "rr_landscape.h"

/* ---- helpers ------------------------------------------------------------- */

static int all_zero_q(mpq_srcptr v, long n)
{
    for (long i = 0; i < n; i++)
        if (mpq_sgn(v + i))
            return 0;
    return 1;
}

/* A shallow net (d, m, k) from strings: w row-major m*d, a m*k. */
static void mk_shallow(rr_shallow_t *s, long d, long m, long k,
                       const char *const *w, const char *const *a,
                       const char *ap, const char *an)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_shallow_init(s, d, m, k, &err), err);
    for (long i = 0; i < m * d; i++)
        q_set(s->w + i, w[i]);
    for (long i = 0; i < m * k; i++)
        q_set(s->a + i, a[i]);
    q_set(s->alpha_pos, ap);
    q_set(s->alpha_neg, an);
}

static void mk_data(rr_dataset_t *ds, long n, long d, long k,
                    const char *const *x, const char *const *y)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_dataset_init(ds, n, d, k, &err), err);
    for (long i = 0; i < n * d; i++)
        q_set(ds->x + i, x[i]);
    for (long i = 0; i < n * k; i++)
        q_set(ds->y + i, y[i]);
}

static void analyze(rr_landscape_t *ls, const rr_shallow_t *s,
                    const rr_dataset_t *ds)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_landscape_analyze(ls, s, ds, NULL, &err), err);
}

/* ---- a data point on a kink: local minimum, and not stationary ---------- */

/* One ReLU neuron w = (1, -1), a = 1; x_1 = (1, 1) on the kink, x_2 = (2, 0)
 * active, x_3 = (0, 1) inactive.  f = (0, 2, 0).  With y = (-1, 2, 0):
 * e = (1, 0, 0), L = 1/3, dL/da = 0, h(v) = relu(v1 + v2) >= 0: stationary,
 * not differentiable (L'(v) = (2/3) relu(v1 + v2)), scalar output and
 * a != 0: no escape neuron, a local minimum (f(x_1) >= 0 nearby). */
static const char *const K_W[] = {"1", "-1"}, *const K_A[] = {"1"};
static const char *const K_X[] = {"1", "1", "2", "0", "0", "1"};

static void test_kink_local_min(void **state)
{
    (void)state;
    const char *y[] = {"-1", "2", "0"};
    rr_shallow_t s;
    rr_dataset_t ds;
    rr_landscape_t ls;
    mk_shallow(&s, 2, 1, 1, K_W, K_A, "1", "0");
    mk_data(&ds, 3, 2, 1, K_X, y);
    analyze(&ls, &s, &ds);
    assert_q_eq_str(ls.loss, "1/3");
    assert_q_eq_str(ls.resid + 0, "1");
    assert_string_equal(ls.neu[0].sets, "0+-");
    assert_q_eq_str(ls.neu[0].grad_a + 0, "0");
    assert_int_equal(ls.neu[0].diff_w, 0);
    assert_int_equal(ls.differentiable, 0);
    /* autograd (relu'(0) := 0): dL/dw = (2/3) * 0 = 0 */
    assert_q_eq_str(ls.neu[0].fw_grad_w + 0, "0");
    assert_q_eq_str(ls.neu[0].fw_grad_w + 1, "0");
    assert_int_equal(ls.stationary, 1);
    assert_int_equal(ls.neu[0].escape, 0);
    assert_int_equal(ls.cls, RR_LS_LOCAL_MIN);
    /* one-sided derivatives: (2/3) relu(v1 + v2) */
    rr_err_t err;
    mpq_ptr dw = rr_qvec_new(2), da = rr_qvec_new(1);
    mpq_t out;
    mpq_init(out);
    q_set(dw + 0, "1");
    RR_OK_OR_FAIL(rr_ls_directional(out, &s, &ds, dw, da, &err), err);
    assert_q_eq_str(out, "2/3");
    q_set(dw + 0, "-1");
    RR_OK_OR_FAIL(rr_ls_directional(out, &s, &ds, dw, da, &err), err);
    assert_q_eq_str(out, "0");
    q_set(dw + 0, "3");
    q_set(dw + 1, "-1");
    RR_OK_OR_FAIL(rr_ls_directional(out, &s, &ds, dw, da, &err), err);
    assert_q_eq_str(out, "4/3");
    mpq_clear(out);
    rr_qvec_free(dw, 2);
    rr_qvec_free(da, 1);
    rr_landscape_clear(&ls);

    /* Embedding.  Split with lambda = 1/2: both copies keep a != 0, still a
     * local minimum.  lambda = 0: the copy at position 1 has a = 0 and
     * B(v) = e_1 relu(v1 + v2) != 0 at v = (1, 1): an escape neuron, a
     * saddle.  lambda = -1: the copy has a = -1, h = -relu(v1 + v2): not
     * stationary.  A zero neuron: B(v) = relu(v1 + v2): a saddle. */
    const char *lam[] = {"1/2", "0", "-1"};
    const rr_ls_class want[] = {RR_LS_LOCAL_MIN, RR_LS_SADDLE,
                                RR_LS_NOT_STATIONARY};
    mpq_t l;
    mpq_init(l);
    for (int i = 0; i < 3; i++) {
        rr_shallow_t e;
        q_set(l, lam[i]);
        RR_OK_OR_FAIL(rr_embed_split(&e, &s, 0, l, &err), err);
        assert_int_equal(e.m, 2);
        analyze(&ls, &e, &ds);
        assert_q_eq_str(ls.loss, "1/3");
        assert_int_equal(ls.cls, want[i]);
        if (i == 1) {
            assert_int_equal(ls.neu[0].escape, 1);
            assert_int_equal(ls.neu[1].escape, 0);
            assert_int_equal(ls.cert.certified, 1);
            mpq_t L;
            mpq_init(L);
            RR_OK_OR_FAIL(rr_ls_loss_engine(L, &e, &ds, &err), err);
            assert_q_eq_str(L, "1/3");
            assert_true(mpq_cmp(ls.cert.loss_t1, L) < 0);
            mpq_clear(L);
        }
        rr_landscape_clear(&ls);
        rr_shallow_clear(&e);
    }
    mpq_clear(l);
    rr_shallow_t e;
    RR_OK_OR_FAIL(rr_embed_zero(&e, &s, &err), err);
    analyze(&ls, &e, &ds);
    assert_int_equal(ls.neu[1].is_zero, 1);
    assert_int_equal(ls.neu[1].escape, 1);
    assert_int_equal(ls.cls, RR_LS_SADDLE);
    /* B(v) at the escape direction: v on the ray of x_1 = (1, 1) with
     * B = relu(v1 + v2) > 0 */
    assert_true(mpq_sgn(ls.neu[1].escape_b + 0) > 0);
    rr_landscape_clear(&ls);
    rr_shallow_clear(&e);
    rr_dataset_clear(&ds);
    rr_shallow_clear(&s);
}

/* Same net, y = (1, 2, 0): e = (-1, 0, 0), h(v) = -relu(v1 + v2): not
 * stationary.  The ray of X0 = {(1, 1)} is u = (1, 1), h(u) = -2.  Along
 * w + t (1, 1): z_3 = -1 + t flips at t = 1; L(t) = ((2t - 1)^2 + 4t^2)/3,
 * p(t) = -4/3 t + 8/3 t^2, certified for t1 = 1/4 with L = 1/6. */
static void test_kink_not_stationary(void **state)
{
    (void)state;
    const char *y[] = {"1", "2", "0"};
    rr_shallow_t s;
    rr_dataset_t ds;
    rr_landscape_t ls;
    mk_shallow(&s, 2, 1, 1, K_W, K_A, "1", "0");
    mk_data(&ds, 3, 2, 1, K_X, y);
    analyze(&ls, &s, &ds);
    assert_q_eq_str(ls.loss, "1/3");
    assert_int_equal(ls.stationary, 0);
    assert_int_equal(ls.cls, RR_LS_NOT_STATIONARY);
    assert_int_equal(ls.have_cert, 1);
    rr_curve_t *c = &ls.cert;
    assert_q_eq_str(c->d1w + 0, "1");
    assert_q_eq_str(c->d1w + 1, "1");
    assert_int_equal(c->tmax_inf, 0);
    assert_q_eq_str(c->tmax, "1");
    assert_int_equal(c->order, 1);
    assert_q_eq_str(c->coef[1], "-4/3");
    assert_q_eq_str(c->coef[2], "8/3");
    assert_q_eq_str(c->coef[3], "0");
    assert_q_eq_str(c->t1, "1/4");
    assert_q_eq_str(c->loss_t1, "1/6");
    rr_landscape_clear(&ls);
    rr_dataset_clear(&ds);
    rr_shallow_clear(&s);
}

/* ---- zero neurons with and without an escape direction ------------------- */

/* d = 1: neuron 1 w = 1, a = 3/5; neuron 2 zero.  Data x = (1, 2),
 * y = (1, 1): 3/5 is the least-squares slope, e = (-2/5, 1/5),
 * sum e_n x_n = 0, L = 1/10.  The zero neuron has B(1) = sum e_n x_n = 0 and
 * B(-1) = 0 (no negative data): no escape, a local minimum (here even the
 * global one).  Adding x_3 = -1, y_3 = 1: e_3 = -1, B(-1) = -1: an escape
 * neuron, a saddle; the curve w_2 = -t, a_2 = t^2 gives f(x_3) = t^3,
 * p(t) = (-2 t^3 + t^6) / 3, t1 = 1, L(theta(1)) = 1/15. */
static void test_zero_neuron(void **state)
{
    (void)state;
    const char *w[] = {"1", "0"}, *a[] = {"3/5", "0"};
    rr_shallow_t s;
    rr_dataset_t ds;
    rr_landscape_t ls;
    mk_shallow(&s, 1, 2, 1, w, a, "1", "0");
    const char *x2[] = {"1", "2"}, *y2[] = {"1", "1"};
    mk_data(&ds, 2, 1, 1, x2, y2);
    analyze(&ls, &s, &ds);
    assert_q_eq_str(ls.loss, "1/10");
    assert_int_equal(ls.differentiable, 1);
    assert_q_eq_str(ls.neu[0].grad_w + 0, "0");
    assert_int_equal(ls.neu[1].is_zero, 1);
    assert_int_equal(ls.neu[1].stationary, 1);
    assert_int_equal(ls.neu[1].escape, 0);
    assert_int_equal(ls.cls, RR_LS_LOCAL_MIN);
    rr_landscape_clear(&ls);
    rr_dataset_clear(&ds);

    const char *x3[] = {"1", "2", "-1"}, *y3[] = {"1", "1", "1"};
    mk_data(&ds, 3, 1, 1, x3, y3);
    analyze(&ls, &s, &ds);
    assert_q_eq_str(ls.loss, "2/5");
    assert_string_equal(ls.neu[0].sets, "++-");
    assert_string_equal(ls.neu[1].sets, "000");
    assert_int_equal(ls.stationary, 1);
    assert_int_equal(ls.neu[0].escape, 0);
    assert_int_equal(ls.neu[1].escape, 1);
    assert_q_eq_str(ls.neu[1].escape_v + 0, "-1");
    assert_q_eq_str(ls.neu[1].escape_b + 0, "-1");
    assert_int_equal(ls.cls, RR_LS_SADDLE);
    rr_curve_t *c = &ls.cert;
    assert_int_equal(c->neuron, 1);
    assert_q_eq_str(c->d1w + 1, "-1");
    assert_q_eq_str(c->d2a + 1, "1");
    assert_int_equal(c->order, 3);
    assert_q_eq_str(c->coef[3], "-2/3");
    assert_q_eq_str(c->coef[6], "1/3");
    assert_q_eq_str(c->t1, "1");
    assert_q_eq_str(c->loss_t1, "1/15");
    rr_landscape_clear(&ls);
    rr_dataset_clear(&ds);
    rr_shallow_clear(&s);

    /* The single zero neuron of MATH.md: x = 1, y = 1, theta = 0: L = 1,
     * B(1) = -1, curve w = t, a = t^2: p = -2 t^3 + t^6. */
    const char *w0[] = {"0"}, *a0[] = {"0"}, *x1[] = {"1"}, *y1[] = {"1"};
    mk_shallow(&s, 1, 1, 1, w0, a0, "1", "0");
    mk_data(&ds, 1, 1, 1, x1, y1);
    analyze(&ls, &s, &ds);
    assert_int_equal(ls.cls, RR_LS_SADDLE);
    assert_q_eq_str(ls.cert.coef[3], "-2");
    assert_q_eq_str(ls.cert.coef[6], "1");
    assert_q_eq_str(ls.cert.loss_t1, "0");
    rr_landscape_clear(&ls);
    rr_dataset_clear(&ds);
    rr_shallow_clear(&s);
}

/* ---- leaky ReLU: the X0 interval condition -------------------------------- */

/* sigma with slopes (1, 1/2), one neuron w = (1, -1), a = 1, the kink point
 * x_1 = (1, 1) only.  e_1 = f - y = -y_1.  h(v) = c sigma(v1 + v2) with
 * c = e_1: stationary iff c sigma(t) >= 0 for all t, i.e. c = 0.  With two
 * points x_1 = (1, 1) and x_2 = (-1, -1) (both on the kink), e = (1, 1):
 * h(v) = sigma(t) + sigma(-t) = (1 - 1/2)|t| >= 0: stationary, not
 * differentiable; autograd gives 2/N (alpha_- sum c_n x_n) = (1/2)(0) = 0. */
static void test_leaky(void **state)
{
    (void)state;
    const char *x[] = {"1", "1", "-1", "-1"}, *y[] = {"-1", "-1"};
    rr_shallow_t s;
    rr_dataset_t ds;
    rr_landscape_t ls;
    mk_shallow(&s, 2, 1, 1, K_W, K_A, "1", "1/2");
    mk_data(&ds, 2, 2, 1, x, y);
    analyze(&ls, &s, &ds);
    assert_q_eq_str(ls.loss, "1");
    assert_string_equal(ls.neu[0].sets, "00");
    assert_int_equal(ls.neu[0].diff_w, 0);
    assert_int_equal(ls.stationary, 1);
    assert_int_equal(ls.cls, RR_LS_LOCAL_MIN);
    rr_landscape_clear(&ls);
    /* c = (1, -1): h(v) = sigma(t) - sigma(-t) = (3/2) t: linear, so L is
     * differentiable; grad_w = (2/2)(3/4)(c_1 x_1 + c_2 x_2) = (3/2)(1, 1),
     * and the autograd value (1/2)(2, 2) = (1, 1) is wrong. */
    q_set(ds.y + 1, "1");
    analyze(&ls, &s, &ds);
    assert_int_equal(ls.neu[0].diff_w, 1);
    assert_q_eq_str(ls.neu[0].grad_w + 0, "3/2");
    assert_q_eq_str(ls.neu[0].grad_w + 1, "3/2");
    assert_q_eq_str(ls.neu[0].fw_grad_w + 0, "1");
    assert_int_equal(ls.cls, RR_LS_NOT_STATIONARY);
    rr_landscape_clear(&ls);
    rr_dataset_clear(&ds);
    rr_shallow_clear(&s);
}

/* ---- directional derivatives against the exact loss along lines --------- */

/* On random small networks with many exact ties (integer data and weights),
 * L(theta + t D) for t = 2^-20 .. is a polynomial of degree <= 4 in t near
 * 0; its slope at 0+ (from 5 exact evaluations by the realization engine,
 * Lagrange interpolation) must equal rr_ls_directional. */
static void test_directional_random(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 7);
    rr_err_t err;
    for (int trial = 0; trial < 40; trial++) {
        long d = 2 + trial % 2, m = 1 + trial % 3, k = 1 + (trial % 5 == 0),
             N = 4;
        rr_shallow_t s;
        rr_dataset_t ds;
        RR_OK_OR_FAIL(rr_shallow_init(&s, d, m, k, &err), err);
        RR_OK_OR_FAIL(rr_dataset_init(&ds, N, d, k, &err), err);
        if (trial % 4 == 1)
            q_set(s.alpha_neg, "1/4");
        for (long i = 0; i < m * d; i++)
            rand_q(s.w + i, &r, 2);
        for (long i = 0; i < m * k; i++)
            rand_q(s.a + i, &r, 0);
        for (long i = 0; i < N * d; i++)
            rand_q(ds.x + i, &r, 2);
        for (long i = 0; i < N * k; i++)
            rand_q(ds.y + i, &r, 0);
        mpq_ptr dw = rr_qvec_new(m * d), da = rr_qvec_new(m * k);
        for (long i = 0; i < m * d; i++)
            rand_q(dw + i, &r, 2);
        for (long i = 0; i < m * k; i++)
            rand_q(da + i, &r, 0);
        mpq_t der, L0, Lt[5], slope, t, num, den, tmp;
        mpq_inits(der, L0, slope, t, num, den, tmp, NULL);
        RR_OK_OR_FAIL(rr_ls_directional(der, &s, &ds, dw, da, &err), err);
        RR_OK_OR_FAIL(rr_ls_loss_engine(L0, &s, &ds, &err), err);
        /* t_i = i * 2^-20, i = 1..5; q(t) = (L(t) - L0)/t is a cubic on
         * (0, eps): extrapolate q to 0 with the 4 points i = 1..4. */
        mpq_ptr qv = rr_qvec_new(4);
        for (int i = 1; i <= 4; i++) {
            rr_shallow_t s1;
            RR_OK_OR_FAIL(rr_shallow_init_copy(&s1, &s, &err), err);
            mpq_set_si(t, i, 1 << 20);
            mpq_canonicalize(t);
            for (long q = 0; q < m * d; q++) {
                mpq_mul(tmp, dw + q, t);
                mpq_add(s1.w + q, s1.w + q, tmp);
            }
            for (long q = 0; q < m * k; q++) {
                mpq_mul(tmp, da + q, t);
                mpq_add(s1.a + q, s1.a + q, tmp);
            }
            mpq_init(Lt[i - 1]);
            RR_OK_OR_FAIL(rr_ls_loss_engine(Lt[i - 1], &s1, &ds, &err), err);
            mpq_sub(qv + i - 1, Lt[i - 1], L0);
            mpq_div(qv + i - 1, qv + i - 1, t);
            mpq_clear(Lt[i - 1]);
            rr_shallow_clear(&s1);
        }
        /* Lagrange at 0 with nodes 1..4: weights 4, -6, 4, -1 */
        const int wts[4] = {4, -6, 4, -1};
        mpq_set_ui(slope, 0, 1);
        for (int i = 0; i < 4; i++) {
            mpq_set_si(tmp, wts[i], 1);
            mpq_mul(tmp, tmp, qv + i);
            mpq_add(slope, slope, tmp);
        }
        if (!mpq_equal(slope, der)) {
            char *a1 = rr_q_str(slope), *a2 = rr_q_str(der);
            fail_msg("trial %d: slope %s, rr_ls_directional %s", trial, a1, a2);
        }
        rr_qvec_free(qv, 4);
        mpq_clears(der, L0, slope, t, num, den, tmp, NULL);
        rr_qvec_free(dw, m * d);
        rr_qvec_free(da, m * k);
        /* and the analysis' loss equals the engine's */
        rr_landscape_t ls;
        analyze(&ls, &s, &ds);
        mpq_t Le;
        mpq_init(Le);
        RR_OK_OR_FAIL(rr_ls_loss_engine(Le, &s, &ds, &err), err);
        assert_true(mpq_equal(Le, ls.loss));
        /* a non-stationary verdict always comes with a certificate */
        if (ls.cls == RR_LS_NOT_STATIONARY || ls.cls == RR_LS_SADDLE) {
            assert_int_equal(ls.cert.certified, 1);
            assert_true(mpq_cmp(ls.cert.loss_t1, ls.loss) < 0);
        }
        mpq_clear(Le);
        rr_landscape_clear(&ls);
        rr_dataset_clear(&ds);
        rr_shallow_clear(&s);
    }
}

/* ---- data set reader ----------------------------------------------------- */

static void test_dataset_reader(void **state)
{
    (void)state;
    rr_dataset_t ds;
    rr_err_t err;
    const char *good = "{\"format\": \"reluref-dataset\", \"version\": 1, "
                       "\"inputs\": [[\"1/3\", 0.5], [\"0x1p-2\", \"-2\"]], "
                       "\"targets\": [[\"1e-3\"], [7]], \"x-note\": 1}";
    RR_OK_OR_FAIL(rr_dataset_read_buffer(&ds, good, strlen(good), "g.json",
                                         NULL, &err), err);
    assert_int_equal(ds.n, 2);
    assert_int_equal(ds.d, 2);
    assert_int_equal(ds.k, 1);
    assert_q_eq_str(ds.x + 0, "1/3");
    assert_q_eq_str(ds.x + 1, "1/2");
    assert_q_eq_str(ds.x + 2, "1/4");
    assert_q_eq_str(ds.y + 0, "1/1000");
    assert_q_eq_str(ds.y + 1, "7");
    rr_dataset_clear(&ds);
    static const struct {
        const char *json, *needle;
    } bad[] = {
        {"{\"version\": 1, \"inputs\": [[\"1\"], [\"1/0\"]], \"targets\": "
         "[[\"1\"], [\"1\"]]}", "b.json: inputs[1][0]: "},
        {"{\"version\": 1, \"inputs\": [[\"1\", \"2\"], [\"1\"]], "
         "\"targets\": [[\"1\"], [\"1\"]]}", "b.json: inputs[1]: expected 2"},
        {"{\"version\": 1, \"inputs\": [[\"1\"]], \"targets\": [[\"1\"], "
         "[\"2\"]]}", "b.json: targets: 2 targets for 1 inputs"},
        {"{\"version\": 1, \"inputs\": [[\"1\"]]}", "missing key \"targets\""},
        {"{\"version\": 2, \"inputs\": [[\"1\"]], \"targets\": [[\"1\"]]}",
         "b.json: version"},
        {"{\"version\": 1, \"inputs\": [[\"1\"]], \"targets\": [[\"1\"]], "
         "\"input\": 1}", "unknown key \"input\""},
        {"{\"version\": 1, \"inputs\": [], \"targets\": []}", "no data points"},
        {"{\"version\": 1, \"inputs\": [[true]], \"targets\": [[\"1\"]]}",
         "b.json: inputs[0][0]: expected a number"},
        {"{\"version\": 1, \"inputs\": [[\"1\"]], \"targets\": [[\"1\"]],",
         "b.json:1:"},
        {"{\"version\": 1, \"inputs\": [[\"1\"]], \"targets\": [[\"nan\"]]}",
         "b.json: targets[0][0]: "},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rr_status st = rr_dataset_read_buffer(&ds, bad[i].json,
                                              strlen(bad[i].json), "b.json",
                                              NULL, &err);
        if (st == RR_OK)
            fail_msg("case %zu accepted", i);
        assert_int_equal(st, RR_EINPUT);
        if (!strstr(err.msg, bad[i].needle))
            fail_msg("case %zu: message '%s' lacks '%s'", i, err.msg,
                     bad[i].needle);
        assert_null(strchr(err.msg, '\n'));
    }
}

/* ---- networks in the reluref format -------------------------------------- */

static void test_from_net(void **state)
{
    (void)state;
    rr_net_t net;
    rr_shallow_t s;
    rr_err_t err;
    mpq_t ap, an;
    mpq_inits(ap, an, NULL);
    mpq_set_ui(ap, 1, 1);
    net_from_str(&net, "{\"version\": 1, \"architecture\": [1, 2, 1], "
                       "\"layers\": [{\"weights\": [[\"1\"], [\"-1\"]], "
                       "\"biases\": [\"1/2\", \"0\"]}, {\"weights\": "
                       "[[\"2\", \"3\"]], \"biases\": [\"0\"]}]}");
    assert_int_equal(rr_shallow_from_net(&s, &net, 0, ap, an, "n.json", &err),
                     RR_EINPUT);
    assert_non_null(strstr(err.msg, "n.json: layers[0].biases[0]: nonzero"));
    RR_OK_OR_FAIL(rr_shallow_from_net(&s, &net, 1, ap, an, "n.json", &err), err);
    assert_int_equal(s.d, 2);
    assert_q_eq_str(s.w + 1, "1/2");
    assert_q_eq_str(s.a + 1, "3");
    /* the same function as the network, through the engine: at x = 1,
     * 2 relu(3/2) + 3 relu(-1) = 3 */
    rr_dataset_t raw, data;
    const char *x[] = {"1"}, *y[] = {"3"};
    mk_data(&raw, 1, 1, 1, x, y);
    RR_OK_OR_FAIL(rr_dataset_lift(&data, &raw, &s, &err), err);
    mpq_t L;
    mpq_init(L);
    RR_OK_OR_FAIL(rr_ls_loss_engine(L, &s, &data, &err), err);
    assert_q_eq_str(L, "0");
    rr_net_t back;
    RR_OK_OR_FAIL(rr_shallow_to_net(&back, &s, &err), err);
    assert_true(rr_net_equal(&back, &net));
    rr_net_clear(&back);
    mpq_clear(L);
    rr_dataset_clear(&data);
    rr_dataset_clear(&raw);
    rr_shallow_clear(&s);
    rr_net_clear(&net);
    net_from_str(&net, "{\"version\": 1, \"architecture\": [1, 1, 1], "
                       "\"layers\": [{\"weights\": [[\"1\"]], \"biases\": "
                       "[\"0\"]}, {\"weights\": [[\"2\"]], \"biases\": "
                       "[\"1\"]}]}");
    assert_int_equal(rr_shallow_from_net(&s, &net, 1, ap, an, "n.json", &err),
                     RR_EINPUT);
    assert_non_null(strstr(err.msg, "layers[1].biases[0]"));
    rr_net_clear(&net);
    mpq_clears(ap, an, NULL);
}

/* ---- trainer and polish ---------------------------------------------------- */

static void test_train_deterministic(void **state)
{
    (void)state;
    rr_dataset_t ds;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_dataset_read_file(&ds, "tools/wsg/wsg5.json", NULL, &err),
                  err);
    rr_train_opts_t o = {8, 1e-3, 0.05, 3000, 42, 1.0, 0.0, 1000};
    double log1[4], log2[4], f1, f2;
    rr_shallow_t s1, s2;
    RR_OK_OR_FAIL(rr_train_gd(&s1, &f1, log1, &ds, &o, &err), err);
    RR_OK_OR_FAIL(rr_train_gd(&s2, &f2, log2, &ds, &o, &err), err);
    assert_memory_equal(&f1, &f2, sizeof f1);
    assert_memory_equal(log1, log2, sizeof log1);
    for (long i = 0; i < s1.m * s1.d; i++)
        assert_true(mpq_equal(s1.w + i, s2.w + i));
    /* step 0: the loss of a near-zero network is about the mean of y^2 =
     * 0.03812; training lowers it */
    assert_true(fabs(log1[0] - 0.03812) < 1e-4);
    assert_true(f1 < log1[0]);
    /* the exact loss of the trained point agrees with the binary64 one */
    rr_landscape_t ls;
    analyze(&ls, &s1, &ds);
    assert_true(fabs(mpq_get_d(ls.loss) - f1) < 1e-12);
    rr_landscape_clear(&ls);
    /* polish with tol 0: dL/da = 0 exactly afterwards */
    mpq_t tol;
    mpq_init(tol);
    long z;
    RR_OK_OR_FAIL(rr_polish(&s1, &ds, tol, &z, &err), err);
    assert_int_equal(z, 0);
    analyze(&ls, &s1, &ds);
    for (long j = 0; j < s1.m; j++)
        assert_true(all_zero_q(ls.neu[j].grad_a, 1));
    rr_landscape_clear(&ls);
    mpq_clear(tol);
    rr_shallow_clear(&s1);
    rr_shallow_clear(&s2);
    rr_dataset_clear(&ds);
}

/* ---- the command line ---------------------------------------------------- */

static void write_file(const char *name, const char *content)
{
    char p[128];
    rr_cli_path(p, sizeof p, dir, name);
    rr_cli_write(p, content, strlen(content));
}

static void test_cli(void **state)
{
    (void)state;
    assert_int_equal(rr_cli_mkdtemp(dir, sizeof dir, RR_CLI_TMPL), 0);
    char net[128], data[128], out[128], bad[128], emb[128];
    snprintf(net, sizeof net, "%s/net.json", dir);
    snprintf(data, sizeof data, "%s/data.json", dir);
    snprintf(out, sizeof out, "%s/out.json", dir);
    snprintf(bad, sizeof bad, "%s/bad.json", dir);
    snprintf(emb, sizeof emb, "%s/emb.json", dir);
    write_file("net.json",
               "{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
               "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"0\"]},"
               "{\"weights\": [[\"1\"]], \"biases\": [\"0\"]}]}");
    write_file("data.json",
               "{\"format\": \"reluref-dataset\", \"version\": 1,"
               "\"inputs\": [[\"1\", \"1\"], [\"2\", \"0\"], [\"0\", \"1\"]],"
               "\"targets\": [[\"-1\"], [\"2\"], [\"0\"]]}");
    const char *a1[] = {"landscape", net, data, NULL};
    assert_int_equal(run(a1), 0);
    char *o = slurp_file("stdout");
    assert_non_null(strstr(o, "= 1/3"));
    assert_non_null(strstr(o, "sets 0+-"));
    assert_non_null(strstr(o, "class: local minimum"));
    const char *a2[] = {"landscape", net, data, "--json", "--out", out, NULL};
    assert_int_equal(run(a2), 0);
    o = slurp_file("out.json");
    assert_non_null(strstr(o, "\"class\": \"local minimum\""));
    assert_non_null(strstr(o, "\"loss\": \"1/3\""));
    /* embedding: a zero neuron turns it into a saddle */
    const char *a3[] = {"embed", net, data, "--zero", "--out", emb, NULL};
    assert_int_equal(run(a3), 0);
    o = slurp_file("stdout");
    assert_non_null(strstr(o, "classification: local minimum -> saddle"));
    assert_true(exists("emb.json"));
    const char *a4[] = {"landscape", emb, data, NULL};
    assert_int_equal(run(a4), 0);
    assert_non_null(strstr(slurp_file("stdout"), "class: saddle"));
    /* bad inputs: exit 3, one line naming the file and the place, no
     * output file */
    write_file("bad.json",
               "{\"version\": 1, \"inputs\": [[\"1\", \"1/0\"]], "
               "\"targets\": [[\"1\"]]}");
    unlink(out);
    const char *b1[] = {"landscape", net, bad, "--out", out, NULL};
    assert_int_equal(run(b1), 3);
    char *e = slurp_file("stderr");
    assert_non_null(strstr(e, "bad.json: inputs[0][1]: "));
    assert_non_null(strchr(e, '\n'));
    assert_true(strchr(e, '\n')[1] == '\0');
    assert_false(exists("out.json"));
    write_file("bad.json",
               "{\"version\": 1, \"inputs\": [[\"1\", \"1\", \"1\"]], "
               "\"targets\": [[\"1\"]]}");
    assert_int_equal(run(b1), 3);
    assert_non_null(strstr(slurp_file("stderr"),
                           "bad.json: inputs[0]: dimension 3, but the network "
                           "has 2 inputs"));
    assert_false(exists("out.json"));
    const char *b2[] = {"landscape", net, data, "--leaky", "x", NULL};
    assert_int_equal(run(b2), 2);
    const char *b3[] = {"embed", net, data, "--split", "2", NULL};
    assert_int_equal(run(b3), 2);
    const char *b4[] = {"embed", net, data, NULL};
    assert_int_equal(run(b4), 2);
    /* train: deterministic output file */
    char t1[128], t2[128];
    snprintf(t1, sizeof t1, "%s/t1.json", dir);
    snprintf(t2, sizeof t2, "%s/t2.json", dir);
    const char *c1[] = {"train", "tools/wsg/wsg5.json", "--width", "4",
                        "--steps", "200", "--out", t1, NULL};
    const char *c2[] = {"train", "tools/wsg/wsg5.json", "--width", "4",
                        "--steps", "200", "--out", t2, NULL};
    assert_int_equal(run(c1), 0);
    assert_int_equal(run(c2), 0);
    char *s1 = strdup(slurp_file("t1.json"));
    assert_string_equal(s1, slurp_file("t2.json"));
    free(s1);
    const char *names[] = {"net.json", "data.json", "out.json", "bad.json",
                           "emb.json", "t1.json", "t2.json", "stdout",
                           "stderr"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    assert_int_equal(rmdir(dir), 0); /* nothing else left behind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kink_local_min),
        cmocka_unit_test(test_kink_not_stationary),
        cmocka_unit_test(test_zero_neuron),
        cmocka_unit_test(test_leaky),
        cmocka_unit_test(test_directional_random),
        cmocka_unit_test(test_dataset_reader),
        cmocka_unit_test(test_from_net),
        cmocka_unit_test(test_train_deterministic),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests_name("landscape", tests, NULL, NULL);
}
