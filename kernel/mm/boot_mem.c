/*
 * Boot memory: RAM minus reserved ranges, computed page-aligned (a
 * partly reserved page is reserved whole).
 */
#include <asm-generic/errno.h>
#include <kassert.h>

#include "lib/string.h"
#include "mm/boot_mem.h"
#include "mm/buddy.h"
#include "mm/page.h"

static void
add(struct mem_range *r, unsigned *n, paddr_t start, paddr_t end)
{
	if (*n >= BOOT_MEM_MAX_RANGES)
		panic("boot_mem: more than %d ranges", BOOT_MEM_MAX_RANGES);
	r[(*n)++] = (struct mem_range){ start, end };
}

void
boot_mem_add_ram(struct boot_mem *bm, paddr_t start, paddr_t end)
{
	add(bm->ram, &bm->nram, ALIGN_UP(start, PAGE_SIZE), ALIGN_DOWN(end, PAGE_SIZE));
}

void
boot_mem_reserve(struct boot_mem *bm, paddr_t start, paddr_t end)
{
	add(bm->reserved, &bm->nreserved, ALIGN_DOWN(start, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE));
}

/* The lowest reserved range that overlaps [start, end), or NULL. */
static const struct mem_range *
first_overlap(const struct boot_mem *bm, paddr_t start, paddr_t end)
{
	const struct mem_range *best = NULL;

	for (unsigned i = 0; i < bm->nreserved; i++) {
		const struct mem_range *r = &bm->reserved[i];

		if (r->start < end && r->end > start && (!best || r->start < best->start))
			best = r;
	}
	return best;
}

/* Call fn on each free piece of [start, end). */
static void
for_each_free(const struct boot_mem *bm, paddr_t start, paddr_t end,
	      void (*fn)(paddr_t, paddr_t, void *), void *arg)
{
	while (start < end) {
		const struct mem_range *r = first_overlap(bm, start, end);

		if (!r) {
			fn(start, end, arg);
			return;
		}
		if (r->start > start)
			fn(start, r->start, arg);
		start = r->end;
	}
}

struct fit {
	size_t size;
	paddr_t found;
};

static void
find_fit(paddr_t start, paddr_t end, void *arg)
{
	struct fit *f = arg;

	if (!f->found && end - start >= f->size)
		f->found = start;
}

static void
free_piece(paddr_t start, paddr_t end, void *arg)
{
	(void)arg;
	buddy_free_range(start, end);
}

int
boot_mem_init_buddy(struct boot_mem *bm)
{
	paddr_t lo = UINT64_MAX, hi = 0;
	struct fit fit = { 0 };

	for (unsigned i = 0; i < bm->nram; i++) {
		lo = MIN(lo, bm->ram[i].start);
		hi = MAX(hi, bm->ram[i].end);
	}
	fit.size = ALIGN_UP(buddy_memmap_bytes(lo, hi), PAGE_SIZE);
	for (unsigned i = 0; i < bm->nram && !fit.found; i++)
		for_each_free(bm, bm->ram[i].start, bm->ram[i].end, find_fit, &fit);
	if (!fit.found)
		return -ENOMEM;
	memset(pa_to_kva(fit.found), 0, fit.size);
	buddy_init(lo, hi, pa_to_kva(fit.found));
	boot_mem_reserve(bm, fit.found, fit.found + fit.size);
	for (unsigned i = 0; i < bm->nram; i++)
		for_each_free(bm, bm->ram[i].start, bm->ram[i].end, free_piece, NULL);
	return 0;
}
