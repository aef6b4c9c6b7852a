#include "rr_vectors.h"
#include "rr_json.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rr_format.h"
#include "rr_io.h"
#include "rr_nnet.h"
#include "rr_num.h"
#include "rr_rand.h"
#include "rr_realize.h"

#define MAX_PIECE_TIES 4 /* piece Jacobians listed for up to 2^4 pieces */

/* ---- small JSON helpers ------------------------------------------------ */

static json_t *jstr_q(mpq_srcptr q)
{
    char *s = rr_q_str(q);
    json_t *j = json_string(s ? s : "");
    free(s);
    return j;
}

static json_t *jhex_d(double d)
{
    char buf[64];
    rr_d_hex(buf, sizeof buf, d);
    return json_string(buf);
}

static json_t *jhex_f(float f)
{
    char buf[64];
    rr_f_hex(buf, sizeof buf, f);
    return json_string(buf);
}

/* A network as a format-v1 JSON object (exact strings). */
static json_t *net_json(const rr_net_t *net, const char *name)
{
    json_t *o = json_object();
    json_object_set_new(o, "format", json_string("reluref-network"));
    json_object_set_new(o, "version", json_integer(1));
    if (name)
        json_object_set_new(o, "name", json_string(name));
    json_t *arch = json_array();
    for (int l = 0; l <= net->depth; l++)
        json_array_append_new(arch, json_integer(net->width[l]));
    json_object_set_new(o, "architecture", arch);
    if (net->has_domain) {
        json_t *dom = json_object(), *lo = json_array(), *hi = json_array();
        for (long k = 0; k < net->width[0]; k++) {
            json_array_append_new(lo, jstr_q(net->lo + k));
            json_array_append_new(hi, jstr_q(net->hi + k));
        }
        json_object_set_new(dom, "lo", lo);
        json_object_set_new(dom, "hi", hi);
        json_object_set_new(o, "domain", dom);
    }
    json_t *layers = json_array();
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        json_t *lay = json_object(), *W = json_array(), *B = json_array();
        for (long i = 0; i < m; i++) {
            json_t *row = json_array();
            for (long j = 0; j < n; j++)
                json_array_append_new(row, jstr_q(net->w[l] + i * n + j));
            json_array_append_new(W, row);
            json_array_append_new(B, jstr_q(net->b[l] + i));
        }
        json_object_set_new(lay, "weights", W);
        json_object_set_new(lay, "biases", B);
        json_array_append_new(layers, lay);
    }
    json_object_set_new(o, "layers", layers);
    return o;
}

/* ---- the flags ----------------------------------------------------------- */

static const char *const flag_notes[][2] = {
    {"KinkPoint", "The input lies exactly on the kink of at least one hidden "
                  "neuron (a pre-activation is exactly 0). The value is "
                  "unique; the gradient is not defined by the mathematics, so "
                  "the test is 'acceptable' and lists the Jacobians of the "
                  "pieces meeting there."},
    {"Cancellation", "The output is small compared to the magnitudes summed "
                     "in the last layer (relative binary64 tolerance above "
                     "2^-30): floating-point results lose most digits."},
    {"ZeroOutput", "The exact output is 0."},
    {"LargeExponent", "A parameter, input or output has a magnitude beyond "
                      "2^100 or below 2^-100."},
    {"Subnormal", "An exact product, pre-activation or output is nonzero "
                  "and below 2^-1022 in magnitude: binary64 computes with "
                  "subnormals or underflows."},
    {"Pathology", "A network of the B-E-G pathology families P1-P4 "
                  "(MATH.md 4)."},
    {"RealNetwork", "A network trained elsewhere (see the group's source "
                    "and license)."},
    {"NonDyadic", "Some parameter is not a dyadic rational: every "
                  "floating-point implementation must round it."},
    {"InputRounded64", "The exact input is not representable in binary64; "
                       "candidates use the given rounded input and the "
                       "tolerance accounts for it."},
    {"InputRounded32", "Likewise for binary32."},
    {"Binary64Overflow", "A binary64 forward pass may overflow at this "
                         "input: no binary64 tolerance is given."},
    {"Binary32Overflow", "A binary32 forward pass may overflow at this "
                         "input (or a parameter or input exceeds the binary32 "
                         "range): no binary32 tolerance is given."},
    {"Wide", "A hidden layer has at least 256 neurons."},
    {"ClampedInput", "The input lies outside the .nnet clamp box: the network "
                     "(with its exact clamp layer) evaluates the clamped input, "
                     "as the original C++ evaluator does."},
    {"Deep", "The network has at least 4 layers."},
};

static json_t *notes_json(void)
{
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof flag_notes / sizeof *flag_notes; i++)
        json_object_set_new(o, flag_notes[i][0], json_string(flag_notes[i][1]));
    return o;
}

/* ---- generator state ---------------------------------------------------- */

typedef rr_json_group_t group_t; /* meta (networkId, comment, ...), net, tests */

typedef struct vgen {
    const rr_vec_opts_t *opts;
    group_t *groups;
    long ngroups, cap;
    long ntests;
    rr_rand_t rnd;
    mpq_srcptr clamp_lo, clamp_hi; /* set: flag inputs outside this box */
    mpfr_t tol, tmp;
    mpq_t q1, q2;
} vgen_t;

static void vgen_init(vgen_t *g, const rr_vec_opts_t *opts, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    g->opts = opts;
    rr_rand_seed(&g->rnd, seed);
    mpfr_inits2(64, g->tol, g->tmp, (mpfr_ptr)0);
    mpq_init(g->q1);
    mpq_init(g->q2);
}

static void vgen_clear(vgen_t *g)
{
    for (long i = 0; i < g->ngroups; i++) {
        json_decref(g->groups[i].meta);
        json_decref(g->groups[i].net);
        json_decref(g->groups[i].tests);
    }
    free(g->groups);
    mpfr_clears(g->tol, g->tmp, (mpfr_ptr)0);
    mpq_clear(g->q1);
    mpq_clear(g->q2);
}

static group_t *new_group(vgen_t *g, const rr_net_t *net, const char *id,
                          const char *comment, const char *source)
{
    if (g->ngroups == g->cap) {
        long nc = g->cap ? 2 * g->cap : 16;
        group_t *ng = realloc(g->groups, (size_t)nc * sizeof *ng);
        if (!ng)
            return NULL;
        g->groups = ng;
        g->cap = nc;
    }
    group_t *gr = &g->groups[g->ngroups++];
    gr->meta = json_object();
    json_object_set_new(gr->meta, "networkId", json_string(id));
    json_object_set_new(gr->meta, "comment", json_string(comment));
    if (source)
        json_object_set_new(gr->meta, "source", json_string(source));
    gr->net = net_json(net, id);
    gr->tests = json_array();
    return gr;
}

/* Magnitude tests on a rational: nonzero and |q| < 2^e (e may be
 * negative), or |q| >= 2^e. */
static int q_below_2exp(mpq_srcptr q, long e)
{
    if (!mpq_sgn(q))
        return 0;
    /* |q| < 2^e  <=>  |num| < den 2^e */
    mpz_t a, b;
    mpz_init(a);
    mpz_init(b);
    mpz_abs(a, mpq_numref(q));
    mpz_set(b, mpq_denref(q));
    if (e >= 0)
        mpz_mul_2exp(b, b, (mp_bitcnt_t)e);
    else
        mpz_mul_2exp(a, a, (mp_bitcnt_t)(-e));
    int r = mpz_cmp(a, b) < 0;
    mpz_clear(a);
    mpz_clear(b);
    return r;
}

static int q_large(mpq_srcptr q)
{
    return mpq_sgn(q) && (!q_below_2exp(q, 100) || q_below_2exp(q, -100));
}

static void add_flag(json_t *flags, const char *f)
{
    size_t i;
    json_t *v;
    json_array_foreach(flags, i, v) if (!strcmp(json_string_value(v), f)) return;
    json_array_append_new(flags, json_string(f));
}

