/*
 * Four CPU-bound processes on four harts all make progress at once:
 * each spins for about a second of wall time, and the CPU time each one
 * got (its rusage, reported by wait4) must cover most of that second.
 * On one hart they would share it: each would get about a quarter.
 * Usage: smp_progress [N] (default 4 processes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
spin(double seconds)
{
	double end = now() + seconds;
	volatile unsigned long x = 0;

	while (now() < end)
		for (int i = 0; i < 10000; i++)
			x += (unsigned long)i;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4, ok = 1;
	double start = now(), wall;

	for (int i = 0; i < n; i++) {
		if (fork() == 0) {
			spin(1.0);
			_exit(0);
		}
	}
	for (int i = 0; i < n; i++) {
		struct rusage ru;
		int st;
		double cpu;

		if (wait4(-1, &st, 0, &ru) < 0 || !WIFEXITED(st)) {
			printf("wait4 failed\n");
			return 1;
		}
		cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		      (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
		/* Ran alongside the others: most of its second was CPU time. */
		if (cpu < 0.6)
			ok = 0;
		printf("a spinner got at least 0.6 s of CPU in its 1 s: %s\n", cpu >= 0.6 ? "yes" : "NO");
	}
	wall = now() - start;
	printf("all %d finished within 2.5 s of wall time: %s\n", n, wall < 2.5 ? "yes" : "NO");
	ok = ok && wall < 2.5;
	printf("%s\n", ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}
