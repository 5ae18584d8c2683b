/*
 * Unit tests of the debug build's memory checks (kernel/mm/debug.c and
 * the debug paths of buddy.c and slab.c), compiled with -DTERN_DEBUG
 * into test_mm_debug together with the buddy and slab tests, which must
 * hold in the debug build too.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fakes/fake_mm_ram.h"
#include "fakes/fake_panic.h"
#include "mm/buddy.h"
#include "mm/debug.h"
#include "mm/page.h"
#include "mm/slab.h"

#define RAM_BYTES (4 * (PAGE_SIZE << BUDDY_MAX_ORDER))

static void
setup(void)
{
	fake_ram_init(RAM_BYTES);
}

TestSuite(page_poison, .init = setup);
TestSuite(redzone, .init = setup);

_Static_assert(MM_DEBUG, "test_mm_debug must be built with -DTERN_DEBUG");

/* Take order-0 pages until p comes back (or memory runs out). */
static void
alloc_until(void *arg)
{
	struct page *p = arg, *q;

	while ((q = page_alloc(0, GFP_KERNEL)) && q != p)
		;
}

static void
assert_matches(const char *msg, const char *want)
{
	cr_assert_not_null(msg, "no panic");
	cr_assert_not_null(strstr(msg, want), "panic \"%s\" does not say \"%s\"", msg, want);
}

Test(page_poison, a_freed_page_is_filled_with_the_poison)
{
	struct page *p = page_alloc(1, GFP_ZERO);
	const uint8_t *b = page_to_kva(p);

	page_free(p, 1);
	for (size_t i = 0; i < 2 * PAGE_SIZE; i++)
		cr_assert_eq(b[i], PAGE_POISON, "byte %zu is %#x", i, b[i]);
}

Test(page_poison, a_write_to_a_freed_page_panics_when_it_is_handed_out_again)
{
	struct page *p = page_alloc(0, GFP_KERNEL);
	char want[64];

	page_free(p, 0);
	((uint8_t *)page_to_kva(p))[0x7ff] = 0x5a;
	snprintf(want, sizeof(want), "pa 0x%lx was written after it was freed", page_to_pa(p));
	const char *msg = fake_panic_run(alloc_until, p);
	assert_matches(msg, want);
	assert_matches(msg, "byte +0x7ff is 0x5a, not 0xaa");
	assert_matches(msg, "last allocated by 0x");
	assert_matches(msg, ", freed by 0x");
}

Test(page_poison, a_write_to_one_page_of_a_freed_block_is_found_in_that_page)
{
	struct page *p = page_alloc(2, GFP_KERNEL);
	char want[64];

	page_free(p, 2);
	((uint8_t *)page_to_kva(p + 3))[8] = 0;
	snprintf(want, sizeof(want), "pa 0x%lx was", page_to_pa(p + 3));
	assert_matches(fake_panic_run(alloc_until, p + 3), want);
}

Test(page_poison, untouched_pages_come_back_and_gfp_zero_still_zeroes)
{
	struct page *p = page_alloc(3, GFP_KERNEL), *q;
	const uint8_t *b;

	page_free(p, 3);
	q = page_alloc(3, GFP_ZERO);
	b = page_to_kva(q);
	for (size_t i = 0; i < (PAGE_SIZE << 3); i++)
		cr_assert_eq(b[i], 0);
	page_free(q, 3);
}

Test(page_poison, the_last_put_poisons_the_page_too)
{
	struct page *p = page_alloc(0, GFP_ZERO);

	page_get(p);
	page_put(p);
	cr_assert_eq(*(uint8_t *)page_to_kva(p), 0);
	page_put(p);
	cr_assert_eq(*(uint8_t *)page_to_kva(p), PAGE_POISON);
}

Test(page_poison, pages_never_freed_since_boot_are_not_checked)
{
	/* Fresh RAM holds whatever malloc left there: no false alarm. */
	size_t n = buddy_free_pages();

	for (size_t i = 0; i < n; i++)
		cr_assert_not_null(page_alloc(0, GFP_KERNEL));
}

/* ---- slab red zones and poisoning ------------------------------------------ */

static void
free_it(void *obj)
{
	kfree(obj);
}

static void
kmalloc_again(void *arg)
{
	size_t size = (size_t)(uintptr_t)arg;

	cr_assert_not_null(kmalloc(size));
}

Test(redzone, an_overrun_by_one_byte_panics_when_the_object_is_freed)
{
	uint8_t *obj = kmalloc(64);

	obj[64] = 1;
	const char *msg = fake_panic_run(free_it, obj);
	assert_matches(msg, "slab kmalloc-64: object 0x");
	assert_matches(msg, "(64 bytes) overrun: red zone after it changed: byte +0x40 is 0x01, "
			    "not 0xcc; last allocated by 0x");
	assert_matches(msg, "freed by nobody");
}

Test(redzone, bytes_past_the_size_asked_for_are_red_zone_too)
{
	uint8_t *obj = kmalloc(50);

	memset(obj, 0x11, 50);
	obj[50] = 0x11;
	assert_matches(fake_panic_run(free_it, obj), "byte +0x32 is 0x11, not 0xcc");
}

Test(redzone, an_underrun_panics_when_the_object_is_freed)
{
	uint8_t *obj = kmalloc(32);

	obj[-1] = 0;
	assert_matches(fake_panic_run(free_it, obj), "underrun: red zone before it changed: "
						     "byte -0x1 is 0x00, not 0xcc");
}

Test(redzone, a_write_to_a_freed_object_panics_at_its_next_allocation)
{
	uint8_t *obj = kmalloc(128);
	const char *msg;

	kfree(obj);
	obj[100] = 7;
	msg = fake_panic_run(kmalloc_again, (void *)(uintptr_t)128);
	assert_matches(msg, "slab kmalloc-128: object");
	assert_matches(msg, "written after it was freed: byte +0x64 is 0x07, not 0x6b");
	assert_matches(msg, "freed by 0x");
}

Test(redzone, freeing_an_object_twice_says_so)
{
	void *obj = kmalloc(256);

	kfree(obj);
	assert_matches(fake_panic_run(free_it, obj), "kmalloc-256: object");
	assert_matches(fake_panic_message, "freed twice");
}

Test(redzone, a_new_object_holds_the_poison_until_written)
{
	struct kmem_cache *c = kmem_cache_create("poisoned", 24, 8);
	uint8_t *obj = kmem_cache_alloc(c);

	for (size_t i = 0; i < 24; i++)
		cr_assert_eq(obj[i], SLAB_POISON_FREE);
	kmem_cache_free(c, obj);
	kmem_cache_destroy(c);
}

Test(redzone, writes_that_stay_inside_are_fine_in_every_kmalloc_class)
{
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size = size * 2 + 1) {
		uint8_t *obj = kmalloc(size);

		memset(obj, 0x5a, size);
		kfree(obj);
		obj = kzalloc(size);
		for (size_t i = 0; i < size; i++)
			cr_assert_eq(obj[i], 0);
		kfree(obj);
	}
}
