/* t-nnet.c -- the ACAS Xu .nnet format: exact evaluation of real networks
 * against an independent computation written here (its own decimal parser,
 * its own loops, the original C++ evaluator's normalization), the fold and
 * clamp representations, the metadata evaluator, round trips, malformed
 * files, and the command line (convert, eval on .nnet/.onnx, errors). */
#define _POSIX_C_SOURCE 200809L
#define RR_CLI_DIR dir
#define RR_CLI_TMPL "/tmp/rr-t-nnet-XXXXXX"
#include "rr_cli_test.h"

#include <ctype.h>
#include <float.h>
#include <math.h>

#include "rr_format.h"
#include "rr_nnet.h"

#define ACAS "tests/data/nnet/ACASXU_run2a_1_1_batch_2000.nnet"
#define TN2 "tests/data/nnet/TestNetwork2.nnet"
#define TN2_ONNX "tests/data/nnet/TestNetwork2.onnx"

/* ---- an independent reference ------------------------------------------- */

/* A decimal "[-+]digits[.digits][e[-+]digits]" as an exact rational, parsed
 * here without rr_q_parse. */
static void dec_to_q(mpq_ptr q, const char *s)
{
    mpz_t m, p;
    mpz_init_set_ui(m, 0);
    mpz_init(p);
    int neg = 0;
    long e = 0;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    int seen = 0;
    for (; isdigit((unsigned char)*s); s++, seen = 1) {
        mpz_mul_ui(m, m, 10);
        mpz_add_ui(m, m, (unsigned long)(*s - '0'));
    }
    if (*s == '.')
        for (s++; isdigit((unsigned char)*s); s++, seen = 1, e--) {
            mpz_mul_ui(m, m, 10);
            mpz_add_ui(m, m, (unsigned long)(*s - '0'));
        }
    if (*s == 'e' || *s == 'E')
        e += strtol(s + 1, (char **)&s, 10);
    if (!seen || *s)
        fail_msg("reference parser: bad decimal \"%s\"", s);
    mpz_ui_pow_ui(p, 10, (unsigned long)labs(e));
    mpq_set_z(q, m);
    if (e >= 0)
        mpz_mul(mpq_numref(q), mpq_numref(q), p);
    else
        mpz_set(mpq_denref(q), p);
    mpq_canonicalize(q);
    if (neg)
        mpq_neg(q, q);
    mpz_clear(m);
    mpz_clear(p);
}

typedef struct ref {
    int L;
    long size[16];
    mpq_t mins[8], maxes[8], means[9], ranges[9];
    mpq_ptr w[16], b[16];
} ref;

static void ref_load(ref *r, const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char line[1 << 16];
    char **tok = malloc(sizeof *tok * 20000);
    long nt = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "//", 2))
            continue;
        for (char *t = strtok(line, ", \t\r\n"); t; t = strtok(NULL, ", \t\r\n"))
            tok[nt++] = strdup(t);
    }
    fclose(f);
    long k = 0;
    r->L = atoi(tok[k]);
    long d = atol(tok[k + 1]);
    k = 4;
    for (int l = 0; l <= r->L; l++)
        r->size[l] = atol(tok[k++]);
    assert_int_equal(r->size[0], d);
    k++; /* flag */
    for (long j = 0; j < d; j++)
        mpq_init(r->mins[j]), dec_to_q(r->mins[j], tok[k++]);
    for (long j = 0; j < d; j++)
        mpq_init(r->maxes[j]), dec_to_q(r->maxes[j], tok[k++]);
    for (long j = 0; j <= d; j++)
        mpq_init(r->means[j]), dec_to_q(r->means[j], tok[k++]);
    for (long j = 0; j <= d; j++)
        mpq_init(r->ranges[j]), dec_to_q(r->ranges[j], tok[k++]);
    for (int l = 0; l < r->L; l++) {
        long m = r->size[l + 1], n = r->size[l];
        r->w[l] = rr_qvec_new(m * n);
        r->b[l] = rr_qvec_new(m);
        for (long e = 0; e < m * n; e++)
            dec_to_q(r->w[l] + e, tok[k++]);
        for (long i = 0; i < m; i++)
            dec_to_q(r->b[l] + i, tok[k++]);
    }
    assert_int_equal(k, nt);
    for (long t = 0; t < nt; t++)
        free(tok[t]);
    free(tok);
}

