/* t-stability.c -- inverse stability: the bottleneck assignment against
 * brute force, the exact 1-D Chebyshev problem, the probe's D against a
 * brute force over all neuron permutations, the pathology families against
 * their closed forms (and the norm engine against those), the growth of the
 * pathology ratios, and the balanced rounding of a normal form. */
#include "rr_test.h"

#include <math.h>

#include "rr_degen.h"
#include "rr_diffnet.h"
#include "rr_norm.h"
#include "rr_normal.h"
#include "rr_stability.h"

/* ---- bottleneck ---------------------------------------------------------- */

static void test_bottleneck_brute(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 501);
    rr_err_t err;
    for (int trial = 0; trial < 300; trial++) {
        long m = 1 + trial % 7;
        mpfr_ptr w = malloc((size_t)(m * m) * sizeof *w);
        for (long x = 0; x < m * m; x++) {
            mpfr_init2(w + x, 64);
            /* few distinct values: many ties */
            mpfr_set_si(w + x, (long)rr_rand_below(&r, trial % 2 ? 5 : 1000),
                        MPFR_RNDN);
        }
        mpfr_t D, B, mx;
        mpfr_inits2(64, D, B, mx, (mpfr_ptr)0);
        long perm[8];
        RR_OK_OR_FAIL(rr_bottleneck(D, perm, w, m, &err), err);
        rr_bottleneck_brute(B, w, m);
        assert_true(mpfr_equal_p(D, B));
        /* perm is a permutation attaining D */
        char used[8] = {0};
        mpfr_set_zero(mx, 1);
        for (long i = 0; i < m; i++) {
            assert_true(perm[i] >= 0 && perm[i] < m && !used[perm[i]]);
            used[perm[i]] = 1;
            mpfr_max(mx, mx, w + i * m + perm[i], MPFR_RNDN);
        }
        assert_true(mpfr_equal_p(mx, D));
        mpfr_clears(D, B, mx, (mpfr_ptr)0);
        for (long x = 0; x < m * m; x++)
            mpfr_clear(w + x);
        free(w);
    }
}

/* ---- Chebyshev ----------------------------------------------------------- */

static void test_chebyshev(void **state)
{
    (void)state;
    mpq_ptr w = rr_qvec_new(3), u = rr_qvec_new(3);
    mpq_t v, lam;
    mpq_inits(v, lam, NULL);
    /* w = (1, 2, 0), u = (1, 0, 0): max(|l - 1|, |2 l|) is least at l = 1/3 */
    q_set(w + 0, "1");
    q_set(w + 1, "2");
    q_set(u + 0, "1");
    assert_int_equal(rr_chebyshev_line(v, lam, w, u, 3, 0), 1);
    assert_q_eq_str(v, "2/3");
    assert_q_eq_str(lam, "1/3");
    /* u = (-1, -1, 0): least at l = -2/3 (value 1/3); for l > 0 the
     * infimum is at 0+ (value 1) */
    q_set(u + 0, "-1");
    q_set(u + 1, "-1");
    rr_chebyshev_line(v, lam, w, u, 3, 0);
    assert_q_eq_str(v, "1/3");
    assert_q_eq_str(lam, "-2/3");
    assert_int_equal(rr_chebyshev_line(v, lam, w, u, 3, 1), 0);
    assert_q_eq_str(v, "1");
    /* random: the exact minimum is below every grid value and attained */
    rr_rand_t r;
    rr_rand_seed(&r, 502);
    mpq_t g, f, t;
    mpq_inits(g, f, t, NULL);
    for (int trial = 0; trial < 50; trial++) {
        for (long j = 0; j < 3; j++) {
            rand_q(w + j, &r, 0);
            rand_q(u + j, &r, 0);
        }
        if (rr_dg_is_zero(w, 3))
            continue;
        rr_chebyshev_line(v, lam, w, u, 3, 0);
        for (int s = -400; s <= 400; s++) {
            mpq_set_si(g, s, 40);
            mpq_canonicalize(g);
            mpq_set_ui(f, 0, 1);
            for (long j = 0; j < 3; j++) {
                mpq_mul(t, g, w + j);
                mpq_sub(t, t, u + j);
                mpq_abs(t, t);
                if (mpq_cmp(t, f) > 0)
                    mpq_set(f, t);
            }
            assert_true(mpq_cmp(v, f) <= 0);
        }
        mpq_set_ui(f, 0, 1); /* value at lam = v */
        for (long j = 0; j < 3; j++) {
            mpq_mul(t, lam, w + j);
            mpq_sub(t, t, u + j);
            mpq_abs(t, t);
            if (mpq_cmp(t, f) > 0)
                mpq_set(f, t);
        }
        assert_true(mpq_equal(f, v));
    }
    mpq_clears(v, lam, g, f, t, NULL);
    rr_qvec_free(w, 3);
    rr_qvec_free(u, 3);
}

