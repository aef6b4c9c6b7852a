/* t-num.c -- exact number grammar, correctly rounded conversions. */
#include "rr_test.h"

#include <float.h>
#include <math.h>

static void parses_to(const char *s, const char *num, const char *den)
{
    mpq_t q;
    mpq_init(q);
    q_set(q, s);
    mpz_t n, d;
    mpz_init_set_str(n, num, 10);
    mpz_init_set_str(d, den, 10);
    if (mpz_cmp(mpq_numref(q), n) || mpz_cmp(mpq_denref(q), d)) {
        char *g = rr_q_str(q);
        fail_msg("\"%s\": expected %s/%s, got %s", s, num, den, g);
    }
    mpz_clear(n);
    mpz_clear(d);
    mpq_clear(q);
}

static void test_grammar_values(void **state)
{
    (void)state;
    parses_to("42", "42", "1");
    parses_to("-7", "-7", "1");
    parses_to("+7", "7", "1");
    parses_to("-3/4", "-3", "4");
    parses_to("6/8", "3", "4");
    parses_to("0/5", "0", "1");
    parses_to("0.125", "1", "8");
    parses_to("1e-3", "1", "1000");
    parses_to("-.5E2", "-50", "1");
    parses_to("2.", "2", "1");
    parses_to("1.25e+1", "25", "2");
    parses_to("0x1.8p-3", "3", "16");
    parses_to("0x10", "16", "1");
    parses_to("-0x.8p1", "-1", "1");
    parses_to("0XAp0", "10", "1");
    /* 0.1 is exactly 1/10, not the binary64 value nearest to it. */
    parses_to("0.1", "1", "10");
    parses_to("123456789012345678901234567890", "123456789012345678901234567890", "1");
}

static void rejects(const char *s, rr_status code, const char *needle)
{
    mpq_t q;
    rr_caps_t caps;
    rr_err_t err;
    mpq_init(q);
    mpq_set_si(q, 17, 3);
    rr_caps_default(&caps);
    rr_status st = rr_q_parse(q, s, &caps, &err);
    if (st != code)
        fail_msg("\"%s\": expected status %d, got %d (%s)", s, code, st,
                 st ? err.msg : "accepted");
    if (!strstr(err.msg, needle))
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s, err.msg, needle);
    assert_null(strchr(err.msg, '\n'));
    /* q is unchanged on error */
    assert_q_eq_str(q, "17/3");
    mpq_clear(q);
}

static void test_grammar_errors(void **state)
{
    (void)state;
    rejects("", RR_EINPUT, "empty");
    rejects("1/0", RR_EINPUT, "zero denominator");
    rejects("nan", RR_EINPUT, "not a finite number");
    rejects("inf", RR_EINPUT, "not a finite number");
    rejects("-Infinity", RR_EINPUT, "not a finite number");
    rejects("1e999999999", RR_ELIMIT, "exponent");
    rejects("1e5001", RR_ELIMIT, "out of range");
    rejects("0x1p20001", RR_ELIMIT, "binary exponent");
    rejects("1.5/2", RR_EINPUT, "numerator");
    rejects("1/-2", RR_EINPUT, "denominator");
    rejects("1/", RR_EINPUT, "denominator");
    rejects(" 1", RR_EINPUT, "malformed");
    rejects("1 ", RR_EINPUT, "unexpected ' '");
    rejects("1e", RR_EINPUT, "bad exponent");
    rejects("0x", RR_EINPUT, "no digits");
    rejects("0x1.8q3", RR_EINPUT, "unexpected 'q'");
    rejects("1.2.3", RR_EINPUT, "unexpected '.'");
    rejects("--1", RR_EINPUT, "malformed");
    rejects(".", RR_EINPUT, "malformed");
    rejects("1e-", RR_EINPUT, "bad exponent");
    /* a number longer than the cap */
    char *big = malloc(20002);
    memset(big, '7', 20001);
    big[20001] = '\0';
    rejects(big, RR_ELIMIT, "longer than");
    free(big);
}

