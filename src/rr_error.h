/* rr_error.h -- status codes and error messages of the reluref library.
 *
 * Every fallible function returns an rr_status (0 on success) and fills an
 * rr_err_t with a one-line message that names the place of the problem
 * ("net.json: layers[1].weights[2][0]: zero denominator in \"1/0\"").  The
 * library never prints and never exits; the CLI maps codes to exit statuses. */
#ifndef RR_ERROR_H
#define RR_ERROR_H

#include <stddef.h>

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

/* Set err (if non-NULL) to code and a printf-style message; returns code. */
rr_status rr_err_set(rr_err_t *err, rr_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Prefix the message already in err with "prefix: " (e.g. a file name). */
void rr_err_prefix(rr_err_t *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

void rr_err_clear(rr_err_t *err);

#endif
