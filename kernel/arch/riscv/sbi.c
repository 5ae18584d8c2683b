/*
 * SBI calls: ecall to the M-mode firmware with the extension id in a7
 * and the function id in a6 (SBI spec v1.0, chapter 3).
 */
#include <arch/cpu.h>
#include "arch/riscv/sbi.h"

struct sbiret
sbi_call(long ext, long fid, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	/* The firmware may read or write memory we pass it: "memory". */
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ .error = (long)r0, .value = (long)r1 };
}

bool
sbi_probe(long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);

	return r.error == 0 && r.value != 0;
}

void
sbi_set_timer(uint64_t deadline)
{
	sbi_call(SBI_EXT_TIME, 0, deadline, 0, 0);
}

int
sbi_hart_start(unsigned long hartid, paddr_t start, unsigned long opaque)
{
	return (int)sbi_call(SBI_EXT_HSM, 0, hartid, start, opaque).error;
}

void
sbi_send_ipi(unsigned long mask, unsigned long base)
{
	sbi_call(SBI_EXT_IPI, 0, mask, base, 0);
}

void
sbi_system_reset(unsigned type, unsigned reason)
{
	sbi_call(SBI_EXT_SRST, 0, type, reason, 0);
}

/* The legacy console extension (0x01): OpenSBI keeps it for early output. */
void
arch_early_putc(char c)
{
	sbi_call(0x01, 0, (unsigned char)c, 0, 0);
}
