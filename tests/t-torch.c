/* t-torch.c -- tools/torch_export.py: PyTorch nn.Sequential -> reluref JSON
 * with exact values.  The pure-Python part (layer composition, exact
 * strings) runs whenever python3 does; the PyTorch part runs when
 * `import torch` works (Debian's python3-torch) and is skipped otherwise. */
#define _POSIX_C_SOURCE 200809L
#include "rr_cli_test.h"

static char dir[64];
static const char *python;

static int setup(void **state)
{
    (void)state;
    return rr_cli_mkdtemp(dir, sizeof dir, "/tmp/rr-t-torch-XXXXXX");
}

static int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Run `python3 -c ...` style: python script file with args; returns the
 * exit status (127 when python is missing). */
static int run_py(const char *py, const char *script, const char *arg)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char errp[128];
        snprintf(errp, sizeof errp, "%s/py.stderr", dir);
        if (!freopen(errp, "w", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(127);
        execlp(py, py, script, arg, (char *)NULL);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static const char script_text[] =
    "import sys\n"
    "sys.path.insert(0, 'tools')\n"
    "from fractions import Fraction as F\n"
    "import json, torch_export as te\n"
    "out = sys.argv[1]\n"
    "# pure part: Linear, Linear (composed exactly), ReLU, Linear, final ReLU\n"
    "ops = [('linear', [[0.5, -1.0], [0.25, 3.0]], [1.0, 0.0]),\n"
    "       ('linear', [[1.0, 1.0]], [-0.75]), ('relu',), ('relu',),\n"
    "       ('linear', [[2.0**-30], [0.1]], [0.0, -2.0]), ('relu',)]\n"
    "doc = te.network_json(te.export_layers(ops), name='pure', domain=(F(-1), F(1, 3)))\n"
    "json.dump(doc, open(out + '/pure.json', 'w'))\n"
    "try:\n"
    "    import torch\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "torch.manual_seed(20191905)\n"
    "nn = torch.nn\n"
    "m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8),\n"
    "                  nn.ReLU(), nn.Dropout(0.5)), nn.Linear(8, 3)).eval()\n"
    "te.export(m, out + '/torch.json', name='t')\n"
    "x = [0.5, -0.25, 0.125, 1.0]\n"
    "y = m.double()(torch.tensor([x], dtype=torch.float64))[0].tolist()\n"
    "# exact forward pass in fractions from the (float32) parameters\n"
    "v = [F(t) for t in x]\n"
    "lin = [m[0], m[2][0], m[3]]\n"
    "for k, L in enumerate(lin):\n"
    "    W = L.weight.detach().tolist(); b = L.bias.detach().tolist()\n"
    "    v = [sum(F(W[i][j]) * v[j] for j in range(len(v))) + F(b[i]) for i in range(len(W))]\n"
    "    if k < 2: v = [max(t, F(0)) for t in v]\n"
    "with open(out + '/torch.out', 'w') as f:\n"
    "    for e, d in zip(v, y):\n"
    "        f.write('%d/%d %s\\n' % (e.numerator, e.denominator, float(d).hex()))\n"
    "bad = nn.Sequential(nn.Linear(2, 2), nn.Tanh())\n"
    "try:\n"
    "    te.export(bad, out + '/bad.json')\n"
    "    sys.exit(3)\n"
    "except ValueError as e:\n"
    "    if 'model[1]: unsupported module Tanh' not in str(e): sys.exit(4)\n"
    "sys.exit(0)\n";

static void test_torch_export(void **state)
{
    (void)state;
    char script[128], path[128];
    snprintf(script, sizeof script, "%s/t.py", dir);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs(script_text, f);
    fclose(f);
    /* Debian's interpreter first (where python3-torch installs), then the
     * one on PATH */
    const char *cands[] = {"/usr/bin/python3", "python3"};
    int code = 127;
    for (int c = 0; c < 2 && (code == 127 || code == 77); c++) {
        int r = run_py(cands[c], script, dir);
        if (r == 127)
            continue;
        if (code == 127 || r == 0)
            code = r, python = cands[c];
    }
    if (code == 127) {
        print_message("no python3: skipped\n");
        skip();
    }
    if (code != 0 && code != 77) {
        static char buf[4096];
        snprintf(path, sizeof path, "%s/py.stderr", dir);
        f = fopen(path, "r");
        size_t len = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        buf[len] = '\0';
        if (f)
            fclose(f);
        fail_msg("%s exited %d: %s", python, code, buf);
    }
    /* the pure part: W = [1 1] [[1/2 -1] [1/4 3]] = [3/4 2], b = 1 - 3/4 */
    rr_net_t net;
    rr_err_t err;
    snprintf(path, sizeof path, "%s/pure.json", dir);
    RR_OK_OR_FAIL(rr_net_read_file(&net, path, NULL, &err), err);
    assert_int_equal(net.depth, 3);
    assert_int_equal(net.width[1], 1);
    assert_int_equal(net.width[2], 2);
    assert_int_equal(net.width[3], 2);
    assert_q_eq_str(rr_net_weight(&net, 0, 0, 0), "3/4");
    assert_q_eq_str(rr_net_weight(&net, 0, 0, 1), "2");
    assert_q_eq_str(rr_net_bias(&net, 0, 0), "1/4");
    assert_q_eq_str(rr_net_weight(&net, 1, 0, 0), "0x1p-30");
    /* 0.1 is the binary64 nearest to 1/10, written exactly */
    assert_q_eq_str(rr_net_weight(&net, 1, 1, 0),
                    "3602879701896397/36028797018963968");
    assert_q_eq_str(rr_net_weight(&net, 2, 1, 1), "1"); /* final identity */
    assert_q_eq_str(net.hi + 0, "1/3");
    rr_net_clear(&net);
    if (code == 77) {
        print_message("python3 has no torch: PyTorch export skipped\n");
        skip();
    }
    /* the PyTorch part: exact equality with the fractions computed in
     * Python, and torch's float64 forward pass within the rigorous bound */
    snprintf(path, sizeof path, "%s/torch.json", dir);
    RR_OK_OR_FAIL(rr_net_read_file(&net, path, NULL, &err), err);
    assert_int_equal(net.depth, 3);
    assert_true(rr_net_is_dyadic(&net));
    mpq_ptr x = rr_qvec_new(4), y = rr_qvec_new(3);
    mpq_set_si(x + 0, 1, 2);
    mpq_set_si(x + 1, -1, 4);
    mpq_set_si(x + 2, 1, 8);
    mpq_set_si(x + 3, 1, 1);
    eval_exact(y, &net, x, 0);
    mpfr_t bound[3];
    for (int i = 0; i < 3; i++)
        mpfr_init2(bound[i], 64);
    RR_OK_OR_FAIL(rr_error_bound(&bound[0][0], NULL, &net, x, &rr_binary64,
                                 &err), err);
    snprintf(path, sizeof path, "%s/torch.out", dir);
    f = fopen(path, "r");
    assert_non_null(f);
    char q[4096], h[64];
    mpq_t e, dq;
    mpq_init(e);
    mpq_init(dq);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(fscanf(f, "%4095s %63s", q, h), 2);
        assert_q_eq_str(y + i, q);
        mpq_set_d(dq, strtod(h, NULL));
        mpq_sub(e, dq, y + i);
        mpq_abs(e, e);
        if (mpfr_cmp_q(bound[i], e) < 0)
            fail_msg("output %d: torch float64 error above the bound", i);
    }
    fclose(f);
    mpq_clear(e);
    mpq_clear(dq);
    for (int i = 0; i < 3; i++)
        mpfr_clear(bound[i]);
    rr_qvec_free(x, 4);
    rr_qvec_free(y, 3);
    rr_net_clear(&net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_torch_export),
    };
    return cmocka_run_group_tests_name("torch", tests, setup, teardown);
}
