/*
 * repro_wake_migrate: a task woken on its way into schedule() -- marked
 * sleeping, not yet switched out -- after another process took the hart
 * it runs on out of its allowed set. The waker queued it on an allowed
 * hart, which could take it from its own queue and switch to it while it
 * still ran (both harts then waited for each other: a hang), or after it
 * had exited (a task_put() "put more often than got" panic); and a waker
 * that got to the queue late could queue a task that had exited since.
 * Found by the system-call fuzzer (tests/system/test_fuzz.py).
 *
 * Each round forks a victim that reads a pipe a byte at a time, so it
 * goes in and out of its sleep; the test (init) writes the bytes, flips
 * the victim's allowed harts between two halves of the machine between
 * writes, and after some 60 writes kills it with SIGKILL, which lands in
 * that window now and then. Run as init on 4 harts:
 *
 *   repro_wake_migrate [ROUNDS]     (default 600; the bug showed within
 *                                    a few hundred)
 *
 * Prints "N rounds: ok" and exits 0 if the kernel lives through them.
 */
#include "tern_test.h"

#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define WRITES 60

static void
victim(int fd)
{
	char c;

	for (;;)
		if (read(fd, &c, 1) < 0)
			_exit(1);
}

/* One round: returns false if the victim did not end killed. */
static bool
round_once(unsigned round)
{
	cpu_set_t halves[2];
	int p[2], st;
	pid_t pid;

	CPU_ZERO(&halves[0]);
	CPU_ZERO(&halves[1]);
	CPU_SET(0, &halves[0]);
	CPU_SET(1, &halves[0]);
	CPU_SET(2, &halves[1]);
	CPU_SET(3, &halves[1]);
	if (pipe(p))
		return false;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		victim(p[0]);
	}
	close(p[0]);
	/* Vary where in the victim's loop the kill lands. */
	for (unsigned i = 0; i < WRITES + round % 7; i++) {
		if (write(p[1], "x", 1) != 1)
			break;
		sched_setaffinity(pid, sizeof(cpu_set_t), &halves[i & 1]);
	}
	kill(pid, SIGKILL);
	close(p[1]);
	return waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

int
main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 600;

	for (unsigned r = 0; r < rounds; r++)
		if (!round_once(r)) {
			printf("round %u: the victim did not end by SIGKILL\n", r);
			return 1;
		}
	printf("%u rounds: ok\n", rounds);
	return 0;
}
