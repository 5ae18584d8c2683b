/*
 * A stand-in for build/kernel.elf, used only by test_harness.py to check
 * the boot harness itself: entered by OpenSBI in S-mode at 0x80200000,
 * it writes MESSAGE (a C string given at build time, see test_harness.py)
 * to QEMU virt's ns16550a UART and then powers off through the
 * sifive,test finisher with exit code STATUS -- or, if HANG is defined,
 * spins forever. The addresses are QEMU virt's; a real kernel reads them
 * from the FDT.
 */
#define UART_BASE	0x10000000
#define UART_LSR	5
#define LSR_THRE	0x20
#define FINISHER	0x100000
#define FINISHER_FAIL	0x3333
#define FINISHER_PASS	0x5555

	.section .text
	.globl _start
_start:
	lla	a0, message
	li	t0, UART_BASE
1:	lbu	a1, 0(a0)
	beqz	a1, 3f
2:	lbu	t1, UART_LSR(t0)
	andi	t1, t1, LSR_THRE
	beqz	t1, 2b
	sb	a1, 0(t0)
	addi	a0, a0, 1
	j	1b
3:
#ifdef HANG
	j	3b
#else
	li	t0, FINISHER
#if STATUS == 0
	li	t1, FINISHER_PASS
#else
	li	t1, (STATUS << 16) | FINISHER_FAIL
#endif
	sw	t1, 0(t0)
4:	j	4b
#endif

	.section .rodata
message:
	.asciz MESSAGE
