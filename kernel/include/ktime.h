/*
 * Units of time and the checks Linux makes on a user's timespec
 * (timespec64_valid()), shared by every layer that converts times.
 */
#pragma once

#include <linux/time_types.h>
#include <types.h>

#define NSEC_PER_USEC 1000ull
#define NSEC_PER_MSEC 1000000ull
#define NSEC_PER_SEC  1000000000ull

/* The largest time a timer or sleep holds (Linux's KTIME_MAX). */
#define KTIME_NS_MAX ((uint64_t)INT64_MAX)

/* A valid timespec: seconds not negative, nanoseconds in [0, 1 s). */
static inline bool
timespec_valid(const struct __kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long long)NSEC_PER_SEC;
}

/* sec s + sub units of unit ns, in ns, saturating at KTIME_NS_MAX as
 * Linux's timespec64_to_ktime(). Both parts already checked. */
static inline uint64_t
time_to_ns(long long sec, long long sub, uint64_t unit)
{
	if ((uint64_t)sec >= KTIME_NS_MAX / NSEC_PER_SEC)
		return KTIME_NS_MAX;
	return (uint64_t)sec * NSEC_PER_SEC + (uint64_t)sub * unit;
}
