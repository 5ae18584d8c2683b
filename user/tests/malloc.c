/*
 * malloc: exercises brk and mmap through glibc's allocator. Many small
 * blocks (from the brk heap) are filled with a pattern, checked, freed in
 * an interleaved order and reallocated; then a 64 MiB block (an mmap) is
 * written one byte per page and read back, freed (munmap), and a second
 * 64 MiB block must succeed again, so the first one's memory came back.
 * Exits 0 only if every check held.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_SMALL	10000
#define BIG		(64UL << 20)
#define PAGE		4096UL

static unsigned char *small[NR_SMALL];

static size_t
small_size(int i)
{
	return 1 + (size_t)(i * 37) % 512;
}

static void
fill(int i)
{
	memset(small[i], (unsigned char)(i * 7 + 1), small_size(i));
}

static bool
intact(int i)
{
	for (size_t j = 0; j < small_size(i); j++)
		if (small[i][j] != (unsigned char)(i * 7 + 1))
			return false;
	return true;
}

/* Allocate every block in [from, NR_SMALL) with step @step and fill it. */
static bool
alloc_small(int from, int step)
{
	for (int i = from; i < NR_SMALL; i += step) {
		small[i] = malloc(small_size(i));
		if (!small[i])
			return false;
		fill(i);
	}
	return true;
}

static int
check_small(void)
{
	int bad = 0;

	for (int i = 0; i < NR_SMALL; i++)
		bad += !intact(i);
	return bad;
}

static bool
small_blocks(void)
{
	int bad;

	if (!alloc_small(0, 1)) {
		printf("small: malloc failed\n");
		return false;
	}
	bad = check_small();
	for (int i = 1; i < NR_SMALL; i += 2)
		free(small[i]);
	if (!alloc_small(1, 2)) {
		printf("small: malloc failed after frees\n");
		return false;
	}
	bad += check_small();
	for (int i = 0; i < NR_SMALL; i++)
		free(small[i]);
	printf("small: %d blocks of 1..512 bytes, %d corrupted\n", NR_SMALL, bad);
	return bad == 0;
}

static bool
big_block(int round)
{
	unsigned char *p = malloc(BIG);
	size_t bad = 0;

	if (!p) {
		printf("big %d: malloc(64 MiB) failed\n", round);
		return false;
	}
	for (size_t off = 0; off < BIG; off += PAGE)
		p[off] = (unsigned char)(off / PAGE * 13 + round);
	for (size_t off = 0; off < BIG; off += PAGE)
		bad += p[off] != (unsigned char)(off / PAGE * 13 + round);
	/* The last byte too: the block really is 64 MiB long. */
	p[BIG - 1] = 0x5a;
	bad += p[BIG - 1] != 0x5a;
	free(p);
	printf("big %d: 64 MiB, %zu pages touched, %zu wrong\n", round, BIG / PAGE, bad);
	return bad == 0;
}

int
main(void)
{
	bool ok = small_blocks();

	ok = big_block(1) && ok;
	ok = big_block(2) && ok;
	printf("%s\n", ok ? "malloc ok" : "FAIL");
	return ok ? 0 : 1;
}
