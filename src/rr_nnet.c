/* rr_nnet.c -- the ACAS Xu .nnet format, exactly (rr_nnet.h,
 * spec/formats.md). */
#include "rr_nnet.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rr_io.h"
#include "rr_realize.h"

/* The largest binary64, as the decimal the writer uses for "no clamping". */
static const char dbl_max_dec[] = "1.7976931348623157e308";

static void set_dbl_max(mpq_ptr q)
{
    rr_caps_t caps;
    rr_caps_default(&caps);
    rr_q_parse(q, dbl_max_dec, &caps, NULL);
}

/* ---- lines and values --------------------------------------------------- */

typedef struct reader {
    const char *p, *end;
    const char *name;
    long line;           /* number of the line last returned */
    const char *ls;      /* that line */
    size_t ll;
    const rr_caps_t *caps;
    char *tok;           /* scratch for one value */
    size_t tokcap;
} reader;

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Next line (without the newline); skip_blank skips empty lines.  Returns 0
 * at the end of the buffer. */
static int next_line(reader *r, int skip_blank)
{
    while (r->p < r->end) {
        const char *s = r->p;
        const char *nl = memchr(s, '\n', (size_t)(r->end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(r->end - s);
        r->p = nl ? nl + 1 : r->end;
        r->line++;
        if (skip_blank && blank(s, n))
            continue;
        r->ls = s;
        r->ll = n;
        return 1;
    }
    return 0;
}

static int is_sp(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Split the current line at commas into at most max values (trimmed); a
 * trailing comma is allowed.  starts/lens receive the values.  Returns the
 * count, or -1 (err set) for an empty value between commas. */
static long split(reader *r, const char **starts, size_t *lens, long max,
                  const char *what, rr_err_t *err)
{
    long n = 0;
    const char *s = r->ls, *e = r->ls + r->ll;
    for (;;) {
        const char *c = memchr(s, ',', (size_t)(e - s));
        const char *te = c ? c : e;
        const char *a = s, *b = te;
        while (a < b && is_sp(*a))
            a++;
        while (b > a && is_sp(b[-1]))
            b--;
        if (a == b) {
            if (!c && n > 0) /* trailing comma (or trailing blanks) */
                return n;
            rr_err_set(err, RR_EINPUT, "%s:%ld: %s: empty value%s", r->name,
                       r->line, what, c ? " (two commas in a row?)" : "");
            return -1;
        }
        if (n < max) {
            starts[n] = a;
            lens[n] = (size_t)(b - a);
        }
        n++;
        if (!c)
            return n;
        s = c + 1;
    }
}

/* The value [s, s+n) as a NUL-terminated string in r->tok. */
static const char *tok(reader *r, const char *s, size_t n, rr_err_t *err)
{
    if (n + 1 > r->tokcap) {
        char *t = realloc(r->tok, n + 1);
        if (!t) {
            rr_err_set(err, RR_ENOMEM, "%s: out of memory", r->name);
            return NULL;
        }
        r->tok = t;
        r->tokcap = n + 1;
    }
    memcpy(r->tok, s, n);
    r->tok[n] = '\0';
    return r->tok;
}

/* Read the next non-blank line: exactly n numbers into q[0..n-1] (q NULL:
 * integers into iv). */
static rr_status read_values(reader *r, mpq_ptr q, long *iv, long n,
                             const char *what, rr_err_t *err)
{
    if (!next_line(r, 1))
        return rr_err_set(err, RR_EINPUT,
                          "%s: unexpected end of file: expected %s (%ld "
                          "value%s)", r->name, what, n, n == 1 ? "" : "s");
    const char *st[1];
    size_t ln[1];
    long got = split(r, st, ln, 0, what, err);
    if (got < 0)
        return RR_EINPUT;
    if (got != n)
        return rr_err_set(err, RR_EINPUT, "%s:%ld: %s: expected %ld value%s, "
                          "got %ld", r->name, r->line, what, n,
                          n == 1 ? "" : "s", got);
    const char *s = r->ls, *e = r->ls + r->ll;
    for (long k = 0; k < n; k++) {
        const char *c = memchr(s, ',', (size_t)(e - s));
        const char *a = s, *b = c ? c : e;
        while (a < b && is_sp(*a))
            a++;
        while (b > a && is_sp(b[-1]))
            b--;
        const char *t = tok(r, a, (size_t)(b - a), err);
        if (!t)
            return RR_ENOMEM;
        if (q) {
            rr_status st2 = rr_q_parse(q + k, t, r->caps, err);
            if (st2) {
                if (n > 1)
                    rr_err_prefix(err, "%s:%ld: %s[%ld]", r->name, r->line,
                                  what, k);
                else
                    rr_err_prefix(err, "%s:%ld: %s", r->name, r->line, what);
                return st2;
            }
        } else {
            char *endp;
            errno = 0;
            long v = strtol(t, &endp, 10);
            if (endp == t || *endp || errno || v < 0 || v > (1L << 40))
                return rr_err_set(err, RR_EINPUT,
                                  "%s:%ld: %s: expected a non-negative "
                                  "integer, got \"%.40s\"", r->name, r->line,
                                  what, t);
            iv[k] = v;
        }
        s = c ? c + 1 : e;
    }
    return RR_OK;
}

/* ---- reading ------------------------------------------------------------ */

void rr_nnet_clear(rr_nnet_t *nn)
{
    long d = nn->raw.width ? nn->raw.width[0] : 0;
    rr_qvec_free(nn->mins, d);
    rr_qvec_free(nn->maxes, d);
    rr_qvec_free(nn->means, d + 1);
    rr_qvec_free(nn->ranges, d + 1);
    rr_net_clear(&nn->raw);
    free(nn->comments);
    memset(nn, 0, sizeof *nn);
}

static rr_status alloc_meta(rr_nnet_t *nn, long d, rr_err_t *err)
{
    nn->mins = rr_qvec_new(d);
    nn->maxes = rr_qvec_new(d);
    nn->means = rr_qvec_new(d + 1);
    nn->ranges = rr_qvec_new(d + 1);
    if (!nn->mins || !nn->maxes || !nn->means || !nn->ranges)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    return RR_OK;
}

static rr_status add_comment(rr_nnet_t *nn, const char *s, size_t n,
                             rr_err_t *err)
{
    while (n && s[n - 1] == '\r')
        n--;
    size_t old = nn->comments ? strlen(nn->comments) : 0;
    char *c = realloc(nn->comments, old + n + 2);
    if (!c)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    if (old)
        c[old++] = '\n';
    memcpy(c + old, s, n);
    c[old + n] = '\0';
    nn->comments = c;
    return RR_OK;
}

rr_status rr_nnet_read_buffer(rr_nnet_t *nn, const char *buf, size_t len,
                              const char *name, const rr_caps_t *caps,
                              rr_err_t *err)
{
    rr_caps_t def;
    if (!caps) {
        rr_caps_default(&def);
        caps = &def;
    }
    memset(nn, 0, sizeof *nn);
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        long line = 1;
        for (const char *p = buf; p < nul; p++)
            line += *p == '\n';
        return rr_err_set(err, RR_EINPUT, "%s:%ld: NUL byte: not a .nnet "
                          "text file", name, line);
    }
    reader r = {buf, buf + len, name, 0, NULL, 0, caps, NULL, 0};
    rr_status st;
    long *width = NULL;
    char what[96];

    /* leading comment lines */
    for (;;) {
        const char *save = r.p;
        long sline = r.line;
        if (!next_line(&r, 1)) {
            st = rr_err_set(err, RR_EINPUT, "%s: unexpected end of file: "
                            "expected the header line \"L, inputs, outputs, "
                            "max width\"", name);
            goto fail;
        }
        const char *s = r.ls;
        size_t n = r.ll;
        while (n && is_sp(*s)) {
            s++;
            n--;
        }
        if (n >= 2 && s[0] == '/' && s[1] == '/') {
            /* "// text": the text without the one space after "//" */
            size_t sp = n > 2 && s[2] == ' ';
            if ((st = add_comment(nn, s + 2 + sp, n - 2 - sp, err)))
                goto fail;
            continue;
        }
        r.p = save;
        r.line = sline;
        break;
    }
    long hdr[4];
    if ((st = read_values(&r, NULL, hdr, 4, "header (L, inputs, outputs, "
                          "max width)", err)))
        goto fail;
    long L = hdr[0];
    if (L < 1) {
        st = rr_err_set(err, RR_EINPUT, "%s:%ld: header: the number of "
                        "layers must be >= 1, got %ld", name, r.line, L);
        goto fail;
    }
    if (L > caps->max_depth) {
        st = rr_err_set(err, RR_ELIMIT, "%s:%ld: header: depth %ld exceeds "
                        "the cap %ld", name, r.line, L, caps->max_depth);
        goto fail;
    }
    width = malloc((size_t)(L + 1) * sizeof *width);
    if (!width) {
        st = rr_err_set(err, RR_ENOMEM, "%s: out of memory", name);
        goto fail;
    }
    if ((st = read_values(&r, NULL, width, L + 1, "layer sizes", err)))
        goto fail;
    long maxw = 0;
    for (long l = 0; l <= L; l++)
        if (width[l] > maxw)
            maxw = width[l];
    if (width[0] != hdr[1] || width[L] != hdr[2] || maxw != hdr[3]) {
        st = rr_err_set(err, RR_EINPUT,
                        "%s:%ld: layer sizes: %s %ld but the header says %ld",
                        name, r.line,
                        width[0] != hdr[1]   ? "input size"
                        : width[L] != hdr[2] ? "output size"
                                             : "largest layer",
                        width[0] != hdr[1]   ? width[0]
                        : width[L] != hdr[2] ? width[L]
                                             : maxw,
                        width[0] != hdr[1]   ? hdr[1]
                        : width[L] != hdr[2] ? hdr[2]
                                             : hdr[3]);
        goto fail;
    }
    if ((st = rr_arch_check((int)L, width, caps, err))) {
        rr_err_prefix(err, "%s:%ld: layer sizes", name, r.line);
        goto fail;
    }
    if ((st = rr_net_init(&nn->raw, (int)L, width, caps, err))) {
        rr_err_prefix(err, "%s", name);
        goto fail;
    }
    long d = width[0];
    if ((st = alloc_meta(nn, d, err))) {
        rr_err_prefix(err, "%s", name);
        goto fail;
    }
    long flag;
    if ((st = read_values(&r, NULL, &flag, 1, "the (unused) flag line", err)) ||
        (st = read_values(&r, nn->mins, NULL, d, "input minimums", err)) ||
        (st = read_values(&r, nn->maxes, NULL, d, "input maximums", err)) ||
        (st = read_values(&r, nn->means, NULL, d + 1,
                          "means (inputs, then output)", err)) ||
        (st = read_values(&r, nn->ranges, NULL, d + 1,
                          "ranges (inputs, then output)", err)))
        goto fail;
    for (long j = 0; j < d; j++) {
        if (mpq_cmp(nn->mins + j, nn->maxes + j) > 0) {
            st = rr_err_set(err, RR_EINPUT, "%s: input %ld: minimum > "
                            "maximum", name, j + 1);
            goto fail;
        }
        if (mpq_sgn(nn->ranges + j) == 0) {
            st = rr_err_set(err, RR_EINPUT, "%s: input %ld: range is 0 (the "
                            "evaluator divides by it)", name, j + 1);
            goto fail;
        }
    }
    for (long l = 0; l < L; l++) {
        long m = width[l + 1], n = width[l];
        for (long i = 0; i < m; i++) {
            snprintf(what, sizeof what, "layers[%ld].weights[%ld]", l, i);
            if ((st = read_values(&r, nn->raw.w[l] + i * n, NULL, n, what,
                                  err)))
                goto fail;
        }
        for (long i = 0; i < m; i++) {
            snprintf(what, sizeof what, "layers[%ld].biases[%ld]", l, i);
            if ((st = read_values(&r, nn->raw.b[l] + i, NULL, 1, what, err)))
                goto fail;
        }
    }
    if (next_line(&r, 1)) {
        st = rr_err_set(err, RR_EINPUT, "%s:%ld: unexpected data after the "
                        "last layer's biases", name, r.line);
        goto fail;
    }
    free(width);
    free(r.tok);
    return RR_OK;
fail:
    free(width);
    free(r.tok);
    rr_nnet_clear(nn);
    return st;
}

rr_status rr_nnet_read_file(rr_nnet_t *nn, const char *path,
                            const rr_caps_t *caps, rr_err_t *err)
{
    char *buf;
    size_t len;
    memset(nn, 0, sizeof *nn);
    rr_status st = rr_slurp(path, &buf, &len, err);
    if (st)
        return st;
    st = rr_nnet_read_buffer(nn, buf, len, path, caps, err);
    free(buf);
    return st;
}

/* ---- evaluation with the metadata --------------------------------------- */

rr_status rr_nnet_eval(mpq_ptr y, const rr_nnet_t *nn, mpq_srcptr x,
                       rr_nnet_clamp variant, rr_err_t *err)
{
    long d = nn->raw.width[0];
    mpq_ptr xn = rr_qvec_new(d);
    if (!xn)
        return rr_err_set(err, RR_ENOMEM, "out of memory");
    for (long j = 0; j < d; j++) {
        /* the order of the tests is the C++ evaluator's */
        if (mpq_cmp(x + j, nn->maxes + j) > 0) {
            if (variant == RR_NNET_CLAMP_PYTHON)
                mpq_set(xn + j, nn->maxes + j);
            else
                mpq_sub(xn + j, nn->maxes + j, nn->means + j);
        } else if (mpq_cmp(x + j, nn->mins + j) < 0) {
            if (variant == RR_NNET_CLAMP_PYTHON)
                mpq_set(xn + j, nn->mins + j);
            else
                mpq_sub(xn + j, nn->mins + j, nn->means + j);
        } else
            mpq_sub(xn + j, x + j, nn->means + j);
        mpq_div(xn + j, xn + j, nn->ranges + j);
    }
    rr_mode_t mode = {RR_MODE_EXACT, 0};
    rr_eval_t *ev = NULL;
    rr_result_t res;
    rr_status st = rr_eval_new(&ev, &nn->raw, mode, err);
    if (!st && !(st = rr_result_init(&res, ev, err))) {
        if (!(st = rr_eval_point(ev, &res, xn, 0, err))) {
            for (long i = 0; i < res.k; i++) {
                mpq_mul(y + i, res.q + i, nn->ranges + d);
                mpq_add(y + i, y + i, nn->means + d);
            }
        }
        rr_result_clear(&res);
    }
    rr_eval_free(ev);
    rr_qvec_free(xn, d);
    return st;
}

/* ---- to and from reluref networks --------------------------------------- */

/* The box is "unbounded" when every bound is at least the largest binary64
 * in magnitude (what rr_nnet_from_net writes for a network without
 * domain). */
static int unbounded(const rr_nnet_t *nn)
{
    mpq_t big;
    mpq_init(big);
    set_dbl_max(big);
    int u = 1;
    for (long j = 0; j < nn->raw.width[0] && u; j++) {
        mpq_neg(big, big);
        u = mpq_cmp(nn->mins + j, big) <= 0;
        mpq_neg(big, big);
        u = u && mpq_cmp(nn->maxes + j, big) >= 0;
    }
    mpq_clear(big);
    return u;
}

/* Fold the input normalization into layer 0 and the output
 * de-normalization into layer L-1 of net (a copy of the raw network). */
static void fold(rr_net_t *net, const rr_nnet_t *nn)
{
    long d = net->width[0];
    long m0 = net->width[1];
    mpq_t t;
    mpq_init(t);
    for (long i = 0; i < m0; i++)
        for (long j = 0; j < d; j++) {
            /* W'_ij = W_ij / range_j;  b'_i = b_i - sum_j W'_ij mean_j */
            mpq_ptr w = rr_net_weight(net, 0, i, j);
            mpq_div(w, w, nn->ranges + j);
            mpq_mul(t, w, nn->means + j);
            mpq_sub(rr_net_bias(net, 0, i), rr_net_bias(net, 0, i), t);
        }
    int l = net->depth - 1;
    long m = net->width[l + 1], n = net->width[l];
    for (long i = 0; i < m; i++) {
        /* W'_ij = W_ij r;  b'_i = b_i r + mean_out */
        for (long j = 0; j < n; j++)
            mpq_mul(rr_net_weight(net, l, i, j), rr_net_weight(net, l, i, j),
                    nn->ranges + d);
        mpq_ptr b = rr_net_bias(net, l, i);
        mpq_mul(b, b, nn->ranges + d);
        mpq_add(b, b, nn->means + d);
    }
    mpq_clear(t);
}

static rr_status set_domain(rr_net_t *net, const rr_nnet_t *nn, rr_err_t *err)
{
    long d = net->width[0];
    if (unbounded(nn))
        return RR_OK;
    for (long j = 0; j < d; j++)
        if (mpq_cmp(nn->mins + j, nn->maxes + j) >= 0)
            return rr_err_set(err, RR_EINPUT,
                              "input %ld: minimum = maximum: the clamp box "
                              "is not a reluref domain (use the raw "
                              "representation)", j + 1);
    for (long j = 0; j < d; j++) {
        mpq_set(net->lo + j, nn->mins + j);
        mpq_set(net->hi + j, nn->maxes + j);
    }
    net->has_domain = 1;
    return RR_OK;
}

rr_status rr_nnet_to_net(rr_net_t *net, const rr_nnet_t *nn,
                         rr_nnet_repr repr, rr_err_t *err)
{
    memset(net, 0, sizeof *net);
    rr_net_t f;
    rr_status st = rr_net_init_copy(&f, &nn->raw, err);
    if (st)
        return st;
    f.has_domain = 0;
    if (nn->comments && (st = rr_net_set_description(&f, nn->comments, err)))
        goto fail;
    if (repr == RR_NNET_RAW) {
        *net = f;
        return RR_OK;
    }
    fold(&f, nn);
    if ((st = set_domain(&f, nn, err)))
        goto fail;
    if (repr == RR_NNET_FOLD || !f.has_domain) {
        *net = f;
        return RR_OK;
    }
    /* CLAMP: layer 0 computes u_k = rho(x_k - lo_k), v_k = rho(x_k - hi_k);
     * clamp(x)_k = lo_k + u_k - v_k, so the folded first layer
     * W' clamp(x) + b' becomes [W' | -W'] (u; v) + (b' + W' lo). */
    long d = f.width[0], L = f.depth;
    long *width = malloc((size_t)(L + 2) * sizeof *width);
    if (!width) {
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
        goto fail;
    }
    width[0] = d;
    width[1] = 2 * d;
    for (long l = 1; l <= L; l++)
        width[l + 1] = f.width[l];
    st = rr_net_init(net, (int)L + 1, width, NULL, err);
    free(width);
    if (st)
        goto fail;
    for (long k = 0; k < d; k++) {
        mpq_set_ui(rr_net_weight(net, 0, k, k), 1, 1);
        mpq_neg(rr_net_bias(net, 0, k), f.lo + k);
        mpq_set_ui(rr_net_weight(net, 0, d + k, k), 1, 1);
        mpq_neg(rr_net_bias(net, 0, d + k), f.hi + k);
    }
    mpq_t t;
    mpq_init(t);
    for (long i = 0; i < f.width[1]; i++) {
        mpq_ptr b = rr_net_bias(net, 1, i);
        mpq_set(b, rr_net_bias(&f, 0, i));
        for (long k = 0; k < d; k++) {
            mpq_srcptr w = rr_net_weight(&f, 0, i, k);
            mpq_set(rr_net_weight(net, 1, i, k), w);
            mpq_neg(rr_net_weight(net, 1, i, d + k), w);
            mpq_mul(t, w, f.lo + k);
            mpq_add(b, b, t);
        }
    }
    mpq_clear(t);
    for (int l = 1; l < L; l++) {
        long m = f.width[l + 1], n = f.width[l];
        for (long e = 0; e < m * n; e++)
            mpq_set(net->w[l + 1] + e, f.w[l] + e);
        for (long i = 0; i < m; i++)
            mpq_set(net->b[l + 1] + i, f.b[l] + i);
    }
    for (long k = 0; k < d; k++) {
        mpq_set(net->lo + k, f.lo + k);
        mpq_set(net->hi + k, f.hi + k);
    }
    net->has_domain = 1;
    if (f.description &&
        (st = rr_net_set_description(net, f.description, err))) {
        rr_net_clear(net);
        goto fail;
    }
    rr_net_clear(&f);
    return RR_OK;
fail:
    rr_net_clear(&f);
    memset(net, 0, sizeof *net);
    return st;
}

rr_status rr_nnet_from_net(rr_nnet_t *nn, const rr_net_t *net, rr_err_t *err)
{
    memset(nn, 0, sizeof *nn);
    rr_status st = rr_net_init_copy(&nn->raw, net, err);
    if (st)
        return st;
    nn->raw.has_domain = 0;
    long d = net->width[0];
    if ((st = alloc_meta(nn, d, err)))
        goto fail;
    for (long j = 0; j < d; j++) {
        if (net->has_domain) {
            mpq_set(nn->mins + j, net->lo + j);
            mpq_set(nn->maxes + j, net->hi + j);
        } else {
            set_dbl_max(nn->maxes + j);
            mpq_neg(nn->mins + j, nn->maxes + j);
        }
    }
    for (long j = 0; j <= d; j++)
        mpq_set_ui(nn->ranges + j, 1, 1);
    for (const char *s = net->description; s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if ((st = add_comment(nn, s, n, err)))
            goto fail;
        s = nl ? nl + 1 : NULL;
    }
    return RR_OK;
fail:
    rr_nnet_clear(nn);
    return st;
}

/* ---- writing ------------------------------------------------------------ */

static char *exact_decimal(mpq_srcptr q);

char *rr_q_decimal(mpq_srcptr q, int *exact)
{
    mpz_t den, t;
    /* a finite decimal iff the denominator is 2^a 5^b */
    mpz_init_set(den, mpq_denref(q));
    mpz_init_set_ui(t, 5);
    mpz_tdiv_q_2exp(den, den, mpz_scan1(den, 0));
    mpz_remove(den, den, t);
    int fin = mpz_cmp_ui(den, 1) == 0;
    mpz_clear(den);
    mpz_clear(t);
    char *out = NULL;
    if (!fin) {
        *exact = 0;
        int inexact;
        double v = rr_q_get_d(q, &inexact);
        if (!isfinite(v))
            return NULL;
        char buf[40];
        for (int p = 1; p <= 17; p++) {
            snprintf(buf, sizeof buf, "%.*e", p - 1, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        /* the same decimal in the writer's layout */
        rr_caps_t caps;
        rr_caps_default(&caps);
        mpq_t d;
        mpq_init(d);
        if (rr_q_parse(d, buf, &caps, NULL) == RR_OK)
            out = exact_decimal(d);
        mpq_clear(d);
        return out;
    }
    *exact = 1;
    return exact_decimal(q);
}

/* q, whose denominator is 2^a 5^b, as a decimal: plain when its decimal
 * exponent is in [-7, 16], else "d.ddde+XX". */
static char *exact_decimal(mpq_srcptr q)
{
    mpz_t den, t, nm;
    char *out = NULL;
    mpz_init_set(den, mpq_denref(q));
    mpz_init(t);
    unsigned long a2 = mpz_scan1(den, 0);
    mpz_tdiv_q_2exp(den, den, a2);
    mpz_set_ui(t, 5);
    unsigned long b5 = mpz_remove(den, den, t);
    mpz_clear(den);
    /* q = n / (2^a2 5^b5) = n 2^(k-a2) 5^(k-b5) / 10^k */
    unsigned long k = a2 > b5 ? a2 : b5;
    mpz_init(nm);
    mpz_ui_pow_ui(t, 5, k - b5);
    mpz_mul(nm, mpq_numref(q), t);
    mpz_mul_2exp(nm, nm, k - a2);
    mpz_clear(t);
    int neg = mpz_sgn(nm) < 0;
    mpz_abs(nm, nm);
    if (mpz_sgn(nm) == 0) {
        mpz_clear(nm);
        out = malloc(4);
        if (out)
            strcpy(out, "0.0");
        return out;
    }
    char *D = mpz_get_str(NULL, 10, nm);
    mpz_clear(nm);
    if (!D)
        return NULL;
    size_t nd = strlen(D);
    long e10 = -(long)k; /* value = D 10^e10 */
    while (nd > 1 && D[nd - 1] == '0') {
        D[--nd] = '\0';
        e10++;
    }
    long sci = (long)nd - 1 + e10;
    size_t cap = nd + 64 + (sci >= -7 && sci < 17 ? 24 : 0);
    out = malloc(cap);
    if (!out) {
        free(D);
        return NULL;
    }
    char *o = out;
    if (neg)
        *o++ = '-';
    if (sci >= -7 && sci < 17) {
        if (e10 >= 0) {
            memcpy(o, D, nd);
            o += nd;
            for (long z = 0; z < e10; z++)
                *o++ = '0';
            strcpy(o, ".0");
        } else if ((long)nd > -e10) {
            size_t ip = (size_t)((long)nd + e10);
            memcpy(o, D, ip);
            o += ip;
            *o++ = '.';
            strcpy(o, D + ip);
        } else {
            *o++ = '0';
            *o++ = '.';
            for (long z = 0; z < -e10 - (long)nd; z++)
                *o++ = '0';
            strcpy(o, D);
        }
    } else {
        *o++ = D[0];
        *o++ = '.';
        if (nd > 1) {
            memcpy(o, D + 1, nd - 1);
            o += nd - 1;
        } else
            *o++ = '0';
        sprintf(o, "e%+03ld", sci);
    }
    free(D);
    return out;
}

static int put_vals(FILE *f, mpq_srcptr q, long n, long *rounded, int *ovf)
{
    for (long k = 0; k < n; k++) {
        int exact;
        char *s = rr_q_decimal(q + k, &exact);
        if (!s) {
            *ovf = 1;
            return -1;
        }
        if (!exact)
            (*rounded)++;
        int r = fprintf(f, "%s,", s);
        free(s);
        if (r < 0)
            return -1;
    }
    return fputc('\n', f) == EOF ? -1 : 0;
}

rr_status rr_nnet_write_stream(FILE *f, const rr_nnet_t *nn, long *n_rounded,
                               rr_err_t *err)
{
    const rr_net_t *net = &nn->raw;
    long rounded = 0, d = net->width[0], maxw = 0;
    int bad = 0, ovf = 0;
    for (const char *s = nn->comments; s;) {
        const char *nl = strchr(s, '\n');
        int n = nl ? (int)(nl - s) : (int)strlen(s);
        bad |= fprintf(f, "//%s%.*s\n", n ? " " : "", n, s) < 0;
        s = nl ? nl + 1 : NULL;
    }
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] > maxw)
            maxw = net->width[l];
    bad |= fprintf(f, "%d,%ld,%ld,%ld,\n", net->depth, d,
                   net->width[net->depth], maxw) < 0;
    for (int l = 0; l <= net->depth; l++)
        bad |= fprintf(f, "%ld,", net->width[l]) < 0;
    bad |= fputs("\n0,\n", f) == EOF;
    if (!bad)
        bad |= put_vals(f, nn->mins, d, &rounded, &ovf) ||
               put_vals(f, nn->maxes, d, &rounded, &ovf) ||
               put_vals(f, nn->means, d + 1, &rounded, &ovf) ||
               put_vals(f, nn->ranges, d + 1, &rounded, &ovf);
    for (int l = 0; l < net->depth && !bad; l++) {
        long m = net->width[l + 1], n = net->width[l];
        for (long i = 0; i < m && !bad; i++)
            bad |= put_vals(f, net->w[l] + i * n, n, &rounded, &ovf);
        for (long i = 0; i < m && !bad; i++)
            bad |= put_vals(f, net->b[l] + i, 1, &rounded, &ovf);
    }
    if (ovf)
        return rr_err_set(err, RR_EINPUT, "a value has no finite decimal "
                          "expansion and lies beyond the binary64 range");
    if (bad)
        return rr_err_set(err, RR_EIO, "write error");
    if (n_rounded)
        *n_rounded = rounded;
    return RR_OK;
}

rr_status rr_nnet_write_file(const char *path, const rr_nnet_t *nn,
                             long *n_rounded, rr_err_t *err)
{
    rr_outfile_t o;
    rr_status st = rr_outfile_open(&o, path, err);
    if (st)
        return st;
    if ((st = rr_nnet_write_stream(o.f, nn, n_rounded, err))) {
        rr_err_prefix(err, "%s", path);
        rr_outfile_abort(&o);
        return st;
    }
    return rr_outfile_commit(&o, err);
}
