#define _POSIX_C_SOURCE 200809L
#include "rr_io.h"
#include "rr_format.h"
#include "rr_json.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files larger than this are refused before they are read. */

static const int json_flags =
    JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL * 0;

/* ---- reading helpers ---------------------------------------------------- */

static rr_status parse_json(json_t **root, const char *buf, size_t len,
                            const char *name, rr_err_t *err)
{
    json_error_t je;
    *root = json_loadb(buf, len, json_flags, &je);
    if (!*root) {
        /* Keep the message on one line. */
        for (char *p = je.text; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        return rr_err_set(err, RR_EINPUT, "%s:%d:%d: %s", name, je.line,
                          je.column, je.text);
    }
    return RR_OK;
}

const char *rr_json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* An exact number: a string in the rr_num.h grammar, or a JSON number taken
 * as the binary64 value nearest to it (what float-trained weights are). */
rr_status rr_json_number(mpq_ptr q, const json_t *v, const rr_caps_t *caps,
                         rr_err_t *err)
{
    if (json_is_string(v))
        return rr_q_parse(q, json_string_value(v), caps, err);
    if (json_is_real(v))
        return rr_q_set_d(q, json_real_value(v), err);
    if (json_is_integer(v)) /* not produced with JSON_DECODE_INT_AS_REAL */
        return rr_q_set_d(q, (double)json_integer_value(v), err);
    return rr_err_set(err, RR_EINPUT,
                      "expected a number (a string such as \"-3/4\" or a "
                      "JSON number), got %s", rr_json_type_name(v));
}

/* A JSON array of exactly n numbers into q[0..n-1]; `what` is the path. */
static rr_status get_vector(mpq_ptr q, const json_t *v, long n,
                            const rr_caps_t *caps, const char *name,
                            const char *what, rr_err_t *err)
{
    if (!json_is_array(v))
        return rr_err_set(err, RR_EINPUT, "%s: %s: expected an array, got %s",
                          name, what, rr_json_type_name(v));
    long got = (long)json_array_size(v);
    if (got != n)
        return rr_err_set(err, RR_EINPUT,
                          "%s: %s: expected %ld entries, got %ld", name, what,
                          n, got);
    for (long k = 0; k < n; k++) {
        rr_status st = rr_json_number(q + k, json_array_get(v, (size_t)k), caps,
                                  err);
        if (st) {
            rr_err_prefix(err, "%s: %s[%ld]", name, what, k);
            return st;
        }
    }
    return RR_OK;
}

/* Reject keys that the format does not define ("x-" keys are extensions). */
static rr_status check_keys(const json_t *obj, const char *const *known,
                            const char *name, const char *where,
                            rr_err_t *err)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val) {
        (void)val;
        int ok = !strncmp(key, "x-", 2);
        for (const char *const *k = known; *k && !ok; k++)
            ok = !strcmp(key, *k);
        if (!ok) {
            /* Quote at most 40 bytes, control characters as '?', so that
             * the message stays on one line whatever the key holds. */
            char k[41];
            snprintf(k, sizeof k, "%s", key);
            for (char *p = k; *p; p++)
                if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
                    *p = '?';
            return rr_err_set(err, RR_EINPUT, "%s: %s: unknown key \"%s\"",
                              name, where, k);
        }
    }
    return RR_OK;
}

static rr_status get_long(long *out, const json_t *v, const char *name,
                          const char *what, rr_err_t *err)
{
    if (!json_is_number(v))
        return rr_err_set(err, RR_EINPUT, "%s: %s: expected an integer, got %s",
                          name, what, rr_json_type_name(v));
    double d = json_number_value(v);
    if (d != floor(d) || d < -1e15 || d > 1e15)
        return rr_err_set(err, RR_EINPUT, "%s: %s: expected an integer, got %g",
                          name, what, d);
    *out = (long)d;
    return RR_OK;
}

/* ---- networks ----------------------------------------------------------- */

