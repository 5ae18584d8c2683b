/*
 * What every stress worker shares: time, random numbers, reporting, the
 * per-thread slots the watchdog reads, the counting signal handlers, and
 * the end of a worker thread's life (wait until every signal sent to it
 * has arrived, then leave).
 */
#include "stress.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shared *sh;
enum worker self_worker;
__thread struct slot *my_slot;

const char *const worker_names[NWORKERS] = {
	[W_LOCKS] = "locks",
	[W_SPAWN] = "spawn",
	[W_SIGNALS] = "signals",
	[W_MM] = "mm",
};

const char *const tally_names[NTALLIES] = {
	[T_MUTEX] = "mutex lock/unlock",    [T_QUEUE] = "condvar queue items",
	[T_PINGPONG] = "condvar ping-pong", [T_XPING] = "cross-process ping-pong",
	[T_FUTEX] = "futex token passes",   [T_SPAWN] = "fork/spawn+exec+wait",
	[T_FORK] = "fork+exit+wait",	    [T_SIGSENT] = "signals sent",
	[T_SIGRECV] = "signals received",   [T_SIGPING] = "sigqueue ping-pong",
	[T_MMAP] = "mmap/mprotect/munmap",  [T_REGION] = "shared-region changes",
	[T_PROBE] = "cross-thread probes",  [T_COW] = "fork snapshots (COW)",
};

/* Failure lines a process prints before it only counts them. */
#define MAX_FAIL_LINES 30

static int fail_lines;
static __thread uint64_t rnd_state;

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
}

/* Sleeps ns, resuming after signal handlers (nanosleep is never restarted). */
void
sleep_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / NSEC), .tv_nsec = (long)(ns % NSEC) };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* The CLOCK_MONOTONIC time ns from now, for the timed waits. */
struct timespec
abs_time(uint64_t ns)
{
	uint64_t t = now_ns() + ns;

	return (struct timespec){ .tv_sec = (time_t)(t / NSEC), .tv_nsec = (long)(t % NSEC) };
}

/* A random number: xorshift64*, one stream per thread. */
uint64_t
rnd(void)
{
	if (!rnd_state)
		rnd_state = now_ns() ^ ((uint64_t)gettid() << 32) ^ 0x9e3779b97f4a7c15ull;
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545f4914f6cdd1dull;
}

/* Whether the supervisor has called the end of the round. */
bool
stopping(void)
{
	return __atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE);
}

static const char *
who(void)
{
	return my_slot ? my_slot->name : worker_names[self_worker];
}

static void
vprint(const char *tag, const char *fmt, va_list ap)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "stress: %s%s: ", tag, who());

	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	/* One write per line, so lines from different processes stay whole. */
	if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
		return;
}

/* Reports a failed check: prints "stress: FAIL worker/thread: ...". */
void
fail(const char *fmt, ...)
{
	va_list ap;

	__atomic_add_fetch(&sh->procs[self_worker].failures, 1, __ATOMIC_RELAXED);
	if (__atomic_add_fetch(&fail_lines, 1, __ATOMIC_RELAXED) > MAX_FAIL_LINES)
		return;
	va_start(ap, fmt);
	vprint("FAIL ", fmt, ap);
	va_end(ap);
}

/* Prints "stress: worker/thread: ...". */
void
say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("", fmt, ap);
	va_end(ap);
}

/* Records what the calling thread is about to wait for (the watchdog
 * prints it if the thread never comes back). what must be static. */
void
doing(const char *what)
{
	struct proc *p = &sh->procs[self_worker];

	if (my_slot)
		__atomic_store_n(&my_slot->what, what, __ATOMIC_RELAXED);
	else if (__atomic_load_n(&p->pid, __ATOMIC_RELAXED) == getpid())
		__atomic_store_n(&p->what, what, __ATOMIC_RELAXED); /* the main thread */
}

/* Counts n operations of the calling thread (the watchdog shows them). */
void
progress(uint64_t n)
{
	if (my_slot)
		__atomic_add_fetch(&my_slot->ops, n, __ATOMIC_RELAXED);
}

/* Adds n operations to a line of the summary. */
void
tally(enum tally t, uint64_t n)
{
	__atomic_add_fetch(&sh->tallies[t], n, __ATOMIC_RELAXED);
}

/* How many checks of this worker process have failed so far. */
int
worker_failures(void)
{
	return __atomic_load_n(&sh->procs[self_worker].failures, __ATOMIC_RELAXED);
}

