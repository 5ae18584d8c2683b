/*
 * Helpers shared by the time tests (user/tests/time/): clock readings in
 * ns, raw system calls (no vDSO or libc checks in the way) reported as
 * text that is the same on Linux and Tern, and a pass/fail tally.
 */
#pragma once

#include "tern_test.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_MS 1000000ull
#define NS_PER_S  1000000000ull

static bool time_test_failed;

/* Print "what: ok" or "what: FAIL (detail)", and remember a failure. */
#define CHECK(cond, what, ...)                                    \
	do {                                                      \
		if (cond) {                                       \
			printf("%s: ok\n", what);                 \
		} else {                                          \
			printf("%s: FAIL (", what);               \
			printf(__VA_ARGS__);                      \
			printf(")\n");                            \
			time_test_failed = true;                  \
		}                                                 \
	} while (0)

static inline uint64_t
ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NS_PER_S + (uint64_t)ts->tv_nsec;
}

static inline struct timespec
ns_ts(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / NS_PER_S), (long)(ns % NS_PER_S) };

	return ts;
}

/* The clock's reading through the raw system call; exits on failure. */
static inline uint64_t
clock_ns(clockid_t clock)
{
	struct timespec ts;

	if (syscall(SYS_clock_gettime, clock, &ts) != 0) {
		printf("clock_gettime(%d): %s\n", (int)clock, err_name(errno));
		exit(2);
	}
	return ts_ns(&ts);
}

/* "0", "-1 EFAULT", or "positive" for a raw call's return value and
 * errno, written into buf (OUTCOME_LEN bytes); returns buf. */
#define OUTCOME_LEN 32
static inline const char *
outcome(char *buf, long ret, int err)
{
	if (ret == -1)
		snprintf(buf, OUTCOME_LEN, "-1 %.20s", err_name(err));
	else if (ret == 0)
		snprintf(buf, OUTCOME_LEN, "0");
	else
		snprintf(buf, OUTCOME_LEN, "positive");
	return buf;
}

/* Spin in user mode until the monotonic clock has advanced by ns. */
static inline void
busy_for(uint64_t ns)
{
	uint64_t end = clock_ns(CLOCK_MONOTONIC) + ns;
	volatile uint64_t sink = 0;

	while (clock_ns(CLOCK_MONOTONIC) < end)
		for (int i = 0; i < 20000; i++)
			sink += (uint64_t)i;
}

/* Spin in user mode until this thread has had ns of CPU time; false if
 * that took more than 60 s of wall time (CPU time is not counted). */
static inline bool
busy_cpu(uint64_t ns)
{
	uint64_t end = clock_ns(CLOCK_THREAD_CPUTIME_ID) + ns;
	uint64_t give_up = clock_ns(CLOCK_MONOTONIC) + 60 * NS_PER_S;
	volatile uint64_t sink = 0;

	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) < end) {
		if (clock_ns(CLOCK_MONOTONIC) > give_up)
			return false;
		for (int i = 0; i < 20000; i++)
			sink += (uint64_t)i;
	}
	return true;
}

static inline int
time_test_exit(void)
{
	printf("%s\n", time_test_failed ? "FAIL" : "PASS");
	return time_test_failed ? 1 : 0;
}