/* ---- the probe ----------------------------------------------------------- */

/* Vectors of rational Euclidean norm 1 (Pythagorean triples). */
static const char *unit3[][3] = {
    {"3/5", "4/5", "0"},   {"2/3", "1/3", "2/3"},  {"2/7", "3/7", "6/7"},
    {"1", "0", "0"},       {"0", "1", "0"},        {"4/9", "4/9", "7/9"},
    {"12/13", "5/13", "0"}, {"1/3", "2/3", "-2/3"}, {"0", "3/5", "4/5"},
};

/* A random restricted Gamma (2, m, 1): balanced neurons lambda u with
 * c = +-lambda, possibly a zero neuron; retried until R1-R4 hold. */
static void rand_restricted(rr_net_t *net, rr_rand_t *r, long m)
{
    for (;;) {
        long w[3] = {2, m, 1};
        rr_err_t err;
        RR_OK_OR_FAIL(rr_net_init(net, 2, w, NULL, &err), err);
        mpq_t lam;
        mpq_init(lam);
        for (long i = 0; i < m; i++) {
            if (i == m - 1 && rr_rand_below(r, 2))
                continue; /* a zero neuron */
            long v = (long)rr_rand_below(r, 9);
            mpq_set_si(lam, rr_rand_range(r, 1, 4), (unsigned long)rr_rand_range(r, 1, 3));
            mpq_canonicalize(lam);
            long perm = (long)rr_rand_below(r, 3); /* which entry is the bias */
            for (long j = 0; j < 3; j++) {
                mpq_ptr dst = j == 2 ? rr_net_bias(net, 0, i)
                                     : rr_net_weight(net, 0, i, j);
                q_set(dst, unit3[v][(j + perm) % 3]);
                if (rr_rand_below(r, 2))
                    mpq_neg(dst, dst);
                mpq_mul(dst, dst, lam);
            }
            mpq_set(rr_net_weight(net, 1, 0, i), lam);
            if (rr_rand_below(r, 2))
                mpq_neg(rr_net_weight(net, 1, 0, i), lam);
        }
        rand_q(rr_net_bias(net, 1, 0), r, 0);
        mpq_clear(lam);
        rr_degen_t dg;
        RR_OK_OR_FAIL(rr_degen_analyze(&dg, net, NULL, NULL, &err), err);
        int ok = rr_degen_restricted(&dg);
        rr_degen_clear(&dg);
        if (ok)
            return;
        rr_net_clear(net);
    }
}

static void perturb(rr_net_t *g, const rr_net_t *gamma, rr_rand_t *r,
                    long den)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_init_copy(g, gamma, &err), err);
    mpq_t t;
    mpq_init(t);
    for (int l = 0; l < 2; l++) {
        long n = g->width[l + 1] * g->width[l];
        for (long x = 0; x < n + g->width[l + 1]; x++) {
            mpq_ptr p = x < n ? g->w[l] + x : g->b[l] + (x - n);
            mpq_set_si(t, rr_rand_range(r, -3, 3), (unsigned long)den);
            mpq_canonicalize(t);
            mpq_add(p, p, t);
        }
    }
    mpq_clear(t);
}

static void next_perm(long *p, long m, int *done)
{
    long i = m - 2;
    while (i >= 0 && p[i] > p[i + 1])
        i--;
    if (i < 0) {
        *done = 1;
        return;
    }
    long j = m - 1;
    while (p[j] < p[i])
        j--;
    long s = p[i];
    p[i] = p[j];
    p[j] = s;
    for (long a = i + 1, b = m - 1; a < b; a++, b--) {
        s = p[a];
        p[a] = p[b];
        p[b] = s;
    }
}

