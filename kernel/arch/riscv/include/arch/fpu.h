/*
 * User floating-point state: saved when a task leaves the hart with
 * dirty registers (sstatus.FS = Dirty), loaded on its first FP
 * instruction after it comes back (FS is Off until then, so that
 * instruction traps). Tasks that never use FP never pay for it.
 */
#pragma once

#include <types.h>

struct fp_regs { /* asm: fpu.S; layout of Linux's __riscv_d_ext_state */
	uint64_t f[32];
	uint32_t fcsr;
	uint32_t pad;
};

struct fp_state {
	struct fp_regs regs; /* [o] valid when saved */
	bool used;	     /* [o] the task has FP state at all */
	bool saved;	     /* [o] regs hold it (not the hart's registers) */
};

struct task;
struct trapframe;

/* Save prev's FP registers if it dirtied them, and turn FP off for the
 * next task. Called on every switch, interrupts off. */
void arch_fp_switch_out(struct fp_state *prev);
/* An illegal-instruction trap with FP off: give the task its FP state
 * (zero for a first use) and retry. Returns false if FP was already on
 * (a real illegal instruction). */
bool arch_fp_first_use(struct fp_state *fp, struct trapframe *tf);
/* Make fp's registers current in memory (for a signal frame). */
void arch_fp_flush(struct fp_state *fp);
/* fp->regs changed in memory (sigreturn, exec): reload on next use. */
void arch_fp_invalidate(struct fp_state *fp);
