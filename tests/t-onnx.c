/* t-onnx.c -- ONNX: how TestNetwork2.onnx relates to TestNetwork2.nnet
 * (exactly), round trips, the supported operators on models encoded here by
 * a small independent protobuf writer, and malformed models. */
#include "rr_test.h"

#include <math.h>
#include <stdint.h>
#include <unistd.h>

#include "rr_format.h"
#include "rr_nnet.h"
#include "rr_onnx.h"

#define TN2 "tests/data/nnet/TestNetwork2.nnet"
#define TN2_ONNX "tests/data/nnet/TestNetwork2.onnx"

/* ---- TestNetwork2.onnx vs TestNetwork2.nnet ------------------------------- */

/* Every initializer of TestNetwork2.onnx is the binary32 nearest to the
 * corresponding parameter of TestNetwork2.nnet with the normalization folded
 * in exactly (sisl/NNet's nnet2onnx.py folds in binary64, then casts to
 * binary32; for this file that equals the correctly rounded value of the
 * exact fold everywhere).  The ONNX file has no clamping. */
static void test_testnetwork2(void **state)
{
    (void)state;
    rr_net_t o, f;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_any(&o, TN2_ONNX, NULL, &err), err);
    RR_OK_OR_FAIL(rr_net_read_any(&f, TN2, NULL, &err), err);
    assert_int_equal(o.depth, f.depth);
    for (int l = 0; l <= o.depth; l++)
        assert_int_equal(o.width[l], f.width[l]);
    assert_false(o.has_domain);
    assert_true(rr_net_is_dyadic(&o));
    long inexact = 0, n = 0;
    mpq_t r;
    mpq_init(r);
    for (int l = 0; l < o.depth; l++) {
        long cnt = o.width[l + 1] * (o.width[l] + 1);
        for (long e = 0; e < cnt; e++) {
            long mn = o.width[l + 1] * o.width[l];
            mpq_srcptr a = e < mn ? o.w[l] + e : o.b[l] + (e - mn);
            mpq_srcptr b = e < mn ? f.w[l] + e : f.b[l] + (e - mn);
            int ix;
            float v = rr_q_get_f(b, &ix);
            mpq_set_d(r, (double)v);
            if (!mpq_equal(a, r))
                fail_msg("layer %d entry %ld: not the binary32 nearest to the "
                         "folded .nnet value", l, e);
            inexact += ix != 0;
            n++;
        }
    }
    assert_int_equal(n, 13305);
    assert_int_equal(inexact, 13304); /* the ONNX file is rounded */
    /* without folding the relation fails in the first layer */
    rr_nnet_t nn;
    RR_OK_OR_FAIL(rr_nnet_read_file(&nn, TN2, NULL, &err), err);
    mpq_set_d(r, (double)rr_q_get_f(rr_net_weight(&nn.raw, 0, 0, 0), NULL));
    assert_false(mpq_equal(r, rr_net_weight(&o, 0, 0, 0)));
    /* but it holds as it is for the middle layers */
    mpq_set_d(r, (double)rr_q_get_f(rr_net_weight(&nn.raw, 3, 7, 9), NULL));
    assert_true(mpq_equal(r, rr_net_weight(&o, 3, 7, 9)));
    rr_nnet_clear(&nn);
    /* writing the folded network in binary32 gives the same network */
    unsigned char *buf;
    size_t len;
    long rounded;
    RR_OK_OR_FAIL(rr_onnx_write_buffer(&buf, &len, &f, RR_ONNX_FLOAT32,
                                       &rounded, &err), err);
    assert_int_equal(rounded, 13304);
    rr_net_t w;
    RR_OK_OR_FAIL(rr_onnx_read_buffer(&w, buf, len, "w.onnx", NULL, &err), err);
    free(buf);
    assert_true(w.has_domain); /* the box travels as metadata */
    assert_true(mpq_equal(w.hi + 0, f.hi + 0));
    rr_net_clear(&w);
    mpq_clear(r);
    rr_net_clear(&o);
    rr_net_clear(&f);
}

