/* fuzz_points.c -- libFuzzer target for the points reader (d = 2).
 *
 * Invariants (abort() on violation): on error the code is RR_EINPUT or
 * RR_ELIMIT, the message is a non-empty single line and the list is left
 * cleared; on success there are n >= 1 points of dimension 2 whose
 * coordinates are canonical rationals. */
#include <gmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rr_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rr_points_t pts;
    rr_err_t err;
    rr_err_clear(&err);
    memset(&pts, 0xA5, sizeof pts);
    rr_status st = rr_points_read_buffer(&pts, (const char *)data, size,
                                         "fuzz", 2, NULL, &err);
    if (st) {
        if ((st != RR_EINPUT && st != RR_ELIMIT) || err.code != st ||
            err.msg[0] == '\0' || strchr(err.msg, '\n'))
            abort();
        if (pts.n || pts.d || pts.x)
            abort();
        return 0;
    }
    if (pts.n < 1 || pts.d != 2 || !pts.x)
        abort();
    for (long k = 0; k < pts.n * pts.d; k++)
        if (mpz_sgn(mpq_denref(pts.x + k)) <= 0)
            abort();
    rr_points_clear(&pts);
    return 0;
}
