/*
 * monotonic: the clocks move the right way. 20000 readings of
 * CLOCK_MONOTONIC (with sched_yield between some, so the task may move
 * between harts) never go backwards; BOOTTIME is never behind MONOTONIC;
 * a coarse clock is never ahead of its precise one read after it; the
 * CPU-time clocks never go backwards either; REALTIME, gettimeofday and
 * time() agree. Prints the same on Linux and Tern; exits 0 only if all
 * hold.
 */
#include "time_test.h"

#include <sched.h>
#include <sys/time.h>

static void
monotonic_reads(void)
{
	uint64_t prev = clock_ns(CLOCK_MONOTONIC), backwards = 0, boot_behind = 0;

	for (int i = 0; i < 20000; i++) {
		uint64_t now = clock_ns(CLOCK_MONOTONIC), boot = clock_ns(CLOCK_BOOTTIME);

		if (now < prev)
			backwards++;
		if (boot < now)
			boot_behind++;
		prev = now;
		if (i % 100 == 0)
			sched_yield();
	}
	CHECK(backwards == 0, "CLOCK_MONOTONIC never goes backwards in 20000 reads",
	      "%llu times", (unsigned long long)backwards);
	CHECK(boot_behind == 0, "CLOCK_BOOTTIME is never behind CLOCK_MONOTONIC", "%llu times",
	      (unsigned long long)boot_behind);
}

static void
coarse_reads(void)
{
	uint64_t ahead = 0;

	for (int i = 0; i < 2000; i++) {
		uint64_t coarse = clock_ns(CLOCK_MONOTONIC_COARSE), fine = clock_ns(CLOCK_MONOTONIC);
		uint64_t rcoarse = clock_ns(CLOCK_REALTIME_COARSE), rfine = clock_ns(CLOCK_REALTIME);

		if (coarse > fine || rcoarse > rfine)
			ahead++;
	}
	CHECK(ahead == 0, "coarse clocks are never ahead of the precise ones", "%llu times",
	      (unsigned long long)ahead);
}

static void
cpu_clock_reads(void)
{
	uint64_t pprev = 0, tprev = 0, backwards = 0;

	for (int i = 0; i < 5000; i++) {
		uint64_t p = clock_ns(CLOCK_PROCESS_CPUTIME_ID), t = clock_ns(CLOCK_THREAD_CPUTIME_ID);

		if (p < pprev || t < tprev)
			backwards++;
		pprev = p;
		tprev = t;
	}
	CHECK(backwards == 0, "the CPU-time clocks never go backwards", "%llu times",
	      (unsigned long long)backwards);
	CHECK(pprev > 0 && tprev > 0, "the CPU-time clocks have counted this loop", "%llu, %llu",
	      (unsigned long long)pprev, (unsigned long long)tprev);
}

static void
wall_clocks_agree(void)
{
	struct timeval tv;
	uint64_t before = clock_ns(CLOCK_REALTIME), tod, after;
	time_t t;

	if (syscall(SYS_gettimeofday, &tv, NULL) != 0) {
		CHECK(false, "gettimeofday", "%s", err_name(errno));
		return;
	}
	t = time(NULL);
	after = clock_ns(CLOCK_REALTIME);
	tod = (uint64_t)tv.tv_sec * NS_PER_S + (uint64_t)tv.tv_usec * 1000;
	CHECK(before / 1000 * 1000 <= tod && tod <= after, "gettimeofday agrees with CLOCK_REALTIME",
	      "%llu <= %llu <= %llu", (unsigned long long)before, (unsigned long long)tod,
	      (unsigned long long)after);
	CHECK((uint64_t)t >= before / NS_PER_S && (uint64_t)t <= after / NS_PER_S,
	      "time() agrees with CLOCK_REALTIME", "%lld", (long long)t);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	monotonic_reads();
	coarse_reads();
	cpu_clock_reads();
	wall_clocks_agree();
	return time_test_exit();
}
