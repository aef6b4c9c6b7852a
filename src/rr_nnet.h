/* rr_nnet.h -- the .nnet format of the ACAS Xu networks (Kyle Julian,
 * Stanford 2016; sisl/NNet), read and written exactly.  spec/formats.md.
 *
 * A .nnet file holds a ReLU network that acts on normalized inputs plus the
 * normalization: the original evaluator clamps each input x_j to
 * [min_j, max_j], maps it to (x_j - mean_j) / range_j, runs the network, and
 * maps each output z to z * range_out + mean_out.  rr_nnet_t keeps all of it
 * as stored (exact rationals of the decimals in the file); rr_nnet_eval
 * applies the normalization as metadata at evaluation time, and
 * rr_nnet_to_net turns it into one reluref network (folded, or with an
 * exact clamp layer; rr_format.h). */
#ifndef RR_NNET_H
#define RR_NNET_H

#include <stdio.h>

#include "rr_error.h"
#include "rr_format.h"
#include "rr_net.h"
#include "rr_num.h"

typedef struct rr_nnet {
    rr_net_t raw;          /* the stored network (no domain) */
    mpq_ptr mins, maxes;   /* d each: the clamp box */
    mpq_ptr means, ranges; /* d + 1 each: the inputs', then the outputs' */
    char *comments;        /* the leading "//" lines, without "//" and one
                              space after it, joined with '\n'; NULL if none */
} rr_nnet_t;

/* Parse a .nnet file / buffer (name is used in messages: "name:LINE: ...").
 * NULL caps = defaults.  On failure *nn is left cleared. */
rr_status rr_nnet_read_buffer(rr_nnet_t *nn, const char *buf, size_t len,
                              const char *name, const rr_caps_t *caps,
                              rr_err_t *err);
rr_status rr_nnet_read_file(rr_nnet_t *nn, const char *path,
                            const rr_caps_t *caps, rr_err_t *err);
void rr_nnet_clear(rr_nnet_t *nn);

/* The clamping of inputs that lie outside the box, in the two published
 * evaluators:
 *   CPP     sisl/NNet's C++ evaluator (and ReluplexCav2017's): a clamped
 *           input becomes (min - mean) / range, i.e. the clamped value is
 *           normalized like any other.  Continuous in x.
 *   PYTHON  sisl/NNet's python/nnet.py: a clamped input becomes
 *           min / range (the mean is not subtracted): a jump at the box
 *           boundary whenever mean != 0. */
typedef enum rr_nnet_clamp {
    RR_NNET_CLAMP_CPP = 0,
    RR_NNET_CLAMP_PYTHON
} rr_nnet_clamp;

/* The original evaluator, exactly: y (k rationals) := output at x (d
 * rationals), the metadata applied at evaluation time around an exact
 * evaluation of the stored network. */
rr_status rr_nnet_eval(mpq_ptr y, const rr_nnet_t *nn, mpq_srcptr x,
                       rr_nnet_clamp variant, rr_err_t *err);

/* One reluref network from the file (repr: rr_format.h).  *net is
 * initialised on success.  Name: NULL; description: the comment lines
 * (they carry the file's license and attribution). */
rr_status rr_nnet_to_net(rr_net_t *net, const rr_nnet_t *nn,
                         rr_nnet_repr repr, rr_err_t *err);

/* A .nnet view of a reluref network: the same parameters, means 0, ranges
 * 1, and as clamp box the network's domain, or +-1.7976931348623157e308
 * (the largest binary64: nothing is clamped) when it has none.  The
 * comments are the description's lines. */
rr_status rr_nnet_from_net(rr_nnet_t *nn, const rr_net_t *net,
                           rr_err_t *err);

/* Write a .nnet file.  A value with a finite decimal expansion (every
 * dyadic rational, every decimal read from a .nnet file) is written exactly;
 * any other value (1/3) is written as the shortest decimal that reads back,
 * by strtod, as its nearest binary64, and counted in *n_rounded (if
 * non-NULL).  A value beyond the binary64 range is an error. */
rr_status rr_nnet_write_stream(FILE *f, const rr_nnet_t *nn, long *n_rounded,
                               rr_err_t *err);
rr_status rr_nnet_write_file(const char *path, const rr_nnet_t *nn,
                             long *n_rounded, rr_err_t *err);

/* The decimal that rr_nnet_write_stream writes for q (malloc'd), and
 * whether it is exact (*exact = 1) or the shortest round-trip decimal of the
 * nearest binary64 (*exact = 0).  NULL on overflow or out of memory. */
char *rr_q_decimal(mpq_srcptr q, int *exact);

#endif
