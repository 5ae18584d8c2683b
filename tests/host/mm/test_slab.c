/*
 * Unit tests of the slab allocator and kmalloc (kernel/mm/slab.c), over
 * the real buddy allocator on a malloc'd fake RAM.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes/fake_mm_ram.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/slab.h"

#define RAM_BYTES	(4 * (PAGE_SIZE << BUDDY_MAX_ORDER))

static void
setup(void)
{
	fake_ram_init(RAM_BYTES);
}

TestSuite(slab, .init = setup);
TestSuite(kmalloc, .init = setup);

/* ---- helpers ---------------------------------------------------------------- */

struct find {
	const char *name;
	struct kmem_cache_stats st;
	int seen;
	size_t total_inuse;
};

static void
find_cb(const struct kmem_cache_stats *st, void *arg)
{
	struct find *f = arg;

	f->total_inuse += st->inuse;
	if (f->name && strcmp(st->name, f->name) == 0) {
		f->st = *st;
		f->seen++;
	}
}

/* The stats of the cache called name (which must be listed once). */
static struct kmem_cache_stats
stats_of(const char *name)
{
	struct find f = { .name = name };

	kmem_cache_for_each(find_cb, &f);
	cr_assert_eq(f.seen, 1, "cache %s listed %d times", name, f.seen);
	return f.st;
}

/* Objects allocated in all caches plus live large kmalloc blocks. */
static size_t
total_inuse(void)
{
	struct find f = { 0 };

	kmem_cache_for_each(find_cb, &f);
	return f.total_inuse;
}

static void
fill(void *obj, size_t size, unsigned char tag)
{
	memset(obj, tag, size);
}

static void
check_fill(const void *obj, size_t size, unsigned char tag)
{
	const unsigned char *b = obj;
	size_t i;

	for (i = 0; i < size; i++)
		if (b[i] != tag)
			cr_assert_fail("object %p byte %zu is %#x, not %#x", obj, i, b[i], tag);
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Assert that n objects of size bytes are distinct and do not overlap. */
static void
check_disjoint(void **objs, size_t n, size_t size)
{
	void **sorted = malloc(n * sizeof(*sorted));
	size_t i;

	memcpy(sorted, objs, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_ptr);
	for (i = 1; i < n; i++)
		cr_assert_geq((uintptr_t)sorted[i] - (uintptr_t)sorted[i - 1], size,
			      "objects %p and %p overlap", sorted[i - 1], sorted[i]);
	free(sorted);
}

/* ---- caches ----------------------------------------------------------------- */

Test(slab, objects_are_distinct_and_aligned)
{
	static const size_t sizes[][2] = { { 24, 0 }, { 100, 64 }, { 8, 8 }, { 1, 1 },
					   { 520, 512 }, { 3000, 0 } };
	enum { N = 1500 };
	void *objs[N];
	size_t k, i;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		struct kmem_cache *c = kmem_cache_create("t", sizes[k][0], sizes[k][1]);
		size_t align = sizes[k][1] ? sizes[k][1] : sizeof(void *);

		cr_assert_not_null(c);
		for (i = 0; i < N; i++) {
			objs[i] = kmem_cache_alloc(c);
			cr_assert_not_null(objs[i]);
			cr_assert_eq((uintptr_t)objs[i] % align, 0, "size %zu align %zu: %p",
				     sizes[k][0], align, objs[i]);
		}
		check_disjoint(objs, N, sizes[k][0]);
		cr_assert_eq(kmem_cache_inuse(c), N);
		for (i = 0; i < N; i++)
			kmem_cache_free(c, objs[i]);
		cr_assert_eq(kmem_cache_inuse(c), 0);
		kmem_cache_destroy(c);
	}
}

