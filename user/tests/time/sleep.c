/*
 * sleep: nanosleep and clock_nanosleep sleep as long as asked, not much
 * longer, and without using the CPU. Bounds are generous (QEMU on a
 * loaded host), but each check fails if the feature is broken: a sleep
 * that returns early, a sleep rounded up to 10 ms ticks, a sleep that
 * spins, CPU time that does not count or counts more than wall time.
 * Prints the same on Linux and Tern; exits 0 only if everything holds.
 */
#include "time_test.h"

#include <sys/random.h>
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

static int
by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Timers are precise: back-to-back sleeps of 1 ms rounded up to a 10 ms
 * tick would each last about 10 ms; a loaded host delays some wake-ups,
 * not the median one. */
static void
short_sleeps(void)
{
	struct timespec req = ns_ts(NS_PER_MS);
	uint64_t took[21];
	int bad = 0;

	for (int i = 0; i < 21; i++) {
		uint64_t t0 = clock_ns(CLOCK_MONOTONIC);

		if (nanosleep(&req, NULL) != 0)
			bad++;
		took[i] = clock_ns(CLOCK_MONOTONIC) - t0;
	}
	qsort(took, 21, sizeof(took[0]), by_value);
	CHECK(bad == 0 && took[0] >= NS_PER_MS && took[10] < 5 * NS_PER_MS,
	      "sleeps of 1 ms last at least 1 ms, and the median less than 5 ms",
	      "%d failed, shortest %llu ns, median %llu ns", bad, (unsigned long long)took[0],
	      (unsigned long long)took[10]);
}

/* User + system time (or user time only) from getrusage, in ns. */
static uint64_t
rusage_of(int who, bool user_only)
{
	struct rusage ru;
	uint64_t ns;

	if (getrusage(who, &ru) != 0)
		return 0;
	ns = (uint64_t)ru.ru_utime.tv_sec * NS_PER_S + (uint64_t)ru.ru_utime.tv_usec * 1000;
	if (!user_only)
		ns += (uint64_t)ru.ru_stime.tv_sec * NS_PER_S + (uint64_t)ru.ru_stime.tv_usec * 1000;
	return ns;
}

static uint64_t
rusage_ns(int who)
{
	return rusage_of(who, false);
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

/* Running costs CPU time: a loop that spins until it has had 300 ms of
 * it (which never ends if CPU time is not counted) shows it in every
 * account, and never more than the wall time it took. */
static void
busy_is_counted(void)
{
	uint64_t w0 = clock_ns(CLOCK_MONOTONIC), p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t r0 = rusage_ns(RUSAGE_SELF), u0 = rusage_of(RUSAGE_SELF, true), wall, p, u;
	struct tms t0, t1;
	bool done;

	times(&t0);
	done = busy_cpu(300 * NS_PER_MS);
	times(&t1);
	wall = clock_ns(CLOCK_MONOTONIC) - w0;
	p = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - p0;
	CHECK(done, "a busy loop gets 300 ms of CPU time within 60 s", "CPU time stalled");
	CHECK(p >= 300 * NS_PER_MS && p <= wall + 20 * NS_PER_MS,
	      "CLOCK_PROCESS_CPUTIME_ID counts them, and no more than the wall time",
	      "%llu ns of %llu", (unsigned long long)p, (unsigned long long)wall);
	CHECK(rusage_ns(RUSAGE_SELF) - r0 >= 290 * NS_PER_MS, "... and getrusage(RUSAGE_SELF)",
	      "%llu ns", (unsigned long long)(rusage_ns(RUSAGE_SELF) - r0));
	/* It spins in user mode, reading the clock now and then. */
	u = rusage_of(RUSAGE_SELF, true) - u0;
	CHECK(u * 2 >= p, "most of it is user time", "%llu ns of %llu", (unsigned long long)u,
	      (unsigned long long)p);
	CHECK(t1.tms_utime + t1.tms_stime - t0.tms_utime - t0.tms_stime >= 28,
	      "... and times(), at least 28 ticks", "%ld",
	      (long)(t1.tms_utime + t1.tms_stime - t0.tms_utime - t0.tms_stime));
	CHECK(t1.tms_cutime == 0 && t1.tms_cstime == 0, "no children, no children's time",
	      "%ld %ld", (long)t1.tms_cutime, (long)t1.tms_cstime);
}

/* Kernel work is system time: a loop of large getrandom() calls spends
 * most of its CPU time in the kernel. */
static void
system_time_is_counted(void)
{
	static char buf[65536];
	uint64_t c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID), s0 = rusage_ns(RUSAGE_THREAD);
	uint64_t u0 = rusage_of(RUSAGE_THREAD, true), give_up = clock_ns(CLOCK_MONOTONIC) + 60 * NS_PER_S;
	uint64_t cpu, sys;

	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0 < 300 * NS_PER_MS &&
	       clock_ns(CLOCK_MONOTONIC) < give_up)
		if (getrandom(buf, sizeof(buf), 0) < 0)
			break;
	cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
	sys = (rusage_ns(RUSAGE_THREAD) - s0) - (rusage_of(RUSAGE_THREAD, true) - u0);
	CHECK(cpu >= 300 * NS_PER_MS && sys * 2 >= cpu,
	      "a getrandom() loop's 300 ms of CPU time are mostly system time", "%llu ns of %llu",
	      (unsigned long long)sys, (unsigned long long)cpu);
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
	system_time_is_counted();
	return time_test_exit();
}
