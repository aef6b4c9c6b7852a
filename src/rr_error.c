#include "rr_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

rr_status rr_err_set(rr_err_t *err, rr_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        /* Frama-C's contract of vsnprintf does not require the buffer. */
        //@ assert buffer: \valid(&err->msg[0] + (0 .. RR_ERR_MSG - 1));
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        /* vsnprintf has terminated the message; this states it for the
         * proof (bytes after the terminator only). */
        err->msg[RR_ERR_MSG - 1] = '\0';
        err->code = code;
    }
    return code;
}

int rr_snprintf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    //@ assert buffer: \valid(buf + (0 .. len - 1));
    int n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n;
}

/* A named constant rather than a literal: WP proves it a string after the
 * writes above (for a literal the provers time out). */
static const char prefix_fmt[] = "%s: %s";

void rr_err_prefix(rr_err_t *err, const char *fmt, ...)
{
    if (!err)
        return;
    char pre[RR_ERR_MSG], old[RR_ERR_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    /* Long messages are cut at RR_ERR_MSG - 1 characters on purpose. */
    char both[2 * RR_ERR_MSG + 2];
    rr_snprintf(both, sizeof both, prefix_fmt, pre, old);
    memcpy(err->msg, both, RR_ERR_MSG - 1);
    err->msg[RR_ERR_MSG - 1] = '\0';
}

void rr_err_clear(rr_err_t *err)
{
    if (err) {
        err->code = RR_OK;
        err->msg[0] = '\0';
    }
}
