/*
 * repro_exec_sighand: execve from a process with other threads running
 * (a reproducer of two kernel bugs outside the timer code; not in
 * test_timer.py until they are fixed). Each round, a child starts 3
 * spinning threads and execs itself; the new image checks that its
 * ITIMER_REAL survived and exits 7; the parent must reap it with status
 * 7 within 5 s. On Linux (and under qemu-riscv64): "rounds ok: 200".
 *
 * 1. The threads task_de_thread() kills with SIGKILL die through
 *    task_exit_group(), which SIGKILLs every other thread -- the one in
 *    execve too: the child dies of SIGKILL (status 0x9), on 2 and 4
 *    harts at round 0. Linux's do_group_exit() kills no one else while
 *    an exec waits (signal->group_exec_task).
 * 2. With that fixed, signal_exec_reset() finds the sighand still
 *    referenced by the killed threads' task structs (freed only as they
 *    leave their harts) and "unshares" it: the new sighand does not list
 *    the exec'ing task (nr_threads 0), so its exit is never taken for the
 *    process's end and the parent waits forever; shared pending signals
 *    and the process's timers (sighand->timers) stay behind on the old
 *    sighand. Only threads of one process share a sighand (fork.c), and
 *    after task_de_thread() the exec'ing task is the only one left: the
 *    reset can be done in place.
 */
#include "timer_test.h"

#include <sys/wait.h>

static void *
spin(void *arg)
{
	(void)arg;
	for (volatile unsigned long i = 0;; i++)
		;
	return NULL;
}

static void
on_alarm(int sig)
{
	(void)sig;
}

static int
new_image(void)
{
	struct itimerval v;

	getitimer(ITIMER_REAL, &v);
	return v.it_value.tv_sec >= 50 ? 7 : 8;
}

int
main(int argc, char **argv)
{
	const char *self = self_path(argv[0]);
	struct sigaction sa;
	int ok = 0;

	if (argc > 1)
		return new_image();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	for (int round = 0; round < 200; round++) {
		pid_t pid = fork_flushed();
		int st = -1;

		if (pid == 0) {
			struct itimerval v = { { 0, 0 }, { 60, 0 } };
			pthread_t t;

			setitimer(ITIMER_REAL, &v, NULL);
			for (int i = 0; i < 3; i++)
				pthread_create(&t, NULL, spin, NULL);
			exec_self(self, "image");
			_exit(1);
		}
		alarm(5);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7) {
			printf("round %d: the child was not reaped with status 7 (status %#x)\n",
			       round, st);
			return 1;
		}
		alarm(0);
		ok++;
	}
	printf("rounds ok: %d\n", ok);
	return 0;
}
