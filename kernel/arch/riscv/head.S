/*
 * Kernel entry from the firmware, for the boot hart and for the harts
 * started later through SBI HSM.
 */
#include <arch/memlayout.h>
#include "asm-offsets.h"

	.section .text.head, "ax"

/*
 * _start: the boot hart's first instruction.
 * In:  S-mode, MMU off, running at the physical load address;
 *      a0 = hart id, a1 = physical address of the FDT.
 * Clears .bss, builds the boot page table (early_map), turns on Sv39,
 * jumps to the kernel's virtual alias and calls arch_boot(hartid, fdt_pa)
 * on the boot stack. Never returns.
 */
	.globl _start
_start:
	csrw	sie, zero
	csrw	stvec, zero
	/* OpenSBI 1.1 can release a hart we start through HSM before it has
	 * stored the start address we gave, so that hart arrives here: only
	 * the first hart boots, any later one takes the secondary path (the
	 * boot hart filled secondary_boot for it before starting it). */
	lla	t0, boot_claimed
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, secondary_start
	/* No global pointer: the kernel is not linked for gp relaxation. */
	mv	gp, zero
	mv	s0, a0
	mv	s1, a1
	lla	t0, _bss_start
	lla	t1, _bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	lla	sp, boot_stack_top
	call	early_map
	csrw	satp, a0
	sfence.vma
	/* An absolute address, so the jump leaves the identity map. */
	ld	t0, .Lboot_virt
	jr	t0
	.balign 8
.Lboot_virt:
	.dword	boot_virt

boot_virt:
	lla	sp, boot_stack_top
	mv	a0, s0
	mv	a1, s1
	call	arch_boot
	j	.

/*
 * secondary_start: where SBI HSM hart_start sends every other hart.
 * In:  S-mode, MMU off, physical addresses; a0 = hart id, a1 = opaque
 *      (unused). The boot hart has filled secondary_boot (one hart at a
 *      time) with the boot satp, this hart's stack top and its per-hart
 *      pointer. Calls arch_secondary_boot(hartid) with tp set. Never returns.
 */
	.globl secondary_start
secondary_start:
	csrw	sie, zero
	csrw	stvec, zero
	mv	gp, zero
	mv	s0, a0
	lla	t0, secondary_boot
	ld	t1, SB_SATP(t0)
	csrw	satp, t1
	sfence.vma
	ld	t0, .Lsecondary_virt
	jr	t0
	.balign 8
.Lsecondary_virt:
	.dword	secondary_virt

secondary_virt:
	lla	t0, early_trapvec
	csrw	stvec, t0
	lla	t0, secondary_boot
	/* Now in the kernel image's alias: switch to the full kernel map,
	 * which has the kernel stacks the boot table lacks. */
	ld	t1, SB_KERNEL_SATP(t0)
	csrw	satp, t1
	sfence.vma
	ld	sp, SB_SP(t0)
	ld	tp, SB_TP(t0)
	mv	a0, s0
	call	arch_secondary_boot
	j	.

	.section .data
	.balign 4
boot_claimed:
	.word	0

	.section .bss
	.balign 16
boot_stack:
	.space	KSTACK_SIZE
	.globl boot_stack_top
boot_stack_top:
