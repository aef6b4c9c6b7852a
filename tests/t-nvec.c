/* t-nvec.c -- the committed norms and degeneracy golden vectors
 * (vectors/norms, vectors/degeneracy), re-checked by paths independent of
 * the engines that produced them:
 *   norms       every L^inf witness re-evaluated exactly (realization
 *               engine and a forward pass written here): |f_j(x)| is the
 *               stated value; every seminorm witness is an interior point
 *               where f is differentiable with the stated gradient, whose
 *               l2^2 / l1 / linf norm (computed here) is the stated value;
 *               w1 = max(linf, seminorm); the binary64 intervals enclose
 *               the exact values; sample points and the box's vertices
 *               never exceed the stated norms; closed forms; kink traps
 *               (the framework gradients recomputed here by forward mode
 *               with relu'(0) = 0 / 1, and at least one exceeds the
 *               seminorm); difference networks against their operands;
 *   degeneracy  norms, balance ratios, the zero / no-incoming /
 *               no-outgoing / constant findings, exact first-layer ranges,
 *               parallel and opposite neurons and the R1, R2, R4 lists
 *               recomputed here; the normal-form network and the shallow
 *               invariants (f = sum jump rho(<dir, (x, 1)>) + lin x + cst)
 *               evaluated against the network at sample points (on and off
 *               the box when equal on R^d); balancing rationals; copies
 *               (equivalentTo) have identical normal forms and equal
 *               realizations;
 *   both        headers, stable unique tcIds, every flag explained. */
#define _POSIX_C_SOURCE 200809L
#include "rr_test.h"

#include <dirent.h>
#include <jansson.h>
#include <mpfr.h>

/* ---- helpers -------------------------------------------------------------- */

static char where[1024]; /* file, group and tcId under test, for messages */

static json_t *load(const char *path)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j)
        fail_msg("%s: %s (line %d)", path, je.text, je.line);
    return j;
}