static void test_round_to_double(void **state)
{
    (void)state;
    mpq_t q;
    mpq_init(q);
    int inexact;
    q_set(q, "1/3");
    assert_true(rr_q_get_d(q, &inexact) == 1.0 / 3.0);
    assert_int_equal(inexact, 1);
    q_set(q, "0x1.8p-3");
    assert_true(rr_q_get_d(q, &inexact) == 0.1875);
    assert_int_equal(inexact, 0);
    q_set(q, "0.1");
    assert_true(rr_q_get_d(q, NULL) == 0.1); /* strtod is correctly rounded */
    /* Ties to even: 1 + 2^-53 is halfway between 1 and 1 + 2^-52. */
    q_set(q, "0x1.00000000000008p0");
    assert_true(rr_q_get_d(q, NULL) == 1.0);
    q_set(q, "0x1.00000000000018p0"); /* halfway, rounds up to even */
    assert_true(rr_q_get_d(q, NULL) == 0x1.0000000000002p0);
    /* Subnormals: 3 * 2^-1076 is 0.75 of the smallest subnormal: rounds to
     * it; 2^-1075 is exactly half of it: ties to even gives 0. */
    q_set(q, "0x3p-1076");
    assert_true(rr_q_get_d(q, &inexact) == 0x1p-1074);
    assert_int_equal(inexact, 1);
    q_set(q, "0x1p-1075");
    assert_true(rr_q_get_d(q, NULL) == 0.0);
    q_set(q, "0x1.8p-1074"); /* halfway between 1 and 2 ulps: to even 2 */
    assert_true(rr_q_get_d(q, NULL) == 0x1p-1073);
    q_set(q, "0x0.fffffffffffffp-1022"); /* largest subnormal, exact */
    assert_true(rr_q_get_d(q, &inexact) == 0x0.fffffffffffffp-1022);
    assert_int_equal(inexact, 0);
    /* Overflow to infinity; the largest finite value stays. */
    q_set(q, "0x1.fffffffffffff8p1023");
    assert_true(isinf(rr_q_get_d(q, NULL)));
    q_set(q, "0x1.fffffffffffff7p1023");
    assert_true(rr_q_get_d(q, NULL) == DBL_MAX);
    q_set(q, "-1e400");
    assert_true(rr_q_get_d(q, NULL) == -INFINITY);
    /* binary32 */
    q_set(q, "1/3");
    assert_true(rr_q_get_f(q, NULL) == 1.0f / 3.0f);
    q_set(q, "0x1p-149");
    assert_true(rr_q_get_f(q, &inexact) == 0x1p-149f);
    assert_int_equal(inexact, 0);
    q_set(q, "0x1p-150");
    assert_true(rr_q_get_f(q, NULL) == 0.0f);
    mpq_clear(q);
}

static void test_set_d_and_print(void **state)
{
    (void)state;
    mpq_t q;
    rr_err_t err;
    mpq_init(q);
    assert_int_equal(rr_q_set_d(q, 0.1, &err), RR_OK);
    /* the binary64 nearest to 0.1 is 3602879701896397 / 2^55 */
    assert_q_eq_str(q, "3602879701896397/36028797018963968");
    assert_int_equal(rr_q_set_d(q, NAN, &err), RR_EINPUT);
    assert_int_equal(rr_q_set_d(q, INFINITY, &err), RR_EINPUT);
    q_set(q, "-6/8");
    char *s = rr_q_str(q);
    assert_string_equal(s, "-3/4");
    free(s);
    char buf[64];
    rr_d_hex(buf, sizeof buf, 0.1875);
    assert_string_equal(buf, "0x1.8p-3");
    rr_d_hex(buf, sizeof buf, -INFINITY);
    assert_string_equal(buf, "-inf");
    q_set(q, "1/3");
    rr_q_approx(buf, sizeof buf, q, 6);
    assert_string_equal(buf, "0.333333");
    assert_true(rr_q_is_dyadic(q) == 0);
    q_set(q, "-5/64");
    assert_true(rr_q_is_dyadic(q));
    mpq_clear(q);
}

static void test_rand_stable(void **state)
{
    (void)state;
    /* The generator's stream is part of the golden vectors' contract. */
    rr_rand_t r;
    rr_rand_seed(&r, 0);
    assert_true(rr_rand_u64(&r) == UINT64_C(0x99ec5f36cb75f2b4));
    rr_rand_seed(&r, 42);
    uint64_t first = rr_rand_u64(&r);
    rr_rand_seed(&r, 42);
    assert_true(rr_rand_u64(&r) == first);
    for (int i = 0; i < 1000; i++) {
        int64_t v = rr_rand_range(&r, -3, 3);
        assert_true(v >= -3 && v <= 3);
        double u = rr_rand_unit(&r);
        assert_true(u >= -1.0 && u < 1.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grammar_values),
        cmocka_unit_test(test_grammar_errors),
        cmocka_unit_test(test_round_to_double),
        cmocka_unit_test(test_set_d_and_print),
        cmocka_unit_test(test_rand_stable),
    };
    return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
