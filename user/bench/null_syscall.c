/*
 * null_syscall: the cost of entering and leaving the kernel. Calls
 * getppid (no work inside the kernel, never cached by glibc) in a loop
 * and reports one metric, null_syscall, per call.
 *
 * usage: null_syscall [ITERATIONS]
 */
#include "bench.h"

#include <sys/syscall.h>

#define DEFAULT_ITERATIONS 50000
#define WARMUP		   1000

/* getppid through syscall(2), so nothing in libc can short-cut it. */
static inline long
raw_getppid(void)
{
	return syscall(SYS_getppid);
}

/* Run @n calls; every one must return @ppid (the parent does not change). */
static void
loop(long n, long ppid)
{
	for (long i = 0; i < n; i++)
		if (raw_getppid() != ppid)
			bench_wrong("getppid changed");
}

int
main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, DEFAULT_ITERATIONS);
	struct bench_stamp a, b;
	long ppid = raw_getppid();

	bench_check(ppid, "getppid");
	loop(WARMUP, ppid);
	bench_start(&a);
	loop(n, ppid);
	bench_stop(&b);
	bench_report_span("null_syscall", n, "op", &a, &b);
	return 0;
}
