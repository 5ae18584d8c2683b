/*
 * Object caches (slab allocator) and kmalloc, on top of the buddy
 * allocator. Both work as soon as buddy_free_range() has handed RAM
 * over: no init call, no scheduler, no sleeping. See
 * docs/memory-allocators.md.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "mm/buddy.h"
#include "mm/page.h"

/* kmalloc size classes: powers of two from KMALLOC_MIN_SIZE to KMALLOC_MAX_CACHE_SIZE. */
#define KMALLOC_MIN_SIZE       16
#define KMALLOC_MAX_CACHE_SIZE 2048
/* Larger requests take whole buddy blocks, up to this many bytes. */
#define KMALLOC_MAX_SIZE       (PAGE_SIZE << BUDDY_MAX_ORDER)

/* Largest slab: 2^SLAB_MAX_ORDER pages, so objects up to 32 KiB. */
#define SLAB_MAX_ORDER	    3
#define KMEM_CACHE_NAME_MAX 24

struct kmem_cache;

/* A snapshot of one cache's counters, for kmem_cache_for_each(). */
struct kmem_cache_stats {
	const char *name;
	size_t obj_size; /* bytes per object, after alignment */
	size_t objs_per_slab;
	size_t inuse; /* objects allocated */
	size_t slabs; /* slabs held, the kept empty one included */
	size_t pages; /* pages those slabs occupy */
};

/*
 * Create a cache of objects of size bytes aligned to align (a power of
 * two up to PAGE_SIZE; 0 means pointer alignment). The name is copied
 * (truncated to KMEM_CACHE_NAME_MAX - 1 bytes). size must be 1 ..
 * 32 KiB; bad arguments are kernel bugs and panic.
 * Returns the cache, or NULL when out of memory.
 * Context: any; never sleeps. Takes slab_caches_lock and cache locks.
 */
__must_check struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);

/*
 * Destroy a cache made by kmem_cache_create(), returning its pages.
 * Panics if objects are still allocated.
 * Context: any; never sleeps. Takes slab_caches_lock, the cache's lock
 * and buddy_lock (one after another).
 */
void kmem_cache_destroy(struct kmem_cache *c);

/*
 * Allocate one object (contents undefined; _zalloc: zeroed). Returns NULL
 * when the page allocator has no page for a new slab.
 * Context: any, interrupts on or off; never sleeps. Takes and drops the
 * cache's lock, then (to grow) buddy_lock, never both at once.
 */
__must_check void *kmem_cache_alloc(struct kmem_cache *c);
__must_check void *kmem_cache_zalloc(struct kmem_cache *c);

/*
 * Return obj to c; NULL is a no-op. A pointer that is not the start of an
 * allocated object of c (including an object freed just before) panics.
 * An emptied slab is kept if the cache has no empty slab yet, otherwise
 * returned to the buddy allocator.
 * Context: any; never sleeps. Takes the cache's lock, then buddy_lock.
 */
void kmem_cache_free(struct kmem_cache *c, void *obj);

/* Objects of c allocated now. Context: any; lock-free snapshot. */
size_t kmem_cache_inuse(const struct kmem_cache *c);

/*
 * Return the cache's kept empty slab (every cache, for _all) to the
 * buddy allocator, so free-page counts can be compared with a baseline.
 * Context: any; never sleeps. _all holds slab_caches_lock throughout.
 */
void kmem_cache_shrink(struct kmem_cache *c);
void kmem_cache_shrink_all(void);

/*
 * Call fn once per cache (kmalloc classes, the cache of caches, every
 * created cache) with a snapshot of its counters, then once for
 * "kmalloc-large" (inuse = live large kmalloc blocks, pages = their pages).
 * fn runs with slab_caches_lock held for created caches: it must not
 * create or destroy caches; it may allocate.
 * Context: any; never sleeps.
 */
void kmem_cache_for_each(void (*fn)(const struct kmem_cache_stats *st, void *arg), void *arg);

/*
 * Allocate size bytes (kzalloc: zeroed). Sizes up to
 * KMALLOC_MAX_CACHE_SIZE come from the power-of-two class caches and are
 * aligned to their class size; larger ones are whole buddy blocks
 * (page-aligned) up to KMALLOC_MAX_SIZE. kmalloc(0) returns a unique
 * 16-byte object like kmalloc(1), to be kfree()d as usual. Returns NULL
 * when out of memory or size > KMALLOC_MAX_SIZE.
 * Context: any, interrupts on or off; never sleeps. Takes a cache lock
 * or buddy_lock.
 */
__must_check void *kmalloc(size_t size);
__must_check void *kzalloc(size_t size);

/*
 * Free what kmalloc() (or any kmem_cache_alloc()) returned; NULL is a
 * no-op. Any other pointer panics.
 * Context: any; never sleeps. Takes a cache lock and/or buddy_lock.
 */
void kfree(const void *ptr);
