/*
 * Object caches (a slab allocator) and kmalloc.
 *
 * A slab is one buddy block of 2^order pages cut into equal objects from
 * its start. Every frame of a slab carries PG_SLAB and a pointer to its
 * cache, so any object pointer leads to its cache; the slab's head frame
 * (found by aligning the pfn down, since buddy blocks are naturally
 * aligned) holds the slab's free list and in-use count. A free object's
 * first word links it to the next free object of its slab.
 *
 * A slab of a cache is in one of three places:
 *   partial list  some objects free, some allocated;
 *   no list       every object allocated (full); a free puts it back on
 *                 the partial list;
 *   spare         no object allocated; a cache keeps at most one empty
 *                 slab, further emptied slabs go back to the buddy.
 *
 * kmalloc uses eight power-of-two caches, 16 .. 2048 bytes, that are
 * defined statically so they work with no init call; bigger requests are
 * buddy blocks whose head frame carries PG_KMALLOC and the block order.
 *
 * The debug build (mm/debug.h) gives each object a slot of its own:
 *
 *   | red zone | object | red zone | free pointer | owner | padding |
 *   ^slot      ^obj     ^obj + obj_size
 *
 * The left red zone keeps the object aligned (SLAB_RED_BYTES rounded up
 * to the alignment), the right one is SLAB_RED_BYTES; for kmalloc the
 * bytes past the size asked for count as red zone too. Red zones hold
 * SLAB_RED_ACTIVE while the object is allocated and SLAB_RED_FREE while
 * it is free; a free object is filled with SLAB_POISON_FREE. Freeing
 * checks the red zones, allocating checks red zones and poison; the
 * free list links through the free pointer, outside the object. In the
 * normal build the slot is the object and its first word links it.
 *
 * Locks: [S] kmem_cache.cache_lock  [L] slab_caches_lock  [I] constant
 *        after creation  [a] atomic ops
 * Order: slab_caches_lock, then a cache_lock; buddy_lock is innermost
 * and never taken under a cache_lock (slabs are made and released
 * outside it).
 */
#include <atomic.h>
#include <kassert.h>
#include <types.h>

#include "lib/list.h"
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/debug.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "locking/spinlock.h"

struct kmem_cache {
	struct spinlock cache_lock;
	struct list_head partial;    /* [S] slabs with free and allocated objects */
	struct page *spare;	     /* [S] the kept empty slab, or NULL */
	size_t inuse;		     /* [S] objects allocated */
	size_t nr_slabs;	     /* [S] slabs held, spare included */
	uint32_t obj_size;	     /* [I] bytes per object, a multiple of the alignment */
	uint32_t slot_size;	     /* [I] from one object to the next (obj_size unless debug) */
	uint32_t objs_per_slab;	     /* [I] */
	uint16_t red_left;	     /* [I] debug: red-zone bytes before each object */
	uint8_t order;		     /* [I] slab size: 2^order pages */
	bool created;		     /* [I] made by kmem_cache_create() */
	struct list_head cache_link; /* [L] on slab_caches when created */
	char name[KMEM_CACHE_NAME_MAX]; /* [I] */
};

/* What the debug build keeps after an object's right red zone and free pointer. */
struct slab_track {
	uintptr_t alloc_ra; /* who allocated it last */
	uintptr_t free_ra;  /* who freed it last */
	size_t req_size;    /* bytes asked for (kmalloc), else obj_size */
};

/* The slot layout (the debug one above, or just the object), as constant
 * expressions so that the static caches below can use it too. */
#define SLAB_RED_BYTES	    16
#define RED_LEFT(align)	    (MM_DEBUG ? ALIGN_UP(SLAB_RED_BYTES, (align)) : 0)
#define DEBUG_SLOT(size, a) (RED_LEFT(a) + (size) + SLAB_RED_BYTES + 8 + sizeof(struct slab_track))
#define SLOT_SIZE(size, a)  (MM_DEBUG ? ALIGN_UP(DEBUG_SLOT(size, a), (a)) : (size))
/* The smallest slab order wasting at most 1/8 of the slab (capped). */
#define ORDER_FITS(slot, o) \
	((slot) <= (PAGE_SIZE << (o)) && (PAGE_SIZE << (o)) % (slot) <= (PAGE_SIZE << (o)) / 8)
