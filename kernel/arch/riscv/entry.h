/*
 * C functions called from assembly, each with its caller, and the
 * arch-internal trap interface.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct trapframe;

/* head.S (_start), on the boot stack with the boot page table. */
__noreturn void arch_boot(unsigned long hartid, paddr_t fdt_pa);
/* head.S (secondary_start), on the hart's idle stack, tp set. */
__noreturn void arch_secondary_boot(unsigned long hartid);
/* entry.S (kernelvec), for every trap taken in S-mode. */
void kernel_trap(struct trapframe *tf);
/* entry.S (user_trap_entry), for every trap from U-mode. Never returns. */
__noreturn void user_trap(struct trapframe *tf);
/* entry.S (early_trapvec): a trap before traps are set up. */
__noreturn void early_trap(uintptr_t scause, uintptr_t sepc, uintptr_t stval, uintptr_t ra);
void early_trapvec(void);

/* entry.S (kernelvec) when a trap finds the kernel stack overflowed. */
__noreturn void kernel_stack_overflow(uintptr_t sp, uintptr_t sepc, uintptr_t stval,
				      uintptr_t scause, uintptr_t fp);

/* trap.c: per-hart trap setup (boot.c). */
void arch_trap_init_hart(void);

/* entry.S: jump to the trampoline alias of trampoline_userret. */
__noreturn void arch_enter_user(struct trapframe *tf, uint64_t user_satp, uintptr_t userret);
void kernelvec(void);
void user_trap_entry(void);
void arch_thread_trampoline(void);
/* trampoline.S */
void trampoline_uservec(void);
void trampoline_userret(void);
extern char _trampoline_start[];

/* The IPI handler trap.c dispatches to (the PLIC's is in drivers/plic.h). */
void ipi_handle(void);
