/*
 * Panic reports: registers of a trap frame and a frame-pointer backtrace
 * with symbol names (lib/ksyms). The kernel is built with
 * -fno-omit-frame-pointer, so every non-leaf frame stores the caller's
 * ra at fp-8 and the caller's fp at fp-16.
 */
#include "arch/riscv/csr.h"
#include <arch/memlayout.h>
#include <arch/panic.h>
#include <arch/trapframe.h>
#include "lib/ksyms.h"
#include "arch/riscv/uaccess_arch.h"
#include "arch/riscv/entry.h"
#include "printk/printk.h"
#include "sched/cpu.h"

static const char *const reg_names[32] = {
	"pc", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
	"a1", "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
	"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static void
print_symbol(const char *what, uintptr_t addr)
{
	char sym[96];

	ksyms_format(addr, sym, sizeof(sym));
	log_raw("%s: %016lx %s\n", what, addr, sym);
}

void
arch_dump_trapframe(const struct trapframe *tf)
{
	const uint64_t *r = &tf->epc;

	log_raw("hart %lu: cause %lu (%s)\n", this_cpu()->hartid, tf->scause,
		trap_cause_name(tf->scause));
	print_symbol("sepc", tf->epc);
	log_raw("stval: %016lx sstatus: %016lx\n", tf->stval, tf->sstatus);
	print_symbol("ra  ", tf->ra);
	/* x1..x31 after pc in user_regs_struct order, four to a line. */
	for (int i = 1; i < 32; i++)
		log_raw(" %3s %016lx%s", reg_names[i], r[i], i % 4 == 0 || i == 31 ? "\n" : "");
}

static bool
fp_plausible(uintptr_t fp, uintptr_t low, uintptr_t high)
{
	return fp > low + 16 && fp <= high && IS_ALIGNED(fp, 8);
}

void
arch_dump_backtrace(void)
{
	uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
	/* Frames lie in the stack we are on; bound the walk to it. */
	uintptr_t low = ALIGN_DOWN(fp, KSTACK_SLOT), high = low + KSTACK_SLOT;

	if (fp < KSTACK_REGION || fp >= KSTACK_REGION + KSTACK_REGION_SIZE) {
		low = fp - KSTACK_SIZE;
		high = fp + KSTACK_SIZE;
	}
	log_raw("backtrace:\n");
	for (int depth = 0; depth < 32 && fp_plausible(fp, low, high); depth++) {
		uintptr_t ra = ((uintptr_t *)fp)[-1];
		char sym[96];

		if (!ra)
			break;
		/* ra is the instruction after the call, which may already be
		 * the next function when the callee does not return. */
		ksyms_format(ra - 1, sym, sizeof(sym));
		log_raw("  [%016lx] %s\n", ra, sym);
		fp = ((uintptr_t *)fp)[-2];
	}
}

/* The exception table is sorted only by link order: search it linearly;
 * it is consulted only when the kernel faults. */
extern const struct extable_entry __ex_table_start[], __ex_table_end[];

uintptr_t
extable_lookup(uintptr_t pc)
{
	for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if ((uintptr_t)&e->insn + e->insn == pc)
			return (uintptr_t)&e->fixup + e->fixup;
	return 0;
}

void
early_trap(uintptr_t scause, uintptr_t sepc, uintptr_t stval, uintptr_t ra)
{
	char sym[96];

	ksyms_format(sepc, sym, sizeof(sym));
	panic("early boot trap: %s at %s (sepc %#lx, stval %#lx, ra %#lx)", trap_cause_name(scause),
	      sym, sepc, stval, ra);
}

void
kernel_stack_overflow(uintptr_t sp, uintptr_t sepc, uintptr_t stval, uintptr_t scause, uintptr_t fp)
{
	char sym[96];

	(void)fp;
	ksyms_format(sepc, sym, sizeof(sym));
	panic("kernel stack overflow on hart %lu: sp %#lx hit the guard page below its stack "
	      "(%s at %s, stval %#lx)",
	      this_cpu()->hartid, sp, trap_cause_name(scause), sym, stval);
}