static void test_probe_brute(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 503);
    rr_err_t err;
    rr_norm_opts_t no;
    rr_norm_opts_default(&no);
    for (int trial = 0; trial < 24; trial++) {
        long m = 2 + trial % 4;
        rr_net_t gamma, g;
        rand_restricted(&gamma, &r, m);
        perturb(&g, &gamma, &r, trial % 3 == 0 ? 4 : 64);
        rr_probe_t pr;
        RR_OK_OR_FAIL(rr_probe_compute(&pr, &gamma, &g, 96, &no, &err), err);
        assert_true(mpfr_cmp(pr.D_lo, pr.D_hi) <= 0);
        assert_true(pr.ncand >= 1);
        /* D_hi is the bottleneck of the best candidate: equal to the least
         * over all m! assignments of the certified distance */
        rr_sp_t sg;
        RR_OK_OR_FAIL(rr_sp_from_net(&sg, &gamma, &err), err);
        long p[8];
        for (long i = 0; i < m; i++)
            p[i] = i;
        mpfr_t lo, hi, best;
        mpfr_inits2(96, lo, hi, best, (mpfr_ptr)0);
        int done = 0, have = 0;
        while (!done) {
            rr_probe_dist(lo, hi, &sg, &pr.best, p);
            if (!have || mpfr_cmp(hi, best) < 0)
                mpfr_set(best, hi, MPFR_RNDN);
            have = 1;
            next_perm(p, m, &done);
        }
        assert_true(mpfr_equal_p(best, pr.D_hi));
        /* and the reported assignment attains it */
        rr_probe_dist(lo, hi, &sg, &pr.best, pr.perm);
        assert_true(mpfr_equal_p(hi, pr.D_hi));
        /* the best candidate realizes R(G) on the box: its balanced form
         * is within the enclosure; check R(best) = R(G) on box points */
        rr_net_t bn;
        RR_OK_OR_FAIL(rr_sp_to_net(&bn, &pr.best, &gamma, &err), err);
        mpq_ptr x = rr_qvec_new(2), y1 = rr_qvec_new(1), y2 = rr_qvec_new(1);
        for (int s = 0; s < 20; s++) {
            mpq_set_si(x + 0, rr_rand_range(&r, -8, 8), 8);
            mpq_set_si(x + 1, rr_rand_range(&r, -8, 8), 8);
            mpq_canonicalize(x + 0);
            mpq_canonicalize(x + 1);
            eval_exact(y1, &g, x, 0);
            eval_exact(y2, &bn, x, 0);
            assert_true(mpq_equal(y1, y2));
        }
        rr_qvec_free(x, 2);
        rr_qvec_free(y1, 1);
        rr_qvec_free(y2, 1);
        rr_net_clear(&bn);
        /* ratio enclosure consistent with D and delta */
        assert_true(mpfr_cmp(pr.ratio_lo, pr.ratio_hi) <= 0);
        mpfr_clears(lo, hi, best, (mpfr_ptr)0);
        rr_sp_clear(&sg);
        rr_probe_clear(&pr);
        rr_net_clear(&gamma);
        rr_net_clear(&g);
    }
}

/* By hand: Gamma = one zero neuron plus rho-neuron; G grows the zero
 * neuron into eps^2 rho(x1) (a = eps (1,0), c = eps).  delta =
 * ||eps^2 rho(x1)||_{W^{1,inf}([-1,1]^2)} = eps^2; D = eps (the balanced
 * neuron (eps, 0 | 0; eps) against the zero neuron); D / sqrt(delta) = 1,
 * while D / delta = 1/eps grows. */
