/*
 * page_fault: the cost of an anonymous page fault, zeroing included.
 * Maps a fresh private anonymous region of ROUND_PAGES pages, writes one
 * word into each page (the first touch: a write fault that allocates,
 * zeroes and maps the page), then checks the pages read back zero around
 * the word and unmaps the region. Only the touching loop is measured (the
 * mmap and munmap are not); one metric, page_fault, per page.
 *
 * usage: page_fault [PAGES]  (rounded up to whole rounds; default 8192)
 */
#include "bench.h"

#include <sys/mman.h>

#define DEFAULT_PAGES 8192
#define ROUND_PAGES   256
#define WARMUP_ROUNDS 2

/* One round: map, touch every page, check, unmap. Adds the touching to @acc. */
static void
round_trip(size_t page, struct bench_acc *acc)
{
	size_t len = ROUND_PAGES * page;
	struct bench_stamp a, b;
	volatile uint64_t *w;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		bench_fail("mmap");
	bench_start(&a);
	for (size_t off = 0; off < len; off += page)
		*(volatile uint64_t *)(p + off + 8) = off + 1;
	bench_stop(&b);
	for (size_t off = 0; off < len; off += page) {
		w = (volatile uint64_t *)(p + off);
		if (w[0] != 0 || w[2] != 0 || *(volatile uint64_t *)(p + off + page - 8) != 0)
			bench_wrong("a fresh anonymous page is not zero");
		if (w[1] != off + 1)
			bench_wrong("a written word did not stick");
	}
	bench_check(munmap(p, len), "munmap");
	if (acc)
		bench_acc_add(acc, &a, &b);
}

int
main(int argc, char **argv)
{
	long pages = bench_iterations(argc, argv, DEFAULT_PAGES);
	long rounds = (pages + ROUND_PAGES - 1) / ROUND_PAGES;
	size_t page = (size_t)getpagesize();
	struct bench_acc acc = { 0 };

	for (long i = 0; i < WARMUP_ROUNDS; i++)
		round_trip(page, NULL);
	for (long i = 0; i < rounds; i++)
		round_trip(page, &acc);
	bench_report("page_fault", (uint64_t)rounds * ROUND_PAGES, "page", &acc);
	return 0;
}
