/* cmd_degen.c -- reluref degeneracy, normalize, restricted, pathology and
 * stability: degenerate parametrizations (B-E-G), spec/degeneracy.md. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "rr_degen.h"
#include "rr_format.h"
#include "rr_normal.h"
#include "rr_rand.h"
#include "rr_stability.h"
#include "rr_diffnet.h"

/* ---- shared helpers ------------------------------------------------------ */

/* Parse --box: "domain" (the network's) or "lo1:hi1,...,lod:hid" (exact
 * numbers, lo_i < hi_i).  lo, hi: d initialised rationals. */
static rr_status parse_box(mpq_ptr lo, mpq_ptr hi, const char *spec,
                           const rr_net_t *net, const rr_caps_t *caps,
                           rr_err_t *err)
{
    long d = net->width[0];
    if (!strcmp(spec, "domain")) {
        for (long j = 0; j < d; j++) {
            mpq_set(lo + j, net->lo + j);
            mpq_set(hi + j, net->hi + j);
        }
        return RR_OK;
    }
    char *s = strdup(spec);
    if (!s)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    rr_status st = RR_OK;
    char *p = s;
    for (long j = 0; j < d && !st; j++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        else if (j + 1 < d) {
            st = rr_err_set(err, RR_EINPUT,
                            "--box: %ld intervals needed (one per input), "
                            "got %ld", d, j + 1);
            break;
        }
        char *colon = strchr(p, ':');
        if (!colon) {
            st = rr_err_set(err, RR_EINPUT,
                            "--box: interval %ld: expected LO:HI, got \"%.40s\"",
                            j + 1, p);
            break;
        }
        *colon = '\0';
        if ((st = rr_q_parse(lo + j, p, caps, err)) ||
            (st = rr_q_parse(hi + j, colon + 1, caps, err))) {
            rr_err_prefix(err, "--box: interval %ld", j + 1);
            break;
        }
        if (mpq_cmp(lo + j, hi + j) >= 0) {
            st = rr_err_set(err, RR_EINPUT,
                            "--box: interval %ld: lo >= hi", j + 1);
            break;
        }
        if (comma)
            p = comma + 1;
        else
            p = NULL;
        if (j + 1 == d && p) {
            st = rr_err_set(err, RR_EINPUT,
                            "--box: more than %ld intervals (one per input)",
                            d);
            break;
        }
    }
    free(s);
    return st;
}

/* "(a1, a2 | b)" for an incoming row with n inputs and the bias. */
static void print_row(FILE *f, mpq_srcptr u, long n, int bias)
{
    fputc('(', f);
    for (long j = 0; j < n; j++) {
        char *s = rr_q_str(u + j);
        fprintf(f, "%s%s", j ? ", " : "", s);
        free(s);
    }
    if (bias) {
        char *s = rr_q_str(u + n);
        fprintf(f, " | %s", s);
        free(s);
    }
    fputc(')', f);
}

static void print_qs(FILE *f, mpq_srcptr q)
{
    char *s = rr_q_str(q);
    fputs(s ? s : "?", f);
    free(s);
}

static void print_box(FILE *f, mpq_srcptr lo, mpq_srcptr hi, long d)
{
    for (long j = 0; j < d; j++) {
        fprintf(f, "%s[", j ? " x " : "");
        print_qs(f, lo + j);
        fputs(", ", f);
        print_qs(f, hi + j);
        fputc(']', f);
    }
}

/* The network as a JSON object (its format v1 document). */
static json_t *jnet(const rr_net_t *net)
{
    json_t *j;
    rr_err_t err;
    return rr_json_net(&j, net, &err) ? json_null() : j;
}

/* Open --out FILE (atomically) or use standard output. */
typedef struct outp {
    rr_outfile_t of;
    int have;
    FILE *f;
} outp_t;

static int out_open(outp_t *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->f = stdout;
    if (!path)
        return 0;
    rr_err_t err;
    if (rr_outfile_open(&o->of, path, &err))
        return fail(&err);
    o->have = 1;
    o->f = o->of.f;
    return 0;
}

static int out_close(outp_t *o, int code)
{
    rr_err_t err;
    if (!o->have) {
        if (code == EX_OK && (fflush(stdout) || ferror(stdout))) {
            fprintf(stderr, "reluref: standard output: write error\n");
            return EX_IO;
        }
        return code;
    }
    o->have = 0;
    if (code != EX_OK) {
        rr_outfile_abort(&o->of);
        return code;
    }
    if (ferror(o->f)) {
        rr_outfile_abort(&o->of);
        fprintf(stderr, "reluref: %s: write error\n", o->of.path);
        return EX_IO;
    }
    if (rr_outfile_commit(&o->of, &err))
        return fail(&err);
    return code;
}

static int read_net(rr_net_t *net, const char *path, const rr_caps_t *caps)
{
    rr_err_t err;
    if (rr_net_read_any(net, path, caps, &err))
        return fail(&err);
    return 0;
}

/* ---- reluref degeneracy -------------------------------------------------- */

const char degeneracy_help[] =
    "usage: reluref degeneracy NET [--box LO1:HI1,...|domain] [--json]\n"
    "                          [--out FILE] [CAPS]\n"
    "\n"
    "Diagnose the degenerate parts of the parametrization (B-E-G;\n"
    "spec/degeneracy.md), per hidden layer and neuron: zero neurons, zero\n"
    "incoming or outgoing weights, constant neurons (zero input weights),\n"
    "dead and always-active neurons on the box, the exact balance ratio\n"
    "||c||^2/||u||^2 (u = incoming weights and bias, c = outgoing weights),\n"
    "groups of positively parallel neurons, opposite neurons, and linear\n"
    "dependences among the directions of the opposite classes (families of\n"
    "opposite pairs whose affine parts can cancel).  Everything is exact.\n"
    "\n"
    "  --box B       the box for dead / always-active neurons (default: the\n"
    "                network's domain).  Ranges of pre-activations are exact\n"
    "                in the first hidden layer and certified enclosures (exact\n"
    "                interval propagation) deeper: there 'dead' and 'always\n"
    "                active' are proved, but some may go undetected.\n"
    "  --json        machine-readable output\n"
    "  --out FILE    write to FILE (atomically) instead of standard output\n"
    "CAPS: --max-width N --max-depth N --max-params N --max-exp N --max-digits N\n";

static const struct {
    unsigned flag;
    const char *name;
} finding_names[] = {
    {RR_DG_ZERO, "zero"},
    {RR_DG_NO_IN, "no-incoming"},
    {RR_DG_NO_OUT, "no-outgoing"},
    {RR_DG_CONST, "constant"},
    {RR_DG_DEAD, "dead"},
    {RR_DG_ACTIVE, "always-active"},
    {RR_DG_UNBALANCED, "unbalanced"},
    {RR_DG_PARALLEL, "parallel"},
    {RR_DG_OPPOSITE, "opposite"},
    {RR_DG_DEPENDENT, "dependent"},
};
enum { NFINDINGS = sizeof finding_names / sizeof *finding_names };

typedef struct dg_summary {
    long n[NFINDINGS];
    long groups, opp_classes, dependences;
} dg_summary_t;

static void summarize(dg_summary_t *s, const rr_degen_t *dg)
{
    memset(s, 0, sizeof *s);
    for (long l = 0; l < dg->nlayer; l++) {
        const rr_dg_layer_t *L = &dg->layer[l];
        for (long i = 0; i < L->m; i++)
            for (int f = 0; f < NFINDINGS; f++)
                if (L->flags[i] & finding_names[f].flag)
                    s->n[f]++;
        for (long q = 0; q < L->nclass; q++)
            s->groups += (L->npos[q] >= 2) + (L->nneg[q] >= 2);
        s->opp_classes += L->npair;
        s->dependences += L->kdim;
    }
}

static void print_findings(FILE *f, unsigned flags)
{
    int any = 0;
    for (int k = 0; k < NFINDINGS; k++)
        if (flags & finding_names[k].flag) {
            fprintf(f, "%s%s", any ? ", " : "", finding_names[k].name);
            any = 1;
        }
    if (!any)
        fputs("-", f);
}

static json_t *jfindings(unsigned flags)
{
    json_t *a = json_array();
    for (int k = 0; k < NFINDINGS; k++)
        if (flags & finding_names[k].flag)
            json_array_append_new(a, json_string(finding_names[k].name));
    return a;
}

