/*
 * sigwait: pending signals and the calls that wait for them. Blocked
 * signals stay pending (sigpending), and a blocked one is queued even
 * while ignored; SIG_IGN (or SIG_DFL for a signal ignored by default)
 * discards a pending one; unblocking delivers before sigprocmask
 * returns. Standard signals coalesce, real-time ones queue with their
 * values, in order. Several pending at once are delivered lowest number
 * first, and -- without an sa_mask -- nest, the last delivered running
 * first. sigsuspend returns EINTR after the handler, which runs with the
 * temporary mask, and the old mask comes back. sigtimedwait: EAGAIN after
 * its timeout (also a zero one), the signal and its siginfo (si_code
 * SI_USER, SI_TKILL, SI_QUEUE with the value; si_pid and si_uid) when
 * pending or sent later by a child or a thread; other pending signals
 * stay. rt_sigqueueinfo/rt_tgsigqueueinfo: si_signo set by the kernel,
 * EPERM for a kernel-looking si_code to another process; SIGKILL and
 * SIGSTOP cannot be blocked; bad arguments give EINVAL.
 */
#include "sig_test.h"

#define RT1 (SIGRTMIN + 1)
#define RT2 (SIGRTMIN + 2)

static volatile int count[65];
static volatile int order[16], norder;
static volatile int values[8], nvalues;
static volatile int codes[8];
static volatile bool handler_saw_winch_blocked;

static void
on_any(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	count[sig]++;
	if (norder < 16)
		order[norder++] = sig;
	if (nvalues < 8 && si->si_code == SI_QUEUE) {
		codes[nvalues] = si->si_code;
		values[nvalues++] = si->si_value.sival_int;
	}
	if (sig == SIGUSR1)
		handler_saw_winch_blocked = is_blocked(SIGWINCH);
}

static void
install(int sig, bool mask_all)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_any;
	sa.sa_flags = SA_SIGINFO;
	if (mask_all)
		sigfillset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void
reset(void)
{
	memset((void *)count, 0, sizeof(count));
	norder = 0;
	nvalues = 0;
}

static const char *
order_str(void)
{
	static char buf[128];
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < norder; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "",
			      order[i] >= SIGRTMIN ? (order[i] == RT1 ? "RTMIN+1" : "RTMIN+2") :
						     sigabbrev_np(order[i]));
	return buf;
}

