/* rr_norm_regions.c -- enumeration of the activation regions with nonempty
 * interior inside a box, with exact LPs, and the exact norms of a network
 * of any depth from it (spec/norms.md, "Exact: region enumeration").
 *
 * A region is a pattern s in {+,-}^n (n hidden neurons).  Under s every
 * pre-activation is an affine function A_i^s of x (computed layer by layer
 * with D_l = diag(s_l)); the closed region is
 *   P_s = { x in box : A_i^s(x) >= 0 where s_i = '+', <= 0 where '-' },
 * and f = the affine piece of s on P_s.  Patterns are canonical: a neuron
 * whose A_i^s is identically 0 is '-'.
 *
 * Breadth-first search: the first region is the one containing
 * c + e1 e_1 + e2 e_2 + ... (c the box centre; lexicographic perturbation).
 * For a region, each constraint is tested for being a facet by an LP
 * (maximize t with that constraint tight, the others >= t, the box faces
 * >= t); at the optimum x* (a relative-interior point of the facet when
 * t* > 0) the region on the other side is the one containing
 * x* - e0 g + e1 e_1 + ... (g the constraint's normal), found by an exact
 * lexicographic forward pass.  Near the relative interior of a facet only
 * the neurons vanishing on its whole hyperplane change sign, so the other
 * side is one region; every pair of regions is joined by a chain of facet
 * crossings (a generic segment avoids the codimension-2 faces), so the
 * search finds every region.  Every function here is not yet proved. */
#include "rr_norm_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct engine {
    const rr_net_t *net;
    long d, k, nh, maxw, w1; /* w1 = d + 1 */
    mpq_srcptr lo, hi;
    const signed char *fixed; /* nh or NULL: nonzero = known sign on the box */
    mpq_ptr A;     /* nh * w1: pre-activations [c, g_1..g_d] under s */
    mpq_ptr Y, Z;  /* maxw * w1: scratch for the layer pass */
    mpq_ptr J;     /* k * d */
    mpq_ptr off;   /* k */
    long nc;       /* constraints of the current region */
    mpq_ptr C;     /* nh * w1 */
    uint64_t *ch;  /* nh hashes */
    rr_lp_t lpt;   /* variables x_1..x_d, t */
    rr_lp_t lpx;   /* variables x_1..x_d */
    /* visited patterns (all ever queued, in BFS order) */
    char *pats;
    long npat, cappat, head;
    long *ht;      /* hash table of pattern indices, -1 = empty */
    long htcap;
    /* lexicographic pass */
    long lexr;     /* directions */
    mpq_ptr LY, LZ; /* maxw * (lexr + 1) */
    mpq_ptr dirs;  /* (d + 1) * d */
    mpq_ptr pt;    /* d */
    char *pat;     /* nh + 1 */
    mpq_t t1, t2;
} engine;

