#include "rr_num.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void rr_caps_default(rr_caps_t *caps)
{
    caps->max_depth = 64;
    caps->max_width = 65536;
    caps->max_params = 1L << 26;
    caps->max_points = 1L << 20;
    caps->max_digits = 10000;
    caps->max_dec_exp = 5000;
    caps->max_bin_exp = 20000;
    caps->max_prec = 65536;
}

/* Quote s for an error message, shortening long strings. */
static void quote(char *buf, size_t len, const char *s)
{
    size_t n = strlen(s);
    if (n <= 40)
        snprintf(buf, len, "\"%s\"", s);
    else
        snprintf(buf, len, "\"%.20s...%s\" (%zu characters)", s, s + n - 12,
                 n);
    /* Keep the message on one line whatever s holds. */
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
            *p = '?';
}

static int is_hex(int c) { return isxdigit((unsigned char)c); }
static int is_dec(int c) { return c >= '0' && c <= '9'; }

/* Parse an optionally signed exponent of at most 9 digits at *p. */
static int parse_exp(const char **p, long *e)
{
    const char *s = *p;
    int neg = 0;
    if (*s == '+' || *s == '-')
        neg = (*s++ == '-');
    if (!is_dec(*s))
        return 0;
    long v = 0;
    int nd = 0;
    while (is_dec(*s)) {
        if (++nd > 9) { /* far beyond any cap: saturate */
            v = 999999999;
            while (is_dec(*s))
                s++;
            break;
        }
        v = v * 10 + (*s++ - '0');
    }
    *e = neg ? -v : v;
    *p = s;
    return 1;
}

rr_status rr_q_parse(mpq_t q, const char *s, const rr_caps_t *caps,
                     rr_err_t *err)
{
    char qs[96];
    quote(qs, sizeof qs, s);
    size_t len = strlen(s);
    if (len == 0)
        return rr_err_set(err, RR_EINPUT, "empty number");
    if ((long)len > caps->max_digits)
        return rr_err_set(err, RR_ELIMIT,
                          "number %s longer than %ld characters", qs,
                          caps->max_digits);

    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = (*p++ == '-');

    /* Digits of the significand, without the point, for mpz_set_str. */
    char *digits = malloc(len + 1);
    if (!digits)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    size_t nd = 0;
    rr_status st = RR_OK;
    mpz_t num, den;
    mpz_init(num);
    mpz_init(den);

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        long frac = 0;
        int seen_point = 0;
        while (is_hex(*p) || (*p == '.' && !seen_point)) {
            if (*p == '.')
                seen_point = 1;
            else {
                digits[nd++] = *p;
                frac += seen_point;
            }
            p++;
        }
        long e = 0;
        if (nd == 0) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed hex number %s: no digits", qs);
            goto out;
        }
        if ((*p == 'p' || *p == 'P')) {
            p++;
            if (!parse_exp(&p, &e)) {
                st = rr_err_set(err, RR_EINPUT,
                                "malformed hex number %s: bad exponent", qs);
                goto out;
            }
        }
        if (*p) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed number %s: unexpected '%c'", qs,
                            isprint((unsigned char)*p) ? *p : '?');
            goto out;
        }
        if (labs(e) > caps->max_bin_exp) {
            st = rr_err_set(err, RR_ELIMIT,
                            "binary exponent in %s out of range (|p| <= %ld)",
                            qs, caps->max_bin_exp);
            goto out;
        }
        digits[nd] = '\0';
        mpz_set_str(num, digits, 16);
        long e2 = e - 4 * frac;
        mpq_set_z(q, num);
        if (e2 >= 0)
            mpq_mul_2exp(q, q, (mp_bitcnt_t)e2);
        else
            mpq_div_2exp(q, q, (mp_bitcnt_t)(-e2));
        if (neg)
            mpq_neg(q, q);
        goto out;
    }

    /* Decimal or fraction. */
    long frac = 0;
    int seen_point = 0;
    while (is_dec(*p) || (*p == '.' && !seen_point)) {
        if (*p == '.')
            seen_point = 1;
        else {
            digits[nd++] = *p;
            frac += seen_point;
        }
        p++;
    }
    if (nd == 0) {
        if (!strcmp(s, "nan") || !strcmp(s, "NaN") || strstr(s, "inf") ||
            strstr(s, "Inf"))
            st = rr_err_set(err, RR_EINPUT,
                            "%s is not a finite number", qs);
        else
            st = rr_err_set(err, RR_EINPUT, "malformed number %s", qs);
        goto out;
    }
    digits[nd] = '\0';
    mpz_set_str(num, digits, 10);
    if (*p == '/') {
        if (seen_point) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed fraction %s: numerator must be an "
                            "integer", qs);
            goto out;
        }
        p++;
        nd = 0;
        while (is_dec(*p))
            digits[nd++] = *p++;
        if (nd == 0 || *p) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed fraction %s: denominator must be "
                            "digits", qs);
            goto out;
        }
        digits[nd] = '\0';
        mpz_set_str(den, digits, 10);
        if (mpz_sgn(den) == 0) {
            st = rr_err_set(err, RR_EINPUT, "zero denominator in %s", qs);
            goto out;
        }
        mpz_set(mpq_numref(q), num);
        mpz_set(mpq_denref(q), den);
        mpq_canonicalize(q);
        if (neg)
            mpq_neg(q, q);
        goto out;
    }
    long e = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (!parse_exp(&p, &e)) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed number %s: bad exponent", qs);
            goto out;
        }
    }
    if (*p) {
        st = rr_err_set(err, RR_EINPUT, "malformed number %s: unexpected '%c'",
                        qs, isprint((unsigned char)*p) ? *p : '?');
        goto out;
    }
    if (labs(e) > caps->max_dec_exp) {
        st = rr_err_set(err, RR_ELIMIT,
                        "decimal exponent in %s out of range (|e| <= %ld)", qs,
                        caps->max_dec_exp);
        goto out;
    }
    long e10 = e - frac;
    mpz_ui_pow_ui(den, 10, (unsigned long)labs(e10));
    mpq_set_z(q, num);
    if (e10 >= 0)
        mpz_mul(mpq_numref(q), mpq_numref(q), den);
    else {
        mpz_set(mpq_denref(q), den);
        mpq_canonicalize(q);
    }
    if (neg)
        mpq_neg(q, q);

