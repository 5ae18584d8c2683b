/*
 * The buddy allocator for physical pages.
 *
 * Free RAM is kept as naturally aligned blocks of 2^order frames (order
 * 0 .. BUDDY_MAX_ORDER), one free list per order. The buddy of the block
 * at pfn is the block at pfn ^ 2^order; alignment is of physical
 * addresses, so it does not depend on where RAM starts.
 *
 * Invariants, under buddy_lock:
 * - a free block's head frame is PAGE_BUDDY with its order and sits on
 *   free_lists[order]; its other frames are PAGE_MANAGED with refcount 0;
 * - two free buddies of the same order never coexist: freeing merges them;
 * - nr_free equals the frames in all free blocks.
 *
 * Allocation takes the first block of the smallest order that has one
 * and splits it down, returning upper halves to the lists. Freeing merges
 * with the buddy while that buddy is a free block of the same order.
 *
 * The debug build (mm/debug.h) poisons a block as it is freed and checks
 * the poison when it is handed out again, recording the caller of each.
 * The helpers that take that caller are always inlined, so the normal
 * build, where the argument is a constant 0 and unused, compiles them
 * as it would without it.
 */
#include <atomic.h>
#include <kassert.h>
#include <types.h>

#include "lib/list.h"
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/debug.h"
#include "mm/page.h"
#include "locking/spinlock.h"

uintptr_t direct_map_offset;
struct page *memmap;
uint64_t memmap_base_pfn;
uint64_t memmap_npages;

/*
 * Locks: [B] buddy_lock: the free lists, the counters below, and each
 *        struct page's state, order and (while PAGE_BUDDY) link.
 * buddy_lock is innermost: nothing else is taken while it is held.
 */
static struct spinlock buddy_lock = SPINLOCK_INIT("buddy");
static struct list_head free_lists[BUDDY_MAX_ORDER + 1]; /* [B] */
static size_t nr_free_blocks[BUDDY_MAX_ORDER + 1];	 /* [B] */
static size_t nr_free;					 /* [B] */
static size_t nr_total;					 /* [B] */

size_t
buddy_memmap_bytes(paddr_t ram_start, paddr_t ram_end)
{
	uint64_t first = ram_start >> PAGE_SHIFT;
	uint64_t last = ALIGN_UP(ram_end, PAGE_SIZE) >> PAGE_SHIFT;

	/* The debug build keeps its side table right after the memmap. */
	return (size_t)(last - first) * sizeof(struct page) + page_debug_bytes(last - first);
}

void
buddy_init(paddr_t ram_start, paddr_t ram_end, struct page *memmap_array)
{
	unsigned order;

	KASSERT(ram_start < ram_end);
	KASSERT(IS_ALIGNED((uintptr_t)memmap_array, _Alignof(struct page)));
	memmap = memmap_array;
	memmap_base_pfn = ram_start >> PAGE_SHIFT;
	memmap_npages = (ALIGN_UP(ram_end, PAGE_SIZE) >> PAGE_SHIFT) - memmap_base_pfn;
	/* All zero: every frame PAGE_RESERVED, refcount 0, no flags. */
	memset(memmap, 0, buddy_memmap_bytes(ram_start, ram_end));
	if (MM_DEBUG)
		page_debug_init((struct page_debug *)(memmap + memmap_npages));
	for (order = 0; order <= BUDDY_MAX_ORDER; order++) {
		list_init(&free_lists[order]);
		nr_free_blocks[order] = 0;
	}
	nr_free = 0;
	nr_total = 0;
}

static void
free_list_add_locked(struct page *p, unsigned order)
{
	assert_held(&buddy_lock);
	p->state = PAGE_BUDDY;
	p->order = (uint8_t)order;
	list_add(&p->lru, &free_lists[order]);
	nr_free_blocks[order]++;
}

static void
free_list_del_locked(struct page *p, unsigned order)
{
	assert_held(&buddy_lock);
	list_del(&p->lru);
	p->state = PAGE_MANAGED;
	nr_free_blocks[order]--;
}

/*
 * Put the free block of 2^order frames at pfn on the free lists, merged
 * with as many free buddies as possible. Does not touch nr_free.
 */
static void
merge_and_free_locked(uint64_t pfn, unsigned order)
{
	assert_held(&buddy_lock);
	while (order < BUDDY_MAX_ORDER) {
		uint64_t buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (buddy->state != PAGE_BUDDY || buddy->order != order)
			break;
		free_list_del_locked(buddy, order);
		pfn &= ~(1UL << order);
		order++;
	}
	free_list_add_locked(pfn_to_page(pfn), order);
}

/* Take a block of exactly 2^order frames off the lists, or NULL. */
static inline __attribute__((always_inline)) struct page *
take_block_locked(unsigned order)
{
	unsigned found = order;
	struct page *p;

	assert_held(&buddy_lock);
	while (list_empty(&free_lists[found]))
		if (++found > BUDDY_MAX_ORDER)
			return NULL;
	p = list_first_entry(&free_lists[found], struct page, lru);
	free_list_del_locked(p, found);
	/* Split: give back the upper half at each step down. */
	while (found > order) {
		found--;
		free_list_add_locked(p + (1UL << found), found);
	}
	p->order = (uint8_t)order;
	return p;
}

