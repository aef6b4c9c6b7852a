/* cmd_landscape.c -- reluref landscape (exact stationarity, escape neurons,
 * classification with certificates), reluref embed (zero neuron, split
 * neuron, re-classify) and reluref train (deterministic binary64 full-batch
 * gradient descent producing candidate points).  spec/landscape.md. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rr_format.h"
#include "rr_landscape.h"

const char landscape_help[] =
    "usage: reluref landscape NET DATA [--leaky A | --slopes AP,AN] [--bias]\n"
    "                         [--polish TOL] [--max-rays N] [--json]\n"
    "                         [--out FILE] [CAPS]\n"
    "\n"
    "Decide exactly, for the shallow network NET (architecture (d, m, k),\n"
    "f(x) = sum_j a_j sigma(<w_j, x>), zero biases) on the data set DATA\n"
    "(spec/landscape.md), with L = (1/N) sum_n ||f(x_n) - y_n||^2:\n"
    "the residuals and the loss, per neuron the sets X+, X-, X0 (data\n"
    "points on the kink), dL/da_j, dL/dw_j where it exists (else the\n"
    "one-sided linear part and the autograd value sigma'(0) := alpha_-),\n"
    "the stationarity conditions, escape neurons, and the class: not\n"
    "stationary / local minimum / saddle / undecided, with an exact\n"
    "certificate (a curve theta + t D1 + t^2 D2 on which the loss is\n"
    "strictly smaller for 0 < t <= t1, re-checked with the realization\n"
    "engine).\n"
    "\n"
    "  --leaky A        sigma(t) = t (t >= 0), A t (t < 0); default ReLU\n"
    "  --slopes AP,AN   sigma(t) = AP t (t >= 0), AN t (t < 0), exact numbers\n"
    "  --bias           first-layer biases are the weights of an input fixed\n"
    "                   to 1 (without it, nonzero biases are an error)\n"
    "  --polish TOL     first set neurons with |a_j|_inf |w_j|_inf <= TOL to\n"
    "                   exactly 0 and solve for the output weights exactly\n"
    "                   (least squares, minimal-norm correction): turns a\n"
    "                   float-trained point into an exact candidate\n"
    "  --max-rays N     cap on the kink subsets enumerated per neuron\n"
    "                   (default 200000); beyond it: undecided\n"
    "  --json           machine-readable output\n"
    "  --out FILE       write the report to FILE (atomically)\n";

const char embed_help[] =
    "usage: reluref embed NET DATA (--zero | --split J [--lambda L])\n"
    "                     [--leaky A | --slopes AP,AN] [--bias] [--json]\n"
    "                     [--out NEWNET] [CAPS]\n"
    "\n"
    "Network embedding (W-S-G): the same function in a wider network.\n"
    "  --zero        add a neuron with a = 0, w = 0\n"
    "  --split J     split neuron J (1-based) into two parallel copies with\n"
    "                input weights w_J and output weights L a_J and\n"
    "                (1 - L) a_J (the copy is appended last); L = 1/2 unless\n"
    "                --lambda L (an exact number) is given\n"
    "Classifies the point before and after (as `reluref landscape`) and\n"
    "reports how the classification changed.  --out writes the embedded\n"
    "network (atomically).\n";

const char train_help[] =
    "usage: reluref train DATA --width M --out NET [--init-scale S] [--lr ETA]\n"
    "                     [--steps T] [--seed N] [--log-every K]\n"
    "                     [--leaky A | --slopes AP,AN] [--json]\n"
    "\n"
    "Deterministic full-batch gradient descent in binary64 on\n"
    "L = (1/N) sum_n ||f(x_n) - y_n||^2 for f(x) = sum_j a_j sigma(<w_j, x>)\n"
    "(no biases: append a 1 to the inputs for one), autograd convention\n"
    "sigma'(0) := alpha_-.  Initialisation: w_j then a_j entries, each\n"
    "S * u with u uniform on the 2^-52 grid of [-1, 1) from reluref's seeded\n"
    "generator (xoshiro256**, seed N).  Defaults: S = 1e-6, ETA = 0.05,\n"
    "T = 100000, N = 1, K = T / 10.  Writes the final point (its binary64\n"
    "values, exact) as a network file NET and prints the loss (binary64).\n"
    "The same arguments give the same bits on every IEEE 754 machine.\n";

/* ---- shared input handling ---------------------------------------------- */

typedef struct ls_in {
    rr_net_t net;
    rr_dataset_t raw, data;
    rr_shallow_t s;
    int have_net, have_raw, have_data, have_s;
} ls_in;

static int parse_slopes(mpq_ptr ap, mpq_ptr an, const char *cmd,
                        const char *leaky, const char *slopes,
                        const rr_caps_t *caps)
{
    rr_err_t err;
    mpq_set_ui(ap, 1, 1);
    mpq_set_ui(an, 0, 1);
    if (leaky && slopes)
        return usage_error(cmd, "give --leaky or --slopes, not both%s", "");
    if (leaky && rr_q_parse(an, leaky, caps, &err)) {
        fprintf(stderr, "reluref %s: --leaky: %s\n", cmd, err.msg);
        return EX_USAGE;
    }
    if (slopes) {
        const char *comma = strchr(slopes, ',');
        if (!comma || strchr(comma + 1, ','))
            return usage_error(cmd, "--slopes needs two numbers AP,AN, got "
                                    "'%s'", slopes);
        char *first = strndup(slopes, (size_t)(comma - slopes));
        if (!first)
            return EX_NOMEM;
        int bad = rr_q_parse(ap, first, caps, &err) != RR_OK ||
                  rr_q_parse(an, comma + 1, caps, &err) != RR_OK;
        free(first);
        if (bad) {
            fprintf(stderr, "reluref %s: --slopes: %s\n", cmd, err.msg);
            return EX_USAGE;
        }
    }
    return 0;
}

static void ls_in_clear(ls_in *in)
{
    if (in->have_s)
        rr_shallow_clear(&in->s);
    if (in->have_data)
        rr_dataset_clear(&in->data);
    if (in->have_raw)
        rr_dataset_clear(&in->raw);
    if (in->have_net)
        rr_net_clear(&in->net);
    memset(in, 0, sizeof *in);
}

