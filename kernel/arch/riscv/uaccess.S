/*
 * User-memory copy routines. Each opens the user-access window
 * (sstatus.SUM, priv spec 4.1.1) only for its own loads and stores, and
 * lists every instruction that may fault in __ex_table, so a fault on a
 * bad user address resumes at the routine's fixup instead of panicking.
 * Trap entry closes the window (entry.S, trampoline.S) and a trap that
 * returns into a routine reopens it from the sstatus its frame saved, so
 * a fault that sleeps never leaves it open for what runs next.
 * The C wrappers in mm/uaccess.c have already checked that the range
 * lies in user space.
 */
#include <asm-generic/errno.h>

#include "asm-offsets.h"

/* Emit insn and record it as allowed to fault, resuming at \fixup. */
.macro UACC fixup, insn:vararg
99:	\insn
	.pushsection __ex_table, "a"
	.balign 4
	.word	99b - ., \fixup - .
	.popsection
.endm

	.text
	.globl arch_copy_user
/*
 * arch_copy_user(dst a0, src a1, n a2): copy n bytes where either side
 * may be user memory. Out: a0 = bytes not copied (0 on success).
 * Clobbers t0-t6, a3-a7. Interrupts unchanged.
 */
arch_copy_user:
	li	t6, SR_SUM
	csrs	sstatus, t6
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, .Lbytes
.Lwords64:
	li	t0, 64
	bltu	a2, t0, .Lwords8
	UACC .Lcopy_fault, ld t0, 0(a1)
	UACC .Lcopy_fault, ld t1, 8(a1)
	UACC .Lcopy_fault, ld t2, 16(a1)
	UACC .Lcopy_fault, ld t3, 24(a1)
	UACC .Lcopy_fault, ld t4, 32(a1)
	UACC .Lcopy_fault, ld t5, 40(a1)
	UACC .Lcopy_fault, ld a3, 48(a1)
	UACC .Lcopy_fault, ld a4, 56(a1)
	UACC .Lcopy_fault, sd t0, 0(a0)
	UACC .Lcopy_fault, sd t1, 8(a0)
	UACC .Lcopy_fault, sd t2, 16(a0)
	UACC .Lcopy_fault, sd t3, 24(a0)
	UACC .Lcopy_fault, sd t4, 32(a0)
	UACC .Lcopy_fault, sd t5, 40(a0)
	UACC .Lcopy_fault, sd a3, 48(a0)
	UACC .Lcopy_fault, sd a4, 56(a0)
	addi	a0, a0, 64
	addi	a1, a1, 64
	addi	a2, a2, -64
	j	.Lwords64
.Lwords8:
	li	t0, 8
	bltu	a2, t0, .Lbytes
	UACC .Lcopy_fault, ld t1, 0(a1)
	UACC .Lcopy_fault, sd t1, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	.Lwords8
.Lbytes:
	beqz	a2, .Lcopy_done
	UACC .Lcopy_fault, lbu t0, 0(a1)
	UACC .Lcopy_fault, sb t0, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	.Lbytes
.Lcopy_done:
	csrc	sstatus, t6
	li	a0, 0
	ret
.Lcopy_fault:
	csrc	sstatus, t6
	mv	a0, a2
	ret

	.globl arch_strncpy_user
/*
 * arch_strncpy_user(dst a0, src a1 (user), n a2): copy a string of at
 * most n bytes including its NUL. Out: a0 = its length without the NUL,
 * n when no NUL was found in n bytes, or -EFAULT.
 */
arch_strncpy_user:
	li	t6, SR_SUM
	csrs	sstatus, t6
	li	t5, 0
1:	beq	t5, a2, 2f
	UACC .Lstr_fault, lbu t0, 0(a1)
	sb	t0, 0(a0)
	beqz	t0, 3f
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	t5, t5, 1
	j	1b
2:	csrc	sstatus, t6
	mv	a0, a2
	ret
3:	csrc	sstatus, t6
	mv	a0, t5
	ret
.Lstr_fault:
	csrc	sstatus, t6
	li	a0, -EFAULT
	ret

	.globl arch_clear_user
