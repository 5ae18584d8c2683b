/*
 * Kernel clocks: monotonic time since boot from the hart timer, and
 * wall-clock time from the RTC read once at boot plus monotonic time.
 */
#pragma once

#include <types.h>

void time_init(void);
uint64_t time_monotonic_ns(void);
uint64_t time_realtime_ns(void);
