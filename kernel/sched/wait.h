/*
 * Wait queues: a task sleeps on one until a condition holds; whoever
 * makes the condition true wakes the queue. The sleeper sets its state
 * before testing the condition, so a wake-up between test and sleep is
 * never lost (the waker's wake_up() makes the sleeper runnable again).
 */
#pragma once

#include "lib/list.h"
#include "locking/spinlock.h"
#include "sched/sched.h"

struct task;

struct wait_queue {
	struct spinlock wq_lock;  /* waiters; a wake-up takes runq locks inside */
	struct list_head waiters; /* [wq_lock] struct waiter.wait_link */
};

struct waiter {
	struct task *task;
	struct list_head wait_link; /* [wq->wq_lock] */
	bool queued;		    /* [wq->wq_lock] on the list; wake-ups dequeue */
};

#define WAIT_QUEUE_INIT(name)                                        \
	{                                                            \
		SPINLOCK_INIT(#name), LIST_HEAD_INIT((name).waiters) \
	}

void wq_init(struct wait_queue *wq, const char *name);

/* Queue current on wq and mark it sleeping (interruptible or not). */
void wq_prepare(struct wait_queue *wq, struct waiter *w, bool interruptible);
/* Dequeue current and mark it running. */
void wq_finish(struct wait_queue *wq, struct waiter *w);

/* Queue / dequeue w without touching the task's state (poll: one task
 * waits on several queues). */
void wq_add(struct wait_queue *wq, struct waiter *w);
void wq_remove(struct wait_queue *wq, struct waiter *w);

/* Wake every sleeper / the first sleeper. Context: any. */
void wake_up_all(struct wait_queue *wq);
void wake_up_one(struct wait_queue *wq);

/*
 * Sleep until cond holds (users of the interruptible form include
 * proc/task.h, which defines signal_pending_current()). The
 * interruptible form returns -EINTR when a
 * signal arrives first (the caller turns it into -ERESTARTSYS where the
 * call restarts), 0 otherwise. Context: may sleep; no spinlock held.
 */
#define wait_event(wq, cond)                           \
	do {                                           \
		struct waiter __w = { 0 };             \
		might_sleep();                         \
		for (;;) {                             \
			wq_prepare((wq), &__w, false); \
			if (cond)                      \
				break;                 \
			schedule();                    \
		}                                      \
		wq_finish((wq), &__w);                 \
	} while (0)

#define wait_event_interruptible(wq, cond)              \
	({                                              \
		struct waiter __w = { 0 };              \
		int __ret = 0;                          \
		might_sleep();                          \
		for (;;) {                              \
			wq_prepare((wq), &__w, true);   \
			if (cond)                       \
				break;                  \
			if (signal_pending_current()) { \
				__ret = -EINTR;         \
				break;                  \
			}                               \
			schedule();                     \
		}                                       \
		wq_finish((wq), &__w);                  \
		__ret;                                  \
	})

void schedule(void);
