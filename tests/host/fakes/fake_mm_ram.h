/*
 * Host stand-in for the machine's RAM, for tests that need the real page
 * allocator: a malloc'd arena, aligned to the largest buddy block, that
 * "physical" addresses from FAKE_RAM_BASE map onto through
 * direct_map_offset. Link with kernel/mm/buddy.c.
 */
#pragma once

#include <types.h>

#include "mm/buddy.h"

/* Where the fake RAM starts, as on QEMU virt. */
#define FAKE_RAM_BASE	0x80000000UL

/*
 * Make bytes (a multiple of 4 MiB) of fake RAM at FAKE_RAM_BASE, set
 * direct_map_offset and buddy_init() over it with a malloc'd memmap.
 * Every frame is reserved: hand ranges over with buddy_free_range().
 */
void fake_ram_create(size_t bytes);

/* fake_ram_create(), then hand all of it to the allocator. */
void fake_ram_init(size_t bytes);

/* Physical end of the fake RAM (start is FAKE_RAM_BASE). */
paddr_t fake_ram_end(void);

/*
 * Allocate every free page, so the page allocator fails from now on.
 * Returns how many pages were taken; fake_ram_release() gives them back.
 */
size_t fake_ram_exhaust(void);
void fake_ram_release(void);
