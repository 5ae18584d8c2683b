/*
 * Trap entry for traps taken while the hart is in S-mode, and the
 * return path to user mode.
 */
#include "asm-offsets.h"
#include <arch/memlayout.h>
#include "arch/riscv/regs.S.inc"

	.text
	.balign 4
	.globl kernelvec
/*
 * kernelvec: stvec while the hart runs kernel code.
 * In:  a trap from S-mode on a kernel stack slot (16 KiB of stack over a
 *      guard, 32 KiB aligned); interrupts off; sscratch = entry area.
 * If the new frame would land in the guard, the stack has overflowed:
 * switch to the hart's overflow stack and report it. Otherwise push a
 * trap frame, close the user-access window (sstatus.SUM), call
 * kernel_trap(frame) and return to the interrupted code with the
 * (possibly changed) sepc and sstatus of the frame: SUM comes back set
 * only for a uaccess routine that had it set.
 */
kernelvec:
	csrrw	t6, sscratch, t6
	sd	t5, HE_SCRATCH0(t6)
	addi	t5, sp, -TF_SIZE
	/* A slot's stack is its upper half: bit log2(KSTACK_SIZE) is set. */
	srli	t5, t5, KSTACK_SHIFT
	andi	t5, t5, 1
	beqz	t5, .Lstack_overflow
	ld	t5, HE_SCRATCH0(t6)
	csrrw	t6, sscratch, t6
	addi	sp, sp, -TF_SIZE
	SAVE_GPRS sp
	sd	t4, TF_T4(sp)
	sd	t5, TF_T5(sp)
	sd	t6, TF_T6(sp)
	addi	t0, sp, TF_SIZE
	sd	t0, TF_SP(sp)
	csrr	t0, sepc
	sd	t0, TF_EPC(sp)
	/* The handler may sleep and run other code on this hart: it must not
	 * inherit a uaccess routine's SUM (priv spec 4.1.1.2, as Linux). */
	li	t1, SR_SUM
	csrrc	t0, sstatus, t1
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	/* A frame record, so backtraces continue into the interrupted code. */
	mv	a0, sp
	call	kernel_trap
	ld	t0, TF_EPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	/* The trap may have slept (a page fault in a uaccess routine) and
	 * woken on another hart: keep this hart's tp, not the saved one. */
	sd	tp, TF_TP(sp)
	RESTORE_GPRS sp
	ld	a0, TF_A0(sp)
	ld	t4, TF_T4(sp)
	ld	t5, TF_T5(sp)
	ld	t6, TF_T6(sp)
	addi	sp, sp, TF_SIZE
	sret

.Lstack_overflow:
	li	a5, SR_SUM
	csrc	sstatus, a5
	mv	a0, sp
	ld	sp, HE_OVERFLOW_SP(t6)
	ld	t5, HE_SCRATCH0(t6)
	csrrw	t6, sscratch, t6
	csrr	a1, sepc
	csrr	a2, stval
	csrr	a3, scause
	mv	a4, s0
	call	kernel_stack_overflow
	j	.

/*
 * user_trap_entry: reached from trampoline_uservec in the kernel view.
 * In:  sp = a0 = the thread's trap frame, tp = struct cpu, interrupts off.
 * Calls user_trap(frame), which does not return (it leaves through
 * arch_return_to_user).
 */
	.globl user_trap_entry
user_trap_entry:
	mv	s0, zero
	la	t0, kernelvec
	csrw	stvec, t0
	call	user_trap
	j	.

/*
 * arch_enter_user(frame, user_satp, userret_va): the jump into the
 * trampoline's alias. In: interrupts off, stvec = trampoline_uservec.
 */
	.globl arch_enter_user
arch_enter_user:
	jr	a2

/*
 * early_trapvec: stvec during early boot, before this hart has a trap
 * frame stack and entry area. Any trap then is a kernel bug: report it
 * on the boot stack and stop.
 */
	.balign 4
	.globl early_trapvec
early_trapvec:
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	mv	a3, ra
	call	early_trap
	j	.
