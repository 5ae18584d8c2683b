/*
 * Arch hooks for exec and new tasks' user registers.
 */
#pragma once

#include <types.h>

struct trapframe;
struct task;

/* Clear the user registers for a fresh image: pc = entry, sp = sp,
 * everything else zero (a0 = 0: no rtld_fini, as Linux), FP state
 * reset. */
void arch_exec_regs(struct trapframe *tf, uint64_t entry, uint64_t sp);
void arch_sched_switch_in(struct task *next);
/* A clone child's registers: a0 = 0, sp = stack if non-zero, tp = tls
 * when set_tls. */
void arch_fork_regs(struct trapframe *tf, uintptr_t stack, uintptr_t tls, bool set_tls);
