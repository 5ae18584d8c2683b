/*
 * Interval timers (setitimer/getitimer), with the rules of Linux's
 * kernel/time/itimer.c:
 *
 * - ITIMER_REAL counts monotonic time and sends SIGALRM to the process.
 *   Disarming it clears its interval too. Read while its expiry is due
 *   but not yet handled, it has 1 us left, never 0.
 * - ITIMER_VIRTUAL (the process's user time, SIGVTALRM) and ITIMER_PROF
 *   (user + system time, SIGPROF) start one tick later than asked (as
 *   Linux adds TICK_NSEC: they are checked at ticks), keep the interval
 *   even when disarmed, and read a tick when the expiry has passed but
 *   has not been handled yet. At each expiry the next one moves by one
 *   interval, so a timer that fell behind its clock catches up with one
 *   signal a tick.
 *
 * alarm() is not a system call on riscv64: glibc builds it on
 * setitimer(ITIMER_REAL).
 */
#include <asm-generic/errno.h>
#include <linux/time.h>

#include "lib/string.h"
#include "proc/ptimer_internal.h"
#include "sched/task.h"

static bool
is_cpu_itimer(const struct ptimer *pt)
{
	return pt->clock.base == CLOCK_BASE_CPU;
}

/* pt's setting, with its clock reading now; for_set: as setitimer's old
 * value, which Linux computes with <= where getitimer has <. */
static void
itimer_read(struct ptimer *pt, uint64_t now, bool for_set, struct timer_setting *cur)
{
	struct proc_timers *pts = pt->owner;
	uint64_t expires;

	spin_lock(&pts->timers_lock);
	expires = pt->expires;
	cur->interval_ns = pt->interval;
	spin_unlock(&pts->timers_lock);
	cur->value_ns = 0;
	if (!expires)
		return;
	if (!is_cpu_itimer(pt))
		cur->value_ns = expires > now ? expires - now : 1000;
	else if (expires < now || (for_set && expires == now))
		cur->value_ns = SCHED_TICK_NS;
	else
		cur->value_ns = expires - now;
}

int
itimer_get(int which, struct timer_setting *cur)
{
	struct proc_timers *pts;
	struct ptimer *pt;
	uint64_t now;

	if (which < 0 || which >= NR_ITIMERS)
		return -EINVAL;
	memset(cur, 0, sizeof(*cur));
	pts = proc_timers_get(current_task(), false);
	if (!pts)
		return 0;
	pt = &pts->itimers[which];
	mutex_lock(&pts->timers_mutex);
	/* The caller's own process: its clock cannot be gone. */
	if (ptimer_clock_now(pt, &now))
		itimer_read(pt, now, false, cur);
	mutex_unlock(&pts->timers_mutex);
	return 0;
}

int
itimer_set(int which, const struct timer_setting *set, struct timer_setting *old)
{
	struct timer_setting none = { 0, 0 };
	struct proc_timers *pts;
	uint64_t now, expires = 0, interval = 0;
	struct ptimer *pt;

	if (which < 0 || which >= NR_ITIMERS)
		return -EINVAL;
	pts = proc_timers_get(current_task(), set->value_ns || set->interval_ns);
	if (!pts) {
		if (set->value_ns || set->interval_ns)
			return -ENOMEM;
		if (old)
			*old = none; /* never set: nothing to disarm */
		return 0;
	}
	pt = &pts->itimers[which];
	mutex_lock(&pts->timers_mutex);
	ptimer_cancel(pt);
	if (!ptimer_clock_now(pt, &now))
		now = 0;
	if (old)
		itimer_read(pt, now, true, old);
	if (set->value_ns) {
		expires = timer_ns_add(now, set->value_ns);
		if (is_cpu_itimer(pt))
			expires = timer_ns_add(expires, SCHED_TICK_NS);
	}
	/* As Linux: disarming ITIMER_REAL drops its interval; the CPU-time
	 * ones keep theirs. */
	if (set->value_ns || is_cpu_itimer(pt))
		interval = set->interval_ns;
	ptimer_arm(pt, expires, interval, now);
	mutex_unlock(&pts->timers_mutex);
	return 0;
}
