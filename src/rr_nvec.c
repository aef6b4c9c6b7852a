/* rr_nvec.c -- golden vectors for norms on boxes and for degeneracy
 * (rr_nvec.h; format in vectors/README.md). */
#define _POSIX_C_SOURCE 200809L
#include "rr_nvec.h"
#include "rr_json.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rr_degen.h"
#include "rr_diffnet.h"
#include "rr_io.h"
#include "rr_net.h"
#include "rr_norm.h"
#include "rr_normal.h"
#include "rr_num.h"
#include "rr_rand.h"
#include "rr_realize.h"
#include "rr_stability.h"

/* ---- JSON helpers ---------------------------------------------------------- */

/* A network in format v1, exactly as the library's writer writes it. */
/* An exact nonnegative value: {"value": q} or {"square": q} (the value is
 * sqrt(q)), with a binary64 enclosure rounded outward. */
static rr_status jnval(json_t **out, const rr_nval_t *v, rr_err_t *err)
{
    json_t *o = json_object();
    json_object_set_new(o, v->is_sqrt ? "square" : "value", rr_json_q(v->q));
    mpfr_t dn, up;
    mpfr_inits2(53, dn, up, (mpfr_ptr)0);
    rr_nval_enclose(dn, up, v);
    double a = mpfr_get_d(dn, MPFR_RNDD), b = mpfr_get_d(up, MPFR_RNDU);
    int ok = isfinite(a) && isfinite(b) && mpfr_cmp_d(dn, a) == 0 &&
             mpfr_cmp_d(up, b) == 0;
    mpfr_clears(dn, up, (mpfr_ptr)0);
    if (!ok) {
        json_decref(o);
        return rr_err_set(err, RR_EINTERNAL,
                          "a norm is outside the binary64 range");
    }
    char s1[64], s2[64];
    rr_d_hex(s1, sizeof s1, a);
    rr_d_hex(s2, sizeof s2, b);
    json_t *iv = json_array();
    json_array_append_new(iv, json_string(s1));
    json_array_append_new(iv, json_string(s2));
    json_object_set_new(o, "interval64", iv);
    *out = o;
    return RR_OK;
}

/* ---- generator state and file writer ----------------------------------------- */

typedef rr_json_group_t ngroup_t; /* meta (networkId, comment, ...), net, tests */

typedef struct gen {
    rr_rand_t rng;
    rr_nvec_kind kind;
    long ntests, ngroups, cap;
    ngroup_t *groups;
    unsigned long used; /* flags used (bits of the kind's flag table) */
} gen_t;

typedef struct flagnote {
    const char *name, *note;
} flagnote_t;

static const flagnote_t norm_flags[] = {
    {"Shallow", "A network of depth 2 (one hidden layer): exact by the "
                "vertices of the hyperplane arrangement, cross-checked by "
                "the region enumeration."},
    {"Deep", "A network with at least two hidden layers: exact by the "
             "enumeration of the activation regions (exact LPs)."},
    {"MultiOutput", "Several outputs: the norms are given per output "
                    "component."},
    {"ClosedForm", "The values are known in closed form (closedForm); the "
                   "generator checked that the engine agrees."},
    {"Pathology", "A network of the B-E-G pathology families P1-P4 "
                  "(spec/degeneracy.md, section 6)."},
    {"Difference", "The norms of R(Phi) - R(Psi): the network is the exact "
                   "difference network (rr_diffnet.h) of the two networks "
                   "given in the group's operands."},
    {"ZeroFunction", "The function is 0 on the box (e.g. a network minus a "
                     "re-parametrization of itself): every norm is 0."},
    {"KinkGradientTrap", "kinkTrap gives a point on a kink and the gradients "
                         "that autograd conventions (relu'(0) = 0 or 1) "
                         "return there; at least one of them has a larger "
                         "norm than the seminorm. Only regions with nonempty "
                         "interior count: a framework that takes the "
                         "supremum over gradients at sample points that hit "
                         "kinks is wrong here."},
    {"LinfAtKink", "|f| attains its L^inf norm only on a kink, not at a "
                   "vertex of the box."},
    {"ThinRegion", "The seminorm is attained only on a thin region (width "
                   "at most 1/100 of the box): sampling on a grid misses it."},
    {"SubBox", "The box is not the network's domain."},
    {"NonDyadic", "Some parameter or box end is not a dyadic rational."},
};
enum { NNORM_FLAGS = sizeof norm_flags / sizeof *norm_flags };

static const flagnote_t degen_flags[] = {
    {"Zero", "A neuron with u = 0 and c = 0 (violates nothing)."},
    {"NoIncoming", "A neuron with u = 0, c != 0 (contributes rho(0) = 0)."},
    {"NoOutgoing", "A neuron with c = 0, u != 0."},
    {"Constant", "A neuron with a = 0, b != 0: the constant rho(b)."},
    {"Dead", "A neuron with z <= 0 on the whole box."},
    {"AlwaysActive", "A neuron with z >= 0 on the whole box."},
    {"Unbalanced", "A neuron with ||c||_2 != ||u||_2 (balanceRatio2 != 1)."},
    {"Parallel", "Two or more neurons with positively parallel u."},
    {"Opposite", "Neurons with negatively parallel u."},
    {"Cancelling", "The directions of the opposite classes are linearly "
                   "dependent: families of opposite pairs whose affine parts "
                   "can cancel (dependences)."},
    {"Restricted", "The parametrization satisfies R1-R4 in every hidden "
                   "layer."},
    {"NotRestricted", "Some hidden layer violates one of R1-R4."},
    {"Reparametrized", "The network is a re-parametrization of the group "
                       "named by equivalentTo (same realization on R^d): "
                       "its normal forms must be identical."},
    {"Pathology", "A network of the B-E-G pathology families P1-P4 "
                  "(spec/degeneracy.md, section 6)."},
    {"Deep", "At least two hidden layers: pre-activation ranges beyond the "
             "first hidden layer are certified enclosures (dead / "
             "always-active there are sufficient conditions) and the normal "
             "form is the layerwise one."},
    {"BoxDependent", "The normal form on the box takes a box-dependent step "
                     "(dead or always-active neurons on the box): it equals "
                     "the network on the box only."},
    {"SearchCapped", "The canonical orientation search was capped "
                     "(spec/degeneracy.md 5.3): the representation is "
                     "reluref's choice among a subset."},
    {"NonDyadic", "Some parameter is not a dyadic rational."},
};
enum { NDEGEN_FLAGS = sizeof degen_flags / sizeof *degen_flags };

static const flagnote_t *flag_table(const gen_t *g, int *n)
{
    *n = g->kind == RR_NVEC_NORMS ? NNORM_FLAGS : NDEGEN_FLAGS;
    return g->kind == RR_NVEC_NORMS ? norm_flags : degen_flags;
}

/* Add a flag (must be in the kind's table) to a flags array, once. */
static void add_flag(gen_t *g, json_t *flags, const char *f)
{
    int n;
    const flagnote_t *t = flag_table(g, &n);
    int idx = -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i].name, f))
            idx = i;
    if (idx < 0) {
        fprintf(stderr, "rr_nvec: unknown flag %s\n", f);
        abort();
    }
    size_t i;
    json_t *v;
    json_array_foreach(flags, i, v) if (!strcmp(json_string_value(v), f)) return;
    json_array_append_new(flags, json_string(f));
    g->used |= 1ul << idx;
}

static ngroup_t *new_group(gen_t *g, const rr_net_t *net, const char *id,
                           const char *comment, rr_err_t *err)
{
    if (g->ngroups == g->cap) {
        long nc = g->cap ? 2 * g->cap : 16;
        ngroup_t *ng = realloc(g->groups, (size_t)nc * sizeof *ng);
        if (!ng) {
            rr_err_set(err, RR_ENOMEM, "out of memory");
            return NULL;
        }
        g->groups = ng;
        g->cap = nc;
    }
    ngroup_t *gr = &g->groups[g->ngroups];
    if (rr_json_net(&gr->net, net, err))
        return NULL;
    gr->meta = json_object();
    gr->tests = json_array();
    json_object_set_new(gr->meta, "networkId", json_string(id));
    json_object_set_new(gr->meta, "comment", json_string(comment));
    g->ngroups++;
    return gr;
}

static json_t *new_test(gen_t *g, ngroup_t *gr, const char *comment)
{
    json_t *t = json_object();
    json_object_set_new(t, "tcId", json_integer(++g->ntests));
    json_object_set_new(t, "comment", json_string(comment));
    json_object_set_new(t, "flags", json_array());
    json_object_set_new(t, "result", json_string("valid"));
    json_array_append_new(gr->tests, t);
    return t;
}

static void gen_init(gen_t *g, rr_nvec_kind kind, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    g->kind = kind;
    rr_rand_seed(&g->rng, seed);
}

static void gen_clear(gen_t *g)
{
    for (long i = 0; i < g->ngroups; i++) {
        json_decref(g->groups[i].meta);
        json_decref(g->groups[i].net);
        json_decref(g->groups[i].tests);
    }
    free(g->groups);
}

static rr_status write_file(gen_t *g, const char *path, const char *family,
                            const char *description, const char *command,
                            rr_err_t *err)
{
    int norms = g->kind == RR_NVEC_NORMS;
    json_t *hdr = json_object();
    json_object_set_new(hdr, "algorithm",
                        json_string(norms ? "Sobolev norms of ReLU network "
                                            "realizations on boxes"
                                          : "Degenerate parametrizations of "
                                            "ReLU networks: diagnosis, "
                                            "restricted set, normal form"));
    json_object_set_new(hdr, "family", json_string(family));
    json_object_set_new(hdr, "description", json_string(description));
    json_object_set_new(hdr, "schema", json_string(norms ? "norms-v1.schema.json"
                                                         : "degeneracy-v1.schema.json"));
    json_object_set_new(hdr, "formatVersion", json_string(RR_NVEC_VERSION));
    json_object_set_new(hdr, "generator", json_string("reluref 0.1.0"));
    json_object_set_new(hdr, "command", json_string(command ? command : ""));
    json_object_set_new(hdr, "numberOfTests", json_integer(g->ntests));
    json_object_set_new(hdr, "numberOfNetworks", json_integer(g->ngroups));
    if (norms) {
        json_object_set_new(hdr, "definitions", json_string(
            "f = R(Phi) on the box B = prod [lo_i, hi_i], per output component "
            "j: linf = max over B of |f_j(x)|; seminorm.N = ess sup over B of "
            "||grad f_j(x)||_N, N = l2, l1, linf, over the activation regions "
            "with nonempty interior only (never a value chosen at a kink); "
            "w1.N = max(linf, seminorm.N). Definitions: spec/norms.md"));
        json_object_set_new(hdr, "numbers", json_string(
            "exact rationals as strings \"p/q\"; {\"value\": q} is the exact "
            "value q, {\"square\": q} the exact value sqrt(q) (Euclidean "
            "norms); interval64 = [RD, RU]: the value rounded down and up to "
            "binary64 (C99 hex), a certified enclosure, not an approximation "
            "to be compared for equality"));
    } else {
        json_object_set_new(hdr, "definitions", json_string(
            "hidden neuron i of a layer: u_i = (a_i | b_i) its incoming "
            "weights and bias, c_i its outgoing weights (column i of the "
            "next layer). Findings, classes, the restricted set R1-R4 and the "
            "normal form: spec/degeneracy.md sections 3-5. Neurons and "
            "classes are numbered from 1, layers as hidden layers 1 .. L-1"));
        json_object_set_new(hdr, "numbers", json_string(
            "every number is an exact rational \"p/q\"; nothing is rounded"));
    }
    json_t *notes = json_object();
    int nf;
    const flagnote_t *t = flag_table(g, &nf);
    for (int i = 0; i < nf; i++)
        if (g->used & (1ul << i))
            json_object_set_new(notes, t[i].name, json_string(t[i].note));
    json_object_set_new(hdr, "notes", notes);
    json_object_set_new(hdr, "results", json_string(
        norms ? "valid: every value is exact and unique, a correct "
                "implementation must reproduce it (witnesses may differ: any "
                "point attaining the value is correct)"
              : "valid: the value is determined by the mathematics (findings, "
                "verdicts, invariants) or by reluref's documented canonical "
                "choice (representation, normal network), which a consumer "
                "compares against reluref only; acceptable: a consumer may "
                "legitimately find more (dead / always-active neurons in "
                "deeper layers, where reluref's ranges are enclosures)"));
    return rr_json_write_vectors(path, hdr, g->groups, g->ngroups, err);
}

