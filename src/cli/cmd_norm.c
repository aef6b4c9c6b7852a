/* cmd_norm.c -- reluref norm: Sobolev norms of R(Phi) (or R(Phi) - R(Psi))
 * on a box, exact or as certified intervals (spec/norms.md). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rr_diffnet.h"
#include "rr_format.h"
#include "rr_norm.h"

const char norm_help[] =
    "usage: reluref norm NET [--minus NET2] [--box LO:HI,...]\n"
    "                    [--grad-norm l2|l1|linf] [--prec P] [--gap G]\n"
    "                    [--budget S] [--method auto|exact|regions|bab]\n"
    "                    [--max-nodes N] [--quiet] [--json] [--out FILE]\n"
    "\n"
    "Norms of f = R(NET) on a box, per output component and their maximum:\n"
    "  ||f||_Linf     max over the box of |f(x)|\n"
    "  |f|_W1inf      ess sup over the box of the gradient norm; only regions\n"
    "                 with nonempty interior count (never a kink's value)\n"
    "  ||f||_W1inf    the larger of the two\n"
    "(definitions: spec/norms.md).  With --minus NET2, the norms of\n"
    "R(NET) - R(NET2) (the exact difference network; same input and output\n"
    "dimensions; NET's domain).\n"
    "\n"
    "  --box LO:HI,...  the box, one exact interval per input (default: the\n"
    "                   network's domain, [-1,1]^d unless the file gives one)\n"
    "  --grad-norm N    l2 (default, Euclidean: the square is exact, the root\n"
    "                   enclosed), l1 or linf\n"
    "  --prec P         MPFR bits of enclosures and of the bound propagation\n"
    "                   (default 64)\n"
    "  --gap G          branch and bound stops when every quantity has\n"
    "                   hi - lo <= G * hi (relative); abs:G for hi - lo <= G.\n"
    "                   Default 0: until exact or out of budget\n"
    "  --budget S       seconds of wall-clock time (default 10)\n"
    "  --method M       auto (default: exact when the network is small,\n"
    "                   else branch and bound), exact (vertex method for\n"
    "                   depth 2, region enumeration otherwise), regions\n"
    "                   (region enumeration at any depth), bab\n"
    "  --max-nodes N    stop branch and bound after N nodes (reproducible)\n"
    "  --quiet          no progress lines on standard error (otherwise one\n"
    "                   a second once a run takes longer than a second)\n"
    "  --json           machine-readable output\n"
    "  --out FILE       write to FILE (atomically) instead of standard output\n"
    "\n"
    "Every lower bound is attained: the output gives an exact point where\n"
    "|f| reaches the L^inf value, and an exact interior point of a region\n"
    "whose gradient reaches the seminorm.  Exit status 3 for a bad box or\n"
    "networks that do not match.\n";

static const char *method_name(const rr_norm_result_t *r)
{
    switch (r->method) {
    case RR_NORM_EXACT:
        return "exact (shallow: vertices of the hyperplane arrangement)";
    case RR_NORM_EXACT_REGIONS:
        return "exact (enumeration of the activation regions, exact LPs)";
    case RR_NORM_BAB:
        return r->fell_back ? "branch and bound (after the exact method ran "
                              "out of its share of the budget)"
                            : "branch and bound";
    default:
        return "?";
    }
}

static const char *stop_name(rr_norm_stop s)
{
    switch (s) {
    case RR_STOP_COMPLETE:
        return "complete";
    case RR_STOP_GAP:
        return "gap reached";
    case RR_STOP_BUDGET:
        return "budget exhausted";
    case RR_STOP_NODES:
        return "node cap reached";
    }
    return "?";
}

static void approx_fr_digits(char *buf, size_t n, mpfr_srcptr x,
                             mpfr_rnd_t r, int digits)
{
    if (mpfr_inf_p(x))
        snprintf(buf, n, "inf");
    else
        rr_fr_approx(buf, n, x, digits, r);
}

static void approx_fr(char *buf, size_t n, mpfr_srcptr x, mpfr_rnd_t r)
{
    approx_fr_digits(buf, n, x, r, 10);
}

/* Decimal digits shown for an enclosure at prec bits: about as many as the
 * precision carries (at least 10, at most 300). */