/* Flags that depend on the network only. */
static void net_flags(json_t *flags, const rr_net_t *net)
{
    if (!rr_net_is_dyadic(net))
        add_flag(flags, "NonDyadic");
    if (rr_net_max_width(net) >= 256)
        add_flag(flags, "Wide");
    if (net->depth >= 4)
        add_flag(flags, "Deep");
    for (int l = 0; l < net->depth; l++) {
        for (long k = 0; k < net->width[l + 1] * net->width[l]; k++)
            if (q_large(net->w[l] + k)) {
                add_flag(flags, "LargeExponent");
                return;
            }
        for (long i = 0; i < net->width[l + 1]; i++)
            if (q_large(net->b[l] + i)) {
                add_flag(flags, "LargeExponent");
                return;
            }
    }
}

/* Does the exact computation meet a nonzero magnitude below 2^-1022 (a
 * product w*y, a pre-activation or the output)? */
static int meets_subnormal(const rr_net_t *net, rr_eval_t *ev,
                           mpq_srcptr x, const rr_result_t *res, mpq_ptr t)
{
    for (int l = 0; l < net->depth; l++) {
        mpq_srcptr y = l == 0 ? x : rr_eval_hidden(ev, l);
        long m = net->width[l + 1], n = net->width[l];
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) {
                if (!mpq_sgn(y + j))
                    continue;
                mpq_mul(t, net->w[l] + i * n + j, y + j);
                if (q_below_2exp(t, -1022))
                    return 1;
            }
        if (l + 1 < net->depth) {
            mpq_srcptr h = rr_eval_hidden(ev, l + 1);
            for (long i = 0; i < m; i++)
                if (q_below_2exp(h + i, -1022))
                    return 1;
        }
    }
    for (long i = 0; i < res->k; i++)
        if (q_below_2exp(res->q + i, -1022))
            return 1;
    return 0;
}

/* Piece Jacobians at a kink: one per state of the tied neurons (deduped). */
static rr_status piece_jacobians(json_t **out, const rr_net_t *net,
                                 const rr_result_t *res, rr_err_t *err)
{
    *out = NULL;
    if (res->n_ties > MAX_PIECE_TIES)
        return RR_OK;
    long nh = res->n_hidden, kd = res->k * res->d, ties[MAX_PIECE_TIES];
    char *pat = malloc((size_t)nh + 1);
    mpq_ptr J = rr_qvec_new(kd);
    json_t *arr = json_array();
    rr_status st = RR_OK;
    if (!pat || !J) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    memcpy(pat, res->pattern, (size_t)nh + 1);
    long nt = 0;
    for (long h = 0; h < nh; h++)
        if (pat[h] == RR_ACT_TIE)
            ties[nt++] = h;
    for (unsigned long mask = 0; mask < (1UL << nt); mask++) {
        for (long t = 0; t < nt; t++)
            pat[ties[t]] = (mask >> t) & 1 ? RR_ACT_ON : RR_ACT_OFF;
        if ((st = rr_jacobian_of_pattern(J, net, pat, err)))
            goto out;
        json_t *rows = json_array();
        for (long r = 0; r < res->k; r++) {
            json_t *row = json_array();
            for (long j = 0; j < res->d; j++)
                json_array_append_new(row, jstr_q(J + r * res->d + j));
            json_array_append_new(rows, row);
        }
        size_t i;
        json_t *v;
        int dup = 0;
        json_array_foreach(arr, i, v) if (json_equal(v, rows)) dup = 1;
        if (dup)
            json_decref(rows);
        else
            json_array_append_new(arr, rows);
    }
out:
    free(pat);
    rr_qvec_free(J, kd);
    if (st)
        json_decref(arr);
    else
        *out = arr;
    return st;
}

/* The pattern as an array of strings, one per hidden layer. */
static json_t *pattern_json(const rr_net_t *net, const char *pat)
{
    json_t *a = json_array();
    long off = 0;
    for (int l = 1; l < net->depth; l++) {
        char *s = malloc((size_t)net->width[l] + 1);
        memcpy(s, pat + off, (size_t)net->width[l]);
        s[net->width[l]] = '\0';
        json_array_append_new(a, json_string(s));
        free(s);
        off += net->width[l];
    }
    return a;
}

/* Add one test at x to the group. */
static rr_status add_case(vgen_t *g, group_t *gr, const rr_net_t *net,
                          rr_eval_t *ev, rr_result_t *res, mpq_srcptr x,
                          const char *comment, const char *extra_flag,
                          rr_err_t *err)
{
    rr_status st = rr_eval_point(ev, res, x, RR_WANT_JACOBIAN, err);
    if (st)
        return st;
    long d = res->d, k = res->k;
    json_t *t = json_object(), *flags = json_array();
    json_object_set_new(t, "tcId", json_integer(g->ntests + 1));
    json_object_set_new(t, "comment", json_string(comment));
    if (extra_flag)
        add_flag(flags, extra_flag);
    net_flags(flags, net);
    /* input */
    json_t *in = json_object(), *ie = json_array(), *i64 = json_array(),
           *i32 = json_array();
    int r64 = 0, r32 = 0, big_in = 0;
    for (long j = 0; j < d; j++) {
        int inx;
        json_array_append_new(ie, jstr_q(x + j));
        json_array_append_new(i64, jhex_d(rr_q_get_d(x + j, &inx)));
        r64 |= inx;
        json_array_append_new(i32, jhex_f(rr_q_get_f(x + j, &inx)));
        r32 |= inx;
        big_in |= q_large(x + j);
    }
    json_object_set_new(in, "exact", ie);
    json_object_set_new(in, "binary64", i64);
    json_object_set_new(in, "binary32", i32);
    if (r64)
        add_flag(flags, "InputRounded64");
    if (r32)
        add_flag(flags, "InputRounded32");
    if (big_in)
        add_flag(flags, "LargeExponent");
    for (long j = 0; g->clamp_lo && j < d; j++)
        if (mpq_cmp(x + j, g->clamp_lo + j) < 0 || mpq_cmp(x + j, g->clamp_hi + j) > 0) {
            add_flag(flags, "ClampedInput");
            break;
        }
    json_object_set_new(t, "input", in);
    /* output */
    json_t *out = json_object(), *oe = json_array(), *o64 = json_array(),
           *o32 = json_array();
    int zero = 0;
    for (long i = 0; i < k; i++) {
        json_array_append_new(oe, jstr_q(res->q + i));
        json_array_append_new(o64, jhex_d(rr_q_get_d(res->q + i, NULL)));
        json_array_append_new(o32, jhex_f(rr_q_get_f(res->q + i, NULL)));
        zero |= !mpq_sgn(res->q + i);
        if (q_large(res->q + i))
            add_flag(flags, "LargeExponent");
    }
    if (zero)
        add_flag(flags, "ZeroOutput");
    json_object_set_new(out, "exact", oe);
    json_object_set_new(out, "binary64", o64);
    json_object_set_new(out, "binary32", o32);
    json_object_set_new(t, "output", out);
    /* tolerances */
    json_t *tol = json_object();
    mpfr_ptr bound = malloc((size_t)k * sizeof(mpfr_t));
    for (long i = 0; i < k; i++)
        mpfr_init2(bound + i, 64);
    const rr_fpformat_t *fmts[2] = {&rr_binary64, &rr_binary32};
    const char *names[2] = {"binary64", "binary32"};
    for (int f = 0; f < 2 && !st; f++) {
        int ovf = 0;
        st = rr_error_bound(bound, &ovf, net, x, fmts[f], err);
        if (st)
            break;
        if (ovf || (f == 1 && big_in && r32)) {
            add_flag(flags, f ? "Binary32Overflow" : "Binary64Overflow");
            json_object_set_new(tol, names[f], json_null());
            continue;
        }
        json_t *arr = json_array();
        for (long i = 0; i < k; i++) {
            /* An upper bound, as a binary64 hex rounded upward. */
            json_array_append_new(arr, jhex_d(mpfr_get_d(bound + i, MPFR_RNDU)));
            if (f == 0 && mpq_sgn(res->q + i)) {
                /* relative tolerance above 2^-30: cancellation */
                mpfr_set_q(g->tmp, res->q + i, MPFR_RNDN);
                mpfr_abs(g->tmp, g->tmp, MPFR_RNDN);
                mpfr_mul_2si(g->tmp, g->tmp, -30, MPFR_RNDN);
                if (mpfr_cmp(bound + i, g->tmp) > 0)
                    add_flag(flags, "Cancellation");
            }
        }
        json_object_set_new(tol, names[f], arr);
    }
    for (long i = 0; i < k; i++)
        mpfr_clear(bound + i);
    free(bound);
    if (st) {
        json_decref(t);
        json_decref(flags);
        json_decref(tol);
        return st;
    }
    json_object_set_new(t, "tolerance", tol);
    if (meets_subnormal(net, ev, x, res, g->q1))
        add_flag(flags, "Subnormal");
    json_object_set_new(t, "pattern", pattern_json(net, res->pattern));
    /* gradient */
    json_t *gj = json_object();
    const char *dn = res->differentiable == RR_DIFF_YES ? "yes"
                     : res->differentiable == RR_DIFF_NO ? "no" : "undecided";
    json_object_set_new(gj, "differentiable", json_string(dn));
    if (res->differentiable == RR_DIFF_YES) {
        json_t *rows = json_array();
        for (long r = 0; r < k; r++) {
            json_t *row = json_array();
            for (long j = 0; j < d; j++)
                json_array_append_new(row, jstr_q(res->jac + r * d + j));
            json_array_append_new(rows, row);
        }
        json_object_set_new(gj, "jacobian", rows);
    }
    if (res->n_ties) {
        json_t *pieces;
        if ((st = piece_jacobians(&pieces, net, res, err))) {
            json_decref(gj);
            json_decref(t);
            json_decref(flags);
            return st;
        }
        if (pieces)
            json_object_set_new(gj, "pieceJacobians", pieces);
        add_flag(flags, "KinkPoint");
    }
    json_object_set_new(t, "gradient", gj);
    json_object_set_new(t, "flags", flags);
    json_object_set_new(t, "result",
                        json_string(res->n_ties ? "acceptable" : "valid"));
    json_array_append_new(gr->tests, t);
    g->ntests++;
    return RR_OK;
}

