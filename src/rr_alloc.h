/* rr_alloc.h -- typed heap allocation: the only heap primitives the proved
 * code calls, and the heap half of the trusted base (assumption A14 of
 * spec/gmp_mpfr_model.h).
 *
 * Why typed wrappers: WP (Frama-C 25) implements neither \fresh nor
 * \allocable/\freeable, so the contracts of the libc's malloc/calloc/free
 * cannot be used, and a void* result cast to T* degrades WP's Typed memory
 * model.  Each function below returns a T* directly and states what a proof
 * needs from an allocator:
 *   - NULL, or a block valid for n elements (n >= 1 is allocated when n = 0,
 *     so a non-NULL result never has to be special-cased);
 *   - no freshness: WP 25 leaves its allocation table unchanged across a
 *     call, so "the block was not valid before the call" contradicts it.
 *     (This file stated freshness as "separated from every same-typed
 *     pointer valid in Pre" until the num proof unit showed that it makes
 *     `assert \false` provable after every successful allocation.)
 *     Instead, each call site that needs a new block to be separated from
 *     blocks it already holds says so with `//@ admit fresh: \separated(new
 *     block, held block)`: each such admit is an instance of A14, local and
 *     reviewable, and consistent (WP never knows two blocks to be equal);
 *   - rr_new_*_zero: every element is 0 / NULL (calloc).
 * rr_free has no precondition and assigns nothing in the model: WP proves
 * the absence of out-of-bounds accesses, undefined behaviour and signed
 * overflow, not the absence of use-after-free, double free or leaks.  Those
 * three are what ASan/UBSan (make test-asan) and valgrind check on every
 * test, and what A14 assumes.
 *
 * The bodies (rr_alloc.c) are thin calls to malloc/calloc/free and are not
 * part of any proof unit.  Sizes are capped so that n * sizeof(T) cannot
 * overflow a size_t. */
#ifndef RR_ALLOC_H
#define RR_ALLOC_H

#include <gmp.h>
#include <mpfr.h>

/* The largest element count any allocation may request (2^40). */
#define RR_ALLOC_MAX 1099511627776L

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
long *rr_new_long(long n);

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
char *rr_new_char(long n);

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
double *rr_new_double(long n);

/* Uninitialised mpq_t / mpfr_t structs (the caller runs mpq_init /
 * mpfr_init2 on each). */
/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
mpq_ptr rr_new_mpq(long n);

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
mpfr_ptr rr_new_mpfr(long n);

/* Arrays of pointers, all NULL. */
/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @ ensures \result == \null || (\forall integer i; 0 <= i < n ==> \result[i] == \null);
  @*/
mpq_ptr *rr_new_mpq_ptr_zero(long n);

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @ ensures \result == \null || (\forall integer i; 0 <= i < n ==> \result[i] == \null);
  @*/
mpfr_ptr *rr_new_mpfr_ptr_zero(long n);

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @ ensures \result == \null || (\forall integer i; 0 <= i < n ==> \result[i] == \null);
  @*/
double **rr_new_double_ptr_zero(long n);

/* free(p); NULL is allowed.  See A14 above: the model forgets nothing. */
/*@ terminates \true;
  @ assigns \nothing; */
void rr_free(void *p);

/* ---- task dyadic (src/rr_dyadic.c) ---- */
/* Uninitialised mpz_t structs (the caller runs mpz_init on each). */
/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
mpz_ptr rr_new_mpz(long n);

/* Limb arrays: uninitialised, and all 0 (calloc). */
/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
mp_limb_t *rr_new_limb(long n);

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @ ensures \result == \null || (\forall integer i; 0 <= i < n ==> \result[i] == 0);
  @*/
mp_limb_t *rr_new_limb_zero(long n);

/* One prepared dyadic network and n layers (src/rr_dyadic.h; the fields
 * are uninitialised: rr_dyadic.c sets each one). */
struct rr_dy_net;
struct rr_dy_layer;
/*@ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result);
  @*/
struct rr_dy_net *rr_new_dy_net(void);

/*@ requires 0 <= n <= RR_ALLOC_MAX;
  @ terminates \true;
  @ assigns \nothing;
  @ ensures \result == \null || \valid(\result + (0 .. n-1));
  @*/
struct rr_dy_layer *rr_new_dy_layer(long n);

/* More element types follow the same pattern: one function per type, the
 * same three clauses (validity, freshness over that type, zero for
 * pointer arrays). */

#endif
