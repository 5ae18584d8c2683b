/*
 * TLB shootdown. Each hart has one pending-flush flag; an initiator sets
 * the flag of every other hart that runs the address space, sends IPIs
 * and waits for the flags to clear. While it waits it serves requests
 * aimed at itself, so two harts shooting at each other cannot deadlock.
 * Remote flushes are whole-TLB (the IPI costs far more than flushing by
 * address would save); this hart flushes a short range page by page,
 * which keeps the rest of its TLB.
 *
 * Who may hold a translation of mm: exactly the harts whose bit is set
 * in mm->active_harts (tlb_switch_mm() sets it before the hart loads
 * mm's root and clears it only before writing another root, which
 * flushes). So a flush looks at the bits after the PTE stores: this
 * hart flushes itself only if it runs mm, and an address space that no
 * hart runs (the last mm_put(), exec's old image) needs no flush at all.
 *
 * The gather (tlb.h) keeps freed pages until that flush is done.
 */
#include <atomic.h>

#include <arch/cpu.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>

#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "sched/cpu.h"

static uint32_t flush_pending[MAX_CPUS]; /* [a] set by initiators, cleared by the hart */

void
tlb_shootdown_handle(void)
{
	unsigned me = this_cpu()->index;

	if (atomic_load_acquire(&flush_pending[me])) {
		arch_flush_tlb_all();
		/* Pairs with the acquire in the initiator's wait loop. */
		atomic_store_release(&flush_pending[me], 0);
	}
}

static void
shoot(uint64_t others)
{
	/* Harts that never came up have nothing cached. */
	for (unsigned i = 0; i < ncpus; i++)
		if (!atomic_load_acquire(&cpus[i].online))
			others &= ~(1ull << i);
	for (unsigned i = 0; i < ncpus; i++) {
		if (others & (1ull << i)) {
			atomic_store_release(&flush_pending[i], 1);
			arch_send_ipi(i);
		}
	}
	for (unsigned i = 0; i < ncpus; i++) {
		while ((others & (1ull << i)) && atomic_load_acquire(&flush_pending[i])) {
			tlb_shootdown_handle();
			arch_cpu_relax();
		}
	}
}

/* Up to this many pages, this hart flushes page by page. */
#define LOCAL_FLUSH_PAGES_MAX 16

/*
 * Flush [start, end) of mm on every hart that may cache it. The PTE
 * stores are done; order them before reading who runs mm (pairs with
 * the fence in tlb_switch_mm(): a hart either has its bit seen here or
 * loads the new PTEs after its satp switch).
 */
static void
flush_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	uint64_t me = 1ull << this_cpu()->index;
	uint64_t harts;

	smp_mb();
	harts = atomic_load_relaxed(&mm->active_harts);
	if (harts & me) {
		if (end - start > LOCAL_FLUSH_PAGES_MAX * PAGE_SIZE) {
			arch_flush_tlb_all();
		} else {
			for (vaddr_t va = start; va < end; va += PAGE_SIZE)
				arch_flush_tlb_page(va);
		}
	}
	if (harts & ~me)
		shoot(harts & ~me);
}

void
tlb_flush_kernel(void)
{
	uint64_t all = ncpus == 64 ? ~0ull : (1ull << ncpus) - 1;

	arch_flush_tlb_all();
	smp_mb();
	shoot(all & ~(1ull << this_cpu()->index));
}

void
tlb_flush_page(struct mm *mm, vaddr_t va)
{
	uint64_t me = 1ull << this_cpu()->index;
	uint64_t harts;

	smp_mb(); /* as in flush_range() */
	harts = atomic_load_relaxed(&mm->active_harts);
	if (harts & me)
		arch_flush_tlb_page(va);
	if (harts & ~me)
		shoot(harts & ~me);
}

void
tlb_flush_mm(struct mm *mm)
{
	flush_range(mm, 0, USER_TOP);
}

void
tlb_gather_init(struct tlb_gather *g, struct mm *mm)
{
	g->mm = mm;
	g->start = USER_TOP;
	g->end = 0;
	g->nr = 0;
}

void
tlb_gather_range(struct tlb_gather *g, vaddr_t start, vaddr_t end)
{
	g->start = MIN(g->start, start);
	g->end = MAX(g->end, end);
}

/* The flush first, then the pages: no hart can reach them any more.
 * Every cleared PTE gave a page, so no page means nothing to flush. */
void
tlb_gather_flush(struct tlb_gather *g)
{
	if (!g->nr)
		return;
	flush_range(g->mm, g->start, g->end);
	for (unsigned i = 0; i < g->nr; i++)
		page_put(g->pages[i]);
	g->nr = 0;
}

void
tlb_switch_mm(struct mm *prev, struct mm *next)
{
	unsigned me = this_cpu()->index;

	if (prev == next)
		return;
	if (next)
		atomic_fetch_or_relaxed(&next->active_harts, 1ull << me);
	/* Pairs with the fence in flush_range() and tlb_flush_page(): an
	 * initiator either sees our bit or changed the PTEs before our satp
	 * switch flushes. */
	smp_mb();
	if (prev)
		atomic_fetch_and_relaxed(&prev->active_harts, ~(1ull << me));
}