static void test_probe_by_hand(void **state)
{
    (void)state;
    const char *eps[] = {"1/2", "1/16", "1/1024"};
    for (int e = 0; e < 3; e++) {
        char buf[1024];
        snprintf(buf, sizeof buf,
                 "{\"version\": 1, \"architecture\": [2, 2, 1], \"layers\": ["
                 "{\"weights\": [[\"0\", \"1\"], [\"%s\", \"0\"]],"
                 " \"biases\": [\"0\", \"0\"]},"
                 "{\"weights\": [[\"1\", \"%s\"]], \"biases\": [\"0\"]}]}",
                 eps[e], eps[e]);
        rr_net_t gamma, g;
        net_from_str(&gamma, "{\"version\": 1, \"architecture\": [2, 2, 1], \"layers\": ["
                             "{\"weights\": [[\"0\", \"1\"], [\"0\", \"0\"]],"
                             " \"biases\": [\"0\", \"0\"]},"
                             "{\"weights\": [[\"1\", \"0\"]], \"biases\": [\"0\"]}]}");
        net_from_str(&g, buf);
        rr_probe_t pr;
        rr_err_t err;
        rr_norm_opts_t no;
        rr_norm_opts_default(&no);
        RR_OK_OR_FAIL(rr_probe_compute(&pr, &gamma, &g, 128, &no, &err), err);
        mpq_t e2;
        mpq_init(e2);
        q_set(e2, eps[e]);
        mpq_mul(e2, e2, e2);
        assert_true(pr.delta_exact);
        assert_false(pr.delta.is_sqrt);
        assert_true(mpq_equal(pr.delta.q, e2));
        mpfr_t x;
        mpfr_init2(x, 128);
        mpfr_set_q(x, e2, MPFR_RNDN);
        mpfr_sqrt(x, x, MPFR_RNDN); /* eps, exact (dyadic) */
        assert_true(mpfr_equal_p(pr.D_lo, x));
        assert_true(mpfr_equal_p(pr.D_hi, x));
        assert_true(mpfr_cmp_ui(pr.ratio_lo, 1) == 0);
        assert_true(mpfr_cmp_ui(pr.ratio_hi, 1) == 0);
        mpfr_clear(x);
        mpq_clear(e2);
        rr_probe_clear(&pr);
        rr_net_clear(&gamma);
        rr_net_clear(&g);
    }
    /* a non-restricted Gamma is refused, naming the condition */
    rr_net_t gamma;
    net_from_str(&gamma, "{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
                         "{\"weights\": [[\"5\", \"0\"]], \"biases\": [\"0\"]},"
                         "{\"weights\": [[\"0\"]], \"biases\": [\"0\"]}]}");
    rr_probe_t pr;
    rr_err_t err;
    assert_int_equal(rr_probe_compute(&pr, &gamma, &gamma, 64, NULL, &err),
                     RR_EINPUT);
    assert_non_null(strstr(err.msg, "R1"));
    rr_probe_clear(&pr);
    rr_net_clear(&gamma);
}

/* ---- pathologies --------------------------------------------------------- */

static int same_function(const rr_net_t *a, const rr_net_t *b)
{
    rr_sp_t pa, pb;
    rr_inv_t ia, ib;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_sp_from_net(&pa, a, &err), err);
    RR_OK_OR_FAIL(rr_sp_from_net(&pb, b, &err), err);
    RR_OK_OR_FAIL(rr_inv_compute(&ia, NULL, &pa, NULL, NULL, &err), err);
    RR_OK_OR_FAIL(rr_inv_compute(&ib, NULL, &pb, NULL, NULL, &err), err);
    int r = rr_inv_equal(&ia, &ib);
    rr_inv_clear(&ia);
    rr_inv_clear(&ib);
    rr_sp_clear(&pa);
    rr_sp_clear(&pb);
    return r;
}

