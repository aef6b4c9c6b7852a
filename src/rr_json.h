/* rr_json.h -- the JSON reading helpers shared by the readers that use
 * jansson (rr_io.c: networks and points; rr_dataset.c: data sets).
 * Internal to the library.  Not yet proved (file I/O is fuzzed instead). */
#ifndef RR_JSON_H
#define RR_JSON_H

#include <gmp.h>
#include <jansson.h>

#include "rr_error.h"
#include "rr_num.h"

/* "an object", "an array", "a string", "a number", "a boolean" or "null":
 * for error messages. */
const char *rr_json_type_name(const json_t *v);

/* One exact number: a string in the rr_num.h grammar, or a bare JSON number
 * taken as the binary64 value nearest to it (what float-trained weights
 * are).  Anything else is RR_EINPUT with a one-line message. */
rr_status rr_json_number(mpq_ptr q, const json_t *v, const rr_caps_t *caps,
                         rr_err_t *err);

#endif