#define SLAB_ORDER(slot) \
	(ORDER_FITS(slot, 0) ? 0u : ORDER_FITS(slot, 1) ? 1u : ORDER_FITS(slot, 2) ? 2u : 3u)
_Static_assert(SLAB_MAX_ORDER == 3, "SLAB_ORDER() stops at order 3");

/* clang-format off */
#define STATIC_CACHE(var, cname, size, align)                                  \
	{                                                                      \
		.cache_lock = SPINLOCK_INIT(cname),                            \
		.partial = LIST_HEAD_INIT((var).partial),                      \
		.obj_size = (size),                                            \
		.slot_size = SLOT_SIZE(size, align),                           \
		.objs_per_slab = (PAGE_SIZE << SLAB_ORDER(SLOT_SIZE(size, align))) / \
				 SLOT_SIZE(size, align),                       \
		.red_left = RED_LEFT(align),                                   \
		.order = SLAB_ORDER(SLOT_SIZE(size, align)),                   \
		.cache_link = LIST_HEAD_INIT((var).cache_link),                \
		.name = cname,                                                 \
	}
/* clang-format on */

/* The cache that kmem_cache_create() takes struct kmem_caches from. */
static struct kmem_cache cache_cache =
	STATIC_CACHE(cache_cache, "kmem_cache", sizeof(struct kmem_cache), sizeof(void *));

#define KMALLOC_SHIFT_MIN      4 /* log2(KMALLOC_MIN_SIZE) */
#define KMALLOC_CACHE(i, size) STATIC_CACHE(kmalloc_caches[i], "kmalloc-" #size, size, size)

static struct kmem_cache kmalloc_caches[] = {
	KMALLOC_CACHE(0, 16),	KMALLOC_CACHE(1, 32),	KMALLOC_CACHE(2, 64),
	KMALLOC_CACHE(3, 128),	KMALLOC_CACHE(4, 256),	KMALLOC_CACHE(5, 512),
	KMALLOC_CACHE(6, 1024), KMALLOC_CACHE(7, 2048),
};

_Static_assert(KMALLOC_MIN_SIZE == 1 << KMALLOC_SHIFT_MIN, "kmalloc shift");
_Static_assert((KMALLOC_MIN_SIZE << (ARRAY_SIZE(kmalloc_caches) - 1)) == KMALLOC_MAX_CACHE_SIZE,
	       "one kmalloc cache per power of two");
_Static_assert(MM_DEBUG || KMALLOC_MAX_CACHE_SIZE <= PAGE_SIZE, "kmalloc caches use order-0 slabs");
_Static_assert(MM_DEBUG || sizeof(struct kmem_cache) <= PAGE_SIZE / 8,
	       "cache_cache uses order-0 slabs");

/*
 * Locks: [L] slab_caches_lock: slab_caches, the list of created caches.
 * Taken before any cache_lock.
 */
static struct spinlock slab_caches_lock = SPINLOCK_INIT("slab_caches");
static struct list_head slab_caches = LIST_HEAD_INIT(slab_caches); /* [L] */

static size_t large_blocks; /* [a] live kmalloc blocks from the buddy */
static size_t large_pages;  /* [a] pages in them */

/* ---- the debug build's checks ---------------------------------------------- */

static inline size_t
red_left(const struct kmem_cache *c)
{
	return MM_DEBUG ? c->red_left : 0;
}

/* Where a free object keeps the pointer to the next free one. */
static inline void **
free_link(const struct kmem_cache *c, void *obj)
{
	return (void **)((char *)obj + (MM_DEBUG ? c->obj_size + SLAB_RED_BYTES : 0));
}

static struct slab_track *
track_of(const struct kmem_cache *c, void *obj)
{
	return (struct slab_track *)(free_link(c, obj) + 1);
}

