/*
 * kill_all: kill(-1, sig) from init (pid 1). It reaches every other
 * process -- children, a child in a process group of its own, a
 * grandchild -- and not the caller; with nobody else left it fails with
 * ESRCH. kill(-1, 0) succeeds while others exist.
 *
 * Tern only, and only as pid 1: on the host, kill(-1) would reach every
 * process the user may signal, so the program refuses to run otherwise.
 */
#include "sig_test.h"

static volatile int self_hit;

static void
on_term(int sig)
{
	(void)sig;
	self_hit++;
}

int
main(void)
{
	int *ready, st;
	pid_t kids[3];

	test_setup();
	if (getpid() != 1) {
		printf("not pid 1: refusing to call kill(-1)\n");
		return 2;
	}
	ready = shared_page(PAGE);
	on_signal(SIGTERM, on_term, 0);
	for (int i = 0; i < 3; i++) {
		kids[i] = fork_flushed();
		if (kids[i] == 0) {
			signal(SIGTERM, SIG_DFL);
			if (i == 1)
				setpgid(0, 0);
			if (i == 2 && fork() == 0) { /* a grandchild */
				__atomic_add_fetch(ready, 1, __ATOMIC_RELEASE);
				sleep_ms(20000);
				_exit(0);
			}
			__atomic_add_fetch(ready, 1, __ATOMIC_RELEASE);
			sleep_ms(20000);
			_exit(0);
		}
	}
	check("3 children and a grandchild running", wait_for_value(ready, 4, 10000));
	expect_ret("kill(-1, 0)", kill(-1, 0), 0);
	expect_ret("kill(-1, SIGTERM)", kill(-1, SIGTERM), 0);
	expect_status("child", kids[0], SIGTERM);
	expect_status("child in its own process group", kids[1], SIGTERM);
	expect_status("child whose child is the grandchild", kids[2], SIGTERM);
	st = -1;
	waitpid_bounded(-1, &st, 0, 5000); /* the orphaned grandchild, reparented to us */
	printf("grandchild: %s\n", status_str(st));
	all_ok = all_ok && st == SIGTERM;
	check("the caller did not get it", self_hit == 0);
	expect_err("kill(-1, SIGTERM) with nobody else left", kill(-1, SIGTERM), ESRCH);
	return test_result();
}
