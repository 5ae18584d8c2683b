/*
 * The spawn worker: processes forking and exec-ing from a threaded
 * process, every result checked.
 *
 *  spawn   threads start the child program (tests/stress/child) with
 *          fork+execve or posix_spawn (clone with CLONE_VM|CLONE_VFORK),
 *          giving it a token and random words it must echo back through a
 *          pipe; it then exits with a status derived from the token, kills
 *          itself, exit_groups from a thread while others block, or execs
 *          from a thread (see child.c). The echo and the wait4 status must
 *          be exactly what the mode implies.
 *  fork    a thread forks children that exit at once with a known status.
 */
#include "stress.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define NSPAWNERS 2
#define SPAWN_FD  100 /* where posix_spawn puts the pipe in the child */

enum mode {
	M_ECHO,
	M_SPAWN,
	M_KILL,
	M_GROUP,
	M_TEXEC
};

static const char *const mode_names[] = { "echo", "echo", "kill", "group", "texec" };

struct job {
	enum mode mode;
	unsigned token;
	char fd[12], tok[12], word[64];
	char *argv[8];
	char want[128];
};

static enum mode
pick_mode(void)
{
	static const enum mode modes[20] = {
		M_ECHO, M_ECHO,	 M_ECHO,  M_ECHO,  M_ECHO,  M_ECHO,  M_ECHO,
		M_ECHO, M_ECHO,	 M_ECHO,  M_SPAWN, M_SPAWN, M_SPAWN, M_KILL,
		M_KILL, M_GROUP, M_GROUP, M_GROUP, M_TEXEC, M_TEXEC,
	};

	return modes[rnd() % 20];
}

static void
job_make(struct job *j, int fd)
{
	size_t len = 1 + rnd() % (sizeof(j->word) - 1);

	j->mode = pick_mode();
	j->token = (unsigned)(rnd() % 1000000);
	snprintf(j->fd, sizeof(j->fd), "%d", j->mode == M_SPAWN ? SPAWN_FD : fd);
	snprintf(j->tok, sizeof(j->tok), "%u", j->token);
	for (size_t i = 0; i < len; i++)
		j->word[i] = (char)('a' + rnd() % 26);
	j->word[len] = 0;
	j->argv[0] = sh->child_path;
	j->argv[1] = (char *)mode_names[j->mode];
	j->argv[2] = j->fd;
	j->argv[3] = j->tok;
	j->argv[4] = "x";
	j->argv[5] = j->word;
	j->argv[6] = NULL;
	snprintf(j->want, sizeof(j->want), "%s x %s", j->tok, j->word);
}

static pid_t
job_fork(struct job *j, int wfd)
{
	static char *envp[] = { "STRESS=1", NULL };
	pid_t pid = fork();

	if (pid == 0) {
		if (fcntl(wfd, F_SETFD, 0) == 0)
			execve(sh->child_path, j->argv, envp);
		_exit(127);
	}
	if (pid < 0)
		fail("fork: %s", err_name(errno));
	return pid;
}

static pid_t
job_spawn(struct job *j, int wfd)
{
	static char *envp[] = { "STRESS=1", NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, wfd, SPAWN_FD);
	err = posix_spawn(&pid, sh->child_path, &fa, NULL, j->argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		fail("posix_spawn: %s", err_name(err));
		return -1;
	}
	return pid;
}

/* Reads fd to its end; returns the length, or -1 after reporting. */
static ssize_t
read_all(int fd, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		ssize_t r = read(fd, buf + n, size - 1 - n);

		if (r < 0) {
			fail("read from the child's pipe: %s", err_name(errno));
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == size - 1)
			break;
	}
	buf[n] = 0;
	return (ssize_t)n;
}

static void
job_check(const struct job *j, const char *got, int st)
{
	int want_st = j->mode == M_KILL ? SIGTERM : (int)(j->token % 200) << 8;
	char a[64], b[64];

	if (strcmp(got, j->want))
		fail("%s child echoed \"%s\", expected \"%s\"", mode_names[j->mode], got, j->want);
	if (st != want_st)
		fail("%s child ended with %s, expected %s", mode_names[j->mode],
		     status_str(st, a, sizeof(a)), status_str(want_st, b, sizeof(b)));
}

static bool
run_job(void)
{
	struct job j;
	char got[256];
	int fds[2], st;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC)) {
		fail("pipe2: %s", err_name(errno));
		return false;
	}
	job_make(&j, fds[1]);
	doing(j.mode == M_SPAWN ? "in posix_spawn" : "in fork");
	pid = j.mode == M_SPAWN ? job_spawn(&j, fds[1]) : job_fork(&j, fds[1]);
	close(fds[1]);
	doing("reading the child's echo from a pipe");
	if (pid > 0 && read_all(fds[0], got, sizeof(got)) < 0)
		got[0] = 0;
	close(fds[0]);
	if (pid < 0)
		return false;
	doing("waiting for the child (wait4)");
	if (wait4(pid, &st, 0, NULL) != pid) {
		fail("wait4(%d): %s", pid, err_name(errno));
		return false;
	}
	job_check(&j, got, st);
	return true;
}

static void *
spawner(void *arg)
{
	uint64_t n = 0;

	(void)arg;
	while (!stopping() && run_job()) {
		n++;
		progress(1);
	}
	tally(T_SPAWN, n);
	return NULL;
}

static void *
forker(void *arg)
{
	uint64_t n;
	char buf[64];

	(void)arg;
	for (n = 0; !stopping(); n++) {
		pid_t pid;
		int st;

		doing("in fork");
		pid = fork();
		if (pid == 0)
			_exit((int)(n & 0x7f));
		if (pid < 0) {
			fail("fork: %s", err_name(errno));
			break;
		}
		doing("waiting for a forked child (waitpid)");
		if (waitpid(pid, &st, 0) != pid) {
			fail("waitpid(%d): %s", pid, err_name(errno));
			break;
		}
		if (st != (int)(n & 0x7f) << 8)
			fail("a child that exits %d ended with %s", (int)(n & 0x7f),
			     status_str(st, buf, sizeof(buf)));
		progress(1);
	}
	tally(T_FORK, n);
	return NULL;
}

int
spawn_main(void)
{
	for (int i = 0; i < NSPAWNERS; i++)
		start_thread("spawn", i, spawner, NULL);
	start_thread("fork", 0, forker, NULL);
	join_threads();
	return worker_finish();
}