static __noreturn void
report_obj(const struct kmem_cache *c, void *obj, long off, uint8_t want, const char *what)
{
	const struct slab_track *t = track_of(c, obj);
	char by[64], freed[64];

	mm_debug_symbol(t->alloc_ra, by, sizeof(by));
	mm_debug_symbol(t->free_ra, freed, sizeof(freed));
	panic("slab %s: object %p (%u bytes) %s: byte %s0x%lx is 0x%02x, not 0x%02x; last "
	      "allocated by %s, freed by %s",
	      c->name, obj, c->obj_size, what, off < 0 ? "-" : "+", off < 0 ? -off : off,
	      ((uint8_t *)obj)[off], want, by, freed);
}

/* Panic unless [obj + from, obj + to) all hold want. */
static void
check_bytes(const struct kmem_cache *c, void *obj, long from, long to, uint8_t want,
	    const char *what)
{
	size_t bad = mm_debug_find_bad((char *)obj + from, (size_t)(to - from), want);

	if (bad != (size_t)(to - from))
		report_obj(c, obj, from + (long)bad, want, what);
}

/* Set both red zones of obj (the right one starting at req). */
static void
paint_red_zones(const struct kmem_cache *c, void *obj, size_t req, uint8_t v)
{
	memset((char *)obj - red_left(c), v, red_left(c));
	memset((char *)obj + req, v, c->obj_size + SLAB_RED_BYTES - req);
}

/* A slot of a new slab: free, poisoned, owned by nobody yet. */
static void
debug_init_obj(const struct kmem_cache *c, void *obj)
{
	paint_red_zones(c, obj, c->obj_size, SLAB_RED_FREE);
	memset(obj, SLAB_POISON_FREE, c->obj_size);
	*track_of(c, obj) = (struct slab_track){ 0 };
}

/* obj was just taken off the free list for ra, which asked for req bytes. */
static void
debug_alloc(const struct kmem_cache *c, void *obj, size_t req, uintptr_t ra)
{
	struct slab_track *t = track_of(c, obj);
	long size = c->obj_size;

	check_bytes(c, obj, -(long)red_left(c), 0, SLAB_RED_FREE, "red zone before it changed");
	check_bytes(c, obj, 0, size, SLAB_POISON_FREE, "written after it was freed");
	check_bytes(c, obj, size, size + SLAB_RED_BYTES, SLAB_RED_FREE,
		    "red zone after it changed");
	paint_red_zones(c, obj, req, SLAB_RED_ACTIVE);
	t->alloc_ra = ra;
	t->req_size = req;
}

/* obj is being freed by ra: its red zones must be intact. */
static void
debug_free(const struct kmem_cache *c, void *obj, uintptr_t ra)
{
	struct slab_track *t = track_of(c, obj);
	long left = -(long)red_left(c);

	/* A free object's red zones hold SLAB_RED_FREE: freed twice. */
	if (mm_debug_find_bad((char *)obj + left, (size_t)-left, SLAB_RED_FREE) == (size_t)-left)
		report_obj(c, obj, left, SLAB_RED_ACTIVE, "freed twice");
	check_bytes(c, obj, left, 0, SLAB_RED_ACTIVE, "underrun: red zone before it changed");
	check_bytes(c, obj, (long)t->req_size, c->obj_size + SLAB_RED_BYTES, SLAB_RED_ACTIVE,
		    "overrun: red zone after it changed");
	memset(obj, SLAB_POISON_FREE, c->obj_size);
	paint_red_zones(c, obj, c->obj_size, SLAB_RED_FREE);
	t->free_ra = ra;
}

/* ---- slabs --------------------------------------------------------------- */

/* Make a new slab for c with every object free; it is on no list yet. */
static struct page *
slab_create(struct kmem_cache *c)
{
	struct page *head = page_alloc(c->order, GFP_KERNEL);
	size_t i, npages = 1UL << c->order;
	char *first;

	if (!head)
		return NULL;
	for (i = 0; i < npages; i++) {
		head[i].flags |= PG_SLAB;
		head[i].slab.cache = c;
	}
	first = (char *)page_to_kva(head) + red_left(c);
	for (i = 0; i < c->objs_per_slab; i++) {
		char *obj = first + i * c->slot_size;

		if (MM_DEBUG)
			debug_init_obj(c, obj);
		*free_link(c, obj) = i + 1 < c->objs_per_slab ? obj + c->slot_size : NULL;
	}
	head->slab.freelist = first;
	head->slab.inuse = 0;
	list_init(&head->lru);
	return head;
}

