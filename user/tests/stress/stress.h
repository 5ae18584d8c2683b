/*
 * The stress test's shared declarations (tests/stress/stress, built from
 * stress.c, common.c, locks.c, spawn.c, signals.c and mm.c).
 *
 * The supervisor (stress.c) forks one process per workload; they run at
 * once for a bounded time and talk through one MAP_SHARED page set, struct
 * shared: the deadline and stop flag, one slot per worker thread (its tid,
 * what it is doing for the watchdog, its progress, the signals sent to it
 * and received by it), one entry per worker process, and the operation
 * tallies the summary prints. Every check that fails prints a line
 * starting with "stress: FAIL" and makes its worker exit 1.
 */
#pragma once

#include "tern_test.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define NSEC	 1000000000ull
#define MSEC	 1000000ull
/* The longest any single wait may take before it counts as a lost
 * wake-up: generous, QEMU on a loaded host is slow but never this slow. */
#define WAIT_NS	 (5 * NSEC)
/* How long after the deadline the workers have to finish and report
 * before the supervisor's watchdog dumps their state and kills them. */
#define GRACE_NS (15 * NSEC)

#define MAX_SLOTS 64

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

enum worker {
	W_LOCKS,
	W_SPAWN,
	W_SIGNALS,
	W_MM,
	NWORKERS
};

/* Operation counters the summary prints, in this order (names in
 * common.c). */
enum tally {
	T_MUTEX,
	T_QUEUE,
	T_PINGPONG,
	T_XPING,
	T_FUTEX,
	T_SPAWN,
	T_FORK,
	T_SIGSENT,
	T_SIGRECV,
	T_SIGPING,
	T_MMAP,
	T_REGION,
	T_PROBE,
	T_COW,
	NTALLIES
};

/* Kinds of counted signals: queued real-time signals taken by a handler
 * (exact), standard signals (SIGUSR1/SIGUSR2: they coalesce, so 1 <=
 * received <= sent), and real-time signals taken by sigtimedwait. */
enum sigkind {
	K_RT,
	K_STD,
	K_WAIT,
	NKINDS
};

/* Signals to a worker process: SIGUSR1 by kill(), SIG_P_RT by sigqueue().
 * Signals to a worker thread: SIGUSR2 by tgkill(), SIG_T_RT by
 * rt_tgsigqueueinfo(), and SIG_WAIT (blocked, taken by sigtimedwait) to the
 * signals worker's waiter thread. SIG_PING goes back and forth between the
 * signals worker and a child of it. */
#define SIG_P_RT (SIGRTMIN + 1)
#define SIG_T_RT (SIGRTMIN + 2)
#define SIG_WAIT (SIGRTMIN + 3)
#define SIG_PING (SIGRTMIN + 4)

struct sigcount {
	uint64_t sent[NKINDS];	   /* [atomic] counted after a successful send */
	uint64_t recv[NKINDS];	   /* [atomic] counted by the receiver */
	uint64_t sum_sent[NKINDS]; /* [atomic] sums of si_value (queued kinds) */
	uint64_t sum_recv[NKINDS]; /* [atomic] */
};

/* One worker thread. */
struct slot {
	int tid, pid;
	int worker;	     /* enum worker */
	int active;	     /* [atomic] may be sent thread-directed signals */
	int waiter;	     /* collects SIG_WAIT with sigtimedwait */
	char name[24];	     /* "locks/queue-put.2" */
	const char *what;    /* [atomic] what it is doing now (watchdog) */
	uint64_t ops;	     /* [atomic] progress, for the watchdog */
	struct sigcount sig; /* thread-directed signals */
};

/* One worker process. */
struct proc {
	int pid;	      /* [atomic] */
	const char *what;     /* [atomic] what its main thread is doing */
	int status;	      /* wait status, once reaped */
	int failures;	      /* [atomic] FAIL lines it printed */
	uint64_t bad_siginfo; /* [atomic] signals with a wrong siginfo */
	struct sigcount sig;  /* process-directed signals */
};

struct shared {
	uint64_t start_ns;    /* CLOCK_MONOTONIC at the start of the round */
	uint64_t deadline_ns; /* the workers stop once stop is set */
	uint64_t stop_ns;     /* when stop was set */
	int stop;	      /* [atomic] set by the supervisor at the deadline */
	int senders_done;     /* [atomic] signal senders that have finished */
	int sig_done;	      /* [atomic] every signal has been sent */
	int nslots;	      /* [atomic] */
	struct slot slots[MAX_SLOTS];
	struct proc procs[NWORKERS];
	uint64_t tallies[NTALLIES]; /* [atomic] */
	char child_path[256];	    /* the helper program spawn execs */
};

extern struct shared *sh;
extern enum worker self_worker;
extern __thread struct slot *my_slot;
extern const char *const worker_names[NWORKERS];
extern const char *const tally_names[NTALLIES];

/* ---- common.c ---- */
uint64_t now_ns(void);
void sleep_ns(uint64_t ns);
struct timespec abs_time(uint64_t ns);
uint64_t rnd(void);
bool stopping(void);
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void doing(const char *what);
void progress(uint64_t n);
void tally(enum tally t, uint64_t n);
int worker_failures(void);
void counting_handlers_install(void);
void counted_signals_block(void);
bool counts_settled(const struct sigcount *c);
void counts_report(const char *whose, const struct sigcount *c);
void start_thread(const char *name, int index, void *(*fn)(void *), void *arg);
void join_threads(void);
int worker_finish(void);
const char *status_str(int status, char *buf, size_t size);

/* ---- the workloads: each returns the worker's exit status ---- */
int locks_main(void);
int spawn_main(void);
int signals_main(void);
int mm_main(void);