/* Read NET and DATA, build the model.  Returns 0 or an exit status. */
static int ls_in_load(ls_in *in, const char *cmd, const char *netp,
                      const char *datap, int bias, const char *leaky,
                      const char *slopes, const rr_caps_t *caps)
{
    rr_err_t err;
    memset(in, 0, sizeof *in);
    if (!netp || !datap)
        return usage_error(cmd, "needs a network file and a data file%s", "");
    mpq_t ap, an;
    mpq_inits(ap, an, NULL);
    int r = parse_slopes(ap, an, cmd, leaky, slopes, caps);
    if (r) {
        mpq_clears(ap, an, NULL);
        return r;
    }
    if (rr_net_read_any(&in->net, netp, caps, &err)) {
        mpq_clears(ap, an, NULL);
        return fail(&err);
    }
    in->have_net = 1;
    if (rr_dataset_read_file(&in->raw, datap, caps, &err)) {
        mpq_clears(ap, an, NULL);
        ls_in_clear(in);
        return fail(&err);
    }
    in->have_raw = 1;
    if (rr_shallow_from_net(&in->s, &in->net, bias, ap, an, netp, &err)) {
        mpq_clears(ap, an, NULL);
        ls_in_clear(in);
        return fail(&err);
    }
    in->have_s = 1;
    mpq_clears(ap, an, NULL);
    if (rr_dataset_lift(&in->data, &in->raw, &in->s, &err)) {
        rr_err_prefix(&err, "%s", datap);
        ls_in_clear(in);
        return fail(&err);
    }
    in->have_data = 1;
    return 0;
}

/* ---- printing ------------------------------------------------------------ */

static void print_qvec(FILE *f, mpq_srcptr v, long n)
{
    fputc('[', f);
    for (long i = 0; i < n; i++) {
        char *s = rr_q_str(v + i);
        fprintf(f, "%s%s", i ? ", " : "", s ? s : "?");
        free(s);
    }
    fputc(']', f);
}

static void print_qx(FILE *f, mpq_srcptr q)
{
    char *s = rr_q_str(q);
    char buf[64];
    rr_q_approx(buf, sizeof buf, q, 10);
    if (s && strlen(s) > 60)
        fprintf(f, "%.40s... (%zu chars, ~ %s)", s, strlen(s), buf);
    else if (mpz_cmp_ui(mpq_denref(q), 1))
        fprintf(f, "%s (~ %s)", s ? s : "?", buf);
    else
        fprintf(f, "%s", s ? s : "?");
    free(s);
}

static const char *tri(int v)
{
    return v == 1 ? "yes" : v == 0 ? "no" : "undecided";
}

static json_t *jtri(int v)
{
    return v == 1 ? json_true() : v == 0 ? json_false() : json_string("undecided");
}

static json_t *jcurve(const rr_curve_t *c, mpq_srcptr loss)
{
    json_t *o = json_object();
    long j = c->neuron;
    json_object_set_new(o, "neuron", json_integer(j + 1));
    json_object_set_new(o, "form", json_string(
        "theta(t) = theta + t D1 + t^2 D2 (only neuron `neuron` moves)"));
    json_object_set_new(o, "D1_w", rr_json_qvec(c->d1w + j * c->d, c->d));
    json_object_set_new(o, "D1_a", rr_json_qvec(c->d1a + j * c->k, c->k));
    json_object_set_new(o, "D2_a", rr_json_qvec(c->d2a + j * c->k, c->k));
    json_object_set_new(o, "tmax", c->tmax_inf ? json_string("inf") : rr_json_q(c->tmax));
    json_t *co = json_array();
    for (int i = 0; i < 7; i++)
        json_array_append_new(co, rr_json_q(c->coef[i]));
    json_object_set_new(o, "p_coefficients", co);
    json_object_set_new(o, "order", json_integer(c->order));
    json_object_set_new(o, "certified", json_boolean(c->certified));
    if (c->certified) {
        json_object_set_new(o, "t1", rr_json_q(c->t1));
        json_object_set_new(o, "loss_t1", rr_json_q(c->loss_t1));
        json_object_set_new(o, "loss_t1_approx", japprox_q(c->loss_t1));
        json_object_set_new(o, "loss", rr_json_q(loss));
    }
    return o;
}

static void print_curve(FILE *f, const rr_curve_t *c, mpq_srcptr loss)
{
    long j = c->neuron;
    fprintf(f, "certificate: theta(t) = theta + t D1 + t^2 D2, moving neuron "
               "%ld only:\n", j + 1);
    fprintf(f, "  D1: w_%ld += t ", j + 1);
    print_qvec(f, c->d1w + j * c->d, c->d);
    fprintf(f, ", a_%ld += t ", j + 1);
    print_qvec(f, c->d1a + j * c->k, c->k);
    fprintf(f, "\n  D2: a_%ld += t^2 ", j + 1);
    print_qvec(f, c->d2a + j * c->k, c->k);
    fprintf(f, "\n  p(t) = L(theta(t)) - L(theta) =");
    for (int i = 1; i < 7; i++)
        if (mpq_sgn(c->coef[i])) {
            fprintf(f, " + (");
            print_qx(f, c->coef[i]);
            fprintf(f, ") t^%d", i);
        }
    fprintf(f, "  [exact], valid for 0 <= t <= ");
    if (c->tmax_inf)
        fprintf(f, "inf\n");
    else {
        print_qx(f, c->tmax);
        fputc('\n', f);
    }
    if (c->certified) {
        fprintf(f, "  lowest term t^%d has a negative coefficient and the "
                   "others are smaller for t <= t1 = ", c->order);
        print_qx(f, c->t1);
        fprintf(f, ":\n  L(theta(t)) < L(theta) for every 0 < t <= t1; "
                   "check: L(theta(t1)) = ");
        print_qx(f, c->loss_t1);
        fprintf(f, " < L(theta)  [exact, realization engine]\n");
    }
    (void)loss;
}

