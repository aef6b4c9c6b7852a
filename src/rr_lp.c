/* rr_lp.c -- exact LPs with cddlib's GMP rational arithmetic (rr_lp.h). */
#define GMPRATIONAL 1

#include "rr_lp.h"

#include <stdlib.h>
#include <string.h>

#include <cddlib/setoper.h>
#include <cddlib/cdd.h>

static int cdd_ready;

/* cddlib's global constants (dd_zero, dd_one, ...), set once.  Not yet
 * proved. */
static void cdd_setup(void)
{
    if (!cdd_ready) {
        dd_set_global_constants();
        cdd_ready = 1;
    }
}

rr_status rr_lp_init(rr_lp_t *lp, long n, rr_err_t *err)
{
    memset(lp, 0, sizeof *lp);
    mpq_init(lp->value);
    if (n < 1)
        return rr_err_set(err, RR_EINTERNAL, "rr_lp_init: %ld variables", n);
    lp->n = n;
    lp->obj = malloc((size_t)(n + 1) * sizeof(__mpq_struct));
    lp->x = malloc((size_t)n * sizeof(__mpq_struct));
    if (!lp->obj || !lp->x) {
        free(lp->obj);
        free(lp->x);
        lp->obj = lp->x = NULL;
        return rr_err_set(err, RR_ENOMEM, "rr_lp_init: out of memory");
    }
    for (long j = 0; j <= n; j++)
        mpq_init(lp->obj + j);
    for (long j = 0; j < n; j++)
        mpq_init(lp->x + j);
    lp->maximize = 1;
    return RR_OK;
}

void rr_lp_clear(rr_lp_t *lp)
{
    if (lp->a) {
        for (long i = 0; i < lp->cap * (lp->n + 1); i++)
            mpq_clear(lp->a + i);
        free(lp->a);
    }
    free(lp->eq);
    if (lp->obj) {
        for (long j = 0; j <= lp->n; j++)
            mpq_clear(lp->obj + j);
        free(lp->obj);
    }
    if (lp->x) {
        for (long j = 0; j < lp->n; j++)
            mpq_clear(lp->x + j);
        free(lp->x);
    }
    mpq_clear(lp->value);
    memset(lp, 0, sizeof *lp);
}

void rr_lp_reset(rr_lp_t *lp)
{
    lp->m = 0;
}

mpq_ptr rr_lp_add_row(rr_lp_t *lp, int eq)
{
    long w = lp->n + 1;
    if (lp->m == lp->cap) {
        long ncap = lp->cap ? 2 * lp->cap : 16;
        mpq_ptr na = realloc(lp->a, (size_t)(ncap * w) * sizeof(__mpq_struct));
        if (!na)
            return NULL;
        lp->a = na;
        char *ne = realloc(lp->eq, (size_t)ncap);
        if (!ne)
            return NULL;
        lp->eq = ne;
        for (long i = lp->cap * w; i < ncap * w; i++)
            mpq_init(lp->a + i);
        lp->cap = ncap;
    }
    mpq_ptr row = lp->a + lp->m * w;
    for (long j = 0; j < w; j++)
        mpq_set_ui(row + j, 0, 1);
    lp->eq[lp->m] = (char)(eq != 0);
    lp->m++;
    return row;
}

rr_status rr_lp_solve(rr_lp_t *lp, rr_lp_outcome *out, rr_err_t *err)
{
    cdd_setup();
    long w = lp->n + 1;
    if (lp->m < 1)
        return rr_err_set(err, RR_EINTERNAL, "rr_lp_solve: an LP without rows");
    dd_MatrixPtr M = dd_CreateMatrix(lp->m, w);
    if (!M)
        return rr_err_set(err, RR_ENOMEM, "rr_lp_solve: out of memory");
    M->representation = dd_Inequality;
    M->numbtype = dd_Rational;
    for (long i = 0; i < lp->m; i++) {
        for (long j = 0; j < w; j++)
            mpq_set(M->matrix[i][j], lp->a + (i * w + j));
        if (lp->eq[i])
            set_addelem(M->linset, i + 1);
    }
    M->objective = lp->maximize ? dd_LPmax : dd_LPmin;
    for (long j = 0; j < w; j++)
        mpq_set(M->rowvec[j], lp->obj + j);
    dd_ErrorType e = dd_NoError;
    dd_LPPtr L = dd_Matrix2LP(M, &e);
    dd_FreeMatrix(M);
    if (!L || e != dd_NoError) {
        if (L)
            dd_FreeLPData(L);
        return rr_err_set(err, RR_EINTERNAL,
                          "rr_lp_solve: cddlib could not set up the LP "
                          "(error %d)", (int)e);
    }
    dd_LPSolve(L, dd_DualSimplex, &e);
    rr_status st = RR_OK;
    if (e != dd_NoError) {
        st = rr_err_set(err, RR_EINTERNAL,
                        "rr_lp_solve: cddlib failed (error %d)", (int)e);
    } else if (L->LPS == dd_Optimal) {
        *out = RR_LP_OPTIMAL;
        mpq_set(lp->value, L->optvalue);
        for (long j = 0; j < lp->n; j++)
            mpq_set(lp->x + j, L->sol[j + 1]);
    } else if (L->LPS == dd_Inconsistent ||
               L->LPS == dd_StrucInconsistent) {
        *out = RR_LP_INFEASIBLE;
    } else if (L->LPS == dd_DualInconsistent ||
               L->LPS == dd_StrucDualInconsistent ||
               L->LPS == dd_Unbounded) {
        *out = RR_LP_UNBOUNDED;
    } else {
        st = rr_err_set(err, RR_EINTERNAL,
                        "rr_lp_solve: cddlib left the LP undecided "
                        "(status %d)", (int)L->LPS);
    }
    dd_FreeLPData(L);
    lp->solved++;
    return st;
}