static void
pending_and_blocking(void)
{
	sigset_t all;

	reset();
	install(SIGUSR1, false);
	mask_one(SIG_BLOCK, SIGUSR1);
	raise_here(SIGUSR1);
	raise_here(SIGUSR1);
	raise_here(SIGUSR1);
	check("blocked SIGUSR1 sent 3 times: pending, handler not run",
	      is_pending(SIGUSR1) && count[SIGUSR1] == 0);
	mask_one(SIG_UNBLOCK, SIGUSR1);
	expect_ret("unblocked: handler runs before sigprocmask returns, once", count[SIGUSR1], 1);
	check("and it is no longer pending", !is_pending(SIGUSR1));

	mask_one(SIG_BLOCK, SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	raise_here(SIGUSR1);
	check("blocked and ignored: still queued (pending)", is_pending(SIGUSR1));
	install(SIGUSR1, false);
	mask_one(SIG_UNBLOCK, SIGUSR1);
	expect_ret("  delivered once handled and unblocked", count[SIGUSR1], 2);
	mask_one(SIG_BLOCK, SIGUSR1);
	raise_here(SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	check("setting SIG_IGN discards a pending signal", !is_pending(SIGUSR1));
	mask_one(SIG_BLOCK, SIGWINCH);
	raise_here(SIGWINCH);
	check("SIGWINCH blocked and sent: pending", is_pending(SIGWINCH));
	signal(SIGWINCH, SIG_DFL);
	check("SIG_DFL (ignored by default) discards it", !is_pending(SIGWINCH));
	mask_one(SIG_UNBLOCK, SIGWINCH);
	install(SIGUSR1, false);
	mask_one(SIG_UNBLOCK, SIGUSR1);
	expect_ret("nothing left to deliver", count[SIGUSR1], 2);

	sigemptyset(&all);
	sigaddset(&all, SIGKILL);
	sigaddset(&all, SIGSTOP);
	sigprocmask(SIG_BLOCK, &all, NULL);
	check("SIGKILL and SIGSTOP cannot be blocked",
	      !is_blocked(SIGKILL) && !is_blocked(SIGSTOP));
	expect_err("sigprocmask(how 3)", syscall(SYS_rt_sigprocmask, 3, &all, NULL, KSIGSET_SIZE),
		   EINVAL);
	expect_err("rt_sigprocmask(sigsetsize 4)",
		   syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, 4), EINVAL);
}

static void
queueing_and_order(void)
{
	sigset_t set;
	union sigval v;

	reset();
	install(RT1, false);
	mask_one(SIG_BLOCK, RT1);
	for (int i = 1; i <= 3; i++) {
		v.sival_int = i * 10;
		sigqueue(getpid(), RT1, v);
	}
	mask_one(SIG_UNBLOCK, RT1);
	expect_ret("SIGRTMIN+1 queued 3 times: delivered", count[RT1], 3);
	check("  with their values, in order (10 20 30), si_code SI_QUEUE",
	      nvalues == 3 && values[0] == 10 && values[1] == 20 && values[2] == 30 &&
		      codes[0] == SI_QUEUE);

	for (int mask_all = 1; mask_all >= 0; mask_all--) {
		reset();
		install(SIGUSR1, mask_all);
		install(SIGUSR2, mask_all);
		install(RT1, mask_all);
		install(RT2, mask_all);
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigaddset(&set, SIGUSR2);
		sigaddset(&set, RT1);
		sigaddset(&set, RT2);
		sigprocmask(SIG_BLOCK, &set, NULL);
		raise_here(RT2);
		raise_here(RT1);
		raise_here(SIGUSR2);
		raise_here(SIGUSR1);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		printf("4 pending, unblocked at once, %s: handlers ran %s\n",
		       mask_all ? "sa_mask all" : "no sa_mask", order_str());
		all_ok = all_ok && norder == 4 &&
			 (mask_all ? order[0] == SIGUSR1 && order[3] == RT2 :
				     order[0] == RT2 && order[3] == SIGUSR1);
	}
}

static int
send_later(void *arg)
{
	sleep_ms(50);
	kill(getppid(), (int)(long)arg);
	return 0;
}

static void
suspend(void)
{
	sigset_t tmp;
	pid_t pid;
	long r;

	reset();
	install(SIGUSR1, false);
	mask_one(SIG_BLOCK, SIGUSR1);
	pid = fork_flushed();
	if (pid == 0)
		_exit(send_later((void *)SIGUSR1));
	sigemptyset(&tmp);
	sigaddset(&tmp, SIGWINCH);
	r = sigsuspend(&tmp);
	expect_err("sigsuspend until a child's SIGUSR1", r, EINTR);
	check("  the handler ran first", count[SIGUSR1] == 1);
	check("  the handler ran with the temporary mask (SIGWINCH blocked)",
	      handler_saw_winch_blocked);
	check("  the old mask is back: SIGUSR1 blocked, SIGWINCH not",
	      is_blocked(SIGUSR1) && !is_blocked(SIGWINCH));
	waitpid_bounded(pid, &(int){ 0 }, 0, 10000);

	raise_here(SIGUSR1);
	sigemptyset(&tmp);
	expect_err("sigsuspend with SIGUSR1 already pending", sigsuspend(&tmp), EINTR);
	check("  returned at once, after the handler", count[SIGUSR1] == 2);

	install(SIGUSR2, false);
	pid = fork_flushed();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(send_later((void *)SIGUSR2));
	}
	sigemptyset(&tmp);
	sigaddset(&tmp, SIGUSR1);
	expect_err("sigsuspend blocking SIGUSR1, sent SIGUSR1 then SIGUSR2", sigsuspend(&tmp),
		   EINTR);
	check("  only SIGUSR2's handler ran; SIGUSR1 still pending",
	      count[SIGUSR2] == 1 && count[SIGUSR1] == 2 && is_pending(SIGUSR1));
	mask_one(SIG_UNBLOCK, SIGUSR1);
	check("  delivered once unblocked", count[SIGUSR1] == 3);
	waitpid_bounded(pid, &(int){ 0 }, 0, 10000);
}

