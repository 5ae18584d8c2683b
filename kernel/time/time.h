/*
 * Kernel clocks: monotonic time since boot from the hart timer, and
 * wall-clock time from the RTC read once at boot plus monotonic time.
 */
#pragma once

#include <types.h>

void time_init(void);
/* Nanoseconds since boot; never goes backwards. Context: any. */
uint64_t time_monotonic_ns(void);
/* Nanoseconds since the Unix epoch (CLOCK_REALTIME). Context: any. */
uint64_t time_realtime_ns(void);
/* The monotonic time at which CLOCK_REALTIME reads real_ns (0 if that
 * was before boot). Context: any. */
uint64_t time_realtime_to_monotonic(uint64_t real_ns);
/* The clocks' resolution: one time-base tick, rounded up to a ns. */
uint64_t time_resolution_ns(void);
