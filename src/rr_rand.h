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

void rr_rand_seed(rr_rand_t *r, uint64_t seed);
uint64_t rr_rand_u64(rr_rand_t *r);
/* Uniform integer in [0, n), n >= 1, without modulo bias. */
uint64_t rr_rand_below(rr_rand_t *r, uint64_t n);
/* Uniform integer in [lo, hi]. */
int64_t rr_rand_range(rr_rand_t *r, int64_t lo, int64_t hi);
/* A binary64 uniform in [-1, 1) on the grid 2^-52 (exactly representable). */
double rr_rand_unit(rr_rand_t *r);

#endif
