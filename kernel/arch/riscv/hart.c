/*
 * This hart's interrupt enable, idling, time base and halting.
 */
#include <arch/cpu.h>
#include "arch/riscv/csr.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/timer.h"

void
arch_wait_for_interrupt(void)
{
	wfi();
}

uint64_t
arch_ticks_to_ns(uint64_t ticks)
{
	/* Split so that the multiplication cannot overflow for years. */
	return ticks / timebase_hz * 1000000000ull +
	       ticks % timebase_hz * 1000000000ull / timebase_hz;
}

uint64_t
arch_ns_to_ticks(uint64_t ns)
{
	return ns / 1000000000ull * timebase_hz + ns % 1000000000ull * timebase_hz / 1000000000ull;
}

void
arch_halt(void)
{
	csr_write(sie, 0);
	arch_irq_disable();
	for (;;)
		wfi();
}

void
arch_firmware_poweroff(int failure)
{
	/* SBI SRST: type 0 shutdown, reason 0 none / 1 system failure. */
	sbi_system_reset(0, failure ? 1 : 0);
}