static void ref_clear(ref *r)
{
    long d = r->size[0];
    for (long j = 0; j < d; j++)
        mpq_clear(r->mins[j]), mpq_clear(r->maxes[j]);
    for (long j = 0; j <= d; j++)
        mpq_clear(r->means[j]), mpq_clear(r->ranges[j]);
    for (int l = 0; l < r->L; l++) {
        rr_qvec_free(r->w[l], r->size[l + 1] * r->size[l]);
        rr_qvec_free(r->b[l], r->size[l + 1]);
    }
}

/* The original evaluator in exact arithmetic: clamp, (x - mean) / range
 * (python: a clamped input is min / range or max / range), the layers with
 * ReLU on all but the last, then z * range_out + mean_out. */
static void ref_eval(mpq_ptr out, const ref *r, mpq_srcptr x, int python)
{
    long d = r->size[0];
    mpq_ptr v = rr_qvec_new(64), nv = rr_qvec_new(64);
    mpq_t t;
    mpq_init(t);
    for (long j = 0; j < d; j++) {
        int lo = mpq_cmp(x + j, r->mins[j]) < 0, hi = mpq_cmp(x + j, r->maxes[j]) > 0;
        mpq_set(v + j, lo ? r->mins[j] : hi ? r->maxes[j] : x + j);
        if (!python || !(lo || hi))
            mpq_sub(v + j, v + j, r->means[j]);
        mpq_div(v + j, v + j, r->ranges[j]);
    }
    for (int l = 0; l < r->L; l++) {
        long m = r->size[l + 1], n = r->size[l];
        for (long i = 0; i < m; i++) {
            mpq_set(nv + i, r->b[l] + i);
            for (long j = 0; j < n; j++) {
                mpq_mul(t, r->w[l] + i * n + j, v + j);
                mpq_add(nv + i, nv + i, t);
            }
            if (l + 1 < r->L && mpq_sgn(nv + i) < 0)
                mpq_set_ui(nv + i, 0, 1);
        }
        for (long i = 0; i < m; i++)
            mpq_set(v + i, nv + i);
    }
    for (long i = 0; i < r->size[r->L]; i++) {
        mpq_mul(out + i, v + i, r->ranges[d]);
        mpq_add(out + i, out + i, r->means[d]);
    }
    mpq_clear(t);
    rr_qvec_free(v, 64);
    rr_qvec_free(nv, 64);
}

static void assert_qvec_eq(mpq_srcptr a, mpq_srcptr b, long n, const char *what)
{
    for (long i = 0; i < n; i++)
        if (!mpq_equal(a + i, b + i)) {
            char *sa = rr_q_str(a + i), *sb = rr_q_str(b + i);
            fail_msg("%s: entry %ld differs: %.60s vs %.60s", what, i, sa, sb);
        }
}

/* Points of the ACAS Xu input space (rho, theta, psi, v_own, v_int); the
 * box is [0, 60760] x [-3.141593, 3.141593]^2 x [100, 1200] x [0, 1200]. */
static const char *inside[] = {
    "15299,-1.142,-1.142,600,500", /* sisl/NNet's example point */
    "1000,0.5,-0.25,300,900",
    "0,-3.141593,3.141593,100,1200", /* a corner */
    "60760,0,0,1200,0",
    "30380,1/3,-2/7,650,600",
};
static const char *outside[] = {
    "-100,4,-4,50,1300",
    "70000,-3.2,3.2,1500,-1",
    "-1/3,0,0,650,600", /* only rho clamped: mean_rho = 19791.091 != 0 */
};

static void parse_point(mpq_ptr x, const char *s, long d)
{
    rr_points_t p;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_points_parse_list(&p, s, d, NULL, &err), err);
    for (long j = 0; j < d; j++)
        mpq_set(x + j, p.x + j);
    rr_points_clear(&p);
}

