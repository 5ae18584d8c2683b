/*
 * stop: job control seen by the parent. A child stopped by SIGSTOP or
 * SIGTSTP (sent, or raised by itself) is reported once by waitpid with
 * WUNTRACED (and by waitid WSTOPPED), not without it; SIGCONT makes it
 * WCONTINUED, also when the child blocks SIGCONT, and runs the child's
 * SIGCONT handler; a SIGCONT to a running child reports nothing. A
 * stopped child killed by SIGKILL dies at once; one sent SIGTERM dies
 * only once continued. Each event sends the parent SIGCHLD whose siginfo
 * says CLD_STOPPED/CLD_CONTINUED/CLD_EXITED/CLD_KILLED with si_status and
 * si_pid; SA_NOCLDSTOP keeps the stop/continue ones away. SA_NOCLDWAIT,
 * or SIGCHLD ignored, reaps children: wait fails with ECHILD. A stopped
 * process stops all its threads: none runs until SIGCONT.
 */
#include "sig_test.h"

struct chld {
	int code, status;
	pid_t pid;
};

static volatile struct chld events[32];
static volatile int nevents;

static void
on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (nevents < 32)
		events[nevents] = (struct chld){ si->si_code, si->si_status, si->si_pid };
	nevents++;
}

/* Print the SIGCHLD events since *seen (waiting up to 5 s for want of
 * them); ok only if there were exactly want, the last with code and sig. */
static void
expect_chld(int *seen, int want, int code, int status, pid_t pid)
{
	char line[160];
	size_t n;
	bool ok;

	wait_for_at_least(&nevents, *seen + want, 5000);
	sleep_ms(10); /* one more would be a bug: give it a chance to show */
	n = (size_t)snprintf(line, sizeof(line), "  SIGCHLD:");
	for (int i = *seen; i < nevents && i < 32 && n < sizeof(line) - 40; i++) {
		const char *code = code_name(SIGCHLD, events[i].code);
		int status = events[i].status;

		if (events[i].code == CLD_EXITED || status <= 0 || status >= 65)
			n += (size_t)snprintf(line + n, sizeof(line) - n, " %s %d", code, status);
		else
			n += (size_t)snprintf(line + n, sizeof(line) - n, " %s SIG%s", code,
					      sigabbrev_np(status));
	}
	if (nevents == *seen)
		snprintf(line + n, sizeof(line) - n, " none");
	printf("%s\n", line);
	ok = nevents == *seen + want;
	if (want && ok) {
		const volatile struct chld *e = &events[nevents - 1];

		ok = e->code == code && e->status == status && e->pid == pid;
	}
	all_ok = all_ok && ok;
	*seen = nevents;
}

static void
expect_wait(const char *what, pid_t pid, int flags, const char *want)
{
	int st = -1;
	pid_t got;

	if (flags & WNOHANG)
		got = waitpid(pid, &st, flags);
	else
		got = waitpid_bounded(pid, &st, flags, 10000);
	if (got == pid) {
		if (WIFSIGNALED(st))
			st &= ~0x80; /* whether a core was dumped is not the point here */
		printf("%s: %s\n", what, status_str(st));
		all_ok = all_ok && !strcmp(status_str(st), want);
	} else {
		printf("%s: waitpid = %s\n", what, got == 0 ? "0 (nothing)" : err_name(errno));
		all_ok = all_ok && !strcmp(want, got == 0 ? "nothing" : err_name(errno));
	}
}

static pid_t
sleeper(void)
{
	pid_t pid = fork_flushed();

	if (pid == 0) {
		sleep_ms(20000);
		_exit(3);
	}
	return pid;
}

static volatile int conts;

static void
on_cont(int sig)
{
	(void)sig;
	conts++;
}