/* ---- building networks ------------------------------------------------------- */

static rr_status net_parse(rr_net_t *net, const char *json, rr_err_t *err)
{
    return rr_net_read_buffer(net, json, strlen(json), "built-in", NULL, err);
}

/* A random small rational: integers in [-r, r] over denominators 1..den. */
static void rand_q(gen_t *g, mpq_ptr q, long r, long den)
{
    long p = (long)rr_rand_range(&g->rng, -r, r);
    long dd = (long)rr_rand_range(&g->rng, 1, den);
    mpq_set_si(q, p, (unsigned long)dd);
    mpq_canonicalize(q);
}

/* A random network of the given widths: parameters rand_q(r, den), no
 * neuron with an all-zero incoming row. */
static rr_status rand_net(gen_t *g, rr_net_t *net, int depth,
                          const long *width, long r, long den, rr_err_t *err)
{
    rr_status st = rr_net_init(net, depth, width, NULL, err);
    if (st)
        return st;
    for (int l = 0; l < depth; l++) {
        long m = width[l + 1], n = width[l];
        for (long i = 0; i < m; i++) {
            int nz;
            do {
                nz = 0;
                for (long j = 0; j < n; j++) {
                    rand_q(g, rr_net_weight(net, l, i, j), r, den);
                    nz |= mpq_sgn(rr_net_weight(net, l, i, j)) != 0;
                }
            } while (!nz);
            rand_q(g, rr_net_bias(net, l, i), r, den);
        }
    }
    return RR_OK;
}

/* A random sub-box of [-1, 1]^d with ends on the grid 1/den. */
static void rand_box(gen_t *g, mpq_ptr lo, mpq_ptr hi, long d, long den)
{
    for (long i = 0; i < d; i++) {
        long a = (long)rr_rand_range(&g->rng, -den, den - 1);
        long b = (long)rr_rand_range(&g->rng, a + 1, den);
        mpq_set_si(lo + i, a, (unsigned long)den);
        mpq_canonicalize(lo + i);
        mpq_set_si(hi + i, b, (unsigned long)den);
        mpq_canonicalize(hi + i);
    }
}

static int net_dyadic_box(const rr_net_t *net, mpq_srcptr lo, mpq_srcptr hi)
{
    if (!rr_net_is_dyadic(net))
        return 0;
    for (long i = 0; i < net->width[0]; i++)
        if (!rr_q_is_dyadic(lo + i) || !rr_q_is_dyadic(hi + i))
            return 0;
    return 1;
}

/* ======================================================================= */
/* ---- norms --------------------------------------------------------------- */
/* ======================================================================= */

/* Expected closed forms (strings, NULL when not given): linf, the squared
 * Euclidean seminorm, l1 and linf seminorms, and the W^{1,inf} norm with
 * the Euclidean gradient norm (w1_sq: given as its square). */
typedef struct closed {
    const char *formula;
    const char *linf, *semi_l2sq, *semi_l1, *semi_linf, *w1_l2sq;
} closed_t;

static rr_status norm_run(rr_norm_result_t *r, const rr_net_t *net,
                          mpq_srcptr lo, mpq_srcptr hi, rr_norm_method m,
                          rr_gradnorm gn, rr_err_t *err)
{
    rr_norm_opts_t o;
    rr_norm_opts_default(&o);
    o.method = m;
    o.grad = gn;
    o.budget = 1e6;
    rr_status st = rr_norm_compute(r, net, lo, hi, &o, err);
    if (st) {
        rr_err_prefix(err, "method %d, gradient norm %s", (int)m,
                      rr_gradnorm_name(gn));
        return st;
    }
    if (!r->exact) {
        rr_norm_result_clear(r);
        return rr_err_set(err, RR_EINTERNAL, "norm vectors: not exact");
    }
    st = rr_norm_verify(net, r, err);
    if (st) {
        rr_err_prefix(err, "method %d, gradient norm %s", (int)m,
                      rr_gradnorm_name(gn));
        rr_norm_result_clear(r);
    }
    return st;
}

static int nval_eq_str(const rr_nval_t *v, const char *s, int is_sqrt)
{
    mpq_t q;
    mpq_init(q);
    rr_err_t e;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int ok = !rr_q_parse(q, s, &caps, &e) && v->is_sqrt == is_sqrt &&
             mpq_equal(q, v->q);
    if (!ok && !v->is_sqrt && is_sqrt) { /* a rational whose square is s */
        mpq_t t;
        mpq_init(t);
        mpq_mul(t, v->q, v->q);
        ok = mpq_equal(t, q);
        mpq_clear(t);
    }
    mpq_clear(q);
    return ok;
}

/* The per-layer pattern strings of a flat pattern. */
static json_t *jpattern(const rr_net_t *net, const char *pat)
{
    json_t *a = json_array();
    long off = 0;
    for (int l = 1; l < net->depth; l++) {
        long m = net->width[l];
        char *s = malloc((size_t)m + 1);
        if (!s)
            break;
        memcpy(s, pat + off, (size_t)m);
        s[m] = 0;
        json_array_append_new(a, json_string(s));
        free(s);
        off += m;
    }
    return a;
}

static void gnorm_exact(mpq_ptr out, mpq_srcptr g, long d, rr_gradnorm kind)
{
    rr_nval_t v;
    rr_nval_init(&v);
    rr_gradnorm_value(&v, g, d, kind);
    mpq_set(out, v.q);
    rr_nval_clear(&v);
}

/* The kink trap at x: the gradients that relu'(0) = 0 and relu'(0) = 1
 * give; *exceeds := 1 when one of them has a larger norm (any of the three)
 * than the seminorm of some component. */
static rr_status kink_trap(json_t **out, int *exceeds, const rr_net_t *net,
                           mpq_srcptr x, rr_norm_result_t res[3],
                           rr_err_t *err)
{
    long d = net->width[0], k = net->width[net->depth];
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev = NULL;
    rr_result_t r;
    rr_status st = rr_eval_new(&ev, net, mode, err);
    if (st)
        return st;
    if ((st = rr_result_init(&r, ev, err))) {
        rr_eval_free(ev);
        return st;
    }
    *exceeds = 0;
    json_t *o = json_object();
    mpq_ptr jac = rr_qvec_new(k * d);
    mpq_t nv;
    mpq_init(nv);
    st = rr_eval_point(ev, &r, x, 0, err);
    if (!st && !r.n_ties)
        st = rr_err_set(err, RR_EINTERNAL, "kink trap: not on a kink");
    if (!st) {
        json_object_set_new(o, "x", rr_json_qvec(x, d));
        json_object_set_new(o, "pattern", jpattern(net, r.pattern));
        char *p = strdup(r.pattern);
        for (int conv = 0; conv < 2 && !st && p; conv++) {
            for (long i = 0; p[i]; i++)
                if (r.pattern[i] == RR_ACT_TIE)
                    p[i] = conv ? '+' : '-';
            st = rr_jacobian_of_pattern(jac, net, p, err);
            if (st)
                break;
            json_t *rows = json_array();
            for (long j = 0; j < k; j++) {
                json_array_append_new(rows, rr_json_qvec(jac + j * d, d));
                for (int gi = 0; gi < 3; gi++) {
                    gnorm_exact(nv, jac + j * d, d, res[gi].grad);
                    if (mpq_cmp(nv, res[gi].semi[j].lo.q) > 0)
                        *exceeds = 1;
                }
            }
            json_t *c = json_object();
            json_object_set_new(c, "gradient", rows);
            json_object_set_new(o, conv ? "relu1" : "relu0", c);
        }
        free(p);
    }
    mpq_clear(nv);
    rr_qvec_free(jac, k * d);
    rr_result_clear(&r);
    rr_eval_free(ev);
    if (st)
        json_decref(o);
    else
        *out = o;
    return st;
}

/* Move a seminorm witness off the kinks: the engine may return a point
 * where f is differentiable but some pre-activation is 0 (e.g. a neuron
 * whose kink does not change the gradient there).  The vectors promise an
 * interior point of a region: try x + 2^-s v for deterministic directions
 * v and s = 4 .. 60 until no pre-activation is 0 and the gradient of
 * output comp is still grad. */
static rr_status off_kink(const rr_net_t *net, mpq_ptr x, mpq_srcptr grad,
                          long comp, mpq_srcptr lo, mpq_srcptr hi,
                          rr_err_t *err)
{
    long d = net->width[0];
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev = NULL;
    rr_result_t r;
    rr_status st = rr_eval_new(&ev, net, mode, err);
    if (st)
        return st;
    if ((st = rr_result_init(&r, ev, err))) {
        rr_eval_free(ev);
        return st;
    }
    mpq_ptr y = rr_qvec_new(d);
    mpq_t t;
    mpq_init(t);
    int done = 0;
    st = rr_eval_point(ev, &r, x, RR_WANT_JACOBIAN, err);
    if (!st && !r.n_ties)
        done = 1;
    for (long s = 4; s <= 60 && !done && !st; s++)
        for (long v = 0; v < 2 * d + 2 && !done && !st; v++) {
            int in = 1;
            for (long i = 0; i < d; i++) {
                /* directions: +-e_v, then +-(1, 1/3, 1/5, ...) */
                long num = v < 2 * d ? (i == v / 2) : 1;
                long den = v < 2 * d ? 1 : 2 * i + 1;
                mpq_set_si(t, (v % 2 ? -1 : 1) * num, (unsigned long)den);
                mpq_canonicalize(t);
                mpq_div_2exp(t, t, (mp_bitcnt_t)s);
                mpq_add(y + i, x + i, t);
                in &= mpq_cmp(y + i, lo + i) > 0 && mpq_cmp(y + i, hi + i) < 0;
            }
            if (!in)
                continue;
            st = rr_eval_point(ev, &r, y, RR_WANT_JACOBIAN, err);
            if (st || r.n_ties || r.differentiable != RR_DIFF_YES)
                continue;
            int same = 1;
            for (long i = 0; i < d; i++)
                same &= mpq_equal(r.jac + comp * d + i, grad + i);
            if (same) {
                for (long i = 0; i < d; i++)
                    mpq_set(x + i, y + i);
                done = 1;
            }
        }
    if (!st && !done) {
        /* a pre-activation that vanishes identically near x (a neuron fed
         * only by inactive neurons, with bias 0): keep x when both
         * conventions for relu'(0) give grad, the engine having proved
         * differentiability there */
        st = rr_eval_point(ev, &r, x, RR_WANT_JACOBIAN, err);
        mpq_ptr jac = rr_qvec_new(net->width[net->depth] * d);
        char *p = strdup(r.pattern);
        for (int conv = 0; conv < 2 && !st && p; conv++) {
            for (long i = 0; p[i]; i++)
                if (r.pattern[i] == RR_ACT_TIE)
                    p[i] = conv ? '+' : '-';
            st = rr_jacobian_of_pattern(jac, net, p, err);
            for (long i = 0; i < d && !st; i++)
                if (!mpq_equal(jac + comp * d + i, grad + i))
                    st = rr_err_set(err, RR_EINTERNAL,
                                    "norm vectors: cannot move a seminorm "
                                    "witness off the kinks");
        }
        if (!p && !st)
            st = rr_err_set(err, RR_ENOMEM, "out of memory");
        if (!st && r.differentiable != RR_DIFF_YES)
            st = rr_err_set(err, RR_EINTERNAL,
                            "norm vectors: seminorm witness not differentiable");
        free(p);
        rr_qvec_free(jac, net->width[net->depth] * d);
    }
    mpq_clear(t);
    rr_qvec_free(y, d);
    rr_result_clear(&r);
    rr_eval_free(ev);
    return st;
}

