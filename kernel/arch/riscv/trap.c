/*
 * Trap dispatch: interrupts, system calls and faults from user mode, and
 * the traps the kernel itself takes (interrupts, uaccess faults, bugs).
 */
#include <asm-generic/errno.h>
#include <asm-generic/siginfo.h>
#include <asm-generic/signal.h>
#include <kassert.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/entry.h"
#include "arch/riscv/entry_area.h"
#include <arch/fpu.h>
#include <arch/memlayout.h>
#include <arch/panic.h>
#include <arch/trapframe.h>
#include "arch/riscv/uaccess_arch.h"
#include "drivers/plic.h"
#include "printk/printk.h"
#include "mm/fault.h"
#include "sched/acct.h"
#include "sched/cpu.h"
#include <kerrno.h>
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/task.h"
#include "sys/syscall.h"

static const char *const exc_names[] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store address misaligned",
	[EXC_STORE_ACCESS] = "store access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from S-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store page fault",
};

const char *
trap_cause_name(uint64_t scause)
{
	if (scause & SCAUSE_INTR)
		return "interrupt";
	if (scause < ARRAY_SIZE(exc_names) && exc_names[scause])
		return exc_names[scause];
	return "unknown exception";
}

static void
handle_interrupt(uint64_t cause)
{
	switch (cause & ~SCAUSE_INTR) {
	case IRQ_S_TIMER:
		sched_timer_tick();
		break;
	case IRQ_S_EXT:
		plic_handle_irq();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, 1ul << IRQ_S_SOFT);
		ipi_handle();
		break;
	default:
		panic("handle_interrupt: unexpected interrupt %lu", cause & ~SCAUSE_INTR);
	}
}

static unsigned
fault_access(uint64_t cause)
{
	if (cause == EXC_STORE_PAGE_FAULT)
		return FAULT_WRITE;
	if (cause == EXC_INST_PAGE_FAULT)
		return FAULT_EXEC;
	return FAULT_READ;
}

static bool
is_page_fault(uint64_t cause)
{
	return cause == EXC_INST_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
	       cause == EXC_STORE_PAGE_FAULT;
}

/* A fault in a uaccess routine: fault the page in if it is valid user
 * memory, otherwise resume at the routine's fixup. */
static bool
fixup_kernel_fault(struct trapframe *tf)
{
	uintptr_t fixup = extable_lookup(tf->epc);

	if (!fixup)
		return false;
	/* With page faults disabled (a spinlock is held), go straight to the
	 * fixup: the caller retries after faulting the page in itself. */
	if (is_page_fault(tf->scause) && tf->stval < USER_TOP && !this_cpu()->pagefault_disabled) {
		int err;

		/* The fault may sleep: run it with interrupts as the faulting
		 * code had them (off only if it held a spinlock, which then
		 * is a bug might_sleep() reports). */
		if (tf->sstatus & SSTATUS_SPIE)
			arch_irq_enable();
		err = vm_fault(tf->stval, fault_access(tf->scause));
		arch_irq_disable();
		if (err == 0)
			return true;
	}
	tf->epc = fixup;
	return true;
}

void
kernel_trap(struct trapframe *tf)
{
	uint64_t cause = tf->scause;

	/* kernelvec closed the user-access window: no handler runs, or
	 * sleeps, with a uaccess routine's SUM. (user_trap, on the system
	 * call path, goes without the check: trampoline_uservec clears SUM
	 * with the very instruction that reads sstatus for the frame.) */
	KASSERT(!(csr_read(sstatus) & SSTATUS_SUM));
	if (cause & SCAUSE_INTR) {
		handle_interrupt(cause);
		return;
	}
	if (fixup_kernel_fault(tf)) {
		/* The fault may have slept and switched tasks: return with the
		 * FP state the hart has now, not the one saved on entry. */
		tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | (csr_read(sstatus) & SSTATUS_FS);
		return;
	}
	if (cause == EXC_INST_PAGE_FAULT && this_cpu()->arch.probe_recover) {
		tf->epc = this_cpu()->arch.probe_recover;
		tf->a0 = (uint64_t)-EFAULT;
		return;
	}
	arch_dump_trapframe(tf);
	/* SUM is clear outside uaccess routines, so a stray kernel access to
	 * a user page faults here instead of going through (priv spec 4.1.1.2). */
	if (is_page_fault(cause) && tf->stval < USER_TOP)
		panic("kernel_trap: kernel access to user address %#lx outside uaccess (%s at %#lx)",
		      tf->stval, trap_cause_name(cause), tf->epc);
	panic("kernel_trap: %s at %#lx, stval %#lx", trap_cause_name(cause), tf->epc, tf->stval);
}

