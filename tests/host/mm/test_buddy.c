/*
 * Unit tests of the buddy page allocator (kernel/mm/buddy.c) over a
 * malloc'd fake RAM (tests/host/fakes/fake_mm_ram.c).
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "fakes/fake_mm_ram.h"
#include "mm/buddy.h"
#include "mm/page.h"

#define MAX_BLOCK_PAGES	(1UL << BUDDY_MAX_ORDER)
#define MAX_BLOCK_BYTES	(PAGE_SIZE << BUDDY_MAX_ORDER)

static paddr_t
pa_of(struct page *p)
{
	return page_to_pa(p);
}

Test(buddy, every_order_can_be_allocated_and_is_naturally_aligned)
{
	unsigned order;

	fake_ram_init(2 * MAX_BLOCK_BYTES);
	for (order = 0; order <= BUDDY_MAX_ORDER; order++) {
		struct page *p = page_alloc(order, GFP_KERNEL);

		cr_assert_not_null(p, "order %u", order);
		cr_assert_eq(pa_of(p) % (PAGE_SIZE << order), 0, "order %u", order);
		cr_assert_geq(pa_of(p), FAKE_RAM_BASE);
		cr_assert_leq(pa_of(p) + (PAGE_SIZE << order), fake_ram_end());
		cr_assert_eq(page_refcount(p), 1);
		memset(page_to_kva(p), 0x5a, PAGE_SIZE << order);
		page_free(p, order);
	}
	cr_assert_eq(buddy_free_pages(), 2 * MAX_BLOCK_PAGES);
}

Test(buddy, an_order_above_the_maximum_returns_null)
{
	fake_ram_init(2 * MAX_BLOCK_BYTES);
	cr_assert_null(page_alloc(BUDDY_MAX_ORDER + 1, GFP_KERNEL));
	cr_assert_null(page_alloc(~0U, GFP_ZERO));
	cr_assert_eq(buddy_free_pages(), buddy_total_pages());
}

Test(buddy, exhaustion_returns_null_and_freeing_everything_recovers)
{
	size_t total, n = 0;
	struct page **pages;

	fake_ram_init(MAX_BLOCK_BYTES);
	total = buddy_total_pages();
	cr_assert_eq(total, MAX_BLOCK_PAGES);
	pages = calloc(total + 1, sizeof(*pages));
	while ((pages[n] = page_alloc(0, GFP_KERNEL)) != NULL)
		n++;
	cr_assert_eq(n, total);
	cr_assert_eq(buddy_free_pages(), 0);
	cr_assert_null(page_alloc(0, GFP_KERNEL), "still exhausted");
	while (n > 0)
		page_free(pages[--n], 0);
	cr_assert_eq(buddy_free_pages(), total);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 1);
	free(pages);
}

Test(buddy, a_large_order_fails_when_memory_is_fragmented)
{
	struct page *a, *b;

	fake_ram_init(MAX_BLOCK_BYTES);
	a = page_alloc(BUDDY_MAX_ORDER - 1, GFP_KERNEL);
	b = page_alloc(0, GFP_KERNEL);
	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_assert_null(page_alloc(BUDDY_MAX_ORDER - 1, GFP_KERNEL),
		       "half the RAM is free, but not in one block");
	cr_assert_not_null(page_alloc(BUDDY_MAX_ORDER - 2, GFP_KERNEL));
}

Test(buddy, splitting_leaves_one_free_block_of_each_lower_order)
{
	unsigned order;
	struct page *p;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(0, GFP_KERNEL);
	cr_assert_not_null(p);
	for (order = 0; order < BUDDY_MAX_ORDER; order++)
		cr_assert_eq(buddy_free_blocks(order), 1, "order %u", order);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 0);
	cr_assert_eq(buddy_free_pages(), MAX_BLOCK_PAGES - 1);
	page_free(p, 0);
	for (order = 0; order < BUDDY_MAX_ORDER; order++)
		cr_assert_eq(buddy_free_blocks(order), 0, "order %u", order);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 1);
}

Test(buddy, freeing_both_halves_merges_the_block)
{
	struct page *lo, *hi;

	fake_ram_init(MAX_BLOCK_BYTES);
	lo = page_alloc(BUDDY_MAX_ORDER - 1, GFP_KERNEL);
	hi = page_alloc(BUDDY_MAX_ORDER - 1, GFP_KERNEL);
	cr_assert_not_null(lo);
	cr_assert_not_null(hi);
	cr_assert_eq(pa_of(lo) ^ pa_of(hi), MAX_BLOCK_BYTES / 2, "the two halves are buddies");
	page_free(hi, BUDDY_MAX_ORDER - 1);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER - 1), 1, "one half alone does not merge");
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 0);
	page_free(lo, BUDDY_MAX_ORDER - 1);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER - 1), 0);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 1);
}

Test(buddy, counters_follow_allocations)
{
	struct page *p;

	fake_ram_init(2 * MAX_BLOCK_BYTES);
	cr_assert_eq(buddy_total_pages(), 2 * MAX_BLOCK_PAGES);
	p = page_alloc(3, GFP_KERNEL);
	cr_assert_eq(buddy_free_pages(), 2 * MAX_BLOCK_PAGES - 8);
	cr_assert_eq(buddy_total_pages(), 2 * MAX_BLOCK_PAGES);
	page_free(p, 3);
	cr_assert_eq(buddy_free_pages(), 2 * MAX_BLOCK_PAGES);
}

Test(buddy, unaligned_range_ends_are_trimmed_to_whole_pages)
{
	struct page *p;

	fake_ram_create(MAX_BLOCK_BYTES);
	buddy_free_range(FAKE_RAM_BASE + 100, FAKE_RAM_BASE + 5 * PAGE_SIZE + 7);
	cr_assert_eq(buddy_total_pages(), 4, "pages 1..4 only");
	cr_assert_eq(buddy_free_pages(), 4);
	cr_assert_eq(buddy_free_blocks(0), 2, "pages 1 and 4");
	cr_assert_eq(buddy_free_blocks(1), 1, "pages 2-3");
	cr_assert_eq(buddy_free_blocks(2), 0, "page 0 and 5 stay reserved");
	p = page_alloc(1, GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq(pa_of(p), FAKE_RAM_BASE + 2 * PAGE_SIZE);
	cr_assert_null(page_alloc(2, GFP_KERNEL));
	/* A range inside one page hands nothing over. */
	buddy_free_range(FAKE_RAM_BASE + 9 * PAGE_SIZE + 1, FAKE_RAM_BASE + 10 * PAGE_SIZE - 1);
	cr_assert_eq(buddy_total_pages(), 4);
}