/* The sorted *.json files of a directory (at most 32). */
static int list_json(char names[][256], const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("%s: cannot open (run the tests from the repository root)",
                 dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 32) {
        size_t l = strlen(e->d_name);
        if (l > 5 && !strcmp(e->d_name + l - 5, ".json")) {
            int w = snprintf(names[n], 256, "%s/%s", dir, e->d_name);
            if (w < 0 || w >= 256)
                fail_msg("path too long: %s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            strcpy(t, names[j]);
            strcpy(names[j], names[j - 1]);
            strcpy(names[j - 1], t);
        }
    return n;
}

static void jq_get(mpq_ptr q, const json_t *v)
{
    assert_true(json_is_string(v));
    q_set(q, json_string_value(v));
}

static void jqv_get(mpq_ptr q, const json_t *a, long n)
{
    assert_true(json_is_array(a));
    assert_int_equal((long)json_array_size(a), n);
    for (long i = 0; i < n; i++)
        jq_get(q + i, json_array_get(a, (size_t)i));
}

static void jnet_get(rr_net_t *net, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    assert_non_null(s);
    net_from_str(net, s);
    free(s);
}

/* An independent forward pass in mpq with forward-mode derivatives:
 * out (k), jac (k x d); conv = 0 or 1: the derivative taken for relu at 0;
 * *ties := number of hidden pre-activations exactly 0. */
static void fwd(mpq_ptr out, mpq_ptr jac, long *ties, const rr_net_t *net,
                mpq_srcptr x, int conv)
{
    long d = net->width[0], maxw = d;
    for (int l = 1; l <= net->depth; l++)
        if (net->width[l] > maxw)
            maxw = net->width[l];
    mpq_ptr y = rr_qvec_new(maxw), J = rr_qvec_new(maxw * d),
            z = rr_qvec_new(maxw), Jz = rr_qvec_new(maxw * d);
    mpq_t t;
    mpq_init(t);
    for (long i = 0; i < d; i++) {
        mpq_set(y + i, x + i);
        for (long j = 0; j < d; j++)
            mpq_set_ui(J + i * d + j, i == j, 1);
    }
    *ties = 0;
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        for (long i = 0; i < m; i++) {
            mpq_set(z + i, rr_net_bias(net, l, i));
            for (long c = 0; c < d; c++)
                mpq_set_ui(Jz + i * d + c, 0, 1);
            for (long j = 0; j < n; j++) {
                mpq_srcptr w = rr_net_weight(net, l, i, j);
                mpq_mul(t, w, y + j);
                mpq_add(z + i, z + i, t);
                for (long c = 0; c < d; c++) {
                    mpq_mul(t, w, J + j * d + c);
                    mpq_add(Jz + i * d + c, Jz + i * d + c, t);
                }
            }
        }
        int hidden = l + 1 < net->depth;
        for (long i = 0; i < m; i++) {
            int s = mpq_sgn(z + i), keep = !hidden || s > 0 || (s == 0 && conv);
            if (hidden && s == 0)
                (*ties)++;
            mpq_set(y + i, z + i);
            if (hidden && s < 0)
                mpq_set_ui(y + i, 0, 1);
            for (long c = 0; c < d; c++) {
                if (keep)
                    mpq_set(J + i * d + c, Jz + i * d + c);
                else
                    mpq_set_ui(J + i * d + c, 0, 1);
            }
        }
    }
    long k = net->width[net->depth];
    for (long i = 0; i < k; i++) {
        mpq_set(out + i, y + i);
        for (long c = 0; c < d; c++)
            mpq_set(jac + i * d + c, J + i * d + c);
    }
    mpq_clear(t);
    rr_qvec_free(y, maxw);
    rr_qvec_free(J, maxw * d);
    rr_qvec_free(z, maxw);
    rr_qvec_free(Jz, maxw * d);
}

/* Gradient norms computed here: 0 = l2 squared, 1 = l1, 2 = linf. */
static void gnorm(mpq_ptr out, mpq_srcptr g, long d, int kind)
{
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(out, 0, 1);
    for (long i = 0; i < d; i++) {
        if (kind == 0) {
            mpq_mul(t, g + i, g + i);
            mpq_add(out, out, t);
        } else {
            mpq_abs(t, g + i);
            if (kind == 1)
                mpq_add(out, out, t);
            else if (mpq_cmp(t, out) > 0)
                mpq_set(out, t);
        }
    }
    mpq_clear(t);
}

/* A norm value object: *sq := 1 for {"square": q}; q := the rational. */
static void nval_get(mpq_ptr q, int *sq, const json_t *o)
{
    const json_t *v = json_object_get(o, "value"), *s = json_object_get(o, "square");
    assert_true((v != NULL) != (s != NULL));
    *sq = s != NULL;
    jq_get(q, v ? v : s);
    assert_true(mpq_sgn(q) >= 0);
    /* interval64 encloses the value: lo <= v <= hi (squares for sqrt) */
    const json_t *iv = json_object_get(o, "interval64");
    assert_int_equal(json_array_size(iv), 2);
    mpfr_t lo, hi;
    mpfr_inits2(53, lo, hi, (mpfr_ptr)0);
    assert_int_equal(mpfr_set_str(lo, json_string_value(json_array_get(iv, 0)),
                                  0, MPFR_RNDN), 0);
    assert_int_equal(mpfr_set_str(hi, json_string_value(json_array_get(iv, 1)),
                                  0, MPFR_RNDN), 0);
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    mpfr_get_q(a, lo);
    mpfr_get_q(b, hi);
    assert_true(mpq_sgn(a) >= 0);
    if (*sq) {
        mpq_mul(a, a, a);
        mpq_mul(b, b, b);
    }
    if (mpq_cmp(a, q) > 0 || mpq_cmp(b, q) < 0)
        fail_msg("interval64 does not enclose the value");
    mpq_clear(a);
    mpq_clear(b);
    mpfr_clears(lo, hi, (mpfr_ptr)0);
}

/* Compare a value (q, sq) with an exact rational r squared or not:
 * returns sign of value - (sq_r ? sqrt(r) : r). */
static int ncmp(mpq_srcptr q, int sq, mpq_srcptr r, int sq_r)
{
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    mpq_set(a, q);
    mpq_set(b, r);
    if (sq && !sq_r)
        mpq_mul(b, b, b);
    if (!sq && sq_r)
        mpq_mul(a, a, a);
    int c = mpq_cmp(a, b);
    mpq_clear(a);
    mpq_clear(b);
    return c;
}

/* Header and tcIds common to both kinds; returns the number of tests. */
static long check_header(const json_t *doc, const char *schema)
{
    assert_string_equal(json_string_value(json_object_get(doc, "schema")),
                        schema);
    assert_string_equal(json_string_value(json_object_get(doc, "formatVersion")),
                        "1");
    assert_non_null(strstr(json_string_value(json_object_get(doc, "generator")),
                           "reluref"));
    assert_non_null(strstr(json_string_value(json_object_get(doc, "command")),
                           "vectors --out DIR --family"));
    const json_t *notes = json_object_get(doc, "notes"), *groups =
        json_object_get(doc, "testGroups");
    long nt = 0, last = 0;
    size_t gi, ti, fi;
    json_t *g, *t, *f;
    json_array_foreach(groups, gi, g) {
        json_array_foreach(json_object_get(g, "tests"), ti, t) {
            long id = (long)json_integer_value(json_object_get(t, "tcId"));
            assert_int_equal(id, last + 1); /* unique, in order */
            last = id;
            nt++;
            json_array_foreach(json_object_get(t, "flags"), fi, f)
                if (!json_object_get(notes, json_string_value(f)))
                    fail_msg("flag %s not explained", json_string_value(f));
            const char *r = json_string_value(json_object_get(t, "result"));
            assert_true(!strcmp(r, "valid") || !strcmp(r, "acceptable"));
        }
    }
    assert_int_equal(nt, json_integer_value(json_object_get(doc, "numberOfTests")));
    assert_int_equal((long)json_array_size(groups),
                     json_integer_value(json_object_get(doc, "numberOfNetworks")));
    return nt;
}

/* A deterministic point of the box scaled about its centre by s (s = 1:
 * inside; grid 1/64 of the box). */
static void sample(mpq_ptr x, rr_rand_t *r, mpq_srcptr lo, mpq_srcptr hi,
                   long d, long s)
{
    mpq_t t, c;
    mpq_init(t);
    mpq_init(c);
    for (long i = 0; i < d; i++) {
        mpq_sub(t, hi + i, lo + i);
        mpq_set_si(c, (long)rr_rand_range(r, -32 * s, 32 * s), 64);
        mpq_canonicalize(c);
        mpq_mul(t, t, c);
        mpq_add(c, hi + i, lo + i);
        mpz_mul_ui(mpq_denref(c), mpq_denref(c), 2);
        mpq_canonicalize(c);
        mpq_add(x + i, c, t);
    }
    mpq_clear(t);
    mpq_clear(c);
}

/* ---- norms ---------------------------------------------------------------- */

static const char *const gname[3] = {"l2", "l1", "linf"};

static long nties; /* seminorm witnesses with an identically 0 neuron */

static void norm_test(const rr_net_t *net, const json_t *t, const json_t *ops,
                      rr_rand_t *rng, long *nwit)
{
    long d = net->width[0], k = net->width[net->depth];
    mpq_ptr lo = rr_qvec_new(d), hi = rr_qvec_new(d), x = rr_qvec_new(d),
            g = rr_qvec_new(d), out = rr_qvec_new(k), jac = rr_qvec_new(k * d);
    const json_t *box = json_object_get(t, "box");
    jqv_get(lo, json_object_get(box, "lo"), d);
    jqv_get(hi, json_object_get(box, "hi"), d);
    for (long i = 0; i < d; i++)
        assert_true(mpq_cmp(lo + i, hi + i) < 0);
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_eval_new(&ev, net, mode, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    rr_net_t phi, psi;
    if (ops) {
        jnet_get(&phi, json_object_get(ops, "phi"));
        jnet_get(&psi, json_object_get(ops, "psi"));
    }
    mpq_t v, fx, nv, linf, sem[3];
    int sem_sq[3];
    mpq_inits(v, fx, nv, linf, sem[0], sem[1], sem[2], NULL);
    const json_t *comps = json_object_get(t, "components");
    assert_int_equal((long)json_array_size(comps), k);
    for (long j = 0; j < k; j++) {
        const json_t *c = json_array_get(comps, (size_t)j);
        assert_int_equal(json_integer_value(json_object_get(c, "output")), j);
        /* L^inf witness */
        const json_t *L = json_object_get(c, "linf"),
                     *w = json_object_get(L, "witness");
        int sq;
        nval_get(linf, &sq, L);
        assert_false(sq);
        jqv_get(x, json_object_get(w, "x"), d);
        jq_get(fx, json_object_get(w, "f"));
        for (long i = 0; i < d; i++)
            assert_true(mpq_cmp(x + i, lo + i) >= 0 && mpq_cmp(x + i, hi + i) <= 0);
        RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, 0, &err), err);
        assert_true(mpq_equal(res.q + j, fx));
        long ties;
        fwd(out, jac, &ties, net, x, 0);
        assert_true(mpq_equal(out + j, fx));
        mpq_abs(v, fx);
        if (!mpq_equal(v, linf))
            fail_msg("|f(witness)| differs from the stated L^inf");
        if (ops) { /* the difference network against its operands */
            eval_exact(out, &phi, x, 0);
            mpq_set(v, out + j);
            eval_exact(out, &psi, x, 0);
            mpq_sub(v, v, out + j);
            assert_true(mpq_equal(v, fx));
        }
        (*nwit)++;
        /* seminorm witnesses */
        const json_t *S = json_object_get(c, "seminorm");
        for (int gi = 0; gi < 3; gi++) {
            const json_t *s = json_object_get(S, gname[gi]);
            nval_get(sem[gi], &sem_sq[gi], s);
            assert_int_equal(sem_sq[gi], gi == 0);
            w = json_object_get(s, "witness");
            jqv_get(x, json_object_get(w, "x"), d);
            jqv_get(g, json_object_get(w, "gradient"), d);
            for (long i = 0; i < d; i++) /* the open box */
                assert_true(mpq_cmp(x + i, lo + i) > 0 && mpq_cmp(x + i, hi + i) < 0);
            RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, RR_WANT_JACOBIAN, &err), err);
            assert_int_equal(res.differentiable, RR_DIFF_YES);
            /* off every kink, except a pre-activation that vanishes
             * identically near x: then both conventions agree */
            for (int conv = 0; conv < 2; conv++) {
                fwd(out, jac, &ties, net, x, conv);
                for (long i = 0; i < d; i++)
                    if (!mpq_equal(jac + j * d + i, g + i))
                        fail_msg("%s: gradient at the seminorm witness "
                                 "differs", where);
                if (!ties)
                    break;
                nties += conv == 0; /* zero neurons, e.g. */
            }
            for (long i = 0; i < d; i++)
                assert_true(mpq_equal(res.jac + j * d + i, g + i));
            gnorm(nv, g, d, gi);
            if (!mpq_equal(nv, sem[gi]))
                fail_msg("the gradient at the seminorm witness has another norm");
            (*nwit)++;
        }
        /* w1 = max(linf, seminorm) */
        const json_t *W = json_object_get(c, "w1");
        for (int gi = 0; gi < 3; gi++) {
            const json_t *o = json_object_get(W, gname[gi]);
            nval_get(v, &sq, o);
            int bylinf = !strcmp(json_string_value(json_object_get(o, "attainedBy")),
                                 "linf");
            int cl = ncmp(v, sq, linf, 0), cs = ncmp(v, sq, sem[gi], sem_sq[gi]);
            assert_true(cl >= 0 && cs >= 0 && (cl == 0 || cs == 0));
            assert_int_equal(bylinf ? cl : cs, 0);
        }
        /* no sample point nor box vertex exceeds the norms */
        long nv_ = d <= 6 ? 1L << d : 0;
        for (long p = 0; p < 48 + nv_; p++) {
            if (p < 48)
                sample(x, rng, lo, hi, d, 1);
            else
                for (long i = 0; i < d; i++)
                    mpq_set(x + i, ((p - 48) >> i) & 1 ? hi + i : lo + i);
            fwd(out, jac, &ties, net, x, 0);
            mpq_abs(v, out + j);
            assert_true(mpq_cmp(v, linf) <= 0);
            if (ties)
                continue;
            for (int gi = 0; gi < 3; gi++) {
                gnorm(nv, jac + j * d, d, gi);
                assert_true(mpq_cmp(nv, sem[gi]) <= 0);
            }
        }
        if (j)
            continue;
        /* closed forms refer to output 0 */
        const json_t *cf = json_object_get(t, "closedForm");
        if (cf) {
            const char *key;
            json_t *val;
            json_object_foreach((json_t *)cf, key, val) {
                if (!strcmp(key, "formula"))
                    continue;
                jq_get(v, val);
                if (!strcmp(key, "linf"))
                    assert_true(mpq_equal(v, linf));
                else if (!strcmp(key, "seminormL2Square"))
                    assert_true(mpq_equal(v, sem[0]));
                else if (!strcmp(key, "seminormL1"))
                    assert_true(mpq_equal(v, sem[1]));
                else if (!strcmp(key, "seminormLinf"))
                    assert_true(mpq_equal(v, sem[2]));
                else if (!strcmp(key, "w1L2Square")) {
                    mpq_t w1;
                    mpq_init(w1);
                    nval_get(w1, &sq, json_object_get(W, "l2"));
                    assert_int_equal(ncmp(w1, sq, v, 1), 0);
                    mpq_clear(w1);
                } else
                    fail_msg("unknown closed form %s", key);
            }
        }
    }
    /* the kink trap: on a kink, and a framework gradient exceeds the
     * seminorm (recomputed here by forward mode) */
    const json_t *kt = json_object_get(t, "kinkTrap");
    if (kt) {
        jqv_get(x, json_object_get(kt, "x"), d);
        int exceeds = 0;
        for (int conv = 0; conv < 2; conv++) {
            long ties;
            fwd(out, jac, &ties, net, x, conv);
            assert_true(ties > 0);
            const json_t *rows = json_object_get(
                json_object_get(kt, conv ? "relu1" : "relu0"), "gradient");
            assert_int_equal((long)json_array_size(rows), k);
            for (long j = 0; j < k; j++) {
                jqv_get(g, json_array_get(rows, (size_t)j), d);
                for (long i = 0; i < d; i++)
                    assert_true(mpq_equal(g + i, jac + j * d + i));
                /* compare with output j's seminorms (k = 1 in the files) */
                const json_t *S = json_object_get(
                    json_array_get(comps, (size_t)j), "seminorm");
                for (int gi = 0; gi < 3; gi++) {
                    int sq;
                    nval_get(v, &sq, json_object_get(S, gname[gi]));
                    gnorm(nv, g, d, gi);
                    if (mpq_cmp(nv, v) > 0)
                        exceeds = 1;
                }
            }
        }
        assert_true(exceeds);
        RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, 0, &err), err);
        assert_true(res.n_ties > 0);
    }
    if (ops) {
        rr_net_clear(&phi);
        rr_net_clear(&psi);
    }
    mpq_clears(v, fx, nv, linf, sem[0], sem[1], sem[2], NULL);
    rr_result_clear(&res);
    rr_eval_free(ev);
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
    rr_qvec_free(x, d);
    rr_qvec_free(g, d);
    rr_qvec_free(out, k);
    rr_qvec_free(jac, k * d);
}