/* Text of one layer's diagnosis.  full: the per-neuron table. */
static void print_layer(FILE *f, const rr_dg_layer_t *L, int full)
{
    long n1 = L->n + 1, k = L->k;
    fprintf(f, "\nhidden layer %d: %ld neurons, u = (%ld weights | bias), "
               "c = %ld outgoing weights\n",
            L->l, L->m, L->n, k);
    mpq_t q;
    mpq_init(q);
    if (full) {
        fprintf(f, "  %-6s  %-24s  %-22s  %s\n", "neuron",
                L->range_exact ? "z on the box (exact)"
                               : "z on the box (enclosure)",
                "||c||^2/||u||^2 exact", "findings");
        for (long i = 0; i < L->m; i++) {
            char *c1 = NULL, *c2 = NULL;
            size_t n;
            FILE *m1 = open_memstream(&c1, &n);
            if (m1) {
                fputc('[', m1);
                print_qs(m1, L->zlo + i);
                fputs(", ", m1);
                print_qs(m1, L->zhi + i);
                fputc(']', m1);
                fclose(m1);
            }
            FILE *m2 = open_memstream(&c2, &n);
            if (m2) {
                if (mpq_sgn(L->in2 + i)) {
                    mpq_div(q, L->out2 + i, L->in2 + i);
                    print_qs(m2, q);
                } else
                    fputs("(u = 0)", m2);
                fclose(m2);
            }
            fprintf(f, "  %-6ld  %-24s  %-22s  ", i + 1, c1 ? c1 : "?",
                    c2 ? c2 : "?");
            free(c1);
            free(c2);
            print_findings(f, L->flags[i]);
            fputc('\n', f);
        }
    }
    /* parallel groups */
    int any = 0;
    for (long c = 0; c < L->nclass; c++)
        for (int sgn = 1; sgn >= -1; sgn -= 2) {
            long cnt = sgn > 0 ? L->npos[c] : L->nneg[c];
            if (cnt < 2)
                continue;
            long first = -1;
            fprintf(f, "  parallel group: ");
            for (long i = 0; i < L->m; i++) {
                if (L->cls[i] != c || mpq_sgn(L->scale + i) != sgn)
                    continue;
                if (first < 0) {
                    first = i;
                    fprintf(f, "neuron %ld", i + 1);
                } else {
                    mpq_div(q, L->scale + i, L->scale + first);
                    fprintf(f, ", neuron %ld = (", i + 1);
                    print_qs(f, q);
                    fprintf(f, ") x neuron %ld", first + 1);
                }
            }
            fputc('\n', f);
            any = 1;
        }
    if (!any)
        fprintf(f, "  parallel groups: none\n");
    /* opposite classes */
    if (!L->npair)
        fprintf(f, "  opposite neurons: none\n");
    for (long a = 0; a < L->npair; a++) {
        long c = L->pair[a];
        fprintf(f, "  opposite class %ld: direction ", a + 1);
        print_row(f, L->dir + c * n1, L->n, 1);
        fputs("; orientation +: neurons", f);
        for (long i = 0; i < L->m; i++)
            if (L->cls[i] == c && mpq_sgn(L->scale + i) > 0)
                fprintf(f, " %ld", i + 1);
        fputs("; orientation -: neurons", f);
        for (long i = 0; i < L->m; i++)
            if (L->cls[i] == c && mpq_sgn(L->scale + i) < 0)
                fprintf(f, " %ld", i + 1);
        fputs("; jump ", f);
        print_row(f, L->jump + c * k, k, 0);
        fputc('\n', f);
    }
    if (L->npair) {
        fprintf(f, "  opposite classes: %ld, rank of their directions %ld",
                L->npair, L->pair_rank);
        if (!L->kdim)
            fprintf(f, " (independent)\n");
        else
            fprintf(f, ": %ld linear dependence%s\n", L->kdim,
                    L->kdim > 1 ? "s" : "");
        for (long v = 0; v < L->kdim; v++) {
            fprintf(f, "    0 =");
            int first = 1;
            for (long a = 0; a < L->npair; a++) {
                mpq_srcptr mu = L->kernel + v * L->npair + a;
                if (!mpq_sgn(mu))
                    continue;
                fprintf(f, "%s", first ? " " : " + ");
                fputc('(', f);
                print_qs(f, mu);
                fprintf(f, ") dir[class %ld]", a + 1);
                first = 0;
            }
            fputc('\n', f);
        }
        int zero_aff = rr_dg_is_zero(L->pair_aff, k * n1);
        int zero_jump = 1;
        for (long a = 0; a < L->npair; a++)
            if (!rr_dg_is_zero(L->jump + L->pair[a] * k, k))
                zero_jump = 0;
        fprintf(f, "  affine part carried by the opposite classes: %s%s\n",
                zero_aff ? "0" : "nonzero",
                zero_aff && zero_jump
                    ? " and every jump is 0: they realize the zero function"
                    : "");
    }
    mpq_clear(q);
}

static json_t *jlayer(const rr_dg_layer_t *L)
{
    long n1 = L->n + 1, k = L->k;
    json_t *o = json_object();
    json_object_set_new(o, "layer", json_integer(L->l));
    json_object_set_new(o, "range", json_string(L->range_exact
                                                    ? "exact"
                                                    : "certified enclosure"));
    json_t *ns = json_array();
    mpq_t q;
    mpq_init(q);
    for (long i = 0; i < L->m; i++) {
        json_t *n = json_object();
        json_object_set_new(n, "index", json_integer(i + 1));
        json_object_set_new(n, "in", rr_json_qvec(L->in + i * n1, n1));
        json_object_set_new(n, "out", rr_json_qvec(L->out + i * k, k));
        json_object_set_new(n, "z_lo", rr_json_q(L->zlo + i));
        json_object_set_new(n, "z_hi", rr_json_q(L->zhi + i));
        json_object_set_new(n, "in_norm2", rr_json_q(L->in2 + i));
        json_object_set_new(n, "out_norm2", rr_json_q(L->out2 + i));
        if (mpq_sgn(L->in2 + i)) {
            mpq_div(q, L->out2 + i, L->in2 + i);
            json_object_set_new(n, "balance_ratio2", rr_json_q(q));
        }
        json_object_set_new(n, "findings", jfindings(L->flags[i]));
        if (L->cls[i] >= 0) {
            json_object_set_new(n, "class", json_integer(L->cls[i] + 1));
            json_object_set_new(n, "scale", rr_json_q(L->scale + i));
        }
        json_array_append_new(ns, n);
    }
    json_object_set_new(o, "neurons", ns);
    json_t *cs = json_array();
    for (long c = 0; c < L->nclass; c++) {
        json_t *co = json_object();
        json_object_set_new(co, "direction", rr_json_qvec(L->dir + c * n1, n1));
        json_object_set_new(co, "jump", rr_json_qvec(L->jump + c * k, k));
        json_object_set_new(co, "plus", json_integer(L->npos[c]));
        json_object_set_new(co, "minus", json_integer(L->nneg[c]));
        json_array_append_new(cs, co);
    }
    json_object_set_new(o, "classes", cs);
    json_t *pa = json_array();
    for (long a = 0; a < L->npair; a++)
        json_array_append_new(pa, json_integer(L->pair[a] + 1));
    json_object_set_new(o, "opposite_classes", pa);
    json_object_set_new(o, "opposite_rank", json_integer(L->pair_rank));
    json_t *ks = json_array();
    for (long v = 0; v < L->kdim; v++)
        json_array_append_new(ks, rr_json_qvec(L->kernel + v * L->npair, L->npair));
    json_object_set_new(o, "dependences", ks);
    json_t *aff = json_array();
    for (long r = 0; r < k; r++)
        json_array_append_new(aff, rr_json_qvec(L->pair_aff + r * n1, n1));
    json_object_set_new(o, "opposite_affine", aff);
    mpq_clear(q);
    return o;
}

/* The diagnosis as text (for reluref report too). */
static void degen_print(FILE *f, const rr_degen_t *dg, int full)
{
    for (long l = 0; l < dg->nlayer; l++)
        print_layer(f, &dg->layer[l], full);
    dg_summary_t s;
    summarize(&s, dg);
    fprintf(f, "\nsummary (neurons):");
    for (int k = 0; k < NFINDINGS; k++)
        fprintf(f, "%s %s %ld", k ? "," : "", finding_names[k].name, s.n[k]);
    fprintf(f, "\nparallel groups %ld, opposite classes %ld, linear "
               "dependences among them %ld\n",
            s.groups, s.opp_classes, s.dependences);
}