static void roundtrip(const rr_net_t *net, rr_onnx_dtype dt, long want_rounded)
{
    unsigned char *buf;
    size_t len;
    long rounded = -1;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_onnx_write_buffer(&buf, &len, net, dt, &rounded, &err),
                  err);
    rr_net_t back;
    RR_OK_OR_FAIL(rr_onnx_read_buffer(&back, buf, len, "rt.onnx", NULL, &err),
                  err);
    free(buf);
    if (want_rounded == 0) {
        assert_int_equal(rounded, 0);
        assert_true(rr_net_equal(net, &back));
    } else {
        assert_true(rounded > 0);
        /* every value is the nearest binary64 / binary32 */
        for (int l = 0; l < net->depth; l++)
            for (long e = 0; e < net->width[l + 1] * net->width[l]; e++) {
                mpq_t r;
                mpq_init(r);
                if (dt == RR_ONNX_FLOAT32)
                    mpq_set_d(r, (double)rr_q_get_f(net->w[l] + e, NULL));
                else
                    mpq_set_d(r, rr_q_get_d(net->w[l] + e, NULL));
                assert_true(mpq_equal(r, back.w[l] + e));
                mpq_clear(r);
            }
    }
    if (net->name)
        assert_string_equal(net->name, back.name);
    rr_net_clear(&back);
}

static void test_roundtrips(void **state)
{
    (void)state;
    rr_rand_t r;
    rr_rand_seed(&r, 13);
    for (int t = 0; t < 24; t++) {
        int depth = 1 + (int)rr_rand_below(&r, 4);
        long width[6];
        for (int l = 0; l <= depth; l++)
            width[l] = 1 + (long)rr_rand_below(&r, 5);
        rr_net_t net;
        int kind = t % 3; /* 0 rationals, 1 binary64 values, 2 integers */
        rand_net(&net, &r, depth, width, kind);
        if (t % 2) {
            for (long k = 0; k < width[0]; k++) {
                rand_q(net.lo + k, &r, 0);
                mpq_set_si(net.hi + k, 1, 3);
                mpq_add(net.hi + k, net.hi + k, net.lo + k);
            }
            net.has_domain = 1;
        }
        if (t % 4 == 1)
            rr_net_set_name(&net, "named", NULL);
        roundtrip(&net, RR_ONNX_FLOAT64, kind == 0);
        roundtrip(&net, RR_ONNX_FLOAT32, kind != 2);
        rr_net_clear(&net);
    }
    /* the real network: binary32 values survive both formats exactly */
    rr_net_t o;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_any(&o, TN2_ONNX, NULL, &err), err);
    roundtrip(&o, RR_ONNX_FLOAT32, 0);
    roundtrip(&o, RR_ONNX_FLOAT64, 0);
    rr_net_clear(&o);
    /* a value beyond binary32 */
    rr_net_t big;
    net_from_str(&big, "{\"version\": 1, \"architecture\": [1, 1], \"layers\": "
                       "[{\"weights\": [[\"1e39\"]], \"biases\": [\"0\"]}]}");
    unsigned char *buf;
    size_t len;
    assert_int_equal(rr_onnx_write_buffer(&buf, &len, &big, RR_ONNX_FLOAT32,
                                          NULL, &err), RR_EINPUT);
    assert_string_equal(err.msg, "layers[0].weights[0]: beyond the binary32 range");
    rr_net_clear(&big);
}

/* ---- a small protobuf writer (independent of protobuf-c) ------------------ */

typedef struct pb {
    unsigned char *b;
    size_t n, cap;
} pb;

static void pb_raw(pb *p, const void *d, size_t n)
{
    if (p->n + n > p->cap) {
        p->cap = 2 * (p->n + n) + 64;
        p->b = realloc(p->b, p->cap);
        assert_non_null(p->b);
    }
    memcpy(p->b + p->n, d, n);
    p->n += n;
}

static void pb_varint(pb *p, uint64_t v)
{
    do {
        unsigned char c = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            c |= 0x80;
        pb_raw(p, &c, 1);
    } while (v);
}

