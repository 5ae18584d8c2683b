/*
 * POSIX timers (timer_create and friends), with the rules of Linux's
 * kernel/time/posix-timers.c and posix-cpu-timers.c:
 *
 * - Ids count up from 0 per process and are not reused until they wrap
 *   at INT32_MAX; a failed timer_create may use one up, as Linux.
 * - A process has at most RLIMIT_SIGPENDING timers (Linux charges each
 *   timer's preallocated signal against that limit): -EAGAIN past it.
 * - Reading a timer: the time to its next expiry (a periodic one is
 *   moved past now first); an expiry due but not yet signalled reads
 *   1 ns, an expired one-shot reads 0. Its interval as set.
 * - timer_settime and timer_delete drop a signal of the timer still
 *   pending and clear the overrun counts (as Linux since 6.13).
 * - execve deletes every POSIX timer; the process's end frees them all.
 */
#include <asm-generic/errno.h>
#include <asm-generic/resource.h>

#include "lib/string.h"
#include "mm/slab.h"
#include "proc/ptimer_internal.h"
#include "proc/signal.h"
#include "sched/task.h"

/* The timer with this id. Caller holds M. */
static struct ptimer *
find_locked(struct proc_timers *pts, int id)
{
	struct ptimer *pt;

	assert_mutex_held(&pts->timers_mutex);
	list_for_each_entry(pt, &pts->posix, posix_link)
		if (pt->id == id)
			return pt;
	return NULL;
}

/* The calling process's timer id with its table's mutex held (release
 * with timer_unlock), or NULL with nothing held. */
static struct ptimer *
timer_lock(int id)
{
	struct proc_timers *pts = proc_timers_get(current_task(), false);
	struct ptimer *pt;

	if (!pts || id < 0)
		return NULL;
	mutex_lock(&pts->timers_mutex);
	pt = find_locked(pts, id);
	if (!pt)
		mutex_unlock(&pts->timers_mutex);
	return pt;
}

static void
timer_unlock(struct ptimer *pt)
{
	mutex_unlock(&pt->owner->timers_mutex);
}

/* The next free id, used up whatever happens next. Caller holds M. */
static int
alloc_id_locked(struct proc_timers *pts)
{
	assert_mutex_held(&pts->timers_mutex);
	for (;;) {
		int id = pts->next_id;

		pts->next_id = (id + 1) & INT32_MAX;
		if (!find_locked(pts, id))
			return id;
	}
}

static bool
is_thread_of(struct task *self, pid_t tid)
{
	struct sighand *h = self->sig.hand;
	struct task *o;
	bool found = false;

	spin_lock(&h->siglock);
	list_for_each_entry(o, &h->threads, thread_node)
		found |= o->tid == tid;
	spin_unlock(&h->siglock);
	return found;
}

/* As Linux's good_sigevent(): 0 or -EINVAL. */
static int
check_event(struct task *self, const struct timer_event *ev)
{
	switch (ev->notify) {
	case SIGEV_THREAD_ID:
		if (!is_thread_of(self, ev->tid))
			return -EINVAL;
		/* fallthrough */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD: /* the kernel's view: a signal to the process */
		if (ev->signo <= 0 || ev->signo > _NSIG)
			return -EINVAL;
		/* fallthrough */
	case SIGEV_NONE:
		return 0;
	default:
		return -EINVAL;
	}
}

int
posix_timer_create(const struct timer_clock *c, const struct timer_event *ev, int *id)
{
	struct task *self = current_task();
	struct proc_timers *pts = proc_timers_get(self, true);
	struct timer_event dflt = { .notify = SIGEV_SIGNAL, .signo = SIGALRM };
	struct ptimer *pt;
	int err;

	if (!pts)
		return -EAGAIN;
	pt = kmalloc(sizeof(*pt));
	if (!pt)
		return -EAGAIN;
	mutex_lock(&pts->timers_mutex);
	err = -EAGAIN;
	if (pts->nr_posix >= self->rlim[RLIMIT_SIGPENDING].rlim_cur)
		goto out_free;
	*id = alloc_id_locked(pts);
	err = ev ? check_event(self, ev) : 0;
	if (err)
		goto out_free;
	/* As Linux: no sigevent means SIGALRM with the id as its value. */
	dflt.value.sival_int = *id;
	ptimer_init(pt, pts, *id, -1, c, ev ? ev : &dflt);
	list_add_tail(&pt->posix_link, &pts->posix);
	pts->nr_posix++;
	mutex_unlock(&pts->timers_mutex);
	return 0;

out_free:
	mutex_unlock(&pts->timers_mutex);
	kfree(pt);
	return err;
}