static int prec_digits(long prec)
{
    long dg = (long)((double)prec * 0.30103);
    return dg < 10 ? 10 : dg > 300 ? 300 : (int)dg;
}

static void print_nval(FILE *f, const rr_nval_t *v)
{
    char *s = rr_q_str(v->q);
    fprintf(f, v->is_sqrt ? "sqrt(%s)" : "%s", s ? s : "?");
    free(s);
}

static void print_bound(FILE *f, const char *label, const rr_nbound_t *b,
                        long d, long prec, int show_comp)
{
    char lo[352], hi[352];
    approx_fr_digits(lo, sizeof lo, b->lo_dn, MPFR_RNDD, prec_digits(prec));
    approx_fr_digits(hi, sizeof hi, b->hi_up, MPFR_RNDU, prec_digits(prec));
    fprintf(f, "  %-18s ", label);
    mpq_t root;
    mpq_init(root);
    int square = b->lo.is_sqrt && mpz_perfect_square_p(mpq_numref(b->lo.q)) &&
                 mpz_perfect_square_p(mpq_denref(b->lo.q));
    if (square) {
        mpz_sqrt(mpq_numref(root), mpq_numref(b->lo.q));
        mpz_sqrt(mpq_denref(root), mpq_denref(b->lo.q));
    }
    if (b->exact && (!b->lo.is_sqrt || square)) {
        fputs("= ", f);
        if (square) { /* the root of a perfect square is rational */
            char *qs = rr_q_str(b->lo.q);
            fprintf(f, "sqrt(%s) = ", qs ? qs : "?");
            free(qs);
        }
        print_q(f, square ? root : b->lo.q);
        fprintf(f, "  [exact rational]\n");
    } else if (b->exact) {
        fputs("= ", f);
        print_nval(f, &b->lo);
        fprintf(f, " in [%s, %s]  [exact: square root of a rational; "
                   "enclosure at %ld bits]\n", lo, hi, prec);
    } else {
        fprintf(f, "in [%s, %s]  [certified interval, %ld bits]\n", lo, hi,
                prec);
        fprintf(f, "  %-18s   lower end attained: ", "");
        print_nval(f, &b->lo);
        fputc('\n', f);
    }
    if (b->wit == RR_WIT_VALUE) {
        fprintf(f, "  %-18s   attained at x = ", "");
        print_point(f, b->x, d);
        fprintf(f, ": f_%ld(x) = ", b->comp + 1);
        print_q(f, b->fx);
        fputc('\n', f);
    } else if (b->wit == RR_WIT_GRAD) {
        fprintf(f, "  %-18s   gradient of f_%ld ", "", b->comp + 1);
        print_point(f, b->grad, d);
        fprintf(f, " at x = ");
        print_point(f, b->x, d);
        fprintf(f, " (interior of its region)\n");
    }
    mpq_clear(root);
    (void)show_comp;
}

static json_t *jbound(const rr_nbound_t *b, long d)
{
    json_t *o = json_object();
    json_object_set_new(o, "exact", json_boolean(b->exact));
    json_t *v = json_object();
    json_object_set_new(v, b->lo.is_sqrt ? "sqrt_of" : "rational", rr_json_q(b->lo.q));
    json_object_set_new(o, b->exact ? "value" : "lower_attained", v);
    json_t *enc = json_array();
    json_array_append_new(enc, jfr(b->lo_dn));
    json_array_append_new(enc, jfr(b->hi_up));
    json_object_set_new(o, b->exact ? "enclosure" : "interval", enc);
    char buf[64];
    approx_fr(buf, sizeof buf, b->lo_dn, MPFR_RNDD);
    json_object_set_new(o, "lo_approx", json_string(buf));
    approx_fr(buf, sizeof buf, b->hi_up, MPFR_RNDU);
    json_object_set_new(o, "hi_approx", json_string(buf));
    json_t *w = json_object();
    json_object_set_new(w, "component", json_integer(b->comp + 1));
    json_object_set_new(w, "x", rr_json_qvec(b->x, d));
    if (b->wit == RR_WIT_VALUE) {
        json_object_set_new(w, "kind", json_string("value"));
        json_object_set_new(w, "f", rr_json_q(b->fx));
    } else {
        json_object_set_new(w, "kind", json_string("gradient"));
        json_object_set_new(w, "gradient", rr_json_qvec(b->grad, d));
    }
    json_object_set_new(o, "witness", w);
    return o;
}