/* Give an empty slab that is on no list back to the buddy allocator. */
static void
slab_release(struct kmem_cache *c, struct page *head)
{
	size_t i, npages = 1UL << c->order;

	KASSERT(head->slab.inuse == 0);
	for (i = 0; i < npages; i++) {
		head[i].flags &= ~PG_SLAB;
		head[i].slab.cache = NULL;
	}
	page_free(head, c->order);
}

/* The head frame of the slab of c holding obj; panics unless obj is an object start. */
static struct page *
slab_of(const struct kmem_cache *c, const void *obj)
{
	struct page *p, *head;
	size_t off;

	if (!kva_has_page(obj))
		panic("kmem_cache_free: %p is not in RAM (cache %s)", obj, c->name);
	p = kva_to_page(obj);
	if (!(p->flags & PG_SLAB) || p->slab.cache != c)
		panic("kmem_cache_free: %p is not from cache %s", obj, c->name);
	head = pfn_to_page(ALIGN_DOWN(page_to_pfn(p), 1UL << c->order));
	off = (size_t)((const char *)obj - (const char *)page_to_kva(head) - red_left(c));
	if (off % c->slot_size != 0 || off / c->slot_size >= c->objs_per_slab)
		panic("kmem_cache_free: %p is not an object start in cache %s", obj, c->name);
	return head;
}

/* Take a free object from a partial slab (or the spare), or NULL. */
static void *
obj_take_locked(struct kmem_cache *c)
{
	struct page *slab;
	void *obj;

	assert_held(&c->cache_lock);
	if (list_empty(&c->partial)) {
		if (!c->spare)
			return NULL;
		list_add(&c->spare->lru, &c->partial);
		c->spare = NULL;
	}
	slab = list_first_entry(&c->partial, struct page, lru);
	obj = slab->slab.freelist;
	slab->slab.freelist = *free_link(c, obj);
	if (++slab->slab.inuse == c->objs_per_slab)
		list_del(&slab->lru);
	c->inuse++;
	return obj;
}

/*
 * Put obj back on its slab. Returns the slab if it became empty and the
 * cache already keeps a spare, for the caller to release unlocked.
 */
static struct page *
obj_put_locked(struct kmem_cache *c, struct page *slab, void *obj)
{
	assert_held(&c->cache_lock);
	/* Catches a free of an object already free on top of the list (SLUB's check). */
	if (slab->slab.inuse == 0 || obj == slab->slab.freelist)
		panic("kmem_cache_free: %p of cache %s freed twice", obj, c->name);
	*free_link(c, obj) = slab->slab.freelist;
	slab->slab.freelist = obj;
	if (slab->slab.inuse-- == c->objs_per_slab)
		list_add(&slab->lru, &c->partial);
	c->inuse--;
	if (slab->slab.inuse > 0)
		return NULL;
	list_del(&slab->lru);
	if (!c->spare) {
		c->spare = slab;
		return NULL;
	}
	c->nr_slabs--;
	return slab;
}

/* ---- caches -------------------------------------------------------------- */

static inline __attribute__((always_inline)) void *
cache_take(struct kmem_cache *c)
{
	struct page *slab;
	void *obj;

	spin_lock(&c->cache_lock);
	obj = obj_take_locked(c);
	spin_unlock(&c->cache_lock);
	if (obj)
		return obj;
	/* Grow without the cache lock held: buddy_lock is never nested in it. */
	slab = slab_create(c);
	if (!slab)
		return NULL;
	spin_lock(&c->cache_lock);
	c->nr_slabs++;
	list_add(&slab->lru, &c->partial);
	obj = obj_take_locked(c);
	spin_unlock(&c->cache_lock);
	return obj;
}

/* An object of c for ra (the debug build's owner), who asked for req bytes. */
static inline __attribute__((always_inline)) void *
cache_alloc(struct kmem_cache *c, size_t req, uintptr_t ra)
{
	void *obj = cache_take(c);

	if (MM_DEBUG && obj)
		debug_alloc(c, obj, req, ra);
	return obj;
}