static const rr_gradnorm gnorms[3] = {RR_GRAD_L2, RR_GRAD_L1, RR_GRAD_LINF};
static const char *const gnames[3] = {"l2", "l1", "linf"};

/* One norm test: the network on the box [lo, hi] (NULL: its domain), all
 * three gradient norms; closed forms checked when given; a kink trap at
 * trap (NULL: none). */
static rr_status norm_case(gen_t *g, ngroup_t *gr, const rr_net_t *net,
                           mpq_srcptr blo, mpq_srcptr bhi, const char *comment,
                           const closed_t *cf, mpq_srcptr trap,
                           const char *const *flags, rr_err_t *err)
{
    long d = net->width[0], k = net->width[net->depth];
    mpq_srcptr lo = blo ? blo : net->lo, hi = bhi ? bhi : net->hi;
    rr_norm_result_t res[3];
    int nres = 0;
    rr_status st = RR_OK;
    /* shallow: the vertex method, cross-checked by the region enumeration;
     * deep: regions, cross-checked by branch and bound.  A witness that
     * fails re-evaluation (rr_norm_verify) is an error, never worked
     * around. */
    rr_norm_method m = net->depth == 2 ? RR_NORM_EXACT : RR_NORM_EXACT_REGIONS;
    rr_norm_method m2 = net->depth == 2 ? RR_NORM_EXACT_REGIONS : RR_NORM_BAB;
    for (int gi = 0; gi < 3 && !st; gi++) {
        st = norm_run(&res[gi], net, lo, hi, m, gnorms[gi], err);
        if (st)
            break;
        nres++;
        /* an independent second method must agree */
        rr_norm_result_t r2;
        st = norm_run(&r2, net, lo, hi, m2, gnorms[gi], err);
        if (st)
            break;
        for (long j = 0; j < k; j++)
            if (rr_nval_cmp(&r2.linf[j].lo, &res[gi].linf[j].lo) ||
                rr_nval_cmp(&r2.semi[j].lo, &res[gi].semi[j].lo))
                st = rr_err_set(err, RR_EINTERNAL,
                                "norm vectors: %s: the two exact methods "
                                "disagree", comment);
        rr_norm_result_clear(&r2);
    }
    json_t *t = NULL;
    if (!st) {
        t = new_test(g, gr, comment);
        json_t *fl = json_object_get(t, "flags");
        add_flag(g, fl, net->depth == 2 ? "Shallow" : "Deep");
        if (k > 1)
            add_flag(g, fl, "MultiOutput");
        for (int i = 0; flags && flags[i]; i++)
            add_flag(g, fl, flags[i]);
        if (blo)
            add_flag(g, fl, "SubBox");
        if (!net_dyadic_box(net, lo, hi))
            add_flag(g, fl, "NonDyadic");
        json_object_set_new(t, "box", rr_json_box(lo, hi, d));
        json_object_set_new(t, "method", json_string(
            m == RR_NORM_EXACT
                ? "shallow vertex method, cross-checked by region enumeration"
                : "region enumeration, cross-checked by branch and bound"));
        json_t *comps = json_array();
        int zero = 1;
        for (long j = 0; j < k && !st; j++) {
            json_t *c = json_object(), *v, *w;
            json_object_set_new(c, "output", json_integer(j));
            /* L^inf (the same under every gradient norm) */
            rr_nbound_t *b = &res[0].linf[j];
            for (int gi = 1; gi < 3; gi++)
                if (rr_nval_cmp(&res[gi].linf[j].lo, &b->lo))
                    st = rr_err_set(err, RR_EINTERNAL, "linf differs");
            zero &= mpq_sgn(b->lo.q) == 0;
            if (!st && !(st = jnval(&v, &b->lo, err))) {
                w = json_object();
                json_object_set_new(w, "x", rr_json_qvec(b->x, d));
                json_object_set_new(w, "f", rr_json_q(b->fx));
                json_object_set_new(v, "witness", w);
                json_object_set_new(c, "linf", v);
            }
            json_t *sem = json_object(), *w1 = json_object();
            for (int gi = 0; gi < 3 && !st; gi++) {
                b = &res[gi].semi[j];
                zero &= mpq_sgn(b->lo.q) == 0;
                if ((st = off_kink(net, b->x, b->grad, j, lo, hi, err)))
                    break;
                if ((st = jnval(&v, &b->lo, err)))
                    break;
                w = json_object();
                json_object_set_new(w, "x", rr_json_qvec(b->x, d));
                json_object_set_new(w, "gradient", rr_json_qvec(b->grad, d));
                json_object_set_new(v, "witness", w);
                json_object_set_new(sem, gnames[gi], v);
                b = &res[gi].w1[j];
                if ((st = jnval(&v, &b->lo, err)))
                    break;
                json_object_set_new(v, "attainedBy",
                                    json_string(b->wit == RR_WIT_VALUE
                                                    ? "linf" : "seminorm"));
                json_object_set_new(w1, gnames[gi], v);
            }
            json_object_set_new(c, "seminorm", sem);
            json_object_set_new(c, "w1", w1);
            json_array_append_new(comps, c);
        }
        if (zero && !st)
            add_flag(g, fl, "ZeroFunction");
        json_object_set_new(t, "components", comps);
    }
    if (!st && cf) {
        /* the closed forms refer to output 0 */
        json_t *c = json_object();
        json_object_set_new(c, "formula", json_string(cf->formula));
        struct {
            const char *s, *key;
            const rr_nval_t *v;
            int sq;
        } chk[] = {
            {cf->linf, "linf", &res[0].linf[0].lo, 0},
            {cf->semi_l2sq, "seminormL2Square", &res[0].semi[0].lo, 1},
            {cf->semi_l1, "seminormL1", &res[1].semi[0].lo, 0},
            {cf->semi_linf, "seminormLinf", &res[2].semi[0].lo, 0},
            {cf->w1_l2sq, "w1L2Square", &res[0].w1[0].lo, 1},
        };
        for (size_t i = 0; i < sizeof chk / sizeof *chk && !st; i++) {
            if (!chk[i].s)
                continue;
            if (!nval_eq_str(chk[i].v, chk[i].s, chk[i].sq))
                st = rr_err_set(err, RR_EINTERNAL,
                                "norm vectors: %s: %s is not the closed form %s",
                                comment, chk[i].key, chk[i].s);
            json_object_set_new(c, chk[i].key, json_string(chk[i].s));
        }
        json_object_set_new(t, "closedForm", c);
        add_flag(g, json_object_get(t, "flags"), "ClosedForm");
    }
    if (!st && trap) {
        json_t *kt;
        int ex;
        st = kink_trap(&kt, &ex, net, trap, res, err);
        if (!st && !ex) {
            json_decref(kt);
            st = rr_err_set(err, RR_EINTERNAL,
                            "norm vectors: %s: the kink trap is no trap",
                            comment);
        }
        if (!st) {
            json_object_set_new(t, "kinkTrap", kt);
            add_flag(g, json_object_get(t, "flags"), "KinkGradientTrap");
        }
    }
    for (int i = 0; i < nres; i++)
        rr_norm_result_clear(&res[i]);
    if (st)
        rr_err_prefix(err, "%s: %s", json_string_value(json_object_get(
                                         gr->meta, "networkId")), comment);
    return st;
}

/* A group with the domain and nbox random sub-boxes. */
static rr_status norm_group(gen_t *g, const rr_net_t *net, const char *id,
                            const char *comment, int nbox, const closed_t *cf,
                            const char *const *flags, rr_err_t *err)
{
    ngroup_t *gr = new_group(g, net, id, comment, err);
    if (!gr)
        return err->code ? err->code : RR_ENOMEM;
    long d = net->width[0];
    rr_status st = norm_case(g, gr, net, NULL, NULL, "the network's domain",
                             cf, NULL, flags, err);
    mpq_ptr lo = rr_qvec_new(d), hi = rr_qvec_new(d);
    for (int b = 0; b < nbox && !st; b++) {
        rand_box(g, lo, hi, d, b ? 3 : 4);
        st = norm_case(g, gr, net, lo, hi, "a sub-box", NULL, NULL, flags,
                       err);
    }
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
    return st;
}

static rr_status fam_norm_shallow(gen_t *g, rr_err_t *err)
{
    static const struct {
        long d, m, k, r, den;
        int n;
    } specs[] = {
        {1, 1, 1, 3, 1, 3}, {1, 3, 1, 4, 2, 4}, {1, 5, 1, 5, 3, 4},
        {1, 8, 1, 9, 4, 2}, {1, 6, 2, 4, 2, 2}, {2, 2, 1, 3, 1, 3},
        {2, 3, 1, 4, 2, 4}, {2, 5, 1, 5, 3, 4}, {2, 8, 1, 4, 2, 2},
        {2, 4, 2, 3, 2, 2}, {3, 3, 1, 3, 2, 3}, {3, 5, 1, 3, 1, 2},
        {4, 3, 1, 2, 2, 2}, {4, 5, 1, 2, 1, 1}, {5, 2, 1, 2, 1, 1},
        {5, 4, 1, 2, 1, 1},
    };
    rr_status st = RR_OK;
    for (size_t s = 0; s < sizeof specs / sizeof *specs && !st; s++)
        for (int i = 0; i < specs[s].n && !st; i++) {
            long w[3] = {specs[s].d, specs[s].m, specs[s].k};
            rr_net_t net;
            if ((st = rand_net(g, &net, 2, w, specs[s].r, specs[s].den, err)))
                break;
            char id[64], cm[160];
            snprintf(id, sizeof id, "shallow-%ld-%ld-%ld-%d", w[0], w[1], w[2],
                     i + 1);
            snprintf(cm, sizeof cm, "random shallow network N = (%ld, %ld, %ld), "
                     "parameters p/q with |p| <= %ld, q <= %ld",
                     w[0], w[1], w[2], specs[s].r, specs[s].den);
            st = norm_group(g, &net, id, cm, w[0] <= 2 ? 2 : 1, NULL, NULL,
                            err);
            rr_net_clear(&net);
        }
    return st;
}

/* id := PREFIX-w0-w1-..., cm := "random network N = (w0, w1, ..."; returns
 * the length of cm, for the caller to finish the sentence. */
static int arch_names(char *id, size_t nid, char *cm, size_t ncm,
                      const char *prefix, int depth, const long *w)
{
    int n = snprintf(id, nid, "%s", prefix);
    int c = snprintf(cm, ncm, "random network N = (");
    for (int l = 0; l <= depth; l++) {
        n += snprintf(id + n, nid - (size_t)n, "-%ld", w[l]);
        c += snprintf(cm + c, ncm - (size_t)c, "%s%ld", l ? ", " : "", w[l]);
    }
    return c;
}