/* Deliver the signal Linux sends for a fault that user code caused. */
static void
user_fault(struct trapframe *tf)
{
	uint64_t cause = tf->scause;
	int ret;

	switch (cause) {
	case EXC_INST_PAGE_FAULT:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
		arch_irq_enable();
		ret = vm_fault(tf->stval, fault_access(cause));
		if (ret == 0)
			return;
		if (ret == -EIO) {
			signal_fault(SIGBUS, BUS_ADRERR, tf->stval, "beyond the end of a file");
			return;
		}
		if (ret == -ENOMEM) {
			/* As Linux's OOM killer: no page, no way on. */
			signal_fault(SIGKILL, 0, tf->stval, "out of memory");
			return;
		}
		signal_fault(SIGSEGV, ret == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, tf->stval,
			     trap_cause_name(cause));
		return;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		signal_fault(SIGBUS, BUS_ADRALN, tf->stval, trap_cause_name(cause));
		return;
	case EXC_INST_ACCESS:
	case EXC_LOAD_ACCESS:
	case EXC_STORE_ACCESS:
		signal_fault(SIGSEGV, SEGV_ACCERR, tf->stval, trap_cause_name(cause));
		return;
	case EXC_ILLEGAL_INST:
		/* The first FP instruction since the task got the hart. */
		if (arch_fp_first_use(&current_task()->fp, tf))
			return;
		signal_fault(SIGILL, ILL_ILLOPC, tf->epc, trap_cause_name(cause));
		return;
	case EXC_BREAKPOINT:
		signal_fault(SIGTRAP, TRAP_BRKPT, tf->epc, trap_cause_name(cause));
		return;
	default:
		signal_fault(SIGILL, ILL_ILLTRP, tf->epc, trap_cause_name(cause));
	}
}

void
user_trap(struct trapframe *tf)
{
	acct_enter_kernel();
	if (tf->scause == EXC_ECALL_U) {
		tf->epc += 4;
		tf->orig_a0 = tf->a0;
		arch_irq_enable();
		tf->a0 = syscall_dispatch(tf->a7, tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5);
		/* Interrupted by a signal: decide on restart on the way out. */
		current_task()->in_syscall =
			(long)tf->a0 <= -ERESTARTSYS && (long)tf->a0 >= -ERESTART_RESTARTBLOCK;
	} else if (tf->scause & SCAUSE_INTR) {
		handle_interrupt(tf->scause);
	} else {
		user_fault(tf);
	}
	task_return_to_user();
}

void
arch_return_to_user(struct trapframe *tf)
{
	struct hart_entry *he = this_cpu()->arch.entry;
	uintptr_t tramp = TRAMPOLINE_VA;

	arch_irq_disable();
	csr_write(stvec, tramp + ((uintptr_t)trampoline_uservec - (uintptr_t)_trampoline_start));
	csr_write(sepc, tf->epc);
	/* Return to U-mode with interrupts on and no user-memory window. */
	csr_clear(sstatus, SSTATUS_SPP | SSTATUS_SUM);
	csr_set(sstatus, SSTATUS_SPIE);
	arch_enter_user(tf, he->user_satp,
			tramp + ((uintptr_t)trampoline_userret - (uintptr_t)_trampoline_start));
}

void
arch_trap_init_hart(void)
{
	csr_write(sscratch, this_cpu()->arch.entry_va);
	csr_write(stvec, (uintptr_t)kernelvec);
	/* The kernel touches user memory only inside uaccess routines. */
	csr_clear(sstatus, SSTATUS_SUM);
	/* User programs read cycle, time and instret (bench, clock_gettime). */
	csr_write(scounteren, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
	csr_set(sie, SIE_SEIE | SIE_SSIE);
}
