/*
 * xoshiro256** (Blackman and Vigna, 2018), seeded through splitmix64.
 */
#include "random/random.h"
#include "lib/string.h"
#include "locking/spinlock.h"

static struct spinlock random_lock = SPINLOCK_INIT("random");  /* state */
static uint64_t state[4] = { 0x9e3779b97f4a7c15ull, 1, 2, 3 }; /* [random_lock] */

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void
random_seed(const void *seed, size_t len)
{
	const uint8_t *s = seed;
	uint64_t mix = 0;

	spin_lock(&random_lock);
	for (size_t i = 0; i < len; i++)
		mix = rotl(mix, 8) ^ s[i] ^ splitmix(&mix);
	for (int i = 0; i < 4; i++)
		state[i] ^= splitmix(&mix);
	spin_unlock(&random_lock);
}

static uint64_t
next_locked(void)
{
	uint64_t r = rotl(state[1] * 5, 7) * 9, t = state[1] << 17;

	assert_held(&random_lock);
	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return r;
}

uint64_t
random_u64(void)
{
	uint64_t r;

	spin_lock(&random_lock);
	r = next_locked();
	spin_unlock(&random_lock);
	return r;
}

void
random_bytes(void *buf, size_t len)
{
	uint8_t *b = buf;

	while (len) {
		uint64_t r = random_u64();
		size_t n = MIN(len, sizeof(r));

		memcpy(b, &r, n);
		b += n;
		len -= n;
	}
}
