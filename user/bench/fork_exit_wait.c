/*
 * fork_exit_wait: the cost of a process's whole life without exec. Each
 * operation is fork() (glibc: clone with SIGCHLD), the child's _exit()
 * with a known status, and the parent's waitpid() (wait4) reaping it;
 * one metric, fork_exit_wait, per operation.
 *
 * usage: fork_exit_wait [ITERATIONS]
 */
#include "bench.h"

#define DEFAULT_ITERATIONS 1000
#define WARMUP		   10
#define CHILD_STATUS	   42

static void
fork_exit_wait(void)
{
	pid_t pid = fork();

	if (pid < 0)
		bench_fail("clone");
	if (pid == 0)
		_exit(CHILD_STATUS);
	bench_reap(pid, CHILD_STATUS);
}

int
main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, DEFAULT_ITERATIONS);
	struct bench_stamp a, b;

	for (long i = 0; i < WARMUP; i++)
		fork_exit_wait();
	bench_start(&a);
	for (long i = 0; i < n; i++)
		fork_exit_wait();
	bench_stop(&b);
	bench_report_span("fork_exit_wait", n, "op", &a, &b);
	return 0;
}
