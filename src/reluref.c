/* reluref -- command-line interface: a thin layer over the library.
 *
 * Exit codes: 0 success; 1 a check failed (reserved for `check`);
 * 2 usage error; 3 bad input (malformed file, number, size beyond a cap);
 * 4 I/O error; 5 out of memory; 70 internal error. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rr_io.h"
#include "rr_net.h"
#include "rr_num.h"
#include "rr_rand.h"
#include "rr_realize.h"

#define RELUREF_VERSION "0.1.0"

enum { EX_OK = 0, EX_CHECK = 1, EX_USAGE = 2, EX_INPUT = 3, EX_IO = 4,
       EX_NOMEM = 5, EX_INTERNAL = 70 };

static int exit_code(rr_status st)
{
    switch (st) {
    case RR_OK: return EX_OK;
    case RR_EINPUT:
    case RR_ELIMIT: return EX_INPUT;
    case RR_EIO: return EX_IO;
    case RR_ENOMEM: return EX_NOMEM;
    case RR_ERANGE: return EX_INPUT;
    default: return EX_INTERNAL;
    }
}

static int fail(const rr_err_t *err)
{
    fprintf(stderr, "reluref: %s\n", err->msg);
    return exit_code(err->code);
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "reluref%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see 'reluref %s--help')\n", cmd ? "help " : "");
    return EX_USAGE;
}

static const char *main_help =
    "usage: reluref COMMAND [ARGS]\n"
    "\n"
    "Exact and certified computations on ReLU networks (reluref " RELUREF_VERSION ").\n"
    "\n"
    "commands:\n"
    "  eval NET (--at X | --points FILE) [--mode MODE] [--json] [--out FILE]\n"
    "                 realization R(Phi)(x) in a chosen arithmetic\n"
    "  report NET [--at X | --points FILE] [--json] [--out FILE]\n"
    "                 the main job: exact value, enclosure at 64 bits, double\n"
    "                 value with its error and error bound, pattern, gradient\n"
    "  help [COMMAND] this text, or a command's\n"
    "\n"
    "NET is a reluref network file (JSON, format v1: spec/network-format.md).\n"
    "Numbers are exact: \"-3/4\", \"0.125\", \"1e-3\", \"0x1.8p-3\".\n"
    "\n"
    "exit status: 0 success, 1 a check failed, 2 usage error, 3 bad input,\n"
    "4 I/O error, 5 out of memory, 70 internal error.\n";

static const char *eval_help =
    "usage: reluref eval NET (--at X1,...,Xd | --points FILE) [--mode MODE]\n"
    "                    [--json] [--out FILE] [--no-grad] [CAPS]\n"
    "\n"
    "Evaluate the realization of the network NET at one point (--at, exact\n"
    "numbers separated by commas) or at every point of FILE (JSON:\n"
    "{\"points\": [[x1, ..., xd], ...]}).\n"
    "\n"
    "MODE (default exact):\n"
    "  exact         exact rationals; reports the activation pattern (a '0'\n"
    "                marks a pre-activation exactly 0: the point is on a kink)\n"
    "                and the Jacobian where the realization is differentiable\n"
    "  mpfr:P        every operation correctly rounded to nearest at P bits;\n"
    "                values are rounded, shown in hex (exact binary value of\n"
    "                the rounded result) and decimal (approximate)\n"
    "  enclosure:P   interval arithmetic at P bits, outward rounding: an\n"
    "                interval certified to contain the exact value\n"
    "  double        binary64 forward pass (the in-tree fast path)\n"
    "\n"
    "  --json        machine-readable output\n"
    "  --out FILE    write to FILE (atomically) instead of standard output\n"
    "  --no-grad     skip the Jacobian\n"
    "CAPS: --max-width N --max-depth N --max-params N --max-exp N (decimal\n"
    "exponent) --max-digits N raise or lower the input caps.\n";

static const char *report_help =
    "usage: reluref report NET [--at X1,...,Xd | --points FILE] [--json]\n"
    "                      [--out FILE] [CAPS]\n"
    "\n"
    "The main job.  At each point (default: the centre of the domain box,\n"
    "its corners when d <= 3, and four seeded points inside it): the exact\n"
    "value, its enclosure at 64 bits, the binary64 forward pass with its\n"
    "exact error and a rigorous a-priori bound for any binary64 forward pass\n"
    "(spec/error-model.md), the activation pattern and the gradient.\n";

/* ---- option parsing ----------------------------------------------------- */

