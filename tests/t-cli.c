/* t-cli.c -- the command line: exit codes, one-line errors naming the file
 * and the place, and no output file left behind on failure. */
#define _POSIX_C_SOURCE 200809L
#define RR_CLI_DIR dir
#define RR_CLI_TMPL "/tmp/rr-t-cli-XXXXXX"
#include "rr_cli_test.h"

static void write_file(const char *path, const char *content)
{
    rr_cli_write(path, content, strlen(content));
}

typedef struct bad_case {
    const char *content; /* the network file */
    int code;            /* expected exit status */
    const char *needle;  /* expected in the message (after the file name) */
} bad_case;

#define ARCH21 "\"version\": 1, \"architecture\": [2, 1]"
#define LAY21 "\"layers\": [{\"weights\": [[\"1\", \"2\"]], \"biases\": [\"0\"]}]"

static const bad_case bad_nets[] = {
    {"not json", 3, ":1:3: '[' or '{' expected near 'not'"},
    {"{", 3, ":1:1: string or '}' expected near end of file"},
    {"{" ARCH21 ", " LAY21 "} trailing", 3, "end of file expected"},
    {"{\"architecture\": [2, 1], " LAY21 "}", 3, "missing key \"version\""},
    {"{\"version\": 2, \"architecture\": [2, 1], " LAY21 "}", 3,
     "version: unsupported version 2"},
    {"{\"version\": 1, " LAY21 "}", 3, "missing key \"architecture\""},
    {"{\"version\": 1, \"architecture\": [2], \"layers\": []}", 3,
     "architecture: needs at least 2 entries"},
    {"{\"version\": 1, \"architecture\": [2, 0], \"layers\": [{}]}", 3,
     "architecture[1] = 0: widths must be >= 1"},
    {"{\"version\": 1, \"architecture\": [2, 1.5], \"layers\": [{}]}", 3,
     "architecture[1]: expected an integer, got 1.5"},
    {"{" ARCH21 ", \"layers\": []}", 3,
     "layers: architecture has L = 1 layers but \"layers\" has 0 entries"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [], \"biases\": [\"0\"]}]}", 3,
     "layers[0].weights: expected an array of 1 rows"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"1\", \"2\", \"3\"]], "
     "\"biases\": [\"0\"]}]}", 3,
     "layers[0].weights[0]: expected 2 entries, got 3"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"1\", \"2\"]], "
     "\"biases\": []}]}", 3, "layers[0].biases: expected 1 entries, got 0"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"1\", \"1/0\"]], "
     "\"biases\": [\"0\"]}]}", 3,
     "layers[0].weights[0][1]: zero denominator in \"1/0\""},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"nan\", \"1\"]], "
     "\"biases\": [\"0\"]}]}", 3,
     "layers[0].weights[0][0]: \"nan\" is not a finite number"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"1e999999\", \"1\"]], "
     "\"biases\": [\"0\"]}]}", 3, "decimal exponent in \"1e999999\" out of range"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[1e999, 1]], "
     "\"biases\": [0]}]}", 3, "real number overflow"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[true, \"1\"]], "
     "\"biases\": [\"0\"]}]}", 3, "layers[0].weights[0][0]: expected a number"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"1\", \"2\"]], "
     "\"biasses\": [\"0\"]}]}", 3, "layers[0]: unknown key \"biasses\""},
    {"{" ARCH21 ", " LAY21 ", \"domain\": {\"lo\": [\"0\", \"1\"], "
     "\"hi\": [\"1\", \"1\"]}}", 3, "domain: lo[1] must be < hi[1]"},
    {"{" ARCH21 ", \"version\": 1, " LAY21 "}", 3, "duplicate object key"},
    {"{\"version\": 1, \"architecture\": [2, 100000], \"layers\": [{}]}", 3,
     "architecture[1] = 100000 exceeds the width cap 65536"},
    {"", 3, "end of file"},
    {"[1, 2]", 3, "expected a JSON object at top level, got an array"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"1\", \"2 \"]], "
     "\"biases\": [\"0\"]}]}", 3, "malformed number \"2 \": unexpected ' '"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"\\u0000\", \"2\"]], "
     "\"biases\": [\"0\"]}]}", 3, "\\u0000 is not allowed"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"0x1p99999\", \"2\"]], "
     "\"biases\": [\"0\"]}]}", 3, "binary exponent in \"0x1p99999\" out of range"},
    {"{" ARCH21 ", \"layers\": [{\"weights\": [[\"1\", \"2\"]], "
     "\"biases\": \"0\"}]}", 3, "layers[0].biases: expected an array, got a string"},
    /* found by fuzzing: a tiny file declaring 2^26 parameters */
    {"{\"version\":1,\"architecture\":[8191,8192],\"layers\":[]}", 3,
     "architecture declares 67108864 parameters but the file has only 52 bytes"},
};

static void test_bad_networks(void **state)
{
    (void)state;
    char in[128], out[128];
    snprintf(in, sizeof in, "%s/in.json", dir);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    size_t n = sizeof bad_nets / sizeof *bad_nets;
    assert_true(n >= 20);
    for (size_t c = 0; c < n; c++) {
        write_file(in, bad_nets[c].content);
        const char *args[] = {"eval", in, "--at", "1,2", "--out", out, NULL};
        int code = run(args);
        char *err = slurp_file("stderr");
        if (code != bad_nets[c].code)
            fail_msg("case %zu: exit %d, expected %d (%s)", c, code,
                     bad_nets[c].code, err);
        /* one line: "reluref: <file>...: message\n" */
        char prefix[160];
        snprintf(prefix, sizeof prefix, "reluref: %s", in);
        if (strncmp(err, prefix, strlen(prefix)) || !strstr(err, bad_nets[c].needle))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", c, err,
                     bad_nets[c].needle);
        char *nl = strchr(err, '\n');
        if (!nl || nl[1] != '\0')
            fail_msg("case %zu: not exactly one line: \"%s\"", c, err);
        assert_no_output();
    }
}

