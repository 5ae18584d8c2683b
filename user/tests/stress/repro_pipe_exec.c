/*
 * repro_pipe_exec: two threads of one process each loop on pipe2
 * (O_CLOEXEC), fork, and in the child execve of this very program, which
 * writes a token to the pipe's write end (its close-on-exec flag cleared
 * in the child) and exits; the parent reads to EOF and reaps the child
 * (a stress-test finding, kept as a minimal reproducer). On Linux, after
 * SECONDS (default 10): "N children: ok", status 0. (qemu-riscv64 cannot
 * run it here: it execs a riscv64 program.)
 */
#include "tern_test.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *self;
static volatile int stop, bad;
static unsigned long done[2];

static int
one_child(unsigned token)
{
	char fd[16], tok[16], buf[64], want[16];
	int p[2], st;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return printf("pipe2: %s\n", err_name(errno)), 1;
	snprintf(fd, sizeof(fd), "%d", p[1]);
	snprintf(tok, sizeof(tok), "%u", token);
	pid = fork();
	if (pid == 0) {
		fcntl(p[1], F_SETFD, 0);
		execv(self, (char *[]){ self, fd, tok, NULL });
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	close(p[0]);
	buf[got] = 0;
	snprintf(want, sizeof(want), "%u", token);
	if (waitpid(pid, &st, 0) != pid || st != 0 || strcmp(buf, want))
		return printf("child %u: status %#x, wrote \"%s\"\n", token, st, buf), 1;
	return 0;
}

static void *
spawner(void *arg)
{
	int me = (int)(long)arg;

	for (unsigned i = 0; !stop && !bad; i++) {
		if (one_child(i * 2 + (unsigned)me))
			bad = 1;
		done[me]++;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct timespec ts = { argc == 2 ? atoi(argv[1]) : 10, 0 };
	pthread_t t[2];

	if (argc == 3) { /* the child: FD TOKEN */
		ssize_t n = (ssize_t)strlen(argv[2]);

		return write(atoi(argv[1]), argv[2], (size_t)n) == n ? 0 : 1;
	}
	self = argv[0];
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, spawner, (void *)i);
	nanosleep(&ts, NULL);
	stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("%lu children: %s\n", done[0] + done[1], bad ? "FAILED" : "ok");
	return bad;
}