static rr_status net_from_json(rr_net_t *net, const json_t *root,
                               size_t len, const char *name,
                               const rr_caps_t *caps, rr_err_t *err)
{
    static const char *const top_keys[] = {"format", "version", "name",
                                           "description", "architecture",
                                           "layers", "domain", NULL};
    static const char *const layer_keys[] = {"weights", "biases", NULL};
    static const char *const domain_keys[] = {"lo", "hi", NULL};
    char what[64];
    rr_status st;
    long *width = NULL;

    if (!json_is_object(root))
        return rr_err_set(err, RR_EINPUT,
                          "%s: expected a JSON object at top level, got %s",
                          name, rr_json_type_name(root));
    if ((st = check_keys(root, top_keys, name, "top level", err)))
        return st;
    const json_t *fmt = json_object_get(root, "format");
    if (fmt && (!json_is_string(fmt) ||
                strcmp(json_string_value(fmt), "reluref-network")))
        return rr_err_set(err, RR_EINPUT,
                          "%s: format: expected \"reluref-network\"", name);
    const json_t *ver = json_object_get(root, "version");
    if (!ver)
        return rr_err_set(err, RR_EINPUT, "%s: missing key \"version\"",
                          name);
    long version;
    if ((st = get_long(&version, ver, name, "version", err)))
        return st;
    if (version != 1)
        return rr_err_set(err, RR_EINPUT,
                          "%s: version: unsupported version %ld (this "
                          "reader knows 1)", name, version);

    const json_t *arch = json_object_get(root, "architecture");
    if (!arch)
        return rr_err_set(err, RR_EINPUT, "%s: missing key \"architecture\"",
                          name);
    if (!json_is_array(arch))
        return rr_err_set(err, RR_EINPUT,
                          "%s: architecture: expected an array, got %s", name,
                          rr_json_type_name(arch));
    long na = (long)json_array_size(arch);
    if (na < 2)
        return rr_err_set(err, RR_EINPUT,
                          "%s: architecture: needs at least 2 entries "
                          "(N_0, ..., N_L with L >= 1), got %ld", name, na);
    if (na - 1 > caps->max_depth)
        return rr_err_set(err, RR_ELIMIT,
                          "%s: architecture: depth %ld exceeds the cap %ld",
                          name, na - 1, caps->max_depth);
    width = malloc((size_t)na * sizeof *width);
    if (!width)
        return rr_err_set(err, RR_ENOMEM, "%s: out of memory", name);
    for (long l = 0; l < na; l++) {
        snprintf(what, sizeof what, "architecture[%ld]", l);
        if ((st = get_long(&width[l], json_array_get(arch, (size_t)l), name,
                           what, err)))
            goto fail;
        if (width[l] > caps->max_width) {
            st = rr_err_set(err, RR_ELIMIT,
                            "%s: %s = %ld exceeds the width cap %ld", name,
                            what, width[l], caps->max_width);
            goto fail;
        }
    }
    /* Every parameter takes at least two bytes of the file ("0,"): a short
     * file cannot declare a huge architecture and make us allocate it
     * before the layers are found missing. */
    if ((st = rr_arch_check((int)(na - 1), width, caps, err))) {
        rr_err_prefix(err, "%s", name);
        goto fail;
    }
    long declared = 0;
    for (long l = 1; l < na; l++)
        declared += width[l] * (width[l - 1] + 1);
    if (declared > (long)(len / 2) + 1) {
        st = rr_err_set(err, RR_EINPUT,
                        "%s: architecture declares %ld parameters but the "
                        "file has only %zu bytes", name, declared, len);
        goto fail;
    }
    if ((st = rr_net_init(net, (int)(na - 1), width, caps, err))) {
        rr_err_prefix(err, "%s", name);
        goto fail;
    }

    const json_t *layers = json_object_get(root, "layers");
    if (!layers) {
        st = rr_err_set(err, RR_EINPUT, "%s: missing key \"layers\"", name);
        goto fail_net;
    }
    if (!json_is_array(layers)) {
        st = rr_err_set(err, RR_EINPUT, "%s: layers: expected an array, got %s",
                        name, rr_json_type_name(layers));
        goto fail_net;
    }
    if ((long)json_array_size(layers) != na - 1) {
        st = rr_err_set(err, RR_EINPUT,
                        "%s: layers: architecture has L = %ld layers but "
                        "\"layers\" has %ld entries", name, na - 1,
                        (long)json_array_size(layers));
        goto fail_net;
    }
    for (int l = 0; l < net->depth; l++) {
        const json_t *lay = json_array_get(layers, (size_t)l);
        long m = net->width[l + 1], n = net->width[l];
        snprintf(what, sizeof what, "layers[%d]", l);
        if (!json_is_object(lay)) {
            st = rr_err_set(err, RR_EINPUT, "%s: %s: expected an object, got %s",
                            name, what, rr_json_type_name(lay));
            goto fail_net;
        }
        if ((st = check_keys(lay, layer_keys, name, what, err)))
            goto fail_net;
        const json_t *W = json_object_get(lay, "weights");
        const json_t *B = json_object_get(lay, "biases");
        if (!W || !B) {
            st = rr_err_set(err, RR_EINPUT, "%s: %s: missing key \"%s\"", name,
                            what, W ? "biases" : "weights");
            goto fail_net;
        }
        if (!json_is_array(W) || (long)json_array_size(W) != m) {
            st = rr_err_set(err, RR_EINPUT,
                            "%s: %s.weights: expected an array of %ld rows "
                            "(N_%d), got %s%s%ld", name, what, m, l + 1,
                            json_is_array(W) ? "" : rr_json_type_name(W),
                            json_is_array(W) ? "" : " / ",
                            json_is_array(W) ? (long)json_array_size(W) : 0L);
            goto fail_net;
        }
        for (long i = 0; i < m; i++) {
            char rw[96];
            snprintf(rw, sizeof rw, "%s.weights[%ld]", what, i);
            if ((st = get_vector(net->w[l] + i * n,
                                 json_array_get(W, (size_t)i), n, caps, name,
                                 rw, err)))
                goto fail_net;
        }
        char bw[96];
        snprintf(bw, sizeof bw, "%s.biases", what);
        if ((st = get_vector(net->b[l], B, m, caps, name, bw, err)))
            goto fail_net;
    }

    const json_t *dom = json_object_get(root, "domain");
    if (dom) {
        if (!json_is_object(dom)) {
            st = rr_err_set(err, RR_EINPUT, "%s: domain: expected an object, "
                            "got %s", name, rr_json_type_name(dom));
            goto fail_net;
        }
        if ((st = check_keys(dom, domain_keys, name, "domain", err)))
            goto fail_net;
        const json_t *lo = json_object_get(dom, "lo");
        const json_t *hi = json_object_get(dom, "hi");
        if (!lo || !hi) {
            st = rr_err_set(err, RR_EINPUT, "%s: domain: missing key \"%s\"",
                            name, lo ? "hi" : "lo");
            goto fail_net;
        }
        long d = net->width[0];
        if ((st = get_vector(net->lo, lo, d, caps, name, "domain.lo", err)) ||
            (st = get_vector(net->hi, hi, d, caps, name, "domain.hi", err)))
            goto fail_net;
        for (long k = 0; k < d; k++)
            if (mpq_cmp(net->lo + k, net->hi + k) >= 0) {
                st = rr_err_set(err, RR_EINPUT,
                                "%s: domain: lo[%ld] must be < hi[%ld]", name,
                                k, k);
                goto fail_net;
            }
        net->has_domain = 1;
    }
    for (int s = 0; s < 2; s++) {
        const char *key = s ? "description" : "name";
        const json_t *v = json_object_get(root, key);
        if (!v)
            continue;
        if (!json_is_string(v)) {
            st = rr_err_set(err, RR_EINPUT, "%s: %s: expected a string, got %s",
                            name, key, rr_json_type_name(v));
            goto fail_net;
        }
        st = s ? rr_net_set_description(net, json_string_value(v), err)
               : rr_net_set_name(net, json_string_value(v), err);
        if (st)
            goto fail_net;
    }
    free(width);
    return RR_OK;

fail_net:
    rr_net_clear(net);
fail:
    free(width);
    return st;
}