static void test_norm_vectors(void **state)
{
    (void)state;
    char names[32][256];
    int n = list_json(names, "vectors/norms");
    assert_true(n >= 5);
    rr_rand_t rng;
    rr_rand_seed(&rng, 20261123);
    long total = 0, wit = 0, traps = 0, closed = 0;
    for (int f = 0; f < n; f++) {
        json_t *doc = load(names[f]);
        total += check_header(doc, "norms-v1.schema.json");
        size_t gi, ti;
        json_t *g, *t;
        json_array_foreach(json_object_get(doc, "testGroups"), gi, g) {
            rr_net_t net;
            jnet_get(&net, json_object_get(g, "network"));
            json_array_foreach(json_object_get(g, "tests"), ti, t) {
                snprintf(where, sizeof where, "%.255s: %.200s: tcId %lld", names[f],
                         json_string_value(json_object_get(g, "networkId")),
                         (long long)json_integer_value(json_object_get(t, "tcId")));
                norm_test(&net, t, json_object_get(g, "operands"), &rng, &wit);
                traps += json_object_get(t, "kinkTrap") != NULL;
                closed += json_object_get(t, "closedForm") != NULL;
            }
            rr_net_clear(&net);
        }
        json_decref(doc);
    }
    assert_true(total >= 100);
    assert_true(traps >= 3);
    assert_true(closed >= 20);
    print_message("norm vectors: %ld tests, %ld witnesses re-evaluated, %ld "
                  "kink traps, %ld closed forms; %ld seminorm witnesses "
                  "where a pre-activation vanishes identically\n", total, wit,
                  traps, closed, nties);
}

