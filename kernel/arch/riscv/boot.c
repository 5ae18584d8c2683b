/*
 * The riscv half of booting: per-hart setup, the kernel map, the move
 * to a guarded stack, and starting the other harts through SBI HSM.
 */
#include <atomic.h>
#include <arch/cpu.h>
#include <arch/boot.h>
#include "arch/riscv/csr.h"
#include "arch/riscv/early.h"
#include "arch/riscv/entry.h"
#include "arch/riscv/entry_area.h"
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include "arch/riscv/sbi.h"
#include "arch/riscv/timer.h"
#include "printk/printk.h"
#include "drivers/plic.h"
#include <arch/bootinfo.h>
#include "lib/string.h"
#include "main.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "sched/cpu.h"
#include "sched/sched.h"
#include "mm/kstack.h"
#include <arch/thread.h>
#include "proc/task.h"

void arch_hart_init(struct cpu *c);
struct task *arch_make_idle(struct cpu *c, void (*fn)(void *));

struct secondary_boot secondary_boot;

extern char _text_start[], _end[];

paddr_t
arch_kernel_image_start(void)
{
	return (uintptr_t)_text_start - KIMAGE_VBASE + KIMAGE_PBASE;
}

paddr_t
arch_kernel_image_end(void)
{
	return (uintptr_t)_end - KIMAGE_VBASE + KIMAGE_PBASE;
}

static void
set_tp(struct cpu *c)
{
	__asm__ volatile("mv tp, %0" : : "r"(c));
}

void
arch_boot(unsigned long hartid, paddr_t fdt_pa)
{
	direct_map_offset = DIRECT_MAP_OFFSET;
	cpus[0].index = 0;
	cpus[0].hartid = hartid;
	set_tp(&cpus[0]);
	csr_write(stvec, (uintptr_t)early_trapvec);
	kernel_main(hartid, fdt_pa);
}

/* cpus[]: the boot hart first, then the others in device-tree order. */
static void
setup_cpus(const struct bootinfo *bi)
{
	unsigned n = 1;

	for (unsigned i = 0; i < bi->nharts && n < MAX_CPUS; i++) {
		struct cpu *c = bi->harts[i].hartid == cpus[0].hartid ? &cpus[0] : &cpus[n++];

		c->index = (unsigned)(c - cpus);
		c->hartid = bi->harts[i].hartid;
		c->arch.plic_context = (uint32_t)bi->harts[i].plic_s_context;
		c->arch.entry = page_alloc_kva(0, GFP_ZERO);
		c->arch.entry_va = ENTRY_AREA_BASE + c->index * PAGE_SIZE;
		if (!c->arch.entry)
			panic("setup_cpus: no memory for entry areas");
	}
	ncpus = n;
}

void
arch_setup_mmu(const struct bootinfo *bi)
{
	/* Boot hart only, once: static keeps them off the boot stack. */
	static struct mem_region ram[BOOTINFO_MAX_MEM], mmio[8 + BOOTINFO_MAX_VIRTIO];
	static struct hart_entry *entries[MAX_CPUS];
	const struct bootinfo_dev *devs[] = { &bi->uart.dev, &bi->plic.dev, &bi->rtc, &bi->test };
	int nmmio = 0;

	setup_cpus(bi);
	for (unsigned i = 0; i < bi->nmem; i++)
		ram[i] = (struct mem_region){ bi->mem[i].base, bi->mem[i].size };
	for (size_t i = 0; i < ARRAY_SIZE(devs); i++)
		if (devs[i]->present)
			mmio[nmmio++] = (struct mem_region){ devs[i]->base, devs[i]->size };
	for (unsigned i = 0; i < bi->nvirtio; i++)
		mmio[nmmio++] = (struct mem_region){ bi->virtio[i].base, bi->virtio[i].size };
	for (unsigned i = 0; i < ncpus; i++)
		entries[i] = cpus[i].arch.entry;
	arch_mmu_init(ram, (int)bi->nmem, mmio, nmmio, ncpus, entries);
	timer_init_boot(bi->timebase_freq, bi->harts[0].has_sstc);
	pr_info("mmu: Sv39, kernel page-table isolation %s", kpti_enabled ? "on" : "off");
}

/* Per-hart trap, timer and interrupt setup, on the hart itself. */
void
arch_hart_init(struct cpu *c)
{
	struct hart_entry *he = c->arch.entry;

	he->kernel_tp = (uintptr_t)c;
	he->user_trap = (uintptr_t)user_trap_entry;
	arch_trap_init_hart();
	plic_init_hart(c->arch.plic_context);
	timer_init_hart();
	sched_start_tick();
}

struct task *
arch_make_idle(struct cpu *c, void (*fn)(void *))
{
	struct task *idle = task_create("idle", fn, NULL);

	if (!idle)
		panic("make_idle: no memory for hart %u", c->index);
	idle->is_kthread = true;
	idle->state = TASK_RUNNABLE;
	c->arch.entry->overflow_sp = kstack_top(kstack_alloc());
	return idle;
}

static struct task boot_standin = { .state = TASK_RUNNABLE };

void
arch_boot_continue(const struct bootinfo *bi, unsigned long boot_hartid, void (*next)(void *))
{
	struct cpu *c = &cpus[0];
	struct task *idle = arch_make_idle(c, next);
	struct context boot_ctx;

	(void)boot_hartid;
	if (bi->plic.dev.present)
		plic_init(bi->plic.dev.base, bi->plic.ndev);
	sched_init_cpu(c, idle);
	/* The idle task starts in task_first_run, which expects the run
	 * queue lock held across the switch, as every switch does. */
	spin_lock(&c->runq_lock);
	/* What the switch leaves is the boot context, not a task: a stand-in
	 * takes finish_switch()'s bookkeeping. */
	c->switched_from = &boot_standin;
	arch_sched_switch_in(NULL, idle);
	arch_hart_init(c);
	atomic_store_release(&c->online, true);
	arch_switch(&boot_ctx, &idle->ctx);
	panic("arch_boot_continue: returned to the boot stack");
}