rr_status rr_net_read_buffer(rr_net_t *net, const char *buf, size_t len,
                             const char *name, const rr_caps_t *caps,
                             rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    memset(net, 0, sizeof *net);
    json_t *root;
    rr_status st = parse_json(&root, buf, len, name, err);
    if (st)
        return st;
    st = net_from_json(net, root, len, name, caps, err);
    json_decref(root);
    return st;
}

rr_status rr_net_read_file(rr_net_t *net, const char *path,
                           const rr_caps_t *caps, rr_err_t *err)
{
    char *buf;
    size_t len;
    memset(net, 0, sizeof *net);
    rr_status st = rr_slurp(path, &buf, &len, err);
    if (st)
        return st;
    st = rr_net_read_buffer(net, buf, len, path, caps, err);
    free(buf);
    return st;
}

/* ---- writing ------------------------------------------------------------ */

/* Write q as a JSON string "p/q". */
static int put_q(FILE *f, mpq_srcptr q)
{
    char *s = rr_q_str(q);
    if (!s)
        return -1;
    int r = fprintf(f, "\"%s\"", s);
    free(s);
    return r < 0 ? -1 : 0;
}

static int put_qvec(FILE *f, mpq_srcptr q, long n)
{
    if (fputc('[', f) == EOF)
        return -1;
    for (long k = 0; k < n; k++) {
        if (k && fputs(", ", f) == EOF)
            return -1;
        if (put_q(f, q + k))
            return -1;
    }
    return fputc(']', f) == EOF ? -1 : 0;
}

