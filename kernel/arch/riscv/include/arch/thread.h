/*
 * Arch hooks for exec and new tasks' user registers.
 */
#pragma once

#include <types.h>

struct trapframe;
struct mm;
struct task;

/* Clear the user registers for a fresh image: pc = entry, sp = sp,
 * everything else zero (a0 = 0: no rtld_fini, as Linux), FP state
 * reset. */
void arch_exec_regs(struct trapframe *tf, uint64_t entry, uint64_t sp);
/* A clone child's registers: a0 = 0, sp = stack if non-zero, tp = tls
 * when set_tls. */
void arch_fork_regs(struct trapframe *tf, uintptr_t stack, uintptr_t tls, bool set_tls);

/* A hart switches to next, which runs on next->mm (a kernel thread: none)
 * after prev_mm: move this hart from prev_mm's set of harts to next's,
 * load next's page table and point the trap entry at next's kernel
 * stack. Interrupts off. */
void arch_sched_switch_in(struct mm *prev_mm, struct task *next);
