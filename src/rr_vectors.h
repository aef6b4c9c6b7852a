/* rr_vectors.h -- golden test vectors for realizations, and the auditor
 * that checks a candidate implementation's outputs against them.
 *
 * Format: vectors/README.md and the schemas in vectors/schemas/ (Wycheproof-like:
 * a file per family, test groups sharing a network, tests with a stable
 * tcId, a comment, flags, a result, exact inputs and outputs, the correctly
 * rounded binary64/binary32 outputs, and a rigorous tolerance per output for
 * any naive binary64/binary32 forward pass, spec/error-model.md).
 *
 * Everything is generated from the project's own seeded generator and exact
 * arithmetic, so `make vectors` is byte-identical from run to run and
 * machine to machine.  Not yet proved (I/O and orchestration; the numbers
 * come from the proved kernels and the error model). */
#ifndef RR_VECTORS_H
#define RR_VECTORS_H

#include <stdio.h>

#include "rr_error.h"
#include "rr_io.h"
#include "rr_net.h"

#define RR_VECTORS_VERSION "1"

/* Families of realization vectors; each is written to DIR/<name>.json. */
typedef struct rr_vec_family {
    const char *name;
    const char *description;
} rr_vec_family_t;

/* The families, in generation order (NULL-name terminated). */
extern const rr_vec_family_t rr_vec_families[];

/* Options of the generator. */
typedef struct rr_vec_opts {
    const char *command;    /* recorded in each file's header */
    const char *data_dir;   /* where the real networks are (.nnet); NULL = skip */
    double scale;           /* multiply the number of cases (1 = full) */
} rr_vec_opts_t;

/* Generate one family into the file path (atomically).  Returns the number
 * of tests and networks written in *ntests, *nnets. */
rr_status rr_vec_generate(const char *family, const char *path,
                          const rr_vec_opts_t *opts, long *ntests,
                          long *nnets, rr_err_t *err);

/* Vectors for one network and a list of points (the main job's small set,
 * and user-made vector files): a single group. */
rr_status rr_vec_generate_for(const rr_net_t *net, const char *net_name,
                              const rr_points_t *pts, const char *path,
                              const rr_vec_opts_t *opts, rr_err_t *err);

/* Candidate implementations that turn a vector file into a results file
 * (the in-tree harness, and deliberately wrong variants that the auditor
 * must catch). */
typedef enum rr_candidate {
    RR_CAND_DOUBLE,        /* the in-tree binary64 path (rr_kd_affine) */
    RR_CAND_BUG_NOBIAS,    /* binary64, biases dropped */
    RR_CAND_BUG_RELULAST,  /* binary64, ReLU applied to the output layer */
    RR_CAND_BUG_F16ACC     /* sums accumulated in binary16 precision */
} rr_candidate;

rr_status rr_vec_run_candidate(const char *vectors, const char *results,
                               rr_candidate cand, rr_err_t *err);

/* Audit: compare the results file with the vectors.  Prints one line per
 * failing case and a summary to `report`; *failed receives the number of
 * failing cases (missing results are counted apart and are not failures
 * unless require_all). */
typedef struct rr_check_summary {
    long total, checked, passed, failed, missing, skipped;
} rr_check_summary_t;

rr_status rr_vec_check(const char *vectors, const char *results,
                       int require_all, FILE *report,
                       rr_check_summary_t *sum, rr_err_t *err);

#endif
