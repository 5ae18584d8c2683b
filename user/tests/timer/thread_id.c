/*
 * thread_id: timers and threads. SIGEV_THREAD_ID sends every expiry to
 * the one thread it names (a worker, or the main thread), though the
 * others do not block the signal; a process-directed timer signal goes
 * to the thread that does not block it; a timer is the process's: one
 * thread creates it, others set, read and delete it, and it outlives
 * its creator; a SIGEV_THREAD_ID timer whose thread has exited signals
 * nobody; glibc's SIGEV_THREAD (built on SIGEV_THREAD_ID and a helper
 * thread) runs its function in a thread of its own. Run on one hart and
 * on four. Prints the same on Linux and Tern; exits 0 only if all hold.
 */
#include "timer_test.h"

#include <stdatomic.h>

#define NWORKERS 3
#define MAIN	 NWORKERS /* hits[][MAIN]: the main thread's */
#define OTHER	 (NWORKERS + 1)

static pid_t tids[NWORKERS + 1];
static atomic_int hits[2][NWORKERS + 2]; /* expiries by [SIGUSR1, SIGUSR2][thread] */
static atomic_int stop, started;

static void
on_signal(int sig, siginfo_t *si, void *uc)
{
	pid_t me = gettid();
	int who = OTHER;

	(void)uc;
	for (int i = 0; i <= MAIN; i++)
		if (tids[i] == me)
			who = i;
	/* Expiries, not signals: a busy host merges some into overruns. */
	atomic_fetch_add(&hits[sig == SIGUSR2][who], 1 + si->si_overrun);
}

/* Worker i: SIGUSR2 blocked except in worker 1; sleeps until told. */
static void *
worker(void *arg)
{
	int i = (int)(intptr_t)arg;

	tids[i] = gettid();
	if (i != 1)
		mask_signal(SIG_BLOCK, SIGUSR2);
	else
		mask_signal(SIG_UNBLOCK, SIGUSR2);
	atomic_fetch_add(&started, 1);
	while (!atomic_load(&stop))
		sleep_ns(5 * NS_PER_MS);
	return NULL;
}

static void
clear_hits(void)
{
	for (int s = 0; s < 2; s++)
		for (int i = 0; i <= OTHER; i++)
			atomic_store(&hits[s][i], 0);
}

/* Run a periodic 20 ms timer with ev for 300 ms (15 expiries). */
static void
run_timer(struct sigevent *ev)
{
	int id = timer_new(CLOCK_MONOTONIC, ev);

	clear_hits();
	timer_arm(id, 0, 20 * NS_PER_MS, 20 * NS_PER_MS);
	sleep_ns(300 * NS_PER_MS);
	syscall(SYS_timer_delete, id);
	sleep_ns(50 * NS_PER_MS); /* let a signal on its way land */
}

static int
hits_except(int sig_index, int who)
{
	int n = 0;

	for (int i = 0; i <= OTHER; i++)
		if (i != who)
			n += atomic_load(&hits[sig_index][i]);
	return n;
}

static void
thread_directed(int target, const char *what)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int n;

	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_notify_thread_id = tids[target];
	run_timer(&ev);
	n = atomic_load(&hits[0][target]);
	CHECK(n >= 5 && hits_except(0, target) == 0, what, "%d there, %d elsewhere", n,
	      hits_except(0, target));
}

static void
process_directed(void)
{
	struct sigevent ev = sigev_signal(SIGUSR2, 0);
	int n;

	run_timer(&ev);
	n = atomic_load(&hits[1][1]);
	CHECK(n >= 5 && hits_except(1, 1) == 0,
	      "SIGEV_SIGNAL: the only thread not blocking the signal gets them all",
	      "%d there, %d elsewhere", n, hits_except(1, 1));
}

static int shared_id;

static void *
use_shared(void *arg)
{
	struct itimerspec its;
	long r1, r2;

	(void)arg;
	r1 = timer_arm(shared_id, 0, 5 * NS_PER_S, 0);
	r2 = syscall(SYS_timer_gettime, shared_id, &its);
	return (void *)(intptr_t)(r1 == 0 && r2 == 0 && its.it_value.tv_sec == 4);
}

static void *
create_timer(void *arg)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);

	(void)arg;
	ev.sigev_notify = SIGEV_NONE;
	shared_id = timer_new(CLOCK_MONOTONIC, &ev);
	return NULL;
}

