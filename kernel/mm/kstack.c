/*
 * Kernel-stack slots. A few freed stacks stay mapped for quick reuse (as
 * Linux caches two per CPU); beyond that a freed stack is unmapped, every
 * hart's TLB is flushed of it, and its pages go back to the allocator.
 * A bitmap tracks which slots hold a live or cached stack.
 */
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include "mm/buddy.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "mm/tlb.h"
#include "sched/cpu.h"
#include "locking/spinlock.h"

#define NR_SLOTS       (KSTACK_REGION_SIZE / KSTACK_SLOT)
#define CACHE_PER_HART 2

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack"); /* the three below */
static uint64_t slot_used[NR_SLOTS / 64];		      /* [kstack_lock] live or cached */
/* Cached free stacks, linked through their top word (still mapped). */
static vaddr_t free_head; /* [kstack_lock] */
static size_t nr_cached;  /* [kstack_lock] */

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

static vaddr_t
stack_base(vaddr_t slot)
{
	return slot + KSTACK_SLOT - KSTACK_SIZE;
}

#define STACK_PAGES (KSTACK_SIZE / PAGE_SIZE)

/* Unmap the stack's pages below upto; their addresses go to pa[]. */
static void
unmap_slot(vaddr_t slot, vaddr_t upto, paddr_t pa[STACK_PAGES])
{
	size_t i = 0;

	for (vaddr_t va = stack_base(slot); va < upto; va += PAGE_SIZE, i++) {
		pa[i] = arch_kmap_lookup(va);
		arch_kunmap_page(va);
	}
}

static void
free_pages_of(const paddr_t pa[STACK_PAGES], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pa[i])
			page_free(pa_to_page(pa[i]), 0);
}

static int
map_slot(vaddr_t slot)
{
	for (vaddr_t va = stack_base(slot); va < slot + KSTACK_SLOT; va += PAGE_SIZE) {
		struct page *p = page_alloc(0, 0);

		if (!p || arch_kmap_page(va, page_to_pa(p)) < 0) {
			paddr_t pa[STACK_PAGES] = { 0 };

			if (p)
				page_free(p, 0);
			/* Never used: no hart can hold a translation of it. */
			unmap_slot(slot, va, pa);
			free_pages_of(pa, (va - stack_base(slot)) / PAGE_SIZE);
			return -1;
		}
	}
	return 0;
}

/* Claim a free slot number, or -1 when the region is full. */
static long
claim_slot_locked(void)
{
	assert_held(&kstack_lock);
	for (size_t w = 0; w < NR_SLOTS / 64; w++) {
		if (slot_used[w] == ~0ull)
			continue;
		int bit = __builtin_ctzll(~slot_used[w]);

		slot_used[w] |= 1ull << bit;
		return (long)(w * 64 + bit);
	}
	return -1;
}

static void
release_slot(vaddr_t slot)
{
	size_t n = (slot - KSTACK_REGION) / KSTACK_SLOT;

	spin_lock(&kstack_lock);
	slot_used[n / 64] &= ~(1ull << (n % 64));
	spin_unlock(&kstack_lock);
}

vaddr_t
kstack_alloc(void)
{
	vaddr_t slot = 0;
	long n;

	spin_lock(&kstack_lock);
	if (free_head) {
		slot = free_head;
		free_head = *link_word(slot);
		nr_cached--;
		spin_unlock(&kstack_lock);
		return slot;
	}
	n = claim_slot_locked();
	spin_unlock(&kstack_lock);
	if (n < 0)
		return 0;
	slot = KSTACK_REGION + (vaddr_t)n * KSTACK_SLOT;
	if (map_slot(slot) < 0) {
		/* Nothing stays mapped, so no hart can hold a stale entry. */
		release_slot(slot);
		return 0;
	}
	return slot;
}

void
kstack_free(vaddr_t slot)
{
	paddr_t pa[STACK_PAGES];

	spin_lock(&kstack_lock);
	if (nr_cached < CACHE_PER_HART * ncpus) {
		*link_word(slot) = free_head;
		free_head = slot;
		nr_cached++;
		spin_unlock(&kstack_lock);
		return;
	}
	spin_unlock(&kstack_lock);
	unmap_slot(slot, slot + KSTACK_SLOT, pa);
	/* Another hart may hold a translation of this stack: flush them all
	 * before the pages (and the slot) can be used again. */
	tlb_flush_kernel();
	free_pages_of(pa, STACK_PAGES);
	release_slot(slot);
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