/* ---- degeneracy ------------------------------------------------------------- */

static int has_finding(const json_t *n, const char *f)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(n, "findings"), i, v)
        if (!strcmp(json_string_value(v), f))
            return 1;
    return 0;
}

/* u = lambda v with lambda of sign s (s = +1 or -1), u, v nonzero */
static int parallel(mpq_srcptr u, mpq_srcptr v, long n, int s)
{
    long f = -1;
    for (long i = 0; i < n && f < 0; i++)
        if (mpq_sgn(v + i))
            f = i;
    if (f < 0 || !mpq_sgn(u + f))
        return 0;
    mpq_t lam, t;
    mpq_init(lam);
    mpq_init(t);
    mpq_div(lam, u + f, v + f);
    int ok = mpq_sgn(lam) == s;
    for (long i = 0; i < n && ok; i++) {
        mpq_mul(t, lam, v + i);
        ok = mpq_equal(t, u + i);
    }
    mpq_clear(lam);
    mpq_clear(t);
    return ok;
}

static void int_list(long *out, long *n, const json_t *a)
{
    *n = 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) out[(*n)++] = (long)json_integer_value(v);
}

static int all_zero(mpq_srcptr v, long n)
{
    for (long i = 0; i < n; i++)
        if (mpq_sgn(v + i))
            return 0;
    return 1;
}