/* Evaluate the cases of a group: npts points produced by gen(). */
typedef void (*point_gen)(vgen_t *g, const rr_net_t *net, mpq_ptr x, long p,
                          void *ctx);

static rr_status add_group_cases(vgen_t *g, const rr_net_t *net,
                                 const char *id, const char *comment,
                                 const char *source, const char *flag,
                                 long npts, point_gen gen, void *ctx,
                                 rr_err_t *err)
{
    group_t *gr = new_group(g, net, id, comment, source);
    if (!gr)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    rr_status st = rr_eval_new(&ev, net, mode, err);
    if (st)
        return st;
    rr_eval_keep_hidden(ev, 1);
    if ((st = rr_result_init(&res, ev, err))) {
        rr_eval_free(ev);
        return st;
    }
    mpq_ptr x = rr_qvec_new(net->width[0]);
    npts = (long)ceil((double)npts * g->opts->scale);
    if (npts < 1)
        npts = 1;
    for (long p = 0; p < npts && !st; p++) {
        gen(g, net, x, p, ctx);
        char c[96];
        snprintf(c, sizeof c, "%s, point %ld", id, p + 1);
        st = add_case(g, gr, net, ev, &res, x, c, flag, err);
    }
    rr_qvec_free(x, net->width[0]);
    rr_result_clear(&res);
    rr_eval_free(ev);
    return st;
}

/* ---- parameters and points --------------------------------------------- */

/* A binary64 value uniform in [-1, 1) times 2^-s, s in [0, smax]. */
static void rand_dyadic(vgen_t *g, mpq_ptr q, int smax)
{
    double u = rr_rand_unit(&g->rnd);
    mpq_set_d(q, u);
    mpq_div_2exp(q, q, (mp_bitcnt_t)rr_rand_below(&g->rnd, (uint64_t)smax + 1));
}

/* p/q with |p| <= 9, 1 <= q <= 9. */
static void rand_small_rational(vgen_t *g, mpq_ptr q)
{
    mpq_set_si(q, rr_rand_range(&g->rnd, -9, 9),
               (unsigned long)rr_rand_range(&g->rnd, 1, 9));
    mpq_canonicalize(q);
}

static void rand_int(vgen_t *g, mpq_ptr q, long lo, long hi)
{
    mpq_set_si(q, rr_rand_range(&g->rnd, lo, hi), 1);
}

enum { P_DYADIC, P_RATIONAL, P_INT, P_MIXED };

static rr_status rand_net(vgen_t *g, rr_net_t *net, int depth,
                          const long *width, int kind, rr_err_t *err)
{
    rr_status st = rr_net_init(net, depth, width, NULL, err);
    if (st)
        return st;
    for (int l = 0; l < depth; l++) {
        long n = width[l + 1] * width[l];
        for (long k = 0; k < n + width[l + 1]; k++) {
            mpq_ptr q = k < n ? net->w[l] + k : net->b[l] + (k - n);
            int kk = kind == P_MIXED ? (int)rr_rand_below(&g->rnd, 3) : kind;
            if (kk == P_DYADIC)
                rand_dyadic(g, q, 3);
            else if (kk == P_RATIONAL)
                rand_small_rational(g, q);
            else
                rand_int(g, q, -3, 3);
        }
    }
    return RR_OK;
}

/* Points: binary64 uniform in the box [-1,1]^d. */
static void gen_dyadic_point(vgen_t *g, const rr_net_t *net, mpq_ptr x,
                             long p, void *ctx)
{
    (void)p;
    (void)ctx;
    for (long j = 0; j < net->width[0]; j++)
        rand_dyadic(g, x + j, 0);
}

/* Points: small rationals (often not representable). */
static void gen_rational_point(vgen_t *g, const rr_net_t *net, mpq_ptr x,
                               long p, void *ctx)
{
    (void)p;
    (void)ctx;
    for (long j = 0; j < net->width[0]; j++)
        rand_small_rational(g, x + j);
}

/* Points on the kink of a first-layer neuron: choose the other coordinates
 * as small dyadics, solve for coordinate c of neuron i:
 * x_c = -(b_i + sum_{j != c} a_ij x_j) / a_ij.  Every fourth point is a
 * generic point instead, so the group also has valid cases. */
static void gen_kink_point(vgen_t *g, const rr_net_t *net, mpq_ptr x, long p,
                           void *ctx)
{
    (void)ctx;
    long d = net->width[0], m = net->width[1];
    for (long j = 0; j < d; j++) {
        mpq_set_si(x + j, rr_rand_range(&g->rnd, -8, 8), 4);
        mpq_canonicalize(x + j);
    }
    if (p % 4 == 3)
        return;
    for (int tries = 0; tries < 8; tries++) {
        long i = (long)rr_rand_below(&g->rnd, (uint64_t)m);
        long c = (long)rr_rand_below(&g->rnd, (uint64_t)d);
        mpq_srcptr a = net->w[0] + i * d + c;
        if (!mpq_sgn(a))
            continue;
        mpq_set(g->q1, net->b[0] + i);
        for (long j = 0; j < d; j++)
            if (j != c) {
                mpq_mul(g->q2, net->w[0] + i * d + j, x + j);
                mpq_add(g->q1, g->q1, g->q2);
            }
        mpq_div(g->q1, g->q1, a);
        mpq_neg(x + c, g->q1);
        return;
    }
}

/* ---- families ------------------------------------------------------------ */

typedef rr_status (*family_fn)(vgen_t *g, rr_err_t *err);

static rr_status fam_shallow(vgen_t *g, int kind, long nnets, long npts,
                             rr_err_t *err)
{
    for (long t = 0; t < nnets; t++) {
        long w[3] = {1 + (long)rr_rand_below(&g->rnd, 6),
                     2 + (long)rr_rand_below(&g->rnd, 31),
                     1 + (long)rr_rand_below(&g->rnd, 3)};
        rr_net_t net;
        rr_status st = rand_net(g, &net, 2, w, kind, err);
        if (st)
            return st;
        char id[64], c[160];
        snprintf(id, sizeof id, "shallow-%s-%ld",
                 kind == P_DYADIC ? "dyadic" : "rational", t + 1);
        snprintf(c, sizeof c, "shallow (%ld, %ld, %ld), %s parameters", w[0],
                 w[1], w[2], kind == P_DYADIC ? "binary64" : "small rational");
        st = add_group_cases(g, &net, id, c, NULL, NULL, npts,
                             kind == P_DYADIC ? gen_dyadic_point
                                              : gen_rational_point,
                             NULL, err);
        rr_net_clear(&net);
        if (st)
            return st;
    }
    return RR_OK;
}

