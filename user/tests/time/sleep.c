/*
 * sleep: nanosleep and clock_nanosleep sleep as long as asked, not much
 * longer, and without using the CPU. Bounds are generous (QEMU on a
 * loaded host), but each check fails if the feature is broken: a sleep
 * that returns early, a sleep rounded up to 10 ms ticks, a sleep that
 * spins, CPU time that does not count. Prints the same on Linux and
 * Tern; exits 0 only if everything holds.
 */
#include "time_test.h"

#include <sys/resource.h>
#include <sys/times.h>

/* Slack for a sleep to end late: a loaded host can stall QEMU. */
#define LATE_NS (1000 * NS_PER_MS)

static void
relative_sleeps(void)
{
	struct timespec req = ns_ts(100 * NS_PER_MS), rem = { 12345, 6789 };
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC), dt;
	int r;

	r = nanosleep(&req, &rem);
	dt = clock_ns(CLOCK_MONOTONIC) - t0;
	CHECK(r == 0 && dt >= 100 * NS_PER_MS && dt < 100 * NS_PER_MS + LATE_NS,
	      "nanosleep(100 ms) sleeps at least 100 ms and less than 1.1 s", "ret %d, %llu ns",
	      r, (unsigned long long)dt);
	CHECK(rem.tv_sec == 12345 && rem.tv_nsec == 6789,
	      "nanosleep leaves the remaining time alone when not interrupted", "rem %lld.%09ld",
	      (long long)rem.tv_sec, rem.tv_nsec);
	const clockid_t clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_TAI };
	const char *names[] = { "MONOTONIC", "REALTIME", "BOOTTIME", "TAI" };
	for (int i = 0; i < 4; i++) {
		char what[96];

		req = ns_ts(50 * NS_PER_MS);
		t0 = clock_ns(CLOCK_MONOTONIC);
		r = clock_nanosleep(clocks[i], 0, &req, NULL);
		dt = clock_ns(CLOCK_MONOTONIC) - t0;
		snprintf(what, sizeof(what), "clock_nanosleep(%s, 50 ms) sleeps 50 ms to 1.05 s",
			 names[i]);
		CHECK(r == 0 && dt >= 50 * NS_PER_MS && dt < 50 * NS_PER_MS + LATE_NS, what,
		      "ret %d, %llu ns", r, (unsigned long long)dt);
	}
}

static void
absolute_sleeps(void)
{
	const clockid_t clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_TAI };
	const char *names[] = { "MONOTONIC", "REALTIME", "BOOTTIME", "TAI" };

	for (int i = 0; i < 4; i++) {
		uint64_t deadline = clock_ns(clocks[i]) + 80 * NS_PER_MS, woke;
		struct timespec ts = ns_ts(deadline);
		char what[96];
		int r;

		r = clock_nanosleep(clocks[i], TIMER_ABSTIME, &ts, NULL);
		woke = clock_ns(clocks[i]);
		snprintf(what, sizeof(what), "clock_nanosleep(%s, TIMER_ABSTIME, now + 80 ms)",
			 names[i]);
		CHECK(r == 0 && woke >= deadline && woke < deadline + LATE_NS, what,
		      "ret %d, woke %lld ns after the deadline", r, (long long)(woke - deadline));

		/* A deadline already past (half the clock's reading: the
		 * monotonic clocks may have started less than 1 s ago)
		 * returns at once. */
		ts = ns_ts(clock_ns(clocks[i]) / 2);
		deadline = clock_ns(CLOCK_MONOTONIC);
		r = clock_nanosleep(clocks[i], TIMER_ABSTIME, &ts, NULL);
		woke = clock_ns(CLOCK_MONOTONIC);
		snprintf(what, sizeof(what), "clock_nanosleep(%s, TIMER_ABSTIME, in the past) returns",
			 names[i]);
		CHECK(r == 0 && woke - deadline < 500 * NS_PER_MS, what, "ret %d, %llu ns", r,
		      (unsigned long long)(woke - deadline));
	}
}

/* Timers are precise: 20 sleeps of 1 ms are not 20 sleeps of a 10 ms
 * tick (which would take at least 200 ms). */
static void
short_sleeps(void)
{
	struct timespec req = ns_ts(NS_PER_MS);
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC), dt;
	int bad = 0;

	for (int i = 0; i < 20; i++)
		if (nanosleep(&req, NULL) != 0)
			bad++;
	dt = clock_ns(CLOCK_MONOTONIC) - t0;
	CHECK(bad == 0 && dt >= 20 * NS_PER_MS && dt < 150 * NS_PER_MS,
	      "20 sleeps of 1 ms take 20 ms to 150 ms", "%d failed, %llu ns", bad,
	      (unsigned long long)dt);
}