static json_t *jtriple(const rr_nbound_t *a, const rr_nbound_t *s,
                       const rr_nbound_t *w, long d)
{
    json_t *o = json_object();
    json_object_set_new(o, "linf", jbound(a, d));
    json_object_set_new(o, "seminorm", jbound(s, d));
    json_object_set_new(o, "w1inf", jbound(w, d));
    return o;
}

static json_t *norm_json(const rr_norm_result_t *r)
{
    json_t *o = json_object();
    json_t *box = json_object();
    json_object_set_new(box, "lo", rr_json_qvec(r->lo, r->d));
    json_object_set_new(box, "hi", rr_json_qvec(r->hi, r->d));
    json_object_set_new(o, "box", box);
    json_object_set_new(o, "grad_norm", json_string(rr_gradnorm_name(r->grad)));
    json_object_set_new(o, "method", json_string(method_name(r)));
    json_object_set_new(o, "exact", json_boolean(r->exact));
    json_object_set_new(o, "stop", json_string(stop_name(r->stop)));
    json_object_set_new(o, "precision", json_integer(r->prec));
    json_t *st = json_object();
    json_object_set_new(st, "vertices", json_integer(r->vertices));
    json_object_set_new(st, "regions", json_integer(r->regions));
    json_object_set_new(st, "lps", json_integer(r->lps));
    json_object_set_new(st, "nodes", json_integer(r->nodes));
    json_object_set_new(st, "resolved_leaves", json_integer(r->resolved));
    json_object_set_new(st, "open_nodes", json_integer(r->open));
    json_object_set_new(st, "seconds", json_real(r->seconds));
    json_object_set_new(o, "stats", st);
    json_t *comps = json_array();
    for (long j = 0; j < r->k; j++)
        json_array_append_new(comps, jtriple(&r->linf[j], &r->semi[j],
                                             &r->w1[j], r->d));
    json_object_set_new(o, "components", comps);
    json_object_set_new(o, "max", jtriple(&r->linf_max, &r->semi_max,
                                          &r->w1_max, r->d));
    return o;
}

static void print_box(FILE *f, const rr_norm_result_t *r)
{
    for (long i = 0; i < r->d; i++) {
        char *a = rr_q_str(r->lo + i), *b = rr_q_str(r->hi + i);
        fprintf(f, "%s[%s, %s]", i ? " x " : "", a ? a : "?", b ? b : "?");
        free(a);
        free(b);
    }
}

static void norm_text(FILE *f, const rr_norm_result_t *r, const char *fname)
{
    fprintf(f, "box ");
    print_box(f, r);
    fprintf(f, "\nmethod: %s", method_name(r));
    if (r->method == RR_NORM_EXACT)
        fprintf(f, "; %ld vertices, %ld cells at vertices, %ld exact LPs",
                r->vertices, r->regions, r->lps);
    else if (r->method == RR_NORM_EXACT_REGIONS)
        fprintf(f, "; %ld regions, %ld exact LPs", r->regions, r->lps);
    else
        fprintf(f, "; %ld nodes explored, %ld resolved leaves, %ld open, "
                   "stopped: %s", r->nodes, r->resolved, r->open,
                stop_name(r->stop));
    fprintf(f, "; %.2f s\n", r->seconds);
    fprintf(f, "gradient norm: %s%s\n", rr_gradnorm_name(r->grad),
            r->grad == RR_GRAD_L2 ? " (Euclidean)" : "");
    fprintf(f, "result: %s\n",
            r->exact ? "exact" : "certified bounds (not all exact)");
    for (long j = 0; j < r->k; j++) {
        fprintf(f, "\ncomponent %ld of %s:\n", j + 1, fname);
        print_bound(f, "||f||_Linf", &r->linf[j], r->d, r->prec, 0);
        print_bound(f, "|f|_W1inf", &r->semi[j], r->d, r->prec, 0);
        print_bound(f, "||f||_W1inf", &r->w1[j], r->d, r->prec, 0);
    }
    if (r->k > 1) {
        fprintf(f, "\nmaximum over the %ld components:\n", r->k);
        print_bound(f, "max ||f_j||_Linf", &r->linf_max, r->d, r->prec, 1);
        print_bound(f, "max |f_j|_W1inf", &r->semi_max, r->d, r->prec, 1);
        print_bound(f, "max ||f_j||_W1inf", &r->w1_max, r->d, r->prec, 1);
    }
}