static rr_status fam_shallow_dyadic(vgen_t *g, rr_err_t *err)
{
    return fam_shallow(g, P_DYADIC, 25, 100, err);
}

static rr_status fam_shallow_rational(vgen_t *g, rr_err_t *err)
{
    return fam_shallow(g, P_RATIONAL, 15, 80, err);
}

static rr_status fam_deep(vgen_t *g, rr_err_t *err)
{
    for (long t = 0; t < 35; t++) {
        int depth = 2 + (int)(t % 7); /* L = 2 .. 8 */
        long w[9];
        w[0] = 1 + (long)rr_rand_below(&g->rnd, 5);
        for (int l = 1; l < depth; l++)
            w[l] = 2 + (long)rr_rand_below(&g->rnd, 11);
        w[depth] = 1 + (long)rr_rand_below(&g->rnd, 3);
        int kind = t % 3 == 0 ? P_DYADIC : t % 3 == 1 ? P_RATIONAL : P_MIXED;
        rr_net_t net;
        rr_status st = rand_net(g, &net, depth, w, kind, err);
        if (st)
            return st;
        char id[64], c[160];
        snprintf(id, sizeof id, "deep-%ld", t + 1);
        snprintf(c, sizeof c, "depth L = %d, %s parameters", depth,
                 kind == P_DYADIC ? "binary64" : kind == P_RATIONAL
                                                     ? "small rational"
                                                     : "mixed");
        st = add_group_cases(g, &net, id, c, NULL, NULL, 90,
                             kind == P_RATIONAL ? gen_rational_point
                                                : gen_dyadic_point,
                             NULL, err);
        rr_net_clear(&net);
        if (st)
            return st;
    }
    return RR_OK;
}

static rr_status fam_wide(vgen_t *g, rr_err_t *err)
{
    static const long widths[][4] = {{8, 256, 1, 0}, {8, 512, 2, 0},
                                     {4, 256, 256, 1}, {8, 300, 100, 3},
                                     {16, 512, 1, 0}, {2, 1024, 1, 0}};
    for (int t = 0; t < 6; t++) {
        int depth = widths[t][3] ? 3 : 2;
        long w[4] = {widths[t][0], widths[t][1], widths[t][2], widths[t][3]};
        rr_net_t net;
        rr_status st = rand_net(g, &net, depth, w, t % 2 ? P_MIXED : P_DYADIC,
                                err);
        if (st)
            return st;
        char id[64], c[160];
        snprintf(id, sizeof id, "wide-%d", t + 1);
        snprintf(c, sizeof c, "wide hidden layer(s): (%ld, %ld, %ld%s%s)",
                 w[0], w[1], w[2], depth == 3 ? ", " : "",
                 depth == 3 ? "..." : "");
        st = add_group_cases(g, &net, id, c, NULL, NULL, 50, gen_dyadic_point,
                             NULL, err);
        rr_net_clear(&net);
        if (st)
            return st;
    }
    return RR_OK;
}

static rr_status fam_kinks(vgen_t *g, rr_err_t *err)
{
    for (long t = 0; t < 16; t++) {
        int depth = 2 + (int)(t % 3);
        long w[5];
        w[0] = 2 + (long)rr_rand_below(&g->rnd, 3); /* d >= 2: many kinks */
        for (int l = 1; l < depth; l++)
            w[l] = 2 + (long)rr_rand_below(&g->rnd, 7);
        w[depth] = 1 + (long)rr_rand_below(&g->rnd, 2);
        rr_net_t net;
        /* integer parameters: many exact ties, dyadic kink points */
        rr_status st = rand_net(g, &net, depth, w, P_INT, err);
        if (st)
            return st;
        for (long k = 0; k < w[1] * w[0]; k++)
            if (mpq_sgn(net.w[0] + k)) /* powers of two: dyadic solutions */
                mpq_set_si(net.w[0] + k, mpq_sgn(net.w[0] + k) *
                                             (1L << rr_rand_below(&g->rnd, 3)), 1);
        char id[64], c[160];
        snprintf(id, sizeof id, "kinks-%ld", t + 1);
        snprintf(c, sizeof c, "integer network of depth %d; 3 of 4 inputs on "
                              "a first-layer kink", depth);
        st = add_group_cases(g, &net, id, c, NULL, NULL, 60, gen_kink_point,
                             NULL, err);
        rr_net_clear(&net);
        if (st)
            return st;
    }
    return RR_OK;
}

/* Points in [-2, 2]^d on the grid 1/16 (many kinks for the pathologies). */
static void gen_grid_point(vgen_t *g, const rr_net_t *net, mpq_ptr x, long p,
                           void *ctx)
{
    (void)p;
    (void)ctx;
    for (long j = 0; j < net->width[0]; j++) {
        mpq_set_si(x + j, rr_rand_range(&g->rnd, -32, 32), 16);
        mpq_canonicalize(x + j);
    }
}

static rr_status pathology_group(vgen_t *g, rr_net_t *net, const char *id,
                                 const char *comment, rr_err_t *err)
{
    rr_status st = add_group_cases(g, net, id, comment, NULL, "Pathology", 40,
                                   gen_grid_point, NULL, err);
    rr_net_clear(net);
    return st;
}

static rr_status fam_pathology(vgen_t *g, rr_err_t *err)
{
    rr_status st;
    rr_net_t net;
    char id[64], c[200];
    /* P1: N = (2,1,1), a = (r, 0), c = 0: R = 0; and the target
     * g_k = (1/k) rho(x_2). */
    static const char *rs[] = {"1", "1000", "0x1p40"};
    for (int i = 0; i < 3; i++) {
        long w[3] = {2, 1, 1};
        if ((st = rr_net_init(&net, 2, w, NULL, err)))
            return st;
        rr_caps_t caps;
        rr_caps_default(&caps);
        if ((st = rr_q_parse(net.w[0], rs[i], &caps, err))) {
            rr_net_clear(&net);
            return st;
        }
        snprintf(id, sizeof id, "P1-gamma-r%s", rs[i]);
        snprintf(c, sizeof c, "P1 unbalanced: a = (%s, 0), c = 0, R = 0", rs[i]);
        if ((st = pathology_group(g, &net, id, c, err)))
            return st;
    }
    static const long ks[] = {3, 10, 1000};
    for (int i = 0; i < 3; i++) {
        long w[3] = {2, 1, 1};
        if ((st = rr_net_init(&net, 2, w, NULL, err)))
            return st;
        mpq_set_si(net.w[0] + 1, 1, 1);
        mpq_set_si(net.w[1], 1, (unsigned long)ks[i]);
        snprintf(id, sizeof id, "P1-target-k%ld", ks[i]);
        snprintf(c, sizeof c, "P1 target g_k = (1/%ld) rho(x_2)", ks[i]);
        if ((st = pathology_group(g, &net, id, c, err)))
            return st;
    }
    /* P2: N = (d, 2m, 1), rows a_1..a_m, -a_1..-a_m, output (1..1,-1..-1),
     * sum a_i = 0: R = 0 with large weights (cancellation). */
    for (int i = 0; i < 5; i++) {
        long d = 2 + i % 2, m = 2 + i;
        long w[3] = {d, 2 * m, 1};
        if ((st = rr_net_init(&net, 2, w, NULL, err)))
            return st;
        for (long k = 0; k < d; k++) {
            mpq_set_ui(g->q1, 0, 1);
            for (long r = 0; r + 1 < m; r++) {
                mpq_ptr a = net.w[0] + r * d + k;
                rand_dyadic(g, a, 0);
                mpq_mul_2exp(a, a, (mp_bitcnt_t)(10 * i));
                mpq_add(g->q1, g->q1, a);
            }
            mpq_neg(net.w[0] + (m - 1) * d + k, g->q1);
            for (long r = 0; r < m; r++)
                mpq_neg(net.w[0] + (m + r) * d + k, net.w[0] + r * d + k);
        }
        for (long r = 0; r < m; r++) {
            mpq_set_si(net.w[1] + r, 1, 1);
            mpq_set_si(net.w[1] + m + r, -1, 1);
        }
        snprintf(id, sizeof id, "P2-d%ld-m%ld", d, m);
        snprintf(c, sizeof c, "P2 opposite weights, sum a_i = 0, weights up "
                              "to 2^%d: R = 0", 10 * i);
        if ((st = pathology_group(g, &net, id, c, err)))
            return st;
    }
    /* P3: a (rho(x) - rho(x - b)). */
    static const char *p3[][2] = {{"1", "1"}, {"1000", "1/1000"}, {"1/3", "3"}};
    for (int i = 0; i < 3; i++) {
        long w[3] = {1, 2, 1};
        if ((st = rr_net_init(&net, 2, w, NULL, err)))
            return st;
        mpq_set_si(net.w[0], 1, 1);
        mpq_set_si(net.w[0] + 1, 1, 1);
        rr_caps_t caps;
        rr_caps_default(&caps);
        rr_q_parse(net.b[0] + 1, p3[i][1], &caps, err);
        mpq_neg(net.b[0] + 1, net.b[0] + 1);
        rr_q_parse(net.w[1], p3[i][0], &caps, err);
        mpq_neg(net.w[1] + 1, net.w[1]);
        snprintf(id, sizeof id, "P3-%d", i + 1);
        snprintf(c, sizeof c, "P3 parallel neurons: %s (rho(x) - rho(x - %s))",
                 p3[i][0], p3[i][1]);
        if ((st = pathology_group(g, &net, id, c, err)))
            return st;
    }
    /* P4: g_k(x) = k rho(x - 1 + 1/k^2) on [-1, 1]. */
    static const long k4[] = {2, 3, 10, 100, 1000, 65536};
    for (int i = 0; i < 6; i++) {
        long w[3] = {1, 1, 1}, k = k4[i];
        if ((st = rr_net_init(&net, 2, w, NULL, err)))
            return st;
        mpq_set_si(net.w[0], 1, 1);
        mpq_set_si(net.b[0], k * k - 1, (unsigned long)(k * k));
        mpq_canonicalize(net.b[0]);
        mpq_neg(net.b[0], net.b[0]);
        mpq_set_si(net.w[1], k, 1);
        snprintf(id, sizeof id, "P4-k%ld", k);
        snprintf(c, sizeof c, "P4 g_k = %ld rho(x - 1 + 1/%ld^2): small sup "
                              "norm, large slope", k, k);
        if ((st = pathology_group(g, &net, id, c, err)))
            return st;
    }
    return RR_OK;
}

