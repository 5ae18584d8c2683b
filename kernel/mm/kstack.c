/*
 * Kernel-stack slots. Freed slots keep their pages mapped and go on a
 * free list for reuse, so freeing never needs a TLB shootdown; the list
 * holds at most as many stacks as were ever live at once.
 */
#include "arch/riscv/memlayout.h"
#include "arch/riscv/mmu.h"
#include "mm/buddy.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "proc/spinlock.h"

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack"); /* the two below */
static vaddr_t next_slot = KSTACK_REGION;		      /* [kstack_lock] never used yet */
/* Free slots, linked through their top word (still mapped). */
static vaddr_t free_head;
static size_t nr_cached; /* [kstack_lock] slots on the list */ /* [kstack_lock] */

static vaddr_t *
link_word(vaddr_t slot)
{
	return (vaddr_t *)(slot + KSTACK_SLOT - sizeof(vaddr_t));
}

vaddr_t
kstack_top(vaddr_t slot)
{
	return slot + KSTACK_SLOT;
}

static int
map_slot(vaddr_t slot)
{
	for (vaddr_t va = slot + KSTACK_SLOT - KSTACK_SIZE; va < slot + KSTACK_SLOT;
	     va += PAGE_SIZE) {
		struct page *p = page_alloc(0, 0);

		if (!p || arch_kmap_page(va, page_to_pa(p)) < 0) {
			if (p)
				page_free(p, 0);
			return -1;
		}
	}
	return 0;
}

vaddr_t
kstack_alloc(void)
{
	vaddr_t slot = 0;

	spin_lock(&kstack_lock);
	if (free_head) {
		slot = free_head;
		free_head = *link_word(slot);
		nr_cached--;
	}
	spin_unlock(&kstack_lock);
	if (slot)
		return slot;
	spin_lock(&kstack_lock);
	if (next_slot < KSTACK_REGION + KSTACK_REGION_SIZE) {
		slot = next_slot;
		next_slot += KSTACK_SLOT;
	}
	spin_unlock(&kstack_lock);
	if (!slot || map_slot(slot) < 0) {
		/* A half-mapped slot stays unused; its pages are mapped for good. */
		return 0;
	}
	return slot;
}

void
kstack_free(vaddr_t slot)
{
	spin_lock(&kstack_lock);
	*link_word(slot) = free_head;
	free_head = slot;
	nr_cached++;
	spin_unlock(&kstack_lock);
}

size_t
kstack_cached_pages(void)
{
	size_t n;

	spin_lock(&kstack_lock);
	n = nr_cached;
	spin_unlock(&kstack_lock);
	return n * (KSTACK_SIZE / PAGE_SIZE);
}