Test(slab, writes_to_one_object_never_disturb_another)
{
	enum { N = 700, SIZE = 40 };
	struct kmem_cache *c = kmem_cache_create("fill", SIZE, 0);
	void *objs[N];
	size_t i;

	for (i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(c);
		fill(objs[i], SIZE, (unsigned char)i);
	}
	/* Free every third object and reuse the slots with new patterns. */
	for (i = 0; i < N; i += 3)
		kmem_cache_free(c, objs[i]);
	for (i = 0; i < N; i += 3) {
		objs[i] = kmem_cache_alloc(c);
		fill(objs[i], SIZE, (unsigned char)(i ^ 0xff));
	}
	for (i = 0; i < N; i++)
		check_fill(objs[i], SIZE, (unsigned char)(i % 3 == 0 ? i ^ 0xff : i));
}

Test(slab, a_freed_object_is_reused_first)
{
	struct kmem_cache *c = kmem_cache_create("reuse", 64, 0);
	void *a = kmem_cache_alloc(c), *b;

	kmem_cache_free(c, a);
	b = kmem_cache_alloc(c);
	cr_assert_eq(a, b);
}

Test(slab, zalloc_returns_zeroed_objects)
{
	struct kmem_cache *c = kmem_cache_create("zero", 200, 0);
	void *a = kmem_cache_alloc(c), *b;

	fill(a, 200, 0xee);
	kmem_cache_free(c, a);
	b = kmem_cache_zalloc(c);
	cr_assert_eq(a, b);
	check_fill(b, 200, 0);
}

Test(slab, empty_slabs_go_back_to_the_page_allocator)
{
	struct kmem_cache *c = kmem_cache_create("empty", 64, 0);
	size_t baseline = buddy_free_pages(), i;
	/* Five slabs' worth (the debug build's slots are bigger). */
	size_t N = 5 * stats_of("empty").objs_per_slab;
	void *objs[5 * 4096 / 64];

	cr_assert_leq(N, ARRAY_SIZE(objs));
	cr_assert_eq(stats_of("empty").pages, 0);
	for (i = 0; i < N; i++)
		objs[i] = kmem_cache_alloc(c);
	cr_assert_eq(buddy_free_pages(), baseline - 5);
	cr_assert_eq(stats_of("empty").slabs, 5);
	for (i = 0; i < N; i++)
		kmem_cache_free(c, objs[i]);
	cr_assert_eq(buddy_free_pages(), baseline - 1, "one empty slab is kept");
	cr_assert_eq(stats_of("empty").slabs, 1);
	kmem_cache_shrink(c);
	cr_assert_eq(buddy_free_pages(), baseline, "shrink returns the kept slab");
	cr_assert_eq(stats_of("empty").slabs, 0);
	cr_assert_not_null(kmem_cache_alloc(c), "the cache still works after a shrink");
}

Test(slab, the_kept_empty_slab_serves_the_next_allocation)
{
	struct kmem_cache *c = kmem_cache_create("spare", 64, 0);
	void *a = kmem_cache_alloc(c);
	size_t baseline;

	kmem_cache_free(c, a);
	baseline = buddy_free_pages();
	cr_assert_eq(kmem_cache_alloc(c), a);
	cr_assert_eq(buddy_free_pages(), baseline, "no new page taken");
}

Test(slab, objects_bigger_than_a_page_use_multipage_slabs)
{
	enum { N = 40, SIZE = 3000 };
	struct kmem_cache *c = kmem_cache_create("big", SIZE, 0);
	size_t baseline = buddy_free_pages(), i;
	struct kmem_cache_stats st;
	void *objs[N];

	for (i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(c);
		fill(objs[i], SIZE, (unsigned char)i);
	}
	st = stats_of("big");
	cr_assert_gt(st.pages, st.slabs, "slabs span several pages");
	cr_assert_eq(baseline - buddy_free_pages(), st.pages);
	for (i = 0; i < N; i++)
		check_fill(objs[i], SIZE, (unsigned char)i);
	/* Objects starting in a slab's later pages free through kfree too. */
	for (i = 0; i < N; i++)
		kfree(objs[i]);
	kmem_cache_shrink(c);
	cr_assert_eq(buddy_free_pages(), baseline);
}

