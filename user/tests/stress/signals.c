/*
 * The signals worker: signals flying between the threads and processes
 * of every worker, counted at both ends.
 *
 *  send    threads send, to random workers and worker threads (their
 *          own included): SIGUSR1 by kill() and SIG_P_RT by sigqueue() to
 *          a process, SIGUSR2 by tgkill() and SIG_T_RT by
 *          rt_tgsigqueueinfo() to a thread, SIG_WAIT to the waiter. Each
 *          send that succeeds is counted for its target; the target's
 *          handler (common.c) counts what arrives and checks the siginfo.
 *          Queued signals must arrive exactly (with the sum of their
 *          values); standard ones coalesce, so at least once.
 *  wait    a thread takes SIG_WAIT (blocked) with sigtimedwait, while the
 *          handled signals interrupt it.
 *  relay   a thread and a forked child play ping-pong with sigqueue and
 *          sigtimedwait (SIG_PING, blocked in both): a process-directed
 *          signal must wake the one thread waiting for it.
 */
#include "stress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NSENDERS      2
/* Senders pause SEND_PAUSE_NS after every SEND_BURST signals, so that the
 * other workloads still get somewhere. */
#define SEND_BURST    8
#define SEND_PAUSE_NS (200 * 1000ull)

static uint64_t queue_full; /* [atomic] sends refused with EAGAIN */

static int
pick_worker(void)
{
	for (int tries = 0; tries < 8; tries++) {
		int w = (int)(rnd() % NWORKERS);

		if (__atomic_load_n(&sh->procs[w].pid, __ATOMIC_RELAXED) > 0)
			return w;
	}
	return -1;
}

static struct slot *
pick_slot(void)
{
	int n = __atomic_load_n(&sh->nslots, __ATOMIC_RELAXED);

	if (n > MAX_SLOTS)
		n = MAX_SLOTS;
	for (int tries = 0; n && tries < 8; tries++) {
		struct slot *s = &sh->slots[rnd() % (unsigned)n];

		if (__atomic_load_n(&s->active, __ATOMIC_ACQUIRE))
			return s;
	}
	return NULL;
}

static struct slot *
waiter_slot(void)
{
	int n = __atomic_load_n(&sh->nslots, __ATOMIC_RELAXED);

	for (int i = 0; i < n && i < MAX_SLOTS; i++)
		if (__atomic_load_n(&sh->slots[i].waiter, __ATOMIC_ACQUIRE) &&
		    __atomic_load_n(&sh->slots[i].active, __ATOMIC_ACQUIRE))
			return &sh->slots[i];
	return NULL;
}

/* A send failed: EAGAIN (queue full) only slows us down, and a worker
 * that died (the supervisor reports that) is no target any more. */
static void
send_failed(const char *call, pid_t pid, pid_t tid)
{
	int err = errno;

	if (err == EAGAIN) {
		__atomic_add_fetch(&queue_full, 1, __ATOMIC_RELAXED);
		sleep_ns(MSEC);
		return;
	}
	if (err == ESRCH && kill(pid, 0) == -1 && errno == ESRCH)
		return;
	fail("%s(pid %d, tid %d): %s", call, pid, tid, err_name(err));
}

/* Sends sig with a random value to process pid (tid 0) or thread tid;
 * counts it in c as kind if it went. */
static bool
send_queued(pid_t pid, pid_t tid, int sig, struct sigcount *c, int kind)
{
	int val = (int)(rnd() & 0x7fffffff);
	siginfo_t si;
	long r;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = val;
	if (tid)
		r = syscall(SYS_rt_tgsigqueueinfo, pid, tid, sig, &si);
	else
		r = syscall(SYS_rt_sigqueueinfo, pid, sig, &si);
	if (r) {
		send_failed(tid ? "rt_tgsigqueueinfo" : "rt_sigqueueinfo", pid, tid);
		return false;
	}
	__atomic_add_fetch(&c->sent[kind], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->sum_sent[kind], (uint32_t)val, __ATOMIC_RELAXED);
	return true;
}

static bool
send_std(pid_t pid, pid_t tid, struct sigcount *c)
{
	long r = tid ? syscall(SYS_tgkill, pid, tid, SIGUSR2) : kill(pid, SIGUSR1);

	if (r) {
		send_failed(tid ? "tgkill" : "kill", pid, tid);
		return false;
	}
	__atomic_add_fetch(&c->sent[K_STD], 1, __ATOMIC_RELAXED);
	return true;
}

static bool
send_one(void)
{
	unsigned r = (unsigned)(rnd() % 16);
	struct slot *s;
	int w;

	if (r < 6) {
		w = pick_worker();
		if (w < 0)
			return false;
		if (r < 4)
			return send_queued(sh->procs[w].pid, 0, SIG_P_RT, &sh->procs[w].sig, K_RT);
		return send_std(sh->procs[w].pid, 0, &sh->procs[w].sig);
	}
	s = r < 13 ? pick_slot() : waiter_slot();
	if (!s)
		return false;
	if (r < 11)
		return send_queued(s->pid, s->tid, SIG_T_RT, &s->sig, K_RT);
	if (r < 13)
		return send_std(s->pid, s->tid, &s->sig);
	return send_queued(s->pid, s->tid, SIG_WAIT, &s->sig, K_WAIT);
}

