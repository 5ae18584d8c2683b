/*
 * The program the stress test's spawn worker execs (tests/stress/child).
 *
 *   child MODE FD TOKEN WORD...
 *
 * It first checks that no pipe is open but FD (every other pipe its parent
 * holds is close-on-exec), then writes "TOKEN WORD..." to FD in one write
 * -- or "fd N is open" if one was -- and then, by MODE:
 *
 *   echo   exits with TOKEN % 200
 *   kill   kills itself with SIGTERM
 *   group  starts threads that block (in a condition variable, a pipe read,
 *          a sleep); one more thread calls exit(TOKEN % 200) while the main
 *          thread waits in pthread_join: exit_group must end them all
 *   texec  a second thread execs this program again as "echo FD TOKEN
 *          WORD..." while the main thread waits in pthread_join (the exec
 *          ends it); the new image writes and exits as echo does
 */
#include "tern_test.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_FD 64

static char **args;
static int exit_code;

/* A pipe other than fd that is open: one of the parent's, all of which
 * are close-on-exec. (Only pipes: qemu-riscv64 has files of its own open.) */
static int
leaked_fd(int fd)
{
	struct stat st;

	for (int i = 3; i < MAX_FD; i++)
		if (i != fd && fstat(i, &st) == 0 && S_ISFIFO(st.st_mode))
			return i;
	return -1;
}

static void
echo(int argc, char **argv, int fd)
{
	char buf[512];
	size_t n = 0;
	int leak = leaked_fd(fd);

	if (leak >= 0) {
		n = (size_t)snprintf(buf, sizeof(buf), "fd %d is open", leak);
	} else {
		for (int i = 3; i < argc && n < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i > 3 ? " " : "",
					      argv[i]);
	}
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (write(fd, buf, n) != (ssize_t)n)
		exit(125);
}

static void *
block_in_condvar(void *arg)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

	(void)arg;
	pthread_mutex_lock(&m);
	for (;;)
		pthread_cond_wait(&cv, &m);
	return NULL;
}

static void *
block_in_read(void *arg)
{
	int p[2];
	char c;

	(void)arg;
	if (pipe2(p, O_CLOEXEC) == 0)
		while (read(p[0], &c, 1) != 0)
			;
	exit(124); /* the read returned: wrong */
}

static void *
block_in_sleep(void *arg)
{
	(void)arg;
	for (;;)
		sleep(10);
	return NULL;
}

static void *
exit_group_soon(void *arg)
{
	struct timespec ts = { 0, (long)(random() % 2000000) };

	(void)arg;
	nanosleep(&ts, NULL);
	exit(exit_code);
}

static void *
exec_from_thread(void *arg)
{
	(void)arg;
	args[1] = "echo";
	execv(args[0], args);
	exit(123);
}

static void
in_threads(void *(*last)(void *))
{
	void *(*fns[])(void *) = { block_in_condvar, block_in_read, block_in_sleep, last };
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, fns[i], NULL))
			exit(122);
	pthread_join(t[0], NULL); /* never returns */
	exit(121);
}

int
main(int argc, char **argv)
{
	int fd;

	if (argc < 4)
		return 120;
	args = argv;
	fd = atoi(argv[2]);
	exit_code = atoi(argv[3]) % 200;
	srandom((unsigned)getpid());
	if (strcmp(argv[1], "texec") == 0)
		in_threads(exec_from_thread);
	echo(argc, argv, fd);
	if (strcmp(argv[1], "kill") == 0)
		kill(getpid(), SIGTERM);
	else if (strcmp(argv[1], "group") == 0)
		in_threads(exit_group_soon);
	else if (strcmp(argv[1], "echo") != 0)
		return 119;
	return exit_code;
}
