/*
 * The supervisor timer. With Sstc the kernel writes stimecmp directly
 * (no trap to M-mode); otherwise it asks OpenSBI through SBI TIME.
 */
#include <arch/cpu.h>
#include "arch/riscv/csr.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/timer.h"

uint64_t timebase_hz = 10000000;
bool timer_has_sstc;

void
timer_init_boot(uint64_t hz, bool sstc)
{
	timebase_hz = hz;
	timer_has_sstc = sstc;
}

void
arch_timer_set(uint64_t deadline)
{
	if (timer_has_sstc)
		csr_write(0x14d, deadline) /* stimecmp */;
	else
		sbi_set_timer(deadline);
}

/* Start with no deadline and the timer interrupt enabled. */
void
timer_init_hart(void)
{
	arch_timer_set(~0ull);
	csr_set(sie, SIE_STIE);
}