/* Extreme exponents: huge and tiny parameters and inputs. */
static void gen_extreme_point(vgen_t *g, const rr_net_t *net, mpq_ptr x,
                              long p, void *ctx)
{
    long e = *(long *)ctx;
    for (long j = 0; j < net->width[0]; j++) {
        rand_dyadic(g, x + j, 0);
        long s = e + (long)rr_rand_range(&g->rnd, -20, 20);
        if (p % 5 == 4)
            s = 0; /* some ordinary inputs */
        if (s >= 0)
            mpq_mul_2exp(x + j, x + j, (mp_bitcnt_t)s);
        else
            mpq_div_2exp(x + j, x + j, (mp_bitcnt_t)(-s));
    }
}

static rr_status fam_extreme(vgen_t *g, rr_err_t *err)
{
    /* (weight exponent, input exponent): products near 2^-1080 (subnormal
     * and underflow), near 2^1000 (overflow in binary32 and near binary64's
     * edge), and mixed scales. */
    static const long ex[][2] = {{-540, -540}, {-600, -460}, {-1000, -60},
                                 {-300, -300}, {300, 300},   {480, 500},
                                 {-200, 200},  {100, -100},  {-1070, 0},
                                 {900, 60}};
    for (int t = 0; t < 10; t++) {
        long w[4] = {1 + t % 3, 4 + t % 5, 1 + t % 2, 0};
        int depth = 2;
        rr_net_t net;
        rr_status st = rand_net(g, &net, depth, w, P_DYADIC, err);
        if (st)
            return st;
        long we = ex[t][0];
        for (long k = 0; k < w[1] * w[0]; k++) {
            if (we >= 0)
                mpq_mul_2exp(net.w[0] + k, net.w[0] + k, (mp_bitcnt_t)we);
            else
                mpq_div_2exp(net.w[0] + k, net.w[0] + k, (mp_bitcnt_t)(-we));
        }
        /* keep the bias on the scale of the products */
        long be = we + ex[t][1];
        for (long i = 0; i < w[1]; i++) {
            if (be >= 0)
                mpq_mul_2exp(net.b[0] + i, net.b[0] + i, (mp_bitcnt_t)be);
            else
                mpq_div_2exp(net.b[0] + i, net.b[0] + i, (mp_bitcnt_t)(-be));
        }
        char id[64], c[160];
        snprintf(id, sizeof id, "extreme-%d", t + 1);
        snprintf(c, sizeof c, "first-layer weights near 2^%ld, inputs near "
                              "2^%ld", we, ex[t][1]);
        long ie = ex[t][1];
        st = add_group_cases(g, &net, id, c, NULL, NULL, 60, gen_extreme_point,
                             &ie, err);
        rr_net_clear(&net);
        if (st)
            return st;
    }
    return RR_OK;
}

/* Cancellation: two hidden neurons with the same large slope 2^M and
 * biases c and c + 1/3, always active on [-1, 1]^d, and a third neuron
 * h3 = rho(<w3, x> + 4) >= 1: the output h1 - h2 + 1/3 + eps h3 = eps h3 is
 * small while h1, h2 are of size 2^M. */
static rr_status fam_cancellation(vgen_t *g, rr_err_t *err)
{
    for (int t = 0; t < 10; t++) {
        long d = 1 + t % 3;
        long w[3] = {d, 3, 1};
        rr_net_t net;
        rr_status st = rr_net_init(&net, 2, w, NULL, err);
        if (st)
            return st;
        long M = 20 + 3 * t;
        for (long j = 0; j < d; j++) {
            rand_dyadic(g, net.w[0] + j, 0);
            mpq_mul_2exp(net.w[0] + j, net.w[0] + j, (mp_bitcnt_t)M);
            mpq_set(net.w[0] + d + j, net.w[0] + j);
            rand_dyadic(g, net.w[0] + 2 * d + j, 0);
        }
        /* c = 2^(M+2) > |<w, x>| on the box: h1, h2 always active */
        mpq_set_ui(net.b[0], 1, 1);
        mpq_mul_2exp(net.b[0], net.b[0], (mp_bitcnt_t)(M + 2));
        mpq_set_si(g->q1, 1, 3);
        mpq_add(net.b[0] + 1, net.b[0], g->q1);
        mpq_set_si(net.b[0] + 2, 4, 1);
        mpq_set_si(net.w[1], 1, 1);
        mpq_set_si(net.w[1] + 1, -1, 1);
        mpq_set_si(net.w[1] + 2, t % 2 ? -1 : 1, 1UL << (t % 8 + 10)); /* eps */
        mpq_set(net.b[1], g->q1); /* + 1/3 */
        char id[64], c[200];
        snprintf(id, sizeof id, "cancellation-%d", t + 1);
        snprintf(c, sizeof c, "h1 - h2 + 1/3 + eps h3 with h1, h2 of size "
                              "2^%ld: the output is eps h3, eps = %s2^-%d",
                 M + 2, t % 2 ? "-" : "", t % 8 + 10);
        st = add_group_cases(g, &net, id, c, NULL, "Cancellation", 60,
                             gen_dyadic_point, NULL, err);
        rr_net_clear(&net);
        if (st)
            return st;
    }
    return RR_OK;
}

/* Real networks: ACAS Xu .nnet files (tests/data/nnet, with their
 * licenses), read exactly.  Points inside the clamp box (ctx: the box, and
 * whether to go up to 50% beyond it on each side). */
typedef struct box_ctx {
    mpq_srcptr lo, hi;
    int outside;
} box_ctx;