static void check_file_against_reference(const char *path)
{
    ref r;
    ref_load(&r, path);
    rr_err_t err;
    rr_nnet_t nn;
    rr_net_t fold, clamp;
    RR_OK_OR_FAIL(rr_nnet_read_file(&nn, path, NULL, &err), err);
    RR_OK_OR_FAIL(rr_nnet_to_net(&fold, &nn, RR_NNET_FOLD, &err), err);
    RR_OK_OR_FAIL(rr_nnet_to_net(&clamp, &nn, RR_NNET_CLAMP, &err), err);
    long d = 5, k = 5;
    assert_int_equal(fold.depth, 7);
    assert_int_equal(clamp.depth, 8);
    assert_int_equal(clamp.width[1], 10);
    assert_true(fold.has_domain);
    for (long j = 0; j < d; j++) {
        assert_true(mpq_equal(fold.lo + j, r.mins[j]));
        assert_true(mpq_equal(fold.hi + j, r.maxes[j]));
    }
    mpq_ptr x = rr_qvec_new(d), want = rr_qvec_new(k), got = rr_qvec_new(k),
            xc = rr_qvec_new(d);
    for (size_t p = 0; p < sizeof inside / sizeof *inside; p++) {
        parse_point(x, inside[p], d);
        ref_eval(want, &r, x, 0);
        eval_exact(got, &fold, x, 0);
        assert_qvec_eq(got, want, k, "fold, inside the box");
        eval_exact(got, &fold, x, RR_NO_DYADIC);
        assert_qvec_eq(got, want, k, "fold (mpq path), inside the box");
        eval_exact(got, &clamp, x, 0);
        assert_qvec_eq(got, want, k, "clamp, inside the box");
        RR_OK_OR_FAIL(rr_nnet_eval(got, &nn, x, RR_NNET_CLAMP_CPP, &err), err);
        assert_qvec_eq(got, want, k, "metadata, inside the box");
        RR_OK_OR_FAIL(rr_nnet_eval(got, &nn, x, RR_NNET_CLAMP_PYTHON, &err), err);
        assert_qvec_eq(got, want, k, "python variant, inside the box");
    }
    for (size_t p = 0; p < sizeof outside / sizeof *outside; p++) {
        parse_point(x, outside[p], d);
        ref_eval(want, &r, x, 0);
        /* the clamp network is the C++ evaluator on all of R^d */
        eval_exact(got, &clamp, x, 0);
        assert_qvec_eq(got, want, k, "clamp, outside the box");
        RR_OK_OR_FAIL(rr_nnet_eval(got, &nn, x, RR_NNET_CLAMP_CPP, &err), err);
        assert_qvec_eq(got, want, k, "metadata, outside the box");
        /* the folded network equals it at the clamped point ... */
        for (long j = 0; j < d; j++) {
            mpq_set(xc + j, x + j);
            if (mpq_cmp(xc + j, r.mins[j]) < 0)
                mpq_set(xc + j, r.mins[j]);
            if (mpq_cmp(xc + j, r.maxes[j]) > 0)
                mpq_set(xc + j, r.maxes[j]);
        }
        eval_exact(got, &fold, xc, 0);
        assert_qvec_eq(got, want, k, "fold at the clamped point");
        /* ... but not at the point itself (it extends affinely) */
        eval_exact(got, &fold, x, 0);
        int same = 1;
        for (long i = 0; i < k; i++)
            same &= mpq_equal(got + i, want + i);
        assert_false(same);
        /* the Python evaluator: a clamped input skips the mean, i.e. it
         * evaluates the folded network at min + mean (max + mean) */
        ref_eval(want, &r, x, 1);
        RR_OK_OR_FAIL(rr_nnet_eval(got, &nn, x, RR_NNET_CLAMP_PYTHON, &err), err);
        assert_qvec_eq(got, want, k, "python variant, outside the box");
        for (long j = 0; j < d; j++) {
            mpq_set(xc + j, x + j);
            if (mpq_cmp(x + j, r.mins[j]) < 0)
                mpq_add(xc + j, r.mins[j], r.means[j]);
            if (mpq_cmp(x + j, r.maxes[j]) > 0)
                mpq_add(xc + j, r.maxes[j], r.means[j]);
        }
        eval_exact(got, &fold, xc, 0);
        assert_qvec_eq(got, want, k, "python variant = fold at min + mean");
        RR_OK_OR_FAIL(rr_nnet_eval(got, &nn, x, RR_NNET_CLAMP_CPP, &err), err);
        same = 1;
        for (long i = 0; i < k; i++)
            same &= mpq_equal(got + i, want + i);
        assert_false(same); /* the two published evaluators differ here */
    }
    rr_qvec_free(x, d);
    rr_qvec_free(xc, d);
    rr_qvec_free(want, k);
    rr_qvec_free(got, k);
    rr_net_clear(&fold);
    rr_net_clear(&clamp);
    rr_nnet_clear(&nn);
    ref_clear(&r);
}

