/* rr_alloc.c -- the typed allocators of rr_alloc.h: thin wrappers over
 * malloc/calloc/free (trusted, assumption A14; not in a proof unit). */
#include "rr_alloc.h"
#include "rr_dyadic.h"

#include <stdlib.h>

static size_t count(long n) { return (size_t)(n > 0 ? n : 1); }

long *rr_new_long(long n) { return malloc(count(n) * sizeof(long)); }
char *rr_new_char(long n) { return malloc(count(n)); }
double *rr_new_double(long n) { return malloc(count(n) * sizeof(double)); }
mpq_ptr rr_new_mpq(long n) { return malloc(count(n) * sizeof(mpq_t)); }
mpfr_ptr rr_new_mpfr(long n) { return malloc(count(n) * sizeof(mpfr_t)); }
mpq_ptr *rr_new_mpq_ptr_zero(long n) { return calloc(count(n), sizeof(mpq_ptr)); }
mpfr_ptr *rr_new_mpfr_ptr_zero(long n) { return calloc(count(n), sizeof(mpfr_ptr)); }
double **rr_new_double_ptr_zero(long n) { return calloc(count(n), sizeof(double *)); }
mpz_ptr rr_new_mpz(long n) { return malloc(count(n) * sizeof(mpz_t)); }
mp_limb_t *rr_new_limb(long n) { return malloc(count(n) * sizeof(mp_limb_t)); }
mp_limb_t *rr_new_limb_zero(long n) { return calloc(count(n), sizeof(mp_limb_t)); }
struct rr_dy_net *rr_new_dy_net(void) { return malloc(sizeof(struct rr_dy_net)); }
struct rr_dy_layer *rr_new_dy_layer(long n) { return malloc(count(n) * sizeof(struct rr_dy_layer)); }
void rr_free(void *p) { free(p); }