out:
    mpz_clear(num);
    mpz_clear(den);
    free(digits);
    return st;
}

rr_status rr_q_set_d(mpq_t q, double d, rr_err_t *err)
{
    if (!isfinite(d))
        return rr_err_set(err, RR_EINPUT, "%s is not a finite number",
                          isnan(d) ? "NaN" : "infinity");
    mpq_set_d(q, d); /* exact for finite binary64 */
    return RR_OK;
}

char *rr_q_str(const mpq_t q)
{
    return mpq_get_str(NULL, 10, q);
}

void rr_q_fprint(FILE *f, const mpq_t q)
{
    mpq_out_str(f, 10, q);
}

int rr_q_is_dyadic(const mpq_t q)
{
    const mpz_srcptr den = mpq_denref(q);
    return mpz_scan1(den, 0) == mpz_sizeinbase(den, 2) - 1;
}

/* Round q to a format with `prec` significand bits and the exponent range of
 * IEEE binary64/binary32, with subnormals: MPFR emulates the format exactly
 * when emin/emax are set and mpfr_subnormalize is applied. */
static void round_to_format(mpfr_t r, const mpq_t q, mpfr_exp_t emin,
                            mpfr_exp_t emax, int *inexact)
{
    mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    int t = mpfr_set_q(r, q, MPFR_RNDN);
    t = mpfr_subnormalize(r, t, MPFR_RNDN);
    if (inexact)
        *inexact = (t != 0);
    mpfr_set_emin(old_min);
    mpfr_set_emax(old_max);
}

double rr_q_get_d(const mpq_t q, int *inexact)
{
    mpfr_t r;
    mpfr_init2(r, DBL_MANT_DIG);
    /* binary64: values in [2^(emin-1), 2^emax) with MPFR's convention
     * 0.1xxx * 2^e: emin = -1073 (min subnormal 2^-1074), emax = 1024. */
    round_to_format(r, q, -1073, 1024, inexact);
    double d = mpfr_get_d(r, MPFR_RNDN);
    mpfr_clear(r);
    return d;
}

float rr_q_get_f(const mpq_t q, int *inexact)
{
    mpfr_t r;
    mpfr_init2(r, FLT_MANT_DIG);
    round_to_format(r, q, -148, 128, inexact);
    float f = mpfr_get_flt(r, MPFR_RNDN);
    mpfr_clear(r);
    return f;
}

void rr_d_hex(char *buf, size_t len, double d)
{
    if (isnan(d))
        snprintf(buf, len, "nan");
    else if (isinf(d))
        snprintf(buf, len, d < 0 ? "-inf" : "inf");
    else
        snprintf(buf, len, "%a", d);
}

void rr_f_hex(char *buf, size_t len, float f)
{
    rr_d_hex(buf, len, (double)f); /* a float is exactly a double */
}

void rr_fr_approx(char *buf, size_t len, mpfr_srcptr x, int digits,
                  mpfr_rnd_t rnd)
{
    mpfr_snprintf(buf, len, "%.*R*g", digits, rnd, x);
}

void rr_q_approx(char *buf, size_t len, const mpq_t q, int digits)
{
    mpfr_t r;
    mpfr_init2(r, (mpfr_prec_t)(digits * 4 + 16));
    mpfr_set_q(r, q, MPFR_RNDN);
    rr_fr_approx(buf, len, r, digits, MPFR_RNDN);
    mpfr_clear(r);
}
