/*
 * The goldfish real-time clock: wall-clock time for CLOCK_REALTIME.
 */
#pragma once

#include <types.h>

void rtc_init(paddr_t base);
/* Nanoseconds since the Unix epoch, or 0 when there is no RTC. */
uint64_t rtc_read_ns(void);
