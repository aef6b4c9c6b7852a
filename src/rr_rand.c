#include "rr_rand.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

void rr_rand_seed(rr_rand_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

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
    do
        v = rr_rand_u64(r);
    while (v >= limit);
    return v % n;
}

int64_t rr_rand_range(rr_rand_t *r, int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1u;
    if (span == 0) /* the full 64-bit range */
        return (int64_t)rr_rand_u64(r);
    return (int64_t)((uint64_t)lo + rr_rand_below(r, span));
}

double rr_rand_unit(rr_rand_t *r)
{
    /* 53 random bits -> an integer k in [-2^52, 2^52), scaled by 2^-52. */
    int64_t k = (int64_t)(rr_rand_u64(r) >> 11) - (INT64_C(1) << 52);
    return (double)k * 0x1p-52;
}
