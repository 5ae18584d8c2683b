/*
 * Boot self-checks: W^X of the kernel map, and (on request) that a
 * kernel stack overflow hits its guard page and panics cleanly, or one
 * of the memory-debugging self-tests (mm/selftest.c).
 */
#include <asm-generic/errno.h>

#include "arch/riscv/boot_arch.h"
#include "arch/riscv/csr.h"
#include "drivers/console.h"
#include "lib/string.h"
#include "mm/debug.h"
#include "proc/cpu.h"

int arch_probe_write(void *addr);
int arch_probe_exec(void *addr);
void arch_probe_exec_fault(void);

/* A "ret" instruction (c.jr ra) in read-only data and in data: calling
 * it must fault, because neither is executable. */
static const uint16_t rodata_ret = 0x8082;
static uint16_t data_ret = 0x8082;

extern char _text_start[], _rodata_start[];

void
arch_check_wx(void)
{
	struct cpu *c = this_cpu();
	int text_write, rodata_write, rodata_exec, data_exec;

	text_write = arch_probe_write(_text_start);
	rodata_write = arch_probe_write(_rodata_start);
	c->arch.probe_recover = (uintptr_t)arch_probe_exec_fault;
	rodata_exec = arch_probe_exec((void *)&rodata_ret);
	data_exec = arch_probe_exec(&data_ret);
	c->arch.probe_recover = 0;
	if (text_write == 0 || rodata_write == 0 || rodata_exec == 0 || data_exec == 0)
		panic("arch_check_wx: W^X broken: text write %d, rodata write %d, rodata exec %d, "
		      "data exec %d",
		      text_write, rodata_write, rodata_exec, data_exec);
	pr_info("mmu: W^X verified (.text not writable; .rodata, .data not executable)");
}

/* Each level uses a page of stack, so the recursion reaches the guard. */
static __attribute__((noinline)) int
recurse(volatile int depth)
{
	volatile char pad[1000];

	pad[0] = (char)depth;
	if (depth >= 0)
		return recurse(depth + 1) + pad[0];
	return 0;
}

/* Unmapped: the direct map's window ends below the kernel stacks. */
static volatile uintptr_t bad_pointer = 0xffffffdffffff000ul;

void
arch_run_selftest(const char *name)
{
	int err = mm_run_selftest(name);

	if (err == -EOPNOTSUPP) {
		pr_err("selftest: %s needs a kernel built with DEBUG=1", name);
		return;
	}
	if (err != -ENOENT) {
		pr_err("selftest: %s: the memory checks did not catch it (%d)", name, err);
		return;
	}
	if (!strcmp(name, "kstack_overflow")) {
		pr_info("selftest: overflowing this kernel stack");
		recurse(0);
	}
	if (!strcmp(name, "kernel_fault")) {
		pr_info("selftest: storing through a bad kernel pointer");
		*(volatile int *)bad_pointer = 1;
	}
	pr_err("selftest: unknown test \"%s\"", name);
}