static json_t *jlandscape(const rr_landscape_t *ls, const rr_shallow_t *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "normalization",
                        json_string("L = (1/N) sum_n ||f(x_n) - y_n||_2^2"));
    json_object_set_new(o, "loss", rr_json_q(ls->loss));
    json_object_set_new(o, "loss_approx", japprox_q(ls->loss));
    json_t *res = json_array();
    for (long n = 0; n < ls->n; n++)
        json_array_append_new(res, rr_json_qvec(ls->resid + n * ls->k, ls->k));
    json_object_set_new(o, "residuals", res);
    json_object_set_new(o, "differentiable", json_boolean(ls->differentiable));
    json_object_set_new(o, "stationary", jtri(ls->stationary));
    json_object_set_new(o, "class", json_string(rr_ls_class_name(ls->cls)));
    json_object_set_new(o, "reason", json_string(ls->reason));
    json_object_set_new(o, "escape_neurons", json_integer(ls->n_escape));
    json_t *neu = json_array();
    for (long j = 0; j < ls->m; j++) {
        const rr_ls_neuron_t *nu = ls->neu + j;
        json_t *q = json_object();
        json_object_set_new(q, "neuron", json_integer(j + 1));
        json_object_set_new(q, "w", rr_json_qvec(s->w + j * s->d, s->d));
        json_object_set_new(q, "a", rr_json_qvec(s->a + j * s->k, s->k));
        json_object_set_new(q, "sets", json_string(nu->sets));
        json_object_set_new(q, "dL_da", rr_json_qvec(nu->grad_a, ls->k));
        json_object_set_new(q, "differentiable_in_w", jtri(nu->diff_w));
        if (nu->diff_w == 1)
            json_object_set_new(q, "dL_dw", rr_json_qvec(nu->grad_w, ls->d));
        json_object_set_new(q, "linear_part_w", rr_json_qvec(nu->lin_w, ls->d));
        json_object_set_new(q, "autograd_dL_dw", rr_json_qvec(nu->fw_grad_w, ls->d));
        json_object_set_new(q, "rank_X0", json_integer(nu->rank0));
        json_object_set_new(q, "rays", json_integer(nu->n_rays));
        json_object_set_new(q, "stationary", jtri(nu->stationary));
        if (nu->stationary == 1)
            json_object_set_new(q, "escape", jtri(nu->escape));
        if (nu->escape == 1) {
            json_object_set_new(q, "escape_v", rr_json_qvec(nu->escape_v, ls->d));
            json_object_set_new(q, "escape_B", rr_json_qvec(nu->escape_b, ls->k));
        }
        if (nu->note[0])
            json_object_set_new(q, "note", json_string(nu->note));
        json_array_append_new(neu, q);
    }
    json_object_set_new(o, "neurons", neu);
    if (ls->have_cert)
        json_object_set_new(o, "certificate", jcurve(&ls->cert, ls->loss));
    return o;
}

static void print_landscape(FILE *f, const rr_landscape_t *ls,
                            const rr_shallow_t *s)
{
    fprintf(f, "loss L = (1/N) sum_n ||f(x_n) - y_n||^2 = ");
    print_qx(f, ls->loss);
    fprintf(f, "  [exact]\n");
    if (ls->n <= 20) {
        fprintf(f, "residuals e_n = f(x_n) - y_n  [exact]:");
        for (long n = 0; n < ls->n; n++) {
            fputc(' ', f);
            print_qvec(f, ls->resid + n * ls->k, ls->k);
        }
        fputc('\n', f);
    }
    fprintf(f, "loss differentiable at theta: %s\n",
            ls->differentiable ? "yes" : "no");
    for (long j = 0; j < ls->m; j++) {
        const rr_ls_neuron_t *nu = ls->neu + j;
        fprintf(f, "neuron %ld%s: sets %s (X+ %ld, X- %ld, X0 %ld)", j + 1,
                nu->is_zero ? " (zero neuron)" : nu->a_zero ? " (a_j = 0)" : "",
                ls->n <= 64 ? nu->sets : "...", nu->n_pos, nu->n_neg,
                nu->n_zero);
        fprintf(f, "; stationary %s", tri(nu->stationary));
        if (nu->stationary == 1)
            fprintf(f, ", escape %s", tri(nu->escape));
        fputc('\n', f);
        if (nu->stationary != 1 || nu->n_zero || ls->m <= 8) {
            fprintf(f, "  dL/da_j = ");
            print_qvec(f, nu->grad_a, ls->k);
            if (nu->diff_w == 1) {
                fprintf(f, ", dL/dw_j = ");
                print_qvec(f, nu->grad_w, ls->d);
                fprintf(f, "  [exact]\n");
            } else {
                fprintf(f, "  [exact]; dL/dw_j does not exist%s: linear part "
                           "(X+, X-) ", nu->diff_w < 0 ? " (undecided)" : "");
                print_qvec(f, nu->lin_w, ls->d);
                fprintf(f, ", autograd value (sigma'(0) := alpha_-) ");
                print_qvec(f, nu->fw_grad_w, ls->d);
                fputc('\n', f);
            }
        }
        if (nu->escape == 1) {
            fprintf(f, "  escape direction v = ");
            print_qvec(f, nu->escape_v, ls->d);
            fprintf(f, ": h_j(v) = 0, B_j(v) = ");
            print_qvec(f, nu->escape_b, ls->k);
            fprintf(f, " != 0\n");
        }
        if (nu->note[0] && nu->stationary != 1)
            fprintf(f, "  (%s)\n", nu->note);
    }
    fprintf(f, "stationary: %s\n", tri(ls->stationary));
    fprintf(f, "class: %s -- %s\n", rr_ls_class_name(ls->cls), ls->reason);
    if (ls->have_cert)
        print_curve(f, &ls->cert, ls->loss);
    (void)s;
}

static void print_model(FILE *f, const rr_shallow_t *s, const char *netp,
                        const char *datap, long N)
{
    fprintf(f, "network %s: shallow, d = %ld%s, m = %ld, k = %ld; sigma: "
               "alpha_+ = ", netp, s->d,
            s->bias_input ? " (last input = constant 1)" : "", s->m, s->k);
    print_qx(f, s->alpha_pos);
    fprintf(f, ", alpha_- = ");
    print_qx(f, s->alpha_neg);
    fprintf(f, "\ndata %s: N = %ld points\n", datap, N);
}

static json_t *jmodel(const rr_shallow_t *s, const char *netp,
                      const char *datap, long N)
{
    json_t *o = json_object();
    json_object_set_new(o, "network", json_string(netp));
    json_object_set_new(o, "data", json_string(datap));
    json_object_set_new(o, "d", json_integer(s->d));
    json_object_set_new(o, "m", json_integer(s->m));
    json_object_set_new(o, "k", json_integer(s->k));
    json_object_set_new(o, "N", json_integer(N));
    json_object_set_new(o, "bias_input", json_boolean(s->bias_input));
    json_object_set_new(o, "alpha_plus", rr_json_q(s->alpha_pos));
    json_object_set_new(o, "alpha_minus", rr_json_q(s->alpha_neg));
    return o;
}

/* ---- landscape ----------------------------------------------------------- */

