/*
 * repro_leader_put: a thread group's leader ends while another thread
 * is about to drop the last reference to it, over and over, on several
 * harts (a make-test finding, kept as a reproducer):
 *
 *  exec      a thread other than the leader calls execve: the leader is
 *            killed and the exec'ing thread takes over its pid, then
 *            drops the old leader;
 *  autoreap  with SIGCHLD ignored, the leader calls pthread_exit and the
 *            other thread exits at once: the last thread frees the
 *            leader.
 *
 * The old leader may still be switching off its hart at that moment.
 * The kernel once let both that switch and the other thread drop the
 * leader's reference ("task_put: task N put more often than got").
 * Prints "exec: N rounds ok" and "autoreap: N rounds ok", exits 0.
 * (qemu-riscv64 cannot run the exec part here: it execs a riscv64
 * program.)
 */
#include "tern_test.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *self;

static void *
exec_self(void *arg)
{
	char *argv[] = { self, "image", NULL };

	(void)arg;
	execv(self, argv);
	_exit(1);
}

static void *
exit_at_once(void *arg)
{
	(void)arg;
	return NULL;
}

/* The leader exits first (pthread_exit), the other thread just after. */
static void
autoreap_child(void)
{
	pthread_t t;

	pthread_create(&t, NULL, exit_at_once, NULL);
	pthread_exit(NULL);
}

static int
exec_rounds(int n)
{
	for (int i = 0; i < n; i++) {
		pthread_t t;
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			pthread_create(&t, NULL, exec_self, NULL);
			pthread_join(t, NULL);
			_exit(2);
		}
		if (waitpid(pid, &st, 0) != pid || st != 7 << 8) {
			printf("exec: round %d: status %#x\n", i, st);
			return 1;
		}
	}
	printf("exec: %d rounds ok\n", n);
	return 0;
}

static int
autoreap_rounds(int n)
{
	signal(SIGCHLD, SIG_IGN);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		struct timespec ms = { 0, 1000000 };

		if (pid == 0)
			autoreap_child();
		/* No zombie to wait for: poll until the process is gone. */
		while (kill(pid, 0) == 0)
			nanosleep(&ms, NULL);
	}
	signal(SIGCHLD, SIG_DFL);
	printf("autoreap: %d rounds ok\n", n);
	return 0;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200;

	if (argc > 1 && !strcmp(argv[1], "image"))
		return 7;
	self = argv[0];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (exec_rounds(n) || autoreap_rounds(n))
		return 1;
	return 0;
}
