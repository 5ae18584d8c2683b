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

	if (__atomic_load_n(&flush_pending[me], __ATOMIC_ACQUIRE)) {
		arch_flush_tlb_all();
		/* Pairs with the acquire in the initiator's wait loop. */
		__atomic_store_n(&flush_pending[me], 0, __ATOMIC_RELEASE);
	}
}

static void
shoot(uint64_t others)
{
	/* Harts that never came up have nothing cached. */
	for (unsigned i = 0; i < ncpus; i++)
		if (!__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE))
			others &= ~(1ull << i);
	for (unsigned i = 0; i < ncpus; i++) {
		if (others & (1ull << i)) {
			__atomic_store_n(&flush_pending[i], 1, __ATOMIC_RELEASE);
			arch_send_ipi(i);
		}
	}
	for (unsigned i = 0; i < ncpus; i++) {
		while ((others & (1ull << i)) &&
		       __atomic_load_n(&flush_pending[i], __ATOMIC_ACQUIRE)) {
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
	others = __atomic_load_n(&mm->active_harts, __ATOMIC_RELAXED) & ~(1ull << me);
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
		__atomic_or_fetch(&next->active_harts, 1ull << me, __ATOMIC_RELAXED);
	/* Pairs with the fence in shoot_others(): an initiator either sees
	 * our bit or changed the PTEs before our satp switch flushes. */
	smp_mb();
	if (prev)
		__atomic_and_fetch(&prev->active_harts, ~(1ull << me), __ATOMIC_RELAXED);
}