static void pb_int(pb *p, int field, int64_t v)
{
    pb_varint(p, (uint64_t)field << 3);
    pb_varint(p, (uint64_t)v);
}

static void pb_bytes(pb *p, int field, const void *d, size_t n)
{
    pb_varint(p, (uint64_t)field << 3 | 2);
    pb_varint(p, n);
    pb_raw(p, d, n);
}

static void pb_str(pb *p, int field, const char *s)
{
    pb_bytes(p, field, s, strlen(s));
}

/* Append sub as a message field and free it. */
static void pb_msg(pb *p, int field, pb *sub)
{
    pb_bytes(p, field, sub->b, sub->n);
    free(sub->b);
    memset(sub, 0, sizeof *sub);
}

static void le(unsigned char *o, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        o[i] = (unsigned char)(v >> (8 * i));
}

enum { RAW, FIELD };

/* TensorProto: dims 1, data_type 2, float_data 4, int64_data 7, name 8,
 * raw_data 9, double_data 10. */
static void tensor(pb *g, const char *name, const long *dims, int nd,
                   int dtype, const double *v, long n, int how)
{
    pb t = {0};
    for (int i = 0; i < nd; i++)
        pb_int(&t, 1, dims[i]);
    pb_int(&t, 2, dtype);
    pb_str(&t, 8, name);
    int w = dtype == 1 ? 4 : 8;
    unsigned char *data = malloc((size_t)(n * w) + 1);
    for (long k = 0; k < n; k++) {
        uint64_t bits;
        if (dtype == 1) {
            float f = (float)v[k];
            uint32_t b;
            memcpy(&b, &f, 4);
            bits = b;
        } else if (dtype == 11)
            memcpy(&bits, &v[k], 8);
        else
            bits = (uint64_t)(int64_t)v[k];
        le(data + k * w, bits, w);
    }
    if (how == RAW)
        pb_bytes(&t, 9, data, (size_t)(n * w));
    else if (dtype == 7) {
        pb packed = {0};
        for (long k = 0; k < n; k++)
            pb_varint(&packed, (uint64_t)(int64_t)v[k]);
        pb_msg(&t, 7, &packed);
    } else
        pb_bytes(&t, dtype == 1 ? 4 : 10, data, (size_t)(n * w));
    free(data);
    pb_msg(g, 5, &t); /* GraphProto.initializer */
}

/* AttributeProto: name 1, f 2, i 3, t 5, type 20 */
static void attr_int(pb *nd, const char *name, long v)
{
    pb a = {0};
    pb_str(&a, 1, name);
    pb_int(&a, 3, v);
    pb_int(&a, 20, 2);
    pb_msg(nd, 5, &a);
}

static void attr_float(pb *nd, const char *name, float f)
{
    pb a = {0};
    pb_str(&a, 1, name);
    uint32_t b;
    memcpy(&b, &f, 4);
    unsigned char o[4];
    le(o, b, 4);
    pb_varint(&a, 2 << 3 | 5);
    pb_raw(&a, o, 4);
    pb_int(&a, 20, 1);
    pb_msg(nd, 5, &a);
}

/* NodeProto: input 1, output 2, name 3, op_type 4, attribute 5; attrs (if
 * any) already hold encoded attributes. */
static void node(pb *g, const char *op, const char *name, const char *in0,
                 const char *in1, const char *in2, const char *out, pb *attrs)
{
    pb n = {0};
    const char *ins[3] = {in0, in1, in2};
    for (int i = 0; i < 3; i++)
        if (ins[i])
            pb_str(&n, 1, ins[i]);
    pb_str(&n, 2, out);
    pb_str(&n, 3, name);
    pb_str(&n, 4, op);
    if (attrs) {
        pb_raw(&n, attrs->b, attrs->n);
        free(attrs->b);
        memset(attrs, 0, sizeof *attrs);
    }
    pb_msg(g, 1, &n);
}

/* ValueInfoProto {name 1, type 2 {tensor_type 1 {elem_type 1, shape 2
 * {dim 1 {dim_value 1}}}}} */
