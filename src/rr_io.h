/* rr_io.h -- reading and writing networks and points (format v1, JSON via
 * jansson).  The format is specified in spec/network-format.md and
 * spec/network-v1.schema.json.
 *
 * Errors name the file and the place: "net.json:3:14: ..." for syntax
 * errors (line:column from jansson), "net.json: layers[1].biases[0]: ..."
 * (a JSON path) for semantic ones.  Files are written atomically: to a
 * temporary file in the same directory, then renamed, so a failed write
 * never leaves a partial file behind. */
#ifndef RR_IO_H
#define RR_IO_H

#include <stdio.h>

#include "rr_error.h"
#include "rr_net.h"
#include "rr_num.h"

/* Read a network from a file / from a memory buffer (name is used in
 * messages).  NULL caps = defaults.  On success *net is initialised and must
 * be cleared; on failure it is left cleared. */
rr_status rr_net_read_file(rr_net_t *net, const char *path,
                           const rr_caps_t *caps, rr_err_t *err);
rr_status rr_net_read_buffer(rr_net_t *net, const char *buf, size_t len,
                             const char *name, const rr_caps_t *caps,
                             rr_err_t *err);

/* Write a network (canonical exact strings "p/q") to a stream, or to a file
 * atomically. */
rr_status rr_net_write_stream(FILE *f, const rr_net_t *net, rr_err_t *err);
rr_status rr_net_write_file(const char *path, const rr_net_t *net,
                            rr_err_t *err);

/* A list of points in R^d: n points, x[p * d + k]. */
typedef struct rr_points {
    long n, d;
    mpq_ptr x;
} rr_points_t;

void rr_points_clear(rr_points_t *pts);

/* Parse "x1,x2,...,xd" (exact numbers, see rr_num.h) into one point. */
rr_status rr_points_parse_list(rr_points_t *pts, const char *list, long d,
                               const rr_caps_t *caps, rr_err_t *err);

/* Read points from a JSON file: {"points": [[x11, ...], ...]} or a bare
 * array of arrays; entries are exact strings or JSON numbers (binary64). */
rr_status rr_points_read_file(rr_points_t *pts, const char *path, long d,
                              const rr_caps_t *caps, rr_err_t *err);
rr_status rr_points_read_buffer(rr_points_t *pts, const char *buf,
                                size_t len, const char *name, long d,
                                const rr_caps_t *caps, rr_err_t *err);

/* Atomic output: open a temporary file beside path; commit renames it over
 * path; abort removes it.  The CLI writes every output file this way. */
typedef struct rr_outfile {
    FILE *f;
    char *path, *tmp;
} rr_outfile_t;

rr_status rr_outfile_open(rr_outfile_t *o, const char *path, rr_err_t *err);
rr_status rr_outfile_commit(rr_outfile_t *o, rr_err_t *err);
void rr_outfile_abort(rr_outfile_t *o);

#endif
