/* fuzz_net.c -- libFuzzer target for the network reader (format v1).
 *
 * The input bytes are read with rr_net_read_buffer, with the default caps
 * except max_params = 2^16: finding F1 in README.md (the default 2^26 lets
 * a 54-byte file make the reader allocate 2 GiB before it looks at the
 * layers); an input of at most -max_len = 65536 bytes cannot hold more than
 * 2^15 parameters anyway, so no valid input is lost.
 *
 * Invariants checked (abort() on violation; ASan/UBSan/LSan report the rest):
 *   - on error: the code is RR_EINPUT or RR_ELIMIT, the message is a
 *     non-empty single line, and the network is left cleared;
 *   - on success: rr_net_write_stream to memory, read back (length cap on
 *     numbers lifted: canonical "p/q" may be longer than the input's hex
 *     form), gives an rr_net_equal network with the same name, description
 *     and has_domain; rr_net_init_copy gives an equal network;
 *   - networks with <= FUZZ_MAX_EVAL_PARAMS parameters whose estimated
 *     exact cost is within FUZZ_MAX_EVAL_COST (findings F2, F3: the exact
 *     cost legitimately grows with depth x exponent span, and the Jacobian
 *     at a point on t kinks costs 2^t Jacobians, t <= 12) are evaluated at
 *     the origin and at the domain corner lo:
 *       exact (dyadic fast path when it applies) == exact (mpq path), value
 *       and activation pattern;
 *       the enclosure:64 interval contains the exact value, and every
 *       certified enclosure sign ('+', '-', '0') agrees with the exact one;
 *       mpfr:53 and double run (RR_ERANGE on overflow is allowed);
 *       the Jacobian is requested (exact and enclosure) when 2^ties x cost
 *       is within the budget too.
 *
 * FUZZ_NET_STRICT=1 in the environment turns both guards off (default caps,
 * no cost budget): that is how the inputs in tests/fuzz/findings/ reproduce.
 */
#define _POSIX_C_SOURCE 200809L
#include <gmp.h>
#include <limits.h>
#include <math.h>
#include <mpfr.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rr_io.h"
#include "rr_net.h"
#include "rr_realize.h"

#ifndef FUZZ_MAX_EVAL_PARAMS
#define FUZZ_MAX_EVAL_PARAMS 10000
#endif
/* Budget for params x (sum over layers of the largest entry size in bits):
 * a rough estimate of the bit operations of one exact forward pass. */
#ifndef FUZZ_MAX_EVAL_COST
#define FUZZ_MAX_EVAL_COST 20000000.0
#endif