/* The neurons of hidden layer l (1-based) as rows u = (a | b) and columns c. */
static void layer_params(mpq_ptr U, mpq_ptr C, const rr_net_t *net, int l)
{
    long m = net->width[l], n = net->width[l - 1], k = net->width[l + 1];
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++)
            mpq_set(U + i * (n + 1) + j, rr_net_weight(net, l - 1, i, j));
        mpq_set(U + i * (n + 1) + n, rr_net_bias(net, l - 1, i));
        for (long r = 0; r < k; r++)
            mpq_set(C + i * k + r, rr_net_weight(net, l, r, i));
    }
}

/* Diagnosis, recomputed here: parameters, norms, ratios, zero / no-in /
 * no-out / constant, exact first-layer ranges and dead / always-active
 * there (necessary direction deeper), parallel and opposite neurons,
 * parallel groups. */
static void diag_test(const rr_net_t *net, const json_t *t)
{
    const json_t *layers = json_object_get(t, "layers");
    assert_int_equal((long)json_array_size(layers), net->depth - 1);
    long d = net->width[0];
    mpq_ptr lo = rr_qvec_new(d), hi = rr_qvec_new(d);
    const json_t *box = json_object_get(t, "box");
    jqv_get(lo, json_object_get(box, "lo"), d);
    jqv_get(hi, json_object_get(box, "hi"), d);
    mpq_t a, b, t1, zl, zh;
    mpq_inits(a, b, t1, zl, zh, NULL);
    for (int l = 1; l < net->depth; l++) {
        const json_t *L = json_array_get(layers, (size_t)l - 1);
        assert_int_equal(json_integer_value(json_object_get(L, "layer")), l);
        long m = net->width[l], n = net->width[l - 1], k = net->width[l + 1],
             n1 = n + 1;
        const json_t *ns = json_object_get(L, "neurons");
        assert_int_equal((long)json_array_size(ns), m);
        mpq_ptr U = rr_qvec_new(m * n1), C = rr_qvec_new(m * k),
                u = rr_qvec_new(n1), c = rr_qvec_new(k);
        layer_params(U, C, net, l);
        for (long i = 0; i < m; i++) {
            const json_t *N = json_array_get(ns, (size_t)i);
            mpq_ptr ui = U + i * n1, ci = C + i * k;
            jqv_get(u, json_object_get(N, "in"), n1);
            jqv_get(c, json_object_get(N, "out"), k);
            for (long j = 0; j < n1; j++)
                assert_true(mpq_equal(u + j, ui + j));
            for (long r = 0; r < k; r++)
                assert_true(mpq_equal(c + r, ci + r));
            gnorm(a, ui, n1, 0);
            gnorm(b, ci, k, 0);
            jq_get(t1, json_object_get(N, "inNorm2"));
            assert_true(mpq_equal(t1, a));
            jq_get(t1, json_object_get(N, "outNorm2"));
            assert_true(mpq_equal(t1, b));
            const json_t *br = json_object_get(N, "balanceRatio2");
            int zu = all_zero(ui, n1), zc = all_zero(ci, k);
            if (!zu) {
                mpq_div(t1, b, a);
                mpq_set(a, t1);
                jq_get(t1, br);
                assert_true(mpq_equal(t1, a));
            } else
                assert_true(json_is_null(br));
            assert_int_equal(has_finding(N, "zero"), zu && zc);
            assert_int_equal(has_finding(N, "no-incoming"), zu && !zc);
            assert_int_equal(has_finding(N, "no-outgoing"), !zu && zc);
            assert_int_equal(has_finding(N, "constant"),
                             all_zero(ui, n) && mpq_sgn(ui + n) != 0);
            /* the range of z: exact in layer 1 (interval arithmetic over
             * the box is exact when each input occurs once) */
            const json_t *zr = json_object_get(N, "zRange");
            jq_get(zl, json_array_get(zr, 0));
            jq_get(zh, json_array_get(zr, 1));
            assert_true(mpq_cmp(zl, zh) <= 0);
            if (l == 1) {
                mpq_set(a, ui + n);
                mpq_set(b, ui + n);
                for (long j = 0; j < n; j++) {
                    mpq_srcptr w = ui + j;
                    mpq_mul(t1, w, mpq_sgn(w) > 0 ? lo + j : hi + j);
                    mpq_add(a, a, t1);
                    mpq_mul(t1, w, mpq_sgn(w) > 0 ? hi + j : lo + j);
                    mpq_add(b, b, t1);
                }
                assert_true(mpq_equal(a, zl) && mpq_equal(b, zh));
                assert_string_equal(json_string_value(json_object_get(L, "range")),
                                    "exact");
                if (mpq_sgn(zh) < 0)
                    assert_true(has_finding(N, "dead"));
                if (mpq_sgn(zl) > 0 && !all_zero(ui, n))
                    assert_true(has_finding(N, "always-active"));
            }
            if (has_finding(N, "dead"))
                assert_true(mpq_sgn(zh) <= 0);
            if (has_finding(N, "always-active"))
                assert_true(mpq_sgn(zl) >= 0);
            /* parallel / opposite partners among the nonzero rows */
            int par = 0, opp = 0;
            for (long j = 0; j < m && !zu; j++) {
                if (j == i || all_zero(U + j * n1, n1))
                    continue;
                par |= parallel(U + j * n1, ui, n1, 1);
                opp |= parallel(U + j * n1, ui, n1, -1);
            }
            assert_int_equal(has_finding(N, "parallel"), par);
            assert_int_equal(has_finding(N, "opposite"), opp);
        }
        /* parallel groups: members pairwise positively parallel */
        size_t gi;
        json_t *gr;
        json_array_foreach(json_object_get(L, "parallelGroups"), gi, gr) {
            long idx[64], cnt;
            int_list(idx, &cnt, gr);
            assert_true(cnt >= 2);
            for (long q = 1; q < cnt; q++)
                assert_true(parallel(U + (idx[q] - 1) * n1, U + (idx[0] - 1) * n1,
                                     n1, 1));
        }
        rr_qvec_free(U, m * n1);
        rr_qvec_free(C, m * k);
        rr_qvec_free(u, n1);
        rr_qvec_free(c, k);
    }
    mpq_clears(a, b, t1, zl, zh, NULL);
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
}