/* Hand the aligned frames [pfn, end_pfn) to the lists in maximal blocks. */
static void
free_pfn_range(uint64_t pfn, uint64_t end_pfn)
{
	while (pfn < end_pfn) {
		unsigned order = 0;
		uint64_t i;

		while (order < BUDDY_MAX_ORDER && IS_ALIGNED(pfn, 2UL << order) &&
		       pfn + (2UL << order) <= end_pfn)
			order++;
		spin_lock(&buddy_lock);
		for (i = pfn; i < pfn + (1UL << order); i++) {
			struct page *p = pfn_to_page(i);

			if (p->state != PAGE_RESERVED)
				panic("buddy_free_range: pfn 0x%lx handed over twice",
				      (unsigned long)i);
			p->state = PAGE_MANAGED;
		}
		merge_and_free_locked(pfn, order);
		nr_free += 1UL << order;
		nr_total += 1UL << order;
		spin_unlock(&buddy_lock);
		pfn += 1UL << order;
	}
}

void
buddy_free_range(paddr_t start, paddr_t end)
{
	uint64_t pfn = ALIGN_UP(start, PAGE_SIZE) >> PAGE_SHIFT;
	uint64_t end_pfn = end >> PAGE_SHIFT;

	if (pfn >= end_pfn)
		return;
	if (!pfn_valid(pfn) || !pfn_valid(end_pfn - 1))
		panic("buddy_free_range: [0x%lx, 0x%lx) is outside RAM", (unsigned long)start,
		      (unsigned long)end);
	free_pfn_range(pfn, end_pfn);
}

static inline __attribute__((always_inline)) struct page *
alloc_block(unsigned order, unsigned gfp, uintptr_t ra)
{
	struct page *p;

	if (unlikely(order > BUDDY_MAX_ORDER))
		return NULL;
	spin_lock(&buddy_lock);
	p = take_block_locked(order);
	if (likely(p))
		nr_free -= 1UL << order;
	spin_unlock(&buddy_lock);
	if (unlikely(!p))
		return NULL;
	KASSERT(p->refcount == 0);
	atomic_store_relaxed(&p->refcount, 1);
	if (MM_DEBUG)
		page_debug_alloc(p, order, ra);
	if (gfp & GFP_ZERO)
		memset(page_to_kva(p), 0, PAGE_SIZE << order);
	return p;
}

struct page *
page_alloc(unsigned order, unsigned gfp)
{
	return alloc_block(order, gfp, MM_RET_IP);
}

struct page *
page_alloc_from(unsigned order, unsigned gfp, uintptr_t ra)
{
	return alloc_block(order, gfp, ra);
}

/* Free the block headed by p whose last reference is gone. */
static void
free_block(struct page *p, unsigned order)
{
	uint64_t pfn = page_to_pfn(p);

	spin_lock(&buddy_lock);
	if (p->state != PAGE_MANAGED || p->order != order)
		panic("page_free: pa 0x%lx order %u: state %u order %u (bad free)",
		      (unsigned long)page_to_pa(p), order, p->state, p->order);
	p->flags = 0;
	merge_and_free_locked(pfn, order);
	nr_free += 1UL << order;
	spin_unlock(&buddy_lock);
}

/* Panic unless p is a struct page of the memmap and order is possible. */
static void
check_page(const struct page *p, unsigned order, const char *who)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)memmap;

	if (off >= memmap_npages * sizeof(*p) || off % sizeof(*p) || order > BUDDY_MAX_ORDER)
		panic("%s: %p order %u is not a page of RAM", who, (const void *)p, order);
}

static inline __attribute__((always_inline)) void
free_sole_ref(struct page *p, unsigned order, uintptr_t ra)
{
	uint32_t one = 1;

	check_page(p, order, "page_free");
	/* The sole reference goes; a free page (refcount 0) is a double free. */
	if (!atomic_cmpxchg(&p->refcount, &one, 0))
		panic("page_free: pa 0x%lx order %u: refcount %u, not 1 (double free?)",
		      (unsigned long)page_to_pa(p), order, one);
	if (MM_DEBUG)
		page_debug_free(p, order, ra);
	free_block(p, order);
}

void
page_free(struct page *p, unsigned order)
{
	free_sole_ref(p, order, MM_RET_IP);
}

void
page_free_from(struct page *p, unsigned order, uintptr_t ra)
{
	free_sole_ref(p, order, ra);
}

void *
page_alloc_kva(unsigned order, unsigned gfp)
{
	struct page *p = MM_DEBUG ? page_alloc_from(order, gfp, MM_RET_IP) : page_alloc(order, gfp);

	return p ? page_to_kva(p) : NULL;
}

void
page_free_kva(void *kva, unsigned order)
{
	KASSERT(IS_ALIGNED((uintptr_t)kva, PAGE_SIZE) && kva_has_page(kva));
	if (MM_DEBUG)
		page_free_from(kva_to_page(kva), order, MM_RET_IP);
	else
		page_free(kva_to_page(kva), order);
}

void
page_get(struct page *p)
{
	uint32_t refs;

	check_page(p, 0, "page_get");
	refs = atomic_inc(&p->refcount);
	if (refs < 2)
		panic("page_get: pa 0x%lx was free (refcount now %u)", (unsigned long)page_to_pa(p),
		      refs);
}

void
page_put(struct page *p)
{
	uint32_t refs;

	check_page(p, 0, "page_put");
	refs = atomic_dec(&p->refcount);
	if (refs == UINT32_MAX)
		panic("page_put: pa 0x%lx had no reference", (unsigned long)page_to_pa(p));
	if (refs == 0) {
		if (MM_DEBUG)
			page_debug_free(p, READ_ONCE(p->order), MM_RET_IP);
		free_block(p, READ_ONCE(p->order));
	}
}

size_t
buddy_free_pages(void)
{
	return READ_ONCE(nr_free);
}

size_t
buddy_total_pages(void)
{
	return READ_ONCE(nr_total);
}

size_t
buddy_free_blocks(unsigned order)
{
	return order <= BUDDY_MAX_ORDER ? READ_ONCE(nr_free_blocks[order]) : 0;
}
