#include "rr_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

rr_status rr_err_set(rr_err_t *err, rr_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

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
    snprintf(both, sizeof both, "%s: %s", pre, old);
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
