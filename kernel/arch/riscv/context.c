/*
 * Thread contexts: new kernel threads, fresh user register sets for
 * exec, and what a hart changes when it switches to another task.
 */
#include <arch/cpu.h>
#include "arch/riscv/csr.h"
#include "arch/riscv/entry.h"
#include "arch/riscv/entry_area.h"
#include <arch/mmu.h>
#include <arch/trapframe.h>
#include "lib/string.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "sched/cpu.h"
#include <arch/thread.h>
#include "sched/task.h"

void
arch_context_init(struct context *ctx, uintptr_t stack_top, void (*fn)(void *), void *arg)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->ra = (uintptr_t)arch_thread_trampoline;
	ctx->sp = ALIGN_DOWN(stack_top, 16);
	ctx->s1 = (uintptr_t)arg;
	ctx->s2 = (uintptr_t)fn;
}

void
arch_exec_regs(struct trapframe *tf, uint64_t entry, uint64_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->epc = entry;
	tf->sp = sp;
}

void
arch_fork_regs(struct trapframe *tf, uintptr_t stack, uintptr_t tls, bool set_tls)
{
	tf->a0 = 0;
	if (stack)
		tf->sp = stack;
	if (set_tls)
		tf->tp = tls;
}

void
arch_sched_switch_in(struct mm *prev_mm, struct task *next)
{
	struct hart_entry *he = this_cpu()->arch.entry;

	tlb_switch_mm(prev_mm, next->mm);
	he->kernel_sp = (uintptr_t)next->tf;
	arch_mm_activate(next->mm ? &next->mm->arch : NULL);
}