static const char *good_net =
    "{" ARCH21 ", \"layers\": [{\"weights\": [[\"1\", \"-1/3\"]], "
    "\"biases\": [\"1/2\"]}]}";

static void test_bad_points_and_usage(void **state)
{
    (void)state;
    char in[128], pts[128], out[128];
    snprintf(in, sizeof in, "%s/in.json", dir);
    snprintf(pts, sizeof pts, "%s/in.points.json", dir);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    write_file(in, good_net);
    struct {
        const char *args[10];
        int code;
        const char *needle;
    } cases[] = {
        {{"eval", in, "--at", "1,2,3", "--out", out}, 3, "expected 2 coordinates"},
        {{"eval", in, "--at", "1/0,2", "--out", out}, 3, "coordinate 1: zero denominator"},
        {{"eval", in, "--at", "1,nan", "--out", out}, 3, "not a finite number"},
        {{"eval", in, "--points", pts, "--out", out}, 3, "points[1]: expected 2 entries"},
        {{"eval", in, "--at", "1,2", "--mode", "mpfr:1", "--out", out}, 2, "precision"},
        {{"eval", in, "--at", "1,2", "--mode", "float", "--out", out}, 2, "unknown mode"},
        {{"eval", in, "--at", "1,2", "--frobnicate"}, 2, "unknown option"},
        {{"eval", in}, 2, "--at"},
        {{"eval", "/nonexistent/net.json", "--at", "1,2", "--out", out}, 4, "cannot open"},
        {{"frobnicate"}, 2, "unknown command"},
        {{"eval", in, "--at", "1,2", "--out", "/nonexistent/dir/out"}, 4, "cannot create"},
    };
    write_file(pts, "{\"points\": [[\"1\", \"2\"], [\"3\"]]}");
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        int code = run(cases[c].args);
        char *err = slurp_file("stderr");
        if (code != cases[c].code || !strstr(err, cases[c].needle))
            fail_msg("case %zu: exit %d (expected %d), message \"%s\" "
                     "(expected \"%s\")", c, code, cases[c].code, err,
                     cases[c].needle);
        char *nl = strchr(err, '\n');
        if (!nl || nl[1] != '\0')
            fail_msg("case %zu: not exactly one line: \"%s\"", c, err);
        assert_no_output();
    }
}

/* A usage error names the command whose help to read. */
static void test_usage_names_command(void **state)
{
    (void)state;
    char in[128];
    snprintf(in, sizeof in, "%s/in.json", dir);
    write_file(in, good_net);
    struct {
        const char *args[6];
        const char *needle;
    } cases[] = {
        {{"eval", in, "--at", "1,2", "--frobnicate"},
         "reluref eval: unknown option '--frobnicate' (see 'reluref eval --help')\n"},
        {{"norm", in, "--frobnicate"},
         "reluref norm: unknown option '--frobnicate' (see 'reluref norm --help')\n"},
        {{"norm", in, "--box"},
         "reluref norm: option --box needs a value (see 'reluref norm --help')\n"},
        {{"norm", in, in}, "(see 'reluref norm --help')\n"},
        {{"frobnicate"},
         "reluref: unknown command 'frobnicate' (see 'reluref --help')\n"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        int code = run(cases[c].args);
        char *err = slurp_file("stderr");
        if (code != 2 || !strstr(err, cases[c].needle))
            fail_msg("case %zu: exit %d (expected 2), message \"%s\" "
                     "(expected \"%s\")", c, code, err, cases[c].needle);
        assert_null(strstr(err, "help --help"));
    }
}

static void test_eval_output(void **state)
{
    (void)state;
    char in[128], out[128];
    snprintf(in, sizeof in, "%s/in.json", dir);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    write_file(in, good_net);
    /* 1 - 2/3 + 1/2 = 5/6 */
    const char *a1[] = {"eval", in, "--at", "1,2", NULL};
    assert_int_equal(run(a1), 0);
    assert_non_null(strstr(slurp_file("stdout"), "R(x)_1 = 5/6"));
    assert_non_null(strstr(slurp_file("stdout"), "[exact]"));
    const char *a2[] = {"eval", in, "--at", "1,2", "--mode", "double", "--json",
                        "--out", out, NULL};
    assert_int_equal(run(a2), 0);
    assert_string_equal(slurp_file("stdout"), "");
    char *o = slurp_file("out.txt");
    assert_non_null(strstr(o, "\"binary64\": \"0x1.aaaaaaaaaaaabp-1\""));
    unlink(out);
    const char *a3[] = {"eval", in, "--at", "1,2", "--mode", "enclosure:30", NULL};
    assert_int_equal(run(a3), 0);
    assert_non_null(strstr(slurp_file("stdout"), "certified enclosure, 30 bits"));
    const char *a4[] = {"--help", NULL};
    assert_int_equal(run(a4), 0);
    assert_non_null(strstr(slurp_file("stdout"), "exit status"));
    const char *a5[] = {"help", "eval", NULL};
    assert_int_equal(run(a5), 0);
    assert_non_null(strstr(slurp_file("stdout"), "enclosure:P"));
    const char *a6[] = {"report", in, NULL};
    assert_int_equal(run(a6), 0);
    assert_non_null(strstr(slurp_file("stdout"), "<= bound"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_networks),
        cmocka_unit_test(test_bad_points_and_usage),
        cmocka_unit_test(test_usage_names_command),
        cmocka_unit_test(test_eval_output),
    };
    return cmocka_run_group_tests_name("cli", tests, setup, teardown);
}