Test(buddy, reserved_frames_in_a_hole_are_never_handed_out)
{
	paddr_t hole_start = FAKE_RAM_BASE + 37 * PAGE_SIZE;
	paddr_t hole_end = FAKE_RAM_BASE + 300 * PAGE_SIZE;
	size_t n = 0;
	struct page *p;

	fake_ram_create(MAX_BLOCK_BYTES);
	buddy_free_range(FAKE_RAM_BASE, hole_start);
	buddy_free_range(hole_end, fake_ram_end());
	cr_assert_eq(buddy_total_pages(), MAX_BLOCK_PAGES - 263);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 0);
	while ((p = page_alloc(0, GFP_KERNEL)) != NULL) {
		cr_assert(pa_of(p) < hole_start || pa_of(p) >= hole_end, "pa %#lx in the hole",
			  (unsigned long)pa_of(p));
		cr_assert_eq(p->state, PAGE_MANAGED);
		n++;
	}
	cr_assert_eq(n, MAX_BLOCK_PAGES - 263);
	cr_assert_eq(pa_to_page(hole_start)->state, PAGE_RESERVED);
	cr_assert_eq(pa_to_page(hole_end - PAGE_SIZE)->state, PAGE_RESERVED);
}

Test(buddy, ram_that_starts_unaligned_still_coalesces)
{
	paddr_t start = FAKE_RAM_BASE + 5 * PAGE_SIZE;
	size_t blocks0[BUDDY_MAX_ORDER + 1], n = 0;
	struct page *mm, **pages;
	unsigned order;

	fake_ram_create(2 * MAX_BLOCK_BYTES);
	/* A memmap that begins at pfn 5: the buddies of pfns 5 and 6 have no struct page. */
	mm = malloc(buddy_memmap_bytes(start, fake_ram_end()));
	buddy_init(start, fake_ram_end(), mm);
	buddy_free_range(start, fake_ram_end());
	cr_assert_eq(buddy_total_pages(), 2 * MAX_BLOCK_PAGES - 5);
	cr_assert_eq(buddy_free_blocks(0), 1, "pfn 5");
	cr_assert_eq(buddy_free_blocks(1), 1, "pfns 6-7");
	cr_assert_eq(buddy_free_blocks(2), 0, "pfn 4 is not RAM");
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 1);
	for (order = 0; order <= BUDDY_MAX_ORDER; order++)
		blocks0[order] = buddy_free_blocks(order);
	pages = calloc(2 * MAX_BLOCK_PAGES, sizeof(*pages));
	while ((pages[n] = page_alloc(0, GFP_KERNEL)) != NULL)
		n++;
	cr_assert_eq(n, 2 * MAX_BLOCK_PAGES - 5);
	while (n > 0)
		page_free(pages[--n], 0);
	for (order = 0; order <= BUDDY_MAX_ORDER; order++)
		cr_assert_eq(buddy_free_blocks(order), blocks0[order], "order %u", order);
	free(pages);
	free(mm);
}

