/*
 * The registers saved on every trap. The first 32 words are laid out as
 * Linux's struct user_regs_struct (pc, then x1..x31), so signal frames
 * and ptrace-style copies are a memcpy. The frame sits at the top of the
 * thread's kernel stack for traps from user mode, and on the current
 * kernel stack for traps taken in the kernel.
 */
#pragma once

#include <types.h>

struct trapframe { /* asm: trampoline.S, entry.S */
	uint64_t epc;
	uint64_t ra, sp, gp, tp;
	uint64_t t0, t1, t2;
	uint64_t s0, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64_t t3, t4, t5, t6;
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
	uint64_t orig_a0; /* a0 at syscall entry, for restarts */
};

_Static_assert(sizeof(struct trapframe) % 16 == 0, "trap frames keep sp 16-byte aligned");
_Static_assert(offsetof(struct trapframe, t6) == 31 * 8, "trapframe starts as user_regs_struct");
