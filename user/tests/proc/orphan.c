/*
 * orphan: a process whose parent exits is handed to init (pid 1), which
 * reaps it; the test runs as init. Checked: the orphan's getppid()
 * becomes 1, init's wait() collects it with its status, a zombie
 * orphaned before anyone reaped it is collected too, and so is a whole
 * chain of orphans; an orphan that clone gave another exit signal
 * (SIGKILL) reaches init as SIGCHLD.
 *
 * Not comparable with qemu-riscv64: there the test is not init, and
 * qemu-user refuses PR_SET_CHILD_SUBREAPER (EINVAL), which would have
 * let it stand in for init. The lines follow wait(2) and prctl(2)
 * ("orphans are reparented to init or the nearest subreaper").
 */
#include "checks.h"

#include <sys/prctl.h>

struct board {
	volatile pid_t middle;	   /* the orphan's first parent */
	volatile pid_t new_parent; /* the orphan's getppid() afterwards */
	volatile int orphan_pids[16];
};

static struct board *b;

/* The middle process: forks an orphan-to-be, then exits at once. */
static int
middle(void *arg)
{
	pid_t pid;

	(void)arg;
	b->middle = getpid();
	pid = fork();
	if (pid == 0) {
		while (getppid() == b->middle)
			sched_yield();
		b->new_parent = getppid();
		_exit(21);
	}
	b->orphan_pids[0] = pid;
	return pid > 0 ? 20 : 1;
}

/* Like middle, but the orphan is already a zombie when its parent exits. */
static int
middle_of_zombie(void *arg)
{
	pid_t pid;
	siginfo_t si;

	(void)arg;
	pid = fork();
	if (pid == 0)
		_exit(22);
	/* Wait until it is a zombie, without reaping it. */
	if (waitid(P_PID, pid, &si, WEXITED | WNOWAIT))
		return 1;
	b->orphan_pids[1] = pid;
	return 20;
}

/* Like middle, but clone gave the orphan SIGKILL as its exit signal.
 * As Linux (reparent_leader(): "we don't want people slaying init"), the
 * signal becomes SIGCHLD when the orphan is adopted: its end does not
 * kill the test (init), and a plain waitpid() collects it. */
static int
middle_of_killer(void *arg)
{
	long pid;

	(void)arg;
	b->middle = getpid();
	pid = syscall(SYS_clone, (unsigned long)SIGKILL, 0, NULL, 0, NULL);
	if (pid == 0) {
		while (getppid() == b->middle)
			sched_yield();
		_exit(23);
	}
	b->orphan_pids[10] = (int)pid;
	return pid > 0 ? 20 : 1;
}

/* A chain: each process forks the next and exits; 8 orphans in all. */
static int
chain(void *arg)
{
	int depth = (int)(intptr_t)arg;
	pid_t pid;

	if (depth == 8)
		return 30;
	pid = fork();
	if (pid == 0)
		_exit(chain((void *)(intptr_t)(depth + 1)));
	b->orphan_pids[2 + depth] = pid;
	return 30;
}

static void
reap_orphan(const char *what, pid_t pid, int code)
{
	int st;
	pid_t got = waitpid(pid, &st, 0);

	printf("%s: %s\n", what, got == pid ? status_str(st) : err_name(errno));
	all_ok = all_ok && got == pid && st == code << 8;
}

int
main(void)
{
	int st, n = 0;

	test_setup();
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1))
		printf("not init, and not a subreaper: %s\n", err_name(errno));
	b = shared_page(PAGE);

	st = in_child(middle, NULL);
	printf("the middle process: %s\n", status_str(st));
	reap_orphan("the orphan, reaped by the test", b->orphan_pids[0], 21);
	check("the orphan's parent became init (the test)", b->new_parent == getpid());

	st = in_child(middle_of_zombie, NULL);
	printf("the middle process: %s\n", status_str(st));
	reap_orphan("its zombie child, reaped by the test", b->orphan_pids[1], 22);

	st = in_child(middle_of_killer, NULL);
	printf("the middle process: %s\n", status_str(st));
	reap_orphan("an orphan made with exit signal SIGKILL, reaped by the test",
		    b->orphan_pids[10], 23);

	st = in_child(chain, 0);
	printf("the head of the chain: %s\n", status_str(st));
	while (waitpid(-1, &st, 0) > 0)
		n += WIFEXITED(st) && WEXITSTATUS(st) == 30;
	expect_ret("orphans of the chain reaped by the test", n, 8);
	expect_err("then wait()", wait(NULL), ECHILD);
	return test_result();
}
