/*
 * Wait queues and sleeping locks on top of the scheduler's
 * task_sleep_prepare()/task_wake() pair.
 */
#include <atomic.h>
#include "sched/mutex.h"
#include "sched/sched.h"
#include "sched/task.h"
#include "sched/wait.h"

void
wq_init(struct wait_queue *wq, const char *name)
{
	spin_init(&wq->wq_lock, name);
	list_init(&wq->waiters);
}

void
wq_prepare(struct wait_queue *wq, struct waiter *w, bool interruptible)
{
	struct task *t = current_task();

	w->task = t;
	spin_lock(&wq->wq_lock);
	if (!w->queued) {
		list_add_tail(&w->wait_link, &wq->waiters);
		w->queued = true;
	}
	task_set_sleeping(t, interruptible);
	spin_unlock(&wq->wq_lock);
}

void
wq_finish(struct wait_queue *wq, struct waiter *w)
{
	task_set_running(current_task());
	spin_lock(&wq->wq_lock);
	if (w->queued) {
		list_del(&w->wait_link);
		w->queued = false;
	}
	spin_unlock(&wq->wq_lock);
}

void
wq_add(struct wait_queue *wq, struct waiter *w)
{
	spin_lock(&wq->wq_lock);
	if (!w->queued) {
		list_add_tail(&w->wait_link, &wq->waiters);
		w->queued = true;
	}
	spin_unlock(&wq->wq_lock);
}

void
wq_remove(struct wait_queue *wq, struct waiter *w)
{
	spin_lock(&wq->wq_lock);
	if (w->queued) {
		list_del(&w->wait_link);
		w->queued = false;
	}
	spin_unlock(&wq->wq_lock);
}

static void
wake(struct wait_queue *wq, bool all)
{
	struct waiter *w, *tmp;

	spin_lock(&wq->wq_lock);
	list_for_each_entry_safe(w, tmp, &wq->waiters, wait_link) {
		/* Dequeue here, so the next wake-up finds a sleeper that has
		 * not been woken yet; the task requeues itself if it must
		 * wait again. */
		list_del(&w->wait_link);
		w->queued = false;
		task_wake(w->task);
		if (!all)
			break;
	}
	spin_unlock(&wq->wq_lock);
}

void
wake_up_all(struct wait_queue *wq)
{
	wake(wq, true);
}

void
wake_up_one(struct wait_queue *wq)
{
	wake(wq, false);
}

void
mutex_init(struct mutex *m, const char *name)
{
	m->locked = 0;
	m->owner = NULL;
	wq_init(&m->wq, name);
}

bool
mutex_trylock(struct mutex *m)
{
	if (atomic_xchg_acquire(&m->locked, 1))
		return false;
	m->owner = current_task();
	return true;
}

void
mutex_lock(struct mutex *m)
{
	might_sleep();
	if (mutex_trylock(m))
		return;
	wait_event(&m->wq, mutex_trylock(m));
}

void
mutex_unlock(struct mutex *m)
{
	if (m->owner != current_task())
		panic("mutex_unlock: %s held by task %d, released by task %d (hart %u)",
		      m->wq.wq_lock.name, m->owner ? m->owner->tid : 0, current_task()->tid,
		      this_cpu()->index);
	m->owner = NULL;
	/* Pairs with the acquire in mutex_trylock(). */
	atomic_store_release(&m->locked, 0);
	wake_up_one(&m->wq);
}

bool
mutex_held(const struct mutex *m)
{
	return m->locked && m->owner == current_task();
}
