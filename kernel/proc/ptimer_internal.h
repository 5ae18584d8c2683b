/*
 * Shared by the process-timer files of proc/ only (ptimer.c, the
 * engine; itimer.c and posix_timer.c, the operations): a process's
 * timer table and the timer object both kinds are made of.
 *
 * A timer is disarmed (expires == 0) or armed. An armed timer that
 * signals has its ktimer pending: at the expiry for wall-clock timers,
 * or polling its CPU clock (at most a scheduler tick apart) for CPU-time
 * timers. SIGEV_NONE timers are never queued: their state is computed
 * when read. At an expiry a periodic timer moves its expiry past now and
 * a one-shot one disarms itself.
 *
 * Locks: [M] proc_timers.timers_mutex: the timer system calls of the process;
 *            arming and stopping a timer, the posix list
 *        [P] proc_timers.timers_lock (spinlock): timer state the ktimer
 *            callbacks change; taken with no other spinlock held, then
 *            the sighand lock, run-queue and timer_base locks inside it
 *            (signals are sent under it); never tasklist_lock. Never
 *            call ktimer_cancel() with it held.
 *        [I] set at creation, then constant
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "lib/list.h"
#include "sched/mutex.h"
#include "proc/posix_timer.h"
#include "sched/sched.h"
#include "locking/spinlock.h"
#include "sched/ktimer.h"

struct sighand;
struct proc_timers;

struct ptimer {
	struct ktimer kt;	     /* [M][P] see the head comment */
	struct proc_timers *owner;   /* [I] */
	struct list_head posix_link; /* [M] owner->posix (POSIX timers) */
	int id;			     /* [I] POSIX timer id; -1 for interval timers */
	int itimer;		     /* [I] ITIMER_* for interval timers, else -1 */
	struct timer_clock clock;    /* [I] */
	struct timer_event ev;	     /* [I] */
	uint64_t expires;	     /* [P] next expiry, ns on the clock; 0: disarmed */
	uint64_t interval;	     /* [P] period in ns; 0: one shot */
	bool queued;		     /* [P] its last signal may still be pending */
	uint64_t overrun;	     /* [P] expiries merged into that signal */
	uint64_t overrun_last;	     /* [P] the count of the last signal delivered */
};

#define NR_ITIMERS 3 /* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */

/* A process's timers, hung from its sighand (sighand->timers). */
struct proc_timers {
	struct spinlock timers_lock;
	struct mutex timers_mutex;
	struct sighand *hand;		   /* [I] the process's */
	struct ptimer itimers[NR_ITIMERS]; /* by ITIMER_* */
	struct list_head posix;		   /* [M] struct ptimer.posix_link */
	unsigned nr_posix;		   /* [M] */
	int next_id;			   /* [M] next POSIX timer id to try */
};

/* CPU clocks are polled at least every scheduler tick (SCHED_TICK_NS). */

/* a + b, saturating at TIMER_NS_MAX. */
static inline uint64_t
timer_ns_add(uint64_t a, uint64_t b)
{
	return b > TIMER_NS_MAX - MIN(a, TIMER_NS_MAX) ? TIMER_NS_MAX : a + b;
}

/*
 * t's process's timers; created (disarmed) on first use when create.
 * NULL when there are none (create false) or no memory. Context:
 * process, one of the process's threads; may allocate. Locks: takes
 * t->sig.hand->siglock.
 */
struct proc_timers *proc_timers_get(struct task *t, bool create);
/* Free pts and its timers, all stopped already. Context: any. */
void proc_timers_free(struct proc_timers *pts);

/* Set up pt (disarmed), belonging to pts. itimer: ITIMER_* or -1. */
void ptimer_init(struct ptimer *pt, struct proc_timers *pts, int id, int itimer,
		 const struct timer_clock *c, const struct timer_event *ev);

/* Read pt's clock into *now: false when the thread or process whose CPU
 * time it counts has gone. Context: any; no P or sighand lock held.
 * Locks: may take the sighand lock, or tasklist_lock then a sighand's. */
bool ptimer_clock_now(const struct ptimer *pt, uint64_t *now);

/* The first expiry after now of a timer that expired at expires with
 * period interval (> 0), and in *periods how many expiries that skips
 * (at least 1). Saturates at TIMER_NS_MAX. */
uint64_t ptimer_forward(uint64_t expires, uint64_t interval, uint64_t now, uint64_t *periods);

/* Stop pt's ktimer: after it returns, pt's callback is not running and
 * will not run until ptimer_arm(). Caller holds M, not P. */
void ptimer_cancel(struct ptimer *pt);

/* Set pt to expire at expires (0: disarm) on its clock, which read now,
 * then every interval; start its ktimer. Caller holds M, not P, and
 * has stopped pt (ptimer_cancel). */
void ptimer_arm(struct ptimer *pt, uint64_t expires, uint64_t interval, uint64_t now);

/* POSIX timers: has the signal pt last queued been delivered since?
 * Then its overrun count becomes the one timer_getoverrun reports.
 * Caller holds P. Locks: takes the sighand lock. */
void ptimer_settle_locked(struct ptimer *pt);
/* POSIX timers: take pt's signal off the pending queue if it is still
 * there (the timer was re-armed or deleted). Caller holds P. */
void ptimer_drop_signal_locked(struct ptimer *pt);
