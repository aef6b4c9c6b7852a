/* rr_num.h -- exact numbers: parsing, printing, correctly rounded conversion.
 *
 * Grammar of an exact number (a JSON string in the file format, or a token on
 * the command line); no spaces, no "nan"/"inf":
 *   integer   [+-]?[0-9]+                       "42", "-7"
 *   fraction  [+-]?[0-9]+/[0-9]+                "-3/4"   (denominator > 0)
 *   decimal   [+-]?([0-9]+.?[0-9]*|.[0-9]+)([eE][+-]?[0-9]+)?
 *                                               "0.125", "1e-3", "-.5E2"
 *   hex       [+-]?0[xX]([0-9a-fA-F]+.?[0-9a-fA-F]*|.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?
 *                                               "0x1.8p-3"
 * Each denotes exactly the rational it writes.  Exponents and lengths are
 * capped (rr_caps_t) so that a hostile file cannot make GMP allocate
 * gigabytes. */
#ifndef RR_NUM_H
#define RR_NUM_H

#include <stdio.h> /* before gmp.h, so that GMP declares its FILE functions */

#include <gmp.h>
#include <mpfr.h>

#include "rr_error.h"

/* Resource caps, checked on input.  All positive. */
typedef struct rr_caps {
    long max_depth;   /* L */
    long max_width;   /* each N_l */
    long max_params;  /* total number of weights and biases */
    long max_points;  /* points in one points file */
    long max_digits;  /* characters in one number */
    long max_dec_exp; /* |e| in a decimal exponent */
    long max_bin_exp; /* |p| in a hex exponent */
    long max_prec;    /* MPFR precision in bits */
} rr_caps_t;

/* Defaults: depth 64, width 65536, 2^26 parameters, 2^20 points,
 * 10000 characters, |decimal exponent| <= 5000, |binary exponent| <= 20000
 * (enough for every binary128 value), precision 1..65536 bits. */
void rr_caps_default(rr_caps_t *caps);

/* Parse s (NUL-terminated) into q.  On error returns RR_EINPUT or RR_ELIMIT
 * with a message that quotes s (shortened when long); q is then unchanged. */
rr_status rr_q_parse(mpq_t q, const char *s, const rr_caps_t *caps,
                     rr_err_t *err);

/* Set q to the exact value of the finite binary64 d.  Returns RR_EINPUT for
 * NaN and infinities. */
rr_status rr_q_set_d(mpq_t q, double d, rr_err_t *err);

/* "p/q" or "p": the canonical exact form.  Returns a malloc'd string, or
 * NULL when out of memory. */
char *rr_q_str(const mpq_t q);
void rr_q_fprint(FILE *f, const mpq_t q);

/* True if q = m 2^e for integers m, e (its denominator is a power of 2). */
int rr_q_is_dyadic(const mpq_t q);

/* Correctly rounded (nearest-even) conversion to binary64 / binary32,
 * subnormals and overflow to infinity included, as IEEE 754 specifies.
 * *inexact (if non-NULL) is set to 0 when the conversion is exact. */
double rr_q_get_d(const mpq_t q, int *inexact);
float rr_q_get_f(const mpq_t q, int *inexact);

/* Print a binary64 as a C99 hex float ("0x1.8p-3", "-0x0p+0", "inf"). */
void rr_d_hex(char *buf, size_t len, double d);
void rr_f_hex(char *buf, size_t len, float f);

/* A decimal rendering of q with `digits` significant digits, rounded to
 * nearest, for humans ("0.333333333333"): never presented as exact. */
void rr_q_approx(char *buf, size_t len, const mpq_t q, int digits);

/* The same for an MPFR number. */
void rr_fr_approx(char *buf, size_t len, mpfr_srcptr x, int digits,
                  mpfr_rnd_t rnd);

#endif
