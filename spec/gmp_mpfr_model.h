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
 *      implements neither \fresh nor \allocable/\freeable, and its
 *      allocation table is unchanged across a call.  The proved code
 *      allocates only through rr_new_<type>(n), whose contracts are trusted:
 *      NULL or a block valid for n elements, all NULL for the pointer arrays
 *      (calloc; all-bits-zero is the null pointer on every platform GCC
 *      targets here).  Freshness cannot be stated in the contract (it
 *      contradicts the unchanged allocation table: stating it made every
 *      later goal provable, `assert \false` included); a call site that
 *      needs a new block separated from blocks it holds says so with
 *      `//@ admit fresh: \separated(...)`, an instance of A14 (grep
 *      "admit fresh").  rr_free assigns nothing in the model.  Consequences:
 *      WP proves bounds, absence of UB and overflow, not the absence of
 *      use-after-free, double free or leaks (checked by running every test
 *      under ASan/UBSan and valgrind, and assumed here); and WP cannot prove
 *      an `assigns` clause of a function that writes into memory it
 *      allocated itself (it cannot tell that memory is new), so those goals
 *      stay unproved and such functions say so.  The bodies in
 *      src/rr_alloc.c are one-line calls to malloc/calloc/free.
 *   A15 Limb size (task realize).  mp_bits_per_limb is modelled as the
 *      constant 64 (GMP_NUMB_BITS on the 64-bit targets reluref is built
 *      for); MPFR_PREC_MIN/MAX are mpfr.h's values for a 64-bit
 *      mpfr_prec_t.  Used by fvec_set_q_compact in src/rr_realize.c.
 *   A16 GMP accessors (num task, src/rr_num.c).  mpq_denref is a macro in
 *      gmp.h (&q->_mp_den); it is modelled as a function returning a valid
 *      read-only mpz_t, and only read through.  mpq_set_num/mpq_set_den
 *      write part of a rational, which is not canonical (A3) until the
 *      mpq_canonicalize that follows with no read in between; the model
 *      requires the denominator set to be nonzero (canonicalize divides by
 *      it).  mpz_t is opaque like mpq_t, zv its integer value.
 *   A17 MPFR's exponent range (num task).  The global emin/emax of MPFR
 *      are the ghost variables __rr_mpfr_emin/__rr_mpfr_emax;
 *      mpfr_get_emin/emax return them, always within +-(2^62 - 1) (MPFR 4
 *      on LP64: mpfr_get_emin_min() etc.), and mpfr_set_emin/emax set them
 *      and return 0 exactly for values within those bounds.
 *   A18 Formatting and the C library (num task, src/rr_num.c and
 *      src/rr_error.c).  (a) The arguments after the format of variadic
 *      calls (rr_err_set, rr_err_prefix, rr_snprintf, mpfr_snprintf, and
 *      vsnprintf's va_list) are not checked by WP: the Variadic plug-in
 *      passes them in an array the contracts do not see.  gcc checks them
 *      against the format (-Wall: -Wformat), except MPFR's %R conversions.
 *      Frama-C's own specification of snprintf assigns the unbounded range
 *      s[0 ..], which WP rejects, hence rr_snprintf (a vsnprintf call).
 *      (b) Units num and error run with -wp-frama-c-stdlib-terminate:
 *      Frama-C libc functions without a terminates clause (strlen,
 *      vsnprintf, memcpy, isxdigit, ...) are assumed to terminate.
 *      (c) mpq_get_str(NULL, ...) returns a valid NUL-terminated string
 *      that GMP allocated (allocation failure aborts, A2).
 *   A19 Sizes of an mpz (task dyadic, src/rr_dyadic.c).  An mpz_t has at
 *      most INT_MAX limbs (gmp.h: its _mp_size field is an int), so
 *      mpz_size returns at most RR_MPZ_MAX_LIMBS = 2^31 - 1 and
 *      mpz_scan1(z, 0) of a nonzero z is below RR_MPZ_MAX_BITS = 2^37;
 *      larger results make GMP abort (A2).  mpq_numref is modelled like
 *      mpq_denref (A16); a canonical denominator is positive (A3).
 *   A20 GMP-owned limbs (task dyadic).  mpz_limbs_write returns limbs
 *      that GMP allocated, separated from every object of the program; the
 *      contract cannot say so (the same inconsistency as freshness in A14),
 *      so call sites admit the separations they need; the caller uses them only
 *      until mpz_limbs_finish with |s| <= n (GMP's rules; the model checks
 *      neither).  The mpn functions are modelled by their memory behaviour
 *      and the GMP manual's preconditions: sizes >= 1, valid areas, no
 *      partial overlap; their results are not modelled (mpn_sub_n's
 *      borrow is 0 or 1).
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

#include <stdio.h> /* before gmp.h: declares mpq_out_str (num task) */
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

/* ======= MPFR, added for src/rr_realize.c (task realize; A15) ======= */

#ifdef __FRAMAC__
/* Same values as mpfr.h (MPFR_PREC_MAX for a 64-bit mpfr_prec_t). */
#define MPFR_PREC_MIN 1L
#define MPFR_PREC_MAX (9223372036854775807L - 256L)
/* A15 Limb size: GMP's mp_bits_per_limb (a const global of libgmp) is the
 * constant 64 on the 64-bit targets reluref is built for (gmp.h:
 * GMP_NUMB_BITS).  Modelled as that constant (a global would make WP add
 * unchecked separation hypotheses about it). */
#define mp_bits_per_limb 64
#endif

/* mpfr_init2(x, prec): x becomes an MPFR number of precision prec (value
 * NaN: unknown in the model, A4; the callers set it before reading it). */
/*@ requires valid: \valid(x);
  @ requires precision: MPFR_PREC_MIN <= prec <= MPFR_PREC_MAX;
  @ terminates \true;
  @ assigns *x \from prec;
  @*/
void mpfr_init2(mpfr_ptr x, mpfr_prec_t prec);

/* mpfr_clear(x): frees x's limbs; its value is forgotten (cf. A10). */
/*@ requires valid: \valid(x);
  @ terminates \true;
  @ assigns *x \from \nothing;
  @*/
void mpfr_clear(mpfr_ptr x);

/* mpfr_set_prec(x, prec): x is reset to precision prec (value NaN). */
/*@ requires valid: \valid(x);
  @ requires precision: MPFR_PREC_MIN <= prec <= MPFR_PREC_MAX;
  @ terminates \true;
  @ assigns *x \from prec;
  @*/
void mpfr_set_prec(mpfr_ptr x, mpfr_prec_t prec);

/* mpfr_min_prec(x): the fewest bits that hold x's significand (0 for
 * zero); at most the precision of x. */
/*@ requires valid: \valid_read(x);
  @ terminates \true;
  @ assigns \result \from *x;
  @ ensures range: 0 <= \result <= MPFR_PREC_MAX;
  @*/
mpfr_prec_t mpfr_min_prec(mpfr_srcptr x);

/* mpfr_prec_round(x, prec, rnd): x rounded to precision prec in place. */
/*@ requires valid: \valid(x);
  @ requires precision: MPFR_PREC_MIN <= prec <= MPFR_PREC_MAX;
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *x \from *x, prec, rnd;
  @ behavior down:
  @   assumes rnd == MPFR_RNDD;
  @   ensures value: fv(*x) <= \old(fv(*x));
  @ behavior up:
  @   assumes rnd == MPFR_RNDU;
  @   ensures value: fv(*x) >= \old(fv(*x));
  @ behavior nearest:
  @   assumes rnd == MPFR_RNDN;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_prec_round(mpfr_ptr x, mpfr_prec_t prec, mpfr_rnd_t rnd);

/* mpfr_set_q(rop, q, rnd): rop = round(q) at the precision of rop. */
/*@ requires valid: \valid(rop) && \valid_read(q);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *rop \from *q, rnd;
  @ behavior down:
  @   assumes rnd == MPFR_RNDD;
  @   ensures value: fv(*rop) <= \old(qv(*q));
  @ behavior up:
  @   assumes rnd == MPFR_RNDU;
  @   ensures value: fv(*rop) >= \old(qv(*q));
  @ behavior nearest:
  @   assumes rnd == MPFR_RNDN;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_set_q(mpfr_ptr rop, mpq_srcptr q, mpfr_rnd_t rnd);

/* mpfr_number_p(x): nonzero iff x is neither NaN nor an infinity.  A4
 * excludes those from the model, so the model says nothing about the
 * result: the callers' tests of it are not used by any proof. */
/*@ requires valid: \valid_read(x);
  @ terminates \true;
  @ assigns \result \from *x;
  @*/
int (mpfr_number_p)(mpfr_srcptr x);

/* The calls of rr_error_bound and gamma_up (src/rr_realize.c): memory
 * behaviour only (which object is written, from what).  The values are not
 * modelled: rr_error_bound is not proved accurate, only memory safe. */
#ifdef __FRAMAC__
#define mpq_abs __gmpq_abs
#endif
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op;
  @ ensures value: qv(*rop) == (\old(qv(*op)) >= 0 ? \old(qv(*op)) : -\old(qv(*op)));
  @*/
void __gmpq_abs(mpq_ptr rop, mpq_srcptr op);

/*@ requires valid: \valid_read(x);
  @ terminates \true;
  @ assigns \result \from *x;
  @ ensures range: MPFR_PREC_MIN <= \result <= MPFR_PREC_MAX;
  @*/
mpfr_prec_t (mpfr_get_prec)(mpfr_srcptr x);

/*@ requires valid: \valid(rop);
  @ terminates \true;
  @ assigns *rop \from op, rnd;
  @*/
int (mpfr_set_si)(mpfr_ptr rop, long op, mpfr_rnd_t rnd);

/*@ requires valid: \valid(rop);
  @ terminates \true;
  @ assigns *rop \from op, e, rnd;
  @*/
int (mpfr_set_ui_2exp)(mpfr_ptr rop, unsigned long op, mpfr_exp_t e,
                       mpfr_rnd_t rnd);

/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op, e, rnd;
  @*/
int mpfr_mul_2si(mpfr_ptr rop, mpfr_srcptr op, long e, mpfr_rnd_t rnd);

/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op, e, rnd;
  @*/
int mpfr_div_2si(mpfr_ptr rop, mpfr_srcptr op, long e, mpfr_rnd_t rnd);

/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op, u, rnd;
  @*/
int (mpfr_ui_sub)(mpfr_ptr rop, unsigned long u, mpfr_srcptr op,
                  mpfr_rnd_t rnd);

/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op, u, rnd;
  @*/
int (mpfr_add_ui)(mpfr_ptr rop, mpfr_srcptr op, unsigned long u,
                  mpfr_rnd_t rnd);

/* mpfr_div: a zero divisor gives an infinity or NaN (no UB); excluded from
 * the values by A4, which this contract does not use. */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ terminates \true;
  @ assigns *rop \from *a, *b, rnd;
  @*/
int mpfr_div(mpfr_ptr rop, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd);

/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(q);
  @ terminates \true;
  @ assigns *rop \from *a, *q, rnd;
  @*/
int mpfr_mul_q(mpfr_ptr rop, mpfr_srcptr a, mpq_srcptr q, mpfr_rnd_t rnd);

/*@ requires valid: \valid_read(op);
  @ terminates \true;
  @ assigns \result \from *op, u, e;
  @*/
int (mpfr_cmp_ui_2exp)(mpfr_srcptr op, unsigned long u, mpfr_exp_t e);

/* ============ num task: GMP/MPFR calls of src/rr_num.c (A16-A18) ========= */
/* Memory behaviour of the parsing, printing and rounding functions of
 * src/rr_num.c.  Value facts only where stated (mpq_set_d; the exponent
 * range of MPFR as a ghost state); everything else is "what it may write".
 * mpz_t is opaque like mpq_t; zv(z) is its integer value. */

#ifdef __FRAMAC__
#include <stdio.h>  /* FILE, for mpq_out_str */
#include <string.h> /* valid_string, strlen (ACSL) */

typedef struct __rr_mpz { int _rr_opaque; } __mpz_struct;
typedef __mpz_struct mpz_t[1];
typedef __mpz_struct *mpz_ptr;
typedef const __mpz_struct *mpz_srcptr;
typedef unsigned long mp_bitcnt_t;

#define mpz_init __gmpz_init
#define mpz_clear __gmpz_clear
#define mpz_set_str __gmpz_set_str
#define mpz_mul __gmpz_mul
#define mpz_add __gmpz_add
#define mpz_mul_2exp __gmpz_mul_2exp
#define mpz_ui_pow_ui __gmpz_ui_pow_ui
#define mpz_scan1 __gmpz_scan1
#define mpz_sizeinbase __gmpz_sizeinbase
#define mpq_set_z __gmpq_set_z
#define mpq_set_num __gmpq_set_num
#define mpq_set_den __gmpq_set_den
#define mpq_canonicalize __gmpq_canonicalize
#define mpq_mul_2exp __gmpq_mul_2exp
#define mpq_div_2exp __gmpq_div_2exp
#define mpq_neg __gmpq_neg
#define mpq_set_d __gmpq_set_d
#define mpq_get_str __gmpq_get_str
#define mpq_out_str __gmpq_out_str

/*@ axiomatic GmpMpzValues {
  @   // The integer value of an mpz_t.
  @   logic integer zv(__mpz_struct z);
  @ }
  @*/

/* MPFR's exponent range, global state of the library (A17). */
/*@ ghost mpfr_exp_t __rr_mpfr_emin, __rr_mpfr_emax; */
/*@ // The exponent bounds of MPFR 4 on LP64: mpfr_get_emin_min() ==
  @ // -mpfr_get_emin_max() == mpfr_get_emax_min() == -mpfr_get_emax_max()
  @ // == -(2^62 - 1).
  @ logic integer RR_MPFR_EXP_BOUND = 4611686018427387903;
  @*/
#endif /* __FRAMAC__ */

/* mpz_init(x): x = 0 (as A10). */
/*@ requires valid: \valid(x);
  @ terminates \true;
  @ assigns *x \from \nothing;
  @ ensures value: zv(*x) == 0;
  @*/
void __gmpz_init(mpz_ptr x);

/* mpz_clear(x): frees x; its value is forgotten (as A10). */
/*@ requires valid: \valid(x);
  @ terminates \true;
  @ assigns *x \from \nothing;
  @*/
void __gmpz_clear(mpz_ptr x);

/* mpz_set_str(rop, str, base): rop = the integer str writes in base; 0, or
 * -1 if str is not a valid number (rop is then unspecified). */
/*@ requires valid: \valid(rop) && valid_read_string(str);
  @ requires base: base == 0 || 2 <= base <= 62;
  @ terminates \true;
  @ assigns *rop \from str[0 .. strlen(str)], base;
  @ assigns \result \from str[0 .. strlen(str)], base;
  @ ensures result: \result == 0 || \result == -1;
  @*/
int __gmpz_set_str(mpz_ptr rop, const char *str, int base);

/* mpz_mul(rop, a, b): rop = a * b. */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ terminates \true;
  @ assigns *rop \from *a, *b;
  @ ensures value: zv(*rop) == \old(zv(*a)) * \old(zv(*b));
  @*/
void __gmpz_mul(mpz_ptr rop, mpz_srcptr a, mpz_srcptr b);

/* mpz_add(rop, a, b): rop = a + b. */
/*@ requires valid: \valid(rop) && \valid_read(a) && \valid_read(b);
  @ terminates \true;
  @ assigns *rop \from *a, *b;
  @ ensures value: zv(*rop) == \old(zv(*a)) + \old(zv(*b));
  @*/
void __gmpz_add(mpz_ptr rop, mpz_srcptr a, mpz_srcptr b);

/* mpz_mul_2exp(rop, a, e): rop = a * 2^e (memory behaviour only). */
/*@ requires valid: \valid(rop) && \valid_read(a);
  @ terminates \true;
  @ assigns *rop \from *a, e;
  @*/
void __gmpz_mul_2exp(mpz_ptr rop, mpz_srcptr a, mp_bitcnt_t e);

/* mpz_ui_pow_ui(rop, b, e): rop = b^e; positive when b > 0. */
/*@ requires valid: \valid(rop);
  @ terminates \true;
  @ assigns *rop \from b, e;
  @ ensures positive: b > 0 ==> zv(*rop) > 0;
  @*/
void __gmpz_ui_pow_ui(mpz_ptr rop, unsigned long b, unsigned long e);

/* mpz_sgn(op): -1, 0 or +1 (a macro in gmp.h, A8). */
/*@ requires valid: \valid_read(op);
  @ terminates \true;
  @ assigns \result \from *op;
  @ ensures range: -1 <= \result <= 1;
  @ ensures zero: \result == 0 <==> zv(*op) == 0;
  @*/
int (mpz_sgn)(mpz_srcptr op);

/* task dyadic (A19): an mpz has at most INT_MAX limbs (its size field is
 * an int), hence a nonzero one has fewer than 64 * INT_MAX < 2^37 bits. */
#define RR_MPZ_MAX_LIMBS 2147483647L
#define RR_MPZ_MAX_BITS 137438953472L

/* mpz_scan1(op, start): index of the first 1 bit at or after start
 * (memory behaviour only). */
/*@ requires valid: \valid_read(op);
  @ terminates \true;
  @ assigns \result \from *op, start;
  @ // task dyadic (A19): for op != 0 and start 0, below the bit length.
  @ ensures bound: start == 0 && zv(*op) != 0 ==> \result < RR_MPZ_MAX_BITS;
  @*/
mp_bitcnt_t __gmpz_scan1(mpz_srcptr op, mp_bitcnt_t start);

/* mpz_sizeinbase(op, base): number of digits of |op| in base, at least 1. */
/*@ requires valid: \valid_read(op);
  @ requires base: 2 <= base <= 62;
  @ terminates \true;
  @ assigns \result \from *op, base;
  @ ensures positive: \result >= 1;
  @*/
size_t __gmpz_sizeinbase(mpz_srcptr op, int base);

/* mpq_denref(q): the address of the denominator of q, a macro in gmp.h
 * (&q->_mp_den).  Modelled read-only (A16): a valid mpz_t that the caller
 * only reads; writing through it is not modelled. */
/*@ requires valid: \valid_read(q);
  @ terminates \true;
  @ assigns \result \from q;
  @ ensures valid: \valid_read(\result);
  @ // task dyadic: the denominator of a canonical rational is positive (A3).
  @ ensures positive: zv(*\result) > 0;
  @*/
mpz_srcptr (mpq_denref)(mpq_srcptr q);

/* mpq_set_z(rop, op): rop = op / 1. */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op;
  @ ensures value: qv(*rop) == \old(zv(*op));
  @*/
void __gmpq_set_z(mpq_ptr rop, mpz_srcptr op);

/* mpq_set_num(rop, op): the numerator of rop = op; rop is not canonical
 * until mpq_canonicalize (A16). */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *rop, *op;
  @*/
void __gmpq_set_num(mpq_ptr rop, mpz_srcptr op);

/* mpq_set_den(rop, op): the denominator of rop = op, required nonzero
 * (A16: mpq_canonicalize divides by it). */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ requires nonzero: zv(*op) != 0;
  @ terminates \true;
  @ assigns *rop \from *rop, *op;
  @*/
void __gmpq_set_den(mpq_ptr rop, mpz_srcptr op);

/* mpq_canonicalize(q): removes common factors, makes the denominator
 * positive; the value is unchanged (memory behaviour only). */
/*@ requires valid: \valid(q);
  @ terminates \true;
  @ assigns *q \from *q;
  @*/
void __gmpq_canonicalize(mpq_ptr q);

/* mpq_mul_2exp(rop, op, e): rop = op * 2^e (memory behaviour only). */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op, e;
  @*/
void __gmpq_mul_2exp(mpq_ptr rop, mpq_srcptr op, mp_bitcnt_t e);

/* mpq_div_2exp(rop, op, e): rop = op / 2^e (memory behaviour only). */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op, e;
  @*/
void __gmpq_div_2exp(mpq_ptr rop, mpq_srcptr op, mp_bitcnt_t e);

/* mpq_neg(rop, op): rop = -op. */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op;
  @ ensures value: qv(*rop) == -\old(qv(*op));
  @*/
void __gmpq_neg(mpq_ptr rop, mpq_srcptr op);

/* mpq_set_d(rop, d): rop = d exactly; d finite (GMP traps on NaN and
 * infinities). */
/*@ requires valid: \valid(rop);
  @ requires finite: \is_finite(d);
  @ terminates \true;
  @ assigns *rop \from d;
  @ ensures value: qv(*rop) == d;
  @*/
void __gmpq_set_d(mpq_ptr rop, double d);

/* mpq_get_str(NULL, base, op): a newly allocated NUL-terminated string
 * (A18; the str != NULL form is not modelled). */
/*@ requires buffer: str == \null;
  @ requires valid: \valid_read(op);
  @ requires base: 2 <= base <= 62 || -36 <= base <= -2;
  @ terminates \true;
  @ assigns \result \from *op, base;
  @ ensures string: valid_string(\result);
  @*/
char *__gmpq_get_str(char *str, int base, mpq_srcptr op);

/* mpq_out_str(stream, base, op): writes op to stream, returns the number of
 * bytes written or 0 on error (the NULL-stream form is not modelled). */
/*@ requires valid: \valid(stream) && \valid_read(op);
  @ requires base: 2 <= base <= 62 || -36 <= base <= -2;
  @ terminates \true;
  @ assigns *stream \from *stream, *op, base;
  @ assigns \result \from *stream, *op, base;
  @*/
size_t __gmpq_out_str(FILE *stream, int base, mpq_srcptr op);




/* mpfr_subnormalize(x, t, rnd): rounds x to the subnormal format of the
 * current exponent range (memory behaviour only). */
/*@ requires valid: \valid(x);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns *x, \result \from *x, t, rnd, __rr_mpfr_emin, __rr_mpfr_emax;
  @*/
int mpfr_subnormalize(mpfr_ptr x, int t, mpfr_rnd_t rnd);

/* mpfr_get_d(x, rnd): x rounded to a double (memory behaviour only). */
/*@ requires valid: \valid_read(x);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns \result \from *x, rnd;
  @*/
double mpfr_get_d(mpfr_srcptr x, mpfr_rnd_t rnd);

/* mpfr_get_flt(x, rnd): x rounded to a float (memory behaviour only). */
/*@ requires valid: \valid_read(x);
  @ requires rounding: rnd == MPFR_RNDD || rnd == MPFR_RNDU || rnd == MPFR_RNDN;
  @ terminates \true;
  @ assigns \result \from *x, rnd;
  @*/
float mpfr_get_flt(mpfr_srcptr x, mpfr_rnd_t rnd);

/* mpfr_get_emin() / mpfr_get_emax(): the current exponent bounds, always
 * within MPFR's limits (A17). */
/*@ terminates \true;
  @ assigns \result \from __rr_mpfr_emin;
  @ ensures value: \result == __rr_mpfr_emin;
  @ ensures range: -RR_MPFR_EXP_BOUND <= \result <= RR_MPFR_EXP_BOUND;
  @*/
mpfr_exp_t mpfr_get_emin(void);

/*@ terminates \true;
  @ assigns \result \from __rr_mpfr_emax;
  @ ensures value: \result == __rr_mpfr_emax;
  @ ensures range: -RR_MPFR_EXP_BOUND <= \result <= RR_MPFR_EXP_BOUND;
  @*/
mpfr_exp_t mpfr_get_emax(void);

/* mpfr_set_emin(e) / mpfr_set_emax(e): set the bound and return 0 when e is
 * within MPFR's limits, else return nonzero and change nothing (A17). */
/*@ terminates \true;
  @ assigns __rr_mpfr_emin, \result \from e, __rr_mpfr_emin;
  @ behavior in_range:
  @   assumes -RR_MPFR_EXP_BOUND <= e <= RR_MPFR_EXP_BOUND;
  @   ensures set: __rr_mpfr_emin == e;
  @   ensures result: \result == 0;
  @ behavior out_of_range:
  @   assumes !(-RR_MPFR_EXP_BOUND <= e <= RR_MPFR_EXP_BOUND);
  @   ensures kept: __rr_mpfr_emin == \old(__rr_mpfr_emin);
  @   ensures result: \result != 0;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_set_emin(mpfr_exp_t e);

/*@ terminates \true;
  @ assigns __rr_mpfr_emax, \result \from e, __rr_mpfr_emax;
  @ behavior in_range:
  @   assumes -RR_MPFR_EXP_BOUND <= e <= RR_MPFR_EXP_BOUND;
  @   ensures set: __rr_mpfr_emax == e;
  @   ensures result: \result == 0;
  @ behavior out_of_range:
  @   assumes !(-RR_MPFR_EXP_BOUND <= e <= RR_MPFR_EXP_BOUND);
  @   ensures kept: __rr_mpfr_emax == \old(__rr_mpfr_emax);
  @   ensures result: \result != 0;
  @ complete behaviors;
  @ disjoint behaviors;
  @*/
int mpfr_set_emax(mpfr_exp_t e);

/* mpfr_snprintf(buf, n, fmt, ...): formats into buf[0 .. n-1] (A18: the
 * variadic arguments are not checked by WP; -Wformat cannot check MPFR's
 * %R conversions either). */
/*@ requires valid: \valid(buf + (0 .. n - 1));
  @ requires format: valid_read_string(fmt);
  @ terminates \true;
  @ assigns buf[0 .. n - 1] \from fmt[0 .. strlen(fmt)];
  @ assigns \result \from fmt[0 .. strlen(fmt)];
  @*/
int mpfr_snprintf(char *buf, size_t n, const char *fmt, ...);

/* ============ net task: src/rr_net.c, src/rr_diffnet.c ============ */

#ifdef __FRAMAC__
#define mpq_set_si __gmpq_set_si
#endif

/* mpq_set_si(rop, n, d): rop = n/d; modelled for d == 1 only (A3). */
/*@ requires valid: \valid(rop);
  @ requires integer_value: d == 1;
  @ terminates \true;
  @ assigns *rop \from n;
  @ ensures value: qv(*rop) == n;
  @*/
void __gmpq_set_si(mpq_ptr rop, signed long n, unsigned long d);

/* ====== task dyadic: mpz limbs and the mpn layer, for src/rr_dyadic.c (A19, A20) ====== */

#ifdef __FRAMAC__
typedef unsigned long mp_limb_t; /* 64-bit limbs (A15) */
typedef long mp_size_t;
typedef mp_limb_t *mp_ptr;
typedef const mp_limb_t *mp_srcptr;

#define mpz_tdiv_q_2exp __gmpz_tdiv_q_2exp
#define mpz_set_ui __gmpz_set_ui
#define mpz_size __gmpz_size
#define mpz_getlimbn __gmpz_getlimbn
#define mpz_limbs_write __gmpz_limbs_write
#define mpz_limbs_finish __gmpz_limbs_finish
#define mpn_addmul_1 __gmpn_addmul_1
#define mpn_cmp __gmpn_cmp
#define mpn_sub_n __gmpn_sub_n

/*@ axiomatic GmpMpzSize {
  @   // mpz_size of an mpz_t, the number of limbs of |z| (uninterpreted).
  @   logic integer zsize(__mpz_struct z);
  @ }
  @*/
#endif /* __FRAMAC__ */

/* mpq_numref(q): the numerator of q, a macro in gmp.h (&q->_mp_num);
 * modelled read-only like mpq_denref (A16).  Zero iff q is. */
/*@ requires valid: \valid_read(q);
  @ terminates \true;
  @ assigns \result \from q;
  @ ensures valid: \valid_read(\result);
  @ ensures zero: zv(*\result) == 0 <==> qv(*q) == 0;
  @*/
mpz_srcptr (mpq_numref)(mpq_srcptr q);

/* mpz_tdiv_q_2exp(rop, op, cnt): rop = op / 2^cnt rounded toward 0
 * (memory behaviour only; aliasing allowed, A7). */
/*@ requires valid: \valid(rop) && \valid_read(op);
  @ terminates \true;
  @ assigns *rop \from *op, cnt;
  @*/
void __gmpz_tdiv_q_2exp(mpz_ptr rop, mpz_srcptr op, mp_bitcnt_t cnt);

/* mpz_set_ui(rop, n): rop = n. */
/*@ requires valid: \valid(rop);
  @ terminates \true;
  @ assigns *rop \from n;
  @ ensures value: zv(*rop) == n;
  @*/
void __gmpz_set_ui(mpz_ptr rop, unsigned long n);

/* mpz_size(z): the number of limbs of |z|, at most INT_MAX (A19). */
/*@ requires valid: \valid_read(z);
  @ terminates \true;
  @ assigns \result \from *z;
  @ ensures value: \result == zsize(*z);
  @ ensures range: 0 <= \result <= RR_MPZ_MAX_LIMBS;
  @*/
size_t __gmpz_size(mpz_srcptr z);

/* mpz_getlimbn(z, n): limb n of |z|, 0 outside 0 .. mpz_size(z) - 1. */
/*@ requires valid: \valid_read(z);
  @ terminates \true;
  @ assigns \result \from *z, n;
  @*/
mp_limb_t __gmpz_getlimbn(mpz_srcptr z, mp_size_t n);

/* mpz_limbs_write(x, n): x's limb array, reallocated to hold n limbs (GMP
 * manual: n > 0); the caller writes the limbs and calls mpz_limbs_finish
 * before any other use of x.  A20: the array is GMP's storage, separated
 * from every object of the program; not stated here (a "separated from
 * every pointer valid before the call" clause is inconsistent in WP 25,
 * see A14 and src/rr_alloc.h): call sites admit the separations they need. */
/*@ requires valid: \valid(x);
  @ requires positive: n > 0;
  @ terminates \true;
  @ assigns *x \from *x, n;
  @ ensures valid: \valid(\result + (0 .. n - 1));
  @*/
mp_ptr __gmpz_limbs_write(mpz_ptr x, mp_size_t n);

/* mpz_limbs_finish(x, s): x takes the |s| limbs written through the
 * preceding mpz_limbs_write(x, n), with the sign of s (GMP: |s| <= n, which
 * the model does not check: A20). */
/*@ requires valid: \valid(x);
  @ terminates \true;
  @ assigns *x \from *x, s;
  @*/
void __gmpz_limbs_finish(mpz_ptr x, mp_size_t s);

/* mpn_addmul_1(rp, s1p, n, s2limb): {rp, n} += {s1p, n} * s2limb; returns
 * the carry limb.  GMP manual: n >= 1 (no size argument may be zero), and
 * {rp, n}, {s1p, n} valid and not overlapping. */
/*@ requires size: n >= 1;
  @ requires valid: \valid(rp + (0 .. n - 1)) && \valid_read(s1p + (0 .. n - 1));
  @ requires separated: \separated(rp + (0 .. n - 1), s1p + (0 .. n - 1));
  @ terminates \true;
  @ assigns rp[0 .. n - 1] \from rp[0 .. n - 1], s1p[0 .. n - 1], s2limb;
  @ assigns \result \from rp[0 .. n - 1], s1p[0 .. n - 1], s2limb;
  @*/
mp_limb_t __gmpn_addmul_1(mp_ptr rp, mp_srcptr s1p, mp_size_t n, mp_limb_t s2limb);

/* mpn_cmp(s1p, s2p, n): the sign of {s1p, n} - {s2p, n}; n >= 1 and both
 * areas valid (GMP manual). */
/*@ requires size: n >= 1;
  @ requires valid: \valid_read(s1p + (0 .. n - 1)) && \valid_read(s2p + (0 .. n - 1));
  @ terminates \true;
  @ assigns \result \from s1p[0 .. n - 1], s2p[0 .. n - 1];
  @*/
int __gmpn_cmp(mp_srcptr s1p, mp_srcptr s2p, mp_size_t n);

/* mpn_sub_n(rp, s1p, s2p, n): {rp, n} = {s1p, n} - {s2p, n}; returns the
 * borrow.  GMP manual: n >= 1, all three areas valid, rp equal to a source
 * or not overlapping it (in-place allowed, partial overlap not). */
/*@ requires size: n >= 1;
  @ requires valid: \valid(rp + (0 .. n - 1)) &&
  @   \valid_read(s1p + (0 .. n - 1)) && \valid_read(s2p + (0 .. n - 1));
  @ requires overlap1: rp == s1p || \separated(rp + (0 .. n - 1), s1p + (0 .. n - 1));
  @ requires overlap2: rp == s2p || \separated(rp + (0 .. n - 1), s2p + (0 .. n - 1));
  @ terminates \true;
  @ assigns rp[0 .. n - 1] \from s1p[0 .. n - 1], s2p[0 .. n - 1];
  @ assigns \result \from s1p[0 .. n - 1], s2p[0 .. n - 1];
  @ ensures borrow: \result == 0 || \result == 1;
  @*/
mp_limb_t __gmpn_sub_n(mp_ptr rp, mp_srcptr s1p, mp_srcptr s2p, mp_size_t n);

#endif /* RR_GMP_MPFR_MODEL_H */