static rr_status fam_norm_deep(gen_t *g, rr_err_t *err)
{
    static const struct {
        int depth;
        long w[6];
        long r, den;
    } specs[] = {
        {3, {1, 3, 3, 1}, 3, 2}, {3, {1, 4, 3, 1}, 3, 1},
        {3, {2, 3, 3, 1}, 3, 2}, {3, {2, 3, 2, 2}, 2, 1},
        {4, {2, 3, 2, 2, 1}, 2, 2}, {3, {3, 3, 2, 1}, 2, 1},
        {4, {1, 2, 2, 2, 1}, 3, 1}, {3, {2, 4, 4, 1}, 3, 2},
        {3, {1, 6, 4, 1}, 4, 2}, {4, {2, 3, 3, 3, 1}, 2, 1},
        {3, {3, 4, 3, 2}, 2, 2}, {5, {2, 2, 2, 2, 2, 1}, 2, 1},
    };
    rr_status st = RR_OK;
    for (size_t s = 0; s < sizeof specs / sizeof *specs && !st; s++) {
        rr_net_t net;
        if ((st = rand_net(g, &net, specs[s].depth, specs[s].w, specs[s].r,
                           specs[s].den, err)))
            break;
        char id[64], cm[200];
        int c = arch_names(id, sizeof id, cm, sizeof cm, "deep", specs[s].depth,
                           specs[s].w);
        snprintf(cm + c, sizeof cm - (size_t)c, "), parameters p/q with "
                 "|p| <= %ld, q <= %ld", specs[s].r, specs[s].den);
        st = norm_group(g, &net, id, cm, specs[s].w[0] <= 2 ? 1 : 0, NULL,
                        NULL, err);
        rr_net_clear(&net);
    }
    return st;
}

static rr_status fam_norm_closed(gen_t *g, rr_err_t *err)
{
    rr_status st = RR_OK;
    /* P4: g_k = k rho(x - 1 + 1/k^2) on [-1, 1] */
    static const long ks[] = {1, 2, 3, 5, 10, 1000};
    for (size_t i = 0; i < sizeof ks / sizeof *ks && !st; i++) {
        long k = ks[i];
        char js[512], id[64], cm[200], linf[32], kk[32], k2[32];
        snprintf(js, sizeof js,
                 "{\"version\": 1, \"architecture\": [1, 1, 1], \"layers\": ["
                 "{\"weights\": [[\"1\"]], \"biases\": [\"%ld/%ld\"]},"
                 "{\"weights\": [[\"%ld\"]], \"biases\": [\"0\"]}]}",
                 1 - k * k, k * k, k);
        rr_net_t net;
        if ((st = net_parse(&net, js, err)))
            break;
        snprintf(id, sizeof id, "P4-g%ld", k);
        snprintf(cm, sizeof cm, "P4 target g_%ld(x) = %ld rho(x - 1 + 1/%ld) "
                 "on [-1, 1]", k, k, k * k);
        snprintf(linf, sizeof linf, "1/%ld", k);
        snprintf(kk, sizeof kk, "%ld", k);
        snprintf(k2, sizeof k2, "%ld", k * k);
        closed_t cf = {"||g_k||_inf = 1/k, |g_k|_W1inf = k (every gradient "
                       "norm), ||g_k||_W1inf = max(1/k, k) = k",
                       linf, k2, kk, kk, k2};
        static const char *const fl[] = {"Pathology", NULL};
        static const char *const fl2[] = {"Pathology", "ThinRegion", NULL};
        st = norm_group(g, &net, id, cm, 0, &cf, k >= 10 ? fl2 : fl, err);
        rr_net_clear(&net);
    }
    /* P1/P2 targets g_k = (1/k) rho(<v, x>) on [-1, 1]^2 */
    static const struct {
        const char *v1, *v2, *linf, *l1, *linf_g, *what;
    } vs[] = {
        {"3/5", "4/5", "7/5", "7/5", "4/5", "v = (3/5, 4/5)"},
        {"0", "1", "1", "1", "1", "v = (0, 1): the P1 target"},
    };
    for (size_t vi = 0; vi < 2 && !st; vi++)
        for (long k = 1; k <= 4 && !st; k++) {
            char js[512], id[64], cm[200];
            snprintf(js, sizeof js,
                     "{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
                     "{\"weights\": [[\"%s\", \"%s\"]], \"biases\": [\"0\"]},"
                     "{\"weights\": [[\"1/%ld\"]], \"biases\": [\"0\"]}]}",
                     vs[vi].v1, vs[vi].v2, k);
            rr_net_t net;
            if ((st = net_parse(&net, js, err)))
                break;
            mpq_t q;
            mpq_init(q);
            char s[5][64];
            const char *src[3] = {vs[vi].linf, vs[vi].l1, vs[vi].linf_g};
            for (int t = 0; t < 3; t++) {
                rr_caps_t caps;
                rr_caps_default(&caps);
                rr_q_parse(q, src[t], &caps, err);
                mpz_mul_si(mpq_denref(q), mpq_denref(q), k);
                mpq_canonicalize(q);
                char *x = rr_q_str(q);
                snprintf(s[t], sizeof s[t], "%s", x);
                free(x);
            }
            snprintf(s[3], sizeof s[3], "1/%ld", k * k);
            /* w1 (l2) = max(linf, 1/k) = linf (>= 1/k) */
            mpq_set_str(q, s[0], 10);
            mpq_mul(q, q, q);
            char *x = rr_q_str(q);
            snprintf(s[4], sizeof s[4], "%s", x);
            free(x);
            mpq_clear(q);
            closed_t cf = {"g_k = (1/k) rho(<v, x>), ||v||_2 = 1, on [-1, 1]^2: "
                           "||g_k||_inf = ||v||_1 / k, gradient v/k: l2 1/k, "
                           "l1 ||v||_1 / k, linf ||v||_inf / k",
                           s[0], s[3], s[1], s[2], s[4]};
            snprintf(id, sizeof id, "target-%s-k%ld", vi ? "P1" : "v34", k);
            snprintf(cm, sizeof cm, "g_%ld = (1/%ld) rho(<v, x>), %s", k, k,
                     vs[vi].what);
            static const char *const fl[] = {"Pathology", NULL};
            st = norm_group(g, &net, id, cm, 0, &cf, vi ? fl : NULL, err);
            rr_net_clear(&net);
        }
    return st;
}

/* A group for R(a) - R(b): the difference network, the operands in the
 * group's meta. */
static rr_status diff_group(gen_t *g, const rr_net_t *a, const rr_net_t *b,
                            const char *id, const char *comment,
                            const closed_t *cf, const char *const *flags,
                            int nbox, rr_err_t *err)
{
    rr_net_t dn;
    rr_status st = rr_net_difference(&dn, a, b, NULL, err);
    if (st)
        return st;
    ngroup_t *gr = new_group(g, &dn, id, comment, err);
    if (!gr) {
        rr_net_clear(&dn);
        return err->code ? err->code : RR_ENOMEM;
    }
    json_t *ops = json_object(), *ja = NULL, *jb = NULL;
    if (!(st = rr_json_net(&ja, a, err)) && !(st = rr_json_net(&jb, b, err))) {
        json_object_set_new(ops, "phi", ja);
        json_object_set_new(ops, "psi", jb);
    }
    json_object_set_new(gr->meta, "operands", ops);
    const char *fl[8];
    int n = 0;
    fl[n++] = "Difference";
    for (int i = 0; flags && flags[i] && n < 7; i++)
        fl[n++] = flags[i];
    fl[n] = NULL;
    if (!st)
        st = norm_case(g, gr, &dn, NULL, NULL, "the domain of Phi", cf, NULL,
                       fl, err);
    long d = dn.width[0];
    mpq_ptr lo = rr_qvec_new(d), hi = rr_qvec_new(d);
    for (int i = 0; i < nbox && !st; i++) {
        rand_box(g, lo, hi, d, 4);
        st = norm_case(g, gr, &dn, lo, hi, "a sub-box", NULL, NULL, fl, err);
    }
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
    rr_net_clear(&dn);
    return st;
}

/* A re-parametrization of a shallow network: permute, rescale by 2 and
 * 1/3 alternately, split neuron 0 into two positively parallel ones, add a
 * zero neuron. */
static rr_status reparam_shallow(rr_net_t *out, const rr_net_t *net,
                                 rr_err_t *err)
{
    rr_sp_t p, q;
    rr_status st = rr_sp_from_net(&p, net, err);
    if (st)
        return st;
    long w = p.w, d = p.d, k = p.k, n1 = d + 1;
    if ((st = rr_sp_init(&q, w + 2, d, k, err))) {
        rr_sp_clear(&p);
        return st;
    }
    mpq_t t;
    mpq_init(t);
    for (long i = 0; i < w; i++) {
        long dst = w - 1 - i; /* reversed */
        mpq_set_si(t, i % 2 ? 1 : 2, i % 2 ? 3 : 1);
        for (long j = 0; j < n1; j++)
            mpq_mul(q.U + dst * n1 + j, p.U + i * n1 + j, t);
        for (long r = 0; r < k; r++)
            mpq_div(q.C + dst * k + r, p.C + i * k + r, t);
    }
    /* split the neuron now at w-1 (input neuron 0): c rho(z) =
     * (c/2) rho(z) + (c/4) rho(2 z) */
    mpq_set_si(t, 1, 2);
    for (long r = 0; r < k; r++)
        mpq_mul(q.C + (w - 1) * k + r, q.C + (w - 1) * k + r, t);
    for (long j = 0; j < n1; j++)
        mpq_add(q.U + w * n1 + j, q.U + (w - 1) * n1 + j, q.U + (w - 1) * n1 + j);
    for (long r = 0; r < k; r++)
        mpq_mul(q.C + w * k + r, q.C + (w - 1) * k + r, t);
    /* neuron w + 1 stays zero */
    for (long r = 0; r < k; r++)
        mpq_set(q.e + r, p.e + r);
    mpq_clear(t);
    st = rr_sp_to_net(out, &q, net, err);
    rr_sp_clear(&p);
    rr_sp_clear(&q);
    return st;
}