static pid_t main_pid;

static void *
thread_sends_later(void *arg)
{
	(void)arg;
	sleep_ms(50);
	syscall(SYS_tgkill, main_pid, main_pid, SIGUSR2);
	return NULL;
}

static void
timedwait_timeouts(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 0, 50 * NS_PER_MS };
	int64_t t0;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, RT1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	t0 = now_ns();
	expect_err("sigtimedwait(50 ms), nothing pending", sigtimedwait(&set, &si, &ts), EAGAIN);
	check("  it waited at least 50 ms", now_ns() - t0 >= 50 * NS_PER_MS);
	ts = (struct timespec){ 0, 0 };
	expect_err("sigtimedwait(0), nothing pending", sigtimedwait(&set, &si, &ts), EAGAIN);
	ts = (struct timespec){ 0, 1000000000L };
	expect_err("sigtimedwait(tv_nsec 1e9)", sigtimedwait(&set, &si, &ts), EINVAL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void
timedwait_delivery(void)
{
	union sigval v = { .sival_int = 4242 };
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 5, 0 };
	int r;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, RT1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	r = sigtimedwait(&set, &si, &ts);
	printf("kill() to self, pending: sigtimedwait = SIG%s, %s, si_pid %s, si_uid %s\n",
	       r > 0 ? sigabbrev_np(r) : "?", code_name(r, si.si_code),
	       si.si_pid == getpid() ? "mine" : "WRONG", si.si_uid == getuid() ? "mine" : "WRONG");
	all_ok = all_ok && r == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid();
	check("  no longer pending", !is_pending(SIGUSR1));

	raise_here(SIGUSR2);
	kill(getpid(), SIGUSR1);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	/* Raw: glibc's sigtimedwait rewrites SI_TKILL as SI_USER. */
	r = syscall(SYS_rt_sigtimedwait, &set, &si, &ts, KSIGSET_SIZE);
	printf("tgkill() to self: rt_sigtimedwait = SIG%s, %s\n", r > 0 ? sigabbrev_np(r) : "?",
	       code_name(r, si.si_code));
	all_ok = all_ok && r == SIGUSR2 && si.si_code == SI_TKILL;
	check("  SIGUSR1, not waited for, is still pending", is_pending(SIGUSR1));
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, RT1);
	sigtimedwait(&set, &si, &ts);

	sigqueue(getpid(), RT1, v);
	r = sigtimedwait(&set, &si, &ts);
	printf("sigqueue() to self: sigtimedwait = %s, %s, value %d\n",
	       r == RT1 ? "SIGRTMIN+1" : "?", code_name(r, si.si_code), si.si_value.sival_int);
	all_ok = all_ok && r == RT1 && si.si_code == SI_QUEUE && si.si_value.sival_int == 4242;
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void
timedwait_from_others(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 5, 0 };
	pthread_t th;
	pid_t pid;
	int r;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);

	pid = fork_flushed();
	if (pid == 0)
		_exit(send_later((void *)SIGUSR1));
	r = sigtimedwait(&set, &si, &ts);
	printf("sent by a child 50 ms later: sigtimedwait = SIG%s, si_pid %s\n",
	       r > 0 ? sigabbrev_np(r) : "?", si.si_pid == pid ? "the child's" : "WRONG");
	all_ok = all_ok && r == SIGUSR1 && si.si_pid == pid;
	waitpid_bounded(pid, &(int){ 0 }, 0, 10000);

	main_pid = getpid();
	pthread_create(&th, NULL, thread_sends_later, NULL);
	r = syscall(SYS_rt_sigtimedwait, &set, &si, NULL, KSIGSET_SIZE);
	printf("sent by a thread 50 ms later: rt_sigtimedwait = SIG%s, %s\n",
	       r > 0 ? sigabbrev_np(r) : "?", code_name(r, si.si_code));
	all_ok = all_ok && r == SIGUSR2 && si.si_code == SI_TKILL;
	pthread_join(th, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void
queueinfo(void)
{
	siginfo_t si, got;
	sigset_t set;
	struct timespec ts = { 5, 0 };
	int r;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR2; /* the kernel sets it to the signal sent */
	si.si_code = SI_QUEUE;
	si.si_value.sival_int = 99;
	expect_ret("rt_sigqueueinfo(self, SIGUSR1, SI_QUEUE)",
		   syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si), 0);
	r = sigtimedwait(&set, &got, &ts);
	check("  arrives with si_signo SIGUSR1, value 99",
	      r == SIGUSR1 && got.si_signo == SIGUSR1 && got.si_value.sival_int == 99);
	si.si_code = SI_USER;
	expect_ret("rt_sigqueueinfo(self, SIGUSR1, SI_USER): allowed to oneself",
		   syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si), 0);
	sigtimedwait(&set, &got, &ts);
	expect_ret("rt_tgsigqueueinfo(self, self, SIGUSR1, SI_QUEUE)",
		   syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid_raw(), SIGUSR1, &si), 0);
	sigtimedwait(&set, &got, &ts);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void