static void value_info(pb *g, int field, const char *name, const long *dims,
                       int nd)
{
    pb shape = {0}, tt = {0}, tp = {0}, vi = {0};
    for (int i = 0; i < nd; i++) {
        pb dm = {0};
        pb_int(&dm, 1, dims[i]);
        pb_msg(&shape, 1, &dm);
    }
    pb_int(&tt, 1, 1);
    pb_msg(&tt, 2, &shape);
    pb_msg(&tp, 1, &tt);
    pb_str(&vi, 1, name);
    pb_msg(&vi, 2, &tp);
    pb_msg(g, field, &vi);
}

/* ModelProto {ir_version 1, opset_import 8 {domain 1, version 2}, graph 7} */
static void model(pb *m, pb *g)
{
    pb op = {0};
    pb_int(m, 1, 7);
    pb_str(&op, 1, "");
    pb_int(&op, 2, 13);
    pb_msg(m, 8, &op);
    pb_msg(m, 7, g);
}

static rr_status read_pb(rr_net_t *net, pb *m, rr_err_t *err)
{
    rr_status st = rr_onnx_read_buffer(net, m->b, m->n, "t.onnx", NULL, err);
    free(m->b);
    memset(m, 0, sizeof *m);
    return st;
}

/* Every accepted operator: Gemm (transB = 1, alpha, beta), Relu, Constant,
 * Reshape, Flatten, MatMul (x W), Add (bias first), Identity, MatMul (W x),
 * a final Relu. */
static void build_all_ops(pb *m, const char *op5, int out_at_end)
{
    pb g = {0}, at = {0};
    long d12[2] = {1, 2}, d32[2] = {3, 2}, d3[1] = {3}, d2[1] = {2},
         d12b[2] = {1, 2}, d11[2] = {1, 1};
    pb_str(&g, 2, "allops");
    value_info(&g, 11, "x", d12, 2);
    double W0[6] = {1, 2, 3, 4, 5, 6}, B0[3] = {1, -1, 0.25};
    double M1[6] = {1, 0, 0, 1, 1, 1}, C1[2] = {0.5, -0.5}, W2[2] = {2, -1};
    double shp[2] = {1, -1};
    tensor(&g, "W0", d32, 2, 1, W0, 6, RAW);
    tensor(&g, "B0", d3, 1, 1, B0, 3, FIELD);
    tensor(&g, "M1", d32, 2, 11, M1, 6, RAW);
    tensor(&g, "C1", d2, 1, 11, C1, 2, FIELD);
    tensor(&g, "W2", d12b, 2, 1, W2, 2, FIELD);
    attr_int(&at, "transB", 1);
    attr_float(&at, "alpha", 0.5f);
    attr_float(&at, "beta", 2.0f);
    node(&g, "Gemm", "gemm0", "x", "W0", "B0", "g0", &at);
    node(&g, "Relu", "relu0", "g0", NULL, NULL, "r0", NULL);
    {
        pb a = {0}, t = {0};
        long d[1] = {2};
        tensor(&t, "shape", d, 1, 7, shp, 2, FIELD);
        /* the tensor was written as GraphProto.initializer (field 5):
         * re-wrap its payload as AttributeProto.t (field 5 too) */
        pb_str(&a, 1, "value");
        pb_raw(&a, t.b, t.n);
        pb_int(&a, 20, 4);
        free(t.b);
        pb wrap = {0};
        pb_msg(&wrap, 5, &a);
        node(&g, "Constant", "const0", NULL, NULL, NULL, "shp", &wrap);
    }
    node(&g, "Reshape", "reshape0", "r0", "shp", NULL, "s0", NULL);
    node(&g, op5, "flat0", "s0", NULL, NULL, "f0", NULL);
    node(&g, "MatMul", "mm1", "f0", "M1", NULL, "m1", NULL);
    node(&g, "Add", "add1", "C1", "m1", NULL, "a1", NULL);
    node(&g, "Identity", "id1", "a1", NULL, NULL, "i1", NULL);
    node(&g, "MatMul", "mm2", "W2", "i1", NULL, "m2", NULL);
    node(&g, "Relu", "relu2", "m2", NULL, NULL, "out", NULL);
    value_info(&g, 12, out_at_end ? "out" : "m2", d11, 2);
    model(m, &g);
}