static void test_acas_exact(void **state)
{
    (void)state;
    check_file_against_reference(ACAS);
    check_file_against_reference(TN2);
}

/* sisl/NNet's own test (test/test_nnet.py) expects, for TestNetwork.nnet
 * (identical to TestNetwork2.nnet) at (1, 1, 1, 100, 1), these outputs to
 * a relative 1e-7 in binary64. */
static void test_published_values(void **state)
{
    (void)state;
    static const double expect[5] = {270.94961805, 280.8974763, 274.55254776,
                                     288.10071007, 256.18037737};
    rr_net_t net;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_any(&net, TN2, NULL, &err), err);
    assert_string_equal(net.name, "TestNetwork2");
    assert_non_null(strstr(net.description, "Kyle Julian"));
    mpq_ptr x = rr_qvec_new(5), y = rr_qvec_new(5);
    parse_point(x, "1,1,1,100,1", 5);
    eval_exact(y, &net, x, 0);
    for (int i = 0; i < 5; i++) {
        double v = rr_q_get_d(y + i, NULL);
        if (fabs(v - expect[i]) > 1e-7 * fabs(expect[i]))
            fail_msg("output %d: %.12g, published %.12g", i, v, expect[i]);
    }
    rr_qvec_free(x, 5);
    rr_qvec_free(y, 5);
    rr_net_clear(&net);
}

static void test_raw_values(void **state)
{
    (void)state;
    rr_nnet_t nn;
    rr_net_t raw;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_nnet_read_file(&nn, ACAS, NULL, &err), err);
    RR_OK_OR_FAIL(rr_nnet_to_net(&raw, &nn, RR_NNET_RAW, &err), err);
    assert_false(raw.has_domain);
    /* the decimals of the file, exactly (not their binary64 values) */
    assert_q_eq_str(rr_net_weight(&raw, 0, 0, 0), "540062/10000000");
    assert_q_eq_str(rr_net_weight(&raw, 0, 0, 1), "-261092/100000");
    assert_q_eq_str(nn.means + 0, "19791091/1000");
    assert_q_eq_str(nn.means + 5, "75188840201005975/10000000000000000");
    assert_q_eq_str(nn.ranges + 1, "628318530718/100000000000");
    assert_q_eq_str(nn.mins + 1, "-3141593/1000000");
    assert_non_null(strstr(nn.comments, "Creative Commons"));
    assert_false(rr_net_is_dyadic(&raw));
    rr_net_clear(&raw);
    rr_nnet_clear(&nn);
}

/* A fresh path in the test directory (made by setup). */
static char *tmpfile_path(const char *suffix)
{
    static char path[128];
    static int count;
    snprintf(path, sizeof path, "%s/rt%d%s", dir, count++, suffix);
    return path;
}