Test(buddy, a_memmap_carved_from_ram_is_never_handed_out)
{
	paddr_t start = FAKE_RAM_BASE, end;
	size_t bytes;
	struct page *p;

	fake_ram_create(MAX_BLOCK_BYTES);
	end = fake_ram_end();
	/* As the boot code does: the memmap is the first frames of RAM. */
	bytes = buddy_memmap_bytes(start, end);
	buddy_init(start, end, pa_to_kva(start));
	buddy_free_range(start + bytes, end);
	cr_assert_eq(buddy_total_pages(), MAX_BLOCK_PAGES - (bytes + PAGE_SIZE - 1) / PAGE_SIZE);
	while ((p = page_alloc(0, GFP_ZERO)) != NULL)
		cr_assert_geq(pa_of(p), start + bytes);
	cr_assert_eq(pa_to_page(start)->state, PAGE_RESERVED, "memmap survived GFP_ZERO");
}

Test(buddy, gfp_zero_zeroes_the_whole_block)
{
	unsigned order = 4;
	size_t bytes = PAGE_SIZE << order, i;
	struct page *p, *q;
	unsigned char *mem;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(order, GFP_KERNEL);
	memset(page_to_kva(p), 0xa5, bytes);
	page_free(p, order);
	q = page_alloc(order, GFP_ZERO);
	cr_assert_eq(q, p, "the dirtied block comes back first");
	mem = page_to_kva(q);
	for (i = 0; i < bytes; i++)
		cr_assert_eq(mem[i], 0, "byte %zu", i);
}

Test(buddy, page_get_keeps_the_page_until_the_last_put)
{
	struct page *p;
	size_t free0;

	fake_ram_init(MAX_BLOCK_BYTES);
	free0 = buddy_free_pages();
	p = page_alloc(0, GFP_KERNEL);
	page_get(p);
	cr_assert_eq(page_refcount(p), 2);
	page_put(p);
	cr_assert_eq(buddy_free_pages(), free0 - 1, "one reference left");
	page_put(p);
	cr_assert_eq(buddy_free_pages(), free0, "the last put freed it");
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 1);
}

Test(buddy, the_last_put_frees_a_block_with_its_order)
{
	struct page *p;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(2, GFP_KERNEL);
	page_put(p);
	cr_assert_eq(buddy_free_pages(), MAX_BLOCK_PAGES);
	cr_assert_eq(buddy_free_blocks(BUDDY_MAX_ORDER), 1);
}