static rr_status fam_norm_difference(gen_t *g, rr_err_t *err)
{
    rr_status st = RR_OK;
    /* pathologies: g_k - R(Gamma), delta and dinf in closed form */
    static const struct {
        int fam;
        long k;
    } pk[] = {{RR_P1, 4}, {RR_P1, 16}, {RR_P2, 4}, {RR_P2, 16},
              {RR_P3, 4}, {RR_P3, 16}, {RR_P4, 4}, {RR_P4, 16}};
    for (size_t i = 0; i < sizeof pk / sizeof *pk && !st; i++) {
        rr_patho_params_t pp;
        rr_patho_defaults(&pp);
        rr_net_t gamma, target, phi;
        rr_nval_t L, delta, dinf;
        st = rr_patho_build(&gamma, &target, &phi, &L, &delta, &dinf,
                            pk[i].fam, pk[i].k, &pp, err);
        rr_patho_params_clear(&pp);
        if (st)
            break;
        char id[64], cm[240], ds[64], di[64];
        char *x = rr_q_str(delta.q);
        snprintf(ds, sizeof ds, "%s", x);
        free(x);
        x = rr_q_str(dinf.q);
        snprintf(di, sizeof di, "%s", x);
        free(x);
        if (delta.is_sqrt) { /* not expected: the closed forms are rational */
            st = rr_err_set(err, RR_EINTERNAL, "pathology delta irrational");
        } else {
            mpq_t q;
            mpq_init(q);
            mpq_mul(q, delta.q, delta.q);
            x = rr_q_str(q);
            snprintf(ds, sizeof ds, "%s", x);
            free(x);
            mpq_clear(q);
        }
        snprintf(id, sizeof id, "P%d-k%ld-delta", pk[i].fam, pk[i].k);
        snprintf(cm, sizeof cm, "P%d, k = %ld: g_k - R(Gamma) (operands: phi "
                 "realizes g_k, psi is Gamma); delta = ||g_k - "
                 "R(Gamma)||_W1inf in closed form (spec/degeneracy.md 6)",
                 pk[i].fam, pk[i].k);
        closed_t cf = {"delta = ||g_k - R(Gamma)||_{W^{1,inf}([-1,1]^d)} with "
                       "the Euclidean gradient norm (w1L2Square is delta^2); "
                       "linf = ||g_k - R(Gamma)||_inf",
                       pk[i].fam == RR_P4 ? di : NULL, NULL, NULL, NULL, ds};
        static const char *const fl[] = {"Pathology", NULL};
        if (!st)
            st = diff_group(g, &target, &gamma, id, cm, &cf, fl, 0, err);
        rr_nval_clear(&L);
        rr_nval_clear(&delta);
        rr_nval_clear(&dinf);
        rr_net_clear(&gamma);
        rr_net_clear(&target);
        rr_net_clear(&phi);
    }
    /* random pairs of the same shape, and a network minus a
     * re-parametrization of itself (the zero function) */
    static const long shapes[][3] = {{1, 3, 1}, {2, 3, 1}, {2, 2, 2}, {3, 2, 1}};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes && !st; s++) {
        rr_net_t a, b, c;
        if ((st = rand_net(g, &a, 2, shapes[s], 3, 2, err)))
            break;
        if ((st = rand_net(g, &b, 2, shapes[s], 3, 2, err))) {
            rr_net_clear(&a);
            break;
        }
        char id[64], cm[200];
        snprintf(id, sizeof id, "diff-%ld-%ld-%ld", shapes[s][0], shapes[s][1],
                 shapes[s][2]);
        snprintf(cm, sizeof cm, "R(Phi) - R(Psi) for two random networks N = "
                 "(%ld, %ld, %ld)", shapes[s][0], shapes[s][1], shapes[s][2]);
        st = diff_group(g, &a, &b, id, cm, NULL, NULL, shapes[s][0] <= 2, err);
        if (!st && !(st = reparam_shallow(&c, &a, err))) {
            snprintf(id, sizeof id, "self-%ld-%ld-%ld", shapes[s][0],
                     shapes[s][1], shapes[s][2]);
            snprintf(cm, sizeof cm, "R(Phi) - R(Psi), Psi a re-parametrization "
                     "of Phi (permuted, rescaled, a neuron split in two "
                     "parallel ones, a zero neuron): the zero function");
            st = diff_group(g, &a, &c, id, cm, NULL, NULL, 0, err);
            rr_net_clear(&c);
        }
        rr_net_clear(&a);
        rr_net_clear(&b);
    }
    /* a deep network minus a shallow one (the shallower one is deepened) */
    if (!st) {
        long wa[4] = {2, 3, 2, 1}, wb[3] = {2, 2, 1};
        rr_net_t a, b;
        if (!(st = rand_net(g, &a, 3, wa, 2, 2, err))) {
            if (!(st = rand_net(g, &b, 2, wb, 2, 2, err))) {
                st = diff_group(g, &a, &b, "diff-deep-shallow",
                                "R(Phi) - R(Psi), Phi of depth 3, Psi shallow "
                                "(deepened exactly by rr_net_deepen)",
                                NULL, NULL, 1, err);
                rr_net_clear(&b);
            }
            rr_net_clear(&a);
        }
    }
    return st;
}

static rr_status fam_norm_kinks(gen_t *g, rr_err_t *err)
{
    static const struct {
        const char *id, *comment, *json, *trap[3];
        const char *flags[3];
        closed_t cf;
    } cases[] = {
        {"identity-pair",
         "rho(x) - rho(-x) = x on [-1, 1]: seminorm 1; relu'(0) = 1 at x = 0 "
         "gives 1 + 1 = 2",
         "{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"0\"]}]}",
         {"0", NULL, NULL}, {NULL},
         {"f(x) = x", "1", "1", "1", "1", "1"}},
        {"relu0-trap",
         "2 rho(x + 2) - rho(x) + rho(-x) = x + 4 on [-1, 1]: seminorm 1; "
         "relu'(0) = 0 at x = 0 gives 2",
         "{\"version\": 1, \"architecture\": [1, 3, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"1\"], [\"-1\"]], \"biases\": [\"2\", \"0\", \"0\"]},"
         "{\"weights\": [[\"2\", \"-1\", \"1\"]], \"biases\": [\"0\"]}]}",
         {"0", NULL, NULL}, {NULL},
         {"f(x) = x + 4", "5", "1", "1", "1", "25"}},
        {"tent",
         "1 - rho(x) - rho(-x) = 1 - |x| on [-1, 1]: |f| is largest (1) only "
         "at the kink x = 0; relu'(0) = 0 gives gradient 0, relu'(0) = 1 gives "
         "-1 + 1 = 0: no trap, but L^inf at a kink",
         "{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
         "{\"weights\": [[\"-1\", \"-1\"]], \"biases\": [\"1\"]}]}",
         {NULL}, {"LinfAtKink", NULL},
         {"f(x) = 1 - |x|", "1", "1", "1", "1", "1"}},
        {"hat-thin",
         "a hat of height 1 and width 1/500 at x = 1/2: 1000 rho(x - 1/2) - "
         "2000 rho(x - 501/1000) + 1000 rho(x - 502/1000); seminorm 1000 on "
         "two intervals of length 1/1000, L^inf 1 at the kink 501/1000",
         "{\"version\": 1, \"architecture\": [1, 3, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"1\"], [\"1\"]], \"biases\": [\"-1/2\", "
         "\"-501/1000\", \"-251/500\"]},"
         "{\"weights\": [[\"1000\", \"-2000\", \"1000\"]], \"biases\": [\"0\"]}]}",
         {NULL}, {"ThinRegion", "LinfAtKink", NULL},
         {"hat of height 1, slopes +-1000", "1", "1000000", "1000", "1000",
          "1000000"}},
        {"cross-2d",
         "rho(x1 + x2) - rho(-x1 - x2) + rho(x1 - x2) - rho(-x1 + x2) = 2 x1 "
         "on [-1, 1]^2: gradient (2, 0); relu'(0) = 1 at (0, 0) gives (4, 0)",
         "{\"version\": 1, \"architecture\": [2, 4, 1], \"layers\": ["
         "{\"weights\": [[\"1\", \"1\"], [\"-1\", \"-1\"], [\"1\", \"-1\"], "
         "[\"-1\", \"1\"]], \"biases\": [\"0\", \"0\", \"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"-1\", \"1\", \"-1\"]], \"biases\": [\"0\"]}]}",
         {"0", "0", NULL}, {NULL},
         {"f(x) = 2 x_1", "2", "4", "2", "2", "4"}},
        {"pyramid-2d",
         "1 - rho(x1) - rho(-x1) - rho(x2) - rho(-x2) on [-1, 1]^2 (1 - |x1| - "
         "|x2|): L^inf 1 at the corner (1, 1) (|f| = 1) and at the kink (0, 0)",
         "{\"version\": 1, \"architecture\": [2, 4, 1], \"layers\": ["
         "{\"weights\": [[\"1\", \"0\"], [\"-1\", \"0\"], [\"0\", \"1\"], "
         "[\"0\", \"-1\"]], \"biases\": [\"0\", \"0\", \"0\", \"0\"]},"
         "{\"weights\": [[\"-1\", \"-1\", \"-1\", \"-1\"]], \"biases\": [\"1\"]}]}",
         {NULL}, {NULL},
         {"f(x) = 1 - |x_1| - |x_2|", "1", "2", "2", "1", "2"}},
        {"deep-trap",
         "depth 3: rho(rho(x) - rho(-x) + 1) - 1 = x on [-1, 1]; relu'(0) = 1 "
         "at x = 0 gives 2",
         "{\"version\": 1, \"architecture\": [1, 2, 1, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"1\"]},"
         "{\"weights\": [[\"1\"]], \"biases\": [\"-1\"]}]}",
         {"0", NULL, NULL}, {NULL},
         {"f(x) = x", "1", "1", "1", "1", "1"}},
    };
    rr_status st = RR_OK;
    for (size_t i = 0; i < sizeof cases / sizeof *cases && !st; i++) {
        rr_net_t net;
        if ((st = net_parse(&net, cases[i].json, err)))
            break;
        ngroup_t *gr = new_group(g, &net, cases[i].id, cases[i].comment, err);
        if (!gr) {
            rr_net_clear(&net);
            return err->code ? err->code : RR_ENOMEM;
        }
        long d = net.width[0];
        mpq_ptr x = NULL;
        if (cases[i].trap[0]) {
            x = rr_qvec_new(d);
            rr_caps_t caps;
            rr_caps_default(&caps);
            for (long j = 0; j < d && !st; j++)
                st = rr_q_parse(x + j, cases[i].trap[j], &caps, err);
        }
        if (!st)
            st = norm_case(g, gr, &net, NULL, NULL, cases[i].comment,
                           &cases[i].cf, x, cases[i].flags, err);
        if (x)
            rr_qvec_free(x, d);
        rr_net_clear(&net);
    }
    return st;
}

/* ======================================================================= */
/* ---- degeneracy ----------------------------------------------------------- */
/* ======================================================================= */

static const struct {
    unsigned bit;
    const char *name, *flag;
} findings[] = {
    {RR_DG_ZERO, "zero", "Zero"},
    {RR_DG_NO_IN, "no-incoming", "NoIncoming"},
    {RR_DG_NO_OUT, "no-outgoing", "NoOutgoing"},
    {RR_DG_CONST, "constant", "Constant"},
    {RR_DG_DEAD, "dead", "Dead"},
    {RR_DG_ACTIVE, "always-active", "AlwaysActive"},
    {RR_DG_UNBALANCED, "unbalanced", "Unbalanced"},
    {RR_DG_PARALLEL, "parallel", "Parallel"},
    {RR_DG_OPPOSITE, "opposite", "Opposite"},
    {RR_DG_DEPENDENT, "dependent", "Cancelling"},
};
enum { NFIND = sizeof findings / sizeof *findings };

static json_t *jdg_layer(gen_t *g, json_t *fl, const rr_dg_layer_t *L)
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
        json_t *n = json_object(), *f = json_array();
        json_object_set_new(n, "neuron", json_integer(i + 1));
        json_object_set_new(n, "in", rr_json_qvec(L->in + i * n1, n1));
        json_object_set_new(n, "out", rr_json_qvec(L->out + i * k, k));
        json_t *z = json_array();
        json_array_append_new(z, rr_json_q(L->zlo + i));
        json_array_append_new(z, rr_json_q(L->zhi + i));
        json_object_set_new(n, "zRange", z);
        json_object_set_new(n, "inNorm2", rr_json_q(L->in2 + i));
        json_object_set_new(n, "outNorm2", rr_json_q(L->out2 + i));
        if (mpq_sgn(L->in2 + i)) {
            mpq_div(q, L->out2 + i, L->in2 + i);
            json_object_set_new(n, "balanceRatio2", rr_json_q(q));
        } else
            json_object_set_new(n, "balanceRatio2", json_null());
        for (int t = 0; t < NFIND; t++)
            if (L->flags[i] & findings[t].bit) {
                json_array_append_new(f, json_string(findings[t].name));
                add_flag(g, fl, findings[t].flag);
            }
        json_object_set_new(n, "findings", f);
        if (L->cls[i] >= 0) {
            json_object_set_new(n, "class", json_integer(L->cls[i] + 1));
            json_object_set_new(n, "scale", rr_json_q(L->scale + i));
        } else {
            json_object_set_new(n, "class", json_null());
            json_object_set_new(n, "scale", json_null());
        }
        json_array_append_new(ns, n);
    }
    json_object_set_new(o, "neurons", ns);
    json_t *cs = json_array(), *groups = json_array();
    for (long c = 0; c < L->nclass; c++) {
        json_t *co = json_object();
        json_object_set_new(co, "direction", rr_json_qvec(L->dir + c * n1, n1));
        json_object_set_new(co, "jump", rr_json_qvec(L->jump + c * k, k));
        json_object_set_new(co, "plus", json_integer(L->npos[c]));
        json_object_set_new(co, "minus", json_integer(L->nneg[c]));
        json_array_append_new(cs, co);
        for (int sgn = 1; sgn >= -1; sgn -= 2) {
            long cnt = sgn > 0 ? L->npos[c] : L->nneg[c];
            if (cnt < 2)
                continue;
            json_t *gr = json_array();
            for (long i = 0; i < L->m; i++)
                if (L->cls[i] == c && mpq_sgn(L->scale + i) == sgn)
                    json_array_append_new(gr, json_integer(i + 1));
            json_array_append_new(groups, gr);
        }
    }
    json_object_set_new(o, "classes", cs);
    json_object_set_new(o, "parallelGroups", groups);
    json_t *pa = json_array();
    for (long a = 0; a < L->npair; a++)
        json_array_append_new(pa, json_integer(L->pair[a] + 1));
    json_object_set_new(o, "oppositeClasses", pa);
    json_object_set_new(o, "oppositeRank", json_integer(L->pair_rank));
    json_t *ks = json_array();
    for (long v = 0; v < L->kdim; v++)
        json_array_append_new(ks, rr_json_qvec(L->kernel + v * L->npair, L->npair));
    json_object_set_new(o, "dependences", ks);
    json_t *aff = json_array();
    for (long r = 0; r < k; r++)
        json_array_append_new(aff, rr_json_qvec(L->pair_aff + r * n1, n1));
    json_object_set_new(o, "oppositeAffine", aff);
    int zero = L->npair > 0 && rr_dg_is_zero(L->pair_aff, k * n1);
    for (long a = 0; a < L->npair && zero; a++)
        if (!rr_dg_is_zero(L->jump + L->pair[a] * k, k))
            zero = 0;
    json_object_set_new(o, "oppositeRealizeZero", json_boolean(zero));
    mpq_clear(q);
    return o;
}