/* Restricted-set lists R1, R2, R4 recomputed here; R3 only checked to
 * name neurons that have an opposite partner; the verdict. */
static void restricted_test(const rr_net_t *net, const json_t *t)
{
    const json_t *layers = json_object_get(t, "layers");
    assert_int_equal((long)json_array_size(layers), net->depth - 1);
    int all_empty = 1;
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    for (int l = 1; l < net->depth; l++) {
        const json_t *L = json_array_get(layers, (size_t)l - 1);
        long m = net->width[l], n = net->width[l - 1], k = net->width[l + 1],
             n1 = n + 1;
        mpq_ptr U = rr_qvec_new(m * n1), C = rr_qvec_new(m * k);
        layer_params(U, C, net, l);
        long lists[4][64], cnt[4];
        for (int c = 0; c < 4; c++) {
            char key[3] = {'R', (char)('1' + c), 0};
            assert_true((long)json_array_size(json_object_get(L, key)) <= 64);
            int_list(lists[c], &cnt[c], json_object_get(L, key));
            all_empty &= cnt[c] == 0;
        }
        long e[3][64], ne[3] = {0, 0, 0};
        for (long i = 0; i < m; i++) {
            mpq_ptr ui = U + i * n1, ci = C + i * k;
            int zu = all_zero(ui, n1), zc = all_zero(ci, k);
            if (zu && zc)
                continue; /* a zero neuron violates nothing */
            gnorm(a, ui, n1, 0);
            gnorm(b, ci, k, 0);
            if (!mpq_equal(a, b))
                e[0][ne[0]++] = i + 1;
            int par = 0;
            for (long j = 0; j < m && !zu; j++)
                if (j != i && !all_zero(U + j * n1, n1))
                    par |= parallel(U + j * n1, ui, n1, 1);
            if (par)
                e[1][ne[1]++] = i + 1;
            if (all_zero(ui, n))
                e[2][ne[2]++] = i + 1;
        }
        static const int which[3] = {0, 1, 3};
        for (int q = 0; q < 3; q++) {
            assert_int_equal(cnt[which[q]], ne[q]);
            for (long i = 0; i < ne[q]; i++)
                assert_int_equal(lists[which[q]][i], e[q][i]);
        }
        for (long i = 0; i < cnt[2]; i++) { /* R3: opposite neurons only */
            long q = lists[2][i] - 1;
            int opp = 0;
            for (long j = 0; j < m; j++)
                if (j != q && !all_zero(U + j * n1, n1) && !all_zero(U + q * n1, n1))
                    opp |= parallel(U + j * n1, U + q * n1, n1, -1);
            assert_true(opp);
        }
        rr_qvec_free(U, m * n1);
        rr_qvec_free(C, m * k);
    }
    assert_int_equal(json_is_true(json_object_get(t, "restricted")), all_empty);
    mpq_clear(a);
    mpq_clear(b);
}

