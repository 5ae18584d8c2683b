/*
 * Host stand-in for the machine's RAM; see fake_mm_ram.h. The arena and
 * memmap stay reachable from statics until the test process exits.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fakes/fake_mm_ram.h"
#include "mm/page.h"

static void *arena;
static struct page *fake_memmap;
static paddr_t ram_end;
/* A block taken by fake_ram_exhaust(); the header lives in the block. */
struct held_block {
	struct held_block *next;
	unsigned order;
};

static struct held_block *held;

void
fake_ram_create(size_t bytes)
{
	size_t block = PAGE_SIZE << BUDDY_MAX_ORDER;

	if (bytes == 0 || bytes % block != 0) {
		fprintf(stderr, "fake_ram_create: %zu is not a multiple of %zu\n", bytes, block);
		abort();
	}
	/* A second call replaces the first RAM. */
	free(arena);
	free(fake_memmap);
	arena = aligned_alloc(block, bytes);
	fake_memmap = malloc(buddy_memmap_bytes(FAKE_RAM_BASE, FAKE_RAM_BASE + bytes));
	if (!arena || !fake_memmap)
		abort();
	ram_end = FAKE_RAM_BASE + bytes;
	direct_map_offset = (uintptr_t)arena - FAKE_RAM_BASE;
	buddy_init(FAKE_RAM_BASE, ram_end, fake_memmap);
	held = NULL;
}

void
fake_ram_init(size_t bytes)
{
	fake_ram_create(bytes);
	buddy_free_range(FAKE_RAM_BASE, ram_end);
}

paddr_t
fake_ram_end(void)
{
	return ram_end;
}

size_t
fake_ram_exhaust(void)
{
	size_t taken = 0;
	int order;

	for (order = BUDDY_MAX_ORDER; order >= 0; order--) {
		struct held_block *b;

		while ((b = page_alloc_kva((unsigned)order, GFP_KERNEL)) != NULL) {
			b->next = held;
			b->order = (unsigned)order;
			held = b;
			taken += 1UL << order;
		}
	}
	return taken;
}

void
fake_ram_release(void)
{
	while (held) {
		struct held_block *b = held;

		held = b->next;
		page_free_kva(b, b->order);
	}
}