static void test_operators(void **state)
{
    (void)state;
    pb m = {0};
    rr_net_t net;
    rr_err_t err;
    build_all_ops(&m, "Flatten", 1);
    RR_OK_OR_FAIL(read_pb(&net, &m, &err), err);
    /* layer 0: alpha W0, beta B0; layer 1: W2 M1^T, W2 C1; layer 2: the
     * identity after the final Relu */
    assert_int_equal(net.depth, 3);
    long arch[4] = {2, 3, 1, 1};
    for (int l = 0; l <= 3; l++)
        assert_int_equal(net.width[l], arch[l]);
    const char *w0[6] = {"1/2", "1", "3/2", "2", "5/2", "3"};
    for (int e = 0; e < 6; e++)
        assert_q_eq_str(net.w[0] + e, w0[e]);
    assert_q_eq_str(net.b[0] + 0, "2");
    assert_q_eq_str(net.b[0] + 1, "-2");
    assert_q_eq_str(net.b[0] + 2, "1/2");
    assert_q_eq_str(net.w[1] + 0, "2");
    assert_q_eq_str(net.w[1] + 1, "-1");
    assert_q_eq_str(net.w[1] + 2, "1");
    assert_q_eq_str(net.b[1] + 0, "3/2");
    assert_q_eq_str(net.w[2] + 0, "1");
    assert_q_eq_str(net.b[2] + 0, "0");
    assert_string_equal(net.name, "allops");
    mpq_t x[2], y;
    mpq_init(x[0]);
    mpq_init(x[1]);
    mpq_init(y);
    mpq_set_si(x[0], 1, 1);
    mpq_set_si(x[1], -1, 1);
    mpq_ptr xv = rr_qvec_new(2);
    mpq_set(xv + 0, x[0]);
    mpq_set(xv + 1, x[1]);
    eval_exact(y, &net, xv, 0);
    assert_q_eq_str(y, "9/2"); /* computed by hand in the comment above */
    rr_qvec_free(xv, 2);
    mpq_clear(x[0]);
    mpq_clear(x[1]);
    mpq_clear(y);
    rr_net_clear(&net);

    /* Gemm with transB = 0 (B is [n, m]) and no C */
    pb g = {0};
    long d12[2] = {1, 2}, d23[2] = {2, 3}, d13[2] = {1, 3};
    double Bt[6] = {1, 2, 3, 4, 5, 6};
    value_info(&g, 11, "x", d12, 2);
    tensor(&g, "B", d23, 2, 11, Bt, 6, FIELD);
    node(&g, "Gemm", "g", "x", "B", NULL, "y", NULL);
    value_info(&g, 12, "y", d13, 2);
    model(&m, &g);
    RR_OK_OR_FAIL(read_pb(&net, &m, &err), err);
    assert_int_equal(net.width[1], 3);
    assert_q_eq_str(rr_net_weight(&net, 0, 0, 1), "4"); /* B^T */
    assert_q_eq_str(rr_net_weight(&net, 0, 2, 0), "3");
    assert_q_eq_str(rr_net_bias(&net, 0, 2), "0");
    assert_int_equal(rr_net_is_dyadic(&net), 1);
    rr_net_clear(&net);
}

