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
/*@ requires buffer: \valid(buf + (0 .. len - 1));
  @ requires string: valid_read_string(s);
  @ terminates \true;
  @ assigns buf[0 .. len - 1];
  @*/
static void quote(char *buf, size_t len, const char *s)
{
    size_t n = strlen(s);
    if (n <= 40)
        rr_snprintf(buf, len, "\"%s\"", s);
    else
        rr_snprintf(buf, len, "\"%.20s...%s\" (%zu characters)", s,
                    s + n - 12, n);
    /* Keep the message on one line whatever s holds (rr_snprintf has
     * terminated buf within len). */
    /*@ loop invariant 0 <= i <= len;
      @ loop assigns i, buf[0 .. len - 1];
      @ loop variant len - i;
      @*/
    for (size_t i = 0; i < len && buf[i]; i++)
        if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] == 0x7f)
            buf[i] = '?';
}

/* The hexadecimal digits, as isxdigit in every locale (C11 7.4.1.12). */
/*@ terminates \true;
  @ assigns \nothing;
  @ ensures hex: \result != 0 <==> ('0' <= c <= '9' || 'a' <= c <= 'f' ||
  @                                 'A' <= c <= 'F');
  @*/
static int is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

/*@ terminates \true;
  @ assigns \nothing;
  @ ensures dec: \result != 0 <==> '0' <= c <= '9';
  @*/
static int is_dec(int c) { return c >= '0' && c <= '9'; }

/*@ // 10^n for 0 <= n <= 10 (the digit counts of parse_exp).
  @ logic integer rr_p10(integer n) =
  @   n <= 0 ? 1 : n == 1 ? 10 : n == 2 ? 100 : n == 3 ? 1000 :
  @   n == 4 ? 10000 : n == 5 ? 100000 : n == 6 ? 1000000 :
  @   n == 7 ? 10000000 : n == 8 ? 100000000 : n == 9 ? 1000000000 :
  @   10000000000;
  @*/

/* Parse an optionally signed exponent of at most 9 digits at s + *pos. */
/*@ requires valid: \valid(pos) && \valid(e);
  @ requires string: valid_read_string(s) && *pos <= strlen(s);
  @ requires length: strlen(s) < RR_NUM_MAX_LEN;
  @ terminates \true;
  @ assigns *pos, *e;
  @ ensures result: \result == 0 || \result == 1;
  @ ensures failed: \result == 0 ==> *pos == \old(*pos) && *e == \old(*e);
  @ ensures range: \result == 1 ==> -999999999 <= *e <= 999999999;
  @ ensures advanced: \result == 1 ==> \old(*pos) < *pos <= strlen(s);
  @*/
static int parse_exp(const char *s, size_t *pos, long *e)
{
    size_t i = *pos;
    int neg = 0;
    if (s[i] == '+' || s[i] == '-')
        neg = (s[i++] == '-');
    if (!is_dec(s[i]))
        return 0;
    long v = 0;
    int nd = 0;
    //@ ghost size_t d0 = i;
    //@ assert start: \at(*pos, Pre) <= d0 && '0' <= s[d0] <= '9';
    /*@ loop invariant bounds: d0 <= i <= strlen(s);
      @ loop invariant digits: 0 <= nd <= 9 && i - d0 == nd;
      @ loop invariant value: 0 <= v < rr_p10(nd);
      @ loop assigns i, v, nd;
      @ loop variant strlen(s) - i;
      @*/
    while (is_dec(s[i])) {
        if (++nd > 9) { /* far beyond any cap: saturate */
            v = 999999999;
            /*@ loop invariant d0 < i <= strlen(s);
              @ loop assigns i;
              @ loop variant strlen(s) - i;
              @*/
            while (is_dec(s[i]))
                i++;
            break;
        }
        v = v * 10 + (s[i++] - '0');
    }
    //@ assert moved: d0 < i;
    *e = neg ? -v : v;
    *pos = i;
    return 1;
}

/* The digits of a number go to GMP in chunks of at most this many. */
enum { RR_DIGIT_CHUNK = 4096 };