typedef struct opts {
    const char *net, *at, *points, *mode, *out;
    int json, no_grad;
    rr_caps_t caps;
} opts_t;

static int parse_long_opt(const char *cmd, const char *name, const char *val,
                          long *out)
{
    char *end;
    if (!val)
        return usage_error(cmd, "option %s needs a value", name);
    long v = strtol(val, &end, 10);
    if (end == val || *end || v < 1)
        return usage_error(cmd, "option needs a positive integer, got '%s'",
                           val);
    *out = v;
    return 0;
}

static int parse_opts(const char *cmd, int argc, char **argv, opts_t *o)
{
    memset(o, 0, sizeof *o);
    rr_caps_default(&o->caps);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **sv = NULL;
        long *lv = NULL;
        if (!strcmp(a, "--json"))
            o->json = 1;
        else if (!strcmp(a, "--no-grad"))
            o->no_grad = 1;
        else if (!strcmp(a, "--at"))
            sv = &o->at;
        else if (!strcmp(a, "--points"))
            sv = &o->points;
        else if (!strcmp(a, "--mode"))
            sv = &o->mode;
        else if (!strcmp(a, "--out"))
            sv = &o->out;
        else if (!strcmp(a, "--max-width"))
            lv = &o->caps.max_width;
        else if (!strcmp(a, "--max-depth"))
            lv = &o->caps.max_depth;
        else if (!strcmp(a, "--max-params"))
            lv = &o->caps.max_params;
        else if (!strcmp(a, "--max-exp"))
            lv = &o->caps.max_dec_exp;
        else if (!strcmp(a, "--max-digits"))
            lv = &o->caps.max_digits;
        else if (a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9'))
            return usage_error(cmd, "unknown option '%s'", a);
        else if (!o->net)
            o->net = a;
        else
            return usage_error(cmd, "unexpected argument '%s'", a);
        if (sv) {
            if (!v)
                return usage_error(cmd, "option %s needs a value", a);
            *sv = v;
            i++;
        } else if (lv) {
            int r = parse_long_opt(cmd, a, v, lv);
            if (r)
                return r;
            i++;
        }
    }
    if (!o->net)
        return usage_error(cmd, "missing the network file%s", "");
    if (o->at && o->points)
        return usage_error(cmd, "give --at or --points, not both%s", "");
    return 0;
}

/* ---- output helpers ----------------------------------------------------- */

static json_t *jq(mpq_srcptr q)
{
    char *s = rr_q_str(q);
    json_t *j = json_string(s ? s : "?");
    free(s);
    return j;
}

static json_t *jqvec(mpq_srcptr q, long n)
{
    json_t *a = json_array();
    for (long k = 0; k < n; k++)
        json_array_append_new(a, jq(q + k));
    return a;
}

static json_t *jfr(mpfr_srcptr x)
{
    char buf[4096];
    mpfr_snprintf(buf, sizeof buf, "%Ra", x);
    return json_string(buf);
}

static json_t *japprox_q(mpq_srcptr q)
{
    char buf[64];
    rr_q_approx(buf, sizeof buf, q, 17);
    return json_string(buf);
}

static void print_q(FILE *f, mpq_srcptr q)
{
    char buf[64];
    char *s = rr_q_str(q);
    rr_q_approx(buf, sizeof buf, q, 12);
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0 || strlen(s) <= 24)
        fprintf(f, "%s", s);
    else
        fprintf(f, "%.24s... (%zu chars)", s, strlen(s));
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0)
        fprintf(f, "  (~ %s)", buf);
    free(s);
}

static void print_point(FILE *f, mpq_srcptr x, long d)
{
    fputc('(', f);
    for (long j = 0; j < d; j++) {
        char *s = rr_q_str(x + j);
        fprintf(f, "%s%s", j ? ", " : "", s);
        free(s);
    }
    fputc(')', f);
}

