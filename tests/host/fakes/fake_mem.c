/*
 * Running the real page and slab allocators out of memory; see
 * fake_mem.h. Objects are held on one list per kmalloc class
 * (KMALLOC_MIN_SIZE << i), linked through their first word.
 */
#include <kassert.h>

#include "fakes/fake_mem.h"
#include "fakes/fake_mm_ram.h"
#include "mm/slab.h"

#define NCLASSES 8
_Static_assert((KMALLOC_MIN_SIZE << (NCLASSES - 1)) == KMALLOC_MAX_CACHE_SIZE, "classes");

static void *held[NCLASSES];

static void
hold(int i, void **obj)
{
	*obj = held[i];
	held[i] = obj;
}

void
fake_mem_exhaust(void)
{
	void **obj;

	/* One object of each class first, so that each holds one that
	 * fake_mem_spare() can give back. */
	for (int i = 0; i < NCLASSES; i++) {
		obj = kmalloc(KMALLOC_MIN_SIZE << i);
		KASSERT(obj);
		hold(i, obj);
	}
	fake_ram_exhaust();
	for (int i = 0; i < NCLASSES; i++)
		while ((obj = kmalloc(KMALLOC_MIN_SIZE << i)) != NULL)
			hold(i, obj);
}

void
fake_mem_spare(size_t size)
{
	for (int i = 0; i < NCLASSES; i++) {
		void **obj = held[i];

		if ((size_t)(KMALLOC_MIN_SIZE << i) < size)
			continue;
		if (!obj)
			panic("fake_mem_spare: no object of %zu bytes held", size);
		held[i] = *obj;
		kfree(obj);
		return;
	}
	panic("fake_mem_spare: %zu bytes is past the kmalloc classes", size);
}

void
fake_mem_release(void)
{
	for (int i = 0; i < NCLASSES; i++) {
		while (held[i]) {
			void **obj = held[i];

			held[i] = *obj;
			kfree(obj);
		}
	}
	fake_ram_release();
}