/* num := num * base^k + (the k digits in buf), or num := those digits
 * when *first (then *first = 0).  buf[k] is overwritten by '\0'. */
/*@ requires valid: \valid(num) && \valid(t) && \valid(pw) && \valid(first);
  @ requires buffer: 1 <= k <= RR_DIGIT_CHUNK && \valid(buf + (0 .. k));
  @ requires separated: \separated(num, t, pw);
  @ requires base: base == 10 || base == 16;
  @ terminates \true;
  @ assigns buf[k], *num, *t, *pw, *first;
  @*/
static void add_chunk(mpz_ptr num, mpz_ptr t, mpz_ptr pw, char *buf,
                      size_t k, int base, int *first)
{
    buf[k] = '\0';
    if (*first) {
        mpz_set_str(num, buf, base);
        *first = 0;
        return;
    }
    mpz_set_str(t, buf, base);
    if (base == 16)
        mpz_mul_2exp(num, num, (mp_bitcnt_t)(4 * k));
    else {
        mpz_ui_pow_ui(pw, 10, (unsigned long)k);
        mpz_mul(num, num, pw);
    }
    mpz_add(num, num, t);
}

/* num := the integer whose base-`base` digits are those of d[0 .. n-1],
 * skipping '.': mpz_set_str on chunks of at most RR_DIGIT_CHUNK digits in
 * a local buffer (no heap), num = num * base^k + chunk; the same value as
 * mpz_set_str on all the digits at once.  num is 0 on entry. */
/*@ requires valid: \valid(num);
  @ requires base: base == 10 || base == 16;
  @ requires range: 0 <= n && \valid_read(d + (0 .. n - 1));
  @ terminates \true;
  @ assigns *num;
  @*/
