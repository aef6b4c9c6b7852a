/* t-degen-cli.c -- reluref degeneracy, normalize, restricted, pathology and
 * stability from the command line: exit codes, one-line errors naming the
 * file and the place, no output file left behind on failure, and the
 * normal form written by the CLI is its own normal form. */
#define _POSIX_C_SOURCE 200809L
#define RR_CLI_DIR dir
#define RR_CLI_TMPL "/tmp/rr-t-degen-XXXXXX"
#include "rr_cli_test.h"

static void path(char *buf, size_t n, const char *name)
{
    rr_cli_path(buf, n, dir, name);
}

static void write_file(const char *name, const char *content)
{
    char p[256];
    path(p, sizeof p, name);
    rr_cli_write(p, content, strlen(content));
}

/* The contents of a file of the directory, NULL when it is missing. */
static char *slurp(const char *name)
{
    return rr_cli_slurp(dir, name);
}

/* One line on stderr containing needle. */
static void assert_one_line_error(const char *needle)
{
    char *e = slurp("stderr");
    assert_non_null(e);
    if (!strstr(e, needle))
        fail_msg("expected '%s' in: %s", needle, e);
    char *nl = strchr(e, '\n');
    assert_non_null(nl);
    assert_int_equal(nl[1], '\0');
}

static const char *messy =
    "{\"version\": 1, \"architecture\": [2, 7, 1], \"layers\": ["
    "{\"weights\": [[\"1\",\"-1\"],[\"2\",\"-2\"],[\"0\",\"0\"],[\"-1\",\"1\"],"
    "[\"1\",\"1\"],[\"0\",\"0\"],[\"1\",\"2\"]],"
    " \"biases\": [\"0\",\"0\",\"0\",\"0\",\"-5\",\"1\",\"1\"]},"
    "{\"weights\": [[\"1\",\"1\",\"3\",\"-1\",\"4\",\"2\",\"0\"]],"
    " \"biases\": [\"1/2\"]}]}";