Test(slab, destroying_a_cache_returns_its_pages)
{
	size_t baseline, i;
	struct kmem_cache *c;
	void *objs[100];

	c = kmem_cache_create("gone", 128, 0);
	baseline = buddy_free_pages();
	for (i = 0; i < 100; i++)
		objs[i] = kmem_cache_alloc(c);
	for (i = 0; i < 100; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
	cr_assert_eq(buddy_free_pages(), baseline);
	cr_assert_eq(total_inuse(), 0);
	cr_assert_eq(stats_of("kmem_cache").inuse, 0);
}

Test(slab, cache_names_are_copied_and_truncated)
{
	char name[64], expected[KMEM_CACHE_NAME_MAX];
	struct kmem_cache *c;

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	c = kmem_cache_create(name, 32, 0);
	memset(name, 'y', sizeof(name) - 1);
	memset(expected, 'x', sizeof(expected) - 1);
	expected[sizeof(expected) - 1] = '\0';
	cr_assert_eq(stats_of(expected).obj_size, 32);
	kmem_cache_destroy(c);
}

Test(slab, every_cache_is_listed_with_its_counts)
{
	struct kmem_cache *c = kmem_cache_create("listed", 48, 16);
	void *a = kmem_cache_alloc(c), *b = kmem_cache_alloc(c);
	void *k = kmalloc(100), *big = kmalloc(3 * PAGE_SIZE);
	struct kmem_cache_stats st;
	char name[32];
	size_t size;

	for (size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		snprintf(name, sizeof(name), "kmalloc-%zu", size);
		cr_assert_eq(stats_of(name).obj_size, size);
	}
	st = stats_of("listed");
	cr_assert_eq(st.obj_size, 48);
	cr_assert_eq(st.inuse, 2);
	cr_assert_eq(stats_of("kmalloc-128").inuse, 1);
	cr_assert_eq(stats_of("kmem_cache").inuse, 1);
	st = stats_of("kmalloc-large");
	cr_assert_eq(st.inuse, 1);
	cr_assert_eq(st.pages, 4);
	cr_assert_eq(total_inuse(), 2 + 1 + 1 + 1);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kfree(k);
	kfree(big);
	cr_assert_eq(total_inuse(), 1, "only the cache itself");
}

Test(slab, freeing_null_does_nothing)
{
	struct kmem_cache *c = kmem_cache_create("null", 32, 0);

	kmem_cache_free(c, NULL);
	cr_assert_eq(kmem_cache_inuse(c), 0);
}

/* ---- kmalloc ---------------------------------------------------------------- */

Test(kmalloc, every_size_class_is_served_and_naturally_aligned)
{
	size_t size;

	for (size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		size_t asks[] = { size / 2 + 1, size - 1, size };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(asks); i++) {
			char name[32];
			void *p;

			snprintf(name, sizeof(name), "kmalloc-%zu", size);
			p = kmalloc(asks[i]);
			cr_assert_not_null(p);
			cr_assert_eq((uintptr_t)p % size, 0, "kmalloc(%zu) = %p", asks[i], p);
			cr_assert_eq(stats_of(name).inuse, 1, "kmalloc(%zu) comes from %s",
				     asks[i], name);
			fill(p, asks[i], 0x3c);
			kfree(p);
			cr_assert_eq(stats_of(name).inuse, 0);
		}
	}
}

Test(kmalloc, tiny_sizes_use_the_smallest_class)
{
	void *a = kmalloc(1), *b = kmalloc(8), *c = kmalloc(16);

	cr_assert_eq(stats_of("kmalloc-16").inuse, 3);
	kfree(a);
	kfree(b);
	kfree(c);
}

Test(kmalloc, zero_bytes_gives_a_unique_freeable_pointer)
{
	void *a = kmalloc(0), *b = kmalloc(0);

	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_assert_neq(a, b);
	cr_assert_eq(stats_of("kmalloc-16").inuse, 2);
	kfree(a);
	kfree(b);
	cr_assert_eq(total_inuse(), 0);
}

