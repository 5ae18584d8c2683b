/*
 * Kernel random numbers for AT_RANDOM, getrandom and /dev/urandom:
 * xoshiro256** seeded from the device tree's rng-seed and the boot time.
 * Not a cryptographic generator.
 */
#pragma once

#include <types.h>

void random_seed(const void *seed, size_t len);
void random_bytes(void *buf, size_t len);
uint64_t random_u64(void);
