/*
 * Kernel timers and sleeping with a deadline.
 *
 * A ktimer is a one-shot callback at a monotonic time (ns, as
 * time_monotonic_ns()). Each hart keeps its pending timers in a list
 * sorted by deadline and programs its hardware timer for the earlier of
 * its first timer and its next scheduler tick, so a timer fires within a
 * time-base tick of its deadline, not at the next 10 ms tick.
 *
 * A timer moves through: idle (initialised, or fired, or cancelled) ->
 * pending (ktimer_add, on the adding hart's queue) -> running (its
 * callback runs, in interrupt context on that hart) -> idle. ktimer_add
 * on a pending timer re-arms it; ktimer_cancel makes it idle and waits
 * for a callback running on another hart, so after it returns the timer
 * may be freed (timers on the stack rely on this).
 *
 * Locks: [b] the timer_base lock of the hart whose queue holds the timer
 *        (sched/ktimer.c; a leaf lock: nothing is taken inside it)
 *        [I] set by ktimer_init, then constant
 */
#pragma once

#include <asm-generic/errno.h>
#include <compiler.h>
#include <types.h>

#include "lib/list.h"
#include "sched/wait.h"

struct ktimer;
struct task;
struct timer_base;

typedef void (*ktimer_fn)(struct ktimer *t);

struct ktimer {
	struct list_head timer_link; /* [b] in the base's queue, by deadline */
	uint64_t deadline_ns;	     /* [b] monotonic time it fires at */
	ktimer_fn fn;		     /* [I] */
	struct timer_base *base;     /* [b] queue it is on, or was last on */
	bool queued;		     /* [b] pending */
};

/* A deadline that never comes: sleeps with it wait for a wake-up only. */
#define TIME_NS_NEVER UINT64_MAX

/* Set up t (idle) with the callback it will run. Context: any. */
void ktimer_init(struct ktimer *t, ktimer_fn fn);

/*
 * Arm t to run its callback at deadline_ns, on this hart; a pending t is
 * re-armed. A deadline already past fires at the next timer interrupt.
 * If t's callback is running on another hart, waits for it to finish.
 * Context: any (interrupts are disabled inside); the callback of t
 * itself may re-arm t. Locks: takes t's old and new timer_base locks,
 * one at a time.
 */
void ktimer_add(struct ktimer *t, uint64_t deadline_ns);

/*
 * Make t idle: dequeue it if pending, and wait until a callback of t
 * running on another hart has returned. Returns true if t was pending
 * (its callback will not run for that arming). Never call it from t's
 * own callback (panics), nor while holding a lock that t's callback
 * takes. Context: any. Locks: takes t's timer_base lock.
 */
bool ktimer_cancel(struct ktimer *t);

/* Is t pending? A snapshot: it may fire right after. Context: any. */
bool ktimer_pending(const struct ktimer *t);

/*
 * This hart's timer interrupt: run the callbacks of expired timers, note
 * a due scheduler tick, and program the hardware timer for the next
 * event. Returns true when a scheduler tick (every 1/SCHED_TICK_HZ s)
 * was due. Context: interrupt (sched_timer_tick), interrupts off.
 */
bool timer_interrupt(void);

/*
 * A timer that wakes one task at a deadline: the building block of the
 * timed sleeps below (and of futex timeouts). Start it before the sleep
 * loop, test sleep_timer_expired() after marking the task sleeping and
 * before schedule(), and stop it before the sleep_timer goes away.
 */
struct sleep_timer {
	struct ktimer timer;
	struct task *task; /* [I] woken at the deadline */
	bool expired;	   /* [a] set at the deadline, before the wake-up */
};

/* Arm st for the current task (TIME_NS_NEVER: never expires). */
void sleep_timer_start(struct sleep_timer *st, uint64_t deadline_ns);
bool sleep_timer_expired(const struct sleep_timer *st);
/* Disarm st; after it returns, st's callback is not running. */
void sleep_timer_stop(struct sleep_timer *st);

/*
 * Sleep until monotonic time deadline_ns. Returns 0 once the deadline
 * has passed, or -EINTR when interruptible and a signal is pending
 * (before or during the sleep). The task is off the run queue while it
 * sleeps. Context: may sleep; no spinlock held.
 */
int __must_check sleep_until(uint64_t deadline_ns, bool interruptible);

/*
 * Wait on wq until cond holds or monotonic time deadline_ns passes
 * (TIME_NS_NEVER: no deadline). Returns 0 when cond holds (tested first,
 * so a condition that holds at the deadline wins), -ETIMEDOUT at the
 * deadline, and for the interruptible form -EINTR when a signal is
 * pending. Context: may sleep; no spinlock held.
 */
#define __wait_event_deadline(wq, cond, deadline_ns, intr)        \
	({                                                        \
		struct sleep_timer __st;                          \
		struct waiter __w = { 0 };                        \
		int __ret = 0;                                    \
		might_sleep();                                    \
		sleep_timer_start(&__st, (deadline_ns));          \
		for (;;) {                                        \
			wq_prepare((wq), &__w, (intr));           \
			if (cond)                                 \
				break;                            \
			if ((intr) && signal_pending_current()) { \
				__ret = -EINTR;                   \
				break;                            \
			}                                         \
			if (sleep_timer_expired(&__st)) {         \
				__ret = -ETIMEDOUT;               \
				break;                            \
			}                                         \
			schedule();                               \
		}                                                 \
		wq_finish((wq), &__w);                            \
		sleep_timer_stop(&__st);                          \
		__ret;                                            \
	})

#define wait_event_deadline(wq, cond, deadline_ns) \
	__wait_event_deadline(wq, cond, deadline_ns, false)
#define wait_event_interruptible_deadline(wq, cond, deadline_ns) \
	__wait_event_deadline(wq, cond, deadline_ns, true)