/* Pattern as "layer 1: ++-0 | layer 2: +-" */
static void print_pattern(FILE *f, const rr_net_t *net, const char *pat)
{
    long off = 0;
    for (int l = 1; l < net->depth; l++) {
        fprintf(f, "%slayer %d: %.*s", l > 1 ? " | " : "", l,
                (int)net->width[l], pat + off);
        off += net->width[l];
    }
}

static json_t *jpattern(const rr_net_t *net, const char *pat)
{
    json_t *a = json_array();
    long off = 0;
    for (int l = 1; l < net->depth; l++) {
        char buf[65537];
        long w = net->width[l] < 65536 ? net->width[l] : 65536;
        memcpy(buf, pat + off, (size_t)w);
        buf[w] = '\0';
        json_array_append_new(a, json_string(buf));
        off += net->width[l];
    }
    return a;
}

static const char *diff_name(rr_diff d)
{
    switch (d) {
    case RR_DIFF_YES: return "yes";
    case RR_DIFF_NO: return "no";
    case RR_DIFF_UNDECIDED: return "undecided";
    default: return "not computed";
    }
}

static void print_jacobian(FILE *f, const rr_result_t *res)
{
    fprintf(f, "  differentiable: %s", diff_name(res->differentiable));
    if (res->diff_reason[0])
        fprintf(f, " (%s)", res->diff_reason);
    fputc('\n', f);
    if (res->differentiable != RR_DIFF_YES)
        return;
    long shown = res->k * res->d;
    if (shown > 64) {
        fprintf(f, "  Jacobian: %ld x %ld exact (use --json to see it)\n",
                res->k, res->d);
        return;
    }
    for (long r = 0; r < res->k; r++) {
        fprintf(f, "  %s", r ? "          " : "Jacobian: ");
        fputc('[', f);
        for (long j = 0; j < res->d; j++) {
            char *s = rr_q_str(res->jac + r * res->d + j);
            fprintf(f, "%s%s", j ? ", " : "", s);
            free(s);
        }
        fprintf(f, "]%s\n", r == 0 ? "  (exact)" : "");
    }
}

static json_t *jjacobian(const rr_result_t *res)
{
    json_t *o = json_object();
    json_object_set_new(o, "differentiable",
                        json_string(diff_name(res->differentiable)));
    if (res->diff_reason[0])
        json_object_set_new(o, "reason", json_string(res->diff_reason));
    if (res->differentiable == RR_DIFF_YES) {
        json_t *rows = json_array();
        for (long r = 0; r < res->k; r++)
            json_array_append_new(rows, jqvec(res->jac + r * res->d, res->d));
        json_object_set_new(o, "jacobian", rows);
    }
    return o;
}

/* ---- common setup ------------------------------------------------------- */

typedef struct session {
    rr_net_t net;
    rr_points_t pts;
    rr_outfile_t outf;
    FILE *out;
    int have_net, have_out;
} session_t;

static void session_end(session_t *s, int ok)
{
    if (s->have_out) {
        if (ok) {
            rr_err_t err;
            if (rr_outfile_commit(&s->outf, &err))
                fail(&err);
        } else
            rr_outfile_abort(&s->outf);
    }
    if (s->have_net)
        rr_net_clear(&s->net);
    rr_points_clear(&s->pts);
}

/* Default sample points: the centre of the box, its corners for d <= 3,
 * and four seeded points on the grid of eighths of the box. */
static rr_status default_points(rr_points_t *pts, const rr_net_t *net,
                                rr_err_t *err)
{
    long d = net->width[0];
    long corners = d <= 3 ? (1L << d) : 0;
    long n = 1 + corners + 4;
    pts->n = n;
    pts->d = d;
    pts->x = rr_qvec_new(n * d);
    if (!pts->x)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    mpq_t t;
    mpq_init(t);
    rr_rand_t r;
    rr_rand_seed(&r, 20191905);
    for (long p = 0; p < n; p++)
        for (long k = 0; k < d; k++) {
            mpq_ptr x = pts->x + p * d + k;
            mpq_srcptr lo = net->lo + k, hi = net->hi + k;
            /* x = lo + (hi - lo) * frac */
            long num;
            if (p == 0)
                num = 4;
            else if (p <= corners)
                num = ((p - 1) >> k) & 1 ? 8 : 0;
            else
                num = (long)rr_rand_below(&r, 9);
            mpq_sub(t, hi, lo);
            mpq_set_si(x, num, 8);
            mpq_mul(x, x, t);
            mpq_add(x, x, lo);
        }
    mpq_clear(t);
    return RR_OK;
}