static uint64_t hash_bytes(const char *s, long n)
{
    uint64_t h = 1469598103934665603ULL;
    for (long i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t hash_q(uint64_t h, mpq_srcptr q)
{
    h ^= (uint64_t)mpz_get_ui(mpq_numref(q)) * 0x9e3779b97f4a7c15ULL;
    h ^= (uint64_t)(mpq_sgn(q) + 1);
    h = (h << 7 | h >> 57) * 1099511628211ULL;
    h ^= (uint64_t)mpz_get_ui(mpq_denref(q));
    return h * 0xff51afd7ed558ccdULL;
}

/* Lexicographic forward pass with scratch from the engine: pattern at
 * p + e1 v_1 + ... + er v_r.  Not yet proved. */
static void lex_pass(engine *E, char *pattern, mpq_srcptr p, mpq_srcptr v,
                     long r)
{
    const rr_net_t *net = E->net;
    long d = E->d, w = r + 1;
    mpq_ptr Y = E->LY, Z = E->LZ;
    for (long j = 0; j < d; j++) {
        mpq_set(Y + j * w, p + j);
        for (long s = 0; s < r; s++)
            mpq_set(Y + (j * w + 1 + s), v + (s * d + j));
    }
    long off = 0;
    for (int l = 0; l + 1 < net->depth; l++) {
        long n = net->width[l], m = net->width[l + 1];
        for (long i = 0; i < m; i++) {
            mpq_ptr z = Z + i * w;
            mpq_set(z, rr_net_bias(net, l, i));
            for (long s = 1; s < w; s++)
                mpq_set_ui(z + s, 0, 1);
            for (long j = 0; j < n; j++) {
                mpq_srcptr a = rr_net_weight(net, l, i, j);
                if (!mpq_sgn(a))
                    continue;
                for (long s = 0; s < w; s++) {
                    if (!mpq_sgn(Y + (j * w + s)))
                        continue;
                    mpq_mul(E->t1, a, Y + (j * w + s));
                    mpq_add(z + s, z + s, E->t1);
                }
            }
        }
        for (long i = 0; i < m; i++) {
            int sg = 0;
            for (long s = 0; s < w && !sg; s++)
                sg = mpq_sgn(Z + (i * w + s));
            pattern[off + i] = sg > 0 ? '+' : '-';
            for (long s = 0; s < w; s++) {
                if (sg > 0)
                    mpq_set(Y + (i * w + s), Z + (i * w + s));
                else
                    mpq_set_ui(Y + (i * w + s), 0, 1);
            }
        }
        off += m;
    }
}

rr_status rr_lex_pattern(char *pattern, const rr_net_t *net, mpq_srcptr p,
                         mpq_srcptr v, long r, rr_err_t *err)
{
    engine E;
    memset(&E, 0, sizeof E);
    E.net = net;
    E.d = net->width[0];
    long maxw = 1;
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] > maxw)
            maxw = net->width[l];
    E.LY = rr_qvec_new(maxw * (r + 1));
    E.LZ = rr_qvec_new(maxw * (r + 1));
    mpq_init(E.t1);
    rr_status st = RR_OK;
    if (!E.LY || !E.LZ)
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
    else
        lex_pass(&E, pattern, p, v, r);
    rr_qvec_free(E.LY, maxw * (r + 1));
    rr_qvec_free(E.LZ, maxw * (r + 1));
    mpq_clear(E.t1);
    return st;
}

/* Affine maps of every hidden neuron and of the output under pattern s.
 * Not yet proved. */
static void affine_maps(engine *E, const char *s)
{
    const rr_net_t *net = E->net;
    long d = E->d, w1 = E->w1;
    long off = 0;
    mpq_ptr Y = E->Y, Z = E->Z;
    for (int l = 0; l < net->depth; l++) {
        long n = net->width[l], m = net->width[l + 1];
        for (long i = 0; i < m; i++) {
            mpq_ptr z = Z + i * w1;
            mpq_set(z, rr_net_bias(net, l, i));
            if (l == 0) {
                for (long j = 0; j < d; j++)
                    mpq_set(z + 1 + j, rr_net_weight(net, 0, i, j));
                continue;
            }
            for (long j = 1; j < w1; j++)
                mpq_set_ui(z + j, 0, 1);
            for (long j = 0; j < n; j++) {
                mpq_srcptr a = rr_net_weight(net, l, i, j);
                if (!mpq_sgn(a) || s[off - n + j] != '+')
                    continue;
                for (long c = 0; c < w1; c++) {
                    if (!mpq_sgn(Y + (j * w1 + c)))
                        continue;
                    mpq_mul(E->t1, a, Y + (j * w1 + c));
                    mpq_add(z + c, z + c, E->t1);
                }
            }
        }
        if (l + 1 < net->depth) {
            for (long i = 0; i < m; i++)
                for (long c = 0; c < w1; c++) {
                    mpq_set(E->A + ((off + i) * w1 + c), Z + (i * w1 + c));
                    mpq_set(Y + (i * w1 + c), Z + (i * w1 + c));
                }
            off += m;
        } else {
            for (long i = 0; i < m; i++) {
                mpq_set(E->off + i, Z + i * w1);
                for (long j = 0; j < d; j++)
                    mpq_set(E->J + (i * d + j), Z + (i * w1 + 1 + j));
            }
        }
    }
}

/* The region's constraints: oriented, non-constant, not implied by the box,
 * normalised to ||g||_1 = 1, deduplicated.  Returns 0, or -1 if some
 * constraint is violated on the whole box (cannot happen for a region
 * with interior: an internal error).  Not yet proved. */