static void gen_box_point(vgen_t *g, const rr_net_t *net, mpq_ptr x, long p,
                          void *ctx)
{
    const box_ctx *b = ctx;
    for (long j = 0; j < net->width[0]; j++) {
        /* u on the grid 2^-20 of [0, 1], or [-1/2, 3/2] outside */
        int64_t u = rr_rand_range(&g->rnd, 0, 1L << 20);
        if (b->outside && p % 2)
            u = rr_rand_range(&g->rnd, -(1L << 19), 3L << 19);
        mpq_set_si(g->q1, u, 1);
        mpq_div_2exp(g->q1, g->q1, 20);
        mpq_sub(g->q2, b->hi + j, b->lo + j);
        mpq_mul(g->q2, g->q2, g->q1);
        mpq_add(x + j, b->lo + j, g->q2);
    }
}

static rr_status fam_real(vgen_t *g, rr_err_t *err)
{
    static const struct {
        const char *file, *source;
    } files[] = {
        {"ACASXU_run2a_1_1_batch_2000.nnet",
         "kjulian3/ReluplexCav2017 nnet/ACASXU_run2a_1_1_batch_2000.nnet; "
         "CC BY 4.0, (c) 2016-2017 its authors and Stanford University"},
        {"TestNetwork2.nnet",
         "sisl/NNet nnet/TestNetwork2.nnet; MIT, (c) 2018 Stanford "
         "Intelligent Systems Laboratory"},
    };
    const char *dir = g->opts->data_dir ? g->opts->data_dir : "tests/data/nnet";
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, files[f].file);
        rr_nnet_t nn;
        rr_status st = rr_nnet_read_file(&nn, path, NULL, err);
        if (st)
            return st;
        box_ctx box = {nn.mins, nn.maxes, 0};
        for (int repr = 0; repr < 2 && !st; repr++) {
            rr_net_t net;
            st = rr_nnet_to_net(&net, &nn, repr ? RR_NNET_CLAMP : RR_NNET_FOLD,
                                err);
            if (st)
                break;
            /* keep the attribution; the long comment header is in source */
            rr_net_set_description(&net, files[f].source, NULL);
            char id[96], c[256];
            snprintf(id, sizeof id, "%s-%s", files[f].file,
                     repr ? "clamp" : "fold");
            snprintf(c, sizeof c, repr
                     ? "%s with an exact clamp layer in front (equals the C++ "
                       "evaluator on R^5); half the points outside the clamp box"
                     : "%s with normalization folded into the first and last "
                       "layers (equals the original evaluator on the clamp box)",
                     files[f].file);
            box.outside = repr;
            g->clamp_lo = repr ? nn.mins : NULL;
            g->clamp_hi = repr ? nn.maxes : NULL;
            st = add_group_cases(g, &net, id, c, files[f].source, "RealNetwork",
                                 repr ? 60 : 100, gen_box_point, &box, err);
            g->clamp_lo = g->clamp_hi = NULL;
            rr_net_clear(&net);
        }
        rr_nnet_clear(&nn);
        if (st)
            return st;
    }
    /* The same TestNetwork2 as ONNX: binary32 weights (dyadic). */
    char path[1024];
    snprintf(path, sizeof path, "%s/TestNetwork2.nnet", dir);
    rr_nnet_t nn;
    rr_status st = rr_nnet_read_file(&nn, path, NULL, err);
    if (st)
        return st;
    snprintf(path, sizeof path, "%s/TestNetwork2.onnx", dir);
    rr_net_t net;
    if (!(st = rr_net_read_any(&net, path, NULL, err))) {
        box_ctx box = {nn.mins, nn.maxes, 0};
        const char *src = "sisl/NNet nnet/TestNetwork2.onnx (float32); MIT, (c) "
                          "2018 Stanford Intelligent Systems Laboratory";
        rr_net_set_description(&net, src, NULL);
        st = add_group_cases(g, &net, "TestNetwork2.onnx",
                             "TestNetwork2 as ONNX: the binary32 rounding of the "
                             "folded .nnet network", src, "RealNetwork", 100,
                             gen_box_point, &box, err);
        rr_net_clear(&net);
    }
    rr_nnet_clear(&nn);
    return st;
}

const rr_vec_family_t rr_vec_families[] = {
    {"shallow-dyadic", "shallow networks (d, m, k), binary64 parameters and inputs"},
    {"shallow-rational", "shallow networks with small rational parameters and inputs"},
    {"deep", "networks of depth L = 2 .. 8"},
    {"wide", "hidden layers of 256 to 1024 neurons"},
    {"kinks", "inputs exactly on kinks of integer networks"},
    {"pathology", "the B-E-G pathology families P1-P4"},
    {"extreme", "huge and tiny exponents: overflow, subnormals, underflow"},
    {"cancellation", "outputs near 0 from large intermediate values"},
    {"real", "ACAS Xu networks (.nnet, ONNX) trained elsewhere, with their licenses"},
    {NULL, NULL},
};

static const family_fn family_fns[] = {
    fam_shallow_dyadic, fam_shallow_rational, fam_deep, fam_wide,
    fam_kinks, fam_pathology, fam_extreme, fam_cancellation, fam_real,
};

/* ---- writing a vector file ----------------------------------------------- */

static rr_status write_file(vgen_t *g, const char *path, const char *family,
                            const char *description, rr_err_t *err)
{
    json_t *hdr = json_object();
    json_object_set_new(hdr, "algorithm", json_string("ReLU network realization"));
    json_object_set_new(hdr, "family", json_string(family));
    json_object_set_new(hdr, "description", json_string(description));
    json_object_set_new(hdr, "schema", json_string("realization-v1.schema.json"));
    json_object_set_new(hdr, "formatVersion", json_string(RR_VECTORS_VERSION));
    json_object_set_new(hdr, "generator", json_string("reluref 0.1.0"));
    json_object_set_new(hdr, "command",
                        json_string(g->opts->command ? g->opts->command : ""));
    json_object_set_new(hdr, "numberOfTests", json_integer(g->ntests));
    json_object_set_new(hdr, "numberOfNetworks", json_integer(g->ngroups));
    json_object_set_new(hdr, "notes", notes_json());
    return rr_json_write_vectors(path, hdr, g->groups, g->ngroups, err);
}

rr_status rr_vec_generate(const char *family, const char *path,
                          const rr_vec_opts_t *opts, long *ntests,
                          long *nnets, rr_err_t *err)
{
    for (int i = 0; rr_vec_families[i].name; i++) {
        if (strcmp(family, rr_vec_families[i].name))
            continue;
        vgen_t g;
        /* one seed per family: families are independent of each other */
        vgen_init(&g, opts, 0x52454c55ULL * 1000 + (uint64_t)i);
        rr_status st = family_fns[i](&g, err);
        if (!st)
            st = write_file(&g, path, family, rr_vec_families[i].description,
                            err);
        if (ntests)
            *ntests = g.ntests;
        if (nnets)
            *nnets = g.ngroups;
        vgen_clear(&g);
        return st;
    }
    return rr_err_set(err, RR_EINPUT, "unknown vector family \"%s\"", family);
}

rr_status rr_vec_generate_for(const rr_net_t *net, const char *net_name,
                              const rr_points_t *pts, const char *path,
                              const rr_vec_opts_t *opts, rr_err_t *err)
{
    vgen_t g;
    vgen_init(&g, opts, 1);
    group_t *gr = new_group(&g, net, net_name, "user network", NULL);
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev = NULL;
    rr_result_t res;
    rr_status st = gr ? rr_eval_new(&ev, net, mode, err)
                      : rr_err_set(err, RR_ENOMEM, "out of memory");
    if (!st) {
        rr_eval_keep_hidden(ev, 1);
        st = rr_result_init(&res, ev, err);
        for (long p = 0; p < pts->n && !st; p++) {
            char c[64];
            snprintf(c, sizeof c, "point %ld", p + 1);
            st = add_case(&g, gr, net, ev, &res, pts->x + p * pts->d, c, NULL,
                          err);
        }
        rr_result_clear(&res); /* safe after a failed init too */
    }
    rr_eval_free(ev);
    if (!st)
        st = write_file(&g, path, "user", "vectors for one network", err);
    vgen_clear(&g);
    return st;
}

/* ---- candidates ----------------------------------------------------------- */

static rr_status load_json(json_t **root, const char *path, rr_err_t *err)
{
    json_error_t je;
    *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!*root) {
        for (char *p = je.text; *p; p++)
            if (*p == '\n')
                *p = ' ';
        if (je.line < 0)
            return rr_err_set(err, RR_EIO, "%s: %s", path, je.text);
        return rr_err_set(err, RR_EINPUT, "%s:%d:%d: %s", path, je.line,
                          je.column, je.text);
    }
    return RR_OK;
}