static int session_begin(session_t *s, const char *cmd, opts_t *o,
                         int need_points)
{
    rr_err_t err;
    memset(s, 0, sizeof *s);
    s->out = stdout;
    if (rr_net_read_file(&s->net, o->net, &o->caps, &err))
        return fail(&err);
    s->have_net = 1;
    long d = s->net.width[0];
    rr_status st = RR_OK;
    if (o->at)
        st = rr_points_parse_list(&s->pts, o->at, d, &o->caps, &err);
    else if (o->points)
        st = rr_points_read_file(&s->pts, o->points, d, &o->caps, &err);
    else if (need_points) {
        session_end(s, 0);
        return usage_error(cmd, "give a point with --at or a file with "
                                "--points%s", "");
    } else
        st = default_points(&s->pts, &s->net, &err);
    if (st) {
        session_end(s, 0);
        return fail(&err);
    }
    if (o->out) {
        if (rr_outfile_open(&s->outf, o->out, &err)) {
            session_end(s, 0);
            return fail(&err);
        }
        s->have_out = 1;
        s->out = s->outf.f;
    }
    return 0;
}

static json_t *jnet_header(const rr_net_t *net, const char *path)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(path));
    if (net->name)
        json_object_set_new(o, "name", json_string(net->name));
    json_t *a = json_array();
    for (int l = 0; l <= net->depth; l++)
        json_array_append_new(a, json_integer(net->width[l]));
    json_object_set_new(o, "architecture", a);
    return o;
}

static void print_net_header(FILE *f, const rr_net_t *net, const char *path)
{
    fprintf(f, "network %s", path);
    if (net->name)
        fprintf(f, " (\"%s\")", net->name);
    fprintf(f, ": architecture (");
    for (int l = 0; l <= net->depth; l++)
        fprintf(f, "%s%ld", l ? ", " : "", net->width[l]);
    fprintf(f, "), %ld parameters%s\n", rr_net_param_count(net),
            rr_net_is_dyadic(net) ? ", all dyadic" : "");
}

/* ---- eval ---------------------------------------------------------------- */

static json_t *jvalue(const rr_result_t *res, long i)
{
    json_t *o = json_object();
    switch (res->mode.kind) {
    case RR_MODE_EXACT:
        json_object_set_new(o, "exact", jq(res->q + i));
        json_object_set_new(o, "approx", japprox_q(res->q + i));
        break;
    case RR_MODE_MPFR: {
        json_object_set_new(o, "rounded", jfr(res->f + i));
        char buf[64];
        rr_fr_approx(buf, sizeof buf, res->f + i, 17, MPFR_RNDN);
        json_object_set_new(o, "approx", json_string(buf));
        break;
    }
    case RR_MODE_ENCLOSURE: {
        json_object_set_new(o, "lo", jfr(res->lo + i));
        json_object_set_new(o, "hi", jfr(res->hi + i));
        mpfr_t w;
        mpfr_init2(w, 64);
        mpfr_sub(w, res->hi + i, res->lo + i, MPFR_RNDU);
        json_object_set_new(o, "width_upper_bound", jfr(w));
        mpfr_clear(w);
        break;
    }
    case RR_MODE_DOUBLE: {
        char buf[64];
        rr_d_hex(buf, sizeof buf, res->dbl[i]);
        json_object_set_new(o, "binary64", json_string(buf));
        snprintf(buf, sizeof buf, "%.17g", res->dbl[i]);
        json_object_set_new(o, "approx", json_string(buf));
        break;
    }
    }
    return o;
}