static int build_constraints(engine *E, const char *s)
{
    long d = E->d, w1 = E->w1;
    E->nc = 0;
    for (long i = 0; i < E->nh; i++) {
        mpq_ptr a = E->A + i * w1;
        int nz = 0;
        for (long j = 1; j < w1; j++)
            nz |= mpq_sgn(a + j) != 0;
        if (!nz || (E->fixed && E->fixed[i]))
            continue;
        mpq_ptr c = E->C + E->nc * w1;
        for (long j = 0; j < w1; j++) {
            if (s[i] == '+')
                mpq_set(c + j, a + j);
            else
                mpq_neg(c + j, a + j);
        }
        /* min and max over the box */
        mpq_set(E->t1, c);
        mpq_set(E->t2, c);
        for (long j = 0; j < d; j++) {
            int sg = mpq_sgn(c + 1 + j);
            mpq_t u;
            mpq_init(u);
            mpq_mul(u, c + 1 + j, sg > 0 ? E->lo + j : E->hi + j);
            mpq_add(E->t1, E->t1, u);
            mpq_mul(u, c + 1 + j, sg > 0 ? E->hi + j : E->lo + j);
            mpq_add(E->t2, E->t2, u);
            mpq_clear(u);
        }
        if (mpq_sgn(E->t1) >= 0)
            continue; /* implied by the box */
        if (mpq_sgn(E->t2) < 0)
            return -1;
        mpq_set_ui(E->t1, 0, 1);
        for (long j = 1; j < w1; j++) {
            mpq_abs(E->t2, c + j);
            mpq_add(E->t1, E->t1, E->t2);
        }
        uint64_t h = 0;
        for (long j = 0; j < w1; j++) {
            mpq_div(c + j, c + j, E->t1);
            h = hash_q(h, c + j);
        }
        int dup = 0;
        for (long r = 0; r < E->nc && !dup; r++) {
            if (E->ch[r] != h)
                continue;
            dup = 1;
            for (long j = 0; j < w1 && dup; j++)
                dup = mpq_equal(E->C + (r * w1 + j), c + j);
        }
        if (dup)
            continue;
        E->ch[E->nc++] = h;
    }
    return 0;
}

/* Rows of the box and of the constraints into lp; with_t: the margin
 * variable t (last) in every inequality, constraint `tight` as an
 * equality without margin (-1: none).  Returns 0 or -1 (out of memory).
 * Not yet proved. */
static int fill_rows(engine *E, rr_lp_t *lp, int with_t, long tight)
{
    long d = E->d, w1 = E->w1;
    rr_lp_reset(lp);
    for (long r = 0; r < E->nc; r++) {
        mpq_ptr row = rr_lp_add_row(lp, r == tight);
        if (!row)
            return -1;
        for (long j = 0; j < w1; j++)
            mpq_set(row + j, E->C + (r * w1 + j));
        if (with_t && r != tight)
            mpq_set_si(row + w1, -1, 1);
    }
    for (long j = 0; j < d; j++) {
        mpq_ptr row = rr_lp_add_row(lp, 0); /* x_j - lo_j (- t) >= 0 */
        if (!row)
            return -1;
        mpq_neg(row, E->lo + j);
        mpq_set_ui(row + 1 + j, 1, 1);
        if (with_t)
            mpq_set_si(row + w1, -1, 1);
        row = rr_lp_add_row(lp, 0); /* hi_j - x_j (- t) >= 0 */
        if (!row)
            return -1;
        mpq_set(row, E->hi + j);
        mpq_set_si(row + 1 + j, -1, 1);
        if (with_t)
            mpq_set_si(row + w1, -1, 1);
    }
    return 0;
}

static rr_status nomem(rr_err_t *err)
{
    return rr_err_set(err, RR_ENOMEM, "out of memory enumerating regions");
}

/* Maximize t over the rows (optionally with one constraint tight); *t and
 * the point in lpt.x.  Not yet proved. */
static rr_status max_margin(engine *E, long tight, rr_err_t *err)
{
    if (fill_rows(E, &E->lpt, 1, tight))
        return nomem(err);
    for (long j = 0; j <= E->w1; j++)
        mpq_set_ui(E->lpt.obj + j, 0, 1);
    mpq_set_ui(E->lpt.obj + E->w1, 1, 1);
    E->lpt.maximize = 1;
    rr_lp_outcome out;
    rr_status st = rr_lp_solve(&E->lpt, &out, err);
    if (st)
        return st;
    if (out != RR_LP_OPTIMAL)
        return rr_err_set(err, RR_EINTERNAL,
                          "region enumeration: a margin LP is %s",
                          out == RR_LP_INFEASIBLE ? "infeasible" : "unbounded");
    return RR_OK;
}

rr_status rr_region_interior(rr_region_t *R, mpq_ptr x, rr_err_t *err)
{
    engine *E = R->eng;
    rr_status st = max_margin(E, -1, err);
    if (st)
        return st;
    if (mpq_sgn(E->lpt.value) <= 0)
        return rr_err_set(err, RR_EINTERNAL,
                          "region enumeration: a region without interior");
    for (long j = 0; j < E->d; j++)
        mpq_set(x + j, E->lpt.x + j);
    return RR_OK;
}

