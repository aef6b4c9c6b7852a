/* rr_error.h -- status codes and error messages of the reluref library.
 *
 * Every fallible function returns an rr_status (0 on success) and fills an
 * rr_err_t with a one-line message that names the place of the problem
 * ("net.json: layers[1].weights[2][0]: zero denominator in \"1/0\"").  The
 * library never prints and never exits; the CLI maps codes to exit statuses. */
#ifndef RR_ERROR_H
#define RR_ERROR_H

#include <stddef.h>

#ifdef __FRAMAC__
#include <string.h> /* valid_string, strlen (ACSL) for the contracts */
#endif

typedef enum rr_status {
    RR_OK = 0,
    RR_EINPUT = 1,    /* malformed or inconsistent input (file, number, point) */
    RR_ELIMIT = 2,    /* input exceeds a configured cap (size, exponent, ...) */
    RR_EIO = 3,       /* cannot read or write a file */
    RR_ENOMEM = 4,    /* allocation failed */
    RR_ERANGE = 5,    /* a floating-point evaluation overflowed or hit NaN */
    RR_EINTERNAL = 6  /* a bug: an invariant of reluref failed */
} rr_status;

enum { RR_ERR_MSG = 512 };

typedef struct rr_err {
    rr_status code;
    char msg[RR_ERR_MSG];
} rr_err_t;

/* Set err (if non-NULL) to code and a printf-style message; returns code.
 * The message is NUL-terminated within err->msg (cut at RR_ERR_MSG - 1
 * characters).  The arguments after fmt must match it: gcc checks that
 * (-Wformat, the attribute below); WP does not (the Variadic plug-in passes
 * them as an array the contract cannot see). */
/*@ requires err: err == \null || \valid(err);
  @ requires format: valid_read_string(fmt);
  @ terminates \true;
  @ assigns *err \from code, fmt[0 .. strlen(fmt)];
  @ ensures result: \result == code;
  @ ensures code: err != \null ==> err->code == code;
  @ ensures message: err != \null ==> valid_string(&err->msg[0]);
  @*/
rr_status rr_err_set(rr_err_t *err, rr_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Prefix the message already in err with "prefix: " (e.g. a file name).
 * err->msg must hold a message (rr_err_set); the result is cut at
 * RR_ERR_MSG - 1 characters.  Arguments after fmt: as for rr_err_set. */
/*@ requires err: err == \null || (\valid(err) && valid_read_string(&err->msg[0]));
  @ requires format: valid_read_string(fmt);
  @ terminates \true;
  @ assigns err->msg[0 .. RR_ERR_MSG - 1];
  @ ensures message: err != \null ==> valid_string(&err->msg[0]);
  @*/
void rr_err_prefix(rr_err_t *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Set err (if non-NULL) to RR_OK and the empty message. */
/*@ requires err: err == \null || \valid(err);
  @ terminates \true;
  @ assigns err->code, err->msg[0];
  @ ensures cleared: err != \null ==> err->code == RR_OK && err->msg[0] == '\0';
  @*/
void rr_err_clear(rr_err_t *err);

/* snprintf(buf, len, fmt, ...), the same output, through vsnprintf: a
 * function with a contract that WP can use (Frama-C's specification of
 * snprintf assigns the unbounded range buf[0 ..], which WP rejects).
 * Arguments after fmt: as for rr_err_set. */
/*@ requires buffer: \valid(buf + (0 .. len - 1));
  @ requires format: valid_read_string(fmt);
  @ terminates \true;
  @ assigns buf[0 .. len - 1] \from fmt[0 .. strlen(fmt)], len;
  @ assigns \result \from fmt[0 .. strlen(fmt)], len;
  @*/
int rr_snprintf(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
