/* cli_common.c -- option parsing, output helpers and sessions shared by
 * the commands. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "rr_format.h"
#include "rr_rand.h"

int exit_code(rr_status st)
{
    switch (st) {
    case RR_OK: return EX_OK;
    case RR_EINPUT:
    case RR_ELIMIT:
    case RR_ERANGE: return EX_INPUT;
    case RR_EIO: return EX_IO;
    case RR_ENOMEM: return EX_NOMEM;
    default: return EX_INTERNAL;
    }
}

int fail(const rr_err_t *err)
{
    fprintf(stderr, "reluref: %s\n", err->msg);
    return exit_code(err->code);
}

int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "reluref%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see 'reluref %s%s--help')\n", cmd ? cmd : "",
            cmd ? " " : "");
    return EX_USAGE;
}

static int parse_long_value(const char *cmd, const char *name, const char *val,
                            long *out)
{
    char *end;
    long v = strtol(val, &end, 10);
    if (end == val || *end || v < 1) {
        fprintf(stderr, "reluref %s: option %s needs a positive integer, got "
                        "'%s' (see 'reluref help %s')\n", cmd, name, val, cmd);
        return EX_USAGE;
    }
    *out = v;
    return 0;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts,
              const char **pos, int npos_max, int *npos, rr_caps_t *caps)
{
    const cli_opt caps_opts[] = {
        {"--max-width", CLI_LONG, &caps->max_width},
        {"--max-depth", CLI_LONG, &caps->max_depth},
        {"--max-params", CLI_LONG, &caps->max_params},
        {"--max-exp", CLI_LONG, &caps->max_dec_exp},
        {"--max-digits", CLI_LONG, &caps->max_digits},
        {NULL, CLI_FLAG, NULL},
    };
    *npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const cli_opt *o = NULL;
        for (const cli_opt *t = opts; t && t->name && !o; t++)
            if (!strcmp(a, t->name))
                o = t;
        for (const cli_opt *t = caps_opts; t->name && !o; t++)
            if (!strcmp(a, t->name))
                o = t;
        if (!o) {
            /* "-3/4" or "-1" may be a positional number */
            if (a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9'))
                return usage_error(cmd, "unknown option '%s'", a);
            if (*npos >= npos_max)
                return usage_error(cmd, "unexpected argument '%s'", a);
            pos[(*npos)++] = a;
            continue;
        }
        if (o->kind == CLI_FLAG) {
            *(int *)o->dst = 1;
            continue;
        }
        if (i + 1 >= argc)
            return usage_error(cmd, "option %s needs a value", a);
        const char *v = argv[++i];
        if (o->kind == CLI_STR)
            *(const char **)o->dst = v;
        else {
            int r = parse_long_value(cmd, a, v, (long *)o->dst);
            if (r)
                return r;
        }
    }
    return 0;
}

void json_print(FILE *f, json_t *j)
{
    if (json_dumpf(j, f, JSON_INDENT(2)) == 0)
        fputc('\n', f);
}

json_t *jfr(mpfr_srcptr x)
{
    char buf[4096];
    mpfr_snprintf(buf, sizeof buf, "%Ra", x);
    return json_string(buf);
}

json_t *japprox_q(mpq_srcptr q)
{
    char buf[64];
    rr_q_approx(buf, sizeof buf, q, 17);
    return json_string(buf);
}

void print_q(FILE *f, mpq_srcptr q)
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

void print_point(FILE *f, mpq_srcptr x, long d)
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
void print_pattern(FILE *f, const rr_net_t *net, const char *pat)
{
    long off = 0;
    for (int l = 1; l < net->depth; l++) {
        fprintf(f, "%slayer %d: %.*s", l > 1 ? " | " : "", l,
                (int)net->width[l], pat + off);
        off += net->width[l];
    }
}

json_t *jpattern(const rr_net_t *net, const char *pat)
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