rr_status rr_region_extremum(rr_region_t *R, mpq_srcptr c0, mpq_srcptr c,
                             int maximize, mpq_ptr val, mpq_ptr x,
                             rr_err_t *err)
{
    engine *E = R->eng;
    if (fill_rows(E, &E->lpx, 0, -1))
        return nomem(err);
    mpq_set(E->lpx.obj, c0);
    for (long j = 0; j < E->d; j++)
        mpq_set(E->lpx.obj + 1 + j, c + j);
    E->lpx.maximize = maximize;
    rr_lp_outcome out;
    rr_status st = rr_lp_solve(&E->lpx, &out, err);
    if (st)
        return st;
    if (out != RR_LP_OPTIMAL)
        return rr_err_set(err, RR_EINTERNAL,
                          "region enumeration: an extremum LP is %s",
                          out == RR_LP_INFEASIBLE ? "infeasible" : "unbounded");
    mpq_set(val, E->lpx.value);
    for (long j = 0; j < E->d; j++)
        mpq_set(x + j, E->lpx.x + j);
    return RR_OK;
}

/* Add pattern E->pat to the visited set / queue unless present.  Returns
 * 0, or -1 when out of memory.  Not yet proved. */
static int enqueue(engine *E)
{
    long nh = E->nh;
    if (2 * (E->npat + 1) > E->htcap) {
        long ncap = E->htcap ? 2 * E->htcap : 64;
        long *nt = malloc((size_t)ncap * sizeof *nt);
        if (!nt)
            return -1;
        for (long i = 0; i < ncap; i++)
            nt[i] = -1;
        for (long p = 0; p < E->npat; p++) {
            uint64_t h = hash_bytes(E->pats + p * nh, nh);
            long i = (long)(h & (uint64_t)(ncap - 1));
            while (nt[i] >= 0)
                i = (i + 1) & (ncap - 1);
            nt[i] = p;
        }
        free(E->ht);
        E->ht = nt;
        E->htcap = ncap;
    }
    uint64_t h = hash_bytes(E->pat, nh);
    long i = (long)(h & (uint64_t)(E->htcap - 1));
    while (E->ht[i] >= 0) {
        if (!memcmp(E->pats + E->ht[i] * nh, E->pat, (size_t)nh))
            return 0;
        i = (i + 1) & (E->htcap - 1);
    }
    if (E->npat == E->cappat) {
        long ncap = E->cappat ? 2 * E->cappat : 64;
        char *np = realloc(E->pats, (size_t)(ncap * (nh ? nh : 1)));
        if (!np)
            return -1;
        E->pats = np;
        E->cappat = ncap;
    }
    memcpy(E->pats + E->npat * nh, E->pat, (size_t)nh);
    E->ht[i] = E->npat++;
    return 0;
}

static void engine_free(engine *E)
{
    long w1 = E->w1;
    rr_qvec_free(E->A, E->nh * w1);
    rr_qvec_free(E->Y, E->maxw * w1);
    rr_qvec_free(E->Z, E->maxw * w1);
    rr_qvec_free(E->J, E->k * E->d);
    rr_qvec_free(E->off, E->k);
    rr_qvec_free(E->C, E->nh * w1);
    free(E->ch);
    rr_lp_clear(&E->lpt);
    rr_lp_clear(&E->lpx);
    free(E->pats);
    free(E->ht);
    rr_qvec_free(E->LY, E->maxw * (E->lexr + 1));
    rr_qvec_free(E->LZ, E->maxw * (E->lexr + 1));
    rr_qvec_free(E->dirs, (E->d + 1) * E->d);
    rr_qvec_free(E->pt, E->d);
    free(E->pat);
    mpq_clear(E->t1);
    mpq_clear(E->t2);
}