static void test_decimal_writer(void **state)
{
    (void)state;
    struct {
        const char *q, *dec;
        int exact;
    } cases[] = {
        {"3/16", "0.1875", 1},
        {"1/1024", "0.0009765625", 1},
        {"-7", "-7.0", 1},
        {"0", "0.0", 1},
        {"5e-20", "5.0e-20", 1},
        {"123456789e10", "1234567890000000000.0", 0 /* fixed below */},
        {"540062/10000000", "0.0540062", 1},
        {"0x1p-30", "9.31322574615478515625e-10", 1},
        {"0x1p-20", "0.00000095367431640625", 1},
        {"1/3", "0.3333333333333333", 0},
        {"2/3", "0.6666666666666666", 0},
        {"-1/7", "-0.14285714285714285", 0},
    };
    cases[5].dec = "1.23456789e+18";
    cases[5].exact = 1;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        mpq_t q, back;
        mpq_init(q);
        mpq_init(back);
        q_set(q, cases[c].q);
        int exact = -1;
        char *s = rr_q_decimal(q, &exact);
        assert_non_null(s);
        if (strcmp(s, cases[c].dec) || exact != cases[c].exact)
            fail_msg("%s: wrote %s (exact %d), expected %s (exact %d)",
                     cases[c].q, s, exact, cases[c].dec, cases[c].exact);
        dec_to_q(back, s);
        if (exact)
            assert_true(mpq_equal(back, q));
        else /* the nearest binary64 is kept */
            assert_true(strtod(s, NULL) == rr_q_get_d(q, NULL));
        free(s);
        mpq_clear(q);
        mpq_clear(back);
    }
}

static void test_roundtrips(void **state)
{
    (void)state;
    rr_err_t err;
    /* .nnet -> text -> .nnet: every field identical */
    rr_nnet_t a, b;
    RR_OK_OR_FAIL(rr_nnet_read_file(&a, ACAS, NULL, &err), err);
    char *p = tmpfile_path(".nnet");
    long rounded = -1;
    RR_OK_OR_FAIL(rr_nnet_write_file(p, &a, &rounded, &err), err);
    assert_int_equal(rounded, 0);
    RR_OK_OR_FAIL(rr_nnet_read_file(&b, p, NULL, &err), err);
    assert_true(rr_net_equal(&a.raw, &b.raw));
    assert_qvec_eq(a.mins, b.mins, 5, "mins");
    assert_qvec_eq(a.maxes, b.maxes, 5, "maxes");
    assert_qvec_eq(a.means, b.means, 6, "means");
    assert_qvec_eq(a.ranges, b.ranges, 6, "ranges");
    assert_string_equal(a.comments, b.comments);
    rr_nnet_clear(&b);
    rr_nnet_clear(&a);
    unlink(p);

    /* JSON networks -> .nnet -> network: exact for dyadic parameters (any
     * float-trained network), with or without a domain */
    rr_rand_t r;
    rr_rand_seed(&r, 8);
    for (int t = 0; t < 12; t++) {
        int depth = 1 + (int)rr_rand_below(&r, 3);
        long width[5];
        for (int l = 0; l <= depth; l++)
            width[l] = 1 + (long)rr_rand_below(&r, 4);
        rr_net_t net, back;
        rand_net(&net, &r, depth, width, 1 + t % 2);
        if (t % 3 == 0) {
            for (long k = 0; k < width[0]; k++) {
                mpq_set_si(net.lo + k, -(long)k - 1, 4);
                mpq_canonicalize(net.lo + k);
                mpq_set_si(net.hi + k, 3, 1);
            }
            net.has_domain = 1;
        }
        p = tmpfile_path(".nnet");
        RR_OK_OR_FAIL(rr_net_write_any(p, &net, NULL, &rounded, &err), err);
        assert_int_equal(rounded, 0);
        RR_OK_OR_FAIL(rr_net_read_any(&back, p, NULL, &err), err);
        assert_true(rr_net_equal(&net, &back));
        rr_net_clear(&back);
        /* the clamp representation of a box-less network is the same */
        rr_format_opts_t fo;
        rr_format_opts_default(&fo);
        fo.nnet_repr = RR_NNET_CLAMP;
        RR_OK_OR_FAIL(rr_net_read_any_opts(&back, p, NULL, &fo, &err), err);
        assert_int_equal(back.depth, net.has_domain ? depth + 1 : depth);
        rr_net_clear(&back);
        unlink(p);
        rr_net_clear(&net);
    }
    /* non-decimal rationals are rounded, and counted */
    rr_net_t net, back;
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 1], \"layers\": "
                       "[{\"weights\": [[\"1/3\", \"0.1\"]], \"biases\": "
                       "[\"-2/7\"]}]}");
    p = tmpfile_path(".nnet");
    RR_OK_OR_FAIL(rr_net_write_any(p, &net, NULL, &rounded, &err), err);
    assert_int_equal(rounded, 2);
    RR_OK_OR_FAIL(rr_net_read_any(&back, p, NULL, &err), err);
    assert_q_eq_str(rr_net_weight(&back, 0, 0, 0), "3333333333333333/10000000000000000");
    assert_q_eq_str(rr_net_weight(&back, 0, 0, 1), "1/10");
    assert_q_eq_str(rr_net_bias(&back, 0, 0), "-2857142857142857/10000000000000000");
    rr_net_clear(&back);
    rr_net_clear(&net);
    unlink(p);
}

