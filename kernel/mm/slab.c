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
#include "mm/page.h"
#include "mm/slab.h"
#include "locking/spinlock.h"

struct kmem_cache {
	struct spinlock cache_lock;
	struct list_head partial;	/* [S] slabs with free and allocated objects */
	struct page *spare;		/* [S] the kept empty slab, or NULL */
	size_t inuse;			/* [S] objects allocated */
	size_t nr_slabs;		/* [S] slabs held, spare included */
	uint32_t obj_size;		/* [I] bytes per object, a multiple of the alignment */
	uint32_t objs_per_slab;		/* [I] */
	uint8_t order;			/* [I] slab size: 2^order pages */
	bool created;			/* [I] made by kmem_cache_create() */
	struct list_head cache_link;	/* [L] on slab_caches when created */
	char name[KMEM_CACHE_NAME_MAX]; /* [I] */
};

/* clang-format off */
#define STATIC_CACHE(var, cname, size)                                         \
	{                                                                      \
		.cache_lock = SPINLOCK_INIT(cname),                            \
		.partial = LIST_HEAD_INIT((var).partial),                      \
		.obj_size = (size),                                            \
		.objs_per_slab = PAGE_SIZE / (size),                           \
		.cache_link = LIST_HEAD_INIT((var).cache_link),                \
		.name = cname,                                                 \
	}
/* clang-format on */

/* The cache that kmem_cache_create() takes struct kmem_caches from. */
static struct kmem_cache cache_cache =
	STATIC_CACHE(cache_cache, "kmem_cache", sizeof(struct kmem_cache));

#define KMALLOC_SHIFT_MIN      4 /* log2(KMALLOC_MIN_SIZE) */
#define KMALLOC_CACHE(i, size) STATIC_CACHE(kmalloc_caches[i], "kmalloc-" #size, size)

static struct kmem_cache kmalloc_caches[] = {
	KMALLOC_CACHE(0, 16),	KMALLOC_CACHE(1, 32),	KMALLOC_CACHE(2, 64),
	KMALLOC_CACHE(3, 128),	KMALLOC_CACHE(4, 256),	KMALLOC_CACHE(5, 512),
	KMALLOC_CACHE(6, 1024), KMALLOC_CACHE(7, 2048),
};

_Static_assert(KMALLOC_MIN_SIZE == 1 << KMALLOC_SHIFT_MIN, "kmalloc shift");
_Static_assert((KMALLOC_MIN_SIZE << (ARRAY_SIZE(kmalloc_caches) - 1)) == KMALLOC_MAX_CACHE_SIZE,
	       "one kmalloc cache per power of two");
_Static_assert(KMALLOC_MAX_CACHE_SIZE <= PAGE_SIZE, "kmalloc caches use order-0 slabs");
_Static_assert(sizeof(struct kmem_cache) <= PAGE_SIZE / 8, "cache_cache uses order-0 slabs");

/*
 * Locks: [L] slab_caches_lock: slab_caches, the list of created caches.
 * Taken before any cache_lock.
 */
static struct spinlock slab_caches_lock = SPINLOCK_INIT("slab_caches");
static struct list_head slab_caches = LIST_HEAD_INIT(slab_caches); /* [L] */

static size_t large_blocks; /* [a] live kmalloc blocks from the buddy */
static size_t large_pages;  /* [a] pages in them */

/* ---- slabs --------------------------------------------------------------- */

/* Make a new slab for c with every object free; it is on no list yet. */
static struct page *
slab_create(struct kmem_cache *c)
{
	struct page *head = page_alloc(c->order, GFP_KERNEL);
	size_t i, npages = 1UL << c->order;
	char *base;

	if (!head)
		return NULL;
	for (i = 0; i < npages; i++) {
		head[i].flags |= PG_SLAB;
		head[i].slab.cache = c;
	}
	base = page_to_kva(head);
	for (i = 0; i + 1 < c->objs_per_slab; i++)
		*(void **)(base + i * c->obj_size) = base + (i + 1) * c->obj_size;
	*(void **)(base + i * c->obj_size) = NULL;
	head->slab.freelist = base;
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
	off = (size_t)((const char *)obj - (const char *)page_to_kva(head));
	if (off % c->obj_size != 0 || off / c->obj_size >= c->objs_per_slab)
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
	slab->slab.freelist = *(void **)obj;
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
	*(void **)obj = slab->slab.freelist;
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

void *
kmem_cache_alloc(struct kmem_cache *c)
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

void *
kmem_cache_zalloc(struct kmem_cache *c)
{
	void *obj = kmem_cache_alloc(c);

	if (obj)
		memset(obj, 0, c->obj_size);
	return obj;
}

void
kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct page *slab, *empty;

	if (!obj)
		return;
	slab = slab_of(c, obj);
	spin_lock(&c->cache_lock);
	empty = obj_put_locked(c, slab, obj);
	spin_unlock(&c->cache_lock);
	if (empty)
		slab_release(c, empty);
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

/* Smallest slab order that wastes at most 1/8 of the slab (capped). */
static unsigned
slab_order_for(size_t obj_size)
{
	unsigned order;

	for (order = 0; order < SLAB_MAX_ORDER; order++) {
		size_t bytes = PAGE_SIZE << order;

		if (obj_size <= bytes && bytes % obj_size <= bytes / 8)
			return order;
	}
	return SLAB_MAX_ORDER;
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
	c->order = (uint8_t)slab_order_for(c->obj_size);
	c->objs_per_slab = (uint32_t)((PAGE_SIZE << c->order) / c->obj_size);
	c->created = true;
}

struct kmem_cache *
kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;

	if (align < sizeof(void *))
		align = sizeof(void *);
	if (size == 0 || size > (PAGE_SIZE << SLAB_MAX_ORDER) || (align & (align - 1)) ||
	    align > PAGE_SIZE)
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
kmalloc_large(size_t size)
{
	unsigned order = 0;
	struct page *p;

	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	while ((PAGE_SIZE << order) < size)
		order++;
	p = page_alloc(order, GFP_KERNEL);
	if (!p)
		return NULL;
	p->flags |= PG_KMALLOC;
	atomic_inc(&large_blocks);
	atomic_add(&large_pages, 1UL << order);
	return page_to_kva(p);
}

void *
kmalloc(size_t size)
{
	if (size <= KMALLOC_MAX_CACHE_SIZE)
		return kmem_cache_alloc(kmalloc_cache(size));
	return kmalloc_large(size);
}

void *
kzalloc(size_t size)
{
	void *p = kmalloc(size);

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
		kmem_cache_free(p->slab.cache, obj);
		return;
	}
	if (!(p->flags & PG_KMALLOC) || ptr != page_to_kva(p))
		panic("kfree: %p was not returned by kmalloc", ptr);
	order = p->order;
	p->flags &= ~PG_KMALLOC;
	atomic_dec(&large_blocks);
	atomic_sub(&large_pages, 1UL << order);
	page_free(p, order);
}
