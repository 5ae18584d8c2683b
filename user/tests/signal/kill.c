/*
 * kill: who gets a signal. kill's, tgkill's and tkill's errno cases
 * (EINVAL, ESRCH; a zombie still exists for kill 0). kill(0, sig) reaches
 * the caller's whole process group and nobody outside it; kill(-pgid,
 * sig) the other group only. SIGKILL ends a process that blocks every
 * signal (SIGSTOP stops it), and a blocked SIGTERM stays pending until
 * then. In a process of three threads: tgkill runs the handler in the
 * target thread, even when another thread does not block the signal and
 * the target does (it waits, pending for that thread only); a process-
 * directed signal goes to a thread that does not block it, or stays
 * pending for all until one unblocks it; sigwaitinfo in a thread takes
 * it. Default actions: the wait status says which signal ended a child
 * and whether it dumped core -- never with RLIMIT_CORE 0; with it
 * unlimited (on Tern, as init, only) for SIGSEGV, SIGABRT, SIGQUIT and
 * SIGXCPU but not SIGTERM, SIGKILL, SIGUSR1, SIGALRM; SIGPIPE kills a
 * writer to a pipe without reader.
 *
 * The kill(0) and kill(-pgid) cases run in a child that first makes
 * itself a process-group leader, so that on the oracle, qemu-riscv64,
 * they cannot reach the processes running the test.
 */
#include "sig_test.h"

#include <limits.h>

static void
kill_errors(void)
{
	pid_t zombie;
	int st;

	expect_err("kill(self, 65)", kill(getpid(), 65), EINVAL);
	expect_err("kill(self, -1)", kill(getpid(), -1), EINVAL);
	expect_ret("kill(self, 0)", kill(getpid(), 0), 0);
	expect_err("kill(no such pid, 0)", kill(0x3ffffff, 0), ESRCH);
	expect_err("kill(no such pgid, SIGUSR1)", kill(-0x3ffffff, SIGUSR1), ESRCH);
	expect_err("kill(INT_MIN, 0)", kill(INT_MIN, 0), ESRCH);
	zombie = fork_flushed();
	if (zombie == 0)
		_exit(0);
	sleep_ms(50);
	waitid(P_PID, (id_t)zombie, &(siginfo_t){ 0 }, WEXITED | WNOWAIT);
	expect_ret("kill(zombie, 0)", kill(zombie, 0), 0);
	waitpid(zombie, &st, 0);
	expect_err("kill(reaped, 0)", kill(zombie, 0), ESRCH);
}

static void *
returns_tid(void *arg)
{
	(void)arg;
	return (void *)(long)gettid_raw();
}

/*
 * tgkill(pid, tid, 0) once a joined thread's tid has gone. On Linux the
 * joiner is woken (CLONE_CHILD_CLEARTID) moments before the exiting
 * thread is unhashed, so the first tries may still find it; under
 * qemu-riscv64 on a busy host that window lasted over a second, so the
 * tries go on for up to 5 s.
 */
static long
tgkill_joined(pid_t pid, pid_t tid)
{
	long ret = 0;

	for (int i = 0; i < 5000 && ret == 0; i++) {
		if (i)
			sleep_ms(1);
		ret = syscall(SYS_tgkill, pid, tid, 0);
	}
	return ret;
}