static void progress_line(void *ctx, const rr_norm_progress_t *p)
{
    (void)ctx;
    if (p->linf_hi < 0) /* an exact method: lower bounds so far */
        fprintf(stderr,
                "reluref norm: %.0f s, %s, %ld %s so far, L^inf >= %.6g, "
                "seminorm >= %.6g\n",
                p->seconds, p->phase, p->nodes,
                strstr(p->phase, "vertices") ? "vertices" : "regions",
                p->linf_lo, p->semi_lo);
    else
        fprintf(stderr,
                "reluref norm: %.0f s, %s, %ld nodes (%ld open), L^inf in "
                "[%.6g, %.6g], seminorm in [%.6g, %.6g]\n",
                p->seconds, p->phase, p->nodes, p->open, p->linf_lo,
                p->linf_hi, p->semi_lo, p->semi_hi);
}

static int parse_double(const char *cmd, const char *opt, const char *s,
                        double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0)) {
        fprintf(stderr, "reluref %s: %s \"%s\": expected a number >= 0\n",
                cmd, opt, s);
        return EX_USAGE;
    }
    *out = v;
    return 0;
}

int norm_section(FILE *f, json_t *jroot, const rr_net_t *net)
{
    rr_norm_opts_t o;
    rr_norm_opts_default(&o);
    o.budget = 2; /* the main job stays fast: bounds if not exact by then */
    rr_norm_result_t r;
    rr_err_t err;
    if (rr_norm_compute(&r, net, NULL, NULL, &o, &err)) {
        if (jroot)
            json_object_set_new(jroot, "norms_error", json_string(err.msg));
        else
            fprintf(f, "\nnorms: not computed: %s\n", err.msg);
        return 0;
    }
    if (jroot) {
        json_object_set_new(jroot, "norms", norm_json(&r));
    } else {
        fprintf(f, "\n== norms on the domain (reluref norm; spec/norms.md)\n");
        norm_text(f, &r, "f = R(Phi)");
    }
    rr_norm_result_clear(&r);
    return 0;
}

