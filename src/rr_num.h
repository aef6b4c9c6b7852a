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

/* ACSL: the contracts below are proved by Frama-C/WP (units `num` and
 * `error` of proofs/units) relative to spec/gmp_mpfr_model.h; memory
 * safety, absence of undefined behaviour, assigns and termination, plus the
 * functional facts stated. */
#ifdef __FRAMAC__
/*@ // The longest string rr_q_parse accepts in its contract: 2^60 bytes
  @ // (a 64-bit process has at most 2^48 bytes of address space), so that
  @ // 4 * (number of digits) fits a long.
  @ logic integer RR_NUM_MAX_LEN = 1152921504606846976;
  @*/
#endif

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
/*@ requires valid: \valid(caps);
  @ terminates \true;
  @ assigns *caps;
  @ ensures depth: caps->max_depth == 64;
  @ ensures width: caps->max_width == 65536;
  @ ensures params: caps->max_params == 67108864;
  @ ensures points: caps->max_points == 1048576;
  @ ensures digits: caps->max_digits == 10000;
  @ ensures dec_exp: caps->max_dec_exp == 5000;
  @ ensures bin_exp: caps->max_bin_exp == 20000;
  @ ensures prec: caps->max_prec == 65536;
  @*/
void rr_caps_default(rr_caps_t *caps);

/* Parse s (NUL-terminated) into q.  On error returns RR_EINPUT or RR_ELIMIT
 * with a message that quotes s (shortened when long); q is then unchanged.
 * Not yet proved: WP's goal generation for this one 200-line function with
 * 17 exits did not finish in 12 minutes on the loaded 2-core machine; its
 * helpers (quote, parse_exp, digits_to_z, add_chunk) are proved.  Next step:
 * one function per branch (hex, decimal, fraction). */
/*@ requires q: \valid(q);
  @ requires s: valid_read_string(s) && strlen(s) < RR_NUM_MAX_LEN;
  @ requires caps: \valid_read(caps);
  @ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *q, *err;
  @ ensures status: \result == RR_OK || \result == RR_EINPUT ||
  @                 \result == RR_ELIMIT;
  @ ensures unchanged: \result != RR_OK ==> qv(*q) == \old(qv(*q));
  @*/
rr_status rr_q_parse(mpq_t q, const char *s, const rr_caps_t *caps,
                     rr_err_t *err);

/* Set q to the exact value of the finite binary64 d.  Returns RR_EINPUT for
 * NaN and infinities. */
/*@ requires q: \valid(q);
  @ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns *q, *err;
  @ behavior finite:
  @   assumes \is_finite(d);
  @   ensures ok: \result == RR_OK;
  @   ensures value: qv(*q) == d;
  @ behavior not_finite:
  @   assumes !\is_finite(d);
  @   ensures error: \result == RR_EINPUT;
  @   ensures unchanged: qv(*q) == \old(qv(*q));
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
rr_status rr_q_set_d(mpq_t q, double d, rr_err_t *err);

/* "p/q" or "p": the canonical exact form.  Returns a malloc'd string, or
 * NULL when out of memory. */
/*@ requires q: \valid_read(q);
  @ terminates \true;
  @ assigns \result \from *q;
  @ ensures string: \result == \null || valid_string(\result);
  @*/
char *rr_q_str(const mpq_t q);
/*@ requires valid: \valid(f) && \valid_read(q);
  @ terminates \true;
  @ assigns *f;
  @*/
void rr_q_fprint(FILE *f, const mpq_t q);

/* True if q = m 2^e for integers m, e (its denominator is a power of 2). */
/*@ requires q: \valid_read(q);
  @ terminates \true;
  @ assigns \nothing;
  @ ensures boolean: \result == 0 || \result == 1;
  @*/
int rr_q_is_dyadic(const mpq_t q);

/* Correctly rounded (nearest-even) conversion to binary64 / binary32,
 * subnormals and overflow to infinity included, as IEEE 754 specifies.
 * *inexact (if non-NULL) is set to 0 when the conversion is exact. */
/*@ requires q: \valid_read(q);
  @ requires inexact: inexact == \null || \valid(inexact);
  @ terminates \true;
  @ assigns *inexact, __rr_mpfr_emin, __rr_mpfr_emax;
  @ ensures flag: inexact != \null ==> *inexact == 0 || *inexact == 1;
  @ ensures range_restored: __rr_mpfr_emin == \old(__rr_mpfr_emin) &&
  @                         __rr_mpfr_emax == \old(__rr_mpfr_emax);
  @*/
double rr_q_get_d(const mpq_t q, int *inexact);
/*@ requires q: \valid_read(q);
  @ requires inexact: inexact == \null || \valid(inexact);
  @ terminates \true;
  @ assigns *inexact, __rr_mpfr_emin, __rr_mpfr_emax;
  @ ensures flag: inexact != \null ==> *inexact == 0 || *inexact == 1;
  @ ensures range_restored: __rr_mpfr_emin == \old(__rr_mpfr_emin) &&
  @                         __rr_mpfr_emax == \old(__rr_mpfr_emax);
  @*/
float rr_q_get_f(const mpq_t q, int *inexact);

/* Print a binary64 as a C99 hex float ("0x1.8p-3", "-0x0p+0", "inf"). */
/*@ requires buffer: \valid(buf + (0 .. len - 1));
  @ terminates \true;
  @ assigns buf[0 .. len - 1];
  @*/
void rr_d_hex(char *buf, size_t len, double d);
/*@ requires buffer: \valid(buf + (0 .. len - 1));
  @ terminates \true;
  @ assigns buf[0 .. len - 1];
  @*/
void rr_f_hex(char *buf, size_t len, float f);

/* A decimal rendering of q with `digits` significant digits, rounded to
 * nearest, for humans ("0.333333333333"): never presented as exact. */
/*@ requires buffer: \valid(buf + (0 .. len - 1));
  @ requires q: \valid_read(q);
  @ requires digits: 0 <= digits <= 100000000;
  @ terminates \true;
  @ assigns buf[0 .. len - 1];
  @*/
void rr_q_approx(char *buf, size_t len, const mpq_t q, int digits);

/* The same for an MPFR number. */
/*@ requires buffer: \valid(buf + (0 .. len - 1));
  @ requires x: \valid_read(x);
  @ terminates \true;
  @ assigns buf[0 .. len - 1];
  @*/
void rr_fr_approx(char *buf, size_t len, mpfr_srcptr x, int digits,
                  mpfr_rnd_t rnd);

#endif