static uint64_t
rusage_ns(int who)
{
	struct rusage ru;

	if (getrusage(who, &ru) != 0)
		return 0;
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * NS_PER_S +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

/* Sleeping costs no CPU time: every account of it stays near zero. */
static void
sleep_is_free(void)
{
	struct timespec req = ns_ts(200 * NS_PER_MS);
	struct tms t0, t1;
	uint64_t p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID), th0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	uint64_t r0 = rusage_ns(RUSAGE_SELF), rt0 = rusage_ns(RUSAGE_THREAD);
	clock_t c0 = times(&t0), c1;

	nanosleep(&req, NULL);
	c1 = times(&t1);
	CHECK(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - p0 < 30 * NS_PER_MS,
	      "CLOCK_PROCESS_CPUTIME_ID advances < 30 ms over a 200 ms sleep", "%llu ns",
	      (unsigned long long)(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - p0));
	CHECK(clock_ns(CLOCK_THREAD_CPUTIME_ID) - th0 < 30 * NS_PER_MS,
	      "CLOCK_THREAD_CPUTIME_ID advances < 30 ms over a 200 ms sleep", "%llu ns",
	      (unsigned long long)(clock_ns(CLOCK_THREAD_CPUTIME_ID) - th0));
	CHECK(rusage_ns(RUSAGE_SELF) - r0 < 30 * NS_PER_MS && rusage_ns(RUSAGE_THREAD) - rt0 < 30 * NS_PER_MS,
	      "getrusage user+system time advances < 30 ms over the sleep", "self %llu ns",
	      (unsigned long long)(rusage_ns(RUSAGE_SELF) - r0));
	CHECK((t1.tms_utime + t1.tms_stime) - (t0.tms_utime + t0.tms_stime) <= 3,
	      "times() user+system advance at most 3 ticks over the sleep", "%ld ticks",
	      (long)((t1.tms_utime + t1.tms_stime) - (t0.tms_utime + t0.tms_stime)));
	CHECK(c1 - c0 >= 19 && c1 - c0 <= 130, "times() elapsed 20 to 130 ticks over the sleep",
	      "%ld ticks", (long)(c1 - c0));
}

/* Running costs CPU time: a 300 ms busy loop shows in every account
 * (at least half of it: the host may share the CPU with others). */
static void
busy_is_counted(void)
{
	uint64_t w0 = clock_ns(CLOCK_MONOTONIC), p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t th0 = clock_ns(CLOCK_THREAD_CPUTIME_ID), r0 = rusage_ns(RUSAGE_SELF), wall, p, th;
	struct tms t0, t1;

	times(&t0);
	busy_for(300 * NS_PER_MS);
	times(&t1);
	wall = clock_ns(CLOCK_MONOTONIC) - w0;
	p = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - p0;
	th = clock_ns(CLOCK_THREAD_CPUTIME_ID) - th0;
	CHECK(p >= 150 * NS_PER_MS && p <= wall + 20 * NS_PER_MS,
	      "a 300 ms busy loop adds 150 ms up to its wall time to CLOCK_PROCESS_CPUTIME_ID",
	      "%llu ns of %llu", (unsigned long long)p, (unsigned long long)wall);
	CHECK(th >= 150 * NS_PER_MS && th <= wall + 20 * NS_PER_MS,
	      "... and to CLOCK_THREAD_CPUTIME_ID", "%llu ns", (unsigned long long)th);
	CHECK(rusage_ns(RUSAGE_SELF) - r0 >= 150 * NS_PER_MS, "... and to getrusage(RUSAGE_SELF)",
	      "%llu ns", (unsigned long long)(rusage_ns(RUSAGE_SELF) - r0));
	CHECK(t1.tms_utime + t1.tms_stime - t0.tms_utime - t0.tms_stime >= 15,
	      "... and at least 15 ticks to times()", "%ld",
	      (long)(t1.tms_utime + t1.tms_stime - t0.tms_utime - t0.tms_stime));
	CHECK(t1.tms_cutime == 0 && t1.tms_cstime == 0, "no children, no children's time",
	      "%ld %ld", (long)t1.tms_cutime, (long)t1.tms_cstime);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	relative_sleeps();
	absolute_sleeps();
	short_sleeps();
	sleep_is_free();
	busy_is_counted();
	return time_test_exit();
}
