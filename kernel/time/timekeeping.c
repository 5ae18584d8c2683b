/*
 * Clocks. CLOCK_REALTIME = RTC at boot + time since; settimeofday would
 * move realtime_offset (and would then have to re-arm sleeps on absolute
 * CLOCK_REALTIME deadlines, which are converted to monotonic time).
 */
#include <arch/cpu.h>
#include "time/time.h"

static uint64_t realtime_offset; /* [I] wall-clock ns at monotonic 0 */

void
time_init(uint64_t wall)
{
	uint64_t mono = arch_time_ns();

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

uint64_t
time_realtime_to_monotonic(uint64_t real_ns)
{
	return real_ns > realtime_offset ? real_ns - realtime_offset : 0;
}

uint64_t
time_resolution_ns(void)
{
	uint64_t ns = arch_ticks_to_ns(1);

	/* Truncated when the time base does not divide 1 s: round up. */
	return arch_ns_to_ticks(ns) == 0 ? ns + 1 : ns;
}