static json_t *jstats(const rr_nf_stats_t *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "zero", json_integer(s->zero));
    json_object_set_new(o, "noIncoming", json_integer(s->no_in));
    json_object_set_new(o, "noOutgoing", json_integer(s->no_out));
    json_object_set_new(o, "constant", json_integer(s->constant));
    json_object_set_new(o, "deadOnBox", json_integer(s->dead));
    json_object_set_new(o, "alwaysActiveOnBox", json_integer(s->active));
    json_object_set_new(o, "merged", json_integer(s->merged));
    json_object_set_new(o, "cancelled", json_integer(s->cancelled));
    return o;
}

/* Box mode: does the normal network equal the input on the box only?
 * Exactly nf->box_used: set by rr_normal_compute whenever a box-dependent
 * step was taken (neurons dead on the box dropped; shallow: always-active
 * ones folded, or the representation uses always-active neurons, which
 * carry the linear part on the box only -- rho(x) - rho(-x) on [-1, 1]
 * becomes rho(x + 1) - 1). */
static int box_dependent(const rr_normal_t *nf)
{
    return nf->on_box && nf->box_used;
}

static rr_status jnormal(json_t **out, const rr_normal_t *nf, rr_err_t *err)
{
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(
        nf->kind == RR_NF_SHALLOW ? "shallow"
        : nf->kind == RR_NF_LAYERWISE ? "layerwise" : "affine"));
    json_object_set_new(o, "equalOn", json_string(box_dependent(nf) ? "box"
                                                                   : "R^d"));
    json_object_set_new(o, "widthIn", json_integer(nf->width_in));
    json_object_set_new(o, "widthOut", json_integer(nf->width_out));
    json_object_set_new(o, "removed", jstats(&nf->stats));
    if (nf->kind == RR_NF_SHALLOW) {
        const rr_inv_t *iv = &nf->inv;
        long d = iv->d, k = iv->k, n1 = d + 1;
        json_object_set_new(o, "invariants", rr_json_invariants(iv));
        json_t *rep = json_object(), *ex = json_array();
        json_object_set_new(rep, "orientations",
                            json_string(nf->rep.orient ? nf->rep.orient : ""));
        json_object_set_new(rep, "extraKind",
                            json_string(iv->on_box ? "always-active neuron"
                                                   : "opposite pair"));
        for (long p = 0; p < nf->rep.r; p++) {
            json_t *eo = json_object();
            json_object_set_new(eo, "direction", rr_json_qvec(nf->rep.V + p * d, d));
            json_object_set_new(eo, "coefficient", rr_json_qvec(nf->rep.alpha + p * k, k));
            json_array_append_new(ex, eo);
        }
        json_object_set_new(rep, "extra", ex);
        json_object_set_new(rep, "searchComplete",
                            json_boolean(nf->search_complete));
        json_object_set_new(rep, "patternsExamined",
                            json_integer((json_int_t)nf->candidates));
        json_object_set_new(o, "representation", rep);
        /* the balancing rationals s_i = ||c_i||^2 / ||u_i||^2 */
        const rr_net_t *nn = &nf->net;
        long m = nn->width[1];
        json_t *bs = json_array();
        mpq_ptr u = rr_qvec_new(n1), c = rr_qvec_new(k);
        mpq_t s;
        mpq_init(s);
        for (long i = 0; i < m && u && c; i++) {
            for (long j = 0; j < d; j++)
                mpq_set(u + j, rr_net_weight(nn, 0, i, j));
            mpq_set(u + d, rr_net_bias(nn, 0, i));
            for (long r = 0; r < k; r++)
                mpq_set(c + r, rr_net_weight(nn, 1, r, i));
            rr_balance_s(s, u, n1, c, k);
            json_array_append_new(bs, rr_json_q(s));
        }
        mpq_clear(s);
        rr_qvec_free(u, n1);
        rr_qvec_free(c, k);
        json_object_set_new(o, "balanceS", bs);
    }
    if (nf->kind == RR_NF_LAYERWISE)
        json_object_set_new(o, "passes", json_integer(nf->passes));
    json_t *jn = NULL;
    rr_status st = rr_json_net(&jn, &nf->net, err);
    if (st) {
        json_decref(o);
        return st;
    }
    json_object_set_new(o, "network", jn);
    *out = o;
    return RR_OK;
}

/* A degeneracy group: diagnosis and restricted verdicts on the network's
 * domain, the normal form on R^d and on the domain.  The R^d normal form
 * is returned in *nf_rd (initialised) when nf_rd is not NULL. */
static rr_status degen_group(gen_t *g, const rr_net_t *net, const char *id,
                             const char *comment, const char *equiv,
                             const char *transform, const char *const *flags,
                             rr_normal_t *nf_rd, rr_normal_t *nf_box,
                             rr_err_t *err)
{
    ngroup_t *gr = new_group(g, net, id, comment, err);
    if (!gr)
        return err->code ? err->code : RR_ENOMEM;
    if (equiv)
        json_object_set_new(gr->meta, "equivalentTo", json_string(equiv));
    if (transform)
        json_object_set_new(gr->meta, "transformation", json_string(transform));
    long d = net->width[0];
    rr_degen_t dg;
    memset(&dg, 0, sizeof dg);
    rr_status st = rr_degen_analyze(&dg, net, NULL, NULL, err);
    if (st) {
        rr_degen_clear(&dg);
        return st;
    }
    const char *common[8];
    int nc = 0;
    if (net->depth > 2)
        common[nc++] = "Deep";
    if (!rr_net_is_dyadic(net))
        common[nc++] = "NonDyadic";
    if (equiv)
        common[nc++] = "Reparametrized";
    common[nc] = NULL;
    /* diagnosis */
    json_t *t = new_test(g, gr, "diagnosis on the network's domain");
    json_t *fl = json_object_get(t, "flags");
    json_object_set_new(t, "kind", json_string("diagnosis"));
    json_object_set_new(t, "box", rr_json_box(dg.lo, dg.hi, d));
    json_t *layers = json_array();
    for (long l = 0; l < dg.nlayer; l++)
        json_array_append_new(layers, jdg_layer(g, fl, &dg.layer[l]));
    json_object_set_new(t, "layers", layers);
    for (int i = 0; common[i]; i++)
        add_flag(g, fl, common[i]);
    for (int i = 0; flags && flags[i]; i++)
        add_flag(g, fl, flags[i]);
    if (net->depth > 2)
        json_object_set_new(t, "result", json_string("acceptable"));
    /* the findings say why the group exists: every test carries them */
    const char *found[NFIND + 1];
    int nfound = 0;
    for (int i = 0; i < NFIND; i++) {
        size_t j;
        json_t *v;
        json_array_foreach(fl, j, v) if (!strcmp(json_string_value(v),
                                                 findings[i].flag))
            found[nfound++] = findings[i].flag;
    }
    found[nfound] = NULL;
    /* restricted set */
    int restricted = rr_degen_restricted(&dg);
    t = new_test(g, gr, restricted ? "in the restricted set (R1-R4 hold in "
                                     "every hidden layer)"
                                   : "not in the restricted set");
    fl = json_object_get(t, "flags");
    json_object_set_new(t, "kind", json_string("restricted"));
    json_object_set_new(t, "restricted", json_boolean(restricted));
    add_flag(g, fl, restricted ? "Restricted" : "NotRestricted");
    for (int i = 0; found[i]; i++)
        add_flag(g, fl, found[i]);
    for (int i = 0; common[i]; i++)
        add_flag(g, fl, common[i]);
    for (int i = 0; flags && flags[i]; i++)
        add_flag(g, fl, flags[i]);
    layers = json_array();
    for (long l = 0; l < dg.nlayer && !st; l++) {
        const rr_dg_layer_t *L = &dg.layer[l];
        json_t *lo = json_object();
        json_object_set_new(lo, "layer", json_integer(L->l));
        long *idx = malloc(((size_t)L->m + 1) * sizeof *idx);
        if (!idx) {
            st = rr_err_set(err, RR_ENOMEM, "out of memory");
            json_decref(lo);
            break;
        }
        for (int c = 0; c < RR_NCOND; c++) {
            long nv = rr_degen_violations(idx, L, c);
            json_t *a = json_array();
            for (long i = 0; i < nv; i++)
                json_array_append_new(a, json_integer(idx[i] + 1));
            json_object_set_new(lo, rr_cond_name(c), a);
        }
        free(idx);
        json_array_append_new(layers, lo);
    }
    json_object_set_new(t, "layers", layers);
    rr_degen_clear(&dg);
    /* normal forms */
    for (int mode = 0; mode < 2 && !st; mode++) {
        rr_normal_t nf;
        memset(&nf, 0, sizeof nf);
        st = rr_normal_compute(&nf, net, mode ? net->lo : NULL,
                               mode ? net->hi : NULL, err);
        if (st) {
            rr_normal_clear(&nf);
            break;
        }
        t = new_test(g, gr, mode ? "normal form on the network's domain "
                                   "(equal there)"
                                 : "normal form on R^d (equal everywhere)");
        fl = json_object_get(t, "flags");
        json_object_set_new(t, "kind", json_string("normalForm"));
        json_object_set_new(t, "on", json_string(mode ? "box" : "R^d"));
        if (mode)
            json_object_set_new(t, "box", rr_json_box(net->lo, net->hi, d));
        json_t *jn = NULL;
        st = jnormal(&jn, &nf, err);
        if (!st)
            json_object_set_new(t, "normalForm", jn);
        for (int i = 0; found[i]; i++)
            add_flag(g, fl, found[i]);
        for (int i = 0; common[i]; i++)
            add_flag(g, fl, common[i]);
        for (int i = 0; flags && flags[i]; i++)
            add_flag(g, fl, flags[i]);
        if (mode && box_dependent(&nf))
            add_flag(g, fl, "BoxDependent");
        if (nf.kind == RR_NF_SHALLOW && !nf.search_complete) {
            add_flag(g, fl, "SearchCapped");
            json_object_set_new(t, "result", json_string("acceptable"));
        }
        rr_normal_t *keep = mode ? nf_box : nf_rd;
        if (keep && !st)
            *keep = nf;
        else
            rr_normal_clear(&nf);
    }
    return st;
}

/* 1 iff two normal forms are the same (network, and invariants when
 * shallow). */