/*
 * arch_clear_user(dst a0 (user), n a1): zero n bytes.
 * Out: a0 = bytes not cleared.
 */
arch_clear_user:
	li	t6, SR_SUM
	csrs	sstatus, t6
1:	beqz	a1, 2f
	UACC .Lclear_fault, sb zero, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	1b
2:	csrc	sstatus, t6
	li	a0, 0
	ret
.Lclear_fault:
	csrc	sstatus, t6
	mv	a0, a1
	ret

	.globl arch_probe_write
/*
 * arch_probe_write(addr a0): rewrite one byte with its own value.
 * Out: a0 = 0 if the store went through, -EFAULT if it faulted.
 * For the boot W^X self-check; needs no SUM (kernel addresses).
 */
arch_probe_write:
	UACC .Lprobe_fault, lbu t0, 0(a0)
	UACC .Lprobe_fault, sb t0, 0(a0)
	li	a0, 0
	ret
.Lprobe_fault:
	li	a0, -EFAULT
	ret

	.globl arch_probe_exec
	.globl arch_probe_exec_fault
/*
 * arch_probe_exec(addr a0): call addr, which holds a ret if executable.
 * Out: a0 = 0 if it ran, -EFAULT if the fetch faulted: the caller sets
 * this hart's probe_recover to arch_probe_exec_fault, where kernel_trap
 * resumes with a0 = -EFAULT.
 */
arch_probe_exec:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	mv	t0, a0
	mv	a0, zero
	jalr	t0
arch_probe_exec_fault:
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret

	.globl arch_futex_cmpxchg
/*
 * arch_futex_cmpxchg(uaddr a0, old a1, new a2, cur a3 (kernel u32 *)):
 * atomically replace *uaddr with new if it holds old; *cur = the value
 * seen. Out: a0 = 0, or -EFAULT. The word must be 4-byte aligned.
 */
arch_futex_cmpxchg:
	li	t6, SR_SUM
	csrs	sstatus, t6
1:	UACC .Lfutex_fault, lr.w.aqrl t0, (a0)
	bne	t0, a1, 2f
	UACC .Lfutex_fault, sc.w.aqrl t1, a2, (a0)
	bnez	t1, 1b
2:	csrc	sstatus, t6
	sw	t0, 0(a3)
	li	a0, 0
	ret
.Lfutex_fault:
	csrc	sstatus, t6
	li	a0, -EFAULT
	ret

	.globl arch_futex_op
/*
 * arch_futex_op(op a0, uaddr a1, oparg a2, old a3 (kernel u32 *)):
 * one atomic FUTEX_OP_* (SET, ADD, OR, ANDN, XOR) on *uaddr.
 * Out: a0 = 0 and *old = the previous value, -EFAULT, or -ENOSYS.
 */
arch_futex_op:
	li	t6, SR_SUM
	csrs	sstatus, t6
	li	t1, UAPI_FUTEX_OP_SET
	beq	a0, t1, 10f
	li	t1, UAPI_FUTEX_OP_ADD
	beq	a0, t1, 11f
	li	t1, UAPI_FUTEX_OP_OR
	beq	a0, t1, 12f
	li	t1, UAPI_FUTEX_OP_ANDN
	beq	a0, t1, 13f
	li	t1, UAPI_FUTEX_OP_XOR
	beq	a0, t1, 14f
	csrc	sstatus, t6
	li	a0, -ENOSYS
	ret
10:	UACC .Lfutex_fault, amoswap.w.aqrl t0, a2, (a1)
	j	20f
11:	UACC .Lfutex_fault, amoadd.w.aqrl t0, a2, (a1)
	j	20f
12:	UACC .Lfutex_fault, amoor.w.aqrl t0, a2, (a1)
	j	20f
13:	not	a2, a2
	UACC .Lfutex_fault, amoand.w.aqrl t0, a2, (a1)
	j	20f
14:	UACC .Lfutex_fault, amoxor.w.aqrl t0, a2, (a1)
20:	csrc	sstatus, t6
	sw	t0, 0(a3)
	li	a0, 0
	ret
