/* rr_onnx.c -- ONNX reader and writer (rr_onnx.h, spec/formats.md). */
#include "rr_onnx.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "onnx.pb-c.h"
#include "rr_format.h"
#include "rr_io.h"

enum { T_FLOAT = 1, T_INT64 = 7, T_DOUBLE = 11 };

/* ---- small helpers ------------------------------------------------------ */

static const char *dtype_name(int t)
{
    static const char *const names[] = {
        "UNDEFINED", "FLOAT",  "UINT8",  "INT8",      "UINT16",
        "INT16",     "INT32",  "INT64",  "STRING",    "BOOL",
        "FLOAT16",   "DOUBLE", "UINT32", "UINT64",    "COMPLEX64",
        "COMPLEX128", "BFLOAT16"};
    return t >= 0 && t < (int)(sizeof names / sizeof *names) ? names[t]
                                                             : "unknown";
}

static uint64_t le_bytes(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* ---- reading: tensors ----------------------------------------------------- */

typedef struct ctx {
    const char *name;
    const rr_caps_t *caps;
    rr_err_t *err;
    /* Constant nodes' outputs, usable as initializers */
    const Onnx__TensorProto **cst;
    const char **cst_name;
    size_t ncst;
} ctx;

static const Onnx__TensorProto *find_init(const ctx *c,
                                          const Onnx__GraphProto *g,
                                          const char *nm)
{
    for (size_t i = 0; i < g->n_initializer; i++)
        if (g->initializer[i]->name && !strcmp(g->initializer[i]->name, nm))
            return g->initializer[i];
    for (size_t i = 0; i < c->ncst; i++)
        if (!strcmp(c->cst_name[i], nm))
            return c->cst[i];
    return NULL;
}

/* Number of elements of t (product of dims), or -1 with err set. */
static long tensor_count(const ctx *c, const Onnx__TensorProto *t)
{
    long n = 1;
    for (size_t k = 0; k < t->n_dims; k++) {
        if (t->dims[k] < 0 || t->dims[k] > (int64_t)c->caps->max_params) {
            rr_err_set(c->err, RR_ELIMIT, "%s: initializer \"%s\": "
                       "dimension %lld out of range", c->name,
                       t->name ? t->name : "", (long long)t->dims[k]);
            return -1;
        }
        n *= (long)t->dims[k];
        if (n > c->caps->max_params) {
            rr_err_set(c->err, RR_ELIMIT, "%s: initializer \"%s\": more than "
                       "%ld elements (the parameter cap)", c->name,
                       t->name ? t->name : "", c->caps->max_params);
            return -1;
        }
    }
    return n;
}

/* The n values of a FLOAT or DOUBLE tensor, exactly, into q. */
static rr_status tensor_values(const ctx *c, const Onnx__TensorProto *t,
                               mpq_ptr q, long n)
{
    const char *tn = t->name ? t->name : "";
    if (t->has_data_location &&
        t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
        return rr_err_set(c->err, RR_EINPUT, "%s: initializer \"%s\": data "
                          "in an external file is not supported", c->name, tn);
    int dt = t->has_data_type ? t->data_type : 0;
    if (dt != T_FLOAT && dt != T_DOUBLE)
        return rr_err_set(c->err, RR_EINPUT, "%s: initializer \"%s\": data "
                          "type %s is not supported (FLOAT or DOUBLE)",
                          c->name, tn, dtype_name(dt));
    int w = dt == T_FLOAT ? 4 : 8;
    long have = t->has_raw_data ? (long)(t->raw_data.len / (size_t)w)
                : dt == T_FLOAT ? (long)t->n_float_data
                                : (long)t->n_double_data;
    if ((t->has_raw_data && t->raw_data.len % (size_t)w) || have != n)
        return rr_err_set(c->err, RR_EINPUT, "%s: initializer \"%s\": its "
                          "shape has %ld elements but it holds %s%ld",
                          c->name, tn, n,
                          t->has_raw_data && t->raw_data.len % (size_t)w
                              ? "a partial element after "
                              : "",
                          have);
    for (long k = 0; k < n; k++) {
        double v;
        if (t->has_raw_data) {
            uint64_t bits = le_bytes(t->raw_data.data + (size_t)k * (size_t)w,
                                     w);
            if (w == 4) {
                uint32_t b32 = (uint32_t)bits;
                float f;
                memcpy(&f, &b32, 4);
                v = f;
            } else
                memcpy(&v, &bits, 8);
        } else
            v = dt == T_FLOAT ? (double)t->float_data[k] : t->double_data[k];
        if (!isfinite(v))
            return rr_err_set(c->err, RR_EINPUT, "%s: initializer \"%s\"[%ld]: "
                              "not a finite number", c->name, tn, k);
        rr_q_set_d(q + k, v, NULL);
    }
    return RR_OK;
}

/* The values of an INT64 tensor (Reshape shapes). */
static rr_status tensor_ints(const ctx *c, const Onnx__TensorProto *t,
                             int64_t *v, long n)
{
    const char *tn = t->name ? t->name : "";
    int dt = t->has_data_type ? t->data_type : 0;
    if (dt != T_INT64)
        return rr_err_set(c->err, RR_EINPUT, "%s: tensor \"%s\": expected "
                          "INT64, got %s", c->name, tn, dtype_name(dt));
    long have = t->has_raw_data ? (long)(t->raw_data.len / 8)
                                : (long)t->n_int64_data;
    if (have != n || (t->has_raw_data && t->raw_data.len % 8))
        return rr_err_set(c->err, RR_EINPUT, "%s: tensor \"%s\": its shape "
                          "has %ld elements but it holds %ld", c->name, tn, n,
                          have);
    for (long k = 0; k < n; k++)
        v[k] = t->has_raw_data
                   ? (int64_t)le_bytes(t->raw_data.data + (size_t)k * 8, 8)
                   : t->int64_data[k];
    return RR_OK;
}

/* ---- reading: the data path ----------------------------------------------- */

typedef struct layer {
    long m, n;
    mpq_ptr w, b; /* m*n and m */
} layer;

typedef struct path {
    long n;        /* current width (-1: not yet known) */
    int pend_id;   /* the pending affine map is the identity */
    layer pend;    /* otherwise: value = pend.w * base + pend.b */
    int after_relu;
    layer *lay;    /* finished layers (a ReLU after each but the last) */
    int nlay, caplay;
} dpath;

static void layer_free(layer *l)
{
    rr_qvec_free(l->w, l->m * l->n);
    rr_qvec_free(l->b, l->m);
    memset(l, 0, sizeof *l);
}

static rr_status layer_alloc(layer *l, long m, long n, rr_err_t *err)
{
    l->m = m;
    l->n = n;
    l->w = rr_qvec_new(m * n);
    l->b = rr_qvec_new(m);
    if (!l->w || !l->b) {
        layer_free(l);
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    }
    return RR_OK;
}

static rr_status identity_layer(layer *l, long n, rr_err_t *err)
{
    rr_status st = layer_alloc(l, n, n, err);
    for (long i = 0; !st && i < n; i++)
        mpq_set_ui(l->w + i * n + i, 1, 1);
    return st;
}

static rr_status push_layer(dpath *p, layer *l, rr_err_t *err)
{
    if (p->nlay == p->caplay) {
        int nc = p->caplay ? 2 * p->caplay : 8;
        layer *nl = realloc(p->lay, (size_t)nc * sizeof *nl);
        if (!nl)
            return rr_err_set(err, RR_ENOMEM, "out of memory");
        p->lay = nl;
        p->caplay = nc;
    }
    p->lay[p->nlay++] = *l;
    memset(l, 0, sizeof *l);
    return RR_OK;
}

static void path_free(dpath *p)
{
    if (!p->pend_id)
        layer_free(&p->pend);
    for (int i = 0; i < p->nlay; i++)
        layer_free(&p->lay[i]);
    free(p->lay);
}

/* Compose the affine map y = W v + b (W m x n, row-major in w) after the
 * pending one.  w, b are consumed (freed or moved). */
static rr_status compose(dpath *p, layer *nw, rr_err_t *err)
{
    if (p->pend_id) {
        p->pend = *nw;
        memset(nw, 0, sizeof *nw);
        p->pend_id = 0;
    } else {
        layer r;
        long m = nw->m, k = nw->n, n = p->pend.n;
        rr_status st = layer_alloc(&r, m, n, err);
        if (st)
            return st;
        mpq_t t;
        mpq_init(t);
        for (long i = 0; i < m; i++) {
            mpq_set(r.b + i, nw->b + i);
            for (long j = 0; j < k; j++) {
                mpq_srcptr a = nw->w + i * k + j;
                if (!mpq_sgn(a))
                    continue;
                for (long c = 0; c < n; c++) {
                    mpq_mul(t, a, p->pend.w + j * n + c);
                    mpq_add(r.w + i * n + c, r.w + i * n + c, t);
                }
                mpq_mul(t, a, p->pend.b + j);
                mpq_add(r.b + i, r.b + i, t);
            }
        }
        mpq_clear(t);
        layer_free(&p->pend);
        layer_free(nw);
        p->pend = r;
    }
    p->n = p->pend.m;
    p->after_relu = 0;
    return RR_OK;
}

/* Finish the pending affine map as a layer (a ReLU follows it unless it is
 * the last). */
static rr_status finish(dpath *p, rr_err_t *err)
{
    if (p->pend_id) {
        layer id;
        rr_status st = identity_layer(&id, p->n, err);
        if (st)
            return st;
        st = push_layer(p, &id, err);
        if (st)
            layer_free(&id);
        return st;
    }
    rr_status st = push_layer(p, &p->pend, err);
    if (!st)
        p->pend_id = 1;
    return st;
}

static const Onnx__AttributeProto *attr(const Onnx__NodeProto *nd,
                                        const char *nm)
{
    for (size_t i = 0; i < nd->n_attribute; i++)
        if (nd->attribute[i]->name && !strcmp(nd->attribute[i]->name, nm))
            return nd->attribute[i];
    return NULL;
}

/* Reading errors about node k. */
#define NODE_ERR(code, ...)                                                  \
    do {                                                                     \
        rr_err_set(c->err, code, __VA_ARGS__);                               \
        rr_err_prefix(c->err, "%s: node %zu (\"%s\")", c->name, k,           \
                      nd->name ? nd->name : "");                             \
        return code;                                                         \
    } while (0)

/* An m x n affine layer must respect the caps (identity layers and exact
 * compositions are built here, not read). */
static int too_big(const ctx *c, long m, long n)
{
    return m > c->caps->max_width || n > c->caps->max_width ||
           m * n > c->caps->max_params;
}

/* Read a 2-D initializer as the weight matrix of y = W v: if `as_is`, the
 * tensor is [m, n] = W, else [n, m] = W^T. */
static rr_status get_matrix(const ctx *c, const Onnx__GraphProto *g,
                            const Onnx__NodeProto *nd, size_t k,
                            const char *tname, int as_is, long n_expect,
                            layer *out)
{
    const Onnx__TensorProto *t = find_init(c, g, tname);
    if (!t)
        NODE_ERR(RR_EINPUT, "operand \"%s\" is neither the data nor an "
                 "initializer", tname);
    if (t->n_dims != 2)
        NODE_ERR(RR_EINPUT, "weight \"%s\" has %zu dimensions (2 expected)",
                 tname, t->n_dims);
    long cnt = tensor_count(c, t);
    if (cnt < 0)
        return c->err->code;
    long r = (long)t->dims[0], s = (long)t->dims[1];
    long m = as_is ? r : s, n = as_is ? s : r;
    if (m > c->caps->max_width || n > c->caps->max_width)
        NODE_ERR(RR_ELIMIT, "weight \"%s\" [%ld, %ld] exceeds the width cap "
                 "%ld", tname, r, s, c->caps->max_width);
    if (m < 1 || n < 1)
        NODE_ERR(RR_EINPUT, "weight \"%s\" is empty", tname);
    if (n_expect >= 0 && n != n_expect)
        NODE_ERR(RR_EINPUT, "weight \"%s\" [%ld, %ld] does not fit an input "
                 "of width %ld", tname, r, s, n_expect);
    mpq_ptr v = rr_qvec_new(cnt);
    if (!v)
        return rr_err_set(c->err, RR_ENOMEM, "out of memory");
    rr_status st = tensor_values(c, t, v, cnt);
    if (!st)
        st = layer_alloc(out, m, n, c->err);
    if (!st)
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++)
                mpq_swap(out->w + i * n + j,
                         v + (as_is ? i * n + j : j * m + i));
    rr_qvec_free(v, cnt);
    return st;
}

/* A bias for width m: shape [], [1], [m], [1, m] or [m, 1] (broadcast). */
static rr_status get_bias(const ctx *c, const Onnx__GraphProto *g,
                          const Onnx__NodeProto *nd, size_t k,
                          const char *tname, long m, mpq_ptr b)
{
    const Onnx__TensorProto *t = find_init(c, g, tname);
    if (!t)
        NODE_ERR(RR_EINPUT, "operand \"%s\" is neither the data nor an "
                 "initializer", tname);
    long cnt = tensor_count(c, t);
    if (cnt < 0)
        return c->err->code;
    int ok = t->n_dims <= 2 && (cnt == 1 || cnt == m);
    for (size_t i = 0; ok && i < t->n_dims; i++)
        ok = t->dims[i] == 1 || t->dims[i] == m;
    if (!ok || m < 0)
        NODE_ERR(RR_EINPUT, "bias \"%s\" with %ld elements does not fit "
                 "width %ld", tname, cnt, m);
    mpq_ptr v = rr_qvec_new(cnt);
    if (!v)
        return rr_err_set(c->err, RR_ENOMEM, "out of memory");
    rr_status st = tensor_values(c, t, v, cnt);
    for (long i = 0; !st && i < m; i++)
        mpq_set(b + i, v + (cnt == 1 ? 0 : i));
    rr_qvec_free(v, cnt);
    return st;
}

/* The exact value of a float attribute (default def). */
static void float_attr(mpq_ptr q, const Onnx__NodeProto *nd, const char *nm,
                       double def)
{
    const Onnx__AttributeProto *a = attr(nd, nm);
    rr_q_set_d(q, a && a->has_f ? (double)a->f : def, NULL);
}

static long int_attr(const Onnx__NodeProto *nd, const char *nm, long def)
{
    const Onnx__AttributeProto *a = attr(nd, nm);
    return a && a->has_i ? (long)a->i : def;
}

static rr_status do_node(ctx *c, const Onnx__GraphProto *g, dpath *p,
                         const Onnx__NodeProto *nd, size_t k,
                         const char *cur)
{
    const char *op = nd->op_type ? nd->op_type : "";
    size_t ni = nd->n_input;
    int data = -1;
    for (size_t i = 0; i < ni; i++)
        if (nd->input[i] && !strcmp(nd->input[i], cur)) {
            if (data >= 0)
                NODE_ERR(RR_EINPUT, "%s uses the data \"%s\" twice", op, cur);
            data = (int)i;
        }
    if (!strcmp(op, "Identity") || !strcmp(op, "Flatten")) {
        if (data != 0)
            goto not_on_path;
        return RR_OK;
    }
    if (!strcmp(op, "Reshape")) {
        if (data != 0 || ni != 2)
            goto not_on_path;
        const Onnx__TensorProto *t = find_init(c, g, nd->input[1]);
        if (!t)
            NODE_ERR(RR_EINPUT, "Reshape: the shape \"%s\" is not an "
                     "initializer or a Constant", nd->input[1]);
        long cnt = tensor_count(c, t);
        if (cnt < 0)
            return c->err->code;
        if (cnt > 8)
            NODE_ERR(RR_EINPUT, "Reshape to %ld dimensions: only a vector is "
                     "supported", cnt);
        int64_t sh[8];
        rr_status st = tensor_ints(c, t, sh, cnt);
        if (st) {
            rr_err_prefix(c->err, "node %zu (\"%s\")", k,
                          nd->name ? nd->name : "");
            return st;
        }
        int big = 0, minus = 0;
        for (long i = 0; i < cnt; i++) {
            if (sh[i] == -1)
                minus++;
            else if (sh[i] != 1 && sh[i] != 0) {
                big++;
                if (p->n >= 0 && sh[i] != p->n)
                    big += 2;
            }
        }
        if (big > 1 || minus > 1 || (big == 1 && minus == 1))
            NODE_ERR(RR_EINPUT, "Reshape: only a reshape of a vector of "
                     "width %ld to a vector is supported", p->n);
        return RR_OK;
    }
    if (!strcmp(op, "Relu")) {
        if (data != 0)
            goto not_on_path;
        if (p->pend_id && p->after_relu)
            return RR_OK; /* rho(rho(z)) = rho(z) */
        if (p->n < 0)
            NODE_ERR(RR_EINPUT, "Relu on an input of unknown width (give the "
                     "graph input a shape)");
        if (p->pend_id && too_big(c, p->n, p->n))
            NODE_ERR(RR_ELIMIT, "Relu on the input: an identity layer of "
                     "width %ld exceeds the caps", p->n);
        rr_status st = finish(p, c->err);
        if (st)
            return st;
        p->after_relu = 1;
        return RR_OK;
    }
    if (!strcmp(op, "Gemm")) {
        if (data != 0 || ni < 2 || ni > 3)
            goto not_on_path;
        if (int_attr(nd, "transA", 0))
            NODE_ERR(RR_EINPUT, "Gemm with transA = 1 is not supported");
        layer w;
        rr_status st = get_matrix(c, g, nd, k, nd->input[1],
                                  int_attr(nd, "transB", 0) != 0, p->n, &w);
        if (st)
            return st;
        mpq_t alpha, beta;
        mpq_init(alpha);
        mpq_init(beta);
        float_attr(alpha, nd, "alpha", 1.0);
        float_attr(beta, nd, "beta", 1.0);
        for (long e = 0; e < w.m * w.n; e++)
            mpq_mul(w.w + e, w.w + e, alpha);
        if (ni == 3 && nd->input[2] && nd->input[2][0]) {
            st = get_bias(c, g, nd, k, nd->input[2], w.m, w.b);
            for (long i = 0; !st && i < w.m; i++)
                mpq_mul(w.b + i, w.b + i, beta);
        }
        mpq_clear(alpha);
        mpq_clear(beta);
        if (!st && !p->pend_id && too_big(c, w.m, p->pend.n)) {
            long wm = w.m;
            layer_free(&w);
            NODE_ERR(RR_ELIMIT, "composing with the previous affine node "
                     "gives a %ld x %ld layer, beyond the caps", wm,
                     p->pend.n);
        }
        if (!st)
            st = compose(p, &w, c->err);
        if (st)
            layer_free(&w);
        return st;
    }
    if (!strcmp(op, "MatMul")) {
        if (data < 0 || ni != 2)
            goto not_on_path;
        layer w;
        /* x W (x a row, W [n, m]) or W x (W [m, n], x a column) */
        rr_status st = get_matrix(c, g, nd, k, nd->input[1 - data], data == 1,
                                  p->n, &w);
        if (!st && !p->pend_id && too_big(c, w.m, p->pend.n)) {
            long wm = w.m;
            layer_free(&w);
            NODE_ERR(RR_ELIMIT, "composing with the previous affine node "
                     "gives a %ld x %ld layer, beyond the caps", wm,
                     p->pend.n);
        }
        if (!st)
            st = compose(p, &w, c->err);
        if (st)
            layer_free(&w);
        return st;
    }
    if (!strcmp(op, "Add")) {
        if (data < 0 || ni != 2)
            goto not_on_path;
        if (p->n < 0)
            NODE_ERR(RR_EINPUT, "Add on an input of unknown width (give the "
                     "graph input a shape)");
        if (too_big(c, p->n, p->n))
            NODE_ERR(RR_ELIMIT, "Add: a layer of width %ld exceeds the caps",
                     p->n);
        layer w;
        rr_status st = identity_layer(&w, p->n, c->err);
        if (!st)
            st = get_bias(c, g, nd, k, nd->input[1 - data], p->n, w.b);
        if (!st)
            st = compose(p, &w, c->err);
        if (st)
            layer_free(&w);
        return st;
    }
    NODE_ERR(RR_EINPUT, "unsupported operator %s", op);
not_on_path:
    NODE_ERR(RR_EINPUT, "%s does not take the network's data \"%s\" as its "
             "main operand (only a single chain of supported operators is "
             "read)", op, cur);
}

/* The width of the graph input from its shape, or -1 when unknown. */
static long input_width(const Onnx__ValueInfoProto *vi)
{
    if (!vi->type || vi->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE ||
        !vi->type->tensor_type || !vi->type->tensor_type->shape)
        return -1;
    const Onnx__TensorShapeProto *sh = vi->type->tensor_type->shape;
    long n = 1;
    for (size_t i = 0; i < sh->n_dim; i++) {
        const Onnx__TensorShapeProto__Dimension *dm = sh->dim[i];
        int known = dm->value_case ==
                    ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
        if (i == 0 && sh->n_dim > 1 && (!known || dm->dim_value == 1))
            continue; /* a batch dimension */
        if (!known || dm->dim_value < 1 || dm->dim_value > (1L << 30))
            return -1;
        n *= (long)dm->dim_value;
        if (n > (1L << 30))
            return -1;
    }
    return n;
}

/* "lo1,...,lod;hi1,...,hid" from metadata_props["reluref.domain"]. */
static rr_status read_domain(const ctx *c, rr_net_t *net, const char *v)
{
    long d = net->width[0];
    size_t n = strlen(v);
    char *s = malloc(n + 1);
    if (!s)
        return rr_err_set(c->err, RR_ENOMEM, "out of memory");
    memcpy(s, v, n + 1);
    char *semi = strchr(s, ';');
    rr_status st = RR_OK;
    if (!semi)
        st = rr_err_set(c->err, RR_EINPUT, "%s: metadata reluref.domain: "
                        "expected \"lo,...;hi,...\"", c->name);
    if (!st) {
        *semi = '\0';
        rr_points_t lo = {0}, hi = {0};
        st = rr_points_parse_list(&lo, s, d, c->caps, c->err);
        if (!st)
            st = rr_points_parse_list(&hi, semi + 1, d, c->caps, c->err);
        if (st)
            rr_err_prefix(c->err, "%s: metadata reluref.domain", c->name);
        for (long j = 0; !st && j < d; j++) {
            if (mpq_cmp(lo.x + j, hi.x + j) >= 0)
                st = rr_err_set(c->err, RR_EINPUT, "%s: metadata "
                                "reluref.domain: lo[%ld] must be < hi[%ld]",
                                c->name, j, j);
            mpq_set(net->lo + j, lo.x + j);
            mpq_set(net->hi + j, hi.x + j);
        }
        if (!st)
            net->has_domain = 1;
        rr_points_clear(&lo);
        rr_points_clear(&hi);
    }
    free(s);
    return st;
}

static rr_status read_model(rr_net_t *net, const Onnx__ModelProto *m, ctx *c)
{
    const Onnx__GraphProto *g = m->graph;
    if (!g)
        return rr_err_set(c->err, RR_EINPUT, "%s: the model has no graph",
                          c->name);
    /* the data input: the graph input that is not an initializer */
    const Onnx__ValueInfoProto *in = NULL;
    for (size_t i = 0; i < g->n_input; i++) {
        const char *nm = g->input[i]->name ? g->input[i]->name : "";
        if (find_init(c, g, nm))
            continue;
        if (in)
            return rr_err_set(c->err, RR_EINPUT, "%s: the graph has several "
                              "inputs (\"%s\", \"%s\"): one is supported",
                              c->name, in->name, nm);
        in = g->input[i];
    }
    if (!in)
        return rr_err_set(c->err, RR_EINPUT, "%s: the graph has no input",
                          c->name);
    if (g->n_output != 1)
        return rr_err_set(c->err, RR_EINPUT, "%s: the graph has %zu outputs: "
                          "one is supported", c->name, g->n_output);
    dpath p = {input_width(in), 1, {0}, 0, NULL, 0, 0};
    long d = p.n;
    const char *cur = in->name ? in->name : "";
    rr_status st = RR_OK;
    c->cst = calloc(g->n_node + 1, sizeof *c->cst);
    c->cst_name = calloc(g->n_node + 1, sizeof *c->cst_name);
    if (!c->cst || !c->cst_name)
        st = rr_err_set(c->err, RR_ENOMEM, "out of memory");
    for (size_t k = 0; !st && k < g->n_node; k++) {
        const Onnx__NodeProto *nd = g->node[k];
        const char *op = nd->op_type ? nd->op_type : "";
        if (nd->domain && nd->domain[0] && strcmp(nd->domain, "ai.onnx")) {
            st = rr_err_set(c->err, RR_EINPUT, "%s: node %zu (\"%s\"): "
                            "unsupported operator %s.%s", c->name, k,
                            nd->name ? nd->name : "", nd->domain, op);
            break;
        }
        if (!strcmp(op, "Constant")) {
            const Onnx__AttributeProto *a = attr(nd, "value");
            if (!a || !a->t || nd->n_output != 1) {
                st = rr_err_set(c->err, RR_EINPUT, "%s: node %zu (\"%s\"): "
                                "Constant without a tensor \"value\"",
                                c->name, k, nd->name ? nd->name : "");
                break;
            }
            c->cst[c->ncst] = a->t;
            c->cst_name[c->ncst++] = nd->output[0];
            continue;
        }
        if ((st = do_node(c, g, &p, nd, k, cur)))
            break;
        if (nd->n_output < 1 || !nd->output[0]) {
            st = rr_err_set(c->err, RR_EINPUT, "%s: node %zu (\"%s\"): no "
                            "output", c->name, k, nd->name ? nd->name : "");
            break;
        }
        cur = nd->output[0];
        if (d < 0 && p.nlay > 0)
            d = p.lay[0].n;
        if (d < 0 && !p.pend_id)
            d = p.pend.n;
    }
    if (!st && strcmp(g->output[0]->name ? g->output[0]->name : "", cur))
        st = rr_err_set(c->err, RR_EINPUT, "%s: the graph output \"%s\" is "
                        "not the end of the chain of nodes from the input "
                        "(\"%s\")", c->name, g->output[0]->name, cur);
    if (!st && p.n < 0)
        st = rr_err_set(c->err, RR_EINPUT, "%s: the input width is unknown "
                        "(no shape and no affine node)", c->name);
    /* the last affine map, or an identity after a final Relu / no node */
    if (!st && p.pend_id && (p.after_relu || p.nlay == 0) &&
        too_big(c, p.n, p.n))
        st = rr_err_set(c->err, RR_ELIMIT, "%s: an identity layer of width "
                        "%ld exceeds the caps", c->name, p.n);
    if (!st && (!p.pend_id || p.after_relu || p.nlay == 0))
        st = finish(&p, c->err);
    long *width = NULL;
    if (!st) {
        if (d < 0)
            d = p.lay[0].n;
        width = malloc((size_t)(p.nlay + 1) * sizeof *width);
        if (!width)
            st = rr_err_set(c->err, RR_ENOMEM, "out of memory");
    }
    if (!st) {
        width[0] = p.lay[0].n;
        for (int l = 0; l < p.nlay; l++)
            width[l + 1] = p.lay[l].m;
        if (width[0] != d)
            st = rr_err_set(c->err, RR_EINPUT, "%s: the graph input has "
                            "width %ld but the first layer expects %ld",
                            c->name, d, width[0]);
        else if ((st = rr_net_init(net, p.nlay, width, c->caps, c->err)))
            rr_err_prefix(c->err, "%s", c->name);
    }
    if (!st) {
        for (int l = 0; l < p.nlay; l++) {
            for (long e = 0; e < p.lay[l].m * p.lay[l].n; e++)
                mpq_swap(net->w[l] + e, p.lay[l].w + e);
            for (long i = 0; i < p.lay[l].m; i++)
                mpq_swap(net->b[l] + i, p.lay[l].b + i);
        }
        for (size_t i = 0; !st && i < m->n_metadata_props; i++) {
            const Onnx__StringStringEntryProto *e = m->metadata_props[i];
            if (e->key && e->value && !strcmp(e->key, "reluref.domain"))
                st = read_domain(c, net, e->value);
        }
        if (!st && g->name && g->name[0])
            st = rr_net_set_name(net, g->name, c->err);
        if (!st && m->doc_string && m->doc_string[0])
            st = rr_net_set_description(net, m->doc_string, c->err);
        if (st)
            rr_net_clear(net);
    }
    free(width);
    path_free(&p);
    free(c->cst);
    free(c->cst_name);
    return st;
}

rr_status rr_onnx_read_buffer(rr_net_t *net, const void *buf, size_t len,
                              const char *name, const rr_caps_t *caps,
                              rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    memset(net, 0, sizeof *net);
    Onnx__ModelProto *m = onnx__model_proto__unpack(NULL, len, buf);
    if (!m)
        return rr_err_set(err, RR_EINPUT, "%s: not an ONNX model (protobuf "
                          "decoding failed)", name);
    ctx c = {name, caps, err, NULL, NULL, 0};
    rr_status st = read_model(net, m, &c);
    onnx__model_proto__free_unpacked(m, NULL);
    return st;
}

rr_status rr_onnx_read_file(rr_net_t *net, const char *path,
                            const rr_caps_t *caps, rr_err_t *err)
{
    char *buf;
    size_t len;
    memset(net, 0, sizeof *net);
    rr_status st = rr_slurp(path, &buf, &len, err);
    if (st)
        return st;
    st = rr_onnx_read_buffer(net, buf, len, path, caps, err);
    free(buf);
    return st;
}

/* ---- writing -------------------------------------------------------------- */

/* Everything the writer allocates, freed at once. */
typedef struct wbuf {
    void **p;
    size_t n, cap;
    int oom;
} wbuf;

static void *walloc(wbuf *b, size_t size);

/* Little-endian raw data of n values rounded to the format. */
static rr_status put_raw(wbuf *wb, ProtobufCBinaryData *bd, mpq_srcptr q,
                         long n, rr_onnx_dtype dt, long *rounded,
                         const char *what, rr_err_t *err)
{
    size_t w = dt == RR_ONNX_FLOAT32 ? 4 : 8;
    bd->len = (size_t)n * w;
    bd->data = walloc(wb, bd->len);
    if (!bd->data)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    for (long k = 0; k < n; k++) {
        int inexact;
        uint64_t bits;
        if (dt == RR_ONNX_FLOAT32) {
            float f = rr_q_get_f(q + k, &inexact);
            if (isinf(f))
                return rr_err_set(err, RR_EINPUT, "%s[%ld]: beyond the "
                                  "binary32 range", what, k);
            uint32_t b;
            memcpy(&b, &f, 4);
            bits = b;
        } else {
            double v = rr_q_get_d(q + k, &inexact);
            if (isinf(v))
                return rr_err_set(err, RR_EINPUT, "%s[%ld]: beyond the "
                                  "binary64 range", what, k);
            memcpy(&bits, &v, 8);
        }
        *rounded += inexact != 0;
        for (size_t i = 0; i < w; i++)
            bd->data[(size_t)k * w + i] = (uint8_t)(bits >> (8 * i));
    }
    return RR_OK;
}

static void *walloc(wbuf *b, size_t size)
{
    void *v = calloc(1, size ? size : 1);
    if (v && b->n == b->cap) {
        size_t nc = b->cap ? 2 * b->cap : 64;
        void **np = realloc(b->p, nc * sizeof *np);
        if (!np) {
            free(v);
            v = NULL;
        } else {
            b->p = np;
            b->cap = nc;
        }
    }
    if (!v) {
        b->oom = 1;
        return NULL;
    }
    b->p[b->n++] = v;
    return v;
}

static char *wstr(wbuf *b, const char *fmt, long a)
{
    char *s = walloc(b, 48);
    if (s)
        snprintf(s, 48, fmt, a);
    return s;
}

static Onnx__ValueInfoProto *value_info(wbuf *b, const char *nm, int et,
                                        long width)
{
    Onnx__ValueInfoProto *vi = walloc(b, sizeof *vi);
    Onnx__TypeProto *tp = walloc(b, sizeof *tp);
    Onnx__TypeProto__Tensor *tt = walloc(b, sizeof *tt);
    Onnx__TensorShapeProto *sh = walloc(b, sizeof *sh);
    Onnx__TensorShapeProto__Dimension **dims = walloc(b, 2 * sizeof *dims);
    Onnx__TensorShapeProto__Dimension *d0 = walloc(b, sizeof *d0);
    Onnx__TensorShapeProto__Dimension *d1 = walloc(b, sizeof *d1);
    if (b->oom)
        return NULL;
    onnx__value_info_proto__init(vi);
    onnx__type_proto__init(tp);
    onnx__type_proto__tensor__init(tt);
    onnx__tensor_shape_proto__init(sh);
    onnx__tensor_shape_proto__dimension__init(d0);
    onnx__tensor_shape_proto__dimension__init(d1);
    d0->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
    d0->dim_value = 1;
    d1->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
    d1->dim_value = width;
    dims[0] = d0;
    dims[1] = d1;
    sh->n_dim = 2;
    sh->dim = dims;
    tt->has_elem_type = 1;
    tt->elem_type = et;
    tt->shape = sh;
    tp->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    tp->tensor_type = tt;
    vi->name = (char *)nm;
    vi->type = tp;
    return vi;
}

static Onnx__TensorProto *tensor(wbuf *b, const char *nm, int et, long m,
                                 long n, int ndims)
{
    Onnx__TensorProto *t = walloc(b, sizeof *t);
    int64_t *dims = walloc(b, 2 * sizeof *dims);
    if (b->oom)
        return NULL;
    onnx__tensor_proto__init(t);
    dims[0] = m;
    dims[1] = n;
    t->n_dims = (size_t)ndims;
    t->dims = dims;
    t->has_data_type = 1;
    t->data_type = et;
    t->name = (char *)nm;
    t->has_raw_data = 1;
    return t;
}

static Onnx__NodeProto *node(wbuf *b, const char *op, const char *nm,
                             const char *const *in, size_t nin,
                             const char *out)
{
    Onnx__NodeProto *nd = walloc(b, sizeof *nd);
    char **ins = walloc(b, nin * sizeof *ins);
    char **outs = walloc(b, sizeof *outs);
    if (b->oom)
        return NULL;
    onnx__node_proto__init(nd);
    for (size_t i = 0; i < nin; i++)
        ins[i] = (char *)in[i];
    outs[0] = (char *)out;
    nd->n_input = nin;
    nd->input = ins;
    nd->n_output = 1;
    nd->output = outs;
    nd->name = (char *)nm;
    nd->op_type = (char *)op;
    return nd;
}

static char *domain_string(const rr_net_t *net)
{
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    for (int h = 0; s && h < 2; h++)
        for (long j = 0; s && j < net->width[0]; j++) {
            char *q = rr_q_str(h ? net->hi + j : net->lo + j);
            if (!q) {
                free(s);
                return NULL;
            }
            size_t k = strlen(q);
            if (n + k + 2 > cap) {
                cap = 2 * (n + k + 2);
                char *ns = realloc(s, cap);
                if (!ns) {
                    free(s);
                    free(q);
                    return NULL;
                }
                s = ns;
            }
            if (j)
                s[n++] = ',';
            else if (h)
                s[n++] = ';';
            memcpy(s + n, q, k);
            n += k;
            s[n] = '\0';
            free(q);
        }
    return s;
}

rr_status rr_onnx_write_buffer(unsigned char **out, size_t *outlen,
                               const rr_net_t *net, rr_onnx_dtype dt,
                               long *n_rounded, rr_err_t *err)
{
    *out = NULL;
    *outlen = 0;
    int et = dt == RR_ONNX_FLOAT32 ? T_FLOAT : T_DOUBLE;
    int L = net->depth;
    long rounded = 0;
    rr_status st = RR_OK;
    wbuf b = {0};
    char *dom = NULL;
    Onnx__ModelProto model;
    Onnx__GraphProto graph;
    Onnx__OperatorSetIdProto opset, *opsets[1] = {&opset};
    Onnx__StringStringEntryProto prop, *props[1] = {&prop};
    onnx__model_proto__init(&model);
    onnx__graph_proto__init(&graph);
    onnx__operator_set_id_proto__init(&opset);
    onnx__string_string_entry_proto__init(&prop);
    opset.domain = "";
    opset.has_version = 1;
    opset.version = 13;
    model.has_ir_version = 1;
    model.ir_version = 7;
    model.n_opset_import = 1;
    model.opset_import = opsets;
    model.producer_name = "reluref";
    model.producer_version = "1";
    model.doc_string = net->description;
    model.graph = &graph;
    graph.name = net->name ? net->name : "reluref";
    Onnx__NodeProto **nodes = walloc(&b, (size_t)(2 * L) * sizeof *nodes);
    Onnx__TensorProto **inits = walloc(&b, (size_t)(2 * L) * sizeof *inits);
    Onnx__ValueInfoProto *vin = value_info(&b, "input", et, net->width[0]);
    Onnx__ValueInfoProto *vout = value_info(&b, "output", et, net->width[L]);
    if (b.oom) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    const char *prev = "input";
    size_t nn = 0;
    for (int l = 0; l < L; l++) {
        long m = net->width[l + 1], n = net->width[l];
        char *wn = wstr(&b, "W%ld", l), *bn = wstr(&b, "B%ld", l);
        char *zn = l + 1 < L ? wstr(&b, "z%ld", l) : "output";
        char *yn = wstr(&b, "y%ld", l);
        char *gn = wstr(&b, "Gemm_%ld", l), *rn = wstr(&b, "Relu_%ld", l);
        Onnx__TensorProto *tw = tensor(&b, wn, et, m, n, 2);
        Onnx__TensorProto *tb = tensor(&b, bn, et, m, 0, 1);
        const char *gin[3] = {prev, wn, bn};
        Onnx__NodeProto *gemm = node(&b, "Gemm", gn, gin, 3, zn);
        Onnx__AttributeProto *tB = walloc(&b, sizeof *tB);
        Onnx__AttributeProto **attrs = walloc(&b, sizeof *attrs);
        if (b.oom) {
            st = rr_err_set(err, RR_ENOMEM, "out of memory");
            goto out;
        }
        onnx__attribute_proto__init(tB);
        tB->name = "transB";
        tB->has_type = 1;
        tB->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
        tB->has_i = 1;
        tB->i = 1;
        attrs[0] = tB;
        gemm->n_attribute = 1;
        gemm->attribute = attrs;
        char what[64];
        snprintf(what, sizeof what, "layers[%d].weights", l);
        if ((st = put_raw(&b, &tw->raw_data, net->w[l], m * n, dt, &rounded,
                          what, err)))
            goto out;
        snprintf(what, sizeof what, "layers[%d].biases", l);
        if ((st = put_raw(&b, &tb->raw_data, net->b[l], m, dt, &rounded,
                          what, err)))
            goto out;
        inits[2 * l] = tw;
        inits[2 * l + 1] = tb;
        nodes[nn++] = gemm;
        if (l + 1 < L) {
            const char *rin[1] = {zn};
            Onnx__NodeProto *relu = node(&b, "Relu", rn, rin, 1, yn);
            if (!relu) {
                st = rr_err_set(err, RR_ENOMEM, "out of memory");
                goto out;
            }
            nodes[nn++] = relu;
            prev = yn;
        }
    }
    graph.n_node = nn;
    graph.node = nodes;
    graph.n_initializer = (size_t)(2 * L);
    graph.initializer = inits;
    graph.n_input = 1;
    graph.input = &vin;
    graph.n_output = 1;
    graph.output = &vout;
    if (net->has_domain) {
        if (!(dom = domain_string(net))) {
            st = rr_err_set(err, RR_ENOMEM, "out of memory");
            goto out;
        }
        prop.key = "reluref.domain";
        prop.value = dom;
        model.n_metadata_props = 1;
        model.metadata_props = props;
    }
    size_t len = onnx__model_proto__get_packed_size(&model);
    *out = malloc(len ? len : 1);
    if (!*out) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto out;
    }
    *outlen = onnx__model_proto__pack(&model, *out);
    if (n_rounded)
        *n_rounded = rounded;
out:
    for (size_t i = 0; i < b.n; i++)
        free(b.p[i]);
    free(b.p);
    free(dom);
    return st;
}

rr_status rr_onnx_write_file(const char *path, const rr_net_t *net,
                             rr_onnx_dtype dtype, long *n_rounded,
                             rr_err_t *err)
{
    unsigned char *buf;
    size_t len;
    rr_status st = rr_onnx_write_buffer(&buf, &len, net, dtype, n_rounded, err);
    if (st) {
        rr_err_prefix(err, "%s", path);
        return st;
    }
    rr_outfile_t o;
    if ((st = rr_outfile_open(&o, path, err))) {
        free(buf);
        return st;
    }
    if (fwrite(buf, 1, len, o.f) != len) {
        free(buf);
        rr_outfile_abort(&o);
        return rr_err_set(err, RR_EIO, "%s: write error", path);
    }
    free(buf);
    return rr_outfile_commit(&o, err);
}
