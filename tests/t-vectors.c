/* t-vectors.c -- golden vectors: determinism, the auditor on hand-made
 * results, the in-tree double path passing, wrong implementations caught. */
#define _POSIX_C_SOURCE 200809L
#define RR_CLI_DIR dir
#define RR_CLI_TMPL "/tmp/rr-t-vec-XXXXXX"
#include "rr_cli_test.h"
#include "rr_vectors.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void write_str(const char *path, const char *s)
{
    rr_cli_write(path, s, strlen(s));
}

/* Generating twice gives the same bytes. */
static void test_deterministic(void **state)
{
    (void)state;
    rr_vec_opts_t o = {"test", NULL, 0.05};
    rr_err_t err;
    char a[128], b[128];
    for (int i = 0; rr_vec_families[i].name; i++) {
        snprintf(a, sizeof a, "%s/a.json", dir);
        snprintf(b, sizeof b, "%s/b.json", dir);
        long nt, nn;
        RR_OK_OR_FAIL(rr_vec_generate(rr_vec_families[i].name, a, &o, &nt, &nn, &err), err);
        assert_true(nt > 0 && nn > 0);
        RR_OK_OR_FAIL(rr_vec_generate(rr_vec_families[i].name, b, &o, NULL, NULL, &err), err);
        size_t la, lb;
        char *sa = slurp(a, &la), *sb = slurp(b, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(sa, sb, la);
        free(sa);
        free(sb);
    }
}

/* One hand-computed case: f(x) = x1 - x2/3 + 1/2 at (1, 2) is 5/6. */
static void test_auditor_by_hand(void **state)
{
    (void)state;
    rr_net_t net;
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 1], \"layers\": ["
                       "{\"weights\": [[\"1\", \"-1/3\"]], \"biases\": [\"1/2\"]}]}");
    rr_points_t pts;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_points_parse_list(&pts, "1,2", 2, NULL, &err), err);
    char vec[128], res[128];
    snprintf(vec, sizeof vec, "%s/v.json", dir);
    snprintf(res, sizeof res, "%s/r.json", dir);
    rr_vec_opts_t o = {"test", NULL, 1};
    RR_OK_OR_FAIL(rr_vec_generate_for(&net, "hand", &pts, vec, &o, &err), err);
    size_t len;
    char *txt = slurp(vec, &len);
    assert_non_null(strstr(txt, "\"exact\":[\"5/6\"]"));
    /* 5/6 rounded to binary64 is 0x1.aaaaaaaaaaaabp-1 */
    assert_non_null(strstr(txt, "\"binary64\":[\"0x1.aaaaaaaaaaaabp-1\"]"));
    free(txt);
    rr_check_summary_t sum;
    /* the correctly rounded value passes */
    write_str(res, "{\"precision\": \"binary64\", \"results\": [{\"tcId\": 1, "
                   "\"output\": [\"0x1.aaaaaaaaaaaabp-1\"]}]}");
    RR_OK_OR_FAIL(rr_vec_check(vec, res, 0, NULL, &sum, &err), err);
    assert_int_equal(sum.passed, 1);
    assert_int_equal(sum.failed, 0);
    /* the exact value itself, as a fraction, passes */
    write_str(res, "tcId,output\n1,5/6\n");
    snprintf(res, sizeof res, "%s/r.csv", dir);
    write_str(res, "# precision=binary64\n1,5/6\n");
    RR_OK_OR_FAIL(rr_vec_check(vec, res, 0, NULL, &sum, &err), err);
    assert_int_equal(sum.passed, 1);
    /* 1e-10 off: far outside a tolerance of a few ulps */
    write_str(res, "1,0.8333333334\n");
    RR_OK_OR_FAIL(rr_vec_check(vec, res, 0, NULL, &sum, &err), err);
    assert_int_equal(sum.failed, 1);
    /* NaN fails, missing results are not failures unless required */
    write_str(res, "1,nan\n");
    RR_OK_OR_FAIL(rr_vec_check(vec, res, 0, NULL, &sum, &err), err);
    assert_int_equal(sum.failed, 1);
    write_str(res, "# nothing\n");
    RR_OK_OR_FAIL(rr_vec_check(vec, res, 0, NULL, &sum, &err), err);
    assert_int_equal(sum.missing, 1);
    assert_int_equal(sum.failed, 0);
    RR_OK_OR_FAIL(rr_vec_check(vec, res, 1, NULL, &sum, &err), err);
    assert_int_equal(sum.failed, 1);
    /* malformed results */
    write_str(res, "x,1\n");
    assert_int_equal(rr_vec_check(vec, res, 0, NULL, &sum, &err), RR_EINPUT);
    assert_non_null(strstr(err.msg, "r.csv:1: bad tcId"));
    write_str(res, "1,1\n1,2\n");
    assert_int_equal(rr_vec_check(vec, res, 0, NULL, &sum, &err), RR_EINPUT);
    assert_non_null(strstr(err.msg, "tcId 1 given twice"));
    rr_points_clear(&pts);
    rr_net_clear(&net);
}

/* The in-tree double path passes every family; each deliberately wrong
 * implementation fails somewhere. */
static void test_candidates(void **state)
{
    (void)state;
    rr_vec_opts_t o = {"test", NULL, 0.1};
    rr_err_t err;
    char vec[128], res[128];
    snprintf(res, sizeof res, "%s/r.json", dir);
    long caught[4] = {0, 0, 0, 0};
    for (int i = 0; rr_vec_families[i].name; i++) {
        snprintf(vec, sizeof vec, "%s/%s.json", dir, rr_vec_families[i].name);
        RR_OK_OR_FAIL(rr_vec_generate(rr_vec_families[i].name, vec, &o, NULL, NULL, &err), err);
        for (int c = 0; c < 4; c++) {
            rr_check_summary_t sum;
            RR_OK_OR_FAIL(rr_vec_run_candidate(vec, res, (rr_candidate)c, &err), err);
            RR_OK_OR_FAIL(rr_vec_check(vec, res, 1, NULL, &sum, &err), err);
            assert_int_equal(sum.missing, 0);
            if (c == RR_CAND_DOUBLE && sum.failed)
                fail_msg("in-tree double fails %ld cases of %s", sum.failed,
                         rr_vec_families[i].name);
            caught[c] += sum.failed;
        }
        unlink(vec);
    }
    assert_int_equal(caught[RR_CAND_DOUBLE], 0);
    assert_true(caught[RR_CAND_BUG_NOBIAS] > 100);
    assert_true(caught[RR_CAND_BUG_RELULAST] > 100);
    assert_true(caught[RR_CAND_BUG_F16ACC] > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_auditor_by_hand),
        cmocka_unit_test(test_candidates),
    };
    return cmocka_run_group_tests_name("vectors", tests, setup, teardown);
}
