/*
 * TLB shootdown. Each hart has one pending-flush flag; an initiator sets
 * the flag of every other hart that runs the address space, sends IPIs
 * and waits for the flags to clear. While it waits it serves requests
 * aimed at itself, so two harts shooting at each other cannot deadlock.
 * Flushes are whole-TLB: QEMU's sfence.vma by address costs the same.
 */
#include <atomic.h>

#include <arch/cpu.h>
#include <arch/mmu.h>
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

static void
shoot_others(struct mm *mm)
{
	unsigned me = this_cpu()->index;
	uint64_t others;

	/* Order the PTE stores before reading who runs mm; pairs with the
	 * fence in tlb_switch_mm(). */
	smp_mb();
	others = atomic_load_relaxed(&mm->active_harts) & ~(1ull << me);
	if (others)
		shoot(others);
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
	arch_flush_tlb_page(va);
	shoot_others(mm);
}

void
tlb_flush_mm(struct mm *mm)
{
	arch_flush_tlb_all();
	shoot_others(mm);
}

void
tlb_switch_mm(struct mm *prev, struct mm *next)
{
	unsigned me = this_cpu()->index;

	if (prev == next)
		return;
	if (next)
		atomic_fetch_or_relaxed(&next->active_harts, 1ull << me);
	/* Pairs with the fence in shoot_others(): an initiator either sees
	 * our bit or changed the PTEs before our satp switch flushes. */
	smp_mb();
	if (prev)
		atomic_fetch_and_relaxed(&prev->active_harts, ~(1ull << me));
}
