/*
 * The trampoline page: the only kernel code mapped in a user view
 * (kpti=on). It is linked inside .text but runs from its alias at
 * TRAMPOLINE_VA, so it uses no absolute or pc-relative reference to
 * anything outside this page; the per-hart entry area (sscratch) holds
 * everything it needs.
 */
#include "asm-offsets.h"
#include "arch/riscv/regs.S.inc"

	.section .trampoline, "ax"
	.balign 4
	.globl trampoline_uservec
/*
 * trampoline_uservec: stvec while the hart runs user code.
 * In:  any trap from U-mode; all registers are the user's; sscratch =
 *      this hart's entry area; interrupts off (the trap cleared SIE).
 * Switches to the kernel view (kpti=on), saves every user register in
 * the current thread's trap frame, clears sstatus.SUM, and jumps to
 * user_trap_entry with sp = a0 = the trap frame and tp = this hart's
 * struct cpu.
 */
trampoline_uservec:
	csrrw	t6, sscratch, t6
	sd	t5, HE_SCRATCH0(t6)
	ld	t5, HE_SWITCH_SATP(t6)
	beqz	t5, 1f
	ld	t5, HE_KERNEL_SATP(t6)
	csrw	satp, t5
	/* priv spec 4.2.1: order the satp write before later translations */
	sfence.vma zero, zero
1:	ld	t5, HE_KERNEL_SP(t6)
	SAVE_GPRS t5
	sd	sp, TF_SP(t5)
	sd	t4, TF_T4(t5)
	ld	t4, HE_SCRATCH0(t6)
	sd	t4, TF_T5(t5)
	csrrw	t4, sscratch, t6
	sd	t4, TF_T6(t5)
	csrr	t0, sepc
	sd	t0, TF_EPC(t5)
	/* The kernel opens the user-access window only in uaccess.S. */
	li	t1, SR_SUM
	csrrc	t0, sstatus, t1
	sd	t0, TF_SSTATUS(t5)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(t5)
	csrr	t0, stval
	sd	t0, TF_STVAL(t5)
	mv	sp, t5
	mv	a0, t5
	ld	tp, HE_KERNEL_TP(t6)
	ld	t0, HE_USER_TRAP(t6)
	jr	t0

/*
 * trampoline_userret: the last kernel code before user mode.
 * In:  a0 = trap frame to restore (kernel view), a1 = user satp;
 *      sepc, sstatus (SPP=0) and stvec already set by arch_return_to_user;
 *      interrupts off; sscratch = this hart's entry area.
 * Restores every register, switches to the user view (kpti=on), sret.
 */
	.globl trampoline_userret
trampoline_userret:
	csrr	t6, sscratch
	sd	a1, HE_USER_SATP(t6)
	ld	t5, TF_T5(a0)
	sd	t5, HE_SCRATCH0(t6)
	ld	t5, TF_T6(a0)
	sd	t5, HE_SCRATCH1(t6)
	RESTORE_GPRS a0
	ld	t4, TF_T4(a0)
	ld	sp, TF_SP(a0)
	ld	a0, TF_A0(a0)
	ld	t5, HE_SWITCH_SATP(t6)
	beqz	t5, 1f
	ld	t5, HE_USER_SATP(t6)
	csrw	satp, t5
	sfence.vma zero, zero
1:	ld	t5, HE_SCRATCH0(t6)
	ld	t6, HE_SCRATCH1(t6)
	sret