/* The vectors file's groups, checked for the fields the tools use. */
static rr_status vec_groups(json_t **groups, json_t *root, const char *path,
                            rr_err_t *err)
{
    *groups = json_object_get(root, "testGroups");
    if (!json_is_array(*groups))
        return rr_err_set(err, RR_EINPUT, "%s: testGroups: missing or not an "
                          "array (not a reluref vector file?)", path);
    return RR_OK;
}

static rr_status parse_num_json(mpq_ptr q, const json_t *v, rr_err_t *err)
{
    rr_caps_t caps;
    rr_caps_default(&caps);
    if (json_is_string(v))
        return rr_q_parse(q, json_string_value(v), &caps, err);
    if (json_is_number(v))
        return rr_q_set_d(q, json_number_value(v), err);
    return rr_err_set(err, RR_EINPUT, "expected a number");
}

/* A deliberately simple binary64 forward pass with optional bugs. */
static void buggy_forward(double *out, const rr_net_t *net, const double *x,
                          rr_candidate cand, double *buf1, double *buf2)
{
    const double *cur = x;
    double *nxt = buf1;
    mpfr_t acc, t;
    mpfr_inits2(11, acc, t, (mpfr_ptr)0); /* binary16 has 11 bits */
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        for (long i = 0; i < m; i++) {
            double s = 0;
            mpfr_set_zero(acc, 1);
            for (long j = 0; j < n; j++) {
                double p = rr_q_get_d(net->w[l] + i * n + j, NULL) * cur[j];
                if (cand == RR_CAND_BUG_F16ACC) {
                    mpfr_set_d(t, p, MPFR_RNDN);
                    mpfr_add(acc, acc, t, MPFR_RNDN);
                } else
                    s += p;
            }
            if (cand == RR_CAND_BUG_F16ACC)
                s = mpfr_get_d(acc, MPFR_RNDN);
            if (cand != RR_CAND_BUG_NOBIAS)
                s += rr_q_get_d(net->b[l] + i, NULL);
            if ((l + 1 < net->depth || cand == RR_CAND_BUG_RELULAST) && !(s > 0))
                s = 0;
            nxt[i] = s;
        }
        cur = nxt;
        nxt = nxt == buf1 ? buf2 : buf1;
    }
    for (long i = 0; i < net->width[net->depth]; i++)
        out[i] = cur[i];
    mpfr_clears(acc, t, (mpfr_ptr)0);
}

static const char *cand_name(rr_candidate c)
{
    switch (c) {
    case RR_CAND_DOUBLE: return "reluref double (in-tree binary64 path)";
    case RR_CAND_BUG_NOBIAS: return "deliberately wrong: biases dropped";
    case RR_CAND_BUG_RELULAST: return "deliberately wrong: ReLU on the last layer";
    default: return "deliberately wrong: binary16 accumulation";
    }
}

rr_status rr_vec_run_candidate(const char *vectors, const char *results,
                               rr_candidate cand, rr_err_t *err)
{
    json_t *root, *groups;
    rr_status st = load_json(&root, vectors, err);
    if (st)
        return st;
    if ((st = vec_groups(&groups, root, vectors, err))) {
        json_decref(root);
        return st;
    }
    rr_outfile_t o;
    if ((st = rr_outfile_open(&o, results, err))) {
        json_decref(root);
        return st;
    }
    fprintf(o.f, "{\"format\": \"reluref-results\", \"version\": 1,\n"
                 " \"implementation\": \"%s\", \"precision\": \"binary64\",\n"
                 " \"results\": [\n", cand_name(cand));
    size_t gi;
    json_t *gr;
    int first = 1;
    json_array_foreach(groups, gi, gr) {
        char *txt = json_dumps(json_object_get(gr, "network"), JSON_COMPACT);
        rr_net_t net;
        st = txt ? rr_net_read_buffer(&net, txt, strlen(txt), vectors, NULL, err)
                 : rr_err_set(err, RR_EINPUT, "%s: testGroups[%zu]: no network",
                              vectors, gi);
        free(txt);
        if (st)
            break;
        long d = net.width[0], k = net.width[net.depth];
        long W = 0;
        for (int l = 0; l <= net.depth; l++)
            W = net.width[l] > W ? net.width[l] : W;
        rr_mode_t mode = {RR_MODE_DOUBLE, 53};
        rr_eval_t *ev = NULL;
        rr_result_t res;
        int have_res = 0;
        mpq_ptr x = rr_qvec_new(d);
        double *xd = malloc((size_t)d * sizeof *xd), *out = malloc((size_t)k * sizeof *out);
        double *b1 = malloc((size_t)W * sizeof *b1), *b2 = malloc((size_t)W * sizeof *b2);
        if (!x || !xd || !out || !b1 || !b2)
            st = rr_err_set(err, RR_ENOMEM, "out of memory");
        if (!st && cand == RR_CAND_DOUBLE &&
            !(st = rr_eval_new(&ev, &net, mode, err)) &&
            !(st = rr_result_init(&res, ev, err)))
            have_res = 1;
        size_t ti;
        json_t *t;
        json_array_foreach(json_object_get(gr, "tests"), ti, t) {
            if (st)
                break;
            const json_t *in = json_object_get(json_object_get(t, "input"), "binary64");
            if ((long)json_array_size(in) != d) {
                st = rr_err_set(err, RR_EINPUT, "%s: tcId %lld: input size",
                                vectors, json_integer_value(json_object_get(t, "tcId")));
                break;
            }
            for (long j = 0; j < d && !st; j++)
                st = parse_num_json(x + j, json_array_get(in, (size_t)j), err);
            if (st)
                break;
            if (cand == RR_CAND_DOUBLE) {
                rr_status es = rr_eval_point(ev, &res, x, 0, err);
                if (es && es != RR_ERANGE) {
                    st = es;
                    break;
                }
                memcpy(out, res.dbl, (size_t)k * sizeof *out);
            } else {
                for (long j = 0; j < d; j++)
                    xd[j] = rr_q_get_d(x + j, NULL);
                buggy_forward(out, &net, xd, cand, b1, b2);
            }
            fprintf(o.f, "%s  {\"tcId\": %lld, \"output\": [", first ? "" : ",\n",
                    json_integer_value(json_object_get(t, "tcId")));
            first = 0;
            for (long i = 0; i < k; i++) {
                char hb[64];
                rr_d_hex(hb, sizeof hb, out[i]);
                fprintf(o.f, "%s\"%s\"", i ? ", " : "", hb);
            }
            fputs("]}", o.f);
        }
        if (have_res)
            rr_result_clear(&res);
        rr_eval_free(ev);
        rr_qvec_free(x, d);
        free(xd);
        free(out);
        free(b1);
        free(b2);
        rr_net_clear(&net);
        if (st)
            break;
    }
    json_decref(root);
    if (st) {
        rr_outfile_abort(&o);
        return st;
    }
    fputs("\n ]\n}\n", o.f);
    return rr_outfile_commit(&o, err);
}

/* ---- the auditor ----------------------------------------------------------- */

/* Candidate outputs by tcId: from JSON ({"precision": ..., "results":
 * [{"tcId": n, "output": [...]}]}) or CSV ("tcId,out1,out2,..." lines, '#'
 * comments, an optional "# precision=binary32" line). */
typedef struct results {
    json_t **by_tc; /* array of outputs (json arrays of strings) */
    long n;
    int binary32;
    char impl[128];
} results_t;

static void results_clear(results_t *r)
{
    for (long i = 0; i < r->n; i++)
        json_decref(r->by_tc[i]);
    free(r->by_tc);
    memset(r, 0, sizeof *r);
}

static rr_status results_put(results_t *r, long tc, json_t *out,
                             const char *path, rr_err_t *err)
{
    if (tc < 1 || tc > (1L << 26)) {
        json_decref(out);
        return rr_err_set(err, RR_EINPUT, "%s: tcId %ld out of range", path, tc);
    }
    if (tc >= r->n) {
        long nn = tc + 1 > 2 * r->n ? tc + 1 : 2 * r->n;
        json_t **nb = realloc(r->by_tc, (size_t)nn * sizeof *nb);
        if (!nb) {
            json_decref(out);
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        }
        memset(nb + r->n, 0, (size_t)(nn - r->n) * sizeof *nb);
        r->by_tc = nb;
        r->n = nn;
    }
    if (r->by_tc[tc]) {
        json_decref(out);
        return rr_err_set(err, RR_EINPUT, "%s: tcId %ld given twice", path, tc);
    }
    r->by_tc[tc] = out;
    return RR_OK;
}

