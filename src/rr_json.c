/* rr_json.c -- JSON writing helpers shared by the CLI and the vector
 * generators (exact rationals as strings, boxes, networks as documents).
 * See rr_json.h.  Not yet proved (I/O). */
#include "rr_json.h"

#include <stdio.h>
#include <stdlib.h>

#include "rr_io.h"
#include "rr_normal.h"

json_t *rr_json_q(mpq_srcptr q)
{
    char *s = rr_q_str(q);
    json_t *j = json_string(s ? s : "?");
    free(s);
    return j;
}

json_t *rr_json_qvec(mpq_srcptr q, long n)
{
    json_t *a = json_array();
    for (long i = 0; i < n; i++)
        json_array_append_new(a, rr_json_q(q + i));
    return a;
}

json_t *rr_json_box(mpq_srcptr lo, mpq_srcptr hi, long d)
{
    json_t *o = json_object();
    json_object_set_new(o, "lo", rr_json_qvec(lo, d));
    json_object_set_new(o, "hi", rr_json_qvec(hi, d));
    return o;
}

rr_status rr_json_net(json_t **out, const rr_net_t *net, rr_err_t *err)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    rr_status st = rr_net_write_stream(f, net, err);
    if (fclose(f) && !st)
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
    if (!st) {
        json_error_t je;
        *out = json_loadb(buf, len, 0, &je);
        if (!*out)
            st = rr_err_set(err, RR_EINTERNAL, "network JSON: %s", je.text);
    }
    free(buf);
    return st;
}

json_t *rr_json_invariants(const rr_inv_t *iv)
{
    long d = iv->d, k = iv->k, n1 = d + 1;
    json_t *inv = json_object(), *cl = json_array();
    for (long c = 0; c < iv->n; c++) {
        json_t *co = json_object();
        json_object_set_new(co, "direction", rr_json_qvec(iv->dir + c * n1, n1));
        json_object_set_new(co, "jump", rr_json_qvec(iv->jump + c * k, k));
        json_array_append_new(cl, co);
    }
    json_object_set_new(inv, "classes", cl);
    json_t *lin = json_array();
    for (long r = 0; r < k; r++)
        json_array_append_new(lin, rr_json_qvec(iv->lin + r * d, d));
    json_object_set_new(inv, "linear", lin);
    json_object_set_new(inv, "constant", rr_json_qvec(iv->cst, k));
    return inv;
}

static int dump_compact(FILE *f, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
    if (!s)
        return -1;
    int r = fputs(s, f) == EOF ? -1 : 0;
    free(s);
    return r;
}

rr_status rr_json_write_vectors(const char *path, json_t *hdr,
                                const rr_json_group_t *groups, long ngroups,
                                rr_err_t *err)
{
    rr_outfile_t o;
    rr_status st = rr_outfile_open(&o, path, err);
    if (st) {
        json_decref(hdr);
        return st;
    }
    FILE *f = o.f;
    int bad = fputs("{\n", f) == EOF;
    const char *key;
    json_t *v;
    json_object_foreach(hdr, key, v) {
        bad |= fprintf(f, "  \"%s\": ", key) < 0;
        bad |= json_dumpf(v, f, JSON_INDENT(2) | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
        bad |= fputs(",\n", f) == EOF;
    }
    json_decref(hdr);
    bad |= fputs("  \"testGroups\": [\n", f) == EOF;
    for (long i = 0; i < ngroups && !bad; i++) {
        const rr_json_group_t *gr = &groups[i];
        bad |= fputs("    {\n", f) == EOF;
        json_object_foreach(gr->meta, key, v) {
            bad |= fprintf(f, "      \"%s\": ", key) < 0;
            bad |= dump_compact(f, v);
            bad |= fputs(",\n", f) == EOF;
        }
        bad |= fputs("      \"network\": ", f) == EOF;
        bad |= dump_compact(f, gr->net);
        bad |= fputs(",\n      \"tests\": [\n", f) == EOF;
        size_t n = json_array_size(gr->tests);
        for (size_t t = 0; t < n && !bad; t++) {
            bad |= fputs("        ", f) == EOF;
            bad |= dump_compact(f, json_array_get(gr->tests, t));
            bad |= fputs(t + 1 < n ? ",\n" : "\n", f) == EOF;
        }
        bad |= fprintf(f, "      ]\n    }%s\n", i + 1 < ngroups ? "," : "") < 0;
    }
    bad |= fputs("  ]\n}\n", f) == EOF;
    if (bad) {
        rr_outfile_abort(&o);
        return rr_err_set(err, RR_EIO, "%s: write error", path);
    }
    return rr_outfile_commit(&o, err);
}
