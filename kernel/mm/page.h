/*
 * Physical page frames: struct page (one per frame of RAM), the direct map
 * and the conversions between physical addresses, kernel virtual
 * addresses and struct pages.
 *
 * Every frame between the RAM start and end given to buddy_init() has a
 * struct page in one array, the memmap, indexed by page frame number
 * (pfn) minus the memmap's first pfn. Frames are in one of three states,
 * which only the buddy allocator changes (under buddy_lock):
 *
 *   PAGE_RESERVED  never handed to the allocator (firmware, kernel image,
 *                  the memmap itself, holes); never allocated or freed.
 *   PAGE_BUDDY     heads a free block of 2^order frames on a free list.
 *   PAGE_MANAGED   RAM the allocator manages that heads no free block:
 *                  part of an allocated block, or a non-head frame of a
 *                  free block.
 *
 * An allocated block belongs to its owner (whoever called page_alloc())
 * until it is freed; the owner may use flags and the union freely. The
 * head frame of an allocated block has refcount >= 1 and order = the
 * block's order; every other frame has refcount 0.
 *
 * Locks: [B] buddy_lock (buddy.c)  [a] atomic ops  [I] set at boot, then
 *        constant  [O] the block's owner (no lock while it is allocated)
 *        [S] the owning kmem_cache's lock
 */
#pragma once

#include <atomic.h>
#include <compiler.h>
#include <types.h>

#include "lib/list.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)

struct kmem_cache;

enum page_state {
	PAGE_RESERVED = 0, /* zero, so a zeroed memmap is all reserved */
	PAGE_BUDDY,
	PAGE_MANAGED,
};

/* Owner flags (struct page.flags). */
#define PG_SLAB	   (1U << 0) /* every frame of a slab; slab.cache valid */
#define PG_KMALLOC (1U << 1) /* head of a kmalloc() block taken from the buddy */

struct page {
	uint32_t refcount;    /* [a] references to an allocated block */
	uint16_t flags;	      /* [O] PG_* */
	uint8_t order;	      /* [B] block order, valid on heads (free or allocated) */
	uint8_t state;	      /* [B] enum page_state */
	struct list_head lru; /* [B] free list while PAGE_BUDDY; else [O]
					 * (a slab: [S] its cache's partial list) */
	union {
		struct {
			struct kmem_cache *cache; /* [O] owning cache, on every frame */
			void *freelist;		  /* [S] first free object (head frame) */
			uint32_t inuse;		  /* [S] objects allocated (head frame) */
		} slab;
	};
};

_Static_assert(sizeof(struct page) <= 48, "struct page must stay small");

/* Kernel virtual address of physical address 0 in the direct map. */
extern uintptr_t direct_map_offset; /* [I] set by arch before buddy_init() */

extern struct page *memmap;	 /* [I] struct pages, see buddy_init() */
extern uint64_t memmap_base_pfn; /* [I] pfn of memmap[0] */
extern uint64_t memmap_npages;	 /* [I] number of entries in memmap */

static inline void *
pa_to_kva(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + direct_map_offset);
}

static inline paddr_t
kva_to_pa(const void *kva)
{
	return (paddr_t)((uintptr_t)kva - direct_map_offset);
}

/* True when pfn has a struct page (it lies in [ram_start, ram_end)). */
static inline bool
pfn_valid(uint64_t pfn)
{
	/* One unsigned compare: a pfn below the base wraps to a huge value. */
	return pfn - memmap_base_pfn < memmap_npages;
}

static inline struct page *
pfn_to_page(uint64_t pfn)
{
	return &memmap[pfn - memmap_base_pfn];
}

static inline uint64_t
page_to_pfn(const struct page *p)
{
	return memmap_base_pfn + (uint64_t)(p - memmap);
}

static inline struct page *
pa_to_page(paddr_t pa)
{
	return pfn_to_page(pa >> PAGE_SHIFT);
}

static inline paddr_t
page_to_pa(const struct page *p)
{
	return page_to_pfn(p) << PAGE_SHIFT;
}

static inline void *
page_to_kva(const struct page *p)
{
	return pa_to_kva(page_to_pa(p));
}

static inline struct page *
kva_to_page(const void *kva)
{
	return pa_to_page(kva_to_pa(kva));
}

/*
 * References to the allocated block headed by p. Acquire: a reader that
 * sees 1 also sees every write made before the other references were
 * dropped (pairs with the release in page_put()'s atomic_dec()).
 */
static inline uint32_t
page_refcount(const struct page *p)
{
	return atomic_load_acquire(&p->refcount);
}

/* True when kva is a direct-map address of a frame that has a struct page. */
static inline bool
kva_has_page(const void *kva)
{
	return pfn_valid(kva_to_pa(kva) >> PAGE_SHIFT);
}