static void test_commands_run(void **state)
{
    (void)state;
    char in[256], out[256], out2[256], form[256];
    write_file("in.json", messy);
    path(in, sizeof in, "in.json");
    /* degeneracy: text and JSON */
    assert_int_equal(run((const char *[]){"degeneracy", in, NULL}), 0);
    char *s = slurp("stdout");
    assert_non_null(strstr(s, "parallel group: neuron 1, neuron 2 = (2) x neuron 1"));
    assert_non_null(strstr(s, "dead"));
    assert_non_null(strstr(s, "restricted set R1-R4 (reluref restricted): no"));
    assert_int_equal(run((const char *[]){"degeneracy", in, "--json", NULL}), 0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "\"balance_ratio2\": \"1/2\""));
    /* restricted: lists the violators */
    assert_int_equal(run((const char *[]){"restricted", in, NULL}), 0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "R2 no two neurons with positively parallel "
                              "(a_i, b_i): VIOLATED by neurons 1 2"));
    assert_non_null(strstr(s, "restricted (R1-R4): no"));
    /* normalize: the network written is its own normal form */
    path(out, sizeof out, "out1.json");
    path(out2, sizeof out2, "out2.json");
    path(form, sizeof form, "form.json");
    assert_int_equal(run((const char *[]){"normalize", in, "--out", out,
                                          "--form", form, NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "hidden width: 7 -> 3 (not wider)"));
    assert_non_null(strstr(s, "realization exactly equal on R^d"));
    s = slurp("form.json");
    assert_non_null(strstr(s, "\"format\": \"reluref-normal-form\""));
    assert_non_null(strstr(s, "\"orientations\": \"p+\""));
    assert_int_equal(run((const char *[]){"normalize", out, "--out", out2, NULL}),
                     0);
    rr_net_t a, b;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_file(&a, out, NULL, &err), err);
    RR_OK_OR_FAIL(rr_net_read_file(&b, out2, NULL, &err), err);
    assert_true(rr_net_equal(&a, &b));
    rr_net_clear(&a);
    rr_net_clear(&b);
    /* on the box, balanced */
    assert_int_equal(run((const char *[]){"normalize", in, "--box",
                                          "-1:1,-1:1", "--balanced", "24",
                                          NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "equal on the box only"));
    assert_non_null(strstr(s, "rounded to nearest at 24 bits"));
    /* pathology and stability */
    assert_int_equal(run((const char *[]){"pathology", "P1", "--k", "1,4,16",
                                          NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "      16  1/16        1           1         4"));
    assert_int_equal(run((const char *[]){"pathology", "P4", "--json", "--k",
                                          "4", NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "\"ratio_L_sqrt_delta_linf\""));
    assert_int_equal(run((const char *[]){"stability", "examples/restricted.json",
                                          "--sweep", "20", NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "largest D / sqrt(delta) seen"));
    assert_int_equal(run((const char *[]){"stability", "examples/restricted.json",
                                          "examples/restricted.json", NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "delta = ||R(G) - R(Gamma)||_{W^{1,inf}} = 0"));
}

static void test_errors(void **state)
{
    (void)state;
    char in[256], out[256];
    write_file("in.json", messy);
    path(in, sizeof in, "in.json");
    path(out, sizeof out, "result.json");
    /* bad input: exit 3, one line naming the file and the place */
    write_file("in-bad.json", "{\"version\": 1, \"architecture\": [2, 1, 1], "
                              "\"layers\": [{\"weights\": [[\"1\", \"1/0\"]], "
                              "\"biases\": [\"0\"]}, {\"weights\": [[\"1\"]], "
                              "\"biases\": [\"0\"]}]}");
    char bad[256];
    path(bad, sizeof bad, "in-bad.json");
    const char *cmds[] = {"degeneracy", "normalize", "restricted"};
    for (int c = 0; c < 3; c++) {
        assert_int_equal(run((const char *[]){cmds[c], bad, "--out", out, NULL}),
                         3);
        assert_one_line_error("in-bad.json: layers[0].weights[0][1]: zero "
                              "denominator");
        assert_false(exists("result.json"));
    }
    assert_int_equal(run((const char *[]){"normalize", in, "--box", "0:1", NULL}),
                     3);
    assert_one_line_error("--box: 2 intervals needed");
    assert_int_equal(run((const char *[]){"normalize", in, "--box", "1:0,0:1",
                                          "--out", out, NULL}),
                     3);
    assert_one_line_error("--box: interval 1: lo >= hi");
    assert_false(exists("result.json"));
    /* a non-restricted Gamma */
    assert_int_equal(run((const char *[]){"stability", in, in, NULL}), 3);
    assert_one_line_error("not in the restricted set");
    /* G of another architecture */
    assert_int_equal(run((const char *[]){"stability", "examples/restricted.json",
                                          in, NULL}),
                     3);
    assert_one_line_error("G: architecture must be Gamma's (2, 4, 1)");
    /* a deep network where a shallow one is needed */
    assert_int_equal(run((const char *[]){"stability", "examples/default.json",
                                          "examples/default.json", NULL}),
                     3);
    /* usage errors: exit 2 */
    assert_int_equal(run((const char *[]){"pathology", "P9", NULL}), 2);
    assert_int_equal(run((const char *[]){"pathology", "P1", "--k", "0", NULL}), 2);
    assert_int_equal(run((const char *[]){"normalize", NULL}), 2);
    assert_int_equal(run((const char *[]){"normalize", in, "--balanced", "1",
                                          NULL}),
                     2);
    assert_int_equal(run((const char *[]){"degeneracy", in, "--frobnicate", NULL}),
                     2);
    assert_int_equal(run((const char *[]){"stability", in, NULL}), 2);
    assert_int_equal(run((const char *[]){"stability", in, in, "--sweep", "3",
                                          NULL}),
                     2);
}

/* The claim "equal on R^d" / "equal on the box" in the text and JSON of
 * normalize (and of report, which takes the normal form on R^d). */
static void test_normalize_claim(void **state)
{
    (void)state;
    char odd[256], ok[256], form[256];
    /* rho(x) - rho(-x) = x; on [-1, 1] its normal form is rho(x + 1) - 1 */
    write_file("odd.json",
               "{\"version\": 1, \"architecture\": [1, 2, 1], "
               "\"domain\": {\"lo\": [\"-1\"], \"hi\": [\"1\"]}, \"layers\": ["
               "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
               "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"0\"]}]}");
    /* rho(x - 1/2) + 2 rho(-x - 1/2): no box-dependent step */
    write_file("ok.json",
               "{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
               "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"-1/2\", \"-1/2\"]},"
               "{\"weights\": [[\"1\", \"2\"]], \"biases\": [\"1/4\"]}]}");
    path(odd, sizeof odd, "odd.json");
    path(ok, sizeof ok, "ok.json");
    path(form, sizeof form, "claim-form.json");
    char *s;
    assert_int_equal(run((const char *[]){"normalize", odd, "--box", "domain",
                                          "--form", form, NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "realization exactly equal on the box only"));
    assert_null(strstr(s, "R^d"));
    assert_non_null(strstr(s, "neuron 1.1: (1 | 1)  out (1)"));
    s = slurp("claim-form.json");
    assert_non_null(strstr(s, "\"equal_on\": \"box\""));
    assert_int_equal(run((const char *[]){"normalize", odd, "--box", "-1:1",
                                          "--json", NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "\"equal_on\": \"box\""));
    assert_null(strstr(s, "\"equal_on\": \"R^d\""));
    /* without a box: R^d */
    assert_int_equal(run((const char *[]){"normalize", odd, NULL}), 0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "realization exactly equal on R^d"));
    assert_int_equal(run((const char *[]){"normalize", odd, "--json", NULL}), 0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "\"equal_on\": \"R^d\""));
    /* a box form that took no box-dependent step: equal on R^d too */
    assert_int_equal(run((const char *[]){"normalize", ok, "--box", "domain",
                                          NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "realization exactly equal on the box (and on "
                              "R^d: no box-dependent step)"));
    assert_int_equal(run((const char *[]){"normalize", ok, "--box", "domain",
                                          "--json", NULL}),
                     0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "\"equal_on\": \"R^d\""));
    /* report: the normal form on R^d */
    assert_int_equal(run((const char *[]){"report", odd, NULL}), 0);
    s = slurp("stdout");
    assert_non_null(strstr(s, "== normal form (reluref normalize)\nnormal "
                              "form: shallow (invariants of the function); "
                              "realization exactly equal on R^d\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands_run),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_normalize_claim),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