static void
shared_by_threads(void)
{
	struct itimerspec its;
	pthread_t t;
	void *ok;
	long r;

	pthread_create(&t, NULL, create_timer, NULL);
	pthread_join(t, NULL);
	r = syscall(SYS_timer_gettime, shared_id, &its);
	CHECK(shared_id != -1 && r == 0, "a timer outlives the thread that created it", "%d %ld",
	      shared_id, r);
	pthread_create(&t, NULL, use_shared, NULL);
	pthread_join(t, &ok);
	CHECK(ok != NULL, "another thread sets and reads it", "failed");
	r = syscall(SYS_timer_gettime, shared_id, &its);
	CHECK(r == 0 && its.it_value.tv_sec == 4, "the main thread sees that setting", "%ld %ld",
	      r, (long)its.it_value.tv_sec);
	expect("timer_delete from the main thread", syscall(SYS_timer_delete, shared_id), "0");
}

static void *
exit_soon(void *arg)
{
	*(pid_t *)arg = gettid();
	return NULL;
}

static void
target_gone(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	struct itimerspec its;
	pthread_t t;
	pid_t tid = 0;
	int id;

	pthread_create(&t, NULL, exit_soon, &tid);
	pthread_join(t, NULL);
	sleep_ns(50 * NS_PER_MS); /* the kernel may still be ending it */
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_notify_thread_id = tid;
	id = timer_new(CLOCK_MONOTONIC, &ev);
	CHECK(id == -1 && errno == EINVAL, "SIGEV_THREAD_ID naming an exited thread: EINVAL",
	      "%d %s", id, err_name(errno));

	/* Exits while the timer runs: its signals go nowhere. */
	pthread_create(&t, NULL, worker, (void *)(intptr_t)2);
	while (atomic_load(&started) < NWORKERS + 1)
		sleep_ns(NS_PER_MS);
	ev.sigev_notify_thread_id = tids[2];
	id = timer_new(CLOCK_MONOTONIC, &ev);
	timer_arm(id, 0, 10 * NS_PER_MS, 10 * NS_PER_MS);
	clear_hits();
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
	tids[2] = 0;
	clear_hits();
	sleep_ns(200 * NS_PER_MS);
	CHECK(hits_except(0, -1) == 0, "its thread gone, a SIGEV_THREAD_ID timer signals nobody",
	      "%d", hits_except(0, -1));
	CHECK(syscall(SYS_timer_gettime, id, &its) == 0 && its.it_interval.tv_nsec != 0,
	      "the timer itself is still there", "%s", err_name(errno));
	syscall(SYS_timer_delete, id);
}

static atomic_int notified, notified_main;

static void
notify(union sigval v)
{
	atomic_fetch_add(&notified, 1);
	if (gettid() == tids[MAIN] || v.sival_int != 99)
		atomic_fetch_add(&notified_main, 1);
}

static void
glibc_sigev_thread(void)
{
	struct sigevent ev;
	struct itimerspec its = { ns_ts(20 * NS_PER_MS), ns_ts(20 * NS_PER_MS) };
	timer_t t;
	int n;

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = notify;
	ev.sigev_value.sival_int = 99;
	if (timer_create(CLOCK_MONOTONIC, &ev, &t)) {
		CHECK(false, "glibc timer_create(SIGEV_THREAD)", "%s", err_name(errno));
		return;
	}
	timer_settime(t, 0, &its, NULL);
	sleep_ns(300 * NS_PER_MS);
	timer_delete(t);
	sleep_ns(50 * NS_PER_MS);
	n = atomic_load(&notified);
	/* glibc starts a thread per expiry: few on a loaded host. */
	CHECK(n >= 1 && atomic_load(&notified_main) == 0,
	      "glibc's SIGEV_THREAD runs the function in another thread, with si_value",
	      "%d calls, %d wrong", n, atomic_load(&notified_main));
}

int
main(void)
{
	pthread_t t[NWORKERS];

	tids[MAIN] = gettid();
	handle(SIGUSR1, on_signal, SA_RESTART);
	handle(SIGUSR2, on_signal, SA_RESTART);
	mask_signal(SIG_BLOCK, SIGUSR2);
	for (int i = 0; i < NWORKERS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	while (atomic_load(&started) < NWORKERS)
		sleep_ns(NS_PER_MS);
	thread_directed(1, "SIGEV_THREAD_ID to worker 1: it alone gets the signals");
	thread_directed(2, "SIGEV_THREAD_ID to worker 2: it alone gets the signals");
	thread_directed(MAIN, "SIGEV_THREAD_ID to the main thread: it alone gets them");
	process_directed();
	atomic_store(&stop, 1);
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(t[i], NULL);
	atomic_store(&stop, 0);
	shared_by_threads();
	target_gone();
	glibc_sigev_thread();
	return time_test_exit();
}