static void test_pathologies(void **state)
{
    (void)state;
    rr_patho_params_t pp;
    rr_patho_defaults(&pp);
    rr_err_t err;
    rr_norm_opts_t no;
    rr_norm_opts_default(&no);
    /* expected L (closed forms, computed by hand for the defaults) */
    for (int fam = RR_P1; fam <= RR_P4; fam++) {
        mpfr_t prev, lo, hi, s1, s2;
        mpfr_inits2(128, prev, lo, hi, s1, s2, (mpfr_ptr)0);
        for (long j = 0; j <= 5; j++) {
            long k = 1L << (2 * j);
            rr_net_t gamma, target, phi, diff;
            rr_nval_t L, dc, dic;
            RR_OK_OR_FAIL(rr_patho_build(&gamma, &target, &phi, &L, &dc, &dic,
                                         fam, k, &pp, &err),
                          err);
            /* Phi_k realizes g_k, exactly */
            assert_true(same_function(&phi, &target));
            /* the norm engine agrees with the closed form */
            rr_norm_result_t res;
            int fb;
            RR_OK_OR_FAIL(rr_net_difference(&diff, &target, &gamma, NULL, &err),
                          err);
            RR_OK_OR_FAIL(rr_norm_robust(&res, &fb, &diff, NULL, NULL, &no, &err),
                          err);
            assert_true(res.exact);
            assert_int_equal(rr_nval_cmp(&res.w1_max.lo, &dc), 0);
            assert_int_equal(rr_nval_cmp(&res.linf_max.lo, &dic), 0);
            rr_norm_result_clear(&res);
            /* closed forms by hand */
            mpq_t q;
            mpq_init(q);
            switch (fam) {
            case RR_P1: /* delta = 1/k, L = max(1, 1/sqrt k) = 1 */
                mpq_set_si(q, 1, (unsigned long)k);
                assert_true(mpq_equal(dc.q, q));
                assert_true(L.is_sqrt);
                assert_q_eq_str(L.q, "1");
                break;
            case RR_P2: /* delta = ||(1,2)||_1 / k = 3/k, L = 1/3 */
                mpq_set_si(q, 3, (unsigned long)k);
                mpq_canonicalize(q);
                assert_true(mpq_equal(dc.q, q));
                assert_false(L.is_sqrt);
                assert_q_eq_str(L.q, "1/3");
                break;
            case RR_P3: /* delta = 1/k, L = 1/3 (lambda = 2/3) */
                mpq_set_si(q, 1, (unsigned long)k);
                assert_true(mpq_equal(dc.q, q));
                assert_q_eq_str(L.q, "1/3");
                break;
            default: /* delta = k, delta_inf = 1/k, L = sqrt(k) */
                mpq_set_si(q, k, 1);
                assert_true(mpq_equal(dc.q, q));
                assert_true(L.is_sqrt);
                assert_true(mpq_equal(L.q, q));
                mpq_set_si(q, 1, (unsigned long)k);
                assert_true(mpq_equal(dic.q, q));
                break;
            }
            /* L <= U = ||Phi_k - Gamma||_inf (Phi_k is one parametrization) */
            mpq_t U, t;
            mpq_inits(U, t, NULL);
            for (int l = 0; l < 2; l++) {
                long n = gamma.width[l + 1] * gamma.width[l];
                for (long x = 0; x < n + gamma.width[l + 1]; x++) {
                    if (x < n)
                        mpq_sub(t, phi.w[l] + x, gamma.w[l] + x);
                    else
                        mpq_sub(t, phi.b[l] + x - n, gamma.b[l] + x - n);
                    mpq_abs(t, t);
                    if (mpq_cmp(t, U) > 0)
                        mpq_set(U, t);
                }
            }
            rr_nval_enclose(lo, hi, &L);
            assert_true(mpfr_cmp_q(lo, U) <= 0);
            if (fam == RR_P1 || fam == RR_P4) /* k = 4^j: U = L exactly */
                assert_true(mpfr_cmp_q(lo, U) == 0 && mpfr_cmp_q(hi, U) == 0);
            /* the ratio L / sqrt(delta) doubles from k to 4k (P1-P3) and
             * stays 1 for P4 (restricted Gamma = 0, W^{1,inf}) */
            rr_nval_enclose(s1, s2, &dc);
            mpfr_sqrt(s1, s1, MPFR_RNDN);
            mpfr_div(lo, lo, s1, MPFR_RNDN);
            if (fam == RR_P4)
                assert_true(mpfr_cmp_ui(lo, 1) == 0);
            else if (j > 0) {
                mpfr_mul_ui(s2, prev, 2, MPFR_RNDN);
                mpfr_sub(s2, s2, lo, MPFR_RNDN);
                mpfr_abs(s2, s2, MPFR_RNDN);
                assert_true(mpfr_cmp_d(s2, 1e-30) < 0);
            }
            mpfr_set(prev, lo, MPFR_RNDN);
            /* P1 and P2 are not restricted */
            rr_degen_t dg;
            RR_OK_OR_FAIL(rr_degen_analyze(&dg, &gamma, NULL, NULL, &err), err);
            if (fam != RR_P4)
                assert_false(rr_degen_restricted(&dg));
            else
                assert_true(rr_degen_restricted(&dg));
            rr_degen_clear(&dg);
            /* the restricted twin (zero network) has a bounded ratio: the
             * probe on (0, Phi_k) gives D / sqrt(delta) independent of k */
            if (fam != RR_P4 || j > 0) {
                rr_net_t zero;
                RR_OK_OR_FAIL(rr_net_init_copy(&zero, &gamma, &err), err);
                for (int l = 0; l < 2; l++) {
                    long n = zero.width[l + 1] * zero.width[l];
                    for (long x = 0; x < n; x++)
                        mpq_set_ui(zero.w[l] + x, 0, 1);
                    for (long x = 0; x < zero.width[l + 1]; x++)
                        mpq_set_ui(zero.b[l] + x, 0, 1);
                }
                rr_probe_t pr;
                RR_OK_OR_FAIL(rr_probe_compute(&pr, &zero, &phi, 128, &no, &err),
                              err);
                assert_true(mpfr_cmp_ui(pr.ratio_hi, 2) < 0);
                if (fam == RR_P1) { /* D' = 1/sqrt k, ratio exactly 1 */
                    assert_true(mpfr_cmp_ui(pr.ratio_lo, 1) <= 0);
                    assert_true(mpfr_cmp_ui(pr.ratio_hi, 1) >= 0);
                }
                rr_probe_clear(&pr);
                rr_net_clear(&zero);
            }
            mpq_clears(q, U, t, NULL);
            rr_nval_clear(&L);
            rr_nval_clear(&dc);
            rr_nval_clear(&dic);
            rr_net_clear(&gamma);
            rr_net_clear(&target);
            rr_net_clear(&phi);
            rr_net_clear(&diff);
        }
        mpfr_clears(prev, lo, hi, s1, s2, (mpfr_ptr)0);
    }
    rr_patho_params_clear(&pp);
}