/* ---- malformed files ------------------------------------------------------ */

#define H "2,2,1,3,\n2,3,1,\n0,\n-1,-1,\n1,1,\n0,0,0,\n1,1,1,\n"
#define LAYERS "1,2,\n3,4,\n5,6,\n0.5,\n-1,\n2,\n1,-1,1,\n0,\n"

static const struct {
    const char *text, *needle;
} bad_nnet[] = {
    {"", "t.nnet: unexpected end of file: expected the header line"},
    {"// only a comment\n", "unexpected end of file: expected the header"},
    {"2,2,1,\n", "t.nnet:1: header (L, inputs, outputs, max width): expected 4 values, got 3"},
    {"2,2,1,3,\n2,3,1,\n0,\n-1,-1,\n", "t.nnet: unexpected end of file: expected input maximums (2 values)"},
    {"2,2,1,3,\n2,3,\n", "t.nnet:2: layer sizes: expected 3 values, got 2"},
    {"2,5,1,3,\n2,3,1,\n", "t.nnet:2: layer sizes: input size 2 but the header says 5"},
    {"2,2,1,4,\n2,3,1,\n", "largest layer 3 but the header says 4"},
    {"0,2,1,3,\n", "t.nnet:1: header: the number of layers must be >= 1, got 0"},
    {"2,2,x,3,\n", "t.nnet:1: header (L, inputs, outputs, max width): expected a non-negative integer, got \"x\""},
    {H "1,2,\n3,4,\n5,6,\n0.5,\n-1,\n", "unexpected end of file: expected layers[0].biases[2] (1 value)"},
    {H "1,2,\n3,4,\n5,6,\n0.5,\n-1,\n2,\n1,-1,1,\n", "expected layers[1].biases[0]"},
    {H "1,2,\n3,4,5,\n", "t.nnet:9: layers[0].weights[1]: expected 2 values, got 3"},
    {H "1,2,\n3,abc,\n", "t.nnet:9: layers[0].weights[1][1]: malformed number \"abc\""},
    {H "1,2,\n3,,4\n", "t.nnet:9: layers[0].weights[1]: empty value (two commas in a row?)"},
    {H "1,2,\n3,1/0,\n", "layers[0].weights[1][1]: zero denominator"},
    {H LAYERS "7,\n", "t.nnet:16: unexpected data after the last layer's biases"},
    {"2,2,1,3,\n2,3,1,\n0,\n-1,-1,\n1,1,\n0,0,0,\n1,0,1,\n" LAYERS, "t.nnet: input 2: range is 0"},
    {"2,2,1,3,\n2,3,1,\n0,\n-1,2,\n1,1,\n0,0,0,\n1,1,1,\n" LAYERS, "t.nnet: input 2: minimum > maximum"},
    {"2,2,1,3,\n2,3,1,\n0,\n-1,-1,\n1,1,\n0,0,0,\n1,1,nan,\n" LAYERS, "t.nnet:7: ranges (inputs, then output)[2]: \"nan\" is not a finite number"},
    {"1,2,100000,100000,\n2,100000,\n", "t.nnet:2: layer sizes: architecture[1] = 100000 exceeds the width cap 65536"},
    {"2,2,1,3,\n2,3,1,\n0\0,\n", "t.nnet:3: NUL byte"},
};