static void *
sender(void *arg)
{
	uint64_t n = 0, tries = 0;

	(void)arg;
	doing("sending signals");
	while (!stopping()) {
		n += send_one();
		if (++tries % SEND_BURST == 0) {
			sleep_ns(SEND_PAUSE_NS);
			progress(SEND_BURST);
		}
	}
	tally(T_SIGSENT, n);
	if (__atomic_add_fetch(&sh->senders_done, 1, __ATOMIC_ACQ_REL) == NSENDERS)
		__atomic_store_n(&sh->sig_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* ---- sigtimedwait ------------------------------------------------------- */

/* Waits up to ns for one of the blocked signal sig; returns the signal,
 * 0 on a timeout, -1 after reporting another error. EINTR (a handled
 * signal came) resumes the wait. */
static int
wait_for(int sig, siginfo_t *si, uint64_t ns)
{
	uint64_t end = now_ns() + ns;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	for (;;) {
		uint64_t now = now_ns(), left = now < end ? end - now : 0;
		struct timespec ts = { .tv_sec = (time_t)(left / NSEC),
				       .tv_nsec = (long)(left % NSEC) };
		int r = sigtimedwait(&set, si, &ts);

		if (r == sig)
			return r;
		if (r >= 0) {
			fail("sigtimedwait returned signal %d, waiting for %d", r, sig);
			return -1;
		}
		if (errno == EAGAIN)
			return 0;
		if (errno != EINTR) {
			fail("sigtimedwait: %s", err_name(errno));
			return -1;
		}
	}
}

static void
took_wait_signal(const siginfo_t *si)
{
	struct sigcount *c = &my_slot->sig;

	if (si->si_code != SI_QUEUE || si->si_pid != getpid())
		__atomic_add_fetch(&sh->procs[self_worker].bad_siginfo, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->recv[K_WAIT], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->sum_recv[K_WAIT], (uint32_t)si->si_value.sival_int,
			   __ATOMIC_RELAXED);
	progress(1);
}

static bool
waits_settled(void)
{
	struct sigcount *c = &my_slot->sig;

	return __atomic_load_n(&c->recv[K_WAIT], __ATOMIC_RELAXED) ==
	       __atomic_load_n(&c->sent[K_WAIT], __ATOMIC_RELAXED);
}

static void *
waiter(void *arg)
{
	uint64_t end = 0;
	siginfo_t si;

	(void)arg;
	__atomic_store_n(&my_slot->waiter, 1, __ATOMIC_RELEASE);
	doing("in sigtimedwait for SIG_WAIT");
	for (;;) {
		int r = wait_for(SIG_WAIT, &si, 50 * MSEC);

		if (r < 0)
			break;
		if (r)
			took_wait_signal(&si);
		if (!end && __atomic_load_n(&sh->sig_done, __ATOMIC_ACQUIRE))
			end = now_ns() + WAIT_NS;
		if (end && (waits_settled() || now_ns() > end))
			break;
	}
	return NULL; /* quiesce() reports unsettled counts */
}

/* ---- sigqueue ping-pong with a child ------------------------------------ */

/* Sends val as SIG_PING to pid and waits for want back from it. */
static bool
ping(pid_t pid, int val, int want)
{
	union sigval sv = { .sival_int = val };
	siginfo_t si;
	int r;

	if (sigqueue(pid, SIG_PING, sv)) {
		fail("sigqueue(SIG_PING): %s", err_name(errno));
		return false;
	}
	if (want < 0)
		return true;
	r = wait_for(SIG_PING, &si, WAIT_NS);
	if (r == 0)
		fail("waited 5 s for SIG_PING %d from pid %d", want, pid);
	if (r <= 0)
		return false;
	if (si.si_pid != pid || si.si_code != SI_QUEUE || si.si_value.sival_int != want) {
		fail("SIG_PING: value %d from pid %d (code %d), expected %d from %d",
		     si.si_value.sival_int, si.si_pid, si.si_code, want, pid);
		return false;
	}
	return true;
}

static void
ping_child(pid_t parent)
{
	siginfo_t si;

	my_slot = NULL; /* the slot is the parent thread's */
	for (int want = 1;; want += 2) {
		if (wait_for(SIG_PING, &si, 2 * WAIT_NS) <= 0) {
			fail("child: waited 10 s for SIG_PING %d", want);
			_exit(1);
		}
		if (si.si_value.sival_int == 0)
			_exit(0);
		if (si.si_pid != parent || si.si_value.sival_int != want) {
			fail("child: SIG_PING value %d from pid %d, expected %d from %d",
			     si.si_value.sival_int, si.si_pid, want, parent);
			_exit(1);
		}
		if (!ping(parent, want + 1, -1))
			_exit(1);
	}
}

static void *
relay(void *arg)
{
	pid_t parent = getpid(), pid;
	uint64_t n = 0;
	char buf[64];
	int st;

	(void)arg;
	pid = fork();
	if (pid == 0)
		ping_child(parent);
	if (pid < 0) {
		fail("fork: %s", err_name(errno));
		return NULL;
	}
	doing("in sigqueue ping-pong (sigtimedwait)");
	for (int v = 1; !stopping() && ping(pid, v, v + 1); v += 2, n++)
		progress(1);
	ping(pid, 0, -1);
	doing("waiting for the ping-pong child (waitpid)");
	if (waitpid(pid, &st, 0) != pid)
		fail("waitpid(ping-pong child): %s", err_name(errno));
	else if (st != 0)
		fail("the sigqueue ping-pong child ended with %s",
		     status_str(st, buf, sizeof(buf)));
	tally(T_SIGPING, n);
	return NULL;
}

int
signals_main(void)
{
	sigset_t set;

	/* Blocked in every thread, and in the relay's child. */
	sigemptyset(&set);
	sigaddset(&set, SIG_PING);
	sigaddset(&set, SIG_WAIT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	for (int i = 0; i < NSENDERS; i++)
		start_thread("send", i, sender, NULL);
	start_thread("wait", 0, waiter, NULL);
	start_thread("relay", 0, relay, NULL);
	join_threads();
	if (queue_full)
		say("%llu sends found the signal queue full (EAGAIN)",
		    (unsigned long long)queue_full);
	return worker_finish();
}
