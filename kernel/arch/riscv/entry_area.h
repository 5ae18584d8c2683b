/*
 * The per-hart entry area: one page per hart, mapped at
 * ENTRY_AREA_BASE + index * PAGE_SIZE in the kernel view and in every
 * user view, so the trampoline can reach it before and after it switches
 * page tables. sscratch holds its address whenever the hart is in the
 * kernel or in user mode (trap entry swaps it with t6 briefly).
 * Written by the hart itself only (context switch, return to user).
 */
#pragma once

#include <types.h>

struct hart_entry {	      /* asm: trampoline.S, entry.S */
	uint64_t kernel_satp; /* kernel view of the current thread's address space */
	uint64_t kernel_sp;   /* trap frame of the current thread (top of its stack) */
	uint64_t kernel_tp;   /* this hart's struct cpu */
	uint64_t user_trap;   /* user_trap_entry, in kernel text */
	uint64_t user_satp;   /* user view to return to */
	uint64_t scratch0;
	uint64_t scratch1;
	uint64_t overflow_sp; /* top of this hart's stack for reporting a kernel stack overflow */
	uint64_t switch_satp; /* nonzero when the user and kernel views differ (kpti=on) */
};