static void
tgkill_errors(void)
{
	pid_t me = getpid(), tid = gettid_raw(), child, gone;
	void *ret;
	pthread_t th;

	expect_ret("tgkill(pid, tid, 0)", syscall(SYS_tgkill, me, tid, 0), 0);
	expect_err("tgkill(0, tid, 0)", syscall(SYS_tgkill, 0, tid, 0), EINVAL);
	expect_err("tgkill(-1, tid, 0)", syscall(SYS_tgkill, -1, tid, 0), EINVAL);
	expect_err("tgkill(pid, 0, 0)", syscall(SYS_tgkill, me, 0, 0), EINVAL);
	expect_err("tgkill(pid, -1, 0)", syscall(SYS_tgkill, me, -1, 0), EINVAL);
	expect_err("tgkill(pid, tid, 65)", syscall(SYS_tgkill, me, tid, 65), EINVAL);
	expect_err("tgkill(pid, no such tid, 0)", syscall(SYS_tgkill, me, 0x3ffffff, 0), ESRCH);
	child = fork_flushed();
	if (child == 0) {
		sleep_ms(10000);
		_exit(0);
	}
	expect_err("tgkill(child's pid, my tid, 0)", syscall(SYS_tgkill, child, tid, 0), ESRCH);
	expect_err("tgkill(my pid, child's tid, 0)", syscall(SYS_tgkill, me, child, 0), ESRCH);
	expect_ret("tgkill(child's pid, child's tid, 0)", syscall(SYS_tgkill, child, child, 0), 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	pthread_create(&th, NULL, returns_tid, NULL);
	pthread_join(th, &ret);
	gone = (pid_t)(long)ret;
	expect_err("tgkill(pid, joined thread's tid, 0)", tgkill_joined(me, gone), ESRCH);
	expect_ret("tkill(tid, 0)", syscall(SYS_tkill, tid, 0), 0);
	expect_err("tkill(0, SIGUSR1)", syscall(SYS_tkill, 0, SIGUSR1), EINVAL);
	expect_err("tkill(-1, SIGUSR1)", syscall(SYS_tkill, -1, SIGUSR1), EINVAL);
	expect_err("tkill(tid, 65)", syscall(SYS_tkill, tid, 65), EINVAL);
	expect_err("tkill(no such tid, 0)", syscall(SYS_tkill, 0x3ffffff, 0), ESRCH);
	expect_err("tkill(joined thread's tid, 0)", syscall(SYS_tkill, gone, 0), ESRCH);
}

/* ---- process groups (in a child that leads its own group) --------------- */

struct grp {
	int ready;
	int sent; /* kill(0, SIGUSR1) has returned */
	int got[4];
};

static struct grp *g;
static volatile int self_got;

static void
on_usr1_count(int sig)
{
	(void)sig;
	self_got++;
}

/* Block SIGUSR1, say ready, and once the leader's kill(0) has returned
 * see whether SIGUSR1 is pending: a signal is pending as soon as kill()
 * returns, so no timeout is involved (a slow host once made a member
 * give up waiting before its last sibling was even forked). */
static int
member(int slot, bool own_group)
{
	struct timespec zero = { 0, 0 };
	sigset_t set;

	if (own_group)
		setpgid(0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	__atomic_add_fetch(&g->ready, 1, __ATOMIC_RELEASE);
	wait_for_value(&g->sent, 1, 10000);
	g->got[slot] = sigtimedwait(&set, NULL, &zero) == SIGUSR1;
	return 0;
}

/* Two children in a new group G: kill(-G, SIGTERM) ends both, then
 * kill(-G, 0) is ESRCH. Returns failure bits. */
static int
kill_other_group(void)
{
	pid_t kids[2], pgid = 0;
	int st, ok = 0;

	g->ready = 0;
	for (int i = 0; i < 2; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			setpgid(0, pgid);
			__atomic_add_fetch(&g->ready, 1, __ATOMIC_RELEASE);
			sleep_ms(10000);
			_exit(0);
		}
		setpgid(kids[i], i ? pgid : kids[i]);
		pgid = kids[0];
	}
	wait_for_value(&g->ready, 2, 10000);
	if (pgid <= 1 || kill(-pgid, SIGTERM))
		return 96;
	for (int i = 0; i < 2; i++) {
		waitpid_bounded(kids[i], &st, 0, 10000);
		ok |= WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM ? 0 : 8;
	}
	ok |= kill(-pgid, 0) == -1 && errno == ESRCH ? 0 : 16;
	return ok;
}

/* In a child leading its own group: kill(0) reaches it and the two
 * members of its group, not the third child, in a group of its own. */
static int
group_leader(void *arg)
{
	pid_t kids[3];
	int st, ok = 0;

	(void)arg;
	if (setpgid(0, 0) || getpgrp() != getpid())
		return 99; /* never signal a group we do not lead */
	on_signal(SIGUSR1, on_usr1_count, 0);
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			_exit(member(i, i == 2));
		if (i == 2)
			setpgid(kids[i], kids[i]);
	}
	if (!wait_for_value(&g->ready, 3, 10000))
		return 98;
	if (kill(0, SIGUSR1))
		return 97;
	__atomic_store_n(&g->sent, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < 3; i++)
		waitpid_bounded(kids[i], &st, 0, 10000);
	ok |= self_got == 1 ? 0 : 1;
	ok |= g->got[0] && g->got[1] ? 0 : 2;
	ok |= g->got[2] ? 4 : 0;
	return ok | kill_other_group();
}

static void
groups(void)
{
	int st;

	g = shared_page(PAGE);
	st = in_child(group_leader, NULL);
	printf("kill(0, SIGUSR1): the caller and both members got it, the one outside not; "
	       "kill(-pgid, SIGTERM) ended both of that group; then ESRCH: %s\n",
	       st == 0 ? "yes" : status_str(st));
	all_ok = all_ok && st == 0;
}

/* ---- blocked signals and SIGKILL ---------------------------------------- */