static void test_malformed(void **state)
{
    (void)state;
    rr_nnet_t nn;
    rr_err_t err;
    /* the well-formed base of the table reads, with the expected values */
    const char *good = H LAYERS;
    RR_OK_OR_FAIL(rr_nnet_read_buffer(&nn, good, strlen(good), "t.nnet", NULL,
                                      &err), err);
    assert_q_eq_str(rr_net_bias(&nn.raw, 0, 0), "1/2");
    rr_nnet_clear(&nn);
    for (size_t c = 0; c < sizeof bad_nnet / sizeof *bad_nnet; c++) {
        size_t len = strlen(bad_nnet[c].text);
        if (strstr(bad_nnet[c].needle, "NUL"))
            len += 3;
        rr_status st = rr_nnet_read_buffer(&nn, bad_nnet[c].text, len, "t.nnet",
                                           NULL, &err);
        if (st == RR_OK)
            fail_msg("case %zu accepted", c);
        if (!strstr(err.msg, bad_nnet[c].needle) || strncmp(err.msg, "t.nnet", 6) ||
            strchr(err.msg, '\n'))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", c, err.msg,
                     bad_nnet[c].needle);
    }
}

/* ---- the command line ----------------------------------------------------- */

static void write_file(const char *path, const char *content, size_t len)
{
    rr_cli_write(path, content, len);
}

static void test_cli_bad_files(void **state)
{
    (void)state;
    struct {
        const char *ext, *content;
        size_t len;
        const char *needle;
    } cases[] = {
        {"nnet", "2,2,1,3,\n2,3,1,\n0,\n-1,-1,\n", 0, ":1:", },
        {"nnet", H "1,2,\n3,abc,\n", 0, ":9: layers[0].weights[1][1]: malformed number \"abc\""},
        {"nnet", "2,5,1,3,\n2,3,1,\n", 0, ":2: layer sizes: input size 2 but the header says 5"},
        {"onnx", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11, ": not an ONNX model (protobuf decoding failed)"},
        {"onnx", "", 0, ": the model has no graph"},
    };
    cases[0].needle = ": unexpected end of file: expected input maximums";
    char in[128], out[128];
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        snprintf(in, sizeof in, "%s/in.%s", dir, cases[c].ext);
        size_t len = cases[c].len ? cases[c].len : strlen(cases[c].content);
        write_file(in, cases[c].content, len);
        for (int cmd = 0; cmd < 3; cmd++) {
            snprintf(out, sizeof out, "%s/out.%s", dir,
                     cmd == 2 ? "json" : cmd == 1 ? "onnx" : "txt");
            const char *a_eval[] = {"eval", in, "--at", "0,0", "--out", out, NULL};
            const char *a_conv[] = {"convert", in, out, NULL};
            int code = run(cmd == 0 ? a_eval : a_conv);
            char *err = slurp_file("stderr");
            char prefix[160];
            snprintf(prefix, sizeof prefix, "reluref: %s", in);
            if (code != 3 || strncmp(err, prefix, strlen(prefix)) ||
                !strstr(err, cases[c].needle))
                fail_msg("case %zu/%d: exit %d, message \"%s\" (expected "
                         "\"%s\")", c, cmd, code, err, cases[c].needle);
            char *nl = strchr(err, '\n');
            if (!nl || nl[1])
                fail_msg("case %zu: not one line: \"%s\"", c, err);
            assert_no_output();
        }
        unlink(in);
    }
    /* usage errors */
    const char *u1[] = {"convert", TN2, NULL};
    assert_int_equal(run(u1), 2);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    const char *u2[] = {"convert", TN2, out, NULL};
    assert_int_equal(run(u2), 2);
    assert_non_null(strstr(slurp_file("stderr"), "cannot tell the format"));
    snprintf(out, sizeof out, "%s/out.json", dir);
    const char *u3[] = {"convert", TN2, out, "--nnet", "folded", NULL};
    assert_int_equal(run(u3), 2);
    const char *u4[] = {"convert", TN2, out, "--float32", NULL};
    assert_int_equal(run(u4), 2);
    assert_no_output();
}

