/*
 * Process timers: the interval timers of setitimer/getitimer
 * (ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF) and the POSIX timers of
 * timer_create, with Linux's semantics (kernel/time/itimer.c,
 * posix-timers.c, posix-cpu-timers.c). They belong to the process:
 * every thread sees and changes the same timers, fork does not copy
 * them, execve deletes the POSIX timers and keeps the interval timers,
 * and they all die with the process.
 *
 * Values cross this interface in nanoseconds on the timer's clock:
 * wall-clock time (CLOCK_REALTIME, CLOCK_TAI), monotonic time
 * (CLOCK_MONOTONIC, CLOCK_BOOTTIME), or the CPU time of a thread or a
 * process. See docs/time.md for resolution and the few places Tern
 * departs from Linux.
 */
#pragma once

#include <asm-generic/siginfo.h>
#include <compiler.h>
#include <ktime.h>
#include <types.h>

#include "time/clock.h"

struct task;

/* The clock a timer counts on (a decoded clock id). */
struct timer_clock {
	enum clock_base base;
	unsigned cpu_which; /* CPU clocks: CPUCLOCK_PROF, _VIRT or _SCHED */
	bool thread;	    /* CPU clocks: of one thread, else of a process */
	pid_t pid;	    /* CPU clocks: the thread or process; 0: the caller's */
};

/* How a POSIX timer tells of its expiries (a decoded struct sigevent). */
struct timer_event {
	int notify; /* SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID (SIGEV_THREAD: as SIGNAL) */
	int signo;
	pid_t tid;	/* SIGEV_THREAD_ID: the thread to signal */
	sigval_t value; /* si_value of the signals */
};

/* A timer's setting: the time to the (next) expiry, or the expiry time
 * itself when absolute, and the period (0: one shot), in ns. */
struct timer_setting {
	uint64_t value_ns;
	uint64_t interval_ns;
};

/* The largest time a timer holds (Linux's KTIME_MAX): larger ones saturate. */
#define TIMER_NS_MAX KTIME_NS_MAX

/*
 * getitimer: the calling process's interval timer `which` (ITIMER_REAL,
 * ITIMER_VIRTUAL, ITIMER_PROF). Returns 0 or -EINVAL (another which).
 * Context: process; may sleep. Locks: takes the process's timer mutex.
 */
int __must_check itimer_get(int which, struct timer_setting *cur);

/*
 * setitimer: arm (value_ns != 0) or disarm interval timer `which`,
 * relative to now; *old (if not NULL) gets the previous setting.
 * Returns 0, -EINVAL (another which) or -ENOMEM (no memory for the
 * process's timers; Linux cannot fail here). Context: process; may
 * sleep. Locks: takes the process's timer mutex.
 */
int __must_check itimer_set(int which, const struct timer_setting *set, struct timer_setting *old);

/*
 * Check a CPU clock's target as Linux's timer_create does (after the
 * id has reached user space): a thread of the caller's process, or a
 * live process; a clock of the caller's own thread or process becomes
 * pid 0 / the caller's tid. Returns 0 or -EINVAL. Other clocks: 0.
 * Context: process. Locks: takes tasklist_lock.
 */
int __must_check timer_clock_resolve(struct timer_clock *c);

/*
 * timer_create: a new, disarmed POSIX timer of the calling process on
 * clock c, notifying as ev says (NULL: SIGALRM with the timer id as
 * si_value, as Linux). *id gets its id. Returns 0, -EAGAIN (no memory,
 * or RLIMIT_SIGPENDING timers already), or -EINVAL (a bad sigevent: the
 * id is used up all the same, as Linux). Context: process; may sleep.
 * Locks: takes the process's timer mutex.
 */
int __must_check posix_timer_create(const struct timer_clock *c, const struct timer_event *ev,
				    int *id);

/*
 * timer_settime: arm timer id (value_ns != 0; relative, or absolute on
 * its clock when abs) or disarm it; a signal of it still pending is
 * dropped and the overrun count starts again (as Linux since 6.13).
 * *old (if not NULL) gets the previous setting. Returns 0 or -EINVAL
 * (no such timer). Context: process; may sleep. Locks: takes the
 * process's timer mutex.
 */
int __must_check posix_timer_settime(int id, bool abs, const struct timer_setting *set,
				     struct timer_setting *old);

/* timer_gettime: time to the next expiry and period. 0 or -EINVAL.
 * Context: process; may sleep. Locks: the process's timer mutex. */
int __must_check posix_timer_gettime(int id, struct timer_setting *cur);

/* timer_getoverrun: the overrun count of the timer's last delivered
 * signal (at most INT_MAX), or -EINVAL. Context, locks: as above. */
int __must_check posix_timer_getoverrun(int id);

/* timer_delete: stop and free timer id, dropping a signal of it still
 * pending. 0 or -EINVAL. Context, locks: as above. */
int __must_check posix_timer_delete(int id);

/*
 * execve is committing for t (the process's only thread now): delete
 * its POSIX timers; the interval timers stay, as Linux. Context:
 * process; may sleep. Locks: takes the process's timer mutex.
 */
void posix_timers_exec(struct task *t);

/*
 * t, the last thread of its process, has left the thread group: stop
 * and free all the process's timers. Context: process, after t left the
 * group; does not sleep (t may be a zombie already). Locks: none held;
 * takes t->sig.hand->siglock and the timers' own.
 */
void posix_timers_exit(struct task *t);