static rr_status read_results_csv(results_t *r, const char *path, rr_err_t *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return rr_err_set(err, RR_EIO, "%s: cannot open", path);
    char line[1 << 16];
    long lineno = 0;
    rr_status st = RR_OK;
    while (!st && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#') {
            if (strstr(line, "precision=binary32"))
                r->binary32 = 1;
            continue;
        }
        if (!line[0] || !strncmp(line, "tcId", 4))
            continue;
        char *save, *tok = strtok_r(line, ",", &save), *end;
        long tc = strtol(tok, &end, 10);
        if (*end) {
            st = rr_err_set(err, RR_EINPUT, "%s:%ld: bad tcId \"%.20s\"", path,
                            lineno, tok);
            break;
        }
        json_t *out = json_array();
        while ((tok = strtok_r(NULL, ",", &save)))
            json_array_append_new(out, json_string(tok));
        st = results_put(r, tc, out, path, err);
    }
    fclose(f);
    return st;
}

static rr_status read_results(results_t *r, const char *path, rr_err_t *err)
{
    memset(r, 0, sizeof *r);
    size_t n = strlen(path);
    if (n > 4 && !strcmp(path + n - 4, ".csv")) {
        rr_status st = read_results_csv(r, path, err);
        if (st)
            results_clear(r);
        return st;
    }
    json_t *root;
    rr_status st = load_json(&root, path, err);
    if (st)
        return st;
    const json_t *prec = json_object_get(root, "precision");
    if (prec && json_is_string(prec))
        r->binary32 = !strcmp(json_string_value(prec), "binary32");
    const json_t *impl = json_object_get(root, "implementation");
    if (impl && json_is_string(impl))
        snprintf(r->impl, sizeof r->impl, "%s", json_string_value(impl));
    const json_t *res = json_object_get(root, "results");
    if (!json_is_array(res))
        st = rr_err_set(err, RR_EINPUT, "%s: results: missing or not an array",
                        path);
    size_t i;
    json_t *v;
    json_array_foreach(res, i, v) {
        if (st)
            break;
        const json_t *tc = json_object_get(v, "tcId"), *out = json_object_get(v, "output");
        if (!json_is_number(tc) || !json_is_array(out)) {
            st = rr_err_set(err, RR_EINPUT, "%s: results[%zu]: needs tcId and "
                            "output", path, i);
            break;
        }
        st = results_put(r, (long)json_number_value(tc), json_incref((json_t *)out),
                         path, err);
    }
    json_decref(root);
    if (st)
        results_clear(r);
    return st;
}

/* ulp of the format at v (p significant bits, smallest subnormal 2^emin). */
static void ulp_at(mpfr_ptr u, mpq_srcptr v, long p, long emin)
{
    long e = emin;
    if (mpq_sgn(v)) {
        mpfr_t t;
        mpfr_init2(t, 64);
        mpfr_set_q(t, v, MPFR_RNDZ);
        e = (long)mpfr_get_exp(t) - p; /* v in [2^(E-1), 2^E): ulp 2^(E-p) */
        if (e < emin)
            e = emin;
        mpfr_clear(t);
    }
    mpfr_set_ui_2exp(u, 1, e, MPFR_RNDN);
}

rr_status rr_vec_check(const char *vectors, const char *results,
                       int require_all, FILE *report,
                       rr_check_summary_t *sum, rr_err_t *err)
{
    memset(sum, 0, sizeof *sum);
    json_t *root, *groups;
    results_t r;
    rr_status st = load_json(&root, vectors, err);
    if (st)
        return st;
    if ((st = vec_groups(&groups, root, vectors, err)) ||
        (st = read_results(&r, results, err))) {
        json_decref(root);
        return st;
    }
    const char *fmt = r.binary32 ? "binary32" : "binary64";
    long p = r.binary32 ? 24 : 53, emin = r.binary32 ? -149 : -1074;
    mpq_t c, v, diff, tol;
    mpq_init(c);
    mpq_init(v);
    mpq_init(diff);
    mpq_init(tol);
    mpfr_t ulp, a, b;
    mpfr_inits2(64, ulp, a, b, (mpfr_ptr)0);
    size_t gi, ti;
    json_t *gr, *t;
    json_array_foreach(groups, gi, gr) {
        json_array_foreach(json_object_get(gr, "tests"), ti, t) {
            sum->total++;
            long tc = (long)json_number_value(json_object_get(t, "tcId"));
            json_t *cand = tc > 0 && tc < r.n ? r.by_tc[tc] : NULL;
            if (!cand) {
                sum->missing++;
                continue;
            }
            const json_t *ex = json_object_get(json_object_get(t, "output"), "exact");
            const json_t *tl = json_object_get(json_object_get(t, "tolerance"), fmt);
            if (json_is_null(tl) || !tl) {
                sum->skipped++; /* the format may overflow here */
                continue;
            }
            sum->checked++;
            int ok = json_array_size(cand) == json_array_size(ex);
            char why[512] = "";
            if (!ok)
                snprintf(why, sizeof why, "%zu outputs, expected %zu",
                         json_array_size(cand), json_array_size(ex));
            for (size_t i = 0; ok && i < json_array_size(ex); i++) {
                rr_err_t e2;
                const json_t *cv = json_array_get(cand, i);
                if (parse_num_json(v, json_array_get(ex, i), &e2) ||
                    parse_num_json(tol, json_array_get(tl, i), &e2)) {
                    st = rr_err_set(err, RR_EINPUT, "%s: tcId %ld: %s", vectors,
                                    tc, e2.msg);
                    goto out;
                }
                if (parse_num_json(c, cv, &e2)) {
                    ok = 0;
                    snprintf(why, sizeof why, "output %zu: %.400s", i + 1, e2.msg);
                    break;
                }
                mpq_sub(diff, c, v);
                mpq_abs(diff, diff);
                if (mpq_cmp(diff, tol) <= 0)
                    continue;
                ok = 0;
                ulp_at(ulp, v, p, emin);
                mpfr_set_q(a, diff, MPFR_RNDN);
                mpfr_div(a, a, ulp, MPFR_RNDN);
                mpfr_set_q(b, diff, MPFR_RNDN);
                if (mpq_sgn(tol)) {
                    mpfr_set_q(ulp, tol, MPFR_RNDN);
                    mpfr_div(b, b, ulp, MPFR_RNDN);
                }
                char *cs = json_is_string(cv) ? NULL : rr_q_str(c);
                char *vs = rr_q_str(v);
                mpfr_snprintf(why, sizeof why,
                              "output %zu: candidate %s, exact %.60s%s, error "
                              "%.3Rg ulp = %.3Rg x the tolerance", i + 1,
                              cs ? cs : json_string_value(cv), vs,
                              strlen(vs) > 60 ? "..." : "", a, b);
                free(cs);
                free(vs);
            }
            if (ok)
                sum->passed++;
            else {
                sum->failed++;
                if (report)
                    fprintf(report, "FAIL tcId %ld (%s): %s\n", tc,
                            json_string_value(json_object_get(t, "comment")), why);
            }
        }
    }
    if (report)
        fprintf(report,
                "%s: %s vs %s (%s): %ld tests, %ld checked: %ld passed, %ld "
                "failed; %ld without a result, %ld skipped (%s may overflow)\n",
                sum->failed ? "FAILED" : "ok", r.impl[0] ? r.impl : results,
                vectors, fmt, sum->total, sum->checked, sum->passed,
                sum->failed, sum->missing, sum->skipped, fmt);
    if (require_all && sum->missing && !sum->failed)
        sum->failed = sum->missing;
out:
    mpq_clear(c);
    mpq_clear(v);
    mpq_clear(diff);
    mpq_clear(tol);
    mpfr_clears(ulp, a, b, (mpfr_ptr)0);
    results_clear(&r);
    json_decref(root);
    return st;
}
