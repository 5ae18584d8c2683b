/*
 * Kernel thread context switch.
 */
#include "asm-offsets.h"

	.text
	.globl arch_switch
/*
 * arch_switch(struct context *from, struct context *to)
 * In:  kernel mode, interrupts off, a0 = where to save the current
 *      thread's callee-saved registers, a1 = the thread to resume.
 * Saves ra, sp, s0-s11 into *from and loads them from *to, then returns
 * into the other thread (to its caller of arch_switch, or to the entry
 * function a new thread's context was set up with).
 */
arch_switch:
	sd	ra, CTX_RA(a0)
	sd	sp, CTX_SP(a0)
	sd	s0, CTX_S0(a0)
	sd	s1, CTX_S1(a0)
	sd	s2, CTX_S2(a0)
	sd	s3, CTX_S3(a0)
	sd	s4, CTX_S4(a0)
	sd	s5, CTX_S5(a0)
	sd	s6, CTX_S6(a0)
	sd	s7, CTX_S7(a0)
	sd	s8, CTX_S8(a0)
	sd	s9, CTX_S9(a0)
	sd	s10, CTX_S10(a0)
	sd	s11, CTX_S11(a0)
	ld	ra, CTX_RA(a1)
	ld	sp, CTX_SP(a1)
	ld	s0, CTX_S0(a1)
	ld	s1, CTX_S1(a1)
	ld	s2, CTX_S2(a1)
	ld	s3, CTX_S3(a1)
	ld	s4, CTX_S4(a1)
	ld	s5, CTX_S5(a1)
	ld	s6, CTX_S6(a1)
	ld	s7, CTX_S7(a1)
	ld	s8, CTX_S8(a1)
	ld	s9, CTX_S9(a1)
	ld	s10, CTX_S10(a1)
	ld	s11, CTX_S11(a1)
	ret

/*
 * arch_thread_trampoline: where a new thread's first arch_switch()
 * returns to.
 * In:  kernel mode, interrupts off, on the thread's fresh stack;
 *      arch_context_init() set ra here, s1 = the argument and s2 = the
 *      entry function (task_first_run).
 * Calls the entry function with the argument in a0 and s1 cleared; the
 * entry function never returns.
 */
	.globl arch_thread_trampoline
arch_thread_trampoline:
	mv	a0, s1
	mv	s1, zero
	jalr	s2
	/* The entry function must not return. */
	j	.