int cmd_landscape(int argc, char **argv)
{
    struct {
        const char *leaky, *slopes, *out, *polish;
        int json, bias;
        long max_rays;
    } o = {0};
    const cli_opt opts[] = {
        {"--leaky", CLI_STR, &o.leaky},   {"--slopes", CLI_STR, &o.slopes},
        {"--out", CLI_STR, &o.out},       {"--polish", CLI_STR, &o.polish},
        {"--json", CLI_FLAG, &o.json},    {"--bias", CLI_FLAG, &o.bias},
        {"--max-rays", CLI_LONG, &o.max_rays},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[2];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("landscape", argc, argv, opts, pos, 2, &npos, &caps);
    if (r)
        return r;
    rr_err_t err;
    mpq_t tol;
    mpq_init(tol);
    if (o.polish && rr_q_parse(tol, o.polish, &caps, &err)) {
        mpq_clear(tol);
        fprintf(stderr, "reluref landscape: --polish: %s\n", err.msg);
        return EX_USAGE;
    }
    ls_in in;
    if ((r = ls_in_load(&in, "landscape", npos > 0 ? pos[0] : NULL,
                        npos > 1 ? pos[1] : NULL, o.bias, o.leaky, o.slopes,
                        &caps))) {
        mpq_clear(tol);
        return r;
    }
    int code = EX_OK;
    long zeroed = 0;
    if (o.polish && rr_polish(&in.s, &in.data, tol, &zeroed, &err)) {
        code = fail(&err);
        mpq_clear(tol);
        ls_in_clear(&in);
        return code;
    }
    mpq_clear(tol);
    rr_outfile_t of;
    FILE *out = stdout;
    if (o.out) {
        if (rr_outfile_open(&of, o.out, &err)) {
            ls_in_clear(&in);
            return fail(&err);
        }
        out = of.f;
    }
    rr_landscape_t ls;
    rr_ls_opts_t lo = {o.max_rays};
    if (rr_landscape_analyze(&ls, &in.s, &in.data, &lo, &err)) {
        code = fail(&err);
        goto done;
    }
    if (o.json) {
        json_t *root = jmodel(&in.s, pos[0], pos[1], in.data.n);
        if (o.polish) {
            json_object_set_new(root, "polished", json_string(o.polish));
            json_object_set_new(root, "polish_zeroed", json_integer(zeroed));
        }
        json_object_set_new(root, "landscape", jlandscape(&ls, &in.s));
        json_print(out, root);
        json_decref(root);
    } else {
        print_model(out, &in.s, pos[0], pos[1], in.data.n);
        if (o.polish)
            fprintf(out, "polished (--polish %s): %ld neurons set to 0, "
                         "output weights solved exactly\n", o.polish, zeroed);
        print_landscape(out, &ls, &in.s);
    }
done:
    rr_landscape_clear(&ls);
    ls_in_clear(&in);
    if (o.out) {
        if (code == EX_OK && ferror(out)) {
            rr_outfile_abort(&of);
            fprintf(stderr, "reluref: %s: write error\n", o.out);
            return EX_IO;
        }
        if (code != EX_OK)
            rr_outfile_abort(&of);
        else if (rr_outfile_commit(&of, &err))
            return fail(&err);
    } else if (code == EX_OK && (fflush(stdout) || ferror(stdout))) {
        fprintf(stderr, "reluref: standard output: write error\n");
        return EX_IO;
    }
    return code;
}

/* ---- embed --------------------------------------------------------------- */

int cmd_embed(int argc, char **argv)
{
    struct {
        const char *leaky, *slopes, *out, *lambda;
        int json, bias, zero;
        long split, max_rays;
    } o = {0};
    const cli_opt opts[] = {
        {"--leaky", CLI_STR, &o.leaky},   {"--slopes", CLI_STR, &o.slopes},
        {"--out", CLI_STR, &o.out},       {"--lambda", CLI_STR, &o.lambda},
        {"--json", CLI_FLAG, &o.json},    {"--bias", CLI_FLAG, &o.bias},
        {"--zero", CLI_FLAG, &o.zero},    {"--split", CLI_LONG, &o.split},
        {"--max-rays", CLI_LONG, &o.max_rays},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[2];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("embed", argc, argv, opts, pos, 2, &npos, &caps);
    if (r)
        return r;
    if (!!o.zero == !!o.split)
        return usage_error("embed", "give exactly one of --zero and "
                                    "--split J%s", "");
    if (o.lambda && !o.split)
        return usage_error("embed", "--lambda goes with --split%s", "");
    rr_err_t err;
    mpq_t lambda;
    mpq_init(lambda);
    mpq_set_ui(lambda, 1, 2);
    if (o.lambda && rr_q_parse(lambda, o.lambda, &caps, &err)) {
        mpq_clear(lambda);
        fprintf(stderr, "reluref embed: --lambda: %s\n", err.msg);
        return EX_USAGE;
    }
    ls_in in;
    if ((r = ls_in_load(&in, "embed", npos > 0 ? pos[0] : NULL,
                        npos > 1 ? pos[1] : NULL, o.bias, o.leaky, o.slopes,
                        &caps))) {
        mpq_clear(lambda);
        return r;
    }
    if (o.split > in.s.m) {
        mpq_clear(lambda);
        ls_in_clear(&in);
        fprintf(stderr, "reluref embed: --split %ld: the network has %ld "
                        "neurons\n", o.split, in.s.m);
        return EX_USAGE;
    }
    int code = EX_OK;
    rr_shallow_t e;
    rr_landscape_t before, after;
    int have_e = 0, have_b = 0, have_a = 0;
    rr_ls_opts_t lo = {o.max_rays};
    rr_status st = o.zero ? rr_embed_zero(&e, &in.s, &err)
                          : rr_embed_split(&e, &in.s, o.split - 1, lambda, &err);
    mpq_clear(lambda);
    if (st) {
        code = fail(&err);
        goto done;
    }
    have_e = 1;
    if (rr_landscape_analyze(&before, &in.s, &in.data, &lo, &err)) {
        have_b = 1;
        code = fail(&err);
        goto done;
    }
    have_b = 1;
    if (rr_landscape_analyze(&after, &e, &in.data, &lo, &err)) {
        have_a = 1;
        code = fail(&err);
        goto done;
    }
    have_a = 1;
    if (!mpq_equal(before.loss, after.loss)) {
        code = fail(&(rr_err_t){RR_EINTERNAL,
                                "embedding changed the loss (a bug)"});
        goto done;
    }
    char change[400];
    if (before.cls == after.cls)
        snprintf(change, sizeof change, "unchanged: %s",
                 rr_ls_class_name(before.cls));
    else
        snprintf(change, sizeof change, "%s -> %s",
                 rr_ls_class_name(before.cls), rr_ls_class_name(after.cls));
    char what[160];
    if (o.zero)
        snprintf(what, sizeof what, "added zero neuron %ld", e.m);
    else
        snprintf(what, sizeof what,
                 "split neuron %ld into neurons %ld (lambda a) and %ld "
                 "((1 - lambda) a), lambda = %s", o.split, o.split, e.m,
                 o.lambda ? o.lambda : "1/2");
    if (o.json) {
        json_t *root = jmodel(&in.s, pos[0], pos[1], in.data.n);
        json_object_set_new(root, "embedding", json_string(what));
        json_object_set_new(root, "before", jlandscape(&before, &in.s));
        json_object_set_new(root, "after", jlandscape(&after, &e));
        json_object_set_new(root, "change", json_string(change));
        json_print(stdout, root);
        json_decref(root);
    } else {
        print_model(stdout, &in.s, pos[0], pos[1], in.data.n);
        fprintf(stdout, "\n== before: m = %ld ==\n", in.s.m);
        print_landscape(stdout, &before, &in.s);
        fprintf(stdout, "\n== after: %s; m = %ld, same function, same loss "
                        "==\n", what, e.m);
        print_landscape(stdout, &after, &e);
        fprintf(stdout, "\nclassification: %s\n", change);
    }
    if (o.out) {
        rr_net_t net;
        if (rr_shallow_to_net(&net, &e, &err) ||
            rr_net_write_file(o.out, &net, &err)) {
            code = fail(&err);
        }
        rr_net_clear(&net);
    }
done:
    if (have_a)
        rr_landscape_clear(&after);
    if (have_b)
        rr_landscape_clear(&before);
    if (have_e)
        rr_shallow_clear(&e);
    ls_in_clear(&in);
    if (code == EX_OK && (fflush(stdout) || ferror(stdout))) {
        fprintf(stderr, "reluref: standard output: write error\n");
        return EX_IO;
    }
    return code;
}

/* ---- train --------------------------------------------------------------- */

static int parse_double(double *out, const char *cmd, const char *name,
                        const char *v)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (end == v || *end || errno || !isfinite(x)) {
        fprintf(stderr, "reluref %s: option %s needs a number, got '%s'\n",
                cmd, name, v);
        return EX_USAGE;
    }
    *out = x;
    return 0;
}

int cmd_train(int argc, char **argv)
{
    struct {
        const char *leaky, *slopes, *out, *scale, *lr, *seed;
        int json;
        long width, steps, log_every;
    } o = {0};
    const cli_opt opts[] = {
        {"--leaky", CLI_STR, &o.leaky},     {"--slopes", CLI_STR, &o.slopes},
        {"--out", CLI_STR, &o.out},         {"--init-scale", CLI_STR, &o.scale},
        {"--lr", CLI_STR, &o.lr},           {"--seed", CLI_STR, &o.seed},
        {"--json", CLI_FLAG, &o.json},      {"--width", CLI_LONG, &o.width},
        {"--steps", CLI_LONG, &o.steps},    {"--log-every", CLI_LONG, &o.log_every},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("train", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    if (!npos)
        return usage_error("train", "missing the data file%s", "");
    if (!o.width)
        return usage_error("train", "missing --width M%s", "");
    if (!o.out)
        return usage_error("train", "missing --out NET%s", "");
    rr_train_opts_t t = {o.width, 1e-6, 0.05, o.steps ? o.steps : 100000, 1,
                         1.0, 0.0, 0};
    if ((o.scale && (r = parse_double(&t.init_scale, "train", "--init-scale",
                                      o.scale))) ||
        (o.lr && (r = parse_double(&t.lr, "train", "--lr", o.lr))))
        return r;
    if (o.seed) {
        char *end;
        errno = 0;
        t.seed = strtoull(o.seed, &end, 10);
        if (end == o.seed || *end || errno)
            return usage_error("train", "--seed needs an integer, got '%s'",
                               o.seed);
    }
    t.log_every = o.log_every ? o.log_every : (t.steps >= 10 ? t.steps / 10 : 1);
    mpq_t ap, an;
    mpq_inits(ap, an, NULL);
    if ((r = parse_slopes(ap, an, "train", o.leaky, o.slopes, &caps))) {
        mpq_clears(ap, an, NULL);
        return r;
    }
    int inexact_a = 0, inexact_b = 0;
    t.alpha_pos = rr_q_get_d(ap, &inexact_a);
    t.alpha_neg = rr_q_get_d(an, &inexact_b);
    mpq_clears(ap, an, NULL);
    rr_err_t err;
    rr_dataset_t ds;
    if (rr_dataset_read_file(&ds, pos[0], &caps, &err))
        return fail(&err);
    long nlog = t.steps / t.log_every + 1;
    double *log = calloc((size_t)nlog, sizeof *log);
    rr_shallow_t s;
    double final_loss = 0;
    int code = EX_OK;
    if (!log) {
        rr_dataset_clear(&ds);
        return fail(&(rr_err_t){RR_ENOMEM, "out of memory"});
    }
    if (rr_train_gd(&s, &final_loss, log, &ds, &t, &err)) {
        code = fail(&err);
        goto out;
    }
    rr_net_t net;
    if (rr_shallow_to_net(&net, &s, &err)) {
        code = fail(&err);
        rr_shallow_clear(&s);
        goto out;
    }
    rr_net_set_name(&net, "reluref train", &err);
    if (rr_net_write_file(o.out, &net, &err))
        code = fail(&err);
    rr_net_clear(&net);
    rr_shallow_clear(&s);
    if (code)
        goto out;
    if (o.json) {
        json_t *root = json_object();
        json_object_set_new(root, "data", json_string(pos[0]));
        json_object_set_new(root, "out", json_string(o.out));
        json_object_set_new(root, "width", json_integer(t.width));
        json_object_set_new(root, "init_scale", json_real(t.init_scale));
        json_object_set_new(root, "lr", json_real(t.lr));
        json_object_set_new(root, "steps", json_integer(t.steps));
        json_object_set_new(root, "seed", json_integer((json_int_t)t.seed));
        json_object_set_new(root, "alpha_plus", json_real(t.alpha_pos));
        json_object_set_new(root, "alpha_minus", json_real(t.alpha_neg));
        json_t *lg = json_array();
        for (long i = 0; i < nlog; i++) {
            json_t *e = json_object();
            char buf[64];
            json_object_set_new(e, "step", json_integer(i * t.log_every));
            rr_d_hex(buf, sizeof buf, log[i]);
            json_object_set_new(e, "loss_binary64", json_string(buf));
            json_object_set_new(e, "loss_approx", json_real(log[i]));
            json_array_append_new(lg, e);
        }
        json_object_set_new(root, "loss_log", lg);
        char buf[64];
        rr_d_hex(buf, sizeof buf, final_loss);
        json_object_set_new(root, "final_loss_binary64", json_string(buf));
        json_object_set_new(root, "final_loss_approx", json_real(final_loss));
        json_print(stdout, root);
        json_decref(root);
    } else {
        printf("train %s: width %ld, init scale %g, lr %g, %ld steps, seed "
               "%llu, sigma slopes %.17g / %.17g%s\n", pos[0], t.width,
               t.init_scale, t.lr, t.steps, t.seed, t.alpha_pos, t.alpha_neg,
               inexact_a || inexact_b ? " (rounded to binary64)" : "");
        printf("loss L = (1/N) sum ||f(x_n) - y_n||^2  [binary64, computed "
               "in training]\n");
        for (long i = 0; i < nlog; i++) {
            char buf[64];
            rr_d_hex(buf, sizeof buf, log[i]);
            printf("  step %8ld  %.10g  (%s)\n", i * t.log_every, log[i], buf);
        }
        char buf[64];
        rr_d_hex(buf, sizeof buf, final_loss);
        printf("final loss %.10g (%s)  [binary64]; network written to %s "
               "(its binary64 values, exact)\n", final_loss, buf, o.out);
    }
out:
    free(log);
    rr_dataset_clear(&ds);
    if (code == EX_OK && (fflush(stdout) || ferror(stdout))) {
        fprintf(stderr, "reluref: standard output: write error\n");
        return EX_IO;
    }
    return code;
}

/* ---- golden vectors (vectors/landscape/) --------------------------------- */

const char landscape_vectors_help[] =
    "usage: reluref landscape-vectors [--out FILE]\n"
    "\n"
    "Write the golden vectors of the loss landscape (format:\n"
    "vectors/landscape/README.md; default FILE\n"
    "vectors/landscape/gradients.json): exact gradients and one-sided\n"
    "directional derivatives of L at points with data on kinks, with the\n"
    "autograd convention sigma'(0) := alpha_- marked valid, acceptable or\n"
    "invalid.  Deterministic: byte-identical on every run.\n";

typedef struct vcase {
    const char *id, *comment;
    long d, m, k, n;
    const char *const *w, *const *a, *const *x, *const *y;
    const char *ap, *an;
} vcase;

static const char *const V1W[] = {"1", "-1"}, *const V1A[] = {"1"};
static const char *const V1X[] = {"1", "1", "2", "0", "0", "1"};
static const char *const V1Y[] = {"-1", "2", "0"}, *const V2Y[] = {"1", "2", "0"};
static const char *const V3X[] = {"1", "1", "-1", "-1"};
static const char *const V3Y[] = {"-1", "1"}, *const V4Y[] = {"-1", "-1"};
static const char *const V5W[] = {"1", "0"}, *const V5A[] = {"3/5", "0"};
static const char *const V5X[] = {"1", "2", "-1"}, *const V5Y[] = {"1", "1", "1"};
static const char *const V6W[] = {"1/2", "-1/3", "2", "1"};
static const char *const V6A[] = {"1", "-2"};
static const char *const V6X[] = {"1", "0", "-1", "3", "3/4", "1/4"};
static const char *const V6Y[] = {"1/7", "-1", "2"};
static const char *const V7W[] = {"1", "1", "-1", "2"};
static const char *const V7A[] = {"1", "-1", "1/2", "2"};
static const char *const V7X[] = {"1", "-1", "2", "1", "-1", "1/2", "0", "1"};
static const char *const V7Y[] = {"1", "0", "0", "1", "1", "1", "-1", "0"};
static const char *const V8W[] = {"-1", "3/10", "1", "0"};
static const char *const V8A[] = {"1", "-1"};
static const char *const V8X[] = {"-1", "1", "-3/5", "1", "-1/10", "1",
                                  "3/10", "1", "7/10", "1"};
static const char *const V8Y[] = {"7/25", "-1/10", "3/100", "23/100", "-11/50"};

static const vcase vcases[] = {
    {"smooth", "no data point on a kink: L is differentiable, autograd is "
     "exact", 2, 2, 1, 3, V6W, V6A, V6X, V6Y, "1", "0"},
    {"kink-local-min", "x_1 = (1, 1) on the kink of w = (1, -1); e_1 = 1 > 0: "
     "stationary, not differentiable, a local minimum", 2, 1, 1, 3, V1W, V1A,
     V1X, V1Y, "1", "0"},
    {"kink-not-stationary", "as kink-local-min with e_1 = -1: the one-sided "
     "derivative along w + t (1, 1) is -4/3 although autograd says 0", 2, 1,
     1, 3, V1W, V1A, V1X, V2Y, "1", "0"},
    {"leaky-opposite-differentiable", "leaky ReLU (1, 1/2); x and -x both on "
     "the kink with <a, e> = (1, -1): L is differentiable but autograd is "
     "wrong", 2, 1, 1, 2, V1W, V1A, V3X, V3Y, "1", "1/2"},
    {"leaky-opposite-kink", "leaky ReLU (1, 1/2); x and -x on the kink with "
     "<a, e> = (1, 1): not differentiable; the autograd value is in Clarke's "
     "generalized gradient but is the gradient of no adjacent piece", 2, 1, 1,
     2, V1W, V1A, V3X, V4Y, "1", "1/2"},
    {"zero-neuron-escape", "neuron 2 is zero (all points on its kink); the "
     "loss is differentiable, the point stationary, neuron 2 an escape "
     "neuron: a saddle", 1, 2, 1, 3, V5W, V5A, V5X, V5Y, "1", "0"},
    {"vector-output-kinks", "k = 2 outputs, two neurons, data on both kinks",
     2, 2, 2, 4, V7W, V7A, V7X, V7Y, "1", "0"},
    {"wsg5-kinks", "the W-S-G data (x, 1) with neurons whose kinks sit at "
     "x = 3/10 (neuron 1) and x = 0 (neuron 2 on no data point)", 2, 2, 1, 5,
     V8W, V8A, V8X, V8Y, "1", "0"},
};

static json_t *jgrad(mpq_srcptr gw, mpq_srcptr ga, long m, long d, long k)
{
    json_t *o = json_object(), *w = json_array(), *a = json_array();
    for (long j = 0; j < m; j++) {
        json_array_append_new(w, rr_json_qvec(gw + j * d, d));
        json_array_append_new(a, rr_json_qvec(ga + j * k, k));
    }
    json_object_set_new(o, "w", w);
    json_object_set_new(o, "a", a);
    return o;
}

static json_t *jflags(const char *f1, const char *f2, const char *f3)
{
    json_t *a = json_array();
    if (f1)
        json_array_append_new(a, json_string(f1));
    if (f2)
        json_array_append_new(a, json_string(f2));
    if (f3)
        json_array_append_new(a, json_string(f3));
    return a;
}

static rr_status vgroup(json_t **out, long *tc, long *ntests, const vcase *c,
                        rr_err_t *err)
{
    rr_shallow_t s;
    rr_dataset_t ds;
    rr_caps_t caps;
    rr_caps_default(&caps);
    rr_status st = rr_shallow_init(&s, c->d, c->m, c->k, err);
    if (st)
        return st;
    if ((st = rr_dataset_init(&ds, c->n, c->d, c->k, err))) {
        rr_shallow_clear(&s);
        return st;
    }
    for (long i = 0; !st && i < c->m * c->d; i++)
        st = rr_q_parse(s.w + i, c->w[i], &caps, err);
    for (long i = 0; !st && i < c->m * c->k; i++)
        st = rr_q_parse(s.a + i, c->a[i], &caps, err);
    for (long i = 0; !st && i < c->n * c->d; i++)
        st = rr_q_parse(ds.x + i, c->x[i], &caps, err);
    for (long i = 0; !st && i < c->n * c->k; i++)
        st = rr_q_parse(ds.y + i, c->y[i], &caps, err);
    if (!st)
        st = rr_q_parse(s.alpha_pos, c->ap, &caps, err);
    if (!st)
        st = rr_q_parse(s.alpha_neg, c->an, &caps, err);
    rr_landscape_t ls;
    int have_ls = 0, lim = 0;
    long m = c->m, d = c->d, k = c->k;
    mpq_ptr gw = rr_qvec_new(m * d), ga = rr_qvec_new(m * k),
            dw = rr_qvec_new(m * d), da = rr_qvec_new(m * k);
    mpq_t val, fwv, t;
    mpq_inits(val, fwv, t, NULL);
    if (st || (st = rr_landscape_analyze(&ls, &s, &ds, NULL, err)))
        goto out;
    have_ls = 1;
    if ((st = rr_ls_autograd_is_limit(&lim, &s, &ds, 0, err)))
        goto out;
    json_t *g = json_object();
    json_object_set_new(g, "caseId", json_string(c->id));
    json_object_set_new(g, "comment", json_string(c->comment));
    rr_net_t net;
    if ((st = rr_shallow_to_net(&net, &s, err))) {
        json_decref(g);
        goto out;
    }
    json_t *jn = json_object();
    json_object_set_new(jn, "format", json_string("reluref-network"));
    json_object_set_new(jn, "version", json_integer(1));
    json_t *arch = json_array();
    for (int l = 0; l <= 2; l++)
        json_array_append_new(arch, json_integer(net.width[l]));
    json_object_set_new(jn, "architecture", arch);
    json_t *layers = json_array();
    for (int l = 0; l < 2; l++) {
        json_t *L = json_object(), *rows = json_array();
        for (long i = 0; i < net.width[l + 1]; i++)
            json_array_append_new(rows, rr_json_qvec(rr_net_weight(&net, l, i, 0),
                                              net.width[l]));
        json_object_set_new(L, "weights", rows);
        json_object_set_new(L, "biases", rr_json_qvec(net.b[l], net.width[l + 1]));
        json_array_append_new(layers, L);
    }
    json_object_set_new(jn, "layers", layers);
    rr_net_clear(&net);
    json_object_set_new(g, "network", jn);
    json_t *act = json_object();
    json_object_set_new(act, "alphaPlus", rr_json_q(s.alpha_pos));
    json_object_set_new(act, "alphaMinus", rr_json_q(s.alpha_neg));
    json_object_set_new(g, "activation", act);
    json_t *jd = json_object(), *xi = json_array(), *yi = json_array();
    for (long n = 0; n < c->n; n++) {
        json_array_append_new(xi, rr_json_qvec(ds.x + n * d, d));
        json_array_append_new(yi, rr_json_qvec(ds.y + n * k, k));
    }
    json_object_set_new(jd, "inputs", xi);
    json_object_set_new(jd, "targets", yi);
    json_object_set_new(g, "data", jd);
    json_object_set_new(g, "loss", rr_json_q(ls.loss));
    json_t *sets = json_array();
    for (long j = 0; j < m; j++)
        json_array_append_new(sets, json_string(ls.neu[j].sets));
    json_object_set_new(g, "sets", sets);
    json_object_set_new(g, "differentiable", json_boolean(ls.differentiable));
    json_object_set_new(g, "class", json_string(rr_ls_class_name(ls.cls)));
    int kink = 0;
    for (long j = 0; j < m; j++)
        if (ls.neu[j].n_zero)
            kink = 1;
    json_t *tests = json_array();
    /* gradient tests */
    for (long j = 0; j < m; j++) {
        for (long i = 0; i < d; i++)
            mpq_set(gw + j * d + i, ls.neu[j].fw_grad_w + i);
        for (long o = 0; o < k; o++)
            mpq_set(ga + j * k + o, ls.neu[j].grad_a + o);
    }
    int fw_equal = 1;
    if (ls.differentiable) {
        for (long j = 0; j < m; j++)
            for (long i = 0; i < d; i++)
                if (!mpq_equal(ls.neu[j].grad_w + i, ls.neu[j].fw_grad_w + i))
                    fw_equal = 0;
        json_t *tt = json_object();
        mpq_ptr tw = rr_qvec_new(m * d);
        for (long j = 0; j < m; j++)
            for (long i = 0; i < d; i++)
                mpq_set(tw + j * d + i, ls.neu[j].grad_w + i);
        json_object_set_new(tt, "tcId", json_integer(++*tc));
        json_object_set_new(tt, "comment", json_string(
            "the gradient of L (exists: L is differentiable here)"));
        json_object_set_new(tt, "flags", jflags(kink ? "KinkPoint" : NULL,
                                                "Differentiable", NULL));
        json_object_set_new(tt, "kind", json_string("gradient"));
        json_object_set_new(tt, "gradient", jgrad(tw, ga, m, d, k));
        json_object_set_new(tt, "result", json_string("valid"));
        json_array_append_new(tests, tt);
        rr_qvec_free(tw, m * d);
        ++*ntests;
        if (!fw_equal) {
            tt = json_object();
            json_object_set_new(tt, "tcId", json_integer(++*tc));
            json_object_set_new(tt, "comment", json_string(
                "the autograd value (sigma'(0) := alpha_-): differs from the "
                "gradient, which exists"));
            json_object_set_new(tt, "flags", jflags("KinkPoint",
                                                    "Differentiable",
                                                    "FrameworkConvention"));
            json_object_set_new(tt, "kind", json_string("gradient"));
            json_object_set_new(tt, "gradient", jgrad(gw, ga, m, d, k));
            json_object_set_new(tt, "result", json_string("invalid"));
            json_array_append_new(tests, tt);
            ++*ntests;
        }
    } else {
        json_t *tt = json_object();
        json_object_set_new(tt, "tcId", json_integer(++*tc));
        json_object_set_new(tt, "comment", json_string(
            lim == 1 ? "L is not differentiable; the autograd value is the "
                       "gradient of an adjacent smooth piece (the one where "
                       "the kink points are inactive)"
                     : "L is not differentiable; the autograd value is the "
                       "gradient of no adjacent smooth piece"));
        json_object_set_new(tt, "flags", jflags("KinkPoint",
                                                "NotDifferentiable",
                                                lim == 1 ? "FrameworkConvention"
                                                         : "ClarkeOnly"));
        json_object_set_new(tt, "kind", json_string("gradient"));
        json_object_set_new(tt, "gradient", jgrad(gw, ga, m, d, k));
        json_object_set_new(tt, "result",
                            json_string(lim == 1 ? "acceptable" : "invalid"));
        json_array_append_new(tests, tt);
        ++*ntests;
    }
    /* directional derivatives along +-e_(w_j, i) */
    for (long j = 0; j < m; j++)
        for (long i = 0; i < d; i++)
            for (int sg = 1; sg >= -1; sg -= 2) {
                for (long q = 0; q < m * d; q++)
                    mpq_set_ui(dw + q, 0, 1);
                mpq_set_si(dw + j * d + i, sg, 1);
                if ((st = rr_ls_directional(val, &s, &ds, dw, da, err))) {
                    json_decref(tests);
                    json_decref(g);
                    goto out;
                }
                mpq_mul_2exp(fwv, gw + j * d + i, 0);
                if (sg < 0)
                    mpq_neg(fwv, fwv);
                int on_kink = ls.neu[j].n_zero > 0;
                char cm[160];
                snprintf(cm, sizeof cm, "one-sided derivative of L along "
                         "w_%ld += t (%se_%ld), t -> 0+", j + 1,
                         sg < 0 ? "-" : "", i + 1);
                json_t *tt = json_object();
                json_object_set_new(tt, "tcId", json_integer(++*tc));
                json_object_set_new(tt, "comment", json_string(cm));
                json_object_set_new(tt, "flags",
                                    jflags(on_kink ? "KinkPoint" : NULL,
                                           ls.differentiable
                                               ? "Differentiable"
                                               : "NotDifferentiable", NULL));
                json_object_set_new(tt, "kind", json_string("directional"));
                json_object_set_new(tt, "direction", jgrad(dw, da, m, d, k));
                json_object_set_new(tt, "value", rr_json_q(val));
                json_object_set_new(tt, "result", json_string("valid"));
                json_array_append_new(tests, tt);
                ++*ntests;
                if (!mpq_equal(val, fwv)) {
                    tt = json_object();
                    json_object_set_new(tt, "tcId", json_integer(++*tc));
                    json_object_set_new(tt, "comment", json_string(
                        "<autograd value, direction>: not the one-sided "
                        "derivative, which is defined"));
                    json_object_set_new(tt, "flags",
                                        jflags("KinkPoint",
                                               "FrameworkConvention", NULL));
                    json_object_set_new(tt, "kind", json_string("directional"));
                    json_object_set_new(tt, "direction",
                                        jgrad(dw, da, m, d, k));
                    json_object_set_new(tt, "value", rr_json_q(fwv));
                    json_object_set_new(tt, "result", json_string("invalid"));
                    json_array_append_new(tests, tt);
                    ++*ntests;
                }
            }
    json_object_set_new(g, "tests", tests);
    *out = g;
out:
    mpq_clears(val, fwv, t, NULL);
    rr_qvec_free(gw, m * d);
    rr_qvec_free(ga, m * k);
    rr_qvec_free(dw, m * d);
    rr_qvec_free(da, m * k);
    if (have_ls)
        rr_landscape_clear(&ls);
    rr_dataset_clear(&ds);
    rr_shallow_clear(&s);
    return st;
}

int cmd_landscape_vectors(int argc, char **argv)
{
    const char *outp = NULL;
    const cli_opt opts[] = {{"--out", CLI_STR, &outp}, {NULL, CLI_FLAG, NULL}};
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("landscape-vectors", argc, argv, opts, pos, 0, &npos,
                      &caps);
    if (r)
        return r;
    if (!outp)
        outp = "vectors/landscape/gradients.json";
    rr_err_t err;
    json_t *root = json_object(), *groups = json_array();
    long tc = 0, ntests = 0;
    for (size_t i = 0; i < sizeof vcases / sizeof *vcases; i++) {
        json_t *g = NULL;
        if (vgroup(&g, &tc, &ntests, vcases + i, &err)) {
            json_decref(root);
            json_decref(groups);
            return fail(&err);
        }
        json_array_append_new(groups, g);
    }
    json_object_set_new(root, "algorithm", json_string(
        "Loss of shallow ReLU-like networks (W-S-G): gradients and one-sided "
        "directional derivatives"));
    json_object_set_new(root, "formatVersion", json_string("1"));
    json_object_set_new(root, "generator",
                        json_string("reluref " RELUREF_VERSION));
    json_object_set_new(root, "command",
                        json_string("reluref landscape-vectors --out FILE"));
    json_object_set_new(root, "loss", json_string(
        "L = (1/N) sum_n ||f(x_n) - y_n||_2^2, f(x) = sum_j a_j "
        "sigma(<w_j, x>), sigma(t) = alphaPlus t (t >= 0), alphaMinus t "
        "(t < 0); gradient.w[j] = dL/dw_j, gradient.a[j] = dL/da_j"));
    json_object_set_new(root, "numberOfTests", json_integer(ntests));
    json_object_set_new(root, "numberOfGroups",
                        json_integer((json_int_t)json_array_size(groups)));
    json_t *notes = json_object();
    json_object_set_new(notes, "KinkPoint", json_string(
        "some data point lies exactly on a neuron's kink (<w_j, x_n> = 0)"));
    json_object_set_new(notes, "Differentiable", json_string(
        "L is differentiable at theta: the gradient is unique"));
    json_object_set_new(notes, "NotDifferentiable", json_string(
        "L is not differentiable at theta: no gradient exists; one-sided "
        "directional derivatives do"));
    json_object_set_new(notes, "FrameworkConvention", json_string(
        "the value autograd frameworks compute with sigma'(0) := alpha_- "
        "(PyTorch/JAX relu'(0) = 0, leaky_relu'(0) = negative slope)"));
    json_object_set_new(notes, "ClarkeOnly", json_string(
        "the autograd value lies in Clarke's generalized gradient but is "
        "the gradient of no smooth piece adjacent to theta"));
    json_object_set_new(root, "notes", notes);
    json_object_set_new(root, "results", json_string(
        "valid: the exact mathematical value; acceptable: a value a "
        "framework may return because L is not differentiable and it is the "
        "gradient of an adjacent smooth piece; invalid: a value that "
        "contradicts a defined quantity (the gradient where it exists, a "
        "one-sided derivative) or is the gradient of no adjacent piece"));
    json_object_set_new(root, "testGroups", groups);
    char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text)
        return fail(&(rr_err_t){RR_ENOMEM, "out of memory"});
    rr_outfile_t of;
    if (rr_outfile_open(&of, outp, &err)) {
        free(text);
        return fail(&err);
    }
    fputs(text, of.f);
    fputc('\n', of.f);
    free(text);
    if (ferror(of.f)) {
        rr_outfile_abort(&of);
        fprintf(stderr, "reluref: %s: write error\n", outp);
        return EX_IO;
    }
    if (rr_outfile_commit(&of, &err))
        return fail(&err);
    printf("landscape vectors: %ld tests in %zu groups written to %s\n",
           ntests, sizeof vcases / sizeof *vcases, outp);
    return EX_OK;
}
