/* A small deterministic random generator (splitmix64) for synthetic data:
 * the same sequence for a seed on every machine.  Not for secrets. */
#ifndef WB_UTIL_RNG_H
#define WB_UTIL_RNG_H

#include <stdint.h>

/* The next number of the sequence whose state is *s. */
uint64_t rng_next(uint64_t *s);

/* A number in [0, n), n > 0. */
int rng_pick(uint64_t *s, int n);

#endif