Test(buddy, kernel_addresses_and_pages_convert_both_ways)
{
	struct page *p;
	void *kva;

	fake_ram_init(MAX_BLOCK_BYTES);
	kva = page_alloc_kva(1, GFP_KERNEL);
	cr_assert_not_null(kva);
	p = kva_to_page(kva);
	cr_assert_eq(page_to_kva(p), kva);
	cr_assert_eq(pa_to_kva(kva_to_pa(kva)), kva);
	cr_assert_eq(pa_to_page(page_to_pa(p)), p);
	cr_assert(kva_has_page(kva));
	cr_assert_not(pfn_valid((FAKE_RAM_BASE >> PAGE_SHIFT) - 1));
	cr_assert_not(pfn_valid(fake_ram_end() >> PAGE_SHIFT));
	page_free_kva(kva, 1);
	cr_assert_eq(buddy_free_pages(), MAX_BLOCK_PAGES);
}

/* ---- kernel bugs that must panic ------------------------------------------ */

Test(buddy, freeing_a_page_twice_panics, .signal = SIGABRT)
{
	struct page *p;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(0, GFP_KERNEL);
	page_free(p, 0);
	page_free(p, 0);
}

Test(buddy, freeing_a_block_twice_after_it_merged_panics, .signal = SIGABRT)
{
	struct page *p, *q;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(0, GFP_KERNEL);
	q = page_alloc(0, GFP_KERNEL);
	page_free(p, 0);
	page_free(q, 0);
	page_free(q, 0);
}

Test(buddy, freeing_a_reserved_frame_panics, .signal = SIGABRT)
{
	fake_ram_create(MAX_BLOCK_BYTES);
	buddy_free_range(FAKE_RAM_BASE + PAGE_SIZE, fake_ram_end());
	page_free(pa_to_page(FAKE_RAM_BASE), 0);
}

Test(buddy, freeing_with_the_wrong_order_panics, .signal = SIGABRT)
{
	struct page *p;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(2, GFP_KERNEL);
	page_free(p, 3);
}

Test(buddy, freeing_a_page_inside_an_allocated_block_panics, .signal = SIGABRT)
{
	struct page *p;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(2, GFP_KERNEL);
	page_free(p + 1, 0);
}

Test(buddy, freeing_a_pointer_outside_the_memmap_panics, .signal = SIGABRT)
{
	fake_ram_init(MAX_BLOCK_BYTES);
	page_free(memmap + memmap_npages, 0);
}

Test(buddy, putting_a_free_page_panics, .signal = SIGABRT)
{
	struct page *p;

	fake_ram_init(MAX_BLOCK_BYTES);
	p = page_alloc(0, GFP_KERNEL);
	page_put(p);
	page_put(p);
}

Test(buddy, getting_a_free_page_panics, .signal = SIGABRT)
{
	fake_ram_init(MAX_BLOCK_BYTES);
	page_get(pa_to_page(FAKE_RAM_BASE));
}

Test(buddy, handing_a_range_over_twice_panics, .signal = SIGABRT)
{
	fake_ram_create(MAX_BLOCK_BYTES);
	buddy_free_range(FAKE_RAM_BASE, FAKE_RAM_BASE + 8 * PAGE_SIZE);
	buddy_free_range(FAKE_RAM_BASE + 7 * PAGE_SIZE, FAKE_RAM_BASE + 9 * PAGE_SIZE);
}

Test(buddy, handing_over_a_range_outside_ram_panics, .signal = SIGABRT)
{
	fake_ram_create(MAX_BLOCK_BYTES);
	buddy_free_range(fake_ram_end() - PAGE_SIZE, fake_ram_end() + PAGE_SIZE);
}

/* ---- randomized stress against a model ------------------------------------ */

struct live_block {
	struct page *page;
	unsigned order;
	uint64_t tag;
};

struct model {
	struct live_block *live;
	size_t nlive, live_pages;
	unsigned char *owner;	/* per frame: 0 free, 1 allocated, 2 reserved */
	uint64_t rng;
};

static uint64_t
rng_next(struct model *m)
{
	/* xorshift64: deterministic, so a failure reproduces. */
	m->rng ^= m->rng << 13;
	m->rng ^= m->rng >> 7;
	m->rng ^= m->rng << 17;
	return m->rng;
}

static size_t
frame_index(paddr_t pa)
{
	return (pa - FAKE_RAM_BASE) >> PAGE_SHIFT;
}