static int normal_same(const rr_normal_t *a, const rr_normal_t *b)
{
    if (a->kind != b->kind || !rr_net_equal(&a->net, &b->net))
        return 0;
    if (a->kind == RR_NF_SHALLOW && !rr_inv_equal(&a->inv, &b->inv))
        return 0;
    return 1;
}

static rr_status fam_degen_diagnosis(gen_t *g, rr_err_t *err)
{
    static const struct {
        const char *id, *comment, *json;
    } cases[] = {
        {"clean-2d",
         "restricted and balanced: u = (1, 0 | 0), (0, 1 | 0), "
         "(3/5, 0 | 4/5), c = 1",
         "{\"version\": 1, \"architecture\": [2, 3, 1], \"layers\": ["
         "{\"weights\": [[\"1\", \"0\"], [\"0\", \"1\"], [\"3/5\", \"0\"]], "
         "\"biases\": [\"0\", \"0\", \"4/5\"]},"
         "{\"weights\": [[\"1\", \"-1\", \"1\"]], \"biases\": [\"0\"]}]}"},
        {"zoo-2d",
         "one neuron per finding: zero, no incoming, no outgoing, constant "
         "(a = 0, b = 1), dead on [-1, 1]^2, always active, a parallel pair, "
         "an opposite neuron",
         "{\"version\": 1, \"architecture\": [2, 9, 1], \"layers\": ["
         "{\"weights\": [[\"0\", \"0\"], [\"0\", \"0\"], [\"1\", \"1\"], "
         "[\"0\", \"0\"], [\"1\", \"0\"], [\"0\", \"1\"], [\"1\", \"2\"], "
         "[\"2\", \"4\"], [\"-1\", \"-2\"]], "
         "\"biases\": [\"0\", \"0\", \"0\", \"1\", \"-2\", \"2\", \"1/2\", "
         "\"1\", \"-1/2\"]},"
         "{\"weights\": [[\"0\", \"2\", \"0\", \"1\", \"1\", \"3\", \"1\", "
         "\"-1/2\", \"1\"]], \"biases\": [\"1/3\"]}]}"},
        {"cancelling-p2",
         "rows a_i, -a_i with a = (1, 2), (-3, 1), (2, -3) summing to 0 and "
         "c = (1, 1, 1, -1, -1, -1): three opposite classes with dependent "
         "directions realizing the zero function (P2)",
         "{\"version\": 1, \"architecture\": [2, 6, 1], \"layers\": ["
         "{\"weights\": [[\"1\", \"2\"], [\"-3\", \"1\"], [\"2\", \"-3\"],"
         " [\"-1\", \"-2\"], [\"3\", \"-1\"], [\"-2\", \"3\"]],"
         " \"biases\": [\"0\", \"0\", \"0\", \"0\", \"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"1\", \"1\", \"-1\", \"-1\", \"-1\"]],"
         " \"biases\": [\"0\"]}]}"},
        {"identity-pair",
         "rho(x) - rho(-x) = x: one opposite class, independent, restricted "
         "(balanced)",
         "{\"version\": 1, \"architecture\": [1, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"-1\"]], \"biases\": [\"0\", \"0\"]},"
         "{\"weights\": [[\"1\", \"-1\"]], \"biases\": [\"0\"]}]}"},
        {"unbalanced-k2",
         "two outputs, unbalanced neurons with exact balance ratios (9/5, "
         "1/8, 1), a parallel pair with opposite jumps",
         "{\"version\": 1, \"architecture\": [2, 4, 2], \"layers\": ["
         "{\"weights\": [[\"1\", \"2\"], [\"2\", \"0\"], [\"1\", \"1\"], "
         "[\"3\", \"3\"]], \"biases\": [\"0\", \"0\", \"1\", \"3\"]},"
         "{\"weights\": [[\"3\", \"1/2\", \"1\", \"-1/3\"], "
         "[\"0\", \"0\", \"1\", \"1\"]], \"biases\": [\"0\", \"1\"]}]}"},
        {"box-dead-active",
         "1-D on the domain [0, 2]: rho(x - 3) dead, rho(x + 1) always "
         "active, rho(x - 1) crossing: the normal form on the box differs "
         "from the one on R",
         "{\"version\": 1, \"architecture\": [1, 3, 1], \"domain\": "
         "{\"lo\": [\"0\"], \"hi\": [\"2\"]}, \"layers\": ["
         "{\"weights\": [[\"1\"], [\"1\"], [\"1\"]], \"biases\": [\"-3\", "
         "\"1\", \"-1\"]},"
         "{\"weights\": [[\"5\", \"2\", \"-1\"]], \"biases\": [\"0\"]}]}"},
        {"deep-dead",
         "depth 3: a second-layer neuron dead on [-1, 1] (certified by "
         "interval propagation), a parallel pair in layer 1",
         "{\"version\": 1, \"architecture\": [1, 3, 2, 1], \"layers\": ["
         "{\"weights\": [[\"1\"], [\"2\"], [\"-1\"]], \"biases\": [\"0\", "
         "\"0\", \"1\"]},"
         "{\"weights\": [[\"1\", \"1\", \"1\"], [\"-1\", \"-1\", \"-1\"]], "
         "\"biases\": [\"0\", \"-1\"]},"
         "{\"weights\": [[\"1\", \"4\"]], \"biases\": [\"0\"]}]}"},
        {"zero-network",
         "the zero network of N = (2, 2, 1): every neuron zero, restricted",
         "{\"version\": 1, \"architecture\": [2, 2, 1], \"layers\": ["
         "{\"weights\": [[\"0\", \"0\"], [\"0\", \"0\"]], \"biases\": "
         "[\"0\", \"0\"]},"
         "{\"weights\": [[\"0\", \"0\"]], \"biases\": [\"0\"]}]}"},
    };
    rr_status st = RR_OK;
    for (size_t i = 0; i < sizeof cases / sizeof *cases && !st; i++) {
        rr_net_t net;
        if ((st = net_parse(&net, cases[i].json, err)))
            break;
        st = degen_group(g, &net, cases[i].id, cases[i].comment, NULL, NULL,
                         NULL, NULL, NULL, err);
        rr_net_clear(&net);
    }
    return st;
}

/* ---- re-parametrizations ---------------------------------------------------- */

/* out := net with hidden layer l (1-based hidden index) given one more
 * neuron (row: width[l-1] + 1 entries, weights then bias; col: width[l+1]
 * entries), appended last. */
static rr_status add_neuron(rr_net_t *out, const rr_net_t *net, int l,
                            mpq_srcptr row, mpq_srcptr col, rr_err_t *err)
{
    long w[16];
    for (int i = 0; i <= net->depth; i++)
        w[i] = net->width[i];
    w[l]++;
    rr_status st = rr_net_init(out, net->depth, w, NULL, err);
    if (st)
        return st;
    for (int a = 0; a < net->depth; a++) {
        long m = net->width[a + 1], n = net->width[a];
        for (long i = 0; i < m; i++) {
            for (long j = 0; j < n; j++)
                mpq_set(rr_net_weight(out, a, i, j), rr_net_weight(net, a, i, j));
            mpq_set(rr_net_bias(out, a, i), rr_net_bias(net, a, i));
        }
    }
    long n = net->width[l - 1], m = net->width[l], k = net->width[l + 1];
    for (long j = 0; j < n; j++)
        mpq_set(rr_net_weight(out, l - 1, m, j), row + j);
    mpq_set(rr_net_bias(out, l - 1, m), row + n);
    for (long r = 0; r < k; r++)
        mpq_set(rr_net_weight(out, l, r, m), col + r);
    for (long i = 0; i < net->width[0]; i++) {
        mpq_set(out->lo + i, net->lo + i);
        mpq_set(out->hi + i, net->hi + i);
    }
    out->has_domain = net->has_domain;
    return RR_OK;
}

/* In place: neuron i of hidden layer l scaled by t > 0 (row * t, col / t). */
static void rescale(rr_net_t *net, int l, long i, mpq_srcptr t)
{
    long n = net->width[l - 1], k = net->width[l + 1];
    for (long j = 0; j < n; j++)
        mpq_mul(rr_net_weight(net, l - 1, i, j), rr_net_weight(net, l - 1, i, j), t);
    mpq_mul(rr_net_bias(net, l - 1, i), rr_net_bias(net, l - 1, i), t);
    for (long r = 0; r < k; r++)
        mpq_div(rr_net_weight(net, l, r, i), rr_net_weight(net, l, r, i), t);
}

/* In place: swap neurons i and j of hidden layer l. */
static void swap_neurons(rr_net_t *net, int l, long i, long j)
{
    long n = net->width[l - 1], k = net->width[l + 1];
    for (long c = 0; c < n; c++)
        mpq_swap(rr_net_weight(net, l - 1, i, c), rr_net_weight(net, l - 1, j, c));
    mpq_swap(rr_net_bias(net, l - 1, i), rr_net_bias(net, l - 1, j));
    for (long r = 0; r < k; r++)
        mpq_swap(rr_net_weight(net, l, r, i), rr_net_weight(net, l, r, j));
}

/* The row (weights | bias) and column of neuron i of hidden layer l. */
static void neuron_get(mpq_ptr row, mpq_ptr col, const rr_net_t *net, int l,
                       long i)
{
    long n = net->width[l - 1], k = net->width[l + 1];
    for (long j = 0; j < n; j++)
        mpq_set(row + j, rr_net_weight(net, l - 1, i, j));
    mpq_set(row + n, rr_net_bias(net, l - 1, i));
    for (long r = 0; r < k; r++)
        mpq_set(col + r, rr_net_weight(net, l, r, i));
}

enum { T_PERMUTE, T_RESCALE, T_SPLIT, T_ZERO, T_CANCEL, T_FLIP, NTRANS };

static const char *const trans_text[NTRANS] = {
    "hidden neurons permuted (reversed in every hidden layer)",
    "S2: every hidden neuron rescaled by a positive factor (2, 1/3, 5/2, ...)",
    "S3 inverse: the first neuron of hidden layer 1 split into two positively "
    "parallel ones, c rho(z) = (c/2) rho(z) + (c/4) rho(2z)",
    "a zero neuron added to every hidden layer",
    "a cancelling parallel pair added to hidden layer 1: a rho(z) - a rho(z)",
    "orientation flip of the first neuron of a shallow network: c rho(z) = "
    "c rho(-z) + (c/2) rho(2z) - (c/2) rho(-2z)",
};

/* out := a re-parametrization of net by transformation tr (same realization
 * on R^d). */
