/*
 * The bit-counting helpers GCC calls for __builtin_clz/ctz on targets
 * without Zbb. The cross toolchain's libgcc is built for lp64d and
 * cannot be linked into the soft-float kernel, so these live here.
 */
#include <types.h>

int __clzdi2(uint64_t x);
int __ctzdi2(uint64_t x);

int
__clzdi2(uint64_t x)
{
	int n = 0;

	for (int shift = 32; shift; shift >>= 1) {
		if (!(x >> (64 - shift))) {
			n += shift;
			x <<= shift;
		}
	}
	return n + !(x >> 63);
}

int
__ctzdi2(uint64_t x)
{
	int n = 0;

	for (int shift = 32; shift; shift >>= 1) {
		if (!(x & ((1ull << shift) - 1))) {
			n += shift;
			x >>= shift;
		}
	}
	return n + !(x & 1);
}
