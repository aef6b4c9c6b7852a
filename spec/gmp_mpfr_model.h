/* spec/gmp_mpfr_model.h -- THE trusted base of the reluref proofs: an ACSL
 * model of the part of GMP and MPFR that the evaluation kernels
 * (src/rr_kernel.c) use.  Everything proved about the kernels is proved
 * relative to the contracts in this file; review it as such.
 *
 * HOW IT IS USED
 *   Under Frama-C (__FRAMAC__ defined) the proof scripts put a private include
 *   folder first (proofs/include/, whose gmp.h and mpfr.h are symlinks to this
 *   file), so `#include <gmp.h>` and `#include <mpfr.h>` in the kernels both
 *   land here and the real headers are never read.  This file then defines the
 *   GMP/MPFR types as opaque one-field structs and declares the functions
 *   below with contracts.
 *   Without __FRAMAC__, the file includes the real <gmp.h> and <mpfr.h> and
 *   re-declares the same prototypes: `make proofs` compiles it with
 *   `gcc -Werror`, so every prototype here is checked against the real one.
 *   Names: gmp.h renames mpq_add to __gmpq_add etc. by object-like macros, so
 *   the declarations use the real symbols (__gmpq_add) and, under Frama-C,
 *   the same renaming macros are defined here.  Functions that the real
 *   headers provide as function-like macros (mpq_sgn; mpfr_sgn, mpfr_zero_p,
 *   mpfr_set without MPFR_USE_NO_MACRO) are declared as `int (name)(...)`,
 *   which the preprocessor never expands.
 *
 * THE VALUE MODEL
 *   qv(q) is the rational number held by an mpq_t, fv(x) the number held by an
 *   mpfr_t, both as ACSL reals, and both are functions of the VALUE of the
 *   struct, not of its address: a contract "assigns *r" changes only qv(*r),
 *   and every other object keeps its value for free (framing comes from the
 *   memory model, no \separated clauses are needed).  qv and fv are
 *   uninterpreted: there are no axioms about them, hence no risk of
 *   inconsistency from this file.
 *
 * ASSUMPTIONS (each one is a statement about GMP/MPFR or about the callers
 * that the proofs take on trust)
 *   A1 Initialisation.  Every mpq_t / mpfr_t reached by a kernel has been
 *      initialised (mpq_init, mpfr_init2) and not cleared.  The model's
 *      \valid(x) only speaks of the struct; the validity of the limbs it points
 *      to is GMP's business.
 *   A2 Termination and allocation.  Every GMP/MPFR function declared here
 *      terminates and returns.  GMP aborts the process when memory runs out;
 *      the model ignores that outcome.
 *   A3 Canonical rationals.  Every mpq_t operand is in canonical form
 *      (GMP's own precondition); the functions below keep it canonical.
 *      mpq_set_ui is modelled for denominator 1 only (a fraction n/d with
 *      common factors would need mpq_canonicalize).
 *   A4 Finite MPFR values.  fv is real-valued: the model has no NaN and no
 *      infinity.  The MPFR contracts below are exact statements about MPFR for
 *      finite operands and results.  A computation that raises the NaN,
 *      overflow or erange flag of MPFR is outside the model: callers of the
 *      MPFR kernels must clear the flags before (mpfr_clear_flags) and
 *      reject the result if mpfr_nanflag_p(), mpfr_overflow_p() or
 *      mpfr_erangeflag_p() is set afterwards.  (Underflow is harmless: MPFR
 *      still rounds in the requested direction.)  The exponent range is left
 *      at its default or set by the caller; it is not modelled.
 *   A5 Directed rounding.  For MPFR_RNDD the result is <= the exact value of
 *      the operation, for MPFR_RNDU it is >=, where the exact value is
 *      computed from the operands' values before the call (MPFR's
 *      correct-rounding guarantee, weakened to its direction).  This holds
 *      whatever the precisions of the operands and of the result.
 *   A6 Round to nearest.  For MPFR_RNDN the model states nothing about the
 *      value (memory behaviour only): the MPFR-nearest kernel is proved memory
 *      safe, not accurate.
 *   A7 Aliasing.  The result may alias any operand (allowed by the GMP and
 *      MPFR manuals); the contracts use \old values of the operands, so no
 *      separation is required.
 *   A8 Macros.  mpq_sgn, mpfr_sgn, mpfr_zero_p and mpfr_set are macros in
 *      the real headers (mpfr_set expands to mpfr_set4(a,b,r,MPFR_SIGN(b))).
 *      The model treats them as the functions they stand for: the macros read
 *      the struct fields and have the documented meaning (mpfr_sgn on NaN sets
 *      the erange flag and returns 0: excluded by A4).
 *   A9 Sizes.  The opaque structs are smaller than the real ones; pointer
 *      arithmetic and \valid ranges count elements, not bytes, so this does
 *      not matter as long as the kernels never look inside the structs (they
 *      do not: every access goes through a function declared here).
 *   A10 Lifetime (mpq_init, mpq_clear; added with src/rr_dgstep.c).
 *      mpq_init makes a valid mpq_t of value 0 (allocation failure aborts,
 *      A2); after mpq_clear the model only forgets the value.  Using a
 *      cleared mpq_t again (other than by mpq_init) is excluded by A1, which
 *      the model does not check.
 *   A11 Division (mpq_div).  GMP divides exactly and aborts on a zero
 *      divisor; the model requires a nonzero divisor.  mpq_equal compares
 *      values, which is right because operands are canonical (A3).
 *   A12 Separation of the interval layer (unit kernel-interval).
 *      rr_ki_affine is proved in WP's Caveat memory model, which assumes
 *      that the objects its formal pointers reach are pairwise separated
 *      (WP prints the hypotheses as `behavior wp_typed_caveat`).  Its only
 *      caller, eval_enclosure in src/rr_realize.c, passes eleven distinct
 *      allocations.
 *   A13 64-bit integer conversions (unit rand; the axiomatic Conversions64
 *      stated in src/rr_rand.c, next to its only use: WP did not use it
 *      from this header).  WP leaves (uint64_t)x and (int64_t)x abstract outside their
 *      range; three bounded instances are assumed: to an unsigned type add
 *      or subtract 2^64 (C11 6.3.1.3p2), and an out-of-range value converted
 *      to int64_t is reduced modulo 2^64 into [-2^63, 2^63) (C11 6.3.1.3p3,
 *      implementation-defined; GCC's documented behaviour).  They hold of
 *      the modular conversions, hence are consistent with WP's own axioms.
 *      These are the only axioms of the trusted base besides the value
 *      functions' declarations.
 *   A14 The heap (src/rr_alloc.h, the typed allocators).  WP (Frama-C 25)
 *      implements neither \fresh nor \allocable/\freeable, so the proved
 *      code allocates only through rr_new_<type>(n), whose contracts are
 *      trusted: NULL or a block valid for n elements, separated from every
 *      pointer of the same type valid before the call (freshness), and all
 *      NULL for the pointer arrays (calloc; all-bits-zero is the null
 *      pointer on every platform GCC targets here).  rr_free assigns
 *      nothing in the model.  Consequence: WP proves bounds, absence of UB
 *      and overflow, but not the absence of use-after-free, double free or
 *      leaks; those are checked by running every test under ASan/UBSan
 *      (make test-asan) and are assumed by the proofs.  The bodies in
 *      src/rr_alloc.c are one-line calls to malloc/calloc/free.
 *   No other GMP/MPFR function may be called by a proved unit: the proof
 *   scripts run with -kernel-warn-key annot:missing-spec=abort.
 */
