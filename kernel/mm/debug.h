/*
 * Memory debugging, compiled in by the debug build (make DEBUG=1, which
 * defines TERN_DEBUG): page poisoning with the last owner of every
 * frame, and red zones, poisoning and owners for slab objects. See
 * docs/memory-allocators.md.
 *
 * In the normal build MM_DEBUG is 0: every hook is behind
 * `if (MM_DEBUG)` and compiles to nothing, and the side table is not
 * allocated. Both builds compile every line, so neither rots.
 *
 * The functions here run on blocks and objects their caller owns
 * exclusively (just taken off, or about to go back on, a free list), so
 * they need no lock. A check that fails panics, naming the address, the
 * offset and value of the first bad byte, and the symbolized return
 * addresses of the last allocation and the last free.
 */
#pragma once

#include <types.h>

#ifdef TERN_DEBUG
#define MM_DEBUG 1
#else
#define MM_DEBUG 0
#endif

/* The caller's return address in the debug build (who allocates or
 * frees), 0 in the normal build, where nothing records it. */
#define MM_RET_IP (MM_DEBUG ? (uintptr_t)__builtin_return_address(0) : (uintptr_t)0)

/* Byte patterns, as Linux's poison.h. */
#define PAGE_POISON	 0xaa /* a free page */
#define SLAB_POISON_FREE 0x6b /* a free object */
#define SLAB_RED_ACTIVE	 0xcc /* red zone of an allocated object */
#define SLAB_RED_FREE	 0xbb /* red zone of a free object */

struct page;

/* Per frame, after the memmap: who had it last, and whether it is poisoned. */
struct page_debug {
	uintptr_t alloc_ra; /* return address of the last page_alloc() */
	uintptr_t free_ra;  /* of the last free (page_free(), page_put()) */
	bool poisoned;	    /* filled with PAGE_POISON when freed, not yet handed out */
};

/* Bytes of side table for npages frames (0 in the normal build). */
static inline size_t
page_debug_bytes(uint64_t npages)
{
	return MM_DEBUG ? npages * sizeof(struct page_debug) : 0;
}

/* The side table lives right after the memmap (buddy_init()). */
void page_debug_init(struct page_debug *table);

/* A block of 2^order frames headed by p is being freed by ra: poison it. */
void page_debug_free(struct page *p, unsigned order, uintptr_t ra);

/* A block was just taken for ra: check the poison of each frame freed
 * since, panicking at the first byte that changed. */
void page_debug_alloc(struct page *p, unsigned order, uintptr_t ra);

/* page_alloc() / page_free() recording ra as the owner instead of the
 * direct caller (for wrappers such as kmalloc). */
struct page *page_alloc_from(unsigned order, unsigned gfp, uintptr_t ra);
void page_free_from(struct page *p, unsigned order, uintptr_t ra);

/* Offset of the first byte of [mem, mem + len) that is not pattern, or len. */
size_t mm_debug_find_bad(const void *mem, size_t len, uint8_t pattern);

/* "name+0xoff" for a return address, "nobody" for 0. */
void mm_debug_symbol(uintptr_t ra, char *buf, size_t len);

/*
 * Run the mm boot self-test called name (selftest=): page_poison writes
 * to a freed page, slab_redzone overruns a kmalloc object, slab_poison
 * writes to a freed slab object. In the debug build each ends in the
 * panic that reports it; if it returns 0, the check did not fire.
 * Returns -EOPNOTSUPP in the normal build (the test is not run: nothing
 * would catch it), -ENOENT for a name that is not an mm test, -ENOMEM.
 * Context: boot, one hart, before the others start.
 */
int mm_run_selftest(const char *name);