static void test_cli_convert(void **state)
{
    (void)state;
    char a[128], b[128], c[128];
    snprintf(a, sizeof a, "%s/a.onnx", dir);
    snprintf(b, sizeof b, "%s/b.json", dir);
    snprintf(c, sizeof c, "%s/c.json", dir);
    /* nnet -> ONNX binary32: rounding is reported on stderr */
    const char *c1[] = {"convert", TN2, a, "--float32", NULL};
    assert_int_equal(run(c1), 0);
    assert_non_null(strstr(slurp_file("stderr"), "warning: 13304 values were "
                                                 "rounded: to nearest binary32"));
    assert_non_null(strstr(slurp_file("stdout"), "(ONNX, binary32)"));
    /* ... and it is TestNetwork2.onnx's network, exactly */
    rr_net_t x, y;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_any(&x, a, NULL, &err), err);
    RR_OK_OR_FAIL(rr_net_read_any(&y, TN2_ONNX, NULL, &err), err);
    /* ONNX from reluref carries the box as metadata; TestNetwork2.onnx
     * has none (the default box [-1, 1]^5) */
    x.has_domain = 0;
    for (long j = 0; j < 5; j++) {
        mpq_set_si(x.lo + j, -1, 1);
        mpq_set_si(x.hi + j, 1, 1);
    }
    assert_true(rr_net_equal(&x, &y));
    rr_net_clear(&x);
    rr_net_clear(&y);
    /* ONNX -> JSON -> .nnet -> JSON: exact all the way (binary32 values) */
    snprintf(a, sizeof a, "%s/a.nnet", dir);
    const char *c2[] = {"convert", TN2_ONNX, b, NULL};
    const char *c3[] = {"convert", b, a, NULL};
    const char *c4[] = {"convert", a, c, NULL};
    assert_int_equal(run(c2), 0);
    assert_int_equal(run(c3), 0);
    assert_string_equal(slurp_file("stderr"), "");
    assert_int_equal(run(c4), 0);
    RR_OK_OR_FAIL(rr_net_read_any(&x, b, NULL, &err), err);
    RR_OK_OR_FAIL(rr_net_read_any(&y, c, NULL, &err), err);
    assert_true(rr_net_equal(&x, &y));
    rr_net_clear(&x);
    rr_net_clear(&y);
    /* the clamp representation through the CLI */
    const char *c5[] = {"convert", ACAS, b, "--nnet", "clamp", NULL};
    assert_int_equal(run(c5), 0);
    assert_non_null(strstr(slurp_file("stdout"), "(5, 10, 50, 50"));
    /* the main job and eval accept .nnet and .onnx */
    const char *r1[] = {"report", ACAS, NULL};
    assert_int_equal(run(r1), 0);
    assert_non_null(strstr(slurp_file("stdout"), "<= bound"));
    const char *r2[] = {"report", TN2_ONNX, "--at", "1,1,1,100,1", NULL};
    assert_int_equal(run(r2), 0);
    assert_non_null(strstr(slurp_file("stdout"), "(~ 270.949"));
    const char *r3[] = {"eval", TN2, "--at", "1,1,1,100,1", "--mode", "double",
                        "--no-grad", NULL};
    assert_int_equal(run(r3), 0);
    assert_non_null(strstr(slurp_file("stdout"), "(~ 270.9496180"));
    unlink(a);
    unlink(b);
    unlink(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acas_exact),
        cmocka_unit_test(test_published_values),
        cmocka_unit_test(test_raw_values),
        cmocka_unit_test(test_decimal_writer),
        cmocka_unit_test(test_roundtrips),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_cli_bad_files),
        cmocka_unit_test(test_cli_convert),
    };
    return cmocka_run_group_tests_name("nnet", tests, setup, teardown);
}
