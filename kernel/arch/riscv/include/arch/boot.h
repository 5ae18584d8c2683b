/*
 * The arch steps of the boot sequence kernel_main() runs.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct bootinfo;

/* Physical extent of the kernel image (reserved from the allocator). */
paddr_t arch_kernel_image_start(void);
paddr_t arch_kernel_image_end(void);

/* Fill cpus[] from the device tree, build the kernel map and switch to it. */
void arch_setup_mmu(const struct bootinfo *bi);

/* Boot self-check: .text is not writable, .rodata and .data not
 * executable, through the live page tables. Panics if W^X does not hold. */
void arch_check_wx(void);

/*
 * Leave the boot stack: make this hart's idle task, start traps, timer
 * and interrupts, and switch to the idle task's guarded stack, where
 * next(NULL) runs. Never returns.
 */
__noreturn void arch_boot_continue(const struct bootinfo *bi, unsigned long boot_hartid,
				   void (*next)(void *));

/* Start every other hart (SBI HSM); returns when all are online. */
void arch_start_secondary_harts(const struct bootinfo *bi);

/* Run a named boot self-test (selftest=): "kstack_overflow",
 * "kernel_fault", "user_deref", or one of mm_run_selftest()'s; all end
 * in a panic (the mm ones on a DEBUG=1 kernel; elsewhere they log and
 * return). */
void arch_run_selftest(const char *name);
