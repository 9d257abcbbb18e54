/* rng: the deterministic randomness of the demo data (splitmix64): the same seed gives the
 * same data on every machine. Header-only, for the seed files. */
#ifndef PASSERELLE_RNG_H
#define PASSERELLE_RNG_H
#include <stdint.h>

struct rng {
	uint64_t s;
};

static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi]. */
static inline int64_t
rng_int(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* 1 with probability pct %. */
static inline int
rng_pct(struct rng *r, int pct)
{
	return rng_int(r, 0, 99) < pct;
}

#endif
