/*
 * Page poisoning and page owners for the debug build (mm/debug.h).
 *
 * A side table after the memmap has one struct page_debug per frame.
 * Freeing a block records the caller on each of its frames, fills the
 * block with PAGE_POISON and marks the frames poisoned; handing a block
 * out checks every poisoned frame is still all poison, clears the mark
 * and records the new owner. A frame never freed since boot (RAM handed
 * over by buddy_free_range()) is not marked, so it is not checked.
 *
 * Locks: none. The buddy allocator calls in here for a block that is
 * off its free lists (just taken, or not yet put back), which its caller
 * owns alone; buddy_lock, taken between the two, orders the accesses of
 * different harts to the same frame's entry.
 */
#include <kassert.h>

#include "lib/ksyms.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/debug.h"
#include "mm/page.h"

static struct page_debug *page_debug_table; /* [I] after page_debug_init() */

void
page_debug_init(struct page_debug *table)
{
	page_debug_table = table;
}

static struct page_debug *
debug_of(const struct page *p)
{
	return &page_debug_table[p - memmap];
}

void
mm_debug_symbol(uintptr_t ra, char *buf, size_t len)
{
	if (!ra)
		snprintf(buf, len, "nobody");
	else
		ksyms_format(ra, buf, len);
}

size_t
mm_debug_find_bad(const void *mem, size_t len, uint8_t pattern)
{
	const uint8_t *b = mem;
	uint64_t word = pattern * 0x0101010101010101ull;
	size_t i = 0;

	/* Word by word while aligned (every caller's buffers are), then bytes. */
	for (; IS_ALIGNED((uintptr_t)(b + i), 8) && i + 8 <= len; i += 8)
		if (*(const uint64_t *)(b + i) != word)
			break;
	for (; i < len; i++)
		if (b[i] != pattern)
			return i;
	return len;
}

static __noreturn void
report_page(const struct page *p, size_t off, const struct page_debug *d)
{
	char by[64], freed[64];

	mm_debug_symbol(d->alloc_ra, by, sizeof(by));
	mm_debug_symbol(d->free_ra, freed, sizeof(freed));
	panic("page_alloc: pa 0x%lx was written after it was freed: byte +0x%zx is 0x%02x, not "
	      "0x%02x; last allocated by %s, freed by %s",
	      (unsigned long)page_to_pa(p), off, ((const uint8_t *)page_to_kva(p))[off],
	      PAGE_POISON, by, freed);
}

void
page_debug_free(struct page *p, unsigned order, uintptr_t ra)
{
	for (size_t i = 0; i < (1ul << order); i++) {
		debug_of(p + i)->free_ra = ra;
		debug_of(p + i)->poisoned = true;
	}
	memset(page_to_kva(p), PAGE_POISON, PAGE_SIZE << order);
}

void
page_debug_alloc(struct page *p, unsigned order, uintptr_t ra)
{
	for (size_t i = 0; i < (1ul << order); i++) {
		struct page_debug *d = debug_of(p + i);

		if (d->poisoned) {
			size_t off = mm_debug_find_bad(page_to_kva(p + i), PAGE_SIZE, PAGE_POISON);

			if (off != PAGE_SIZE)
				report_page(p + i, off, d);
			d->poisoned = false;
		}
		d->alloc_ra = ra;
	}
}
