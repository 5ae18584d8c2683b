/*
 * log_flood: what one program makes the kernel log is bounded
 * (kernel/printk/ratelimit.c). It calls one system-call number no Linux
 * has 1000 times (logged once), then 1000 different ones, and runs 1000
 * children that die of SIGSEGV; then it waits out the rate-limit
 * interval (5 s) and does each once more, so the kernel reports how many
 * lines it suppressed. Every call must fail with ENOSYS and every child
 * die of SIGSEGV; exits 0 only then. test_kernel.py counts the lines.
 */
#include "tern_test.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FLOOD	    1000
#define REPEATED_NR 7000 /* unknown numbers: above Linux's, below Tern's own */
#define FIRST_NR    5000
#define LAST_NR	    (FIRST_NR + FLOOD) /* called after the pause */

static bool
enosys(long nr)
{
	errno = 0;
	return syscall(nr) == -1 && errno == ENOSYS;
}

/* A child that stores through NULL; true if it died of SIGSEGV. */
static bool
segv_child(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		*(volatile int *)0 = 1;
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
}

int
main(void)
{
	struct timespec pause = { 6, 0 };
	int bad_calls = 0, bad_children = 0;

	for (int i = 0; i < FLOOD; i++)
		bad_calls += !enosys(REPEATED_NR);
	for (long nr = FIRST_NR; nr < LAST_NR; nr++)
		bad_calls += !enosys(nr);
	for (int i = 0; i < FLOOD; i++)
		bad_children += !segv_child();
	printf("flood done\n");
	fflush(stdout);
	nanosleep(&pause, NULL);
	bad_calls += !enosys(LAST_NR);
	bad_children += !segv_child();
	printf("calls without ENOSYS: %d\nchildren not killed by SIGSEGV: %d\n", bad_calls,
	       bad_children);
	printf("%s\n", bad_calls || bad_children ? "FAIL" : "PASS");
	return bad_calls || bad_children;
}
