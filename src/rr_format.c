/* rr_format.c -- reading and writing networks by file extension
 * (rr_format.h). */
#include "rr_format.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rr_io.h"
#include "rr_nnet.h"
#include "rr_onnx.h"

/* Files larger than this are refused before they are read (as rr_io.c). */
#define RR_MAX_FILE_BYTES (1L << 30)

rr_status rr_slurp(const char *path, char **buf, size_t *len, rr_err_t *err)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return rr_err_set(err, RR_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    rr_status st = RR_OK;
    for (;;) {
        if (!b) {
            st = rr_err_set(err, RR_ENOMEM, "%s: out of memory", path);
            break;
        }
        if (n == cap) {
            if (cap >= (size_t)RR_MAX_FILE_BYTES) {
                st = rr_err_set(err, RR_ELIMIT, "%s: file larger than %ld "
                                "bytes", path, RR_MAX_FILE_BYTES);
                break;
            }
            char *nb = realloc(b, cap * 2 + 1);
            if (!nb) {
                st = rr_err_set(err, RR_ENOMEM, "%s: out of memory", path);
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (!st && ferror(f))
        st = rr_err_set(err, RR_EIO, "%s: read error", path);
    fclose(f);
    if (st) {
        free(b);
        return st;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return RR_OK;
}

rr_format rr_format_of_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    if (!dot)
        return RR_FMT_UNKNOWN;
    if (!strcasecmp(dot, ".json"))
        return RR_FMT_JSON;
    if (!strcasecmp(dot, ".nnet"))
        return RR_FMT_NNET;
    if (!strcasecmp(dot, ".onnx"))
        return RR_FMT_ONNX;
    return RR_FMT_UNKNOWN;
}

const char *rr_format_name(rr_format f)
{
    switch (f) {
    case RR_FMT_JSON: return "JSON";
    case RR_FMT_NNET: return ".nnet";
    case RR_FMT_ONNX: return "ONNX";
    default: return "unknown";
    }
}

void rr_format_opts_default(rr_format_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->nnet_repr = RR_NNET_FOLD;
    o->onnx_float32 = 0;
}

/* A name for networks read from formats without one: the file's base name
 * without its extension. */
static rr_status name_from_path(rr_net_t *net, const char *path,
                                rr_err_t *err)
{
    if (net->name)
        return RR_OK;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *s = malloc(n + 1);
    if (!s)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    memcpy(s, base, n);
    s[n] = '\0';
    rr_status st = rr_net_set_name(net, s, err);
    free(s);
    return st;
}

rr_status rr_net_read_any_opts(rr_net_t *net, const char *path,
                               const rr_caps_t *caps,
                               const rr_format_opts_t *opts, rr_err_t *err)
{
    rr_format_opts_t def;
    if (!opts) {
        rr_format_opts_default(&def);
        opts = &def;
    }
    memset(net, 0, sizeof *net);
    rr_status st;
    switch (rr_format_of_path(path)) {
    case RR_FMT_NNET: {
        rr_nnet_t nn;
        if ((st = rr_nnet_read_file(&nn, path, caps, err)))
            return st;
        st = rr_nnet_to_net(net, &nn, opts->nnet_repr, err);
        rr_nnet_clear(&nn);
        if (st) {
            rr_err_prefix(err, "%s", path);
            return st;
        }
        break;
    }
    case RR_FMT_ONNX:
        if ((st = rr_onnx_read_file(net, path, caps, err)))
            return st;
        break;
    default:
        return rr_net_read_file(net, path, caps, err);
    }
    if ((st = name_from_path(net, path, err))) {
        rr_net_clear(net);
        return st;
    }
    return RR_OK;
}

rr_status rr_net_read_any(rr_net_t *net, const char *path,
                          const rr_caps_t *caps, rr_err_t *err)
{
    return rr_net_read_any_opts(net, path, caps, NULL, err);
}

rr_status rr_net_write_any(const char *path, const rr_net_t *net,
                           const rr_format_opts_t *opts, long *n_rounded,
                           rr_err_t *err)
{
    rr_format_opts_t def;
    if (!opts) {
        rr_format_opts_default(&def);
        opts = &def;
    }
    long dummy;
    if (!n_rounded)
        n_rounded = &dummy;
    *n_rounded = 0;
    switch (rr_format_of_path(path)) {
    case RR_FMT_JSON:
        return rr_net_write_file(path, net, err);
    case RR_FMT_NNET: {
        rr_nnet_t nn;
        rr_status st = rr_nnet_from_net(&nn, net, err);
        if (st)
            return st;
        st = rr_nnet_write_file(path, &nn, n_rounded, err);
        rr_nnet_clear(&nn);
        return st;
    }
    case RR_FMT_ONNX:
        return rr_onnx_write_file(path, net,
                                  opts->onnx_float32 ? RR_ONNX_FLOAT32
                                                     : RR_ONNX_FLOAT64,
                                  n_rounded, err);
    default:
        return rr_err_set(err, RR_EINPUT, "%s: cannot tell the output "
                          "format from the extension (use .json, .nnet or "
                          ".onnx)", path);
    }
}