void *
kmem_cache_alloc(struct kmem_cache *c)
{
	return cache_alloc(c, c->obj_size, MM_RET_IP);
}

void *
kmem_cache_zalloc(struct kmem_cache *c)
{
	void *obj = MM_DEBUG ? cache_alloc(c, c->obj_size, MM_RET_IP) : kmem_cache_alloc(c);

	if (obj)
		memset(obj, 0, c->obj_size);
	return obj;
}

static inline __attribute__((always_inline)) void
cache_free(struct kmem_cache *c, void *obj, uintptr_t ra)
{
	struct page *slab, *empty;

	if (!obj)
		return;
	slab = slab_of(c, obj);
	if (MM_DEBUG)
		debug_free(c, obj, ra);
	spin_lock(&c->cache_lock);
	empty = obj_put_locked(c, slab, obj);
	spin_unlock(&c->cache_lock);
	if (empty)
		slab_release(c, empty);
}

void
kmem_cache_free(struct kmem_cache *c, void *obj)
{
	cache_free(c, obj, MM_RET_IP);
}

size_t
kmem_cache_inuse(const struct kmem_cache *c)
{
	return READ_ONCE(c->inuse);
}

void
kmem_cache_shrink(struct kmem_cache *c)
{
	struct page *spare;

	spin_lock(&c->cache_lock);
	spare = c->spare;
	c->spare = NULL;
	if (spare)
		c->nr_slabs--;
	spin_unlock(&c->cache_lock);
	if (spare)
		slab_release(c, spare);
}

static void
cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align)
{
	size_t n = strnlen(name, sizeof(c->name) - 1);

	memset(c, 0, sizeof(*c));
	memcpy(c->name, name, n);
	c->name[n] = '\0';
	spin_init(&c->cache_lock, c->name);
	list_init(&c->partial);
	list_init(&c->cache_link);
	c->obj_size = (uint32_t)ALIGN_UP(MAX(size, sizeof(void *)), align);
	c->slot_size = (uint32_t)SLOT_SIZE(c->obj_size, align);
	c->red_left = (uint16_t)RED_LEFT(align);
	c->order = (uint8_t)SLAB_ORDER(c->slot_size);
	c->objs_per_slab = (uint32_t)((PAGE_SIZE << c->order) / c->slot_size);
	c->created = true;
}

struct kmem_cache *
kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;

	if (align < sizeof(void *))
		align = sizeof(void *);
	/* The debug build's red zones and owner must fit in the largest slab too. */
	if (size == 0 || (align & (align - 1)) || align > PAGE_SIZE ||
	    SLOT_SIZE(ALIGN_UP(size, align), align) > (PAGE_SIZE << SLAB_MAX_ORDER))
		panic("kmem_cache_create: %s: bad size %zu or align %zu", name, size, align);
	c = kmem_cache_alloc(&cache_cache);
	if (!c)
		return NULL;
	cache_setup(c, name, size, align);
	spin_lock(&slab_caches_lock);
	list_add_tail(&c->cache_link, &slab_caches);
	spin_unlock(&slab_caches_lock);
	return c;
}

void
kmem_cache_destroy(struct kmem_cache *c)
{
	KASSERT(c->created);
	spin_lock(&c->cache_lock);
	if (c->inuse != 0)
		panic("kmem_cache_destroy: %s has %zu objects allocated", c->name, c->inuse);
	/* No object allocated: the only slab left is the spare. */
	KASSERT(list_empty(&c->partial) && c->nr_slabs == (c->spare != NULL));
	spin_unlock(&c->cache_lock);
	kmem_cache_shrink(c);
	spin_lock(&slab_caches_lock);
	list_del(&c->cache_link);
	spin_unlock(&slab_caches_lock);
	kmem_cache_free(&cache_cache, c);
}

/* ---- statistics ---------------------------------------------------------- */

