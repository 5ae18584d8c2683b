/*
 * repro_exec_sighand: execve from a process with other threads running,
 * 100 times. Each round, a child starts 3 spinning threads, arms a 60 s
 * ITIMER_REAL and execs itself; the new image checks that the interval
 * timer survived and exits 7; the parent must reap it with status 7
 * within 5 s. On Linux (and under qemu-riscv64): "rounds ok: 100".
 *
 * It reproduced two bugs, now fixed: the threads task_de_thread()
 * killed ended the whole process through task_exit_group() (the child
 * died of SIGKILL), and signal_exec_reset() swapped in a new sighand
 * while the killed threads still held the old one, so the new image's
 * exit was never taken for the process's end (the parent waited
 * forever), and its pending signals and timers stayed behind.
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
	for (int round = 0; round < 100; round++) {
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
