/*
 * Kernel stacks: KSTACK_SIZE bytes each in its own KSTACK_SLOT-sized
 * slot of the kernel-stack region, above an unmapped guard, so an
 * overflow faults instead of corrupting the neighbour.
 */
#pragma once

#include <types.h>

/* Map a stack; returns the slot base (stack = upper half) or 0. */
vaddr_t kstack_alloc(void);
void kstack_free(vaddr_t slot);
/* Pages held by freed stacks kept for reuse. */
size_t kstack_cached_pages(void);
/* Top of the stack of a slot (the initial sp, 16-byte aligned). */
vaddr_t kstack_top(vaddr_t slot);