#ifndef RR_GMP_MPFR_MODEL_H
#define RR_GMP_MPFR_MODEL_H

#ifdef __FRAMAC__

/* ---- opaque types (same type names as gmp.h / mpfr.h) ---- */
typedef struct __rr_mpq { int _rr_opaque; } __mpq_struct;
typedef __mpq_struct mpq_t[1];
typedef __mpq_struct *mpq_ptr;
typedef const __mpq_struct *mpq_srcptr;

typedef long mpfr_prec_t;
typedef int mpfr_sign_t;
typedef long mpfr_exp_t;
typedef struct __rr_mpfr { int _rr_opaque; } __mpfr_struct;
typedef __mpfr_struct mpfr_t[1];
typedef __mpfr_struct *mpfr_ptr;
typedef const __mpfr_struct *mpfr_srcptr;

/* Same enumerators and values as mpfr.h. */
typedef enum {
    MPFR_RNDN = 0, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD, MPFR_RNDA, MPFR_RNDF,
    MPFR_RNDNA = -1
} mpfr_rnd_t;

/* gmp.h's renaming macros, for the functions declared below. */
#define mpq_add __gmpq_add
#define mpq_mul __gmpq_mul
#define mpq_set_ui __gmpq_set_ui
#define mpq_sub __gmpq_sub
#define mpq_div __gmpq_div
#define mpq_set __gmpq_set
#define mpq_equal __gmpq_equal
#define mpq_init __gmpq_init
#define mpq_clear __gmpq_clear

