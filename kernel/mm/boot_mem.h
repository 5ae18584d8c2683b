/*
 * Boot-time memory: which physical ranges are free once firmware, the
 * kernel image, the device tree and the initrd are set aside, and the
 * hand-over of that memory to the buddy allocator.
 */
#pragma once

#include <types.h>

#define BOOT_MEM_MAX_RANGES 64

struct mem_range {
	paddr_t start;
	paddr_t end; /* exclusive */
};

struct boot_mem {
	struct mem_range ram[BOOT_MEM_MAX_RANGES];
	unsigned nram;
	struct mem_range reserved[BOOT_MEM_MAX_RANGES];
	unsigned nreserved;
};

void boot_mem_add_ram(struct boot_mem *bm, paddr_t start, paddr_t end);
void boot_mem_reserve(struct boot_mem *bm, paddr_t start, paddr_t end);

/*
 * Set up the buddy allocator over all RAM: place its memmap in free
 * memory, then free every page not reserved. Returns 0, or -ENOMEM if
 * the memmap fits nowhere. Boot hart only.
 */
int boot_mem_init_buddy(struct boot_mem *bm);