/* A JSON string with jansson's escaping. */
static int put_string(FILE *f, const char *s)
{
    json_t *j = json_string(s);
    if (!j) /* not valid UTF-8: write it with invalid bytes replaced */
        j = json_string("(name not valid UTF-8)");
    int r = json_dumpf(j, f, JSON_ENCODE_ANY);
    json_decref(j);
    return r;
}

rr_status rr_net_write_stream(FILE *f, const rr_net_t *net, rr_err_t *err)
{
    int bad = 0;
    bad |= fprintf(f, "{\n  \"format\": \"reluref-network\",\n"
                      "  \"version\": 1,\n") < 0;
    if (net->name) {
        bad |= fputs("  \"name\": ", f) == EOF;
        bad |= put_string(f, net->name);
        bad |= fputs(",\n", f) == EOF;
    }
    if (net->description) {
        bad |= fputs("  \"description\": ", f) == EOF;
        bad |= put_string(f, net->description);
        bad |= fputs(",\n", f) == EOF;
    }
    bad |= fputs("  \"architecture\": [", f) == EOF;
    for (int l = 0; l <= net->depth; l++)
        bad |= fprintf(f, "%s%ld", l ? ", " : "", net->width[l]) < 0;
    bad |= fputs("],\n", f) == EOF;
    if (net->has_domain) {
        bad |= fputs("  \"domain\": {\n    \"lo\": ", f) == EOF;
        bad |= put_qvec(f, net->lo, net->width[0]);
        bad |= fputs(",\n    \"hi\": ", f) == EOF;
        bad |= put_qvec(f, net->hi, net->width[0]);
        bad |= fputs("\n  },\n", f) == EOF;
    }
    bad |= fputs("  \"layers\": [\n", f) == EOF;
    for (int l = 0; l < net->depth && !bad; l++) {
        long m = net->width[l + 1], n = net->width[l];
        bad |= fputs("    {\n      \"weights\": [\n", f) == EOF;
        for (long i = 0; i < m && !bad; i++) {
            bad |= fputs("        ", f) == EOF;
            bad |= put_qvec(f, net->w[l] + i * n, n);
            bad |= fputs(i + 1 < m ? ",\n" : "\n", f) == EOF;
        }
        bad |= fputs("      ],\n      \"biases\": ", f) == EOF;
        bad |= put_qvec(f, net->b[l], m);
        bad |= fprintf(f, "\n    }%s\n", l + 1 < net->depth ? "," : "") < 0;
    }
    bad |= fputs("  ]\n}\n", f) == EOF;
    if (bad)
        return rr_err_set(err, RR_EIO, "write error");
    return RR_OK;
}

rr_status rr_outfile_open(rr_outfile_t *o, const char *path, rr_err_t *err)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path);
        free(o->tmp);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    memcpy(o->path, path, n + 1);
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        rr_status st = rr_err_set(err, RR_EIO, "%s: cannot create: %s", path,
                                  strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return st;
    }
    return RR_OK;
}

rr_status rr_outfile_commit(rr_outfile_t *o, rr_err_t *err)
{
    rr_status st = RR_OK;
    int bad = ferror(o->f);
    /* mkstemp creates the file 0600; give it the usual umask-based mode. */
    mode_t mask = umask(0);
    umask(mask);
    bad |= fchmod(fileno(o->f), 0666 & ~mask) != 0;
    bad |= fflush(o->f) != 0;
    bad |= fclose(o->f) != 0;
    o->f = NULL;
    if (bad)
        st = rr_err_set(err, RR_EIO, "%s: write error: %s", o->path,
                        strerror(errno));
    else if (rename(o->tmp, o->path) != 0)
        st = rr_err_set(err, RR_EIO, "%s: cannot rename into place: %s",
                        o->path, strerror(errno));
    if (st)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return st;
}

