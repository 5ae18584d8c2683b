/*
 * Starting the other harts (SBI HSM hart_start, one at a time through
 * secondary_boot) and inter-processor interrupts (SBI IPI).
 */
#include <arch/cpu.h>
#include <arch/boot.h>
#include "arch/riscv/csr.h"
#include "arch/riscv/early.h"
#include "arch/riscv/entry.h"
#include "arch/riscv/entry_area.h"
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <atomic.h>
#include "arch/riscv/sbi.h"
#include "arch/riscv/timer.h"
#include "printk/printk.h"
#include "drivers/plic.h"
#include <arch/bootinfo.h>
#include "mm/kstack.h"
#include "mm/tlb.h"
#include "sched/cpu.h"
#include "sched/sched.h"
#include "sched/task.h"

void secondary_start(void);
void arch_hart_init(struct cpu *c);
struct task *arch_make_idle(struct cpu *c, void (*fn)(void *));

void
arch_send_ipi(unsigned cpu_index)
{
	sbi_send_ipi(1ul, cpus[cpu_index].hartid);
}

void
ipi_handle(void)
{
	tlb_shootdown_handle();
	/* A wake-up or a new task: look at the run queue on the way out. */
	atomic_store_relaxed(&this_cpu()->need_resched, true);
}

static void
secondary_idle(void *arg)
{
	(void)arg;
	sched_idle_loop();
}

void
arch_secondary_boot(unsigned long hartid)
{
	struct cpu *c = this_cpu();

	KASSERT(c->hartid == hartid);
	arch_mm_activate(NULL);
	arch_hart_init(c);
	atomic_store_release(&c->online, true);
	/* We run on the idle task's stack already; become it. */
	c->idle->on_cpu = 1;
	sched_idle_loop();
}

static void
start_hart(struct cpu *c)
{
	struct task *idle = arch_make_idle(c, secondary_idle);
	paddr_t entry = (uintptr_t)secondary_start - KIMAGE_VBASE + KIMAGE_PBASE;
	int err;

	sched_init_cpu(c, idle);
	c->arch.entry->kernel_sp = (uintptr_t)idle->tf;
	secondary_boot.satp =
		SATP_MODE_SV39 | (((uintptr_t)boot_pgtable - KIMAGE_VBASE + KIMAGE_PBASE) >> 12);
	secondary_boot.sp = (uintptr_t)idle->tf;
	secondary_boot.tp = (uintptr_t)c;
	secondary_boot.kernel_satp = SATP_MODE_SV39 | (arch_kernel_root() >> 12);
	/* Pairs with the hart's loads in head.S: they happen after hart_start. */
	smp_mb();
	err = sbi_hart_start(c->hartid, entry, 0);
	if (err) {
		pr_err("smp: hart %lu did not start (SBI error %d)", c->hartid, err);
		return;
	}
	while (!atomic_load_acquire(&c->online))
		arch_cpu_relax();
}

void
arch_start_secondary_harts(const struct bootinfo *bi)
{
	unsigned online = 1;

	(void)bi;
	for (unsigned i = 1; i < ncpus; i++) {
		start_hart(&cpus[i]);
		online += cpus[i].online;
	}
	pr_info("smp: %u of %u harts online", online, ncpus);
}
