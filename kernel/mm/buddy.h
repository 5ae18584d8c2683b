/*
 * The physical page allocator: a binary buddy allocator over the RAM the
 * boot code hands it, in naturally aligned blocks of 2^order pages,
 * order 0 .. BUDDY_MAX_ORDER. See docs/memory-allocators.md.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "mm/page.h"

/* Largest block order: 2^10 pages = 4 MiB. */
#define BUDDY_MAX_ORDER 10

/* Allocation flags. */
#define GFP_KERNEL 0U
#define GFP_ZERO   (1U << 0) /* zero the whole block */

/*
 * Bytes of memmap (struct pages) needed to describe [ram_start, ram_end),
 * both rounded outward to pages. The caller carves that much from RAM,
 * direct-mapped, and passes it to buddy_init().
 * Context: any; no locks.
 */
size_t buddy_memmap_bytes(paddr_t ram_start, paddr_t ram_end);

/*
 * Set up the allocator for RAM [ram_start, ram_end) (rounded outward to
 * pages), with memmap (buddy_memmap_bytes() bytes, aligned for struct
 * page) as its struct page array. Every frame starts PAGE_RESERVED and no
 * page is free until buddy_free_range() hands some over. direct_map_offset
 * must be set already. Resets all allocator state.
 * Context: boot, one hart, before any other function here.
 */
void buddy_init(paddr_t ram_start, paddr_t ram_end, struct page *memmap_array);

/*
 * Hand the RAM [start, end) to the allocator: start is rounded up and end
 * down to pages, so partial pages at either end stay reserved. The range
 * must lie inside the RAM given to buddy_init() and its frames must still
 * be reserved (handing a frame over twice panics).
 * Context: any, normally boot. Takes and drops buddy_lock.
 */
void buddy_free_range(paddr_t start, paddr_t end);

/*
 * Allocate a naturally aligned block of 2^order pages; gfp is GFP_KERNEL
 * or GFP_ZERO. Returns the block's head page, with refcount 1, or NULL
 * when no block of that order is free (or order > BUDDY_MAX_ORDER); it
 * never sleeps or panics for lack of memory.
 * Context: any, interrupts on or off; never sleeps. Takes and drops
 * buddy_lock, so the caller must hold no lock ordered after it (none is).
 */
struct page *page_alloc(unsigned order, unsigned gfp);

/*
 * Free the block of 2^order pages headed by p, merging it with free
 * buddies. p must be the head of a block page_alloc() returned with this
 * order, with refcount 1; anything else (double free, a reserved frame,
 * a wrong order) is a kernel bug and panics.
 * Context: any; never sleeps. Takes and drops buddy_lock.
 */
void page_free(struct page *p, unsigned order);

/* page_alloc() returning the block's direct-map address, or NULL. */
void *page_alloc_kva(unsigned order, unsigned gfp);

/* page_free() of the block at direct-map address kva. */
void page_free_kva(void *kva, unsigned order);

/*
 * Take one more reference to the allocated block headed by p (a free
 * page panics).
 * Context: any; lock-free (atomic).
 */
void page_get(struct page *p);

/*
 * Drop a reference to the allocated block headed by p; the last put frees
 * the block (with the order it was allocated with). Dropping a reference
 * that was never taken panics.
 * Context: any; never sleeps. The last put takes and drops buddy_lock.
 */
void page_put(struct page *p);

/* Pages free now, and pages handed to the allocator (free or allocated). */
size_t buddy_free_pages(void);
size_t buddy_total_pages(void);

/* Free blocks of exactly this order now (0 when order is out of range). */
size_t buddy_free_blocks(unsigned order);