void rr_outfile_abort(rr_outfile_t *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

rr_status rr_net_write_file(const char *path, const rr_net_t *net,
                            rr_err_t *err)
{
    rr_outfile_t o;
    rr_status st = rr_outfile_open(&o, path, err);
    if (st)
        return st;
    if ((st = rr_net_write_stream(o.f, net, err))) {
        rr_err_prefix(err, "%s", path);
        rr_outfile_abort(&o);
        return st;
    }
    return rr_outfile_commit(&o, err);
}

/* ---- points ------------------------------------------------------------- */

void rr_points_clear(rr_points_t *pts)
{
    rr_qvec_free(pts->x, pts->n * pts->d);
    memset(pts, 0, sizeof *pts);
}

static rr_status points_alloc(rr_points_t *pts, long n, long d, rr_err_t *err)
{
    pts->n = n;
    pts->d = d;
    pts->x = rr_qvec_new(n * d);
    if (!pts->x) {
        memset(pts, 0, sizeof *pts);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    return RR_OK;
}

rr_status rr_points_parse_list(rr_points_t *pts, const char *list, long d,
                               const rr_caps_t *caps, rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    memset(pts, 0, sizeof *pts);
    long count = 1;
    for (const char *p = list; *p; p++)
        count += (*p == ',');
    if (count != d)
        return rr_err_set(err, RR_EINPUT,
                          "--at: expected %ld coordinates (the input "
                          "dimension), got %ld", d, count);
    rr_status st = points_alloc(pts, 1, d, err);
    if (st)
        return st;
    size_t len = strlen(list);
    char *copy = malloc(len + 1);
    if (!copy) {
        rr_points_clear(pts);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    memcpy(copy, list, len + 1);
    char *tok = copy;
    for (long k = 0; k < d; k++) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        if ((st = rr_q_parse(pts->x + k, tok, caps, err))) {
            rr_err_prefix(err, "--at: coordinate %ld", k + 1);
            rr_points_clear(pts);
            break;
        }
        tok = comma ? comma + 1 : tok + strlen(tok);
    }
    free(copy);
    return st;
}

rr_status rr_points_read_buffer(rr_points_t *pts, const char *buf,
                                size_t len, const char *name, long d,
                                const rr_caps_t *caps, rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    memset(pts, 0, sizeof *pts);
    json_t *root;
    rr_status st = parse_json(&root, buf, len, name, err);
    if (st)
        return st;
    const json_t *arr = root;
    if (json_is_object(root)) {
        static const char *const keys[] = {"points", NULL};
        if ((st = check_keys(root, keys, name, "top level", err)))
            goto out;
        arr = json_object_get(root, "points");
        if (!arr) {
            st = rr_err_set(err, RR_EINPUT, "%s: missing key \"points\"", name);
            goto out;
        }
    }
    if (!json_is_array(arr)) {
        st = rr_err_set(err, RR_EINPUT, "%s: points: expected an array, got %s",
                        name, rr_json_type_name(arr));
        goto out;
    }
    long n = (long)json_array_size(arr);
    if (n == 0) {
        st = rr_err_set(err, RR_EINPUT, "%s: points: no points", name);
        goto out;
    }
    if (n > caps->max_points) {
        st = rr_err_set(err, RR_ELIMIT, "%s: points: %ld points exceed the cap "
                        "%ld", name, n, caps->max_points);
        goto out;
    }
    if ((st = points_alloc(pts, n, d, err)))
        goto out;
    for (long p = 0; p < n; p++) {
        char what[48];
        snprintf(what, sizeof what, "points[%ld]", p);
        if ((st = get_vector(pts->x + p * d, json_array_get(arr, (size_t)p), d,
                             caps, name, what, err))) {
            rr_points_clear(pts);
            goto out;
        }
    }
out:
    json_decref(root);
    return st;
}

rr_status rr_points_read_file(rr_points_t *pts, const char *path, long d,
                              const rr_caps_t *caps, rr_err_t *err)
{
    char *buf;
    size_t len;
    memset(pts, 0, sizeof *pts);
    rr_status st = rr_slurp(path, &buf, &len, err);
    if (st)
        return st;
    st = rr_points_read_buffer(pts, buf, len, path, d, caps, err);
    free(buf);
    return st;
}