static void print_value(FILE *f, const rr_result_t *res, long i)
{
    char buf[128], buf2[128];
    switch (res->mode.kind) {
    case RR_MODE_EXACT:
        print_q(f, res->q + i);
        fprintf(f, "  [exact]");
        break;
    case RR_MODE_MPFR:
        mpfr_snprintf(buf, sizeof buf, "%Ra", res->f + i);
        rr_fr_approx(buf2, sizeof buf2, res->f + i, 17, MPFR_RNDN);
        fprintf(f, "%s  (~ %s)  [rounded, mpfr:%ld]", buf, buf2,
                res->mode.prec);
        break;
    case RR_MODE_ENCLOSURE: {
        rr_fr_approx(buf, sizeof buf, res->lo + i, 17, MPFR_RNDD);
        rr_fr_approx(buf2, sizeof buf2, res->hi + i, 17, MPFR_RNDU);
        mpfr_t w;
        mpfr_init2(w, 64);
        mpfr_sub(w, res->hi + i, res->lo + i, MPFR_RNDU);
        char wb[64];
        rr_fr_approx(wb, sizeof wb, w, 3, MPFR_RNDU);
        mpfr_clear(w);
        fprintf(f, "[%s, %s]  width <= %s  [certified enclosure, %ld bits]",
                buf, buf2, wb, res->mode.prec);
        break;
    }
    case RR_MODE_DOUBLE:
        rr_d_hex(buf, sizeof buf, res->dbl[i]);
        fprintf(f, "%s  (~ %.17g)  [binary64]", buf, res->dbl[i]);
        break;
    }
}

static int cmd_eval(int argc, char **argv)
{
    opts_t o;
    int r = parse_opts("eval", argc, argv, &o);
    if (r)
        return r;
    rr_err_t err;
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    if (o.mode && rr_mode_parse(&mode, o.mode, &o.caps, &err)) {
        fprintf(stderr, "reluref eval: %s\n", err.msg);
        return EX_USAGE;
    }
    session_t s;
    if ((r = session_begin(&s, "eval", &o, 1)))
        return r;
    rr_eval_t *ev = NULL;
    rr_result_t res;
    int have_res = 0, code = EX_OK;
    json_t *jroot = NULL, *jres = NULL;
    if (rr_eval_new(&ev, &s.net, mode, &err) ||
        rr_result_init(&res, ev, &err)) {
        code = fail(&err);
        goto out;
    }
    have_res = 1;
    char mname[48];
    rr_mode_name(mname, sizeof mname, mode);
    if (o.json) {
        jroot = jnet_header(&s.net, o.net);
        json_object_set_new(jroot, "mode", json_string(mname));
        jres = json_array();
        json_object_set_new(jroot, "results", jres);
    } else {
        print_net_header(s.out, &s.net, o.net);
        fprintf(s.out, "mode %s\n", mname);
    }
    long d = s.net.width[0];
    for (long p = 0; p < s.pts.n; p++) {
        mpq_srcptr x = s.pts.x + p * d;
        rr_status st = rr_eval_point(ev, &res, x,
                                     o.no_grad ? 0 : RR_WANT_JACOBIAN, &err);
        if (st && st != RR_ERANGE) {
            code = fail(&err);
            goto out;
        }
        if (o.json) {
            json_t *jp = json_object();
            json_object_set_new(jp, "x", jqvec(x, d));
            json_t *vals = json_array();
            for (long i = 0; i < res.k; i++)
                json_array_append_new(vals, jvalue(&res, i));
            json_object_set_new(jp, "value", vals);
            if (st == RR_ERANGE)
                json_object_set_new(jp, "overflow", json_true());
            json_object_set_new(jp, "pattern", jpattern(&s.net, res.pattern));
            json_object_set_new(jp, "pattern_certified",
                                json_boolean(mode.kind == RR_MODE_EXACT ||
                                             mode.kind == RR_MODE_ENCLOSURE));
            if (!o.no_grad && res.differentiable != RR_DIFF_NOT_COMPUTED)
                json_object_set_new(jp, "derivative", jjacobian(&res));
            json_array_append_new(jres, jp);
        } else {
            fprintf(s.out, "\nx = ");
            print_point(s.out, x, d);
            fputc('\n', s.out);
            for (long i = 0; i < res.k; i++) {
                fprintf(s.out, "  R(x)_%ld = ", i + 1);
                print_value(s.out, &res, i);
                fputc('\n', s.out);
            }
            if (st == RR_ERANGE)
                fprintf(s.out, "  warning: %s\n", err.msg);
            if (res.n_hidden) {
                fprintf(s.out, "  pattern%s: ",
                        mode.kind == RR_MODE_EXACT ||
                                mode.kind == RR_MODE_ENCLOSURE
                            ? ""
                            : " (as computed, not certified)");
                print_pattern(s.out, &s.net, res.pattern);
                fprintf(s.out, "   (+ active, - inactive, 0 on the kink%s)\n",
                        mode.kind == RR_MODE_ENCLOSURE ? ", ? undecided" : "");
            }
            if (!o.no_grad && res.differentiable != RR_DIFF_NOT_COMPUTED)
                print_jacobian(s.out, &res);
        }
    }
    if (o.json && json_dumpf(jroot, s.out, JSON_INDENT(2)) == 0)
        fputc('\n', s.out);
out:
    json_decref(jroot);
    if (have_res)
        rr_result_clear(&res);
    rr_eval_free(ev);
    if (code == EX_OK && ferror(s.out)) {
        fprintf(stderr, "reluref: write error\n");
        code = EX_IO;
    }
    session_end(&s, code == EX_OK);
    return code;
}

