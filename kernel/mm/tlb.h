/*
 * TLB maintenance for address spaces that may be live on several harts.
 * A hart records in mm->active_harts that it runs the address space;
 * changes that remove or restrict a mapping flush the TLB of every hart
 * whose bit is set (this hart's with sfence.vma, the others' by an IPI,
 * waiting until they have).
 *
 * A page whose PTE was cleared may still be reached through those TLBs,
 * so it may be freed only once they are flushed. Code that unmaps pages
 * gathers them (struct tlb_gather, as Linux's mmu_gather): it clears
 * PTEs and hands each page to the gather, which, when its batch is full
 * and at the end, first flushes the TLBs and only then drops the page
 * references. Page-table pages are freed only by arch_mm_destroy(), when
 * the last user is gone and every hart that ran the address space has
 * switched away (clearing its bit, then writing satp, which flushes).
 */
#pragma once

#include <types.h>

struct mm;
struct page;

/* Pages a gather holds before it flushes and frees them. */
#define TLB_GATHER_PAGES 32

/*
 * Pages unmapped from mm, waiting for the TLB flush that lets them go.
 * Lives on the caller's stack, between tlb_gather_init() and
 * tlb_gather_finish(), all under mm->mmap_lock.
 */
struct tlb_gather {
	struct mm *mm;
	vaddr_t start; /* the PTEs cleared since the last flush */
	vaddr_t end;   /* lie in [start, end) */
	unsigned nr;   /* pages[0 .. nr) wait for the flush */
	struct page *pages[TLB_GATHER_PAGES];
};

void tlb_gather_init(struct tlb_gather *g, struct mm *mm);

/* PTEs in [start, end) are about to be cleared into g. */
void tlb_gather_range(struct tlb_gather *g, vaddr_t start, vaddr_t end);

/* Flush the TLBs, then put the gathered pages. Context: as tlb_flush_mm(). */
void tlb_gather_flush(struct tlb_gather *g);

/*
 * A PTE inside the range given to tlb_gather_range() has just been
 * cleared; p (its reference, the one the PTE held) is put once no TLB
 * can reach it. A full batch is flushed and freed at once.
 * Context: as tlb_flush_mm(); caller holds mm->mmap_lock.
 */
static inline void
tlb_gather_page(struct tlb_gather *g, struct page *p)
{
	g->pages[g->nr++] = p;
	if (g->nr == TLB_GATHER_PAGES)
		tlb_gather_flush(g);
}

/* Flush what is pending and put the remaining pages. */
static inline void
tlb_gather_finish(struct tlb_gather *g)
{
	tlb_gather_flush(g);
}

/*
 * Flush one page / everything of mm on every hart that runs it (this
 * hart only if it runs mm). Returns when all of them have.
 * Context: thread, interrupts on, no spinlock held: it waits for the
 * other harts to take the IPI. Normally under mm->mmap_lock.
 */
void tlb_flush_page(struct mm *mm, vaddr_t va);
void tlb_flush_mm(struct mm *mm);

/* Flush kernel mappings (a freed kernel stack) on every hart. */
void tlb_flush_kernel(void);

/* The IPI side: flush what was asked of this hart. Interrupt context. */
void tlb_shootdown_handle(void);

/* A hart stops running prev and starts running next (either may be NULL).
 * Called with interrupts off, before the hart loads next's page table. */
void tlb_switch_mm(struct mm *prev, struct mm *next);