static void
stop_continue(void)
{
	int seen = 0;
	pid_t pid = sleeper();

	kill(pid, SIGSTOP);
	expect_wait("SIGSTOP: waitpid(WUNTRACED)", pid, WUNTRACED, "stopped by SIGSTOP");
	expect_chld(&seen, 1, CLD_STOPPED, SIGSTOP, pid);
	expect_wait("  again: nothing new", pid, WUNTRACED | WNOHANG, "nothing");
	kill(pid, SIGCONT);
	expect_wait("SIGCONT: waitpid(WCONTINUED)", pid, WCONTINUED, "continued");
	expect_chld(&seen, 1, CLD_CONTINUED, SIGCONT, pid);
	kill(pid, SIGCONT);
	sleep_ms(20);
	expect_wait("SIGCONT to a running child: waitpid(WCONTINUED|WNOHANG)", pid,
		    WCONTINUED | WNOHANG, "nothing");
	expect_chld(&seen, 0, 0, 0, 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	nevents = 0;
}

static void
tstp_and_term(void)
{
	siginfo_t si;
	int seen = 0;
	pid_t pid = sleeper();

	kill(pid, SIGTSTP);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, (id_t)pid, &si, WSTOPPED);
	printf("SIGTSTP: waitid(WSTOPPED): %s SIG%s\n", code_name(SIGCHLD, si.si_code),
	       si.si_status > 0 ? sigabbrev_np(si.si_status) : "?");
	all_ok = all_ok && si.si_code == CLD_STOPPED && si.si_status == SIGTSTP && si.si_pid == pid;
	expect_chld(&seen, 1, CLD_STOPPED, SIGTSTP, pid);
	expect_wait("  waitpid without WUNTRACED", pid, WNOHANG, "nothing");
	kill(pid, SIGTERM);
	sleep_ms(20);
	expect_wait("  SIGTERM while stopped: still there", pid, WNOHANG, "nothing");
	kill(pid, SIGCONT);
	expect_wait("  SIGCONT: then it dies", pid, 0, "killed by SIGTERM");
	/* CLD_CONTINUED, then CLD_KILLED: the second may merge into the
	 * first while it is pending, so only "some SIGCHLD" is certain. */
	wait_for_at_least(&nevents, seen + 1, 5000);
	sleep_ms(20);
	printf("  SIGCHLD %s\n", nevents >= seen + 1 ? "received" : "missing");
	all_ok = all_ok && nevents >= seen + 1;
	nevents = 0;
}

static void
kill_stopped_and_blocked_cont(void)
{
	int seen = 0, *go;
	pid_t pid = sleeper();

	kill(pid, SIGSTOP);
	expect_wait("stopped, then SIGKILL", pid, WUNTRACED, "stopped by SIGSTOP");
	expect_chld(&seen, 1, CLD_STOPPED, SIGSTOP, pid);
	kill(pid, SIGKILL);
	expect_wait("  dies without SIGCONT", pid, 0, "killed by SIGKILL");
	expect_chld(&seen, 1, CLD_KILLED, SIGKILL, pid);

	go = shared_page(PAGE);
	pid = fork_flushed();
	if (pid == 0) {
		on_signal(SIGCONT, on_cont, 0);
		mask_one(SIG_BLOCK, SIGCONT);
		raise(SIGSTOP);
		wait_for_value(go, 1, 10000); /* the parent sees "continued" first */
		mask_one(SIG_UNBLOCK, SIGCONT);
		_exit(conts == 1 ? 7 : 8);
	}
	expect_wait("a child raises SIGSTOP (blocking SIGCONT)", pid, WUNTRACED,
		    "stopped by SIGSTOP");
	expect_chld(&seen, 1, CLD_STOPPED, SIGSTOP, pid);
	kill(pid, SIGCONT);
	expect_wait("  SIGCONT continues it all the same", pid, WCONTINUED, "continued");
	expect_chld(&seen, 1, CLD_CONTINUED, SIGCONT, pid);
	*go = 1;
	expect_wait("  its SIGCONT handler ran once unblocked (exit 7)", pid, 0, "exit 7");
	expect_chld(&seen, 1, CLD_EXITED, 7, pid);
}