Test(kmalloc, large_sizes_take_whole_blocks_from_the_buddy)
{
	static const size_t sizes[] = { KMALLOC_MAX_CACHE_SIZE + 1, PAGE_SIZE, PAGE_SIZE + 1,
					5 * PAGE_SIZE, 1 << 20, KMALLOC_MAX_SIZE };
	size_t baseline = buddy_free_pages(), i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t pages = 1;
		void *p;

		while (pages * PAGE_SIZE < sizes[i])
			pages *= 2;
		p = kmalloc(sizes[i]);
		cr_assert_not_null(p, "kmalloc(%zu)", sizes[i]);
		cr_assert_eq((uintptr_t)p % PAGE_SIZE, 0);
		cr_assert_eq(buddy_free_pages(), baseline - pages, "kmalloc(%zu)", sizes[i]);
		cr_assert_eq(stats_of("kmalloc-large").pages, pages);
		fill(p, sizes[i], 0x77);
		kfree(p);
		cr_assert_eq(buddy_free_pages(), baseline);
		cr_assert_eq(stats_of("kmalloc-large").inuse, 0);
	}
}

Test(kmalloc, sizes_beyond_the_largest_block_return_null)
{
	size_t baseline = buddy_free_pages();

	cr_assert_null(kmalloc(KMALLOC_MAX_SIZE + 1));
	cr_assert_null(kmalloc(SIZE_MAX));
	cr_assert_null(kzalloc(SIZE_MAX / 2));
	cr_assert_eq(buddy_free_pages(), baseline);
}

Test(kmalloc, kzalloc_zeroes_small_and_large_objects)
{
	static const size_t sizes[] = { 24, 1000, 2048, 10000 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p = kmalloc(sizes[i]), *q;

		fill(p, sizes[i], 0xdd);
		kfree(p);
		q = kzalloc(sizes[i]);
		cr_assert_eq(q, p, "the dirty memory comes back");
		check_fill(q, sizes[i], 0);
		kfree(q);
	}
}

Test(kmalloc, kfree_of_null_does_nothing)
{
	size_t baseline = buddy_free_pages();

	kfree(NULL);
	cr_assert_eq(buddy_free_pages(), baseline);
	cr_assert_eq(total_inuse(), 0);
}

Test(kmalloc, works_with_no_init_call_and_no_created_cache)
{
	char *s = kmalloc(6);

	memcpy(s, "tern!", 6);
	cr_assert_str_eq(s, "tern!");
	kfree(s);
}

/* ---- when the page allocator fails -------------------------------------------- */

Test(kmalloc, every_allocation_returns_null_when_pages_run_out)
{
	size_t per = stats_of("kmalloc-2048").objs_per_slab, taken, i;
	void *keep = kmalloc(2048), *other = NULL;

	fill(keep, 2048, 0x11);
	/* Fill the slab (two objects; more in the debug build), free one. */
	for (i = 1; i < per; i++)
		other = kmalloc(2048);
	kfree(other);
	/* kmalloc-2048 still has one free object in its slab. */
	taken = fake_ram_exhaust();
	cr_assert_gt(taken, 0);
	other = kmalloc(2048);
	cr_assert_not_null(other, "a partial slab still serves objects");
	cr_assert_null(kmalloc(2048), "the slab is full and no page is left");
	cr_assert_null(kmalloc(1));
	cr_assert_null(kzalloc(100));
	cr_assert_null(kmalloc(3 * PAGE_SIZE));
	cr_assert_null(kmem_cache_create("none", 64, 0));
	check_fill(keep, 2048, 0x11);
	cr_assert_eq(stats_of("kmalloc-2048").inuse, per);
	cr_assert_eq(stats_of("kmalloc-16").inuse, 0, "a failure leaves no trace");
	cr_assert_eq(stats_of("kmalloc-large").inuse, 0);

	fake_ram_release();
	cr_assert_not_null(kmalloc(1), "allocations work again");
	cr_assert_not_null(kmem_cache_create("again", 64, 0));
	check_fill(keep, 2048, 0x11);
}

