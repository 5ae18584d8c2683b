/*
 * Kernel clocks: monotonic time since boot from the hart timer, and
 * wall-clock time from the RTC read once at boot plus monotonic time.
 */
#pragma once

#include <types.h>

/* Start the clocks: CLOCK_REALTIME reads wall_ns (ns since the epoch, from
 * the RTC; 0 when there is none) now. Boot, before the first file times. */
void time_init(uint64_t wall_ns);
/* Nanoseconds since boot; never goes backwards. Context: any. */
uint64_t time_monotonic_ns(void);
/* Nanoseconds since the Unix epoch (CLOCK_REALTIME). Context: any. */
uint64_t time_realtime_ns(void);
/* The monotonic time at which CLOCK_REALTIME reads real_ns (0 if that
 * was before boot). Context: any. */
uint64_t time_realtime_to_monotonic(uint64_t real_ns);
/* The clocks' resolution: one time-base tick, rounded up to a ns. */
uint64_t time_resolution_ns(void);
