/* rr_dataset.c -- data sets for the loss landscape (spec/landscape.md,
 * "Data set format"): reading with jansson, exact numbers, errors naming the
 * file and the JSON path.  Not yet proved. */
#include "rr_landscape.h"
#include "rr_format.h"
#include "rr_json.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


rr_status rr_dataset_init(rr_dataset_t *ds, long n, long d, long k,
                          rr_err_t *err)
{
    memset(ds, 0, sizeof *ds);
    ds->x = rr_qvec_new(n * d);
    ds->y = rr_qvec_new(n * k);
    if (!ds->x || !ds->y) {
        rr_qvec_free(ds->x, n * d);
        rr_qvec_free(ds->y, n * k);
        memset(ds, 0, sizeof *ds);
        return rr_err_set(err, RR_ENOMEM, "out of memory allocating a data set");
    }
    ds->n = n;
    ds->d = d;
    ds->k = k;
    return RR_OK;
}

void rr_dataset_clear(rr_dataset_t *ds)
{
    rr_qvec_free(ds->x, ds->n * ds->d);
    rr_qvec_free(ds->y, ds->n * ds->k);
    free(ds->name);
    memset(ds, 0, sizeof *ds);
}

/* The rows of key (an array of n arrays of equal length >= 1): *dim is set
 * from row 0 when 0 on entry. */
static rr_status ds_rows_shape(long *n, long *dim, const json_t *arr,
                               const char *name, const char *key,
                               const rr_caps_t *caps, rr_err_t *err)
{
    if (!arr)
        return rr_err_set(err, RR_EINPUT, "%s: missing key \"%s\"", name, key);
    if (!json_is_array(arr))
        return rr_err_set(err, RR_EINPUT, "%s: %s: expected an array, got %s",
                          name, key, rr_json_type_name(arr));
    *n = (long)json_array_size(arr);
    if (*n == 0)
        return rr_err_set(err, RR_EINPUT, "%s: %s: no data points", name, key);
    if (*n > caps->max_points)
        return rr_err_set(err, RR_ELIMIT,
                          "%s: %s: %ld points exceed the cap %ld", name, key,
                          *n, caps->max_points);
    const json_t *r0 = json_array_get(arr, 0);
    if (!json_is_array(r0))
        return rr_err_set(err, RR_EINPUT,
                          "%s: %s[0]: expected an array, got %s", name, key,
                          rr_json_type_name(r0));
    *dim = (long)json_array_size(r0);
    if (*dim == 0)
        return rr_err_set(err, RR_EINPUT, "%s: %s[0]: empty vector", name,
                          key);
    if (*dim > caps->max_width)
        return rr_err_set(err, RR_ELIMIT,
                          "%s: %s[0]: dimension %ld exceeds the width cap %ld",
                          name, key, *dim, caps->max_width);
    if (*n * *dim > caps->max_params)
        return rr_err_set(err, RR_ELIMIT,
                          "%s: %s: more than %ld numbers (the parameter cap)",
                          name, key, caps->max_params);
    return RR_OK;
}

static rr_status ds_rows(mpq_ptr q, const json_t *arr, long n, long dim,
                         const char *name, const char *key,
                         const rr_caps_t *caps, rr_err_t *err)
{
    for (long p = 0; p < n; p++) {
        const json_t *row = json_array_get(arr, (size_t)p);
        if (!json_is_array(row))
            return rr_err_set(err, RR_EINPUT,
                              "%s: %s[%ld]: expected an array, got %s", name,
                              key, p, rr_json_type_name(row));
        long got = (long)json_array_size(row);
        if (got != dim)
            return rr_err_set(err, RR_EINPUT,
                              "%s: %s[%ld]: expected %ld entries (as %s[0]), "
                              "got %ld", name, key, p, dim, key, got);
        for (long i = 0; i < dim; i++) {
            rr_status st = rr_json_number(q + p * dim + i,
                                     json_array_get(row, (size_t)i), caps,
                                     err);
            if (st) {
                rr_err_prefix(err, "%s: %s[%ld][%ld]", name, key, p, i);
                return st;
            }
        }
    }
    return RR_OK;
}

