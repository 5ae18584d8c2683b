/*
 * Running the real allocators out of memory (tests/host/fakes/fake_mem.c,
 * link with kernel/mm/slab.c and fake_mm_ram.c): every free page and every
 * free object of each kmalloc class is taken, so the next allocation
 * anywhere fails; one object can be given back to let exactly one
 * allocation of its class succeed.
 */
#pragma once

#include <stddef.h>

void fake_mem_exhaust(void);
/* After fake_mem_exhaust(): give back one object of the kmalloc class that
 * serves size bytes (panics if it holds none). */
void fake_mem_spare(size_t size);
/* Give everything back. */
void fake_mem_release(void);