int cmd_degeneracy(int argc, char **argv)
{
    struct {
        const char *box, *out;
        int json;
    } o = {0};
    const cli_opt opts[] = {
        {"--box", CLI_STR, &o.box},
        {"--out", CLI_STR, &o.out},
        {"--json", CLI_FLAG, &o.json},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("degeneracy", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    if (npos != 1)
        return usage_error("degeneracy", "give one network file%s", "");
    rr_net_t net;
    if ((r = read_net(&net, pos[0], &caps)))
        return r;
    long d = net.width[0];
    mpq_ptr lo = rr_qvec_new(d), hi = rr_qvec_new(d);
    rr_degen_t dg;
    memset(&dg, 0, sizeof dg);
    rr_err_t err;
    int code = EX_OK;
    outp_t out;
    memset(&out, 0, sizeof out);
    out.f = stdout;
    if (parse_box(lo, hi, o.box ? o.box : "domain", &net, &caps, &err) ||
        rr_degen_analyze(&dg, &net, lo, hi, &err)) {
        code = fail(&err);
        goto done;
    }
    if ((code = out_open(&out, o.out)))
        goto done;
    if (o.json) {
        json_t *root = jnet_header(&net, pos[0]);
        json_object_set_new(root, "box", rr_json_box(lo, hi, d));
        json_t *ls = json_array();
        for (long l = 0; l < dg.nlayer; l++)
            json_array_append_new(ls, jlayer(&dg.layer[l]));
        json_object_set_new(root, "layers", ls);
        dg_summary_t s;
        summarize(&s, &dg);
        json_t *js = json_object();
        for (int k = 0; k < NFINDINGS; k++)
            json_object_set_new(js, finding_names[k].name,
                                json_integer(s.n[k]));
        json_object_set_new(js, "parallel_groups", json_integer(s.groups));
        json_object_set_new(js, "opposite_classes",
                            json_integer(s.opp_classes));
        json_object_set_new(js, "dependences", json_integer(s.dependences));
        json_object_set_new(root, "summary", js);
        json_object_set_new(root, "restricted",
                            json_boolean(rr_degen_restricted(&dg)));
        json_print(out.f, root);
        json_decref(root);
    } else {
        print_net_header(out.f, &net, pos[0]);
        fprintf(out.f, "box ");
        print_box(out.f, lo, hi, d);
        fprintf(out.f, "%s\n", o.box ? "" : " (the network's domain)");
        if (!dg.nlayer)
            fprintf(out.f, "no hidden layer: an affine map, nothing is "
                           "degenerate\n");
        degen_print(out.f, &dg, 1);
        fprintf(out.f, "restricted set R1-R4 (reluref restricted): %s\n",
                rr_degen_restricted(&dg) ? "yes" : "no");
    }
    code = out_close(&out, code);
done:
    if (out.have)
        out_close(&out, EX_INTERNAL);
    rr_degen_clear(&dg);
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
    rr_net_clear(&net);
    return code;
}

/* ---- reluref restricted -------------------------------------------------- */

const char restricted_help[] =
    "usage: reluref restricted NET [--json] [--out FILE] [CAPS]\n"
    "\n"
    "Decide exactly whether the parametrization lies in reluref's restricted\n"
    "set (spec/degeneracy.md, our reading of B-E-G for networks with biases;\n"
    "u_i = (a_i, b_i) incoming weights and bias, c_i outgoing weights):\n"
    "  R1  balanced: ||c_i||_2 = ||u_i||_2 (decided on the squares)\n"
    "  R2  no two neurons with positively parallel u\n"
    "  R3  the directions of the opposite classes are linearly independent\n"
    "  R4  every nonzero neuron has a nonzero input part a_i\n"
    "Zero neurons (u = 0 and c = 0) are allowed.  For each condition the\n"
    "violating neurons are listed.  The inverse-stability theorem is about\n"
    "shallow networks; for deeper ones the conditions are checked per hidden\n"
    "layer (a layerwise reading, reported as such).  Neurons dead or always\n"
    "active on the domain are reported as a note: the set is about the\n"
    "function on R^d.\n"
    "\n"
    "  --json        machine-readable output\n"
    "  --out FILE    write to FILE (atomically) instead of standard output\n";

int cmd_restricted(int argc, char **argv)
{
    struct {
        const char *out;
        int json;
    } o = {0};
    const cli_opt opts[] = {
        {"--out", CLI_STR, &o.out},
        {"--json", CLI_FLAG, &o.json},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("restricted", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    if (npos != 1)
        return usage_error("restricted", "give one network file%s", "");
    rr_net_t net;
    if ((r = read_net(&net, pos[0], &caps)))
        return r;
    rr_degen_t dg;
    rr_err_t err;
    int code = EX_OK;
    long *idx = NULL;
    outp_t out;
    memset(&out, 0, sizeof out);
    if (rr_degen_analyze(&dg, &net, NULL, NULL, &err)) {
        code = fail(&err);
        goto done;
    }
    idx = malloc((size_t)(rr_net_max_width(&net) + 1) * sizeof *idx);
    if (!idx) {
        code = fail(&(rr_err_t){RR_ENOMEM, "out of memory"});
        goto done;
    }
    if ((code = out_open(&out, o.out)))
        goto done;
    int ok = rr_degen_restricted(&dg);
    json_t *root = NULL, *jl = NULL;
    if (o.json) {
        root = jnet_header(&net, pos[0]);
        json_object_set_new(root, "reading",
                            json_string(net.depth == 2 ? "shallow"
                                                       : "layerwise"));
        jl = json_array();
        json_object_set_new(root, "layers", jl);
    } else {
        print_net_header(out.f, &net, pos[0]);
        if (net.depth > 2)
            fprintf(out.f, "layerwise reading: the conditions are checked "
                           "in every hidden layer (the inverse-stability\n"
                           "theorem is about shallow networks)\n");
    }
    for (long l = 0; l < dg.nlayer; l++) {
        const rr_dg_layer_t *L = &dg.layer[l];
        json_t *jo = NULL;
        if (o.json) {
            jo = json_object();
            json_object_set_new(jo, "layer", json_integer(L->l));
        } else
            fprintf(out.f, "\nhidden layer %d (%ld neurons)\n", L->l, L->m);
        for (int c = 0; c < RR_NCOND; c++) {
            long nv = rr_degen_violations(idx, L, c);
            if (o.json) {
                json_t *a = json_array();
                for (long t = 0; t < nv; t++)
                    json_array_append_new(a, json_integer(idx[t] + 1));
                json_t *co = json_object();
                json_object_set_new(co, "holds", json_boolean(nv == 0));
                json_object_set_new(co, "violated_by", a);
                json_object_set_new(jo, rr_cond_name(c), co);
                continue;
            }
            fprintf(out.f, "  %s %s: %s", rr_cond_name(c), rr_cond_text(c),
                    nv ? "VIOLATED by neurons" : "holds");
            for (long t = 0; t < nv && t < 40; t++)
                fprintf(out.f, " %ld", idx[t] + 1);
            if (nv > 40)
                fprintf(out.f, " ... (%ld in all)", nv);
            fputc('\n', out.f);
        }
        /* note: dead / always active on the domain */
        long nbox = 0;
        for (long i = 0; i < L->m; i++)
            if (!(L->flags[i] & RR_DG_ZERO) &&
                (L->flags[i] & (RR_DG_DEAD | RR_DG_ACTIVE)))
                idx[nbox++] = i;
        if (o.json) {
            json_t *a = json_array();
            for (long t = 0; t < nbox; t++)
                json_array_append_new(a, json_integer(idx[t] + 1));
            json_object_set_new(jo, "dead_or_always_active_on_domain", a);
            json_array_append_new(jl, jo);
        } else if (nbox) {
            fprintf(out.f, "  note: neurons dead or always active on the "
                           "domain:");
            for (long t = 0; t < nbox && t < 40; t++)
                fprintf(out.f, " %ld", idx[t] + 1);
            fprintf(out.f, " (degenerate on the box, S5; not part of R1-R4)\n");
        }
    }
    if (o.json) {
        json_object_set_new(root, "restricted", json_boolean(ok));
        json_print(out.f, root);
        json_decref(root);
    } else
        fprintf(out.f, "\nrestricted (R1-R4%s): %s\n",
                net.depth > 2 ? ", every hidden layer" : "",
                !dg.nlayer ? "yes (no hidden layer)" : ok ? "yes" : "no");
    code = out_close(&out, code);
done:
    free(idx);
    rr_degen_clear(&dg);
    rr_net_clear(&net);
    return code;
}

/* ---- reluref normalize --------------------------------------------------- */

const char normalize_help[] =
    "usage: reluref normalize NET [--box LO1:HI1,...|domain] [--balanced P]\n"
    "                         [--out FILE] [--form FILE] [--json] [CAPS]\n"
    "\n"
    "The normal form of the parametrization (spec/degeneracy.md).  Shallow\n"
    "networks: the invariants of the function (kink classes with their\n"
    "jumps, the affine remainder), then the network chosen from them alone:\n"
    "no zero, dead, constant or parallel neurons, opposite pairs only where\n"
    "the affine part needs them, canonical directions (first nonzero entry\n"
    "1), canonical neuron order, least width (then lexicographic), never\n"
    "wider than the input when the search over orientations is complete.\n"
    "Two parametrizations of one function give the same normal form.  Deeper\n"
    "networks: layerwise (drop zero, constant and dead neurons, merge\n"
    "positively parallel ones, canonical scale and order, to a fixpoint).\n"
    "By default the realization is exactly the same on R^d; with --box,\n"
    "neurons dead on the box are dropped (and, shallow, always-active ones\n"
    "folded into the affine part, and the linear part carried by\n"
    "always-active neurons): equal on the box only when one of these steps\n"
    "was taken (said in the output), else on R^d as well.\n"
    "\n"
    "The exact normal network has the canonical directions and the jumps as\n"
    "outgoing weights: it is NOT balanced.  Balancing (R1) needs fourth\n"
    "roots: neuron i becomes (t_i u_i, c_i / t_i) with t_i = s_i^(1/4) and\n"
    "s_i = ||c_i||^2 / ||u_i||^2 exact (printed, and in --form).\n"
    "\n"
    "  --box B         normal form on the box B (LO1:HI1,... or 'domain')\n"
    "  --balanced P    write the balanced parameters rounded to nearest at P\n"
    "                  bits (shallow: each correctly rounded, with a certified\n"
    "                  bound on the change of the realization on the domain;\n"
    "                  deeper: scales computed iteratively, approximately\n"
    "                  balanced, the remaining imbalance reported)\n"
    "  --out FILE      write the normal network to FILE (.json, .nnet, .onnx)\n"
    "  --form FILE     write the normal-form document (format\n"
    "                  \"reluref-normal-form\", spec/degeneracy.md) to FILE\n"
    "  --json          print the normal-form document instead of the text\n"
    "CAPS: --max-width N --max-depth N --max-params N --max-exp N --max-digits N\n";

static const char *kind_name(rr_nf_kind k)
{
    return k == RR_NF_SHALLOW ? "shallow" : k == RR_NF_LAYERWISE ? "layerwise"
                                                                 : "affine";
}

static json_t *jstats(const rr_nf_stats_t *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "zero", json_integer(s->zero));
    json_object_set_new(o, "no_incoming", json_integer(s->no_in));
    json_object_set_new(o, "no_outgoing", json_integer(s->no_out));
    json_object_set_new(o, "constant", json_integer(s->constant));
    json_object_set_new(o, "dead_on_box", json_integer(s->dead));
    json_object_set_new(o, "always_active_on_box", json_integer(s->active));
    json_object_set_new(o, "merged", json_integer(s->merged));
    json_object_set_new(o, "cancelled", json_integer(s->cancelled));
    return o;
}

/* The normal-form document (spec/degeneracy.md). */
static json_t *normal_doc(const rr_normal_t *nf, const rr_net_t *net,
                   const char *path)
{
    json_t *o = json_object();
    json_object_set_new(o, "format", json_string("reluref-normal-form"));
    json_object_set_new(o, "version", json_integer(1));
    json_object_set_new(o, "source", json_string(path));
    json_object_set_new(o, "kind", json_string(kind_name(nf->kind)));
    int rd = !nf->on_box || !nf->box_used;
    json_object_set_new(o, "equal_on", json_string(rd ? "R^d" : "box"));
    if (nf->on_box)
        json_object_set_new(o, "box", rr_json_box(nf->net.lo, nf->net.hi,
                                           nf->net.width[0]));
    json_t *a = json_array(), *b = json_array();
    for (int l = 0; l <= net->depth; l++)
        json_array_append_new(a, json_integer(net->width[l]));
    for (int l = 0; l <= nf->net.depth; l++)
        json_array_append_new(b, json_integer(nf->net.width[l]));
    json_object_set_new(o, "architecture_in", a);
    json_object_set_new(o, "architecture_out", b);
    json_object_set_new(o, "width_in", json_integer(nf->width_in));
    json_object_set_new(o, "width_out", json_integer(nf->width_out));
    json_object_set_new(o, "width_bound_holds", json_boolean(nf->width_ok));
    json_object_set_new(o, "removed", jstats(&nf->stats));
    if (nf->kind == RR_NF_SHALLOW) {
        const rr_inv_t *iv = &nf->inv;
        long d = iv->d, k = iv->k, n1 = d + 1;
        json_object_set_new(o, "invariants", rr_json_invariants(iv));
        json_t *rep = json_object();
        json_object_set_new(rep, "orientations",
                            json_string(nf->rep.orient ? nf->rep.orient : ""));
        json_object_set_new(rep, "extra_kind",
                            json_string(iv->on_box ? "always-active neuron"
                                                   : "opposite pair"));
        json_t *ex = json_array();
        for (long p = 0; p < nf->rep.r; p++) {
            json_t *eo = json_object();
            json_object_set_new(eo, "direction", rr_json_qvec(nf->rep.V + p * d, d));
            json_object_set_new(eo, "coefficient",
                                rr_json_qvec(nf->rep.alpha + p * k, k));
            json_array_append_new(ex, eo);
        }
        json_object_set_new(rep, "extra", ex);
        json_object_set_new(rep, "search_complete",
                            json_boolean(nf->search_complete));
        json_object_set_new(rep, "patterns_examined",
                            json_integer((json_int_t)nf->candidates));
        json_object_set_new(rep, "search_cap", json_integer(RR_NF_SEARCH_CAP));
        json_object_set_new(o, "representation", rep);
        /* neurons with their balancing rationals */
        json_t *ns = json_array();
        mpq_t s;
        mpq_init(s);
        const rr_net_t *nn = &nf->net;
        long m = nn->width[1];
        mpq_ptr u = rr_qvec_new(n1), c = rr_qvec_new(k);
        for (long i = 0; i < m && u && c; i++) {
            for (long j = 0; j < d; j++)
                mpq_set(u + j, rr_net_weight(nn, 0, i, j));
            mpq_set(u + d, rr_net_bias(nn, 0, i));
            for (long r = 0; r < k; r++)
                mpq_set(c + r, rr_net_weight(nn, 1, r, i));
            rr_balance_s(s, u, n1, c, k);
            json_t *no = json_object();
            json_object_set_new(no, "in", rr_json_qvec(u, n1));
            json_object_set_new(no, "out", rr_json_qvec(c, k));
            json_object_set_new(no, "s", rr_json_q(s));
            json_array_append_new(ns, no);
        }
        rr_qvec_free(u, n1);
        rr_qvec_free(c, k);
        mpq_clear(s);
        json_object_set_new(o, "neurons", ns);
    }
    if (nf->kind == RR_NF_LAYERWISE)
        json_object_set_new(o, "passes", json_integer(nf->passes));
    json_object_set_new(o, "network", jnet(&nf->net));
    return o;
}

static void print_stats(FILE *f, const rr_nf_stats_t *s)
{
    fprintf(f, "removed or folded (input neurons): zero %ld, no incoming %ld, "
               "no outgoing %ld, constant %ld, dead on the box %ld, always "
               "active on the box %ld, merged into a class %ld, in cancelled "
               "classes %ld\n",
            s->zero, s->no_in, s->no_out, s->constant, s->dead, s->active,
            s->merged, s->cancelled);
}

/* Text of a normal form (for reluref report too).  brief: no network. */
static void normal_print(FILE *f, const rr_normal_t *nf, int brief)
{
    const rr_net_t *nn = &nf->net;
    fprintf(f, "normal form: %s; realization exactly equal on %s\n",
            nf->kind == RR_NF_SHALLOW ? "shallow (invariants of the function)"
            : nf->kind == RR_NF_LAYERWISE
                ? "layerwise (zero/constant/dead dropped, parallel merged, "
                  "canonical scale and order)"
                : "no hidden layer (the network itself)",
            !nf->on_box ? "R^d"
            : nf->box_used ? "the box only"
                           : "the box (and on R^d: no box-dependent step)");
    print_stats(f, &nf->stats);
    if (nf->kind == RR_NF_SHALLOW) {
        const rr_inv_t *iv = &nf->inv;
        long d = iv->d, k = iv->k, n1 = d + 1;
        fprintf(f, "invariants (exact): %ld kink class%s (direction (a | b), "
                   "first nonzero entry 1; jump)\n",
                iv->n, iv->n == 1 ? "" : "es");
        for (long c = 0; c < iv->n && c < 50; c++) {
            fprintf(f, "  %ld. ", c + 1);
            print_row(f, iv->dir + c * n1, d, 1);
            fputs("  jump ", f);
            print_row(f, iv->jump + c * k, k, 0);
            fputc('\n', f);
        }
        if (iv->n > 50)
            fprintf(f, "  ... (%ld in all; --json shows them)\n", iv->n);
        fprintf(f, "  linear part:");
        for (long r = 0; r < k; r++) {
            fputc(' ', f);
            print_row(f, iv->lin + r * d, d, 0);
        }
        fputs("  constant: ", f);
        print_row(f, iv->cst, k, 0);
        fputc('\n', f);
        fprintf(f, "representation: orientations \"%s\" ('+' dir, '-' "
                   "-dir, 'p' opposite pair), %ld extra %s; search %s (%lu "
                   "pattern%s examined, least width then lexicographic)\n",
                nf->rep.orient ? nf->rep.orient : "", nf->rep.r,
                iv->on_box ? "always-active neuron(s)" : "opposite pair(s)",
                nf->search_complete ? "complete" : "CAPPED: fallback to all '+'",
                nf->candidates, nf->candidates == 1 ? "" : "s");
    }
    fprintf(f, "hidden width: %ld -> %ld%s\n", nf->width_in, nf->width_out,
            nf->width_ok ? " (not wider)"
                         : " (WIDER than the input: the search was capped)");
    if (brief)
        return;
    if (nf->kind == RR_NF_SHALLOW)
        fprintf(f, "normal network (exact; canonical directions, jumps as "
                   "outgoing weights; NOT balanced):\n");
    else
        fprintf(f, "normal network (exact; rows (weights | bias), each hidden "
                   "row scaled so its first nonzero\nentry is +-1, rows "
                   "sorted; NOT balanced):\n");
    mpq_t s;
    mpq_init(s);
    for (int l = 0; l < nn->depth; l++) {
        long m = nn->width[l + 1], n = nn->width[l];
        int hidden = l + 1 < nn->depth;
        if (m > 60) {
            fprintf(f, "  layer %d: %ld neurons (see --out / --json)\n",
                    l + 1, m);
            continue;
        }
        for (long i = 0; i < m; i++) {
            fprintf(f, "  %s %d.%ld: ", hidden ? "neuron" : "output", l + 1,
                    i + 1);
            mpq_ptr u = rr_qvec_new(n + 1);
            for (long j = 0; j < n; j++)
                mpq_set(u + j, rr_net_weight(nn, l, i, j));
            mpq_set(u + n, rr_net_bias(nn, l, i));
            print_row(f, u, n, 1);
            if (hidden && nf->kind == RR_NF_SHALLOW) {
                long k = nn->width[2];
                mpq_ptr c = rr_qvec_new(k);
                for (long r = 0; r < k; r++)
                    mpq_set(c + r, rr_net_weight(nn, 1, r, i));
                rr_balance_s(s, u, n + 1, c, k);
                fputs("  out ", f);
                print_row(f, c, k, 0);
                fputs("  s = ||c||^2/||u||^2 = ", f);
                print_qs(f, s);
                rr_qvec_free(c, k);
            }
            rr_qvec_free(u, n + 1);
            fputc('\n', f);
        }
    }
    mpq_clear(s);
    if (nf->kind == RR_NF_SHALLOW)
        fprintf(f, "balanced (R1): neuron i is (t_i u_i, c_i / t_i) with "
                   "t_i = s_i^(1/4) (irrational in general;\n"
                   "--balanced P writes it rounded)\n");
}

int cmd_normalize(int argc, char **argv)
{
    struct {
        const char *box, *out, *form;
        long balanced;
        int json;
    } o = {0};
    const cli_opt opts[] = {
        {"--box", CLI_STR, &o.box},
        {"--out", CLI_STR, &o.out},
        {"--form", CLI_STR, &o.form},
        {"--balanced", CLI_LONG, &o.balanced},
        {"--json", CLI_FLAG, &o.json},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("normalize", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    if (npos != 1)
        return usage_error("normalize", "give one network file%s", "");
    if (o.balanced && (o.balanced < 2 || o.balanced > 65536))
        return usage_error("normalize", "--balanced: precision %s",
                           "must be in [2, 65536]");
    rr_net_t net, bal;
    if ((r = read_net(&net, pos[0], &caps)))
        return r;
    long d = net.width[0];
    mpq_ptr lo = rr_qvec_new(d), hi = rr_qvec_new(d);
    rr_normal_t nf;
    memset(&nf, 0, sizeof nf);
    memset(&bal, 0, sizeof bal);
    int have_bal = 0, code = EX_OK;
    rr_err_t err;
    mpfr_t bound, imb;
    mpfr_inits2(64, bound, imb, (mpfr_ptr)0);
    outp_t out;
    memset(&out, 0, sizeof out);
    if ((o.box && parse_box(lo, hi, o.box, &net, &caps, &err)) ||
        rr_normal_compute(&nf, &net, o.box ? lo : NULL, o.box ? hi : NULL,
                          &err)) {
        code = fail(&err);
        goto done;
    }
    if (o.balanced) {
        if (rr_balance_round(&bal, bound, imb, &nf.net, o.balanced, &err)) {
            code = fail(&err);
            goto done;
        }
        have_bal = 1;
    }
    if (o.form) {
        json_t *doc = normal_doc(&nf, &net, pos[0]);
        outp_t fo;
        if ((code = out_open(&fo, o.form))) {
            json_decref(doc);
            goto done;
        }
        json_print(fo.f, doc);
        json_decref(doc);
        if ((code = out_close(&fo, EX_OK)))
            goto done;
    }
    if (o.out) {
        long nr = 0;
        rr_format_opts_t fmo;
        rr_format_opts_default(&fmo);
        if (rr_net_write_any(o.out, have_bal ? &bal : &nf.net, &fmo, &nr,
                             &err)) {
            code = fail(&err);
            goto done;
        }
        if (nr)
            fprintf(stderr, "reluref normalize: %s: %ld values rounded by the "
                            "format\n", o.out, nr);
    }
    if (o.json) {
        json_t *doc = normal_doc(&nf, &net, pos[0]);
        if (have_bal) {
            json_t *bo = json_object();
            json_object_set_new(bo, "precision", json_integer(o.balanced));
            json_object_set_new(bo, "rounding",
                                json_string(net.depth == 2
                                                ? "each parameter correctly "
                                                  "rounded to nearest"
                                                : "iterative scales, then "
                                                  "rounded to nearest"));
            if (!mpfr_nan_p(bound))
                json_object_set_new(bo, "realization_change_bound", jfr(bound));
            json_object_set_new(bo, "imbalance_bound", jfr(imb));
            json_object_set_new(bo, "network", jnet(&bal));
            json_object_set_new(doc, "balanced", bo);
        }
        json_print(stdout, doc);
        json_decref(doc);
    } else {
        print_net_header(stdout, &net, pos[0]);
        if (nf.on_box) {
            fprintf(stdout, "box ");
            print_box(stdout, nf.net.lo, nf.net.hi, d);
            fputc('\n', stdout);
        }
        normal_print(stdout, &nf, 0);
        if (have_bal) {
            char b1[64], b2[64];
            rr_fr_approx(b2, sizeof b2, imb, 3, MPFR_RNDU);
            if (!mpfr_nan_p(bound)) {
                rr_fr_approx(b1, sizeof b1, bound, 3, MPFR_RNDU);
                fprintf(stdout,
                        "balanced parameters rounded to nearest at %ld bits "
                        "(each the correctly rounded exact value):\n"
                        "  |R(rounded) - R(exact)| <= %s on the domain "
                        "(certified); | ||c||^2/||u||^2 - 1 | <= %s\n",
                        o.balanced, b1, b2);
            } else
                fprintf(stdout,
                        "approximately balanced parameters (iterative scales "
                        "applied exactly, then rounded to nearest at %ld "
                        "bits):\n  | ||c||^2/||u||^2 - 1 | <= %s; the "
                        "realization differs by the rounding (not bounded)\n",
                        o.balanced, b2);
        }
        if (o.out)
            fprintf(stdout, "written: %s (%s)\n", o.out,
                    have_bal ? "balanced, rounded" : "exact");
    }
    code = out_close(&out, code);
done:
    if (have_bal)
        rr_net_clear(&bal);
    mpfr_clears(bound, imb, (mpfr_ptr)0);
    rr_normal_clear(&nf);
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
    rr_net_clear(&net);
    return code;
}

/* ---- for reluref report -------------------------------------------------- */

void degen_report(FILE *f, const rr_net_t *net)
{
    rr_degen_t dg;
    rr_normal_t nf;
    rr_err_t err;
    long hidden = 0;
    for (int l = 1; l < net->depth; l++)
        hidden += net->width[l];
    fprintf(f, "\n== degeneracy of the parametrization (reluref degeneracy, "
               "spec/degeneracy.md)\n");
    if (rr_degen_analyze(&dg, net, NULL, NULL, &err)) {
        fprintf(f, "  not available: %s\n", err.msg);
        rr_degen_clear(&dg);
        return;
    }
    fprintf(f, "box: the domain; ||c||^2/||u||^2 exact (u = incoming weights "
               "and bias, c = outgoing weights)\n");
    degen_print(f, &dg, hidden <= 64);
    fprintf(f, "restricted set R1-R4%s: %s\n",
            net->depth > 2 ? " (every hidden layer)" : "",
            rr_degen_restricted(&dg) ? "yes" : "no");
    rr_degen_clear(&dg);
    fprintf(f, "\n== normal form (reluref normalize)\n");
    if (rr_normal_compute(&nf, net, NULL, NULL, &err))
        fprintf(f, "  not available: %s\n", err.msg);
    else
        normal_print(f, &nf, hidden > 64);
    rr_normal_clear(&nf);
}

/* ---- numbers for the tables ---------------------------------------------- */

/* An exact nonnegative value q or sqrt(q): "3/4" or "sqrt(3)". */
static void print_nval(FILE *f, const rr_nval_t *v)
{
    if (v->is_sqrt) {
        mpq_t r;
        mpq_init(r);
        mpz_t a, b;
        mpz_inits(a, b, NULL);
        int pa = mpz_root(a, mpq_numref(v->q), 2),
            pb = mpz_root(b, mpq_denref(v->q), 2);
        if (pa && pb) {
            mpz_set(mpq_numref(r), a);
            mpz_set(mpq_denref(r), b);
            mpq_canonicalize(r);
            print_qs(f, r);
        } else {
            fputs("sqrt(", f);
            print_qs(f, v->q);
            fputc(')', f);
        }
        mpz_clears(a, b, NULL);
        mpq_clear(r);
    } else
        print_qs(f, v->q);
}

static json_t *jnval(const rr_nval_t *v)
{
    json_t *o = json_object();
    json_object_set_new(o, v->is_sqrt ? "sqrt_of" : "exact", rr_json_q(v->q));
    mpfr_t lo, hi;
    mpfr_inits2(64, lo, hi, (mpfr_ptr)0);
    rr_nval_enclose(lo, hi, v);
    json_object_set_new(o, "lo", jfr(lo));
    json_object_set_new(o, "hi", jfr(hi));
    mpfr_clears(lo, hi, (mpfr_ptr)0);
    return o;
}

static json_t *jenc(mpfr_srcptr lo, mpfr_srcptr hi)
{
    json_t *o = json_object();
    json_object_set_new(o, "lo", jfr(lo));
    json_object_set_new(o, "hi", jfr(hi));
    char b[64];
    rr_fr_approx(b, sizeof b, lo, 10, MPFR_RNDD);
    json_object_set_new(o, "lo_approx", json_string(b));
    rr_fr_approx(b, sizeof b, hi, 10, MPFR_RNDU);
    json_object_set_new(o, "hi_approx", json_string(b));
    return o;
}

/* "[lo, hi]" with `digits` digits rounded outward; one number when both
 * print alike. */
static void print_enc(FILE *f, mpfr_srcptr lo, mpfr_srcptr hi, int digits)
{
    char a[64], b[64];
    rr_fr_approx(a, sizeof a, lo, digits, MPFR_RNDD);
    rr_fr_approx(b, sizeof b, hi, digits, MPFR_RNDU);
    if (!strcmp(a, b))
        fprintf(f, "%s", a);
    else
        fprintf(f, "[%s, %s]", a, b);
}

/* ---- reluref pathology --------------------------------------------------- */

const char pathology_help[] =
    "usage: reluref pathology P1|P2|P3|P4 [--k K1,K2,...] [--r R] [--a A]\n"
    "                         [--t T] [--prec P] [--write DIR] [--json]\n"
    "                         [--out FILE]\n"
    "\n"
    "The B-E-G pathologies (MATH.md section 4, spec/degeneracy.md): for each k\n"
    "the network Gamma, the target g_k, an explicit parametrization Phi_k of\n"
    "g_k of Gamma's shape; delta = ||g_k - R(Gamma)||_{W^{1,inf}([-1,1]^d)}\n"
    "(exact, by reluref's norm engine, checked against the closed form); L,\n"
    "an exact lower bound on ||Phi - Gamma||_inf over EVERY parametrization\n"
    "Phi of g_k; U = ||Phi_k - Gamma||_inf; and L / sqrt(delta), certified,\n"
    "which grows without bound.  Beside it, for the restricted Gamma' with the\n"
    "same realization (its balanced normal form), D' = the distance to the\n"
    "nearest restricted parametrization of g_k (reluref stability) and\n"
    "D' / sqrt(delta), which stays bounded.\n"
    "  P1  unbalancedness: Gamma = (a = (r,0), c = 0), g_k = rho(x_2)/k\n"
    "  P2  opposite weights: rows a_i, -a_i, c = (1..1, -1..-1), sum a_i = 0;\n"
    "      a = (1,0), (0,1), (-1,-1), g_k = rho(<v,x>)/k, v = (1,2)\n"
    "  P3  parallel neurons: Gamma = a rho(x) - a rho(x) (N = (1,2,1)),\n"
    "      g_k = rho(x - t)/k\n"
    "  P4  the uniform norm is too weak: Gamma = 0 in N = (1,1,1),\n"
    "      g_k = k rho(x - 1 + 1/k^2): the ratio against sqrt of the L^inf\n"
    "      distance grows, against the W^{1,inf} distance it does not\n"
    "\n"
    "  --k LIST      values of k (default 1,4,16,...,16384: powers of 4, so\n"
    "                that sqrt(k) is exact)\n"
    "  --r R, --a A, --t T   family parameters (exact; defaults 1, 1, 1/2)\n"
    "  --prec P      bits of the certified enclosures (default 128)\n"
    "  --write DIR   write Gamma, g_k and Phi_k of every k as networks in DIR\n"
    "  --json        machine-readable output\n"
    "  --out FILE    write to FILE (atomically) instead of standard output\n";

static const char *patho_title[] = {
    "", "P1 unbalancedness", "P2 opposite weights", "P3 parallel neurons",
    "P4 the uniform norm is too weak"};

/* max over all parameters |phi - gamma| (same architecture) */
static void param_dist_exact(mpq_ptr U, const rr_net_t *a, const rr_net_t *b)
{
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(U, 0, 1);
    for (int l = 0; l < a->depth; l++) {
        long n = a->width[l + 1] * a->width[l];
        for (long x = 0; x < n; x++) {
            mpq_sub(t, a->w[l] + x, b->w[l] + x);
            mpq_abs(t, t);
            if (mpq_cmp(t, U) > 0)
                mpq_set(U, t);
        }
        for (long x = 0; x < a->width[l + 1]; x++) {
            mpq_sub(t, a->b[l] + x, b->b[l] + x);
            mpq_abs(t, t);
            if (mpq_cmp(t, U) > 0)
                mpq_set(U, t);
        }
    }
    mpq_clear(t);
}

/* Same invariants (same function on R^d) of two shallow networks. */
static int same_function(const rr_net_t *a, const rr_net_t *b, rr_err_t *err)
{
    rr_sp_t pa, pb;
    rr_inv_t ia, ib;
    memset(&ia, 0, sizeof ia);
    memset(&ib, 0, sizeof ib);
    if (rr_sp_from_net(&pa, a, err))
        return -1;
    if (rr_sp_from_net(&pb, b, err)) {
        rr_sp_clear(&pa);
        return -1;
    }
    int r = -1;
    if (!rr_inv_compute(&ia, NULL, &pa, NULL, NULL, err) &&
        !rr_inv_compute(&ib, NULL, &pb, NULL, NULL, err))
        r = rr_inv_equal(&ia, &ib);
    rr_inv_clear(&ia);
    rr_inv_clear(&ib);
    rr_sp_clear(&pa);
    rr_sp_clear(&pb);
    return r;
}

/* The restricted Gamma' with Gamma's realization and architecture: its
 * normal form, padded with zero neurons; NULL-cleared and -1 when that is
 * not exactly balanced (not the case for P1-P4). */
static int restricted_twin(rr_net_t *out, const rr_net_t *gamma,
                           rr_err_t *err)
{
    rr_normal_t nf;
    if (rr_normal_compute(&nf, gamma, NULL, NULL, err)) {
        rr_normal_clear(&nf);
        return -1;
    }
    int r = -1;
    long m = gamma->width[1];
    if (nf.width_out <= m && !rr_net_init_copy(out, gamma, err)) {
        for (long x = 0; x < m * gamma->width[0]; x++)
            mpq_set_ui(out->w[0] + x, 0, 1);
        for (long x = 0; x < m; x++)
            mpq_set_ui(out->b[0] + x, 0, 1);
        for (long x = 0; x < m * gamma->width[2]; x++)
            mpq_set_ui(out->w[1] + x, 0, 1);
        for (long i = 0; i < nf.width_out; i++) {
            for (long j = 0; j < gamma->width[0]; j++)
                mpq_set(rr_net_weight(out, 0, i, j),
                        rr_net_weight(&nf.net, 0, i, j));
            mpq_set(rr_net_bias(out, 0, i), rr_net_bias(&nf.net, 0, i));
            for (long q = 0; q < gamma->width[2]; q++)
                mpq_set(rr_net_weight(out, 1, q, i),
                        rr_net_weight(&nf.net, 1, q, i));
        }
        for (long q = 0; q < gamma->width[2]; q++)
            mpq_set(rr_net_bias(out, 1, q), rr_net_bias(&nf.net, 1, q));
        rr_degen_t dg;
        if (!rr_degen_analyze(&dg, out, NULL, NULL, err))
            r = rr_degen_restricted(&dg) ? 0 : -1;
        rr_degen_clear(&dg);
        if (r)
            rr_net_clear(out);
    }
    rr_normal_clear(&nf);
    return r;
}

static int parse_klist(long **ks, long *nk, const char *s)
{
    *nk = 0;
    *ks = NULL;
    if (!s) {
        *ks = malloc(8 * sizeof **ks);
        if (!*ks)
            return -1;
        for (long i = 0; i < 8; i++)
            (*ks)[i] = 1L << (2 * i);
        *nk = 8;
        return 0;
    }
    long cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    *ks = malloc((size_t)cap * sizeof **ks);
    if (!*ks)
        return -1;
    const char *p = s;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || v > 1000000000L || (*end && *end != ','))
            return -1;
        (*ks)[(*nk)++] = v;
        p = *end ? end + 1 : end;
    }
    return *nk ? 0 : -1;
}

int cmd_pathology(int argc, char **argv)
{
    struct {
        const char *k, *r, *a, *t, *write, *out;
        long prec;
        int json;
    } o = {0};
    const cli_opt opts[] = {
        {"--k", CLI_STR, &o.k},         {"--r", CLI_STR, &o.r},
        {"--a", CLI_STR, &o.a},         {"--t", CLI_STR, &o.t},
        {"--prec", CLI_LONG, &o.prec},  {"--write", CLI_STR, &o.write},
        {"--out", CLI_STR, &o.out},     {"--json", CLI_FLAG, &o.json},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("pathology", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    if (npos != 1)
        return usage_error("pathology", "give the family: P1, P2, P3 or P4%s",
                           "");
    int fam = 0;
    for (int q = 1; q <= 4; q++) {
        char nm[3] = {'P', (char)('0' + q), 0}, nl[3] = {'p', nm[1], 0};
        if (!strcmp(pos[0], nm) || !strcmp(pos[0], nl))
            fam = q;
    }
    if (!fam)
        return usage_error("pathology", "unknown family '%s' (P1, P2, P3, P4)",
                           pos[0]);
    long prec = o.prec ? o.prec : 128;
    if (prec < 16 || prec > 65536)
        return usage_error("pathology", "--prec: %s", "must be in [16, 65536]");
    long *ks, nk;
    if (parse_klist(&ks, &nk, o.k)) {
        free(ks);
        return usage_error("pathology", "--k: a comma-separated list of "
                                        "integers in [1, 10^9], got '%s'",
                           o.k);
    }
    rr_patho_params_t pp;
    rr_patho_defaults(&pp);
    rr_err_t err;
    int code = EX_OK;
    json_t *root = NULL, *rows = NULL;
    outp_t out;
    memset(&out, 0, sizeof out);
    struct {
        const char *s, *name;
        mpq_ptr q;
    } qo[] = {{o.r, "--r", pp.r}, {o.a, "--a", pp.a}, {o.t, "--t", pp.t}};
    for (int q = 0; q < 3; q++)
        if (qo[q].s && rr_q_parse(qo[q].q, qo[q].s, &caps, &err)) {
            rr_err_prefix(&err, "%s", qo[q].name);
            code = fail(&err);
            goto done;
        }
    if ((code = out_open(&out, o.out)))
        goto done;
    FILE *f = out.f;
    mpfr_t a, b, c, e, sq;
    mpfr_inits2((mpfr_prec_t)prec, a, b, c, e, sq, (mpfr_ptr)0);
    mpq_t U;
    mpq_init(U);
    rr_norm_opts_t no;
    rr_norm_opts_default(&no);
    no.prec = prec;
    int any_fb = 0;
    for (long ik = 0; ik < nk && code == EX_OK; ik++) {
        long k = ks[ik];
        rr_net_t gamma, target, phi, diff, twin;
        rr_nval_t L, dc, dic;
        rr_norm_result_t res;
        rr_probe_t pr;
        int have_res = 0, have_pr = 0, have_twin = 0, nfb = 0;
        memset(&diff, 0, sizeof diff);
        memset(&pr, 0, sizeof pr);
        if (rr_patho_build(&gamma, &target, &phi, &L, &dc, &dic, fam, k, &pp,
                           &err)) {
            code = fail(&err);
            rr_nval_clear(&L);
            rr_nval_clear(&dc);
            rr_nval_clear(&dic);
            break;
        }
        int same = same_function(&phi, &target, &err);
        if (same < 0 || (!same && (rr_err_set(&err, RR_EINTERNAL,
                                              "pathology: Phi_k does not "
                                              "realize g_k (a bug)"),
                                   1))) {
            code = fail(&err);
            goto next;
        }
        if (o.write) {
            char path[4096];
            const char *nm[3] = {"gamma", "target", "phi"};
            const rr_net_t *nets[3] = {&gamma, &target, &phi};
            for (int q = 0; q < 3; q++) {
                snprintf(path, sizeof path, "%s/P%d-k%ld-%s.json", o.write,
                         fam, k, nm[q]);
                if (rr_net_write_file(path, nets[q], &err)) {
                    code = fail(&err);
                    goto next;
                }
            }
        }
        if (rr_net_difference(&diff, &target, &gamma, NULL, &err) ||
            rr_norm_robust(&res, &nfb, &diff, NULL, NULL, &no, &err)) {
            code = fail(&err);
            goto next;
        }
        have_res = 1;
        any_fb |= nfb;
        if (!res.exact || rr_nval_cmp(&res.w1_max.lo, &dc) ||
            rr_nval_cmp(&res.linf_max.lo, &dic)) {
            rr_err_set(&err, RR_EINTERNAL,
                       "pathology: k = %ld: the norm engine and the closed "
                       "form of delta disagree", k);
            code = fail(&err);
            goto next;
        }
        param_dist_exact(U, &phi, &gamma);
        /* L / sqrt(delta) */
        rr_nval_enclose(a, b, &L);
        rr_nval_enclose(c, e, &dc);
        mpfr_sqrt(sq, e, MPFR_RNDU);
        mpfr_div(a, a, sq, MPFR_RNDD);
        mpfr_sqrt(sq, c, MPFR_RNDD);
        mpfr_div(b, b, sq, MPFR_RNDU);
        /* restricted twin and the probe */
        if (!restricted_twin(&twin, &gamma, &err)) {
            have_twin = 1;
            if (rr_probe_compute(&pr, &twin, &phi, prec, &no, &err)) {
                code = fail(&err);
                goto next;
            }
            have_pr = 1;
        }
        if (o.json) {
            if (!root) {
                root = json_object();
                json_object_set_new(root, "family", json_integer(fam));
                json_object_set_new(root, "title",
                                    json_string(patho_title[fam]));
                json_object_set_new(root, "gamma", jnet(&gamma));
                rows = json_array();
                json_object_set_new(root, "rows", rows);
            }
            json_t *row = json_object();
            json_object_set_new(row, "k", json_integer(k));
            json_object_set_new(row, "delta_w1inf", jnval(&res.w1_max.lo));
            json_object_set_new(row, "delta_linf", jnval(&res.linf_max.lo));
            json_object_set_new(row, "L", jnval(&L));
            json_object_set_new(row, "U", rr_json_q(U));
            json_object_set_new(row, "ratio_L_sqrt_delta", jenc(a, b));
            if (fam == RR_P4) {
                mpfr_t a2, b2;
                mpfr_inits2((mpfr_prec_t)prec, a2, b2, (mpfr_ptr)0);
                rr_nval_enclose(a2, b2, &L);
                rr_nval_enclose(c, e, &dic);
                mpfr_sqrt(sq, e, MPFR_RNDU);
                mpfr_div(a2, a2, sq, MPFR_RNDD);
                mpfr_sqrt(sq, c, MPFR_RNDD);
                mpfr_div(b2, b2, sq, MPFR_RNDU);
                json_object_set_new(row, "ratio_L_sqrt_delta_linf",
                                    jenc(a2, b2));
                mpfr_clears(a2, b2, (mpfr_ptr)0);
            }
            if (have_pr) {
                json_object_set_new(row, "restricted_D",
                                    jenc(pr.D_lo, pr.D_hi));
                json_object_set_new(row, "restricted_ratio",
                                    jenc(pr.ratio_lo, pr.ratio_hi));
            }
            json_object_set_new(row, "phi", jnet(&phi));
            json_array_append_new(rows, row);
        } else {
            if (ik == 0) {
                fprintf(f, "%s (MATH.md section 4, spec/degeneracy.md)\n",
                        patho_title[fam]);
                fprintf(f, "Gamma: ");
                for (long i = 0; i < gamma.width[1]; i++) {
                    mpq_ptr u = rr_qvec_new(gamma.width[0] + 1);
                    for (long j = 0; j < gamma.width[0]; j++)
                        mpq_set(u + j, rr_net_weight(&gamma, 0, i, j));
                    mpq_set(u + gamma.width[0], rr_net_bias(&gamma, 0, i));
                    fprintf(f, "%s", i ? ", " : "");
                    print_row(f, u, gamma.width[0], 1);
                    fputs(" c ", f);
                    print_qs(f, rr_net_weight(&gamma, 1, 0, i));
                    rr_qvec_free(u, gamma.width[0] + 1);
                }
                fprintf(f, " in N = (%ld, %ld, 1); domain [-1, 1]^%ld\n",
                        gamma.width[0], gamma.width[1], gamma.width[0]);
                fprintf(f,
                        "delta = ||g_k - R(Gamma)||_{W^{1,inf}} (exact, norm "
                        "engine = closed form)%s\n"
                        "L = exact lower bound on ||Phi - Gamma||_inf over "
                        "every parametrization Phi of g_k%s\n"
                        "U = ||Phi_k - Gamma||_inf of the explicit Phi_k "
                        "(checked: R(Phi_k) = g_k exactly)\n"
                        "restricted: Gamma' = balanced normal form of Gamma "
                        "(same realization); D' = distance to the\n"
                        "nearest restricted parametrization of g_k "
                        "(certified enclosure, %ld bits)\n\n",
                        fam == RR_P4 ? "; delta_inf = the L^inf distance" : "",
                        fam == RR_P1 || fam == RR_P4 ? " (here the exact minimum)"
                                                     : "",
                        prec);
                fprintf(f, "%8s  %-10s  %-10s  %-8s  %-22s", "k", "delta",
                        "L", "U", "L/sqrt(delta)");
                if (fam == RR_P4)
                    fprintf(f, "  %-10s  %-14s", "delta_inf",
                            "L/sqrt(d_inf)");
                fprintf(f, "  %-24s  %s\n", "D' (restricted)",
                        "D'/sqrt(delta)");
            }
            char *cell[9];
            size_t cl;
            FILE *m;
            for (int q = 0; q < 9; q++)
                cell[q] = NULL;
#define CELL(i, stmt)                                                        \
    do {                                                                     \
        m = open_memstream(&cell[i], &cl);                                   \
        if (m) {                                                             \
            FILE *f_ = m;                                                    \
            (void)f_;                                                        \
            stmt;                                                            \
            fclose(m);                                                       \
        }                                                                    \
    } while (0)
            CELL(0, fprintf(m, "%ld", k));
            CELL(1, print_nval(m, &res.w1_max.lo));
            CELL(2, print_nval(m, &L));
            CELL(3, print_qs(m, U));
            CELL(4, print_enc(m, a, b, 6));
            if (fam == RR_P4) {
                CELL(5, print_nval(m, &res.linf_max.lo));
                rr_nval_enclose(a, b, &L);
                rr_nval_enclose(c, e, &dic);
                mpfr_sqrt(sq, e, MPFR_RNDU);
                mpfr_div(a, a, sq, MPFR_RNDD);
                mpfr_sqrt(sq, c, MPFR_RNDD);
                mpfr_div(b, b, sq, MPFR_RNDU);
                CELL(6, print_enc(m, a, b, 6));
            }
            if (have_pr) {
                CELL(7, print_enc(m, pr.D_lo, pr.D_hi, 6));
                CELL(8, print_enc(m, pr.ratio_lo, pr.ratio_hi, 6));
            }
#undef CELL
            static const int wid[9] = {8, 10, 10, 8, 22, 10, 14, 24, 0};
            for (int q = 0; q < 9; q++) {
                if ((q == 5 || q == 6) && fam != RR_P4)
                    continue;
                const char *txt = cell[q] ? cell[q]
                                  : q >= 7 ? "(no restricted twin)" : "";
                if (q == 0)
                    fprintf(f, "%*s", wid[q], txt);
                else
                    fprintf(f, "  %-*s", wid[q], txt);
                free(cell[q]);
            }
            fputc('\n', f);
        }
    next:
        if (have_res)
            rr_norm_result_clear(&res);
        if (have_pr)
            rr_probe_clear(&pr);
        if (have_twin)
            rr_net_clear(&twin);
        rr_net_clear(&diff);
        rr_net_clear(&gamma);
        rr_net_clear(&target);
        rr_net_clear(&phi);
        rr_nval_clear(&L);
        rr_nval_clear(&dc);
        rr_nval_clear(&dic);
    }
    if (code == EX_OK && o.json && root) {
        json_object_set_new(root, "norm_fallback", json_boolean(any_fb));
        json_print(f, root);
    } else if (code == EX_OK) {
        if (fam == RR_P4)
            fprintf(f, "\nGamma = 0 is restricted: against the W^{1,inf} "
                       "distance the ratio stays 1, against the L^inf\n"
                       "distance it grows like k: the uniform norm is too "
                       "weak for inverse stability\n");
        else
            fprintf(f, "\nL/sqrt(delta) grows like sqrt(k): no inverse "
                       "stability with exponent 1/2 (or any exponent) at "
                       "Gamma;\nfor the restricted Gamma' with the same "
                       "realization D'/sqrt(delta) stays bounded\n");
        if (any_fb)
            fprintf(f, "note: for some k the norm engine's shallow method "
                       "failed its own witness check; the exact\nregion "
                       "method was used instead (rr_norm_robust)\n");
    }
    mpq_clear(U);
    mpfr_clears(a, b, c, e, sq, (mpfr_ptr)0);
    code = out_close(&out, code);
done:
    if (out.have)
        out_close(&out, EX_INTERNAL);
    json_decref(root);
    free(ks);
    rr_patho_params_clear(&pp);
    return code;
}

/* ---- reluref stability --------------------------------------------------- */

const char stability_help[] =
    "usage: reluref stability GAMMA G [--prec P] [--json] [--out FILE]\n"
    "       reluref stability GAMMA --sweep N [--seed S] [--eps E]\n"
    "                         [--prec P] [--worst FILE] [--json] [--out FILE]\n"
    "\n"
    "Inverse-stability probe (B-E-G; spec/degeneracy.md) for a restricted\n"
    "shallow network GAMMA and a network G of the same architecture:\n"
    "  delta = ||R(G) - R(GAMMA)||_{W^{1,inf}(Omega)}, Omega = GAMMA's domain\n"
    "          (exact, reluref's norm engine, Euclidean gradient norm);\n"
    "  D     = ||Phi - GAMMA||_inf for the nearest restricted parametrization\n"
    "          Phi of R(G) among the candidates: G itself cleaned and\n"
    "          balanced, and every representation of R(G)'s invariants of\n"
    "          width <= m (all orientations), each balanced and padded with\n"
    "          zero neurons; per candidate a bottleneck assignment of\n"
    "          neurons; certified enclosure in MPFR (default 128 bits);\n"
    "  D / sqrt(delta), certified.\n"
    "With --sweep N: G = GAMMA plus seeded random perturbations of every\n"
    "parameter (uniform on a grid in [-eps_t, eps_t], eps_t = E 2^-(t mod 10),\n"
    "E default 1/4); in every other block of 10 trials only GAMMA's zero\n"
    "neurons are perturbed (a new kink grows: the case where the exponent 1/2\n"
    "is sharp).  Prints per scale the largest D/sqrt(delta) and D/delta, the\n"
    "largest ratio seen and the case; --worst writes that G.\n";

static int stab_print(FILE *f, const rr_probe_t *pr, int json, json_t **jo)
{
    if (json) {
        json_t *o = json_object();
        if (pr->delta_exact)
            json_object_set_new(o, "delta", jnval(&pr->delta));
        else
            json_object_set_new(o, "delta", jenc(pr->delta_lo, pr->delta_hi));
        json_object_set_new(o, "D", jenc(pr->D_lo, pr->D_hi));
        json_object_set_new(o, "ratio", jenc(pr->ratio_lo, pr->ratio_hi));
        json_object_set_new(o, "candidates", json_integer(pr->ncand));
        json_object_set_new(o, "candidates_complete",
                            json_boolean(pr->cand_complete));
        json_object_set_new(o, "nearest", json_string(pr->best_desc));
        json_object_set_new(o, "norm_fallback",
                            json_boolean(pr->norm_fallback));
        json_t *pa = json_array();
        for (long i = 0; i < pr->m; i++)
            json_array_append_new(pa, json_integer(pr->perm[i] + 1));
        json_object_set_new(o, "assignment", pa);
        *jo = o;
        return 0;
    }
    fprintf(f, "delta = ||R(G) - R(Gamma)||_{W^{1,inf}} = ");
    if (pr->delta_exact) {
        print_nval(f, &pr->delta);
        fprintf(f, " (exact) ~ ");
        print_enc(f, pr->delta_lo, pr->delta_hi, 8);
    } else {
        print_enc(f, pr->delta_lo, pr->delta_hi, 8);
        fprintf(f, " (certified bounds)");
    }
    fprintf(f, "\nD = distance to the nearest restricted parametrization of "
               "R(G): ");
    print_enc(f, pr->D_lo, pr->D_hi, 10);
    fprintf(f, " (certified, %ld bits)\n    among %ld candidate%s (%s); "
               "nearest: %s\n    assignment (Gamma neuron -> neuron):",
            pr->prec, pr->ncand, pr->ncand == 1 ? "" : "s",
            pr->cand_complete ? "all orientation patterns"
                              : "search capped: canonical only",
            pr->best_desc);
    for (long i = 0; i < pr->m && i < 30; i++)
        fprintf(f, " %ld->%ld", i + 1, pr->perm[i] + 1);
    if (mpfr_zero_p(pr->delta_hi))
        fprintf(f, "\nD / sqrt(delta): undefined (delta = 0: R(G) = "
                   "R(Gamma) on the box)\n");
    else {
        fprintf(f, "\nD / sqrt(delta) in ");
        print_enc(f, pr->ratio_lo, pr->ratio_hi, 10);
        fprintf(f, " (certified)\n");
    }
    if (pr->norm_fallback)
        fprintf(f, "note: the norm engine's shallow method failed its own "
                   "witness check; the exact region method was used\n");
    return 0;
}

int cmd_stability(int argc, char **argv)
{
    struct {
        const char *eps, *worst, *out;
        long prec, sweep, seed;
        int json;
    } o = {0};
    const cli_opt opts[] = {
        {"--prec", CLI_LONG, &o.prec},   {"--sweep", CLI_LONG, &o.sweep},
        {"--seed", CLI_LONG, &o.seed},   {"--eps", CLI_STR, &o.eps},
        {"--worst", CLI_STR, &o.worst},  {"--out", CLI_STR, &o.out},
        {"--json", CLI_FLAG, &o.json},   {NULL, CLI_FLAG, NULL},
    };
    const char *pos[2];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("stability", argc, argv, opts, pos, 2, &npos, &caps);
    if (r)
        return r;
    if (!o.sweep && npos != 2)
        return usage_error("stability", "give GAMMA and G (or GAMMA and "
                                        "--sweep N)%s", "");
    if (o.sweep && npos != 1)
        return usage_error("stability", "with --sweep give GAMMA only%s", "");
    long prec = o.prec ? o.prec : 128;
    if (prec < 16 || prec > 65536)
        return usage_error("stability", "--prec: %s", "must be in [16, 65536]");
    rr_net_t gamma, g;
    memset(&g, 0, sizeof g);
    if ((r = read_net(&gamma, pos[0], &caps)))
        return r;
    rr_err_t err;
    int code = EX_OK;
    outp_t out;
    memset(&out, 0, sizeof out);
    rr_norm_opts_t no;
    rr_norm_opts_default(&no);
    no.prec = prec;
    mpq_t eps;
    mpq_init(eps);
    mpq_set_ui(eps, 1, 4);
    if (o.eps && (rr_q_parse(eps, o.eps, &caps, &err) ||
                  (mpq_sgn(eps) <= 0 &&
                   rr_err_set(&err, RR_EINPUT, "must be > 0")))) {
        rr_err_prefix(&err, "--eps");
        code = fail(&err);
        goto done;
    }
    if (!o.sweep) {
        if ((code = read_net(&g, pos[1], &caps)))
            goto done;
        rr_probe_t pr;
        if (rr_probe_compute(&pr, &gamma, &g, prec, &no, &err)) {
            rr_err_prefix(&err, "%s, %s", pos[0], pos[1]);
            code = fail(&err);
            rr_probe_clear(&pr);
            goto done;
        }
        if ((code = out_open(&out, o.out))) {
            rr_probe_clear(&pr);
            goto done;
        }
        if (o.json) {
            json_t *jo = NULL;
            stab_print(out.f, &pr, 1, &jo);
            json_object_set_new(jo, "gamma", json_string(pos[0]));
            json_object_set_new(jo, "g", json_string(pos[1]));
            json_print(out.f, jo);
            json_decref(jo);
        } else {
            fprintf(out.f, "Gamma %s (restricted: yes), G %s, architecture "
                           "(%ld, %ld, %ld), Omega = Gamma's domain\n",
                    pos[0], pos[1], gamma.width[0], gamma.width[1],
                    gamma.width[2]);
            stab_print(out.f, &pr, 0, NULL);
        }
        rr_probe_clear(&pr);
        code = out_close(&out, code);
        goto done;
    }
    /* sweep */
    {
        rr_rand_t rng;
        uint64_t seed = (uint64_t)(o.seed ? o.seed : 1);
        rr_rand_seed(&rng, seed);
        rr_net_t worst;
        memset(&worst, 0, sizeof worst);
        int have_worst = 0;
        long worst_t = -1;
        mpfr_t wlo, whi, wd, wD, wDl, wdl;
        mpfr_inits2((mpfr_prec_t)prec, wlo, whi, wd, wD, wDl, wdl,
                    (mpfr_ptr)0);
        mpq_t et, step;
        mpq_inits(et, step, NULL);
        long done_n = 0, skipped = 0, zero_delta = 0;
        json_t *jcases = o.json ? json_array() : NULL;
        /* per kind and scale: trials, max D/sqrt(delta), max D/delta */
        long seen[2][10];
        mpfr_t smax[2][10], lmax[2][10], tmpq;
        memset(seen, 0, sizeof seen);
        mpfr_init2(tmpq, (mpfr_prec_t)prec);
        for (int q = 0; q < 2; q++)
            for (int j = 0; j < 10; j++)
                mpfr_inits2((mpfr_prec_t)prec, smax[q][j], lmax[q][j],
                            (mpfr_ptr)0);
        long mg = gamma.width[1], nzero = 0;
        char *zero_neuron = calloc((size_t)mg + 1, 1);
        for (long i = 0; zero_neuron && gamma.depth == 2 && i < mg; i++) {
            int z = !mpq_sgn(rr_net_bias(&gamma, 0, i));
            for (long j = 0; j < gamma.width[0]; j++)
                z &= !mpq_sgn(rr_net_weight(&gamma, 0, i, j));
            for (long q = 0; q < gamma.width[2]; q++)
                z &= !mpq_sgn(rr_net_weight(&gamma, 1, q, i));
            zero_neuron[i] = (char)z;
            nzero += z;
        }
        {   /* Gamma must be restricted: say so once, before any trial */
            rr_degen_t dg;
            if (gamma.depth != 2) {
                rr_err_set(&err, RR_EINPUT, "%s: Gamma must be shallow "
                                            "(d, m, k)", pos[0]);
                code = fail(&err);
            } else if (!rr_degen_analyze(&dg, &gamma, NULL, NULL, &err) &&
                       !rr_degen_restricted(&dg)) {
                rr_err_set(&err, RR_EINPUT, "%s: Gamma is not in the "
                                            "restricted set (see reluref "
                                            "restricted)", pos[0]);
                code = fail(&err);
            }
            if (gamma.depth == 2)
                rr_degen_clear(&dg);
        }
        for (long t = 0; t < o.sweep && code == EX_OK; t++) {
            mpq_set(et, eps);
            mpz_mul_2exp(mpq_denref(et), mpq_denref(et), (mp_bitcnt_t)(t % 10));
            mpq_canonicalize(et);
            mpq_set(step, et);
            mpz_mul_ui(mpq_denref(step), mpq_denref(step), 256);
            mpq_canonicalize(step);
            if (rr_net_init_copy(&g, &gamma, &err)) {
                code = fail(&err);
                break;
            }
            /* kind 0: every parameter; kind 1 (odd blocks of 10 trials,
             * when Gamma has zero neurons): only the zero neurons grow */
            int kind = nzero && (t / 10) % 2 == 1;
            long sc = t % 10;
            mpq_t dq;
            mpq_init(dq);
            for (int l = 0; l < g.depth; l++) {
                long n = g.width[l + 1] * g.width[l], nin = g.width[l];
                for (long x = 0; x < n + g.width[l + 1]; x++) {
                    mpq_ptr p = x < n ? g.w[l] + x : g.b[l] + (x - n);
                    mpq_set_si(dq, (long)rr_rand_range(&rng, -256, 256), 1);
                    mpq_mul(dq, dq, step);
                    long neuron = l == 0 ? (x < n ? x / nin : x - n)
                                         : (x < n ? x % nin : -1);
                    if (kind && (neuron < 0 || !zero_neuron[neuron]))
                        continue;
                    mpq_add(p, p, dq);
                }
            }
            mpq_clear(dq);
            rr_probe_t pr;
            if (rr_probe_compute(&pr, &gamma, &g, prec, &no, &err)) {
                rr_probe_clear(&pr);
                if (err.code == RR_ELIMIT ||
                    (err.code == RR_EINPUT && !strncmp(err.msg, "G:", 2))) {
                    skipped++; /* e.g. no candidate found within the cap */
                    rr_net_clear(&g);
                    continue;
                }
                code = fail(&err);
                rr_net_clear(&g);
                break;
            }
            done_n++;
            if (mpfr_zero_p(pr.delta_hi)) { /* R(G) = R(Gamma) on the box */
                zero_delta++;
                rr_probe_clear(&pr);
                rr_net_clear(&g);
                continue;
            }
            if (!seen[kind][sc] || mpfr_cmp(pr.ratio_hi, smax[kind][sc]) > 0)
                mpfr_set(smax[kind][sc], pr.ratio_hi, MPFR_RNDU);
            mpfr_div(tmpq, pr.D_hi, pr.delta_lo, MPFR_RNDU);
            if (!seen[kind][sc] || mpfr_cmp(tmpq, lmax[kind][sc]) > 0)
                mpfr_set(lmax[kind][sc], tmpq, MPFR_RNDU);
            seen[kind][sc]++;
            if (jcases) {
                json_t *jo = NULL;
                stab_print(NULL, &pr, 1, &jo);
                json_object_set_new(jo, "trial", json_integer(t));
                char eb[64];
                rr_q_approx(eb, sizeof eb, et, 6);
                json_object_set_new(jo, "eps", rr_json_q(et));
                json_array_append_new(jcases, jo);
            }
            if (!have_worst || mpfr_cmp(pr.ratio_hi, whi) > 0) {
                mpfr_set(wlo, pr.ratio_lo, MPFR_RNDD);
                mpfr_set(whi, pr.ratio_hi, MPFR_RNDU);
                mpfr_set(wdl, pr.delta_lo, MPFR_RNDD);
                mpfr_set(wd, pr.delta_hi, MPFR_RNDU);
                mpfr_set(wDl, pr.D_lo, MPFR_RNDD);
                mpfr_set(wD, pr.D_hi, MPFR_RNDU);
                if (have_worst)
                    rr_net_clear(&worst);
                worst = g;
                memset(&g, 0, sizeof g);
                have_worst = 1;
                worst_t = t;
            }
            rr_probe_clear(&pr);
            rr_net_clear(&g);
        }
        if (code == EX_OK && !have_worst) {
            rr_err_set(&err, RR_EINPUT, "%s: no trial could be evaluated",
                       pos[0]);
            code = fail(&err);
        }
        if (code == EX_OK && o.worst &&
            rr_net_write_file(o.worst, &worst, &err))
            code = fail(&err);
        if (code == EX_OK && !(code = out_open(&out, o.out))) {
            if (o.json) {
                json_t *root = json_object();
                json_object_set_new(root, "gamma", json_string(pos[0]));
                json_object_set_new(root, "seed", json_integer((json_int_t)seed));
                json_object_set_new(root, "eps", rr_json_q(eps));
                json_object_set_new(root, "trials", json_integer(done_n));
                json_object_set_new(root, "skipped", json_integer(skipped));
                json_object_set_new(root, "delta_zero",
                                    json_integer(zero_delta));
                json_object_set_new(root, "worst_trial", json_integer(worst_t));
                json_object_set_new(root, "worst_ratio", jenc(wlo, whi));
                json_object_set_new(root, "worst_g", jnet(&worst));
                json_object_set_new(root, "cases", jcases);
                jcases = NULL;
                json_print(out.f, root);
                json_decref(root);
            } else {
                fprintf(out.f, "Gamma %s (restricted: yes), architecture "
                               "(%ld, %ld, %ld); %ld seeded perturbations "
                               "(seed %llu, eps ",
                        pos[0], gamma.width[0], gamma.width[1], gamma.width[2],
                        done_n, (unsigned long long)seed);
                print_qs(out.f, eps);
                fprintf(out.f, " 2^-(t mod 10))\n");
                if (zero_delta)
                    fprintf(out.f, "%ld trial%s with delta = 0 (R(G) = "
                                   "R(Gamma) on the box: D = 0, ratio "
                                   "undefined) left out\n",
                            zero_delta, zero_delta == 1 ? "" : "s");
                if (skipped)
                    fprintf(out.f, "%ld trial%s skipped: no restricted "
                                   "parametrization within the search cap\n",
                            skipped, skipped == 1 ? "" : "s");
                fprintf(out.f, "%-34s %6s  %-16s  %s\n", "perturbation",
                        "trials", "max D/sqrt(delta)", "max D/delta");
                for (int q = 0; q < 2; q++)
                    for (int j = 0; j < 10; j++) {
                        if (!seen[q][j])
                            continue;
                        char l1[64], b1[64], b2[64];
                        mpq_set(et, eps);
                        mpz_mul_2exp(mpq_denref(et), mpq_denref(et),
                                     (mp_bitcnt_t)j);
                        mpq_canonicalize(et);
                        char *es = rr_q_str(et);
                        snprintf(l1, sizeof l1, "%s, |step| <= %s",
                                 q ? "zero neurons" : "all parameters", es);
                        free(es);
                        rr_fr_approx(b1, sizeof b1, smax[q][j], 6, MPFR_RNDU);
                        rr_fr_approx(b2, sizeof b2, lmax[q][j], 6, MPFR_RNDU);
                        fprintf(out.f, "%-34s %6ld  %-16s  %s\n", l1,
                                seen[q][j], b1, b2);
                    }
                fprintf(out.f, "(upper bounds, certified; D/delta is shown to "
                               "compare: exponent 1 is not enough)\n");
                fprintf(out.f, "largest D / sqrt(delta) seen: ");
                print_enc(out.f, wlo, whi, 10);
                fprintf(out.f, " (certified) at trial %ld:\n  delta in ",
                        worst_t);
                print_enc(out.f, wdl, wd, 10);
                fprintf(out.f, ", D in ");
                print_enc(out.f, wDl, wD, 10);
                fprintf(out.f, "\n  G = Gamma + perturbation%s%s\n",
                        o.worst ? ", written to " : " (use --worst FILE to "
                                                    "keep it)",
                        o.worst ? o.worst : "");
            }
            code = out_close(&out, code);
        }
        json_decref(jcases);
        free(zero_neuron);
        mpfr_clear(tmpq);
        for (int q = 0; q < 2; q++)
            for (int j = 0; j < 10; j++)
                mpfr_clears(smax[q][j], lmax[q][j], (mpfr_ptr)0);
        if (have_worst)
            rr_net_clear(&worst);
        mpfr_clears(wlo, whi, wd, wD, wDl, wdl, (mpfr_ptr)0);
        mpq_clears(et, step, NULL);
    }
done:
    if (out.have)
        out_close(&out, EX_INTERNAL);
    mpq_clear(eps);
    rr_net_clear(&gamma);
    rr_net_clear(&g);
    return code;
}