static int strict = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_msg(const rr_err_t *err)
{
    if (err->msg[0] == '\0' || strchr(err->msg, '\n') ||
        strchr(err->msg, '\r'))
        abort();
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static void check_cleared(const rr_net_t *net)
{
    if (net->depth || net->width || net->w || net->b || net->lo || net->hi ||
        net->has_domain || net->name || net->description)
        abort();
}

/* Evaluate at x in every mode and cross-check. */
static void eval_at(const rr_net_t *net, mpq_srcptr x, double cost)
{
    rr_err_t err;
    rr_eval_t *ex = NULL, *en = NULL, *mf = NULL, *db = NULL;
    rr_result_t r1, r2, re, rm, rd;
    rr_mode_t m_exact = {RR_MODE_EXACT, 0}, m_encl = {RR_MODE_ENCLOSURE, 64},
              m_mpfr = {RR_MODE_MPFR, 53}, m_dbl = {RR_MODE_DOUBLE, 53};

    if (rr_eval_new(&ex, net, m_exact, &err) ||
        rr_eval_new(&en, net, m_encl, &err) ||
        rr_eval_new(&mf, net, m_mpfr, &err) ||
        rr_eval_new(&db, net, m_dbl, &err))
        abort(); /* only ENOMEM is possible, and ASan would report first */
    if (rr_result_init(&r1, ex, &err) || rr_result_init(&r2, ex, &err) ||
        rr_result_init(&re, en, &err) || rr_result_init(&rm, mf, &err) ||
        rr_result_init(&rd, db, &err))
        abort();

    /* Without the Jacobian first: its cost depends on the number of ties. */
    if (rr_eval_point(ex, &r2, x, RR_NO_DYADIC, &err) != RR_OK)
        abort();
    /* rr_realize.c enumerates the 2^t one-sided Jacobians for t <= 12
     * ties (RR_MAX_TIES_ENUM) and gives up beyond. */
    int t = r2.n_ties <= 12 ? (int)r2.n_ties : 0;
    int jac = strict || ldexp(cost, t) <= FUZZ_MAX_EVAL_COST;
    int jflag = jac ? RR_WANT_JACOBIAN : 0;
    if (rr_eval_point(ex, &r1, x, jflag, &err) != RR_OK)
        abort();
    for (long i = 0; i < r1.k; i++)
        if (!mpq_equal(r1.q + i, r2.q + i))
            abort();
    if (strcmp(r1.pattern, r2.pattern) != 0)
        abort();
    if (r1.n_undecided != 0 ||
        (jac && r1.differentiable == RR_DIFF_NOT_COMPUTED))
        abort();

    rr_status st = rr_eval_point(en, &re, x, jflag, &err);
    if (st != RR_OK)
        abort(); /* MPFR's exponent range cannot overflow here */
    for (long i = 0; i < re.k; i++)
        if (mpfr_cmp_q(re.lo + i, r1.q + i) > 0 ||
            mpfr_cmp_q(re.hi + i, r1.q + i) < 0)
            abort();
    for (long h = 0; h < re.n_hidden; h++)
        if (re.pattern[h] != RR_ACT_UNK && re.pattern[h] != r1.pattern[h])
            abort();

    st = rr_eval_point(mf, &rm, x, 0, &err);
    if (st != RR_OK && st != RR_ERANGE)
        abort();
    st = rr_eval_point(db, &rd, x, 0, &err);
    if (st != RR_OK && st != RR_ERANGE)
        abort();

    rr_result_clear(&r1);
    rr_result_clear(&r2);
    rr_result_clear(&re);
    rr_result_clear(&rm);
    rr_result_clear(&rd);
    rr_eval_free(ex);
    rr_eval_free(en);
    rr_eval_free(mf);
    rr_eval_free(db);
}

/* params x sum_l (largest numerator + denominator size in layer l, bits). */
static double eval_cost(const rr_net_t *net)
{
    double bits = 0;
    for (int l = 0; l < net->depth; l++) {
        long m = net->width[l + 1], n = net->width[l];
        size_t mx = 0;
        for (long k = 0; k < m * n + m; k++) {
            mpq_srcptr q = k < m * n ? net->w[l] + k : net->b[l] + (k - m * n);
            size_t b = mpz_sizeinbase(mpq_numref(q), 2) +
                       mpz_sizeinbase(mpq_denref(q), 2);
            if (b > mx)
                mx = b;
        }
        bits += (double)mx;
    }
    for (long k = 0; k < net->width[0]; k++) {
        size_t b = mpz_sizeinbase(mpq_numref(net->lo + k), 2) +
                   mpz_sizeinbase(mpq_denref(net->lo + k), 2);
        bits += (double)b;
    }
    return bits * (double)rr_net_param_count(net);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rr_net_t net, back, copy;
    rr_err_t err;
    rr_err_clear(&err);
    static rr_caps_t caps;
    if (strict < 0) {
        const char *e = getenv("FUZZ_NET_STRICT");
        strict = e && !strcmp(e, "1");
        rr_caps_default(&caps);
        if (!strict)
            caps.max_params = 1L << 16;
    }
    memset(&net, 0xA5, sizeof net); /* the reader must initialise it */
    rr_status st = rr_net_read_buffer(&net, (const char *)data, size, "fuzz",
                                      &caps, &err);
    if (st) {
        if ((st != RR_EINPUT && st != RR_ELIMIT) || err.code != st)
            abort();
        check_msg(&err);
        check_cleared(&net);
        return 0;
    }

    /* Write and read back. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    if (rr_net_write_stream(f, &net, &err) != RR_OK)
        abort();
    if (fclose(f) != 0)
        abort();
    rr_caps_t big;
    rr_caps_default(&big);
    big.max_digits = LONG_MAX / 4;
    if (rr_net_read_buffer(&back, buf, len, "written", &big, &err) != RR_OK)
        abort();
    if (!rr_net_equal(&net, &back) || !str_eq(net.name, back.name) ||
        !str_eq(net.description, back.description) ||
        net.has_domain != back.has_domain)
        abort();
    rr_net_clear(&back);
    free(buf);

    if (rr_net_init_copy(&copy, &net, &err) != RR_OK ||
        !rr_net_equal(&net, &copy))
        abort();
    rr_net_clear(&copy);

    double cost = 0;
    if (strict || (rr_net_param_count(&net) <= FUZZ_MAX_EVAL_PARAMS &&
                   (cost = eval_cost(&net)) <= FUZZ_MAX_EVAL_COST)) {
        long d = rr_net_input_dim(&net);
        mpq_ptr zero = rr_qvec_new(d);
        if (!zero)
            abort();
        eval_at(&net, zero, cost);
        eval_at(&net, net.lo, cost);
        rr_qvec_free(zero, d);
    }

    rr_net_clear(&net);
    return 0;
}