/* ---- report (the main job) ---------------------------------------------- */

static int cmd_report(int argc, char **argv)
{
    opts_t o;
    int r = parse_opts("report", argc, argv, &o);
    if (r)
        return r;
    session_t s;
    if ((r = session_begin(&s, "report", &o, 0)))
        return r;
    rr_err_t err;
    int code = EX_OK;
    rr_mode_t mx = {RR_MODE_EXACT, 0}, me = {RR_MODE_ENCLOSURE, 64},
              md = {RR_MODE_DOUBLE, 53};
    rr_eval_t *ex = NULL, *en = NULL, *db = NULL;
    rr_result_t rx, re, rd;
    int nres = 0;
    json_t *jroot = NULL, *jres = NULL;
    long k = s.net.width[s.net.depth], d = s.net.width[0];
    mpfr_ptr bound = malloc((size_t)k * sizeof(mpfr_t));
    mpq_t dq, e;
    mpq_init(dq);
    mpq_init(e);
    for (long i = 0; bound && i < k; i++)
        mpfr_init2(bound + i, 64);
    if (!bound) {
        code = fail(&(rr_err_t){RR_ENOMEM, "out of memory"});
        goto out;
    }
    if (rr_eval_new(&ex, &s.net, mx, &err) ||
        rr_eval_new(&en, &s.net, me, &err) ||
        rr_eval_new(&db, &s.net, md, &err) ||
        rr_result_init(&rx, ex, &err) || (nres = 1, 0) ||
        rr_result_init(&re, en, &err) || (nres = 2, 0) ||
        rr_result_init(&rd, db, &err) || (nres = 3, 0)) {
        code = fail(&err);
        goto out;
    }
    if (o.json) {
        jroot = jnet_header(&s.net, o.net);
        jres = json_array();
        json_object_set_new(jroot, "points", jres);
    } else {
        print_net_header(s.out, &s.net, o.net);
        fprintf(s.out,
                "exact = rational value; enclosure:64 = certified interval "
                "at 64 bits;\ndouble = binary64 forward pass, its exact "
                "error, and an a-priori bound valid for\nany binary64 "
                "forward pass in any summation order (spec/error-model.md)\n");
    }
    for (long p = 0; p < s.pts.n; p++) {
        mpq_srcptr x = s.pts.x + p * d;
        rr_status st;
        if ((st = rr_eval_point(ex, &rx, x, RR_WANT_JACOBIAN, &err)) ||
            (st = rr_eval_point(en, &re, x, 0, &err)) ||
            ((st = rr_eval_point(db, &rd, x, 0, &err)) && st != RR_ERANGE) ||
            rr_error_bound(bound, &s.net, x, 53, -1075, 1, &err)) {
            code = fail(&err);
            goto out;
        }
        int overflow = st == RR_ERANGE;
        json_t *jp = NULL, *jv = NULL;
        if (o.json) {
            jp = json_object();
            json_object_set_new(jp, "x", jqvec(x, d));
            jv = json_array();
            json_object_set_new(jp, "outputs", jv);
        } else {
            fprintf(s.out, "\nx = ");
            print_point(s.out, x, d);
            fputc('\n', s.out);
        }
        for (long i = 0; i < k; i++) {
            char hb[64], eb[64], bb[64];
            rr_d_hex(hb, sizeof hb, rd.dbl[i]);
            if (!overflow) {
                mpq_set_d(dq, rd.dbl[i]);
                mpq_sub(e, dq, rx.q + i);
                mpq_abs(e, e);
                rr_q_approx(eb, sizeof eb, e, 3);
            }
            rr_fr_approx(bb, sizeof bb, bound + i, 3, MPFR_RNDU);
            int within = overflow ? 0 : mpfr_cmp_q(bound + i, e) >= 0;
            if (o.json) {
                json_t *jo = json_object();
                json_object_set_new(jo, "exact", jq(rx.q + i));
                json_object_set_new(jo, "exact_approx", japprox_q(rx.q + i));
                json_object_set_new(jo, "enclosure64_lo", jfr(re.lo + i));
                json_object_set_new(jo, "enclosure64_hi", jfr(re.hi + i));
                json_object_set_new(jo, "double", json_string(hb));
                if (!overflow)
                    json_object_set_new(jo, "double_error_exact", jq(e));
                json_object_set_new(jo, "double_error_bound", jfr(bound + i));
                json_object_set_new(jo, "double_within_bound",
                                    json_boolean(within));
                json_array_append_new(jv, jo);
            } else {
                fprintf(s.out, "  output %ld\n    exact        ", i + 1);
                print_q(s.out, rx.q + i);
                fprintf(s.out, "\n    enclosure:64 ");
                print_value(s.out, &re, i);
                fprintf(s.out, "\n    double       %s  (~ %.17g)\n", hb,
                        rd.dbl[i]);
                if (overflow)
                    fprintf(s.out, "    double overflowed\n");
                else
                    fprintf(s.out,
                            "    |double - exact| = %s (exact error, shown "
                            "to 3 digits) <= bound %s: %s\n",
                            eb, bb, within ? "yes" : "NO");
            }
        }
        if (o.json) {
            json_object_set_new(jp, "pattern", jpattern(&s.net, rx.pattern));
            json_object_set_new(jp, "derivative", jjacobian(&rx));
            json_array_append_new(jres, jp);
        } else {
            if (rx.n_hidden) {
                fprintf(s.out, "  pattern: ");
                print_pattern(s.out, &s.net, rx.pattern);
                fprintf(s.out, "   (exact; 0 = on the kink)\n");
            }
            print_jacobian(s.out, &rx);
        }
    }
    if (o.json && json_dumpf(jroot, s.out, JSON_INDENT(2)) == 0)
        fputc('\n', s.out);
out:
    json_decref(jroot);
    if (nres >= 1)
        rr_result_clear(&rx);
    if (nres >= 2)
        rr_result_clear(&re);
    if (nres >= 3)
        rr_result_clear(&rd);
    rr_eval_free(ex);
    rr_eval_free(en);
    rr_eval_free(db);
    if (bound) {
        for (long i = 0; i < k; i++)
            mpfr_clear(bound + i);
        free(bound);
    }
    mpq_clear(dq);
    mpq_clear(e);
    if (code == EX_OK && ferror(s.out)) {
        fprintf(stderr, "reluref: write error\n");
        code = EX_IO;
    }
    session_end(&s, code == EX_OK);
    return code;
}

/* ---- dispatch ------------------------------------------------------------ */

typedef struct command {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} command_t;

static const command_t commands[] = {
    {"eval", cmd_eval, NULL},
    {"report", cmd_report, NULL},
};

static const char *help_of(const char *name)
{
    if (!strcmp(name, "eval"))
        return eval_help;
    if (!strcmp(name, "report"))
        return report_help;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return EX_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (!strcmp(cmd, "help") && argc > 2) {
            const char *h = help_of(argv[2]);
            if (!h)
                return usage_error(NULL, "no command '%s'", argv[2]);
            fputs(h, stdout);
            return EX_OK;
        }
        fputs(main_help, stdout);
        return EX_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("reluref %s\n", RELUREF_VERSION);
        return EX_OK;
    }
    for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
        if (!strcmp(cmd, commands[c].name)) {
            for (int i = 2; i < argc; i++)
                if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                    fputs(help_of(cmd), stdout);
                    return EX_OK;
                }
            return commands[c].run(argc - 2, argv + 2);
        }
    return usage_error(NULL, "unknown command '%s'", cmd);
}
