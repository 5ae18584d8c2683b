/*
 * forkbomb: a chain of processes, each forking the next and waiting for
 * it, grows until fork fails. It must fail cleanly -- fork returns
 * EAGAIN (the task limit) or ENOMEM, no process of the chain is killed,
 * the kernel survives -- and the system recovers: the whole chain is
 * reaped, fork works again, and free memory and the process count
 * return to exactly where they were.
 *
 * Runs only as init (pid 1 on Tern): run anywhere else -- under
 * qemu-riscv64 on the host, say -- it refuses and exits 2.
 */
#include "checks.h"

struct board {
	volatile int depth;	/* how deep the chain got */
	volatile int err;	/* the errno of the fork that failed */
};

static struct board *b;

/* Encode a child's wait status as an exit code for its parent. */
static int
pass_on(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* Each level forks the next and waits; the level where fork fails
 * records its depth and errno. */
static int
chain(void *arg)
{
	(void)arg;
	for (int depth = 1;; depth++) {
		pid_t pid = fork();
		int st;

		if (pid < 0) {
			b->depth = depth;
			b->err = errno;
			return 0;
		}
		if (pid > 0) {
			if (waitpid(pid, &st, 0) != pid)
				return 3;
			return pass_on(st);
		}
	}
}

static int
quick_child(void *arg)
{
	(void)arg;
	return 5;
}

static void
bomb(int round)
{
	unsigned long before = free_ram();
	struct sysinfo si;
	int procs, st;
	char what[96];

	sysinfo(&si);
	procs = si.procs;
	b->depth = 0;
	b->err = 0;
	st = in_child(chain, NULL);
	snprintf(what, sizeof(what), "bomb %d: the chain ended", round);
	printf("%s: %s\n", what, status_str(st));
	all_ok = all_ok && st == 0;
	printf("bomb %d: fork failed with %s\n", round,
	       b->err == EAGAIN || b->err == ENOMEM ? "EAGAIN or ENOMEM" : err_name(b->err));
	all_ok = all_ok && (b->err == EAGAIN || b->err == ENOMEM);
	check("  the chain was more than 100 processes deep", b->depth > 100);
	st = in_child(quick_child, NULL);
	check("  fork works again afterwards", st == W_EXITCODE(5, 0));
	sysinfo(&si);
	check("  the process count is back", si.procs == procs);
	if (free_ram() != before)
		printf("  free memory: %ld pages short\n", ((long)before - (long)free_ram()) / 4096);
	check("  free memory is back to exactly where it was", free_ram() == before);
}

int
main(void)
{
	test_setup();
	if (getpid() != 1) {
		printf("not init: refusing to fork-bomb this system\n");
		return 2;
	}
	b = shared_page(PAGE);
	/* Warm up: the kernel's caches settle after one round. */
	in_child(quick_child, NULL);
	bomb(1);
	bomb(2);
	return test_result();
}
