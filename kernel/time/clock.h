/*
 * The clock table: every clock id Linux knows, decoded once for every
 * clock and timer system call (clock_gettime, clock_getres,
 * clock_nanosleep, timer_create), as Linux's k_clock table
 * (kernel/time/posix-timers.c).
 *
 * Fixed ids are those of linux/time.h. Negative ids name a CPU-time
 * clock of a thread or process (~pid << 3 | per-thread bit | kind), or,
 * with kind 3 and no per-thread bit, a clock device by file descriptor.
 * Tern has no clock devices and no RTC that can wake the machine, so
 * those and the alarm clocks behave as on a Linux without them: they
 * cannot be read (-EINVAL) or slept on (-EOPNOTSUPP); alarm-clock timers
 * are created and then refused (-EOPNOTSUPP), as Linux's are.
 */
#pragma once

#include <compiler.h>
#include <types.h>

/* Linux's kinds of CPU clock (include/linux/posix-timers.h, not UAPI). */
#define CPUCLOCK_PROF  0 /* user + system time */
#define CPUCLOCK_VIRT  1 /* user time */
#define CPUCLOCK_SCHED 2 /* time on a hart: user + system time in Tern */
#define CPUCLOCK_MAX   3

/* What a clock counts. */
enum clock_base {
	CLOCK_BASE_REALTIME,  /* wall-clock time */
	CLOCK_BASE_MONOTONIC, /* time since boot */
	CLOCK_BASE_CPU,	      /* CPU time of a thread or process */
	CLOCK_BASE_NONE,      /* a clock device or an alarm clock: none exist */
};

/* What clock_nanosleep does with a clock, as Linux's k_clock.nsleep. */
enum clock_nsleep {
	CLOCK_NSLEEP_NONE, /* -EOPNOTSUPP before looking at the arguments */
	CLOCK_NSLEEP_OK,
	CLOCK_NSLEEP_CPU, /* on CPU time, polled at the scheduler tick */
};

/* A decoded clock id. */
struct clock_ref {
	int id;			    /* the id it was decoded from */
	enum clock_base base;	    /* what reading it gives */
	enum clock_nsleep nsleep;   /* what sleeping on it does */
	bool timers;		    /* timer_create accepts it */
	bool alarm;		    /* an alarm clock: its timers fail at creation's end */
	enum clock_base timer_base; /* what its timers count (alarm clocks too) */
	bool thread;		    /* CPU clocks: of one thread, else of a process */
	unsigned cpu_which;	    /* CPU clocks: CPUCLOCK_PROF, _VIRT or _SCHED */
	pid_t pid;		    /* CPU clocks: the thread or process; 0: the caller */
};

/* Decode a clock id: 0, or -EINVAL for an id Linux does not know. */
int __must_check clock_decode(int which, struct clock_ref *c);

/*
 * Read a clock in ns: 0, or -EINVAL (a clock that cannot be read, a CPU
 * clock of no such thread or process, or one the caller may not name).
 * Context: process. Locks: takes tasklist_lock for another task's clock.
 */
int __must_check clock_read(const struct clock_ref *c, uint64_t *ns);
