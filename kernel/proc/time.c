/*
 * Clocks. CLOCK_REALTIME = RTC at boot + time since; settimeofday would
 * move realtime_offset.
 */
#include "arch/riscv/arch.h"
#include "drivers/rtc.h"
#include "proc/time.h"

static uint64_t realtime_offset; /* [I] wall-clock ns at monotonic 0 */

void
time_init(void)
{
	uint64_t wall = rtc_read_ns(), mono = arch_time_ns();

	realtime_offset = wall > mono ? wall - mono : 0;
}

uint64_t
time_monotonic_ns(void)
{
	return arch_time_ns();
}

uint64_t
time_realtime_ns(void)
{
	return realtime_offset + arch_time_ns();
}
