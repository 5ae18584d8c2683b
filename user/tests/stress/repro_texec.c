/*
 * repro_texec: execve from a thread other than the leader, while the
 * leader waits in pthread_join (a stress-test finding, kept as a minimal
 * reproducer). A forked child does it; its new image prints a line and
 * exits 7. On Linux: "new image runs", then "child: exit 7", status 0.
 * (qemu-riscv64 cannot run it here: it execs a riscv64 program.)
 */
#include "tern_test.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *self;

static void *
exec_self(void *arg)
{
	char *argv[] = { self, "image", NULL };

	(void)arg;
	execv(self, argv);
	printf("execv: %s\n", err_name(errno));
	_exit(1);
}

int
main(int argc, char **argv)
{
	pthread_t t;
	pid_t pid;
	int st;

	if (argc > 1) {
		printf("new image runs\n");
		return 7;
	}
	self = argv[0];
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_create(&t, NULL, exec_self, NULL);
		pthread_join(t, NULL);
		_exit(2);
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st))
		printf("child: exit %d\n", WEXITSTATUS(st));
	else
		printf("child: killed by %s\n", sigabbrev_np(WTERMSIG(st)));
	return st == 7 << 8 ? 0 : 1;
}