/* A wait status in words ("exit 3", "killed by SEGV"), in buf. */
const char *
status_str(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by %s%s", sigabbrev_np(WTERMSIG(status)) ?: "?",
			 WCOREDUMP(status) ? " (core)" : "");
	else
		snprintf(buf, size, "status %#x", status);
	return buf;
}

/* ---- counted signals ---------------------------------------------------- */

static bool
siginfo_good(int sig, const siginfo_t *si, bool to_proc, bool std)
{
	int code = std ? (to_proc ? SI_USER : SI_TKILL) : SI_QUEUE;

	return si->si_signo == sig && si->si_code == code &&
	       si->si_pid == __atomic_load_n(&sh->procs[W_SIGNALS].pid, __ATOMIC_RELAXED);
}

/* SIGUSR1 and SIG_P_RT count for the process, SIGUSR2 and SIG_T_RT for
 * the thread that takes them. */
static void
on_counted(int sig, siginfo_t *si, void *uc)
{
	bool to_proc = sig == SIGUSR1 || sig == SIG_P_RT;
	bool std = sig == SIGUSR1 || sig == SIGUSR2;
	struct proc *p = &sh->procs[self_worker];
	struct sigcount *c = to_proc ? &p->sig : my_slot ? &my_slot->sig : NULL;
	int kind = std ? K_STD : K_RT;

	(void)uc;
	if (!c || !siginfo_good(sig, si, to_proc, std))
		__atomic_add_fetch(&p->bad_siginfo, 1, __ATOMIC_RELAXED);
	if (!c)
		return;
	__atomic_add_fetch(&c->recv[kind], 1, __ATOMIC_RELAXED);
	if (!std)
		__atomic_add_fetch(&c->sum_recv[kind], (uint32_t)si->si_value.sival_int,
				   __ATOMIC_RELAXED);
}

/* Installs the counting handler (SA_SIGINFO | SA_RESTART, so interrupted
 * system calls other than sleeps and waits for signals restart). */