const char *diff_name(rr_diff d)
{
    switch (d) {
    case RR_DIFF_YES: return "yes";
    case RR_DIFF_NO: return "no";
    case RR_DIFF_UNDECIDED: return "undecided";
    default: return "not computed";
    }
}

void print_jacobian(FILE *f, const rr_result_t *res)
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

json_t *jjacobian(const rr_result_t *res)
{
    json_t *o = json_object();
    json_object_set_new(o, "differentiable",
                        json_string(diff_name(res->differentiable)));
    if (res->diff_reason[0])
        json_object_set_new(o, "reason", json_string(res->diff_reason));
    if (res->differentiable == RR_DIFF_YES) {
        json_t *rows = json_array();
        for (long r = 0; r < res->k; r++)
            json_array_append_new(rows, rr_json_qvec(res->jac + r * res->d, res->d));
        json_object_set_new(o, "jacobian", rows);
    }
    return o;
}

/* ---- sessions ---- */

int session_end(session_t *s, int code)
{
    if (s->have_out) {
        rr_err_t err;
        if (code == EX_OK) {
            if (ferror(s->out)) {
                rr_outfile_abort(&s->outf);
                fprintf(stderr, "reluref: %s: write error\n", "output");
                code = EX_IO;
            } else if (rr_outfile_commit(&s->outf, &err))
                code = fail(&err);
        } else
            rr_outfile_abort(&s->outf);
    } else if (code == EX_OK && (fflush(stdout) || ferror(stdout))) {
        fprintf(stderr, "reluref: standard output: write error\n");
        code = EX_IO;
    }
    if (s->have_net)
        rr_net_clear(&s->net);
    rr_points_clear(&s->pts);
    s->have_net = s->have_out = 0;
    return code;
}

/* Default sample points: the centre of the box, its corners for d <= 3,
 * and four seeded points on the grid of eighths of the box. */
rr_status default_points(rr_points_t *pts, const rr_net_t *net, rr_err_t *err)
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
            long num; /* x = lo + (hi - lo) num / 8 */
            if (p == 0)
                num = 4;
            else if (p <= corners)
                num = ((p - 1) >> k) & 1 ? 8 : 0;
            else
                num = (long)rr_rand_below(&r, 9);
            mpq_sub(t, hi, lo);
            mpq_set_si(x, num, 8);
            mpq_canonicalize(x);
            mpq_mul(x, x, t);
            mpq_add(x, x, lo);
        }
    mpq_clear(t);
    return RR_OK;
}

int session_begin(session_t *s, const char *cmd, const session_args *a,
                  const rr_caps_t *caps)
{
    rr_err_t err;
    memset(s, 0, sizeof *s);
    s->out = stdout;
    if (!a->net)
        return usage_error(cmd, "missing the network file%s", "");
    if (a->at && a->points)
        return usage_error(cmd, "give --at or --points, not both%s", "");
    if (rr_net_read_any(&s->net, a->net, caps, &err)) /* .json/.nnet/.onnx */
        return fail(&err);
    s->have_net = 1;
    long d = s->net.width[0];
    rr_status st = RR_OK;
    if (a->at)
        st = rr_points_parse_list(&s->pts, a->at, d, caps, &err);
    else if (a->points)
        st = rr_points_read_file(&s->pts, a->points, d, caps, &err);
    else if (a->need_points) {
        session_end(s, EX_USAGE);
        return usage_error(cmd, "give a point with --at or a file with "
                                "--points%s", "");
    } else if (a->want_points)
        st = default_points(&s->pts, &s->net, &err);
    if (st) {
        session_end(s, EX_INPUT);
        return fail(&err);
    }
    if (a->out) {
        if (rr_outfile_open(&s->outf, a->out, &err)) {
            session_end(s, EX_IO);
            return fail(&err);
        }
        s->have_out = 1;
        s->out = s->outf.f;
    }
    return 0;
}

json_t *jnet_header(const rr_net_t *net, const char *path)
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

void print_net_header(FILE *f, const rr_net_t *net, const char *path)
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