/* Stamp the first and last word of a block with its tag. */
static void
stamp(const struct live_block *b, bool check)
{
	uint64_t *first = page_to_kva(b->page);
	uint64_t *last = (uint64_t *)((char *)first + (PAGE_SIZE << b->order)) - 1;

	if (check) {
		cr_assert_eq(*first, b->tag, "block %#lx corrupted",
			     (unsigned long)pa_of(b->page));
		cr_assert_eq(*last, ~b->tag);
	} else {
		*first = b->tag;
		*last = ~b->tag;
	}
}

static void
model_alloc(struct model *m)
{
	unsigned order = rng_next(m) % 4 == 0 ? rng_next(m) % (BUDDY_MAX_ORDER + 1)
					      : rng_next(m) % 3;
	struct live_block b = { .order = order, .tag = rng_next(m) };
	size_t i, first;
	unsigned o;

	b.page = page_alloc(order, GFP_KERNEL);
	if (!b.page) {
		for (o = order; o <= BUDDY_MAX_ORDER; o++)
			cr_assert_eq(buddy_free_blocks(o), 0, "NULL with a free order-%u block", o);
		return;
	}
	cr_assert_eq(pa_of(b.page) % (PAGE_SIZE << order), 0, "not naturally aligned");
	first = frame_index(pa_of(b.page));
	for (i = first; i < first + (1UL << order); i++) {
		cr_assert_eq(m->owner[i], 0, "frame %zu handed out while %s", i,
			     m->owner[i] == 1 ? "allocated" : "reserved");
		m->owner[i] = 1;
	}
	stamp(&b, false);
	m->live[m->nlive++] = b;
	m->live_pages += 1UL << order;
}

static void
model_free(struct model *m)
{
	size_t k = rng_next(m) % m->nlive, i, first;
	struct live_block b = m->live[k];

	stamp(&b, true);
	first = frame_index(pa_of(b.page));
	for (i = first; i < first + (1UL << b.order); i++)
		m->owner[i] = 0;
	m->live[k] = m->live[--m->nlive];
	m->live_pages -= 1UL << b.order;
	page_free(b.page, b.order);
}

Test(buddy, random_allocations_and_frees_match_a_model)
{
	const size_t ram_bytes = 4 * MAX_BLOCK_BYTES, npages = ram_bytes >> PAGE_SHIFT;
	paddr_t hole_start = FAKE_RAM_BASE + 1030 * PAGE_SIZE + 17;
	paddr_t hole_end = FAKE_RAM_BASE + 2100 * PAGE_SIZE + 5;
	size_t blocks0[BUDDY_MAX_ORDER + 1], total, i;
	struct model m = { .rng = 0x9e3779b97f4a7c15ULL };
	unsigned order;
	int op;

	fake_ram_create(ram_bytes);
	buddy_free_range(FAKE_RAM_BASE + 3 * PAGE_SIZE + 123, hole_start);
	buddy_free_range(hole_end, fake_ram_end() - 5 * PAGE_SIZE);
	total = buddy_total_pages();
	for (order = 0; order <= BUDDY_MAX_ORDER; order++)
		blocks0[order] = buddy_free_blocks(order);
	m.owner = calloc(npages, 1);
	m.live = calloc(npages, sizeof(*m.live));
	for (i = 0; i < npages; i++)
		m.owner[i] = pa_to_page(FAKE_RAM_BASE + i * PAGE_SIZE)->state == PAGE_RESERVED ? 2 : 0;

	for (op = 0; op < 40000; op++) {
		if (m.nlive == 0 || rng_next(&m) % 100 < 55)
			model_alloc(&m);
		else
			model_free(&m);
		cr_assert_eq(buddy_free_pages(), total - m.live_pages, "op %d", op);
	}
	while (m.nlive > 0)
		model_free(&m);
	cr_assert_eq(buddy_free_pages(), total, "no page leaked");
	for (order = 0; order <= BUDDY_MAX_ORDER; order++)
		cr_assert_eq(buddy_free_blocks(order), blocks0[order],
			     "order %u: everything merged back", order);
	free(m.owner);
	free(m.live);
}