static rr_status transform(rr_net_t *out, const rr_net_t *net, int tr,
                           rr_err_t *err)
{
    rr_status st;
    long maxn = 2;
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] + 2 > maxn) /* T_ZERO widens a layer first */
            maxn = net->width[l] + 2;
    mpq_ptr row = rr_qvec_new(maxn), col = rr_qvec_new(maxn);
    mpq_t t;
    mpq_init(t);
    switch (tr) {
    case T_PERMUTE:
        st = rr_net_init_copy(out, net, err);
        for (int l = 1; l < net->depth && !st; l++)
            for (long i = 0, j = net->width[l] - 1; i < j; i++, j--)
                swap_neurons(out, l, i, j);
        break;
    case T_RESCALE:
        st = rr_net_init_copy(out, net, err);
        for (int l = 1; l < net->depth && !st; l++)
            for (long i = 0; i < net->width[l]; i++) {
                static const long f[4][2] = {{2, 1}, {1, 3}, {5, 2}, {3, 7}};
                mpq_set_si(t, f[(i + l) % 4][0], (unsigned long)f[(i + l) % 4][1]);
                rescale(out, l, i, t);
            }
        break;
    case T_SPLIT: {
        rr_net_t tmp;
        st = rr_net_init_copy(&tmp, net, err);
        if (st)
            break;
        mpq_set_si(t, 1, 2);
        long n = net->width[0], k = net->width[2];
        for (long r = 0; r < k; r++)
            mpq_mul(rr_net_weight(&tmp, 1, r, 0), rr_net_weight(&tmp, 1, r, 0), t);
        neuron_get(row, col, &tmp, 1, 0);
        for (long j = 0; j <= n; j++)
            mpq_add(row + j, row + j, row + j);
        for (long r = 0; r < k; r++)
            mpq_mul(col + r, col + r, t);
        st = add_neuron(out, &tmp, 1, row, col, err);
        rr_net_clear(&tmp);
        break;
    }
    case T_ZERO: {
        rr_net_t cur;
        st = rr_net_init_copy(&cur, net, err);
        for (int l = 1; l < net->depth && !st; l++) {
            for (long j = 0; j < maxn; j++) {
                mpq_set_ui(row + j, 0, 1);
                mpq_set_ui(col + j, 0, 1);
            }
            rr_net_t nx;
            st = add_neuron(&nx, &cur, l, row, col, err);
            rr_net_clear(&cur);
            if (!st)
                cur = nx;
        }
        if (!st)
            *out = cur;
        break;
    }
    case T_CANCEL: {
        rr_net_t tmp;
        long n = net->width[0], k = net->width[2];
        for (long j = 0; j < n; j++)
            mpq_set_si(row + j, (long)(j % 3) - 1 + (j == 0 ? 2 : 0), 1);
        mpq_set_si(row + n, 1, 2);
        for (long r = 0; r < k; r++)
            mpq_set_si(col + r, 3, 1);
        st = add_neuron(&tmp, net, 1, row, col, err);
        if (st)
            break;
        for (long r = 0; r < k; r++)
            mpq_set_si(col + r, -3, 1);
        st = add_neuron(out, &tmp, 1, row, col, err);
        rr_net_clear(&tmp);
        break;
    }
    case T_FLIP: { /* shallow only */
        rr_net_t a, b;
        long n = net->width[0], k = net->width[2];
        st = rr_net_init_copy(&a, net, err);
        if (st)
            break;
        neuron_get(row, col, net, 1, 0);
        /* neuron 0 := (-u, c) */
        for (long j = 0; j < n; j++)
            mpq_neg(rr_net_weight(&a, 0, 0, j), rr_net_weight(&a, 0, 0, j));
        mpq_neg(rr_net_bias(&a, 0, 0), rr_net_bias(&a, 0, 0));
        /* + (2u, c/2) + (-2u, -c/2) */
        for (long j = 0; j <= n; j++)
            mpq_add(row + j, row + j, row + j);
        mpq_set_si(t, 1, 2);
        for (long r = 0; r < k; r++)
            mpq_mul(col + r, col + r, t);
        st = add_neuron(&b, &a, 1, row, col, err);
        rr_net_clear(&a);
        if (st)
            break;
        for (long j = 0; j <= n; j++)
            mpq_neg(row + j, row + j);
        for (long r = 0; r < k; r++)
            mpq_neg(col + r, col + r);
        st = add_neuron(out, &b, 1, row, col, err);
        rr_net_clear(&b);
        break;
    }
    default:
        st = rr_err_set(err, RR_EINTERNAL, "transform");
    }
    mpq_clear(t);
    rr_qvec_free(row, maxn);
    rr_qvec_free(col, maxn);
    return st;
}

/* A base network and its re-parametrized copies; every copy's normal
 * forms (R^d and box) must equal the base's. */
static rr_status copies_groups(gen_t *g, const rr_net_t *base, const char *id,
                               const char *comment, const char *const *flags,
                               int shallow_only, rr_err_t *err)
{
    rr_normal_t nr, nb;
    memset(&nr, 0, sizeof nr);
    memset(&nb, 0, sizeof nb);
    rr_status st = degen_group(g, base, id, comment, NULL, NULL, flags, &nr,
                               &nb, err);
    for (int tr = 0; tr < NTRANS && !st; tr++) {
        if (!shallow_only && (tr == T_FLIP || tr == T_CANCEL))
            continue;
        rr_net_t c;
        if ((st = transform(&c, base, tr, err)))
            break;
        char cid[96], cm[320];
        snprintf(cid, sizeof cid, "%s-copy%d", id, tr + 1);
        snprintf(cm, sizeof cm, "a re-parametrization of %s: %s", id,
                 trans_text[tr]);
        rr_normal_t cr, cb;
        memset(&cr, 0, sizeof cr);
        memset(&cb, 0, sizeof cb);
        st = degen_group(g, &c, cid, cm, id, trans_text[tr], flags, &cr, &cb,
                         err);
        if (!st && (!normal_same(&nr, &cr) || !normal_same(&nb, &cb)))
            st = rr_err_set(err, RR_EINTERNAL,
                            "degeneracy vectors: %s does not normalize like %s",
                            cid, id);
        rr_normal_clear(&cr);
        rr_normal_clear(&cb);
        rr_net_clear(&c);
    }
    rr_normal_clear(&nr);
    rr_normal_clear(&nb);
    return st;
}

static rr_status fam_degen_copies(gen_t *g, rr_err_t *err)
{
    static const struct {
        int depth;
        long w[6];
        long r, den;
    } specs[] = {
        {2, {1, 3, 1}, 3, 2}, {2, {2, 3, 1}, 3, 2}, {2, {2, 4, 1}, 4, 1},
        {2, {3, 3, 2}, 2, 2}, {3, {2, 3, 2, 1}, 3, 1}, {3, {1, 3, 3, 1}, 2, 2},
    };
    rr_status st = RR_OK;
    for (size_t s = 0; s < sizeof specs / sizeof *specs && !st; s++) {
        rr_net_t net;
        if ((st = rand_net(g, &net, specs[s].depth, specs[s].w, specs[s].r,
                           specs[s].den, err)))
            break;
        char id[64], cm[200];
        int c = arch_names(id, sizeof id, cm, sizeof cm, "base", specs[s].depth,
                           specs[s].w);
        snprintf(cm + c, sizeof cm - (size_t)c, "), parameters p/q with "
                 "|p| <= %ld, q <= %ld; the groups after it are "
                 "re-parametrizations of it", specs[s].r, specs[s].den);
        st = copies_groups(g, &net, id, cm, NULL, specs[s].depth == 2, err);
        rr_net_clear(&net);
    }
    return st;
}

static rr_status fam_degen_pathology(gen_t *g, rr_err_t *err)
{
    rr_status st = RR_OK;
    static const char *const fl[] = {"Pathology", NULL};
    static const char *const what[4] = {
        "P1: an unbalanced neuron with c = 0 (a = (r, 0), r = 1)",
        "P2: opposite pairs with dependent directions realizing 0",
        "P3: a cancelling parallel pair a rho(x) - a rho(x) (a = 1)",
        "P4: Gamma = 0 (restricted)",
    };
    for (int fam = RR_P1; fam <= RR_P4 && !st; fam++) {
        rr_patho_params_t pp;
        rr_patho_defaults(&pp);
        rr_net_t gamma, target, phi;
        rr_nval_t L, delta, dinf;
        long k = 4;
        st = rr_patho_build(&gamma, &target, &phi, &L, &delta, &dinf, fam, k,
                            &pp, err);
        rr_patho_params_clear(&pp);
        if (st)
            break;
        char id[64], id2[64], id3[64], cm[240];
        snprintf(id, sizeof id, "P%d-Gamma", fam);
        st = degen_group(g, &gamma, id, what[fam - 1], NULL, NULL, fl, NULL,
                         NULL, err);
        rr_normal_t nt, nb, pr, pb;
        memset(&nt, 0, sizeof nt);
        memset(&nb, 0, sizeof nb);
        memset(&pr, 0, sizeof pr);
        memset(&pb, 0, sizeof pb);
        snprintf(id2, sizeof id2, "P%d-g%ld", fam, k);
        snprintf(cm, sizeof cm, "P%d: a network realizing the target g_%ld "
                 "(spec/degeneracy.md 6)", fam, k);
        if (!st)
            st = degen_group(g, &target, id2, cm, NULL, NULL, fl, &nt, &nb, err);
        snprintf(id3, sizeof id3, "P%d-Phi%ld", fam, k);
        snprintf(cm, sizeof cm, "P%d: Phi_%ld, an explicit parametrization of "
                 "g_%ld of Gamma's shape", fam, k, k);
        if (!st)
            st = degen_group(g, &phi, id3, cm, id2,
                             "a parametrization of the same g_k of another "
                             "shape", fl, &pr, &pb, err);
        if (!st && (!normal_same(&nt, &pr) || !normal_same(&nb, &pb)))
            st = rr_err_set(err, RR_EINTERNAL,
                            "degeneracy vectors: %s and %s normalize "
                            "differently", id2, id3);
        rr_normal_clear(&nt);
        rr_normal_clear(&nb);
        rr_normal_clear(&pr);
        rr_normal_clear(&pb);
        rr_nval_clear(&L);
        rr_nval_clear(&delta);
        rr_nval_clear(&dinf);
        rr_net_clear(&gamma);
        rr_net_clear(&target);
        rr_net_clear(&phi);
    }
    return st;
}

/* ---- families and the entry point ------------------------------------------- */

typedef rr_status (*nfam_fn)(gen_t *g, rr_err_t *err);

const rr_nvec_family_t rr_nvec_norm_families[] = {
    {"shallow", "random shallow networks N = (d, m, k), d = 1 .. 5, on their "
                "domain and on sub-boxes"},
    {"deep", "random networks of depth 3 and 4, exact by region enumeration"},
    {"closed-form", "the P4 targets g_k (||g_k||_inf = 1/k, |g_k|_W1inf = k) "
                    "and the P1/P2 targets (1/k) rho(<v, x>)"},
    {"difference", "R(Phi) - R(Psi): the pathology distances delta in closed "
                   "form, random pairs, a network minus its re-parametrization"},
    {"kinks", "cases where a naive framework is wrong: gradients at kinks, "
              "L^inf at a kink, thin regions"},
    {NULL, NULL},
};
static const nfam_fn norm_fns[] = {fam_norm_shallow, fam_norm_deep,
                                   fam_norm_closed, fam_norm_difference,
                                   fam_norm_kinks};

const rr_nvec_family_t rr_nvec_degen_families[] = {
    {"diagnosis", "hand-made networks exhibiting each finding, the restricted "
                  "set verdicts and normal forms"},
    {"copies", "random networks and re-parametrized copies of them (S2-S4, "
               "permutations, zero neurons, orientation flips) that must "
               "normalize identically"},
    {"pathology", "the B-E-G pathologies P1-P4: Gamma, a network realizing "
                  "g_k and Phi_k (same normal form)"},
    {NULL, NULL},
};
static const nfam_fn degen_fns[] = {fam_degen_diagnosis, fam_degen_copies,
                                    fam_degen_pathology};

rr_status rr_nvec_generate(rr_nvec_kind kind, const char *family,
                           const char *path, const char *command,
                           long *ntests, long *nnets, rr_err_t *err)
{
    const rr_nvec_family_t *fams =
        kind == RR_NVEC_NORMS ? rr_nvec_norm_families : rr_nvec_degen_families;
    const nfam_fn *fns = kind == RR_NVEC_NORMS ? norm_fns : degen_fns;
    for (int i = 0; fams[i].name; i++) {
        if (strcmp(family, fams[i].name))
            continue;
        gen_t g;
        gen_init(&g, kind, 0x4e4f524dULL * 1000 + (uint64_t)kind * 100 +
                               (uint64_t)i);
        memset(err, 0, sizeof *err);
        rr_status st = fns[i](&g, err);
        if (!st)
            st = write_file(&g, path, family, fams[i].description, command,
                            err);
        if (ntests)
            *ntests = g.ntests;
        if (nnets)
            *nnets = g.ngroups;
        gen_clear(&g);
        return st;
    }
    return rr_err_set(err, RR_EINPUT, "unknown vector family \"%s\"", family);
}