rr_status rr_regions_enumerate(const rr_net_t *net, mpq_srcptr lo,
                               mpq_srcptr hi, const signed char *fixed,
                               rr_region_visit visit, void *ctx,
                               const rr_clock_t *clk,
                               rr_regions_stats_t *stats, rr_err_t *err)
{
    engine E;
    memset(&E, 0, sizeof E);
    E.fixed = fixed;
    mpq_init(E.t1);
    mpq_init(E.t2);
    E.net = net;
    E.d = net->width[0];
    E.k = net->width[net->depth];
    E.w1 = E.d + 1;
    E.lo = lo;
    E.hi = hi;
    E.maxw = 1;
    for (int l = 0; l <= net->depth; l++)
        if (net->width[l] > E.maxw)
            E.maxw = net->width[l];
    for (int l = 1; l < net->depth; l++)
        E.nh += net->width[l];
    E.lexr = E.d + 1;
    long d = E.d, w1 = E.w1;
    memset(stats, 0, sizeof *stats);
    rr_status st = RR_OK;
    rr_err_t e2;
    int bad = rr_lp_init(&E.lpt, d + 1, &e2) != RR_OK;
    bad |= rr_lp_init(&E.lpx, d, &e2) != RR_OK; /* both initialised */
    if (bad) {
        engine_free(&E);
        return rr_err_set(err, e2.code, "%s", e2.msg);
    }
    E.A = rr_qvec_new(E.nh * w1);
    E.Y = rr_qvec_new(E.maxw * w1);
    E.Z = rr_qvec_new(E.maxw * w1);
    E.J = rr_qvec_new(E.k * d);
    E.off = rr_qvec_new(E.k);
    E.C = rr_qvec_new(E.nh * w1);
    E.ch = malloc((size_t)(E.nh ? E.nh : 1) * sizeof *E.ch);
    E.LY = rr_qvec_new(E.maxw * (E.lexr + 1));
    E.LZ = rr_qvec_new(E.maxw * (E.lexr + 1));
    E.dirs = rr_qvec_new((d + 1) * d);
    E.pt = rr_qvec_new(d);
    E.pat = malloc((size_t)E.nh + 1);
    if (!E.A || !E.Y || !E.Z || !E.J || !E.off || !E.C || !E.ch || !E.LY ||
        !E.LZ || !E.dirs || !E.pt || !E.pat) {
        engine_free(&E);
        return nomem(err);
    }
    /* The first region: the centre of the box, perturbed along e_1..e_d. */
    for (long j = 0; j < d; j++) {
        mpq_add(E.pt + j, lo + j, hi + j);
        mpq_div_2exp(E.pt + j, E.pt + j, 1);
        for (long c = 0; c < d; c++)
            mpq_set_ui(E.dirs + (j * d + c), j == c, 1);
    }
    lex_pass(&E, E.pat, E.pt, E.dirs, d);
    if (enqueue(&E)) {
        engine_free(&E);
        return nomem(err);
    }
    while (E.head < E.npat) {
        if (rr_clock_over(clk)) {
            stats->timed_out = 1;
            break;
        }
        const char *s = E.pats + E.head * E.nh;
        /* s may move when pats grows: copy it */
        char *scopy = malloc((size_t)E.nh + 1);
        if (!scopy) {
            st = nomem(err);
            break;
        }
        memcpy(scopy, s, (size_t)E.nh);
        scopy[E.nh] = 0;
        E.head++;
        affine_maps(&E, scopy);
        if (build_constraints(&E, scopy)) {
            free(scopy);
            st = rr_err_set(err, RR_EINTERNAL,
                            "region enumeration: an empty region was queued");
            break;
        }
        stats->regions++;
        rr_region_t R = {scopy, d, E.k, E.J, E.off, 0, &E};
        st = visit(ctx, &R, err);
        if (st || R.stop) {
            free(scopy);
            break;
        }
        for (long r = 0; r < E.nc && !st; r++) {
            st = max_margin(&E, r, err);
            if (st || mpq_sgn(E.lpt.value) <= 0)
                continue;
            /* a facet: cross it at x*, direction -g, then e_1..e_d */
            for (long j = 0; j < d; j++) {
                mpq_set(E.pt + j, E.lpt.x + j);
                mpq_neg(E.dirs + j, E.C + (r * w1 + 1 + j));
                for (long c = 0; c < d; c++)
                    mpq_set_ui(E.dirs + ((j + 1) * d + c), j == c, 1);
            }
            lex_pass(&E, E.pat, E.pt, E.dirs, d + 1);
            if (enqueue(&E))
                st = nomem(err);
        }
        free(scopy);
    }
    stats->lps = E.lpt.solved + E.lpx.solved;
    engine_free(&E);
    return st;
}

/* ---- exact norms by region enumeration ---------------------------------- */

typedef struct deep_ctx {
    rr_norm_result_t *res;
    mpq_srcptr lo, hi;  /* the box being enumerated */
    rr_gradnorm grad;
    rr_nval_t nv;
    mpq_t v, ub, u;
    mpq_ptr x;
    rr_progress_t *prog;     /* NULL: no progress reports */
    const rr_clock_t *clk;
    long visited;
} deep_ctx;

