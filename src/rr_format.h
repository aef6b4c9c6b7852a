/* rr_format.h -- networks in and out by file extension: reluref JSON
 * (.json), ACAS Xu .nnet (.nnet, rr_nnet.h) and ONNX (.onnx, rr_onnx.h).
 * Specified in spec/formats.md.
 *
 * Reading chooses the format by the extension (case-insensitive); a file
 * with any other extension is read as reluref JSON, as before.  Writing
 * needs one of the three extensions.  Every reader is exact: decimals in
 * .nnet files and float32/float64 initializers in ONNX files become the
 * rationals they denote.  Writers report how many values they had to round
 * (.nnet holds decimals, ONNX holds binary32/binary64); the library never
 * prints. */
#ifndef RR_FORMAT_H
#define RR_FORMAT_H

#include <stddef.h>

#include "rr_error.h"
#include "rr_net.h"
#include "rr_num.h"

typedef enum rr_format {
    RR_FMT_UNKNOWN = 0,
    RR_FMT_JSON,
    RR_FMT_NNET,
    RR_FMT_ONNX
} rr_format;

/* The format named by the extension of path (.json, .nnet, .onnx), or
 * RR_FMT_UNKNOWN. */
rr_format rr_format_of_path(const char *path);
const char *rr_format_name(rr_format f); /* "JSON", ".nnet", "ONNX" */

/* How a .nnet file's input clamping, normalization and output
 * de-normalization become a reluref network (spec/formats.md):
 *   FOLD   normalization folded into the first layer, de-normalization into
 *          the last; the clamp box becomes the network's domain.  Equals the
 *          original evaluator on the box.  Same architecture as the file.
 *   CLAMP  FOLD plus an exact clamp layer in front
 *          (min(max(x, lo), hi) = lo + rho(x - lo) - rho(x - hi)): equals the
 *          original (C++) evaluator on all of R^d; one more hidden layer of
 *          width 2d.
 *   RAW    the stored network alone, acting on normalized inputs and giving
 *          normalized outputs (no domain). */
typedef enum rr_nnet_repr {
    RR_NNET_FOLD = 0,
    RR_NNET_CLAMP,
    RR_NNET_RAW
} rr_nnet_repr;

typedef struct rr_format_opts {
    rr_nnet_repr nnet_repr; /* reading .nnet (default FOLD) */
    int onnx_float32;       /* writing ONNX: binary32 initializers (default
                               binary64) */
} rr_format_opts_t;

void rr_format_opts_default(rr_format_opts_t *o);

/* Read a network in the format of path's extension.  NULL caps = defaults,
 * NULL opts = defaults.  On success *net is initialised and must be
 * cleared; on failure it is left cleared.  Messages: "path: place: ...". */
rr_status rr_net_read_any(rr_net_t *net, const char *path,
                          const rr_caps_t *caps, rr_err_t *err);
rr_status rr_net_read_any_opts(rr_net_t *net, const char *path,
                               const rr_caps_t *caps,
                               const rr_format_opts_t *opts, rr_err_t *err);

/* Write net in the format of path's extension, atomically (temporary file
 * and rename: nothing is left behind on failure).  *n_rounded (if non-NULL)
 * receives the number of values that the format could not hold exactly and
 * that were rounded (0 for JSON). */
rr_status rr_net_write_any(const char *path, const rr_net_t *net,
                           const rr_format_opts_t *opts, long *n_rounded,
                           rr_err_t *err);

/* Read a whole file into a malloc'd buffer (NUL-terminated, *len excludes
 * the NUL); refuses files over 1 GiB. */
rr_status rr_slurp(const char *path, char **buf, size_t *len, rr_err_t *err);

#endif