static void
nocldstop(void)
{
	int seen;
	pid_t pid;

	on_siginfo(SIGCHLD, on_chld, SA_RESTART | SA_NOCLDSTOP);
	seen = nevents;
	pid = sleeper();
	kill(pid, SIGSTOP);
	expect_wait("SA_NOCLDSTOP: stopped", pid, WUNTRACED, "stopped by SIGSTOP");
	kill(pid, SIGCONT);
	expect_wait("  continued", pid, WCONTINUED, "continued");
	kill(pid, SIGKILL);
	expect_wait("  killed", pid, 0, "killed by SIGKILL");
	expect_chld(&seen, 1, CLD_KILLED, SIGKILL, pid);
}

static void
autoreap(void)
{
	int seen, st;
	pid_t pid;
	int64_t t0;

	on_siginfo(SIGCHLD, on_chld, SA_RESTART | SA_NOCLDWAIT);
	seen = nevents;
	pid = fork_flushed();
	if (pid == 0) {
		sleep_ms(50);
		_exit(0);
	}
	t0 = now_ns();
	watchdog_arm(3000);
	expect_err("SA_NOCLDWAIT: waitpid", waitpid(pid, &st, 0), ECHILD);
	watchdog_disarm();
	check("  it waited for the child to end, and no longer",
	      now_ns() - t0 >= 40 * NS_PER_MS && !watchdog.fired);
	expect_chld(&seen, 1, CLD_EXITED, 0, pid);

	signal(SIGCHLD, SIG_IGN);
	pid = fork_flushed();
	if (pid == 0) {
		sleep_ms(50);
		_exit(0);
	}
	watchdog_arm(3000);
	expect_err("SIGCHLD ignored: waitpid", waitpid(pid, &st, 0), ECHILD);
	watchdog_disarm();
	check("  it did not wait for the watchdog", !watchdog.fired);
	expect_chld(&seen, 0, 0, 0, 0);
	on_siginfo(SIGCHLD, on_chld, SA_RESTART);
}

struct spin {
	volatile long count[2];
	volatile int running;
};

static struct spin *spin;

static void *
spinner(void *arg)
{
	long i = (long)arg;

	__atomic_add_fetch(&spin->running, 1, __ATOMIC_RELEASE);
	for (;;)
		spin->count[i]++;
	return NULL;
}

static void
stop_threads(void)
{
	long before[2], after[2];
	pthread_t th;
	pid_t pid;
	bool frozen, moving;

	spin = shared_page(PAGE);
	pid = fork_flushed();
	if (pid == 0) {
		pthread_create(&th, NULL, spinner, (void *)1);
		spinner((void *)0);
	}
	wait_for_value(&spin->running, 2, 10000);
	kill(pid, SIGSTOP);
	expect_wait("a process of 2 spinning threads: SIGSTOP", pid, WUNTRACED,
		    "stopped by SIGSTOP");
	before[0] = spin->count[0];
	before[1] = spin->count[1];
	sleep_ms(100);
	after[0] = spin->count[0];
	after[1] = spin->count[1];
	frozen = before[0] == after[0] && before[1] == after[1];
	check("  once reported stopped, neither thread runs", frozen);
	kill(pid, SIGCONT);
	expect_wait("  SIGCONT", pid, WCONTINUED, "continued");
	sleep_ms(100);
	moving = spin->count[0] != after[0] && spin->count[1] != after[1];
	check("  then both run again", moving);
	kill(pid, SIGKILL);
	expect_wait("  SIGKILL", pid, 0, "killed by SIGKILL");
}

int
main(void)
{
	test_setup();
	on_siginfo(SIGCHLD, on_chld, SA_RESTART);
	stop_continue();
	tstp_and_term();
	kill_stopped_and_blocked_cont();
	nocldstop();
	autoreap();
	on_signal(SIGCHLD, SIG_DFL, 0);
	stop_threads();
	return test_result();
}