/* The normal form: its network and (shallow) its invariants realize the
 * network's function at sample points of the box, and off the box when
 * equal on R^d; the balancing rationals. */
static void normal_test(const rr_net_t *net, const json_t *t, rr_rand_t *rng)
{
    const json_t *nf = json_object_get(t, "normalForm");
    rr_net_t nn;
    jnet_get(&nn, json_object_get(nf, "network"));
    long d = net->width[0], k = net->width[net->depth];
    assert_int_equal(nn.width[0], d);
    assert_int_equal(nn.width[nn.depth], k);
    int rd = !strcmp(json_string_value(json_object_get(nf, "equalOn")), "R^d");
    int on_box = !strcmp(json_string_value(json_object_get(t, "on")), "box");
    if (!on_box)
        assert_true(rd);
    mpq_ptr lo = rr_qvec_new(d), hi = rr_qvec_new(d), x = rr_qvec_new(d),
            f1 = rr_qvec_new(k), f2 = rr_qvec_new(k), f3 = rr_qvec_new(k);
    if (on_box) {
        const json_t *box = json_object_get(t, "box");
        jqv_get(lo, json_object_get(box, "lo"), d);
        jqv_get(hi, json_object_get(box, "hi"), d);
    } else
        for (long i = 0; i < d; i++) {
            mpq_set(lo + i, net->lo + i);
            mpq_set(hi + i, net->hi + i);
        }
    const json_t *inv = json_object_get(nf, "invariants");
    long nc = inv ? (long)json_array_size(json_object_get(inv, "classes")) : 0;
    mpq_ptr dir = rr_qvec_new(nc * (d + 1) + 1), jump = rr_qvec_new(nc * k + 1),
            lin = rr_qvec_new(k * d), cst = rr_qvec_new(k);
    if (inv) {
        for (long q = 0; q < nc; q++) {
            const json_t *co = json_array_get(json_object_get(inv, "classes"), (size_t)q);
            jqv_get(dir + q * (d + 1), json_object_get(co, "direction"), d + 1);
            jqv_get(jump + q * k, json_object_get(co, "jump"), k);
            assert_false(all_zero(dir + q * (d + 1), d));
            assert_false(all_zero(jump + q * k, k));
        }
        for (long r = 0; r < k; r++)
            jqv_get(lin + r * d, json_array_get(json_object_get(inv, "linear"), (size_t)r), d);
        jqv_get(cst, json_object_get(inv, "constant"), k);
    }
    mpq_t z, t1;
    mpq_init(z);
    mpq_init(t1);
    for (int p = 0; p < 40; p++) {
        /* inside the box; when equal on R^d also up to 3 times as wide */
        sample(x, rng, lo, hi, d, rd && p % 2 ? 3 : 1);
        eval_exact(f1, net, x, 0);
        eval_exact(f2, &nn, x, 0);
        for (long r = 0; r < k; r++)
            if (!mpq_equal(f1 + r, f2 + r))
                fail_msg("%s: the normal form's realization differs from the "
                         "network's", where);
        if (!inv)
            continue;
        for (long r = 0; r < k; r++) {
            mpq_set(f3 + r, cst + r);
            for (long j = 0; j < d; j++) {
                mpq_mul(t1, lin + r * d + j, x + j);
                mpq_add(f3 + r, f3 + r, t1);
            }
        }
        for (long q = 0; q < nc; q++) {
            mpq_set(z, dir + q * (d + 1) + d);
            for (long j = 0; j < d; j++) {
                mpq_mul(t1, dir + q * (d + 1) + j, x + j);
                mpq_add(z, z, t1);
            }
            if (mpq_sgn(z) <= 0)
                continue;
            for (long r = 0; r < k; r++) {
                mpq_mul(t1, jump + q * k + r, z);
                mpq_add(f3 + r, f3 + r, t1);
            }
        }
        for (long r = 0; r < k; r++)
            if (!mpq_equal(f1 + r, f3 + r))
                fail_msg("%s: the invariants do not realize the network's "
                         "function", where);
    }
    const json_t *bs = json_object_get(nf, "balanceS");
    if (bs) {
        long m = nn.width[1];
        assert_int_equal((long)json_array_size(bs), m);
        mpq_ptr U = rr_qvec_new(m * (d + 1)), C = rr_qvec_new(m * k);
        layer_params(U, C, &nn, 1);
        for (long i = 0; i < m; i++) {
            gnorm(z, U + i * (d + 1), d + 1, 0);
            gnorm(t1, C + i * k, k, 0);
            if (mpq_sgn(z) && mpq_sgn(t1))
                mpq_div(z, t1, z);
            else
                mpq_set_ui(z, 0, 1);
            jq_get(t1, json_array_get(bs, (size_t)i));
            assert_true(mpq_equal(z, t1));
        }
        rr_qvec_free(U, m * (d + 1));
        rr_qvec_free(C, m * k);
    }
    mpq_clear(z);
    mpq_clear(t1);
    rr_qvec_free(dir, nc * (d + 1) + 1);
    rr_qvec_free(jump, nc * k + 1);
    rr_qvec_free(lin, k * d);
    rr_qvec_free(cst, k);
    rr_qvec_free(lo, d);
    rr_qvec_free(hi, d);
    rr_qvec_free(x, d);
    rr_qvec_free(f1, k);
    rr_qvec_free(f2, k);
    rr_qvec_free(f3, k);
    rr_net_clear(&nn);
}

