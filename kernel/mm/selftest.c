/*
 * Boot self-tests of the memory debugging (selftest=NAME on a kernel
 * built with DEBUG=1): each breaks an allocator rule on purpose, and the
 * debug checks must catch it, panicking with the page or object, the
 * first bad byte and its last owner (these functions, symbolized).
 * tests/system/test_debug.py boots them.
 */
#include <asm-generic/errno.h>

#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/debug.h"
#include "mm/page.h"
#include "mm/slab.h"

/* Where the test writes into the freed page. */
#define PAGE_POISON_OFFSET 0x123

/* Free a page, write into it, then take pages until it comes back: the
 * poison check must panic when it is handed out. */
static __attribute__((noinline)) int
selftest_page_poison(void)
{
	struct page *p = page_alloc(0, GFP_KERNEL), *q, *held = NULL;

	if (!p)
		return -ENOMEM;
	page_free(p, 0);
	((volatile uint8_t *)page_to_kva(p))[PAGE_POISON_OFFSET] = 0x5a;
	/* The pages taken meanwhile are chained through their first word. */
	while ((q = page_alloc(0, GFP_KERNEL)) && q != p) {
		*(struct page **)page_to_kva(q) = held;
		held = q;
	}
	if (q)
		page_free(q, 0);
	while (held) {
		q = held;
		held = *(struct page **)page_to_kva(q);
		page_free(q, 0);
	}
	return 0;
}

/* Write one byte past a 64-byte kmalloc object: kfree must panic. */
static __attribute__((noinline)) int
selftest_slab_redzone(void)
{
	volatile char *obj = kmalloc(64);

	if (!obj)
		return -ENOMEM;
	obj[64] = 0x5a;
	kfree((const void *)obj);
	return 0;
}

/* Write to a freed object of a cache of its own; the next allocation
 * gets the same object back, and its poison check must panic. */
static __attribute__((noinline)) int
selftest_slab_poison(void)
{
	struct kmem_cache *c = kmem_cache_create("selftest-obj", 40, 8);
	volatile char *obj;
	void *again;

	if (!c)
		return -ENOMEM;
	obj = kmem_cache_alloc(c);
	if (!obj) {
		kmem_cache_destroy(c);
		return -ENOMEM;
	}
	kmem_cache_free(c, (void *)obj);
	obj[8] = 0x5a;
	again = kmem_cache_alloc(c);
	kmem_cache_free(c, again);
	kmem_cache_destroy(c);
	return 0;
}

int
mm_run_selftest(const char *name)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} tests[] = {
		{ "page_poison", selftest_page_poison },
		{ "slab_redzone", selftest_slab_redzone },
		{ "slab_poison", selftest_slab_poison },
	};

	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		if (strcmp(name, tests[i].name))
			continue;
		/* Without the checks the damage would go unnoticed: do not do it. */
		return MM_DEBUG ? tests[i].run() : -EOPNOTSUPP;
	}
	return -ENOENT;
}
