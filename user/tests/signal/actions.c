/*
 * actions: rt_sigaction and what a handler runs with. EINVAL for bad
 * signal numbers, for any action on SIGKILL or SIGSTOP and for a wrong
 * sigsetsize; glibc's reserved signals 32 and 33 are ordinary to the
 * kernel; the old action reads back (flags, with SA_UNSUPPORTED cleared
 * as Linux does for bits it does not know, and mask). A handler runs with
 * sa_mask and its own signal blocked (a signal raised inside waits for
 * its return), or not its own with SA_NODEFER (it nests); SA_RESETHAND
 * restores SIG_DFL on entry, so a second signal takes the default
 * action; SA_SIGINFO gets si_signo, si_code, si_pid, si_uid and a
 * ucontext. SIG_IGN, and the default of SIGCHLD, SIGWINCH, SIGURG and
 * SIGCONT, do nothing. fork keeps handlers and mask, not pending signals.
 */
#include "sig_test.h"

/* The kernel's struct sigaction on riscv64 (no sa_restorer). */
struct ksigaction {
	void *handler;
	unsigned long flags;
	uint64_t mask;
};

#ifndef SA_UNSUPPORTED
#define SA_UNSUPPORTED 0x00000400
#endif

static volatile int runs, depth, max_depth, inner_seen_before_return;
static volatile bool usr2_blocked_inside, self_blocked_inside;
static volatile int usr2_runs;

static void
on_usr2(int sig)
{
	(void)sig;
	usr2_runs++;
}

static void
on_usr1_nest(int sig)
{
	runs++;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	usr2_blocked_inside = is_blocked(SIGUSR2);
	self_blocked_inside = is_blocked(sig);
	if (runs == 1) {
		raise_here(SIGUSR2);
		raise_here(sig);
		inner_seen_before_return = runs - 1 + usr2_runs * 10;
	}
	depth--;
}

static void
raw_sigaction_errors(void)
{
	struct ksigaction ka = { .handler = (void *)on_usr2 }, old;

	expect_err("rt_sigaction(0)", syscall(SYS_rt_sigaction, 0, &ka, NULL, KSIGSET_SIZE),
		   EINVAL);
	expect_err("rt_sigaction(65)", syscall(SYS_rt_sigaction, 65, &ka, NULL, KSIGSET_SIZE),
		   EINVAL);
	expect_err("rt_sigaction(65, NULL, &old)",
		   syscall(SYS_rt_sigaction, 65, NULL, &old, KSIGSET_SIZE), EINVAL);
	expect_err("rt_sigaction(SIGKILL, handler)",
		   syscall(SYS_rt_sigaction, SIGKILL, &ka, NULL, KSIGSET_SIZE), EINVAL);
	ka.handler = SIG_IGN;
	expect_err("rt_sigaction(SIGSTOP, SIG_IGN)",
		   syscall(SYS_rt_sigaction, SIGSTOP, &ka, NULL, KSIGSET_SIZE), EINVAL);
	ka.handler = SIG_DFL;
	expect_err("rt_sigaction(SIGKILL, SIG_DFL)",
		   syscall(SYS_rt_sigaction, SIGKILL, &ka, NULL, KSIGSET_SIZE), EINVAL);
	memset(&old, 0xff, sizeof(old));
	expect_ret("rt_sigaction(SIGKILL, NULL, &old)",
		   syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, KSIGSET_SIZE), 0);
	check("  SIG_DFL, no flags, empty mask",
	      old.handler == SIG_DFL && old.flags == 0 && old.mask == 0);
	expect_err("rt_sigaction(SIGUSR1, sigsetsize 4)",
		   syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 4), EINVAL);
	expect_err("rt_sigaction(SIGUSR1, sigsetsize 16)",
		   syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 16), EINVAL);
	ka = (struct ksigaction){ .handler = (void *)on_usr2, .flags = SA_RESTART };
	expect_ret("rt_sigaction(32, handler): glibc's, but the kernel's like any other",
		   syscall(SYS_rt_sigaction, 32, &ka, NULL, KSIGSET_SIZE), 0);
	expect_ret("rt_sigaction(64, handler)",
		   syscall(SYS_rt_sigaction, 64, &ka, NULL, KSIGSET_SIZE), 0);
	ka.handler = SIG_DFL;
	syscall(SYS_rt_sigaction, 64, &ka, NULL, KSIGSET_SIZE);
}