static const json_t *find_group(const json_t *groups, const char *id)
{
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g)
        if (!strcmp(json_string_value(json_object_get(g, "networkId")), id))
            return g;
    return NULL;
}

static const json_t *find_nf(const json_t *g, const char *on)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(g, "tests"), i, t)
        if (!strcmp(json_string_value(json_object_get(t, "kind")), "normalForm") &&
            !strcmp(json_string_value(json_object_get(t, "on")), on))
            return json_object_get(t, "normalForm");
    return NULL;
}

static void test_degeneracy_vectors(void **state)
{
    (void)state;
    char names[32][256];
    int n = list_json(names, "vectors/degeneracy");
    assert_true(n >= 3);
    rr_rand_t rng;
    rr_rand_seed(&rng, 11230);
    long total = 0, copies = 0, kinds[3] = {0, 0, 0};
    for (int f = 0; f < n; f++) {
        json_t *doc = load(names[f]);
        total += check_header(doc, "degeneracy-v1.schema.json");
        const json_t *groups = json_object_get(doc, "testGroups");
        size_t gi, ti;
        json_t *g, *t;
        json_array_foreach(groups, gi, g) {
            rr_net_t net;
            jnet_get(&net, json_object_get(g, "network"));
            json_array_foreach(json_object_get(g, "tests"), ti, t) {
                snprintf(where, sizeof where, "%.255s: %.200s: tcId %lld", names[f],
                         json_string_value(json_object_get(g, "networkId")),
                         (long long)json_integer_value(json_object_get(t, "tcId")));
                const char *kind = json_string_value(json_object_get(t, "kind"));
                if (!strcmp(kind, "diagnosis")) {
                    diag_test(&net, t);
                    kinds[0]++;
                } else if (!strcmp(kind, "restricted")) {
                    restricted_test(&net, t);
                    kinds[1]++;
                } else {
                    assert_string_equal(kind, "normalForm");
                    normal_test(&net, t, &rng);
                    kinds[2]++;
                }
            }
            const json_t *eq = json_object_get(g, "equivalentTo");
            if (eq) {
                /* copies: the same normal forms, the same function */
                const json_t *base = find_group(groups, json_string_value(eq));
                assert_non_null(base);
                for (int b = 0; b < 2; b++) {
                    const char *on = b ? "box" : "R^d";
                    const json_t *n1 = find_nf(g, on), *n2 = find_nf(base, on);
                    assert_non_null(n1);
                    assert_non_null(n2);
                    /* widthIn and removed describe the input network */
                    assert_true(json_equal(json_object_get(n1, "network"),
                                           json_object_get(n2, "network")));
                    if (json_object_get(n1, "invariants"))
                        assert_true(json_equal(json_object_get(n1, "invariants"),
                                               json_object_get(n2, "invariants")));
                }
                rr_net_t bn;
                jnet_get(&bn, json_object_get(base, "network"));
                long d = net.width[0], k = net.width[net.depth];
                mpq_ptr x = rr_qvec_new(d), y1 = rr_qvec_new(k), y2 = rr_qvec_new(k);
                for (int p = 0; p < 20; p++) {
                    sample(x, &rng, net.lo, net.hi, d, 3);
                    eval_exact(y1, &net, x, 0);
                    eval_exact(y2, &bn, x, 0);
                    for (long r = 0; r < k; r++)
                        assert_true(mpq_equal(y1 + r, y2 + r));
                }
                rr_qvec_free(x, d);
                rr_qvec_free(y1, k);
                rr_qvec_free(y2, k);
                rr_net_clear(&bn);
                copies++;
            }
            rr_net_clear(&net);
        }
        json_decref(doc);
    }
    assert_true(total >= 200);
    assert_true(copies >= 20);
    print_message("degeneracy vectors: %ld tests (%ld diagnoses, %ld "
                  "restricted verdicts, %ld normal forms), %ld copies\n",
                  total, kinds[0], kinds[1], kinds[2], copies);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm_vectors),
        cmocka_unit_test(test_degeneracy_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