/*@ axiomatic GmpMpfrValues {
  @   // The rational value of an mpq_t (A3).
  @   logic real qv(__mpq_struct q);
  @   // The value of an mpfr_t, assumed finite (A4).
  @   logic real fv(__mpfr_struct x);
  @ }
  @*/

#else /* gcc: check the prototypes below against the real headers */

#include <gmp.h>
#include <mpfr.h>

#endif /* __FRAMAC__ */

/* ================================ GMP (mpq) ============================== */

/* mpq_set_ui(rop, n, d): rop = n/d; modelled for d == 1 only (A3). */
/*@ requires valid: \valid(rop);
  @ requires integer_value: d == 1;
  @ terminates \true;
  @ assigns *rop \from n;
  @ ensures value: qv(*rop) == n;
  @*/
void __gmpq_set_ui(mpq_ptr rop, unsigned long n, unsigned long d);

/* mpq_add(rop, a, b): rop = a + b, exactly. */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ terminates \true;
  @ assigns *rop \from *a, *b;
  @ ensures value: qv(*rop) == \old(qv(*a)) + \old(qv(*b));
  @*/
void __gmpq_add(mpq_ptr rop, mpq_srcptr a, mpq_srcptr b);

/* mpq_mul(rop, a, b): rop = a * b, exactly. */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ terminates \true;
  @ assigns *rop \from *a, *b;
  @ ensures value: qv(*rop) == \old(qv(*a)) * \old(qv(*b));
  @*/
void __gmpq_mul(mpq_ptr rop, mpq_srcptr a, mpq_srcptr b);

/* mpq_sgn(q): -1, 0 or +1, the sign of q.  A macro in gmp.h (A8). */
/*@ requires valid: \valid_read(q);
  @ terminates \true;
  @ assigns \result \from *q;
  @ ensures range: -1 <= \result <= 1;
  @ ensures neg: \result < 0 <==> qv(*q) < 0;
  @ ensures zero: \result == 0 <==> qv(*q) == 0;
  @ ensures pos: \result > 0 <==> qv(*q) > 0;
  @*/
int (mpq_sgn)(mpq_srcptr q);

/* =============================== MPFR ==================================== */

/* mpfr_set(rop, op, rnd): rop = round(op) at the precision of rop. */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *rop \from *op, rnd;
  @ behavior down:
  @   assumes rnd == MPFR_RNDD;
  @   ensures value: fv(*rop) <= \old(fv(*op));
  @ behavior up:
  @   assumes rnd == MPFR_RNDU;
  @   ensures value: fv(*rop) >= \old(fv(*op));
  @ behavior nearest:
  @   assumes rnd == MPFR_RNDN;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int (mpfr_set)(mpfr_ptr rop, mpfr_srcptr op, mpfr_rnd_t rnd);

/* mpfr_add(rop, a, b, rnd): rop = round(a + b). */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *rop \from *a, *b, rnd;
  @ behavior down:
  @   assumes rnd == MPFR_RNDD;
  @   ensures value: fv(*rop) <= \old(fv(*a)) + \old(fv(*b));
  @ behavior up:
  @   assumes rnd == MPFR_RNDU;
  @   ensures value: fv(*rop) >= \old(fv(*a)) + \old(fv(*b));
  @ behavior nearest:
  @   assumes rnd == MPFR_RNDN;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_add(mpfr_ptr rop, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd);

/* mpfr_mul(rop, a, b, rnd): rop = round(a * b). */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *rop \from *a, *b, rnd;
  @ behavior down:
  @   assumes rnd == MPFR_RNDD;
  @   ensures value: fv(*rop) <= \old(fv(*a)) * \old(fv(*b));
  @ behavior up:
  @   assumes rnd == MPFR_RNDU;
  @   ensures value: fv(*rop) >= \old(fv(*a)) * \old(fv(*b));
  @ behavior nearest:
  @   assumes rnd == MPFR_RNDN;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_mul(mpfr_ptr rop, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd);

/* mpfr_min(rop, a, b, rnd): rop = round(min(a, b)). */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *rop \from *a, *b, rnd;
  @ behavior down:
  @   assumes rnd == MPFR_RNDD;
  @   ensures value: fv(*rop) <= (\old(fv(*a)) <= \old(fv(*b)) ?
  @                               \old(fv(*a)) : \old(fv(*b)));
  @ behavior up:
  @   assumes rnd == MPFR_RNDU;
  @   ensures value: fv(*rop) >= (\old(fv(*a)) <= \old(fv(*b)) ?
  @                               \old(fv(*a)) : \old(fv(*b)));
  @ behavior nearest:
  @   assumes rnd == MPFR_RNDN;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_min(mpfr_ptr rop, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd);

