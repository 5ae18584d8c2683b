/*
 * sleep_idle: a sleeping process leaves its CPU to others. Meant for one
 * hart: the parent sleeps 600 ms while a child spins for 400 ms of wall
 * time; the child must get at least 70% of that as CPU time (a parent
 * that spun while "sleeping" would take half), and the parent must use
 * under 30 ms of CPU time for its sleep. Then the parent sleeps on the
 * child's CPU-time clock (clock_getcpuclockid) until the child has used
 * 100 ms more. Exits 0 only if all hold. (Under qemu-riscv64 the
 * child's share is the host's to give, so Linux is not the reference.)
 */
#include "time_test.h"

#include <sys/wait.h>

static int
child_spins(void)
{
	uint64_t w0 = clock_ns(CLOCK_MONOTONIC), c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t wall, cpu;

	busy_for(400 * NS_PER_MS);
	wall = clock_ns(CLOCK_MONOTONIC) - w0;
	cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - c0;
	/* Keep running a while, for the parent's sleep on our clock. */
	busy_for(1500 * NS_PER_MS);
	/* The parent reports, so that the output's order is fixed. */
	if (cpu * 10 >= wall * 7)
		return 0;
	printf("child: %llu ns of CPU time in %llu ns\n", (unsigned long long)cpu,
	       (unsigned long long)wall);
	return 1;
}

static int
wait_child(pid_t pid)
{
	int status = 0;

	if (waitpid(pid, &status, 0) != pid) {
		printf("waitpid: %s\n", err_name(errno));
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void
sleep_on_child_clock(pid_t pid)
{
	struct timespec req = ns_ts(100 * NS_PER_MS);
	clockid_t cid;
	uint64_t before, after;
	int r;

	r = clock_getcpuclockid(pid, &cid);
	CHECK(r == 0, "clock_getcpuclockid(child)", "%s", err_name(r));
	if (r)
		return;
	before = clock_ns(cid);
	r = clock_nanosleep(cid, 0, &req, NULL);
	after = clock_ns(cid);
	CHECK(r == 0 && after - before >= 100 * NS_PER_MS,
	      "clock_nanosleep(child's CPU clock, 100 ms) returns after the child used 100 ms",
	      "ret %s, %llu ns", err_name(r), (unsigned long long)(after - before));
}

int
main(void)
{
	struct timespec req = ns_ts(600 * NS_PER_MS);
	uint64_t c0;
	pid_t pid;
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pid = fork();
	if (pid < 0) {
		printf("fork: %s\n", err_name(errno));
		return 2;
	}
	if (pid == 0)
		return child_spins();
	c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	nanosleep(&req, NULL);
	CHECK(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - c0 < 30 * NS_PER_MS,
	      "the sleeping parent uses < 30 ms of CPU time", "%llu ns",
	      (unsigned long long)(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - c0));
	sleep_on_child_clock(pid);
	r = wait_child(pid);
	CHECK(r == 0, "the spinning child got >= 70% of the CPU while its parent slept",
	      "child status %d", r);
	return time_test_exit();
}