static void
cache_report(struct kmem_cache *c, void (*fn)(const struct kmem_cache_stats *, void *), void *arg)
{
	struct kmem_cache_stats st;

	spin_lock(&c->cache_lock);
	st.name = c->name;
	st.obj_size = c->obj_size;
	st.objs_per_slab = c->objs_per_slab;
	st.inuse = c->inuse;
	st.slabs = c->nr_slabs;
	st.pages = c->nr_slabs << c->order;
	spin_unlock(&c->cache_lock);
	fn(&st, arg);
}

void
kmem_cache_for_each(void (*fn)(const struct kmem_cache_stats *st, void *arg), void *arg)
{
	struct kmem_cache_stats large = { .name = "kmalloc-large" };
	struct kmem_cache *c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_caches); i++)
		cache_report(&kmalloc_caches[i], fn, arg);
	cache_report(&cache_cache, fn, arg);
	spin_lock(&slab_caches_lock);
	list_for_each_entry(c, &slab_caches, cache_link)
		cache_report(c, fn, arg);
	spin_unlock(&slab_caches_lock);
	large.inuse = atomic_load_relaxed(&large_blocks);
	large.pages = atomic_load_relaxed(&large_pages);
	fn(&large, arg);
}

void
kmem_cache_shrink_all(void)
{
	struct kmem_cache *c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_caches); i++)
		kmem_cache_shrink(&kmalloc_caches[i]);
	spin_lock(&slab_caches_lock);
	list_for_each_entry(c, &slab_caches, cache_link)
		kmem_cache_shrink(c);
	spin_unlock(&slab_caches_lock);
	kmem_cache_shrink(&cache_cache);
}

/* ---- kmalloc ------------------------------------------------------------- */

/* The class cache for size (at most KMALLOC_MAX_CACHE_SIZE). */
static struct kmem_cache *
kmalloc_cache(size_t size)
{
	unsigned bits;

	if (size <= KMALLOC_MIN_SIZE)
		return &kmalloc_caches[0];
	/* Bits in size - 1 = log2 of the smallest power of two >= size. */
	bits = (unsigned)(sizeof(unsigned long) * 8) - (unsigned)__builtin_clzl(size - 1);
	return &kmalloc_caches[bits - KMALLOC_SHIFT_MIN];
}

static void *
kmalloc_large(size_t size, uintptr_t ra)
{
	unsigned order = 0;
	struct page *p;

	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	while ((PAGE_SIZE << order) < size)
		order++;
	p = MM_DEBUG ? page_alloc_from(order, GFP_KERNEL, ra) : page_alloc(order, GFP_KERNEL);
	if (!p)
		return NULL;
	p->flags |= PG_KMALLOC;
	atomic_inc(&large_blocks);
	atomic_add(&large_pages, 1UL << order);
	return page_to_kva(p);
}

static inline __attribute__((always_inline)) void *
kmalloc_from(size_t size, uintptr_t ra)
{
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, ra);
	if (MM_DEBUG)
		return cache_alloc(kmalloc_cache(size), size, ra);
	return kmem_cache_alloc(kmalloc_cache(size));
}

void *
kmalloc(size_t size)
{
	return kmalloc_from(size, MM_RET_IP);
}

void *
kzalloc(size_t size)
{
	void *p = MM_DEBUG ? kmalloc_from(size, MM_RET_IP) : kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void
kfree(const void *ptr)
{
	void *obj = (void *)(uintptr_t)ptr;
	struct page *p;
	unsigned order;

	if (!ptr)
		return;
	if (!kva_has_page(ptr))
		panic("kfree: %p is not in RAM", ptr);
	p = kva_to_page(ptr);
	if (p->flags & PG_SLAB) {
		if (MM_DEBUG)
			cache_free(p->slab.cache, obj, MM_RET_IP);
		else
			kmem_cache_free(p->slab.cache, obj);
		return;
	}
	if (!(p->flags & PG_KMALLOC) || ptr != page_to_kva(p))
		panic("kfree: %p was not returned by kmalloc", ptr);
	order = p->order;
	p->flags &= ~PG_KMALLOC;
	atomic_dec(&large_blocks);
	atomic_sub(&large_pages, 1UL << order);
	if (MM_DEBUG)
		page_free_from(p, order, MM_RET_IP);
	else
		page_free(p, order);
}