/* Visit one region: its gradient norms, and the extrema of its affine
 * piece by LP unless a bound over the whole box shows they cannot beat the
 * best so far.  Not yet proved. */
static rr_status deep_visit(void *vctx, rr_region_t *R, rr_err_t *err)
{
    deep_ctx *c = vctx;
    rr_norm_result_t *res = c->res;
    long d = R->d;
    c->visited++;
    if (c->prog && rr_progress_due(c->prog))
        rr_progress_send(c->prog, c->clk, "exact (regions)",
                         res->regions + c->visited, 0, res, -1, -1);
    for (long j = 0; j < R->k; j++) {
        mpq_srcptr g = R->jac + j * d;
        rr_gradnorm_value(&c->nv, g, d, c->grad);
        if (rr_nb_improves(&res->semi[j], &c->nv)) {
            rr_status st = rr_region_interior(R, c->x, err);
            if (st)
                return st;
            rr_nb_set_grad(&res->semi[j], &c->nv, c->x, g, d, j);
        }
        for (int up = 1; up >= 0; up--) {
            /* extreme of the piece over the whole box */
            mpq_set(c->ub, R->off + j);
            for (long i = 0; i < d; i++) {
                int pick_hi = (mpq_sgn(g + i) > 0) == up;
                mpq_mul(c->u, g + i, pick_hi ? c->hi + i : c->lo + i);
                mpq_add(c->ub, c->ub, c->u);
            }
            if (!up)
                mpq_neg(c->ub, c->ub);
            if (res->linf[j].known && mpq_cmp(c->ub, res->linf[j].lo.q) <= 0)
                continue;
            rr_status st = rr_region_extremum(R, R->off + j, g, up, c->v,
                                              c->x, err);
            if (st)
                return st;
            rr_nb_offer_value(&res->linf[j], c->v, c->x, d, j);
        }
    }
    return RR_OK;
}

static rr_status regions_box(rr_norm_result_t *res, const rr_net_t *net,
                             mpq_srcptr lo, mpq_srcptr hi,
                             const signed char *fixed, rr_gradnorm grad,
                             const rr_clock_t *clk, rr_progress_t *prog,
                             int *timed_out, rr_err_t *err)
{
    deep_ctx c;
    c.prog = prog;
    c.clk = clk;
    c.visited = 0;
    c.res = res;
    c.lo = lo;
    c.hi = hi;
    c.grad = grad;
    rr_nval_init(&c.nv);
    mpq_init(c.v);
    mpq_init(c.ub);
    mpq_init(c.u);
    c.x = rr_qvec_new(res->d);
    rr_status st;
    rr_regions_stats_t stats;
    if (!c.x)
        st = rr_err_set(err, RR_ENOMEM, "out of memory");
    else
        st = rr_regions_enumerate(net, lo, hi, fixed, deep_visit, &c, clk,
                                  &stats, err);
    if (!st) {
        res->regions += stats.regions;
        res->lps += stats.lps;
        *timed_out = stats.timed_out;
    }
    rr_qvec_free(c.x, res->d);
    mpq_clear(c.v);
    mpq_clear(c.ub);
    mpq_clear(c.u);
    rr_nval_clear(&c.nv);
    return st;
}

rr_status rr_norm_regions_box(rr_norm_result_t *res, const rr_net_t *net,
                              mpq_srcptr lo, mpq_srcptr hi,
                              const signed char *fixed, rr_gradnorm grad,
                              const rr_clock_t *clk, int *timed_out,
                              rr_err_t *err)
{
    return regions_box(res, net, lo, hi, fixed, grad, clk, NULL, timed_out,
                       err);
}

rr_status rr_norm_regions(rr_norm_result_t *res, const rr_net_t *net,
                          const rr_norm_opts_t *o, const rr_clock_t *clk,
                          int *timed_out, rr_err_t *err)
{
    rr_progress_t prog;
    rr_progress_start(&prog, o, clk);
    rr_status st = regions_box(res, net, res->lo, res->hi, NULL, o->grad, clk,
                               &prog, timed_out, err);
    if (!st) {
        res->method = RR_NORM_EXACT_REGIONS;
        if (!*timed_out)
            for (long j = 0; j < res->k; j++)
                res->linf[j].exact = res->semi[j].exact = 1;
    }
    return st;
}
