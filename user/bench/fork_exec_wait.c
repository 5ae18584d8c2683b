/*
 * fork_exec_wait: the cost of running a program. Each operation is
 * fork(), the child's execve() of a tiny static program (/bench/true,
 * which exits 0 at its first instruction), and the parent's waitpid()
 * (wait4) reaping it; one metric, fork_exec_wait, per operation.
 *
 * usage: fork_exec_wait [ITERATIONS [PROGRAM]]
 * PROGRAM defaults to /bench/true; under qemu-riscv64 without binfmt_misc
 * pass a host program such as /bin/true to check the logic.
 */
#include "bench.h"

#define DEFAULT_ITERATIONS 300
#define WARMUP		   5
#define DEFAULT_PROGRAM	   "/bench/true"

extern char **environ;

static void
fork_exec_wait(const char *prog)
{
	char *child_argv[] = { (char *)prog, NULL };
	pid_t pid = fork();

	if (pid < 0)
		bench_fail("clone");
	if (pid == 0) {
		execve(prog, child_argv, environ);
		bench_fail("execve"); /* prints and exits 1: the parent sees it */
	}
	bench_reap(pid, 0);
}

int
main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, DEFAULT_ITERATIONS);
	const char *prog = argc > 2 ? argv[2] : DEFAULT_PROGRAM;
	struct bench_stamp a, b;

	for (long i = 0; i < WARMUP; i++)
		fork_exec_wait(prog);
	bench_start(&a);
	for (long i = 0; i < n; i++)
		fork_exec_wait(prog);
	bench_stop(&b);
	bench_report_span("fork_exec_wait", n, "op", &a, &b);
	return 0;
}