int cmd_norm(int argc, char **argv)
{
    struct {
        const char *minus, *box, *grad, *gap, *budget, *method, *out;
        long prec, max_nodes;
        int json, quiet;
    } o = {0};
    o.prec = 64;
    const cli_opt opts[] = {
        {"--minus", CLI_STR, &o.minus},   {"--box", CLI_STR, &o.box},
        {"--grad-norm", CLI_STR, &o.grad}, {"--prec", CLI_LONG, &o.prec},
        {"--gap", CLI_STR, &o.gap},       {"--budget", CLI_STR, &o.budget},
        {"--method", CLI_STR, &o.method}, {"--max-nodes", CLI_LONG, &o.max_nodes},
        {"--json", CLI_FLAG, &o.json},    {"--quiet", CLI_FLAG, &o.quiet},
        {"--out", CLI_STR, &o.out},       {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("norm", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    rr_norm_opts_t no;
    rr_norm_opts_default(&no);
    rr_err_t err;
    if (o.grad && rr_gradnorm_parse(&no.grad, o.grad, &err))
        return usage_error("norm", "%s", err.msg);
    if (o.prec < 2 || o.prec > caps.max_prec)
        return usage_error("norm", "--prec must be in [2, 65536]%s", "");
    no.prec = o.prec;
    if (o.gap) {
        const char *g = o.gap;
        if (!strncmp(g, "abs:", 4)) {
            no.gap_abs = 1;
            g += 4;
        }
        if ((r = parse_double("norm", "--gap", g, &no.gap)))
            return r;
    }
    if (o.budget) {
        if ((r = parse_double("norm", "--budget", o.budget, &no.budget)))
            return r;
        if (!(no.budget > 0))
            return usage_error("norm", "--budget must be > 0%s", "");
    }
    if (o.method) {
        if (!strcmp(o.method, "auto"))
            no.method = RR_NORM_AUTO;
        else if (!strcmp(o.method, "exact"))
            no.method = RR_NORM_EXACT;
        else if (!strcmp(o.method, "regions"))
            no.method = RR_NORM_EXACT_REGIONS;
        else if (!strcmp(o.method, "bab"))
            no.method = RR_NORM_BAB;
        else
            return usage_error("norm", "--method '%s': expected auto, exact, "
                                       "regions or bab", o.method);
    }
    if (o.max_nodes < 0)
        return usage_error("norm", "--max-nodes must be >= 0%s", "");
    no.max_nodes = o.max_nodes;
    if (!o.quiet)
        no.progress = progress_line;
    session_args sa = {npos ? pos[0] : NULL, NULL, NULL, o.out, 0, 0};
    session_t s;
    if ((r = session_begin(&s, "norm", &sa, &caps)))
        return r;
    int code = EX_OK;
    rr_net_t other, diff;
    int have_other = 0, have_diff = 0;
    const rr_net_t *net = &s.net;
    long d = s.net.width[0];
    mpq_ptr lo = NULL, hi = NULL;
    json_t *jroot = NULL;
    rr_norm_result_t res;
    int have_res = 0;
    const char *note = NULL;
    if (o.minus) {
        if (rr_net_read_any(&other, o.minus, &caps, &err)) {
            code = fail(&err);
            goto out;
        }
        have_other = 1;
        if (rr_net_difference(&diff, &s.net, &other, &caps, &err)) {
            rr_err_prefix(&err, "--minus %s", o.minus);
            code = fail(&err);
            goto out;
        }
        have_diff = 1;
        net = &diff;
        if (!rr_net_same_domain(&s.net, &other) && !o.box)
            note = "the two networks declare different domains; the first "
                   "one's is used";
    }
    if (o.box) {
        lo = rr_qvec_new(d);
        hi = rr_qvec_new(d);
        if (!lo || !hi) {
            code = fail(&(rr_err_t){RR_ENOMEM, "out of memory"});
            goto out;
        }
        if (rr_norm_parse_box(lo, hi, o.box, d, &caps, &err)) {
            code = fail(&err);
            goto out;
        }
    }
    if (rr_norm_compute(&res, net, lo, hi, &no, &err)) {
        code = fail(&err);
        goto out;
    }
    have_res = 1;
    const char *fname = o.minus ? "f = R(NET) - R(NET2)" : "f = R(NET)";
    if (o.json) {
        jroot = jnet_header(&s.net, sa.net);
        if (o.minus)
            json_object_set_new(jroot, "minus", json_string(o.minus));
        if (note)
            json_object_set_new(jroot, "note", json_string(note));
        json_t *n = norm_json(&res);
        json_object_update(jroot, n);
        json_decref(n);
        json_print(s.out, jroot);
    } else {
        print_net_header(s.out, &s.net, sa.net);
        if (o.minus) {
            fprintf(s.out, "minus network %s: architecture (", o.minus);
            for (int l = 0; l <= other.depth; l++)
                fprintf(s.out, "%s%ld", l ? ", " : "", other.width[l]);
            fprintf(s.out, "); difference network (");
            for (int l = 0; l <= diff.depth; l++)
                fprintf(s.out, "%s%ld", l ? ", " : "", diff.width[l]);
            fprintf(s.out, ")\n");
        }
        if (note)
            fprintf(s.out, "note: %s\n", note);
        norm_text(s.out, &res, fname);
    }
out:
    json_decref(jroot);
    if (have_res)
        rr_norm_result_clear(&res);
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
    if (have_diff)
        rr_net_clear(&diff);
    if (have_other)
        rr_net_clear(&other);
    return session_end(&s, code);
}