/* ---- balanced rounding --------------------------------------------------- */

static void test_balance_round(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 504);
    rr_err_t err;
    for (int trial = 0; trial < 20; trial++) {
        long w[3] = {1 + trial % 3, 1 + trial % 4, 1 + trial % 2};
        rr_net_t net, bal;
        rand_net(&net, &r, 2, w, 0);
        rr_normal_t nf;
        RR_OK_OR_FAIL(rr_normal_compute(&nf, &net, NULL, NULL, &err), err);
        long prec = 24 + trial;
        mpfr_t bound, imb;
        mpfr_inits2(64, bound, imb, (mpfr_ptr)0);
        RR_OK_OR_FAIL(rr_balance_round(&bal, bound, imb, &nf.net, prec, &err),
                      err);
        /* every parameter is the nearest prec-bit number to the exact
         * balanced one: check against an enclosure at 4 prec bits */
        rr_sp_t pe, pb;
        RR_OK_OR_FAIL(rr_sp_from_net(&pe, &nf.net, &err), err);
        RR_OK_OR_FAIL(rr_sp_from_net(&pb, &bal, &err), err);
        long n1 = pe.d + 1, k = pe.k;
        mpfr_ptr lo = malloc((size_t)(n1 + k) * sizeof *lo),
                 hi = malloc((size_t)(n1 + k) * sizeof *hi);
        for (long x = 0; x < n1 + k; x++) {
            mpfr_init2(lo + x, 4 * prec);
            mpfr_init2(hi + x, 4 * prec);
        }
        mpfr_t a, b;
        mpfr_inits2((mpfr_prec_t)prec, a, b, (mpfr_ptr)0);
        for (long i = 0; i < pe.w; i++) {
            rr_balance_enclose(lo, hi, lo + n1, hi + n1, pe.U + i * n1, n1,
                               pe.C + i * k, k);
            for (long x = 0; x < n1 + k; x++) {
                mpq_srcptr v = x < n1 ? pb.U + i * n1 + x : pb.C + i * k + x - n1;
                mpfr_set(a, lo + x, MPFR_RNDN);
                mpfr_set(b, hi + x, MPFR_RNDN);
                assert_true(mpfr_cmp_q(a, v) == 0 || mpfr_cmp_q(b, v) == 0);
            }
        }
        /* the bound holds at sample points of the domain */
        mpq_ptr x = rr_qvec_new(w[0]), y1 = rr_qvec_new(w[2]),
                y2 = rr_qvec_new(w[2]);
        mpq_t t;
        mpq_init(t);
        for (int s = 0; s < 30; s++) {
            for (long j = 0; j < w[0]; j++) {
                mpq_set_si(x + j, rr_rand_range(&r, -16, 16), 16);
                mpq_canonicalize(x + j);
            }
            eval_exact(y1, &nf.net, x, 0);
            eval_exact(y2, &bal, x, 0);
            for (long q = 0; q < w[2]; q++) {
                mpq_sub(t, y1 + q, y2 + q);
                mpq_abs(t, t);
                assert_true(mpfr_cmp_q(bound, t) >= 0);
            }
        }
        /* and it is small: about 2^-prec times the size of the terms */
        assert_true(mpfr_get_exp(bound) < 16 - prec);
        mpq_clear(t);
        rr_qvec_free(x, w[0]);
        rr_qvec_free(y1, w[2]);
        rr_qvec_free(y2, w[2]);
        mpfr_clears(a, b, bound, imb, (mpfr_ptr)0);
        for (long q = 0; q < n1 + k; q++) {
            mpfr_clear(lo + q);
            mpfr_clear(hi + q);
        }
        free(lo);
        free(hi);
        rr_sp_clear(&pe);
        rr_sp_clear(&pb);
        rr_net_clear(&bal);
        rr_normal_clear(&nf);
        rr_net_clear(&net);
    }
    /* exact when s is a fourth power: (4, 0 | 0; 1) has s = 1/16, t = 1/2:
     * balanced (2, 0 | 0; 2) */
    rr_net_t net, bal;
    net_from_str(&net, "{\"version\": 1, \"architecture\": [2, 1, 1], \"layers\": ["
                       "{\"weights\": [[\"4\", \"0\"]], \"biases\": [\"0\"]},"
                       "{\"weights\": [[\"1\"]], \"biases\": [\"0\"]}]}");
    mpfr_t bound, imb;
    mpfr_inits2(64, bound, imb, (mpfr_ptr)0);
    RR_OK_OR_FAIL(rr_balance_round(&bal, bound, imb, &net, 53, &err), err);
    assert_q_eq_str(rr_net_weight(&bal, 0, 0, 0), "2");
    assert_q_eq_str(rr_net_weight(&bal, 1, 0, 0), "2");
    assert_true(mpfr_zero_p(bound));
    assert_true(mpfr_zero_p(imb));
    mpfr_clears(bound, imb, (mpfr_ptr)0);
    rr_net_clear(&bal);
    rr_net_clear(&net);
}

