/* rr_rand.h -- the project's own seeded generator (xoshiro256** seeded by
 * splitmix64).  Tests, benchmarks and golden vectors use it rather than
 * libc's or GMP's generators, whose sequences are not promised stable: the
 * same seed gives the same stream on every machine, forever. */
#ifndef RR_RAND_H
#define RR_RAND_H

#include <stdint.h>

typedef struct rr_rand {
    uint64_t s[4];
} rr_rand_t;

/* Contracts: proved by `make proofs` (unit `rand`): memory safety, no
 * undefined behaviour, assigns, termination (except the rejection loop of
 * rr_rand_below, below), and the range facts stated in the ensures clauses.
 * The generator's output values themselves are not specified: the golden
 * vectors pin them down. */

/* Seed the state from splitmix64(seed), four draws. */
/*@ requires valid: \valid(r);
  @ terminates \true;
  @ assigns r->s[0 .. 3];
  @*/
void rr_rand_seed(rr_rand_t *r, uint64_t seed);

/* The next 64-bit output of xoshiro256**; advances the state. */
/*@ requires valid: \valid(r);
  @ terminates \true;
  @ assigns r->s[0 .. 3];
  @*/
uint64_t rr_rand_u64(rr_rand_t *r);

/* Uniform integer in [0, n), n >= 1, without modulo bias. */
/* Termination is not proved: it is a rejection loop that ends with
 * probability 1, not surely (each draw is rejected with probability
 * ((2^64 - 1) mod n + 1)/2^64 <= 1/2); no loop variant exists. */
/*@ requires n_positive: n >= 1;
  @ requires valid: \valid(r);
  @ terminates \false;
  @ assigns r->s[0 .. 3];
  @ ensures below: 0 <= \result < n;
  @*/
uint64_t rr_rand_below(rr_rand_t *r, uint64_t n);

/* Uniform integer in [lo, hi]. */
/* Termination: as rr_rand_below, which it calls (except for the full range
 * lo = INT64_MIN, hi = INT64_MAX, one draw). */
/*@ requires ordered: lo <= hi;
  @ requires valid: \valid(r);
  @ terminates \false;
  @ assigns r->s[0 .. 3];
  @ ensures in_range: lo <= \result <= hi;
  @*/
int64_t rr_rand_range(rr_rand_t *r, int64_t lo, int64_t hi);

/* A binary64 uniform in [-1, 1) on the grid 2^-52 (exactly representable). */
/* Not yet proved: the range [-1, 1) of the result (the integer k of the
 * grid is proved in [-2^52, 2^52) without overflow; the solvers do not
 * close the binary64 rounding of k * 2^-52).  Tested. */
/*@ requires valid: \valid(r);
  @ terminates \true;
  @ assigns r->s[0 .. 3];
  @ ensures finite: \is_finite(\result);
  @*/
double rr_rand_unit(rr_rand_t *r);

#endif
