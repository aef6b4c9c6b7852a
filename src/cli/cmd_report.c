/* cmd_report.c -- reluref report: the main job. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char report_help[] =
    "usage: reluref report NET [--at X1,...,Xd | --points FILE] [--json]\n"
    "                      [--out FILE] [CAPS]\n"
    "\n"
    "The main job.  At each point (default: the centre of the domain box,\n"
    "its corners when d <= 3, and four seeded points inside it): the exact\n"
    "value, its enclosure at 64 bits, the binary64 forward pass with its\n"
    "exact error and a rigorous a-priori bound for any binary64 forward pass\n"
    "(spec/error-model.md), the activation pattern and the gradient.\n";


int cmd_report(int argc, char **argv)
{
    struct {
        const char *at, *points, *out;
        int json;
    } o = {0};
    const cli_opt opts[] = {
        {"--at", CLI_STR, &o.at},     {"--points", CLI_STR, &o.points},
        {"--out", CLI_STR, &o.out},   {"--json", CLI_FLAG, &o.json},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("report", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    session_args sa = {npos ? pos[0] : NULL, o.at, o.points, o.out, 0, 1};
    session_t s;
    if ((r = session_begin(&s, "report", &sa, &caps)))
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
        jroot = jnet_header(&s.net, sa.net);
        jres = json_array();
        json_object_set_new(jroot, "points", jres);
    } else {
        print_net_header(s.out, &s.net, sa.net);
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
            rr_error_bound(bound, NULL, &s.net, x, &rr_binary64, &err)) {
            code = fail(&err);
            goto out;
        }
        int overflow = st == RR_ERANGE;
        json_t *jp = NULL, *jv = NULL;
        if (o.json) {
            jp = json_object();
            json_object_set_new(jp, "x", rr_json_qvec(x, d));
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
                json_object_set_new(jo, "exact", rr_json_q(rx.q + i));
                json_object_set_new(jo, "exact_approx", japprox_q(rx.q + i));
                json_object_set_new(jo, "enclosure64_lo", jfr(re.lo + i));
                json_object_set_new(jo, "enclosure64_hi", jfr(re.hi + i));
                json_object_set_new(jo, "double", json_string(hb));
                if (!overflow)
                    json_object_set_new(jo, "double_error_exact", rr_json_q(e));
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
    /* cmd_norm.c: L^inf and W^{1,inf} norms on the domain (spec/norms.md) */
    norm_section(s.out, o.json ? jroot : NULL, &s.net);
    if (o.json)
        json_print(s.out, jroot);
    else
        degen_report(s.out, &s.net); /* cmd_degen.c: diagnosis, normal form */
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
    return session_end(&s, code);
}

