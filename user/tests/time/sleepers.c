/*
 * sleepers: many tasks sleeping and waking at once, on every hart. Eight
 * children each make 100 sleeps of 0 to 1.75 ms (relative, and absolute
 * on CLOCK_MONOTONIC), spinning a little between them so that harts are
 * busy when timers fire and tasks move between harts; every sleep must
 * last at least what was asked. Prints the same on Linux and Tern;
 * exits 0 only if every child saw every sleep right.
 */
#include "time_test.h"

#include <sys/wait.h>

#define CHILDREN 8
#define SLEEPS	 100

static int
sleeper(int n)
{
	int short_sleeps = 0, errors = 0;

	for (int i = 0; i < SLEEPS; i++) {
		uint64_t want = (uint64_t)((i * 7 + n) % 8) * 250000, t0 = clock_ns(CLOCK_MONOTONIC);
		struct timespec ts = ns_ts(want);
		int r;

		if (i % 2) {
			ts = ns_ts(t0 + want);
			r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		} else {
			r = nanosleep(&ts, NULL) ? errno : 0;
		}
		if (r)
			errors++;
		if (clock_ns(CLOCK_MONOTONIC) - t0 < want)
			short_sleeps++;
		if (i % 3 == 0)
			busy_for(200000);
	}
	if (!short_sleeps && !errors)
		return 0;
	printf("sleeper %d: %d short, %d failed\n", n, short_sleeps, errors);
	return 1;
}

int
main(void)
{
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC), dt;
	pid_t pids[CHILDREN];
	int bad = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int n = 0; n < CHILDREN; n++) {
		pids[n] = fork();
		if (pids[n] < 0) {
			printf("fork: %s\n", err_name(errno));
			return 2;
		}
		if (pids[n] == 0)
			return sleeper(n);
	}
	for (int n = 0; n < CHILDREN; n++) {
		int status = 0;

		if (waitpid(pids[n], &status, 0) != pids[n] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad++;
	}
	dt = clock_ns(CLOCK_MONOTONIC) - t0;
	CHECK(bad == 0, "8 sleepers x 100 sleeps: every sleep at least as long as asked",
	      "%d children failed", bad);
	CHECK(dt < 30 * NS_PER_S, "... all done within 30 s", "%llu ns", (unsigned long long)dt);
	return time_test_exit();
}