/* Deep networks: approximately balanced, realization changed by rounding
 * only (checked at points with a tolerance from the precision). */
static void test_balance_deep(void **state)
{
    (void)state;
    rr_net_t net, bal;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_file(&net, "examples/default.json", NULL, &err), err);
    mpfr_t bound, imb;
    mpfr_inits2(64, bound, imb, (mpfr_ptr)0);
    RR_OK_OR_FAIL(rr_balance_round(&bal, bound, imb, &net, 200, &err), err);
    assert_true(mpfr_nan_p(bound));
    assert_true(mpfr_cmp_d(imb, 1e-50) < 0);
    mpq_ptr x = rr_qvec_new(2), y1 = rr_qvec_new(1), y2 = rr_qvec_new(1);
    q_set(x + 0, "1/2");
    q_set(x + 1, "-1/3");
    eval_exact(y1, &net, x, 0);
    eval_exact(y2, &bal, x, 0);
    assert_q_eq_str(y1, "823/360");
    mpq_sub(y1, y1, y2);
    assert_true(fabs(mpq_get_d(y1)) < 1e-50);
    rr_qvec_free(x, 2);
    rr_qvec_free(y1, 1);
    rr_qvec_free(y2, 1);
    mpfr_clears(bound, imb, (mpfr_ptr)0);
    rr_net_clear(&bal);
    rr_net_clear(&net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bottleneck_brute),
        cmocka_unit_test(test_chebyshev),
        cmocka_unit_test(test_probe_brute),
        cmocka_unit_test(test_probe_by_hand),
        cmocka_unit_test(test_pathologies),
        cmocka_unit_test(test_balance_round),
        cmocka_unit_test(test_balance_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
