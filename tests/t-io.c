/* t-io.c -- network format v1: round trips, number semantics, caps. */
#include "rr_test.h"

#include <unistd.h>

static const char *small_net =
    "{\"format\": \"reluref-network\", \"version\": 1, \"name\": \"s\","
    " \"architecture\": [2, 2, 1],"
    " \"domain\": {\"lo\": [\"-1/2\", \"0\"], \"hi\": [\"1\", \"0x1p2\"]},"
    " \"layers\": ["
    "  {\"weights\": [[\"1\", \"-3/4\"], [\"0.125\", \"1e-3\"]],"
    "   \"biases\": [\"0x1.8p-3\", 0.1]},"
    "  {\"weights\": [[2, \"-1\"]], \"biases\": [\"7/3\"]}]}";

static void test_read_values(void **state)
{
    (void)state;
    rr_net_t net;
    net_from_str(&net, small_net);
    assert_int_equal(net.depth, 2);
    assert_int_equal(net.width[1], 2);
    assert_q_eq_str(rr_net_weight(&net, 0, 0, 1), "-3/4");
    assert_q_eq_str(rr_net_weight(&net, 0, 1, 0), "1/8");
    assert_q_eq_str(rr_net_weight(&net, 0, 1, 1), "1/1000");
    assert_q_eq_str(rr_net_bias(&net, 0, 0), "3/16");
    /* a bare JSON number is the binary64 value nearest to it */
    assert_q_eq_str(rr_net_bias(&net, 0, 1),
                    "3602879701896397/36028797018963968");
    assert_q_eq_str(rr_net_weight(&net, 1, 0, 0), "2");
    assert_q_eq_str(rr_net_bias(&net, 1, 0), "7/3");
    assert_q_eq_str(net.lo + 0, "-1/2");
    assert_q_eq_str(net.hi + 1, "4");
    assert_int_equal(net.has_domain, 1);
    assert_string_equal(net.name, "s");
    assert_false(rr_net_is_dyadic(&net));
    rr_net_clear(&net);
}

static void roundtrip(const rr_net_t *net)
{
    char path[] = "/tmp/rr-t-io-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_write_file(path, net, &err), err);
    rr_net_t back;
    RR_OK_OR_FAIL(rr_net_read_file(&back, path, NULL, &err), err);
    assert_true(rr_net_equal(net, &back));
    if (net->name)
        assert_string_equal(net->name, back.name);
    rr_net_clear(&back);
    unlink(path);
}

static void test_roundtrip(void **state)
{
    (void)state;
    rr_net_t net;
    net_from_str(&net, small_net);
    roundtrip(&net);
    assert_int_equal(rr_net_set_description(&net, "quotes \" and \\ and\nnewline",
                                            NULL), RR_OK);
    roundtrip(&net);
    rr_net_clear(&net);
    rr_rand_t r;
    rr_rand_seed(&r, 7);
    for (int t = 0; t < 30; t++) {
        int depth = 1 + (int)rr_rand_below(&r, 4);
        long width[6];
        for (int l = 0; l <= depth; l++)
            width[l] = 1 + (long)rr_rand_below(&r, 5);
        rand_net(&net, &r, depth, width, t % 3);
        if (t % 2) { /* a random box */
            for (long k = 0; k < width[0]; k++) {
                rand_q(net.lo + k, &r, 0);
                mpq_set_si(net.hi + k, 1, 1);
                mpq_add(net.hi + k, net.hi + k, net.lo + k);
            }
            net.has_domain = 1;
        }
        roundtrip(&net);
        rr_net_clear(&net);
    }
}

static void test_copy_equal(void **state)
{
    (void)state;
    rr_net_t a, b;
    rr_err_t err;
    net_from_str(&a, small_net);
    RR_OK_OR_FAIL(rr_net_init_copy(&b, &a, &err), err);
    assert_true(rr_net_equal(&a, &b));
    mpq_set_si(rr_net_weight(&b, 1, 0, 1), 5, 1);
    assert_false(rr_net_equal(&a, &b));
    rr_net_clear(&b);
    RR_OK_OR_FAIL(rr_net_init_copy(&b, &a, &err), err);
    mpq_set_si(b.hi + 0, 2, 1); /* the domain is part of the structure */
    assert_false(rr_net_equal(&a, &b));
    rr_net_clear(&b);
    rr_net_clear(&a);
}

static void test_caps(void **state)
{
    (void)state;
    rr_caps_t caps;
    rr_err_t err;
    rr_net_t net;
    rr_caps_default(&caps);
    caps.max_width = 3;
    const char *j = "{\"version\": 1, \"architecture\": [2, 4, 1], \"layers\": []}";
    assert_int_equal(rr_net_read_buffer(&net, j, strlen(j), "c.json", &caps, &err),
                     RR_ELIMIT);
    assert_non_null(strstr(err.msg, "c.json: architecture[1] = 4 exceeds the width cap 3"));
    caps.max_width = 10;
    caps.max_params = 10;
    assert_int_equal(rr_net_read_buffer(&net, j, strlen(j), "c.json", &caps, &err),
                     RR_ELIMIT);
    assert_non_null(strstr(err.msg, "parameters"));
    long w[3] = {2, 3, 1};
    assert_int_equal(rr_arch_check(1, w, NULL, &err), RR_OK);
    w[1] = 0;
    assert_int_equal(rr_arch_check(2, w, NULL, &err), RR_EINPUT);
}

static void test_points(void **state)
{
    (void)state;
    rr_points_t pts;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_points_parse_list(&pts, "1/2,-0.25,0x1p-3", 3, NULL, &err),
                  err);
    assert_q_eq_str(pts.x + 1, "-1/4");
    assert_q_eq_str(pts.x + 2, "1/8");
    rr_points_clear(&pts);
    assert_int_equal(rr_points_parse_list(&pts, "1,2", 3, NULL, &err), RR_EINPUT);
    assert_non_null(strstr(err.msg, "expected 3 coordinates"));
    assert_int_equal(rr_points_parse_list(&pts, "1,,2", 3, NULL, &err), RR_EINPUT);
    assert_non_null(strstr(err.msg, "coordinate 2"));
    const char *j = "{\"points\": [[\"1\", 2.5], [\"-1/3\", \"0\"]]}";
    RR_OK_OR_FAIL(rr_points_read_buffer(&pts, j, strlen(j), "p.json", 2, NULL,
                                        &err), err);
    assert_int_equal(pts.n, 2);
    assert_q_eq_str(pts.x + 1, "5/2");
    assert_q_eq_str(pts.x + 2, "-1/3");
    rr_points_clear(&pts);
    const char *bad = "[[\"1\"], [\"1\", \"2\"]]";
    assert_int_equal(rr_points_read_buffer(&pts, bad, strlen(bad), "p.json", 2,
                                           NULL, &err), RR_EINPUT);
    assert_string_equal(err.msg, "p.json: points[0]: expected 2 entries, got 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_values), cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_copy_equal),  cmocka_unit_test(test_caps),
        cmocka_unit_test(test_points),
    };
    return cmocka_run_group_tests_name("io", tests, NULL, NULL);
}