static void digits_to_z(mpz_ptr num, const char *d, size_t n, int base)
{
    char buf[RR_DIGIT_CHUNK + 1];
    mpz_t t, pw;
    mpz_init(t);
    mpz_init(pw);
    int first = 1;
    size_t k = 0;
    /*@ loop invariant bounds: 0 <= i <= n;
      @ loop invariant chunk: 0 <= k < RR_DIGIT_CHUNK;
      @ loop assigns i, k, first, buf[0 .. RR_DIGIT_CHUNK], *num, t[0], pw[0];
      @ loop variant n - i;
      @*/
    for (size_t i = 0; i < n; i++) {
        if (d[i] == '.')
            continue;
        buf[k++] = d[i];
        if (k == RR_DIGIT_CHUNK) {
            add_chunk(num, t, pw, buf, k, base, &first);
            k = 0;
        }
    }
    if (k > 0)
        add_chunk(num, t, pw, buf, k, base, &first);
    mpz_clear(t);
    mpz_clear(pw);
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

    size_t i = 0; /* the position in s */
    int neg = 0;
    if (s[0] == '+' || s[0] == '-')
        neg = (s[i++] == '-');

    rr_status st = RR_OK;
    mpz_t num, den;
    mpz_init(num);
    mpz_init(den);

    if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        i += 2;
        size_t start = i;
        long nd = 0, frac = 0;
        int seen_point = 0;
        /*@ loop invariant bounds: start <= i <= len;
          @ loop invariant counts: 0 <= frac <= nd <= i - start;
          @ loop invariant point: seen_point == 0 || seen_point == 1;
          @ loop assigns i, nd, frac, seen_point;
          @ loop variant len - i;
          @*/
        while (is_hex(s[i]) || (s[i] == '.' && !seen_point)) {
            if (s[i] == '.')
                seen_point = 1;
            else {
                nd++;
                frac += seen_point;
            }
            i++;
        }
        size_t end = i;
        long e = 0;
        if (nd == 0) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed hex number %s: no digits", qs);
            goto out;
        }
        if ((s[i] == 'p' || s[i] == 'P')) {
            i++;
            if (!parse_exp(s, &i, &e)) {
                st = rr_err_set(err, RR_EINPUT,
                                "malformed hex number %s: bad exponent", qs);
                goto out;
            }
        }
        if (s[i]) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed number %s: unexpected '%c'", qs,
                            isprint((unsigned char)s[i]) ? s[i] : '?');
            goto out;
        }
        if (labs(e) > caps->max_bin_exp) {
            st = rr_err_set(err, RR_ELIMIT,
                            "binary exponent in %s out of range (|p| <= %ld)",
                            qs, caps->max_bin_exp);
            goto out;
        }
        digits_to_z(num, s + start, end - start, 16);
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
    size_t start = i;
    long nd = 0, frac = 0;
    int seen_point = 0;
    /*@ loop invariant bounds: start <= i <= len;
      @ loop invariant counts: 0 <= frac <= nd <= i - start;
      @ loop invariant point: seen_point == 0 || seen_point == 1;
      @ loop assigns i, nd, frac, seen_point;
      @ loop variant len - i;
      @*/
    while (is_dec(s[i]) || (s[i] == '.' && !seen_point)) {
        if (s[i] == '.')
            seen_point = 1;
        else {
            nd++;
            frac += seen_point;
        }
        i++;
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
    digits_to_z(num, s + start, i - start, 10);
    if (s[i] == '/') {
        if (seen_point) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed fraction %s: numerator must be an "
                            "integer", qs);
            goto out;
        }
        i++;
        size_t dstart = i;
        /*@ loop invariant bounds: dstart <= i <= len;
          @ loop assigns i;
          @ loop variant len - i;
          @*/
        while (is_dec(s[i]))
            i++;
        if (i == dstart || s[i]) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed fraction %s: denominator must be "
                            "digits", qs);
            goto out;
        }
        digits_to_z(den, s + dstart, i - dstart, 10);
        if (mpz_sgn(den) == 0) {
            st = rr_err_set(err, RR_EINPUT, "zero denominator in %s", qs);
            goto out;
        }
        mpq_set_num(q, num);
        mpq_set_den(q, den);
        mpq_canonicalize(q);
        if (neg)
            mpq_neg(q, q);
        goto out;
    }
    long e = 0;
    if (s[i] == 'e' || s[i] == 'E') {
        i++;
        if (!parse_exp(s, &i, &e)) {
            st = rr_err_set(err, RR_EINPUT,
                            "malformed number %s: bad exponent", qs);
            goto out;
        }
    }
    if (s[i]) {
        st = rr_err_set(err, RR_EINPUT, "malformed number %s: unexpected '%c'",
                        qs, isprint((unsigned char)s[i]) ? s[i] : '?');
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
    if (e10 >= 0) {
        mpz_mul(num, num, den);
        mpq_set_z(q, num);
    } else {
        mpq_set_num(q, num);
        mpq_set_den(q, den);
        mpq_canonicalize(q);
    }
    if (neg)
        mpq_neg(q, q);

out:
    mpz_clear(num);
    mpz_clear(den);
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
    const mpz_srcptr den = mpq_denref(q); /* read only */
    return mpz_scan1(den, 0) == mpz_sizeinbase(den, 2) - 1;
}

/* Round q to a format with `prec` significand bits and the exponent range of
 * IEEE binary64/binary32, with subnormals: MPFR emulates the format exactly
 * when emin/emax are set and mpfr_subnormalize is applied. */
/*@ requires valid: \valid(r) && \valid_read(q);
  @ requires inexact: inexact == \null || \valid(inexact);
  @ requires separated: \separated(r, inexact);
  @ requires emin: -RR_MPFR_EXP_BOUND <= emin <= RR_MPFR_EXP_BOUND;
  @ requires emax: -RR_MPFR_EXP_BOUND <= emax <= RR_MPFR_EXP_BOUND;
  @ terminates \true;
  @ assigns *r, *inexact, __rr_mpfr_emin, __rr_mpfr_emax;
  @ ensures flag: inexact != \null ==> *inexact == 0 || *inexact == 1;
  @ ensures range_restored: __rr_mpfr_emin == \old(__rr_mpfr_emin) &&
  @                         __rr_mpfr_emax == \old(__rr_mpfr_emax);
  @*/
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
        rr_snprintf(buf, len, "nan");
    else if (isinf(d))
        rr_snprintf(buf, len, d < 0 ? "-inf" : "inf");
    else
        rr_snprintf(buf, len, "%a", d);
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
