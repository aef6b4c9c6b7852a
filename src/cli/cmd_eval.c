/* cmd_eval.c -- reluref eval: the realization in a chosen arithmetic. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char eval_help[] =
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


json_t *jvalue(const rr_result_t *res, long i)
{
    json_t *o = json_object();
    switch (res->mode.kind) {
    case RR_MODE_EXACT:
        json_object_set_new(o, "exact", rr_json_q(res->q + i));
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

void print_value(FILE *f, const rr_result_t *res, long i)
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

int cmd_eval(int argc, char **argv)
{
    struct {
        const char *at, *points, *mode, *out;
        int json, no_grad;
    } o = {0};
    const cli_opt opts[] = {
        {"--at", CLI_STR, &o.at},         {"--points", CLI_STR, &o.points},
        {"--mode", CLI_STR, &o.mode},     {"--out", CLI_STR, &o.out},
        {"--json", CLI_FLAG, &o.json},    {"--no-grad", CLI_FLAG, &o.no_grad},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("eval", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    rr_err_t err;
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    if (o.mode && rr_mode_parse(&mode, o.mode, &caps, &err)) {
        fprintf(stderr, "reluref eval: %s\n", err.msg);
        return EX_USAGE;
    }
    session_args sa = {npos ? pos[0] : NULL, o.at, o.points, o.out, 1, 1};
    session_t s;
    if ((r = session_begin(&s, "eval", &sa, &caps)))
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
        jroot = jnet_header(&s.net, sa.net);
        json_object_set_new(jroot, "mode", json_string(mname));
        jres = json_array();
        json_object_set_new(jroot, "results", jres);
    } else {
        print_net_header(s.out, &s.net, sa.net);
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
            json_object_set_new(jp, "x", rr_json_qvec(x, d));
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
    if (o.json)
        json_print(s.out, jroot);
out:
    json_decref(jroot);
    if (have_res)
        rr_result_clear(&res);
    rr_eval_free(ev);
    return session_end(&s, code);
}