static void
kill_blocked(void)
{
	int *ready = shared_page(PAGE);
	pid_t pid;
	int st;

	pid = fork_flushed();
	if (pid == 0) {
		sigset_t all;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		*ready = 1;
		for (;;)
			sleep_ms(1000);
	}
	wait_for_value(ready, 1, 10000);
	kill(pid, SIGTERM);
	kill(pid, SIGUSR1);
	sleep_ms(30);
	check("every signal blocked: SIGTERM and SIGUSR1 leave it running",
	      waitpid(pid, &st, WNOHANG) == 0);
	kill(pid, SIGSTOP);
	st = -1;
	waitpid_bounded(pid, &st, WUNTRACED, 10000);
	printf("  SIGSTOP: %s\n", status_str(st));
	all_ok = all_ok && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP;
	kill(pid, SIGKILL);
	expect_status("  SIGKILL", pid, SIGKILL);
}

/* ---- threads ------------------------------------------------------------ */

static volatile pid_t handled_by[8];
static volatile int nhandled; /* handlers whose tid is in handled_by */
static int nslots;	      /* slots of handled_by taken */
static pid_t tids[3];
static int phase, acks;

static void
on_usr1_who(int sig)
{
	int slot = __atomic_fetch_add(&nslots, 1, __ATOMIC_RELAXED) & 7;

	(void)sig;
	handled_by[slot] = gettid_raw();
	/* Counted only once the tid is there: the main thread reads
	 * handled_by as soon as it sees the count (wait_for_value). */
	__atomic_add_fetch(&nhandled, 1, __ATOMIC_RELEASE);
}

static void
reset_handled(void)
{
	nhandled = 0;
	nslots = 0;
}

/* Per phase, each helper thread sets its mask as told, then acks. */
static int masks[8][3];
static volatile int t_pending[3];
static int waited;

static void *
helper(void *arg)
{
	long i = (long)arg;
	int seen = 0;

	tids[i] = gettid_raw();
	for (;;) {
		int p;

		while ((p = __atomic_load_n(&phase, __ATOMIC_ACQUIRE)) == seen)
			sleep_ms(1);
		seen = p;
		if (p < 0)
			return NULL;
		mask_one(masks[p][i] ? SIG_BLOCK : SIG_UNBLOCK, SIGUSR1);
		t_pending[i] = is_pending(SIGUSR1);
		__atomic_add_fetch(&acks, 1, __ATOMIC_RELEASE);
		if (p == 6 && i == 2) {
			sigset_t s;
			struct timespec ts = { 10, 0 };

			sigemptyset(&s);
			sigaddset(&s, SIGUSR2);
			waited = sigtimedwait(&s, NULL, &ts);
			return NULL;
		}
	}
}

/* Move the helpers (threads 1 and 2) to phase p, masks as given. */
static void
step(int p, int m1, int m2)
{
	int want = __atomic_load_n(&acks, __ATOMIC_ACQUIRE) + 2;

	masks[p][1] = m1;
	masks[p][2] = m2;
	__atomic_store_n(&phase, p, __ATOMIC_RELEASE);
	wait_for_value(&acks, want, 10000);
}

static const char *
who(pid_t tid)
{
	return tid == tids[0] ? "main" :
	       tid == tids[1] ? "thread 1" :
	       tid == tids[2] ? "thread 2" :
				"?";
}

/* Phases 1-4: thread-directed signals, and a process-directed one that
 * only thread 2 accepts. */
static void
thread_directed(void)
{
	pid_t me = getpid();

	step(1, 0, 0);
	reset_handled();
	syscall(SYS_tgkill, me, tids[1], SIGUSR1);
	wait_for_value(&nhandled, 1, 5000);
	printf("tgkill to thread 1: handled by %s\n", who(handled_by[0]));
	all_ok = all_ok && handled_by[0] == tids[1];

	mask_one(SIG_BLOCK, SIGUSR1);
	step(2, 1, 0);
	reset_handled();
	kill(me, SIGUSR1);
	wait_for_value(&nhandled, 1, 5000);
	printf("kill to the process, only thread 2 unblocked: handled by %s\n", who(handled_by[0]));
	all_ok = all_ok && handled_by[0] == tids[2];

	reset_handled();
	syscall(SYS_tgkill, me, tids[1], SIGUSR1);
	step(3, 1, 0);
	sleep_ms(30);
	check("tgkill to thread 1, which blocks it: not run by thread 2", nhandled == 0);
	check("  pending for thread 1, not for main or thread 2",
	      t_pending[1] && !t_pending[2] && !is_pending(SIGUSR1));
	step(4, 0, 0);
	wait_for_value(&nhandled, 1, 5000);
	printf("  thread 1 unblocks: handled by %s\n", who(handled_by[0]));
	all_ok = all_ok && handled_by[0] == tids[1];
}

/* Phases 5-6: a process-directed signal every thread blocks, then one
 * taken by sigtimedwait in thread 2. */