/* pt's setting, its clock reading now. Caller holds P. */
static void
posix_read_locked(const struct ptimer *pt, uint64_t now, struct timer_setting *cur)
{
	uint64_t next = pt->expires, periods;

	assert_held(&pt->owner->timers_lock);
	cur->interval_ns = pt->interval;
	cur->value_ns = 0;
	if (!next)
		return;
	if (next <= now && pt->interval)
		next = ptimer_forward(next, pt->interval, now, &periods);
	if (next > now)
		cur->value_ns = next - now;
	else if (pt->ev.notify != SIGEV_NONE)
		cur->value_ns = 1; /* due, its signal not sent yet */
}

int
posix_timer_settime(int id, bool abs, const struct timer_setting *set, struct timer_setting *old)
{
	struct ptimer *pt = timer_lock(id);
	uint64_t now, expires = 0;

	if (!pt)
		return -EINVAL;
	ptimer_cancel(pt);
	/* As Linux: the CPU clock of a thread or process that has gone. */
	if (!ptimer_clock_now(pt, &now)) {
		timer_unlock(pt);
		return -ESRCH;
	}
	spin_lock(&pt->owner->timers_lock);
	if (old)
		posix_read_locked(pt, now, old);
	ptimer_drop_signal_locked(pt);
	pt->overrun = 0;
	pt->overrun_last = 0;
	spin_unlock(&pt->owner->timers_lock);
	if (set->value_ns)
		expires = abs ? set->value_ns : timer_ns_add(now, set->value_ns);
	ptimer_arm(pt, expires, set->value_ns ? set->interval_ns : 0, now);
	timer_unlock(pt);
	return 0;
}

int
posix_timer_gettime(int id, struct timer_setting *cur)
{
	struct ptimer *pt = timer_lock(id);
	bool alive;
	uint64_t now;

	if (!pt)
		return -EINVAL;
	memset(cur, 0, sizeof(*cur));
	alive = ptimer_clock_now(pt, &now);
	spin_lock(&pt->owner->timers_lock);
	if (alive)
		posix_read_locked(pt, now, cur);
	else
		cur->interval_ns = pt->interval;
	spin_unlock(&pt->owner->timers_lock);
	timer_unlock(pt);
	return 0;
}

int
posix_timer_getoverrun(int id)
{
	struct ptimer *pt = timer_lock(id);
	uint64_t n;

	if (!pt)
		return -EINVAL;
	spin_lock(&pt->owner->timers_lock);
	ptimer_settle_locked(pt);
	n = pt->overrun_last;
	spin_unlock(&pt->owner->timers_lock);
	timer_unlock(pt);
	return n > INT32_MAX ? INT32_MAX : (int)n;
}

/* Stop pt, drop its pending signal, unlink and free it. Caller holds M. */
static void
destroy_locked(struct ptimer *pt)
{
	struct proc_timers *pts = pt->owner;

	assert_mutex_held(&pts->timers_mutex);
	ptimer_cancel(pt);
	spin_lock(&pts->timers_lock);
	ptimer_drop_signal_locked(pt);
	spin_unlock(&pts->timers_lock);
	list_del(&pt->posix_link);
	pts->nr_posix--;
	kfree(pt);
}

int
posix_timer_delete(int id)
{
	struct ptimer *pt = timer_lock(id);
	struct proc_timers *pts;

	if (!pt)
		return -EINVAL;
	pts = pt->owner;
	destroy_locked(pt);
	mutex_unlock(&pts->timers_mutex);
	return 0;
}

void
posix_timers_exec(struct task *t)
{
	struct proc_timers *pts = proc_timers_get(t, false);
	struct ptimer *pt, *tmp;

	if (!pts)
		return;
	mutex_lock(&pts->timers_mutex);
	list_for_each_entry_safe(pt, tmp, &pts->posix, posix_link)
		destroy_locked(pt);
	mutex_unlock(&pts->timers_mutex);
}

void
posix_timers_exit(struct task *t)
{
	struct sighand *h = t->sig.hand;
	struct proc_timers *pts;
	struct ptimer *pt;

	spin_lock(&h->siglock);
	pts = h->timers;
	h->timers = NULL;
	spin_unlock(&h->siglock);
	if (!pts)
		return;
	/* No thread is left to make a timer call; callbacks may still run
	 * until cancelled, and take no lock held here. */
	for (int i = 0; i < NR_ITIMERS; i++)
		ktimer_cancel(&pts->itimers[i].kt);
	list_for_each_entry(pt, &pts->posix, posix_link)
		ktimer_cancel(&pt->kt);
	proc_timers_free(pts);
}