static rr_status ds_from_json(rr_dataset_t *ds, const json_t *root,
                              const char *name, const rr_caps_t *caps,
                              rr_err_t *err)
{
    if (!json_is_object(root))
        return rr_err_set(err, RR_EINPUT,
                          "%s: top level: expected an object, got %s", name,
                          rr_json_type_name(root));
    static const char *const keys[] = {"format", "version", "name",
                                       "description", "inputs", "targets",
                                       NULL};
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)root, key, val) {
        int ok = !strncmp(key, "x-", 2);
        for (const char *const *k = keys; *k && !ok; k++)
            ok = !strcmp(key, *k);
        if (!ok)
            return rr_err_set(err, RR_EINPUT,
                              "%s: top level: unknown key \"%.40s\"", name,
                              key);
    }
    const json_t *fmt = json_object_get(root, "format");
    if (fmt && (!json_is_string(fmt) ||
                strcmp(json_string_value(fmt), "reluref-dataset")))
        return rr_err_set(err, RR_EINPUT,
                          "%s: format: expected \"reluref-dataset\"", name);
    const json_t *ver = json_object_get(root, "version");
    if (!ver)
        return rr_err_set(err, RR_EINPUT, "%s: missing key \"version\"", name);
    if (!json_is_number(ver) || json_number_value(ver) != 1.0)
        return rr_err_set(err, RR_EINPUT,
                          "%s: version: expected 1 (the only version)", name);
    const json_t *nm = json_object_get(root, "name");
    if (nm && !json_is_string(nm))
        return rr_err_set(err, RR_EINPUT, "%s: name: expected a string, got %s",
                          name, rr_json_type_name(nm));
    const json_t *de = json_object_get(root, "description");
    if (de && !json_is_string(de))
        return rr_err_set(err, RR_EINPUT,
                          "%s: description: expected a string, got %s", name,
                          rr_json_type_name(de));
    const json_t *in = json_object_get(root, "inputs");
    const json_t *tg = json_object_get(root, "targets");
    long n, d, nt, k;
    rr_status st;
    if ((st = ds_rows_shape(&n, &d, in, name, "inputs", caps, err)) ||
        (st = ds_rows_shape(&nt, &k, tg, name, "targets", caps, err)))
        return st;
    if (nt != n)
        return rr_err_set(err, RR_EINPUT,
                          "%s: targets: %ld targets for %ld inputs", name, nt,
                          n);
    if ((st = rr_dataset_init(ds, n, d, k, err)))
        return st;
    if ((st = ds_rows(ds->x, in, n, d, name, "inputs", caps, err)) ||
        (st = ds_rows(ds->y, tg, n, k, name, "targets", caps, err))) {
        rr_dataset_clear(ds);
        return st;
    }
    if (nm) {
        ds->name = strdup(json_string_value(nm));
        if (!ds->name) {
            rr_dataset_clear(ds);
            return rr_err_set(err, RR_ENOMEM, "%s: out of memory", name);
        }
    }
    return RR_OK;
}

rr_status rr_dataset_read_buffer(rr_dataset_t *ds, const char *buf,
                                 size_t len, const char *name,
                                 const rr_caps_t *caps, rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    memset(ds, 0, sizeof *ds);
    json_error_t je;
    json_t *root = json_loadb(buf, len,
                              JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL,
                              &je);
    if (!root) {
        for (char *p = je.text; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        return rr_err_set(err, RR_EINPUT, "%s:%d:%d: %s", name, je.line,
                          je.column, je.text);
    }
    rr_status st = ds_from_json(ds, root, name, caps, err);
    json_decref(root);
    return st;
}

rr_status rr_dataset_read_file(rr_dataset_t *ds, const char *path,
                               const rr_caps_t *caps, rr_err_t *err)
{
    char *buf = NULL;
    size_t len = 0;
    memset(ds, 0, sizeof *ds);
    rr_status st = rr_slurp(path, &buf, &len, err);
    if (st)
        return st;
    st = rr_dataset_read_buffer(ds, buf, len, path, caps, err);
    free(buf);
    return st;
}