static void
process_directed(void)
{
	pid_t me = getpid();

	step(5, 1, 1);
	reset_handled();
	kill(me, SIGUSR1);
	sleep_ms(30);
	step(6, 1, 1);
	check("kill to the process, all block it: pending for every thread",
	      is_pending(SIGUSR1) && t_pending[1] && nhandled == 0);
	mask_one(SIG_UNBLOCK, SIGUSR1);
	printf("  main unblocks: handled by %s\n", nhandled ? who(handled_by[0]) : "nobody");
	all_ok = all_ok && nhandled == 1 && handled_by[0] == tids[0];

	kill(me, SIGUSR2); /* thread 2 waits for it since phase 6 */
	wait_for_value(&waited, SIGUSR2, 10000);
	printf("kill(SIGUSR2), blocked everywhere, thread 2 in sigtimedwait: %s\n",
	       waited == SIGUSR2 ? "it returns SIGUSR2" : "not taken");
	all_ok = all_ok && waited == SIGUSR2;
	mask_one(SIG_UNBLOCK, SIGUSR1);
}

static void
threads(void)
{
	pthread_t th[2];

	on_signal(SIGUSR1, on_usr1_who, 0);
	mask_one(SIG_BLOCK, SIGUSR2); /* in every thread: only sigtimedwait takes it */
	tids[0] = gettid_raw();
	for (long i = 1; i <= 2; i++)
		pthread_create(&th[i - 1], NULL, helper, (void *)i);
	wait_for_at_least((volatile int *)&tids[2], 1, 10000);
	wait_for_at_least((volatile int *)&tids[1], 1, 10000);
	thread_directed();
	process_directed();
	__atomic_store_n(&phase, -1, __ATOMIC_RELEASE);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
}

/* ---- default actions ------------------------------------------------------ */

static int
segv_child(void *arg)
{
	volatile int *volatile null = NULL;

	(void)arg;
	return *null;
}

static int
abort_child(void *arg)
{
	(void)arg;
	abort();
}

static int
send_self(void *arg)
{
	int sig = (int)(long)arg;

	signal(sig, SIG_DFL);
	mask_one(SIG_UNBLOCK, sig);
	kill(getpid(), sig);
	sleep_ms(5000);
	return 50;
}

static int
pipe_child(void *arg)
{
	int p[2];

	(void)arg;
	if (pipe(p))
		return 51;
	close(p[0]);
	(void)!write(p[1], "x", 1);
	return 52;
}

/* A child run with RLIMIT_CORE unlimited (see default_actions). */
static int
with_core(void *arg)
{
	const struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	int (**fn)(void *) = arg;

	setrlimit(RLIMIT_CORE, &unlimited);
	return fn[0]((void *)fn[1]);
}

/*
 * Each default action in a child, with RLIMIT_CORE 0 as the tests run
 * (Linux then writes no core and sets no core-dump bit); then, as init
 * only, with RLIMIT_CORE unlimited: the bit for the "core" signals of
 * signal(7). That part never runs on the oracle: qemu-riscv64 would write
 * core files of its own (and cannot report the bit anyway).
 */
static void
default_actions(bool core)
{
	static const struct {
		const char *what;
		int (*fn)(void *);
		long arg;
	} cases[] = {
		{ "a NULL read", segv_child, 0 },
		{ "abort()", abort_child, 0 },
		{ "SIGQUIT", send_self, SIGQUIT },
		{ "SIGTERM", send_self, SIGTERM },
		{ "SIGKILL", send_self, SIGKILL },
		{ "SIGUSR1", send_self, SIGUSR1 },
		{ "SIGALRM", send_self, SIGALRM },
		{ "SIGXCPU", send_self, SIGXCPU },
		{ "a write to a pipe without reader", pipe_child, 0 },
	};

	static const int core_sigs[] = { SIGSEGV, SIGABRT, SIGQUIT, SIGXCPU };

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		void *fn[2] = { (void *)cases[i].fn, (void *)cases[i].arg };
		int st = core ? in_child(with_core, fn) : in_child(cases[i].fn, fn[1]);
		bool want_core = false;

		for (size_t j = 0; j < ARRAY_LEN(core_sigs); j++)
			want_core = want_core || (WIFSIGNALED(st) && WTERMSIG(st) == core_sigs[j]);
		printf("%sdefault action of %s: %s\n", core ? "RLIMIT_CORE unlimited: " : "",
		       cases[i].what, status_str(st));
		all_ok = all_ok && WIFSIGNALED(st) && !WCOREDUMP(st) == !(core && want_core);
	}
}

int
main(void)
{
	test_setup();
	kill_errors();
	tgkill_errors();
	groups();
	kill_blocked();
	threads();
	default_actions(false);
	if (getpid() == 1)
		default_actions(true);
	return test_result();
}
