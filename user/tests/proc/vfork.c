/*
 * vfork: the child shares the parent's memory, stack included, and the
 * parent sleeps until the child exits or execs (vfork(2)). A child that
 * dies of a signal or whose exec fails releases the parent too, and
 * SIGKILL ends a parent that waits.
 *
 * Not comparable with qemu-riscv64: qemu-user runs vfork as a plain fork
 * (no shared memory, no suspension). The expected lines follow the
 * vfork(2) man page; the program checks each itself.
 */
#include "checks.h"

#include <fcntl.h>
#include <libgen.h>

static volatile int global;

static void
shares_memory(void)
{
	volatile int local = 0;
	volatile pid_t child_pid = 0, child_ppid = 0;
	pid_t pid;

	global = 0;
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		local = 1;
		global = 2;
		child_pid = getpid();
		child_ppid = getppid();
		_exit(3);
	}
	check("the child's write to the parent's stack variable is seen", local == 1);
	check("the child's write to a global is seen", global == 2);
	check("the child's getpid() is the pid vfork returned", child_pid == pid);
	check("the child's getppid() is the parent", child_ppid == getpid());
	expect_status("the child", pid, 3 << 8);
}

static void
parent_waits(void)
{
	volatile int done = 0;
	pid_t pid;

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		for (int i = 0; i < 200; i++)
			sched_yield();
		done = 1;
		_exit(0);
	}
	check("the parent resumes only after the child has exited", done == 1);
	expect_status("the child", pid, 0);
}

static void
child_killed(void)
{
	pid_t pid;

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		*(volatile int *)NULL = 1;
		_exit(0);
	}
	expect_status("a vfork child writing to NULL", pid, SIGSEGV);
}

static void
exec_fails(void)
{
	static char *argv[] = { "x", NULL };
	pid_t pid;

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		execve("/tmp/tern-no-such-program", argv, argv + 1);
		_exit(errno);
	}
	expect_status("a vfork child whose execve fails with ENOENT", pid, ENOENT << 8);
}

/* A parent that waits in vfork for a child that never exits nor execs. */
static int
parent_in_vfork(void *arg)
{
	volatile int *board = arg;

	if (vfork() == 0) {
		board[1] = getpid();
		board[0] = 1;
		for (;;)
			pause();
	}
	return 0; /* not reached: it is killed while it waits */
}

/* As Linux (wait_for_vfork_done() sleeps killable): SIGKILL ends a
 * parent waiting in vfork, and its child runs on. */
static void
killed_in_vfork(void)
{
	volatile int *board = shared_page(PAGE);
	struct timespec start, now;
	int st = -2;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(parent_in_vfork((void *)board));
	while (!board[0])
		sched_yield();
	usleep(20000); /* until the parent sleeps in vfork */
	kill(pid, SIGKILL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		st = -2;
		usleep(10000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < 2);
	printf("a parent killed while it waits in vfork: %s\n", status_str(st));
	all_ok = all_ok && st == SIGKILL;
	kill(board[1], SIGKILL);
	if (st == -2)
		waitpid(pid, &st, 0);
	if (getpid() == 1) /* the child is ours now */
		expect_status("its vfork child, killed afterwards", board[1], SIGKILL);
}

/* The parent resumes at the child's exec, while the new program runs. */
static void
exec_releases(const char *argv0)
{
	static const char *flag = "/tmp/tern-vfork-go";
	char helper[256], self[256];
	char *argv[] = { "exec_helper", "wait", (char *)flag, NULL };
	char *envp[] = { NULL };
	pid_t pid;
	int fd, st = 0;

	snprintf(self, sizeof(self), "%s", argv0);
	snprintf(helper, sizeof(helper), "%s/exec_helper", dirname(self));
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		execve(helper, argv, envp);
		_exit(errno);
	}
	expect_ret("after the child's exec, waitpid(WNOHANG) (it still runs)",
		   waitpid(pid, &st, WNOHANG), 0);
	fd = open(flag, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "go", 2) != 2 || close(fd))
		printf("cannot write %s: %s\n", flag, err_name(errno));
	expect_status("the exec'd helper", pid, 7 << 8);
	unlink(flag);
}

int
main(int argc, char **argv)
{
	(void)argc;
	test_setup();
	shares_memory();
	parent_waits();
	child_killed();
	exec_fails();
	killed_in_vfork();
	exec_releases(argv[0]);
	return test_result();
}