/* mpfr_max(rop, a, b, rnd): rop = round(max(a, b)). */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *rop \from *a, *b, rnd;
  @ behavior down:
  @   assumes rnd == MPFR_RNDD;
  @   ensures value: fv(*rop) <= (\old(fv(*a)) >= \old(fv(*b)) ?
  @                               \old(fv(*a)) : \old(fv(*b)));
  @ behavior up:
  @   assumes rnd == MPFR_RNDU;
  @   ensures value: fv(*rop) >= (\old(fv(*a)) >= \old(fv(*b)) ?
  @                               \old(fv(*a)) : \old(fv(*b)));
  @ behavior nearest:
  @   assumes rnd == MPFR_RNDN;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_max(mpfr_ptr rop, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd);

/* mpfr_set_zero(rop, sign): rop = +0 if sign >= 0, -0 otherwise; both have
 * the real value 0. */
/*@ requires valid: \valid(rop);
  @ terminates \true;
  @ assigns *rop \from sign;
  @ ensures value: fv(*rop) == 0;
  @*/
void mpfr_set_zero(mpfr_ptr rop, int sign);

/* mpfr_sgn(op): the sign of op (a macro in mpfr.h, A8; NaN excluded, A4). */
/*@ requires valid: \valid_read(op);
  @ terminates \true;
  @ assigns \result \from *op;
  @ ensures neg: \result < 0 <==> fv(*op) < 0;
  @ ensures zero: \result == 0 <==> fv(*op) == 0;
  @ ensures pos: \result > 0 <==> fv(*op) > 0;
  @*/
int (mpfr_sgn)(mpfr_srcptr op);

/* mpfr_zero_p(op): nonzero iff op is a zero of either sign (a macro, A8). */
/*@ requires valid: \valid_read(op);
  @ terminates \true;
  @ assigns \result \from *op;
  @ ensures value: \result != 0 <==> fv(*op) == 0;
  @*/
int (mpfr_zero_p)(mpfr_srcptr op);

/* ============ GMP (mpq), added for src/rr_dgstep.c (A10, A11) ============ */

/* mpq_init(x): x = 0, a fresh canonical rational (A10). */
/*@ requires valid: \valid(x);
  @ terminates \true;
  @ assigns *x \from \nothing;
  @ ensures value: qv(*x) == 0;
  @*/
void __gmpq_init(mpq_ptr x);

/* mpq_clear(x): frees x; its value is forgotten (A10). */
/*@ requires valid: \valid(x);
  @ terminates \true;
  @ assigns *x \from \nothing;
  @*/
void __gmpq_clear(mpq_ptr x);

/* mpq_set(rop, op): rop = op. */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op;
  @ ensures value: qv(*rop) == \old(qv(*op));
  @*/
void __gmpq_set(mpq_ptr rop, mpq_srcptr op);

/* mpq_sub(rop, a, b): rop = a - b, exactly. */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ terminates \true;
  @ assigns *rop \from *a, *b;
  @ ensures value: qv(*rop) == \old(qv(*a)) - \old(qv(*b));
  @*/
void __gmpq_sub(mpq_ptr rop, mpq_srcptr a, mpq_srcptr b);

/* mpq_div(rop, a, b): rop = a / b, exactly, for b != 0 (A11).  Stated
 * multiplicatively, rop * b == a, which with b != 0 determines rop (the
 * quotient form makes the provers time out). */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ requires nonzero_divisor: qv(*b) != 0;
  @ terminates \true;
  @ assigns *rop \from *a, *b;
  @ ensures value: qv(*rop) * \old(qv(*b)) == \old(qv(*a));
  @*/
void __gmpq_div(mpq_ptr rop, mpq_srcptr a, mpq_srcptr b);

/* mpq_equal(a, b): nonzero iff a == b (canonical operands, A3, A11). */
/*@ requires valid: \valid_read(a) && \valid_read(b);
  @ terminates \true;
  @ assigns \result \from *a, *b;
  @ ensures value: \result != 0 <==> qv(*a) == qv(*b);
  @*/
int __gmpq_equal(mpq_srcptr a, mpq_srcptr b);

#endif /* RR_GMP_MPFR_MODEL_H */
