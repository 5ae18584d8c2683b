/*
 * overrun: a POSIX timer queues one signal at a time; its expiries while
 * that signal is pending (blocked here) are overruns. si_overrun carries
 * them; timer_getoverrun reports the last delivered signal's count (0
 * before any), the count starts again for each signal, and re-arming
 * the timer clears it. A real-time signal is not queued once per
 * expiry either. A handler sees the overruns of a signal it was blocked
 * for. Prints the same on Linux and Tern; exits 0 only if all hold.
 */
#include "timer_test.h"

static volatile sig_atomic_t handled, handled_overrun;

static void
on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	handled++;
	if (si->si_overrun > handled_overrun)
		handled_overrun = si->si_overrun;
}

/* The expiries of a 10 ms timer in (from, to]: what a signal delivered
 * at `to`, queued at the first expiry after `from`, carries as overruns,
 * give or take the host's scheduling. */
static bool
about(int overrun, uint64_t from, uint64_t to)
{
	long periods = (long)((to - from) / (10 * NS_PER_MS));

	return overrun * 2 >= periods && overrun <= periods + 1;
}

static void
blocked_sigalrm(void)
{
	struct sigevent ev = sigev_signal(SIGALRM, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig;
	uint64_t t0, t1, t2;
	long before, after;
	siginfo_t si;

	t0 = now_ns();
	timer_arm(id, 0, 10 * NS_PER_MS, 10 * NS_PER_MS);
	sleep_ns(200 * NS_PER_MS);
	before = syscall(SYS_timer_getoverrun, id);
	CHECK(before == 0, "timer_getoverrun before any delivery: 0", "%ld", before);
	sig = wait_signal(SIGALRM, 5 * NS_PER_S, &si);
	t1 = now_ns();
	/* About 20 expiries in 200 ms: one signal, about 19 overruns. */
	CHECK(sig == SIGALRM && si.si_overrun >= 10 && about(si.si_overrun, t0, t1),
	      "every 10 ms, blocked for 200 ms: one SIGALRM, the other expiries overruns",
	      "%d, %d in %llu ns", sig, si.si_overrun, (unsigned long long)(t1 - t0));
	after = syscall(SYS_timer_getoverrun, id);
	CHECK(after == si.si_overrun, "timer_getoverrun after it: the same count", "%ld vs %d",
	      after, si.si_overrun);
	sleep_ns(100 * NS_PER_MS);
	sig = wait_signal(SIGALRM, 5 * NS_PER_S, &si);
	t2 = now_ns();
	CHECK(sig == SIGALRM && si.si_overrun >= 4 && about(si.si_overrun, t1, t2),
	      "the count starts again with the next signal", "%d, %d in %llu ns", sig,
	      si.si_overrun, (unsigned long long)(t2 - t1));
	after = syscall(SYS_timer_getoverrun, id);
	CHECK(after == si.si_overrun, "timer_getoverrun follows it", "%ld vs %d", after,
	      si.si_overrun);
	timer_arm(id, 0, 10 * NS_PER_S, 0);
	after = syscall(SYS_timer_getoverrun, id);
	CHECK(after == 0, "re-arming the timer clears timer_getoverrun", "%ld", after);
	syscall(SYS_timer_delete, id);
}

static void
realtime_signal(void)
{
	struct sigevent ev = sigev_signal(SIGRTMIN + 1, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig, more = 0;
	struct timespec zero = { 0, 0 };
	siginfo_t si, tmp;
	sigset_t set;

	mask_signal(SIG_BLOCK, SIGRTMIN + 1);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	timer_arm(id, 0, 10 * NS_PER_MS, 10 * NS_PER_MS);
	sleep_ns(200 * NS_PER_MS);
	sig = wait_signal(SIGRTMIN + 1, 5 * NS_PER_S, &si);
	while (sigtimedwait(&set, &tmp, &zero) > 0)
		more++;
	timer_arm(id, 0, 0, 0);
	CHECK(sig == SIGRTMIN + 1 && si.si_overrun >= 10,
	      "a real-time signal too is queued once, with the overruns", "%d, %d", sig,
	      si.si_overrun);
	/* An expiry may come between the two calls: at most one more. */
	CHECK(more <= 1, "no other signal of the timer was queued meanwhile", "%d more", more);
	syscall(SYS_timer_delete, id);
	mask_signal(SIG_UNBLOCK, SIGRTMIN + 1);
}

static void
handler_sees_overruns(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev);

	handle(SIGUSR1, on_usr1, 0);
	mask_signal(SIG_BLOCK, SIGUSR1);
	timer_arm(id, 0, 10 * NS_PER_MS, 10 * NS_PER_MS);
	sleep_ns(150 * NS_PER_MS);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
	timer_arm(id, 0, 0, 0);
	CHECK(handled >= 1 && handled_overrun >= 6,
	      "unblocked after 150 ms, the handler's si_overrun counts about 14", "%d, %d",
	      (int)handled, (int)handled_overrun);
	syscall(SYS_timer_delete, id);
}

static void
one_shot(void)
{
	struct sigevent ev = sigev_signal(SIGALRM, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig;
	siginfo_t si;
	long n;

	timer_arm(id, 0, NS_PER_MS, 0);
	sig = wait_signal(SIGALRM, 5 * NS_PER_S, &si);
	n = syscall(SYS_timer_getoverrun, id);
	CHECK(sig == SIGALRM && si.si_overrun == 0 && n == 0,
	      "a one-shot timer has no overruns", "%d, %d, %ld", sig, si.si_overrun, n);
	syscall(SYS_timer_delete, id);
}

int
main(void)
{
	mask_signal(SIG_BLOCK, SIGALRM);
	blocked_sigalrm();
	realtime_signal();
	handler_sees_overruns();
	one_shot();
	return time_test_exit();
}
