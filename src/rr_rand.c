#include "rr_rand.h"

/* Conversions to 64-bit integer types, as the proofs (unit `rand`) use
 * them.  WP leaves (uint64_t)x and (int64_t)x abstract outside their range;
 * these axioms state the instances rr_rand_range needs, on bounded
 * intervals (linear facts the solvers can use): C11 6.3.1.3p2 (to unsigned:
 * add or subtract 2^64), and the implementation-defined conversion of an
 * out-of-range value to int64_t, which GCC defines as reduction modulo 2^64
 * into [-2^63, 2^63) (C11 6.3.1.3p3; GCC manual, "Integers implementation").
 * They hold of the modular conversions, so they are consistent with WP's
 * own axioms about the conversions (range, identity on the range,
 * projection).  A trusted assumption of the `rand` unit, like the GMP/MPFR
 * model of spec/gmp_mpfr_model.h. */
/*@ axiomatic Conversions64 {
  @   axiom to_u64_negative: \forall integer x;
  @     -18446744073709551616 <= x < 0 ==> (uint64_t)x == x + 18446744073709551616;
  @   axiom to_u64_over: \forall integer x;
  @     18446744073709551616 <= x < 36893488147419103232 ==>
  @       (uint64_t)x == x - 18446744073709551616;
  @   axiom to_s64_over: \forall integer x;
  @     9223372036854775808 <= x < 27670116110564327424 ==>
  @       (int64_t)x == x - 18446744073709551616;
  @ }
  @*/

/*@ requires valid: \valid(x);
  @ terminates \true;
  @ assigns *x;
  @ ensures step: *x == (uint64_t)(\old(*x) + 0x9e3779b97f4a7c15);
  @*/
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

void rr_rand_seed(rr_rand_t *r, uint64_t seed)
{
    /*@ loop invariant 0 <= i <= 4;
      @ loop assigns i, seed, r->s[0 .. 3];
      @ loop variant 4 - i;
      @*/
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

/*@ requires shift: 0 < k < 64;
  @ terminates \true;
  @ assigns \nothing;
  @*/
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rr_rand_u64(rr_rand_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t rr_rand_below(rr_rand_t *r, uint64_t n)
{
    /* Rejection: discard the top partial block of 2^64 so all residues are
     * equally likely. */
    uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    uint64_t v;
    /*@ loop assigns v, r->s[0 .. 3]; */
    do
        v = rr_rand_u64(r);
    while (v >= limit);
    return v % n;
}

int64_t rr_rand_range(rr_rand_t *r, int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1u;
    //@ assert lo_unsigned: lo < 0 ==> (uint64_t)lo == lo + 18446744073709551616;
    //@ assert span_value: hi - lo + 1 < 18446744073709551616 ==> span == hi - lo + 1;
    //@ assert span_full: hi - lo + 1 == 18446744073709551616 ==> span == 0;
    if (span == 0) /* the full 64-bit range */
        return (int64_t)rr_rand_u64(r);
    return (int64_t)((uint64_t)lo + rr_rand_below(r, span));
}

double rr_rand_unit(rr_rand_t *r)
{
    /* 53 random bits -> an integer k in [-2^52, 2^52), scaled by 2^-52. */
    /* (u / 2048 is u >> 11, the top 53 bits, written as a division because
     * WP bounds a quotient but not a shift through the cast below.) */
    uint64_t bits = rr_rand_u64(r) / 2048u;
    int64_t k = (int64_t)bits - (INT64_C(1) << 52);
    return (double)k * 0x1p-52;
}