void
counting_handlers_install(void)
{
	int sigs[] = { SIGUSR1, SIGUSR2, SIG_P_RT, SIG_T_RT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_counted;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
		if (sigaction(sigs[i], &sa, NULL))
			fail("sigaction(%d): %s", sigs[i], err_name(errno));
}

/* Blocks the counted signals in the calling thread: process-directed ones
 * must then go to another thread. */
void
counted_signals_block(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIG_P_RT);
	sigaddset(&set, SIG_T_RT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static uint64_t
ld(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static bool
kind_settled(const struct sigcount *c, int k)
{
	uint64_t sent = ld(&c->sent[k]), recv = ld(&c->recv[k]);

	if (k == K_STD)
		return sent ? recv >= 1 && recv <= sent : recv == 0;
	return recv == sent && ld(&c->sum_recv[k]) == ld(&c->sum_sent[k]);
}

/* Whether every signal counted as sent has been received: queued kinds
 * exactly (and their value sums), standard ones at least once if sent. */
bool
counts_settled(const struct sigcount *c)
{
	for (int k = 0; k < NKINDS; k++)
		if (!kind_settled(c, k))
			return false;
	return true;
}

/* Reports each kind of signal whose counts did not settle. */
void
counts_report(const char *whose, const struct sigcount *c)
{
	static const char *const kinds[NKINDS] = { "queued (handler)", "standard",
						   "queued (sigtimedwait)" };

	for (int k = 0; k < NKINDS; k++)
		if (!kind_settled(c, k))
			fail("%s %s signals: sent %llu (value sum %llu), received %llu (value sum %llu)",
			     whose, kinds[k], (unsigned long long)ld(&c->sent[k]),
			     (unsigned long long)ld(&c->sum_sent[k]),
			     (unsigned long long)ld(&c->recv[k]),
			     (unsigned long long)ld(&c->sum_recv[k]));
}

/* Polls (sleeping 1 ms, which lets pending signals in) until the counts
 * settle or WAIT_NS passes. */
static bool
wait_settled(const struct sigcount *c)
{
	uint64_t end = now_ns() + WAIT_NS;

	while (!counts_settled(c)) {
		if (now_ns() > end)
			return false;
		sleep_ns(MSEC);
	}
	return true;
}

static bool
wait_sig_done(void)
{
	uint64_t end = sh->deadline_ns + GRACE_NS - 4 * NSEC;

	while (!__atomic_load_n(&sh->sig_done, __ATOMIC_ACQUIRE)) {
		if (now_ns() > end)
			return false;
		sleep_ns(MSEC);
	}
	return true;
}

/* ---- worker threads --------------------------------------------------- */

struct start {
	char name[24];
	void *(*fn)(void *);
	void *arg;
	pthread_t thread;
	bool started;
	struct slot *slot; /* [atomic] once registered */
};

static struct start starts[MAX_SLOTS];
static int nstarts;

static void
slot_register(const char *name)
{
	int i = __atomic_fetch_add(&sh->nslots, 1, __ATOMIC_RELAXED);
	struct slot *s;

	if (i >= MAX_SLOTS) {
		fail("more than %d worker threads", MAX_SLOTS);
		return;
	}
	s = &sh->slots[i];
	s->tid = gettid();
	s->pid = getpid();
	s->worker = self_worker;
	snprintf(s->name, sizeof(s->name), "%s", name);
	my_slot = s;
	__atomic_store_n(&s->active, 1, __ATOMIC_RELEASE);
}

/* The end of every worker thread: once all signals have been sent, wait
 * for those sent to this thread, then block them and leave. */
static void
quiesce(void)
{
	doing("waiting for the signal senders to finish");
	if (!wait_sig_done())
		fail("the signals worker never said it had finished sending");
	doing("waiting for the signals sent to this thread");
	if (!wait_settled(&my_slot->sig))
		counts_report("thread-directed", &my_slot->sig);
	__atomic_store_n(&my_slot->active, 0, __ATOMIC_RELEASE);
	counted_signals_block();
	doing("exiting");
}

static void *
thread_main(void *arg)
{
	struct start *st = arg;

	slot_register(st->name);
	if (!my_slot)
		return NULL;
	__atomic_store_n(&st->slot, my_slot, __ATOMIC_RELEASE);
	doing("running");
	st->fn(st->arg);
	quiesce();
	return NULL;
}

/* Starts a worker thread named "worker/name.index" that runs fn(arg) and
 * then waits for its signals (see quiesce). Failures are reported. */
void
start_thread(const char *name, int index, void *(*fn)(void *), void *arg)
{
	struct start *st;
	int err;

	if (nstarts == MAX_SLOTS) {
		fail("too many threads");
		return;
	}
	st = &starts[nstarts++];
	snprintf(st->name, sizeof(st->name), "%s/%s.%d", worker_names[self_worker], name, index);
	st->fn = fn;
	st->arg = arg;
	err = pthread_create(&st->thread, NULL, thread_main, st);
	if (err)
		fail("pthread_create(%s): %s", st->name, err_name(err));
	st->started = !err;
}

/* Joins every thread start_thread started, each with a deadline, and
 * reports those that never end with what they were doing. */
void
join_threads(void)
{
	uint64_t end = sh->deadline_ns + GRACE_NS - 2 * NSEC;
	struct timespec until = { .tv_sec = (time_t)(end / NSEC), .tv_nsec = (long)(end % NSEC) };

	doing("joining its threads");
	for (int i = 0; i < nstarts; i++) {
		struct start *st = &starts[i];
		struct slot *s;
		int err;

		if (!st->started)
			continue;
		err = pthread_clockjoin_np(st->thread, NULL, CLOCK_MONOTONIC, &until);
		if (!err)
			continue;
		s = __atomic_load_n(&st->slot, __ATOMIC_ACQUIRE);
		fail("joining %s (tid %d): %s; it is %s", st->name, s ? s->tid : 0, err_name(err),
		     s ? __atomic_load_n(&s->what, __ATOMIC_RELAXED) : "not registered");
	}
}

/* The end of a worker process, once its threads are joined: wait for the
 * process-directed signals, check the siginfo count; returns the exit
 * status (0 only if no check failed). */
int
worker_finish(void)
{
	struct proc *p = &sh->procs[self_worker];

	doing("waiting for the signal senders to finish");
	if (!wait_sig_done())
		fail("the signals worker never said it had finished sending");
	doing("waiting for the signals sent to the process");
	if (!wait_settled(&p->sig))
		counts_report("process-directed", &p->sig);
	if (__atomic_load_n(&p->bad_siginfo, __ATOMIC_RELAXED))
		fail("%llu signals came with a wrong siginfo (signo, code or sender pid)",
		     (unsigned long long)p->bad_siginfo);
	return worker_failures() ? 1 : 0;
}