static void test_malformed(void **state)
{
    (void)state;
    rr_net_t net;
    rr_err_t err;
    struct {
        int kind;
        const char *needle;
    } cases[] = {
        {0, "t.onnx: node 4 (\"flat0\"): unsupported operator Conv"},
        {1, "t.onnx: the graph output \"m2\" is not the end of the chain of nodes"},
        {2, "t.onnx: initializer \"W\": data type INT32 is not supported (FLOAT or DOUBLE)"},
        {3, "t.onnx: initializer \"W\": its shape has 4 elements but it holds 1"},
        {4, "t.onnx: node 0 (\"g\"): Gemm with transA = 1 is not supported"},
        {5, "t.onnx: node 0 (\"g\"): weight \"W\" [3, 3] does not fit an input of width 2"},
        {6, "t.onnx: initializer \"W\"[1]: not a finite number"},
        {7, "t.onnx: node 0 (\"g\"): operand \"V\" is neither the data nor an initializer"},
        {8, "t.onnx: not an ONNX model (protobuf decoding failed)"},
        {9, "t.onnx: the model has no graph"},
        {10, "t.onnx: node 0 (\"s\"): Relu does not take the network's data \"x\""},
        {11, "t.onnx: node 0 (\"c\"): unsupported operator com.microsoft.Gelu"},
        {12, "t.onnx: node 0 (\"r\"): Relu on the input: an identity layer of width 70000 exceeds the caps"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        pb m = {0}, g = {0}, at = {0};
        long d12[2] = {1, 2}, d2[1] = {2}, d33[2] = {3, 3}, d22[2] = {2, 2};
        double W[4] = {1, 2, 3, 4};
        int k = cases[c].kind;
        if (k <= 1)
            build_all_ops(&m, k == 0 ? "Conv" : "Flatten", 0);
        else if (k == 8)
            pb_raw(&m, "\x0a\xff\xff\xff\xff\x0f", 6);
        else if (k == 9)
            pb_int(&m, 1, 7);
        else if (k == 12) { /* a huge identity layer must not be built */
            long dbig[2] = {1, 70000};
            value_info(&g, 11, "x", dbig, 2);
            node(&g, "Relu", "r", "x", NULL, NULL, "y", NULL);
            value_info(&g, 12, "y", dbig, 2);
            model(&m, &g);
        }
        else {
            value_info(&g, 11, "x", d12, 2);
            if (k == 2)
                tensor(&g, "W", d22, 2, 6, W, 4, RAW);
            else if (k == 3)
                tensor(&g, "W", d2, 1, 1, W, 1, FIELD);
            else if (k == 5)
                tensor(&g, "W", d33, 2, 11, (double[9]){0}, 9, RAW);
            else if (k == 6)
                tensor(&g, "W", d22, 2, 11, (double[4]){1, NAN, 0, 0}, 4, RAW);
            else
                tensor(&g, "W", d22, 2, 1, W, 4, RAW);
            if (k == 3) { /* declare 4 elements, hold 1 */
                free(g.b);
                memset(&g, 0, sizeof g);
                value_info(&g, 11, "x", d12, 2);
                pb t = {0};
                pb_int(&t, 1, 2);
                pb_int(&t, 1, 2);
                pb_int(&t, 2, 1);
                pb_str(&t, 8, "W");
                unsigned char one[4] = {0, 0, 0x80, 0x3f};
                pb_bytes(&t, 9, one, 4);
                pb_msg(&g, 5, &t);
            }
            if (k == 4)
                attr_int(&at, "transA", 1);
            if (k == 10)
                node(&g, "Relu", "s", "W", NULL, NULL, "y", NULL);
            else if (k == 11) {
                pb n = {0};
                pb_str(&n, 1, "x");
                pb_str(&n, 2, "y");
                pb_str(&n, 3, "c");
                pb_str(&n, 4, "Gelu");
                pb_str(&n, 7, "com.microsoft");
                pb_msg(&g, 1, &n);
            } else
                node(&g, "Gemm", "g", "x", k == 7 ? "V" : "W", NULL, "y",
                     k == 4 ? &at : NULL);
            value_info(&g, 12, "y", d12, 2);
            model(&m, &g);
        }
        rr_status st = read_pb(&net, &m, &err);
        if (st == RR_OK)
            fail_msg("case %zu accepted", c);
        if (!strstr(err.msg, cases[c].needle) || strchr(err.msg, '\n'))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", c, err.msg,
                     cases[c].needle);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_testnetwork2),
        cmocka_unit_test(test_roundtrips),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests_name("onnx", tests, NULL, NULL);
}