Test(slab, a_cache_fails_cleanly_and_recovers_when_pages_return)
{
	struct kmem_cache *c = kmem_cache_create("fail", 512, 0);
	size_t n = 0, i;
	void **objs = calloc(RAM_BYTES / 512, sizeof(*objs));

	/* Exhaust RAM through the cache itself. */
	while ((objs[n] = kmem_cache_alloc(c)) != NULL) {
		fill(objs[n], 512, (unsigned char)n);
		n++;
	}
	cr_assert_eq(buddy_free_pages(), 0);
	cr_assert_eq(kmem_cache_inuse(c), n);
	cr_assert_null(kmem_cache_alloc(c), "still no memory");
	for (i = 0; i < n; i++)
		check_fill(objs[i], 512, (unsigned char)i);
	for (i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_shrink(c);
	cr_assert_eq(kmem_cache_inuse(c), 0);
	cr_assert_gt(buddy_free_pages(), 0);
	cr_assert_not_null(kmem_cache_alloc(c));
	free(objs);
}

/* ---- kernel bugs that must panic ---------------------------------------------- */

Test(kmalloc, kfree_of_an_interior_pointer_panics, .signal = SIGABRT)
{
	char *p = kmalloc(64);

	kfree(p + 8);
}

Test(kmalloc, kfree_inside_the_first_page_of_a_large_block_panics, .signal = SIGABRT)
{
	char *p = kmalloc(3 * PAGE_SIZE);

	kfree(p + 16);
}

Test(kmalloc, kfree_inside_a_later_page_of_a_large_block_panics, .signal = SIGABRT)
{
	char *p = kmalloc(3 * PAGE_SIZE);

	kfree(p + PAGE_SIZE);
}

Test(kmalloc, kfree_twice_panics, .signal = SIGABRT)
{
	void *p = kmalloc(64), *other = kmalloc(64);

	/* other keeps the slab in use, so only the free-list check can tell. */
	cr_assert_not_null(other);
	kfree(p);
	kfree(p);
}

Test(kmalloc, kfree_of_a_large_block_twice_panics, .signal = SIGABRT)
{
	void *p = kmalloc(2 * PAGE_SIZE);

	kfree(p);
	kfree(p);
}

Test(kmalloc, kfree_of_a_page_from_page_alloc_panics, .signal = SIGABRT)
{
	kfree(page_alloc_kva(0, GFP_KERNEL));
}

Test(kmalloc, kfree_of_memory_outside_ram_panics, .signal = SIGABRT)
{
	static char not_heap[64];

	kfree(not_heap);
}

Test(slab, freeing_to_the_wrong_cache_panics, .signal = SIGABRT)
{
	struct kmem_cache *a = kmem_cache_create("a", 64, 0);
	struct kmem_cache *b = kmem_cache_create("b", 64, 0);

	kmem_cache_free(b, kmem_cache_alloc(a));
}

Test(slab, freeing_the_last_object_of_a_slab_twice_panics, .signal = SIGABRT)
{
	struct kmem_cache *c = kmem_cache_create("twice", 64, 0);
	void *a = kmem_cache_alloc(c);

	kmem_cache_free(c, a);
	kmem_cache_free(c, a);
}

Test(slab, destroying_a_cache_with_live_objects_panics, .signal = SIGABRT)
{
	struct kmem_cache *c = kmem_cache_create("live", 64, 0);

	cr_assert_not_null(kmem_cache_alloc(c));
	kmem_cache_destroy(c);
}

Test(slab, creating_a_cache_with_a_bad_alignment_panics, .signal = SIGABRT)
{
	cr_assert_not_null(kmem_cache_create("align", 64, 24));
}

Test(slab, creating_a_cache_of_empty_objects_panics, .signal = SIGABRT)
{
	cr_assert_not_null(kmem_cache_create("empty", 0, 0));
}

/* ---- randomized stress against a model ---------------------------------------- */

struct live_obj {
	void *ptr;
	size_t size;
	struct kmem_cache *cache;	/* NULL: from kmalloc */
	unsigned char tag;
};

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t
rng_next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random request: mostly small kmalloc, some cache objects, a few large. */
static struct live_obj
random_alloc(struct kmem_cache *const caches[2], const size_t cache_sizes[2])
{
	struct live_obj o = { .tag = (unsigned char)rng_next() };
	unsigned kind = rng_next() % 100;

	if (kind < 20) {
		unsigned k = rng_next() % 2;

		o.cache = caches[k];
		o.size = cache_sizes[k];
		o.ptr = kmem_cache_alloc(o.cache);
		return o;
	}
	o.size = kind < 95 ? rng_next() % (KMALLOC_MAX_CACHE_SIZE + 1)
			   : KMALLOC_MAX_CACHE_SIZE + 1 + rng_next() % (32 * 1024);
	o.ptr = kmalloc(o.size);
	return o;
}

static void
random_free(struct live_obj *live, size_t *nlive)
{
	size_t k = rng_next() % *nlive;
	struct live_obj o = live[k];

	check_fill(o.ptr, o.size, o.tag);
	if (o.cache)
		kmem_cache_free(o.cache, o.ptr);
	else
		kfree(o.ptr);
	live[k] = live[--*nlive];
}

Test(slab, random_allocations_and_frees_match_a_model)
{
	enum { OPS = 30000, MAX_LIVE = 4000 };
	struct kmem_cache *caches[2] = { kmem_cache_create("s72", 72, 8),
					 kmem_cache_create("s700", 700, 32) };
	const size_t cache_sizes[2] = { 72, 700 };
	struct live_obj *live = calloc(MAX_LIVE, sizeof(*live));
	size_t nlive = 0, baseline = buddy_free_pages(), nfail = 0;
	int op;

	for (op = 0; op < OPS; op++) {
		if (nlive < MAX_LIVE && (nlive == 0 || rng_next() % 100 < 55)) {
			struct live_obj o = random_alloc(caches, cache_sizes);

			if (!o.ptr) {
				nfail++;
				continue;
			}
			fill(o.ptr, o.size, o.tag);
			live[nlive++] = o;
		} else {
			random_free(live, &nlive);
		}
		cr_assert_eq(total_inuse(), nlive + 2, "op %d", op);
	}
	cr_assert_eq(nfail, 0, "16 MiB of RAM is enough for this load");
	while (nlive > 0)
		random_free(live, &nlive);
	cr_assert_eq(total_inuse(), 2, "only the two caches themselves");
	kmem_cache_shrink_all();
	cr_assert_eq(buddy_free_pages(), baseline, "every slab went back");
	free(live);
}

Test(slab, random_load_under_memory_pressure_never_corrupts)
{
	enum { OPS = 20000, MAX_LIVE = 20000 };
	struct kmem_cache *caches[2] = { kmem_cache_create("p72", 72, 8),
					 kmem_cache_create("p700", 700, 32) };
	const size_t cache_sizes[2] = { 72, 700 };
	struct live_obj *live = calloc(MAX_LIVE, sizeof(*live));
	size_t nlive = 0, baseline = buddy_free_pages(), nfail = 0;
	int op;

	/* Mostly allocations: RAM runs out and allocations must fail cleanly. */
	for (op = 0; op < OPS; op++) {
		if (nlive < MAX_LIVE && (nlive == 0 || rng_next() % 100 < 80)) {
			struct live_obj o = random_alloc(caches, cache_sizes);

			if (!o.ptr) {
				nfail++;
				continue;
			}
			fill(o.ptr, o.size, o.tag);
			live[nlive++] = o;
		} else {
			random_free(live, &nlive);
		}
	}
	cr_assert_gt(nfail, 0, "the load did exhaust RAM");
	cr_assert_eq(total_inuse(), nlive + 2);
	while (nlive > 0)
		random_free(live, &nlive);
	kmem_cache_shrink_all();
	cr_assert_eq(buddy_free_pages(), baseline);
	free(live);
}
