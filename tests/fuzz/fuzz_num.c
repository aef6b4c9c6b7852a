/* fuzz_num.c -- libFuzzer target for the exact number parser rr_q_parse.
 *
 * The input bytes, NUL-terminated (an embedded NUL ends the string), are
 * parsed with the default caps.  Invariants checked (abort() on violation):
 *   - on error: q is unchanged, the code is RR_EINPUT or RR_ELIMIT, and the
 *     message is a non-empty single line;
 *   - on success: q is canonical (denominator > 0, gcd(num, den) = 1);
 *     rr_q_str(q) parses back (caps on length lifted: the canonical form of
 *     an accepted number may be longer than the input) to the same rational;
 *     rr_q_is_dyadic agrees with "denominator is a power of 2";
 *     rr_q_get_d / rr_q_get_f: the sign is right (or the result underflowed
 *     to zero), and a conversion reported exact converts back to q. */
#include <gmp.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rr_num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_msg(const rr_err_t *err)
{
    if (err->msg[0] == '\0' || strchr(err->msg, '\n') ||
        strchr(err->msg, '\r'))
        abort();
}

/* sign(d) == sign(q), or d is a zero produced by underflow. */
static void check_sign(int sq, double d)
{
    int sd = (d > 0) - (d < 0);
    if (sd != sq && !(sd == 0 && sq != 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    rr_caps_t caps, big;
    rr_caps_default(&caps);
    big = caps;
    big.max_digits = LONG_MAX / 4;

    mpq_t q, r, t;
    mpq_inits(q, r, t, NULL);
    mpq_set_si(q, 12345, 7); /* sentinel: must survive a failed parse */
    rr_err_t err;
    rr_err_clear(&err);
    rr_status st = rr_q_parse(q, s, &caps, &err);
    if (st) {
        mpq_set_si(t, 12345, 7);
        if ((st != RR_EINPUT && st != RR_ELIMIT) || err.code != st ||
            !mpq_equal(q, t))
            abort();
        check_msg(&err);
        goto out;
    }

    /* Canonical form. */
    if (mpz_sgn(mpq_denref(q)) <= 0)
        abort();
    {
        mpz_t g;
        mpz_init(g);
        mpz_gcd(g, mpq_numref(q), mpq_denref(q));
        if (mpz_cmp_ui(g, 1) != 0)
            abort();
        mpz_clear(g);
    }

    /* Round trip through the canonical string. */
    char *c = rr_q_str(q);
    if (!c)
        abort();
    if (rr_q_parse(r, c, &big, &err) != RR_OK || !mpq_equal(q, r))
        abort();
    free(c);

    /* Dyadic test against the definition. */
    int pow2 = mpz_popcount(mpq_denref(q)) == 1;
    if (!!rr_q_is_dyadic(q) != pow2)
        abort();

    /* Conversions: sign, and exactness claims. */
    int inexact = -1;
    double d = rr_q_get_d(q, &inexact);
    if (isnan(d) || (inexact != 0 && inexact != 1))
        abort();
    check_sign(mpq_sgn(q), d);
    if (!inexact) {
        if (!isfinite(d) || rr_q_set_d(t, d, NULL) != RR_OK ||
            !mpq_equal(t, q))
            abort();
    }
    inexact = -1;
    float f = rr_q_get_f(q, &inexact);
    if (isnan(f) || (inexact != 0 && inexact != 1))
        abort();
    check_sign(mpq_sgn(q), (double)f);
    if (!inexact) {
        if (!isfinite(f) || rr_q_set_d(t, (double)f, NULL) != RR_OK ||
            !mpq_equal(t, q))
            abort();
    }
    /* A float that is exact must also be an exact double. */
    if (!inexact) {
        rr_q_get_d(q, &inexact);
        if (inexact)
            abort();
    }

out:
    mpq_clears(q, r, t, NULL);
    free(s);
    return 0;
}