queueinfo_to_others(void)
{
	siginfo_t si;
	pid_t pid;

	memset(&si, 0, sizeof(si));
	pid = fork_flushed();
	if (pid == 0) {
		sleep_ms(10000);
		_exit(0);
	}
	si.si_code = SI_USER;
	expect_err("rt_sigqueueinfo(child, SI_USER)",
		   syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM);
	si.si_code = SI_KERNEL;
	expect_err("rt_sigqueueinfo(child, SI_KERNEL)",
		   syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM);
	si.si_code = SI_TKILL;
	expect_err("rt_sigqueueinfo(child, SI_TKILL)",
		   syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM);
	si.si_code = SI_KERNEL;
	expect_err("rt_tgsigqueueinfo(child, child, SI_KERNEL)",
		   syscall(SYS_rt_tgsigqueueinfo, pid, pid, SIGUSR1, &si), EPERM);
	si.si_code = SI_QUEUE;
	expect_ret("rt_sigqueueinfo(child, SIGKILL, SI_QUEUE)",
		   syscall(SYS_rt_sigqueueinfo, pid, SIGKILL, &si), 0);
	expect_killed("  the child", pid, SIGKILL);
	expect_err("rt_sigqueueinfo(self, signal 65)",
		   syscall(SYS_rt_sigqueueinfo, getpid(), 65, &si), EINVAL);
	expect_err("rt_tgsigqueueinfo(self, tid 0)",
		   syscall(SYS_rt_tgsigqueueinfo, getpid(), 0, SIGUSR1, &si), EINVAL);
	expect_err("rt_tgsigqueueinfo(tgid 0x3ffffff, my tid)",
		   syscall(SYS_rt_tgsigqueueinfo, 0x3ffffff, gettid_raw(), SIGUSR1, &si), ESRCH);
}

int
main(void)
{
	test_setup();
	pending_and_blocking();
	queueing_and_order();
	suspend();
	timedwait_timeouts();
	timedwait_delivery();
	timedwait_from_others();
	queueinfo();
	queueinfo_to_others();
	return test_result();
}
