/* rr_json.h -- JSON helpers shared inside reluref: reading (rr_io.c:
 * networks and points; rr_dataset.c: data sets) and writing (rr_json.c:
 * the CLI and the vector generators).  Not yet proved (I/O is fuzzed and
 * tested instead). */
#ifndef RR_JSON_H
#define RR_JSON_H

#include <gmp.h>
#include <jansson.h>

#include "rr_error.h"
#include "rr_net.h"
#include "rr_num.h"

/* "an object", "an array", "a string", "a number", "a boolean" or "null":
 * for error messages. */
const char *rr_json_type_name(const json_t *v);

/* One exact number: a string in the rr_num.h grammar, or a bare JSON number
 * taken as the binary64 value nearest to it (what float-trained weights
 * are).  Anything else is RR_EINPUT with a one-line message. */
rr_status rr_json_number(mpq_ptr q, const json_t *v, const rr_caps_t *caps,
                         rr_err_t *err);

/* An exact rational as a JSON string ("-3/4"); a vector of them; a box
 * {"lo": [...], "hi": [...]}. */
json_t *rr_json_q(mpq_srcptr q);
json_t *rr_json_qvec(mpq_srcptr q, long n);
json_t *rr_json_box(mpq_srcptr lo, mpq_srcptr hi, long d);

/* The network as a JSON value: its format v1 document, exactly as
 * rr_net_write_stream writes it.  *out := NULL on failure. */
rr_status rr_json_net(json_t **out, const rr_net_t *net, rr_err_t *err);

/* A test group of a golden-vector file (vectors/README.md): its metadata
 * (an object whose members come first), the network, the tests. */
typedef struct rr_json_group {
    json_t *meta;
    json_t *net;
    json_t *tests;
} rr_json_group_t;

/* Write a vector file atomically (temporary file, then rename): the members
 * of hdr (taken: decref'd here), then "testGroups" with one line per test,
 * the layout every vector family shares. */
rr_status rr_json_write_vectors(const char *path, json_t *hdr,
                                const rr_json_group_t *groups, long ngroups,
                                rr_err_t *err);

/* The exact invariants of a shallow normal form (spec/degeneracy.md):
 * {"classes": [{"direction", "jump"}...], "linear", "constant"}. */
struct rr_inv;
json_t *rr_json_invariants(const struct rr_inv *iv);

#endif