static void
raw_sigaction_readback(void)
{
	struct ksigaction ka, old;

	ka = (struct ksigaction){ .handler = (void *)on_usr2,
				  .flags = SA_RESTART | SA_NODEFER | SA_UNSUPPORTED,
				  .mask = 1ull << (SIGWINCH - 1) | 1ull << (SIGKILL - 1) };
	expect_ret("rt_sigaction(SIGUSR2, SA_RESTART|SA_NODEFER|SA_UNSUPPORTED, mask WINCH|KILL)",
		   syscall(SYS_rt_sigaction, SIGUSR2, &ka, NULL, KSIGSET_SIZE), 0);
	memset(&old, 0, sizeof(old));
	syscall(SYS_rt_sigaction, SIGUSR2, NULL, &old, KSIGSET_SIZE);
	check("  reads back: the handler", old.handler == (void *)on_usr2);
	printf("  flags read back: %s%s%s\n", old.flags & SA_RESTART ? "SA_RESTART " : "",
	       old.flags & SA_NODEFER ? "SA_NODEFER " : "",
	       old.flags & SA_UNSUPPORTED ? "SA_UNSUPPORTED" : "(SA_UNSUPPORTED cleared)");
	all_ok = all_ok && old.flags == (SA_RESTART | SA_NODEFER);
	printf("  mask read back: %s\n",
	       old.mask == (1ull << (SIGWINCH - 1)) ? "SIGWINCH (SIGKILL dropped)" :
	       old.mask == (1ull << (SIGWINCH - 1) | 1ull << (SIGKILL - 1)) ? "SIGWINCH SIGKILL" :
									      "other");
	all_ok = all_ok && old.mask == (1ull << (SIGWINCH - 1));
}

static void
masks_in_handlers(void)
{
	struct sigaction sa;

	on_signal(SIGUSR2, on_usr2, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1_nest;
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	runs = max_depth = usr2_runs = 0;
	raise_here(SIGUSR1);
	check("sa_mask {SIGUSR2}: blocked inside the handler", usr2_blocked_inside);
	check("  the handler's own signal blocked inside", self_blocked_inside);
	check("  SIGUSR2 and SIGUSR1 raised inside ran only after it returned",
	      inner_seen_before_return == 0 && usr2_runs == 1 && runs == 2 && max_depth == 1);
	check("  afterwards neither is blocked", !is_blocked(SIGUSR1) && !is_blocked(SIGUSR2));

	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	runs = max_depth = usr2_runs = 0;
	raise_here(SIGUSR1);
	check("SA_NODEFER: the handler's own signal not blocked inside", !self_blocked_inside);
	check("  raised inside, it nested at once (depth 2)", max_depth == 2 && runs == 2);
	check("  SIGUSR2 (not in sa_mask) ran inside too", inner_seen_before_return == 11);
}

static volatile bool resethand_blocked;

static void
on_oneshot(int sig)
{
	resethand_blocked = is_blocked(sig);
	runs++;
}

static int
resethand_child(void *arg)
{
	struct sigaction sa, old;

	(void)arg;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_oneshot;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR2, &sa, NULL);
	runs = 0;
	raise_here(SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	if (runs != 1 || old.sa_handler != SIG_DFL)
		return 1;
	if (!resethand_blocked)
		return 2;
	raise_here(SIGUSR2);
	return 3;
}

static volatile siginfo_t info_seen;
static volatile bool uc_given;

static void
on_info(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	info_seen = *si;
	uc_given = uc != NULL;
}

static int
fork_child(void *arg)
{
	struct sigaction old;

	(void)arg;
	sigaction(SIGUSR1, NULL, &old);
	if (old.sa_sigaction != on_info)
		return 1;
	if (!is_blocked(SIGUSR1))
		return 2;
	if (is_pending(SIGUSR1))
		return 3;
	return 0;
}

static void
info_and_ignoring(void)
{
	pid_t me = getpid();
	int st;

	on_siginfo(SIGUSR1, on_info, 0);
	kill(me, SIGUSR1);
	printf("SA_SIGINFO for kill(): si_signo SIG%s, %s, si_pid %s, si_uid %s, ucontext %s\n",
	       sigabbrev_np(info_seen.si_signo), code_name(SIGUSR1, info_seen.si_code),
	       info_seen.si_pid == me ? "mine" : "WRONG",
	       info_seen.si_uid == getuid() ? "mine" : "WRONG", uc_given ? "given" : "NULL");
	all_ok = all_ok && info_seen.si_signo == SIGUSR1 && info_seen.si_code == SI_USER &&
		 info_seen.si_pid == me && uc_given;

	mask_one(SIG_BLOCK, SIGUSR1);
	kill(me, SIGUSR1);
	st = in_child(fork_child, NULL);
	printf("fork: the child keeps the handler and the mask, not the pending signal: %s\n",
	       st == 0 ? "yes" : status_str(st));
	all_ok = all_ok && st == 0;
	signal(SIGUSR1, SIG_IGN);
	mask_one(SIG_UNBLOCK, SIGUSR1);

	kill(me, SIGUSR1);
	kill(me, SIGCHLD);
	kill(me, SIGWINCH);
	kill(me, SIGURG);
	kill(me, SIGCONT);
	check("SIG_IGN'd SIGUSR1 and default SIGCHLD, SIGWINCH, SIGURG, SIGCONT: nothing happens",
	      true);
	signal(SIGUSR1, SIG_DFL);
}

int
main(void)
{
	int st;

	test_setup();
	raw_sigaction_errors();
	raw_sigaction_readback();
	masks_in_handlers();
	st = in_child(resethand_child, NULL);
	printf("SA_RESETHAND: ran once with its signal blocked, SIG_DFL after; the second: %s\n",
	       status_str(st));
	all_ok = all_ok && st == SIGUSR2;
	info_and_ignoring();
	return test_result();
}
