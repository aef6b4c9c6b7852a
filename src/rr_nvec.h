/* rr_nvec.h -- golden vectors for norms on boxes and for degeneracy
 * (diagnosis, restricted set, normal form): vectors/norms/<family>.json and
 * vectors/degeneracy/<family>.json, format in vectors/README.md and the schemas
 * vectors/schemas/norms-v1.schema.json, degeneracy-v1.schema.json.
 *
 * Every number is exact (rationals as "p/q" strings) or a certified
 * interval with its rounding stated; nothing inexact is presented as
 * exact.  The networks come from hand-written cases and the project's own
 * seeded generator (rr_rand.h), the values from the exact engines
 * (rr_norm.h, rr_degen.h, rr_normal.h), so the files are byte-identical
 * from run to run and machine to machine.  Before a case is written the
 * generator cross-checks it (two exact norm methods must agree, witnesses
 * re-evaluated, closed forms, re-parametrized copies normalizing
 * identically); a disagreement is an internal error, never a vector.
 * Not yet proved (orchestration and I/O). */
#ifndef RR_NVEC_H
#define RR_NVEC_H

#include "rr_error.h"

#define RR_NVEC_VERSION "1"

typedef enum rr_nvec_kind { RR_NVEC_NORMS = 0, RR_NVEC_DEGEN } rr_nvec_kind;

typedef struct rr_nvec_family {
    const char *name;
    const char *description;
} rr_nvec_family_t;

/* The families of each kind, in generation order (NULL-name terminated). */
extern const rr_nvec_family_t rr_nvec_norm_families[];
extern const rr_nvec_family_t rr_nvec_degen_families[];

/* Generate one family of the given kind into path (atomically); command is
 * recorded in the header.  *ntests, *nnets (may be NULL) receive the counts.
 * RR_EINPUT for an unknown family. */
rr_status rr_nvec_generate(rr_nvec_kind kind, const char *family,
                           const char *path, const char *command,
                           long *ntests, long *nnets, rr_err_t *err);

#endif
