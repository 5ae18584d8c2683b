/*
 * Kernel timers: one queue per hart, sorted by deadline; the hart's
 * hardware timer is programmed for the earlier of its first timer and its
 * next scheduler tick. Sleeps with a deadline are built on them.
 *
 * A timer is queued on the hart that adds it and its callback runs there,
 * in interrupt context with the base unlocked; `running` names the timer
 * whose callback runs, so that a cancel on another hart can wait for it
 * (after ktimer_cancel the timer's memory may go: sleep timers live on
 * the sleeper's stack). Only the owning hart programs its hardware timer;
 * a remote cancel may leave it early, which costs one spurious interrupt.
 *
 * The queue is a sorted list: adding is linear in the hart's pending
 * timers, which are few (at most one per sleeping task).
 */
#include <atomic.h>
#include <arch/cpu.h>
#include "sched/cpu.h"
#include "sched/sched.h"
#include "sched/task.h"
#include "sched/ktimer.h"

/*
 * One hart's timers. Locks: [l] base_lock, a leaf (take it after any other
 * lock, take none inside; callbacks run without it)  [o] the owning hart
 * only, interrupts off  [a] atomic ops.
 */
struct timer_base {
	struct spinlock base_lock;
	struct list_head timers; /* [l] pending ktimers, earliest first */
	struct ktimer *running;	 /* [l][a] whose callback runs now, or NULL */
	uint64_t hw_deadline;	 /* [l] what the hardware timer holds (ticks) */
	uint64_t tick_next;	 /* [l] next scheduler tick (ticks); 0: due now */
	bool ready;		 /* [o] initialised */
};

static struct timer_base bases[MAX_CPUS];

/* This hart's base, set up on first use. Context: interrupts off. */
static struct timer_base *
this_base(void)
{
	struct timer_base *b = &bases[this_cpu()->index];

	if (!b->ready) {
		/* Other harts reach a base only through ktimer.base, which is
		 * published under the lock after this. */
		spin_init(&b->base_lock, "timer_base");
		list_init(&b->timers);
		b->hw_deadline = UINT64_MAX; /* unknown: the first program writes */
		b->tick_next = 0;
		b->ready = true;
	}
	return b;
}

static bool
is_this_base(const struct timer_base *b)
{
	return b == &bases[this_cpu()->index];
}

/* The first time-base tick at or after ns, so a timer never fires early. */
static uint64_t
ns_to_ticks_up(uint64_t ns)
{
	uint64_t ticks = arch_ns_to_ticks(ns);

	return arch_ticks_to_ns(ticks) < ns ? ticks + 1 : ticks;
}

static uint64_t
tick_period(void)
{
	return arch_ns_to_ticks(SCHED_TICK_NS);
}

/* Point the hardware timer at the next event. On the owning hart only. */
static void
program_locked(struct timer_base *b)
{
	uint64_t when = b->tick_next;

	assert_held(&b->base_lock);
	if (!list_empty(&b->timers)) {
		struct ktimer *first = list_first_entry(&b->timers, struct ktimer, timer_link);

		when = MIN(when, ns_to_ticks_up(first->deadline_ns));
	}
	if (when != b->hw_deadline) {
		b->hw_deadline = when;
		arch_timer_set(when);
	}
}

static void
enqueue_locked(struct timer_base *b, struct ktimer *t)
{
	struct ktimer *pos;

	assert_held(&b->base_lock);
	/* After the timers with the same deadline: they fire in add order. */
	list_for_each_entry(pos, &b->timers, timer_link)
		if (pos->deadline_ns > t->deadline_ns)
			break;
	list_add_tail(&t->timer_link, &pos->timer_link);
	atomic_store_relaxed(&t->queued, true);
}

static void
dequeue_locked(struct ktimer *t)
{
	assert_held(&t->base->base_lock);
	list_del(&t->timer_link);
	atomic_store_relaxed(&t->queued, false);
}

/* Lock the base t is on or was last on; NULL if t was never added. */
static struct timer_base *
lock_base(struct ktimer *t)
{
	for (;;) {
		struct timer_base *b = atomic_load_acquire(&t->base);

		if (!b)
			return NULL;
		spin_lock(&b->base_lock);
		/* t moves only while idle and unlocked (ktimer_add): recheck. */
		if (t->base == b)
			return b;
		spin_unlock(&b->base_lock);
	}
}

/*
 * With b locked: dequeue t and wait until its callback is not running,
 * dropping the lock while waiting. Loops because the callback may re-arm
 * t. Returns whether t was pending.
 */
static bool
detach_locked(struct timer_base *b, struct ktimer *t)
{
	bool was_pending = false;

	assert_held(&b->base_lock);
	for (;;) {
		if (t->queued) {
			dequeue_locked(t);
			was_pending = true;
		}
		if (atomic_load_acquire(&b->running) != t)
			return was_pending;
		/* Callbacks run with interrupts off on their hart: if it is
		 * this one, the caller is the callback itself. */
		if (is_this_base(b))
			panic("ktimer_cancel: timer %p cancelled from its own callback", (void *)t);
		spin_unlock(&b->base_lock);
		arch_cpu_relax();
		spin_lock(&b->base_lock);
	}
}

void
ktimer_init(struct ktimer *t, ktimer_fn fn)
{
	list_init(&t->timer_link);
	t->deadline_ns = 0;
	t->fn = fn;
	t->base = NULL;
	t->queued = false;
}

void
ktimer_add(struct ktimer *t, uint64_t deadline_ns)
{
	bool irq = arch_irq_save();
	struct timer_base *b = this_base(), *old = lock_base(t);

	/* On another hart's queue, or running there: take it off first. On
	 * this hart, its callback can only be running if we are it. */
	if (old && old != b)
		detach_locked(old, t);
	if (old)
		spin_unlock(&old->base_lock);
	spin_lock(&b->base_lock);
	if (t->queued)
		dequeue_locked(t);
	t->deadline_ns = deadline_ns;
	atomic_store_release(&t->base, b);
	enqueue_locked(b, t);
	program_locked(b);
	spin_unlock(&b->base_lock);
	arch_irq_restore(irq);
}

bool
ktimer_cancel(struct ktimer *t)
{
	struct timer_base *b = lock_base(t);
	bool was_pending;

	if (!b)
		return false;
	was_pending = detach_locked(b, t);
	if (is_this_base(b))
		program_locked(b);
	spin_unlock(&b->base_lock);
	return was_pending;
}

bool
ktimer_pending(const struct ktimer *t)
{
	return atomic_load_relaxed(&t->queued);
}

/* Run the callbacks of the timers due by now_ns, each with b unlocked. */
static void
run_expired_locked(struct timer_base *b, uint64_t now_ns)
{
	assert_held(&b->base_lock);
	while (!list_empty(&b->timers)) {
		struct ktimer *t = list_first_entry(&b->timers, struct ktimer, timer_link);

		if (t->deadline_ns > now_ns)
			break;
		dequeue_locked(t);
		atomic_store_relaxed(&b->running, t);
		spin_unlock(&b->base_lock);
		t->fn(t);
		spin_lock(&b->base_lock);
		/* Pairs with the acquire in detach_locked(): what the callback
		 * did is visible before a canceller may free the timer. */
		atomic_store_release(&b->running, NULL);
	}
}

bool
timer_interrupt(void)
{
	struct timer_base *b = this_base();
	uint64_t now = arch_time_ticks();
	bool tick = false;

	spin_lock(&b->base_lock);
	if (now >= b->tick_next) {
		b->tick_next = now + tick_period();
		tick = true;
	}
	run_expired_locked(b, arch_ticks_to_ns(now));
	program_locked(b);
	spin_unlock(&b->base_lock);
	return tick;
}

static void
sleep_timer_fire(struct ktimer *kt)
{
	struct sleep_timer *st = container_of(kt, struct sleep_timer, timer);

	/* Set before the wake-up: the sleeper marks itself sleeping before
	 * it tests expired, so either it sees expired or task_wake() sees it
	 * sleeping (both sequentially consistent). */
	atomic_store(&st->expired, true);
	task_wake(st->task);
}

void
sleep_timer_start(struct sleep_timer *st, uint64_t deadline_ns)
{
	ktimer_init(&st->timer, sleep_timer_fire);
	st->task = current_task();
	st->expired = false;
	if (deadline_ns == TIME_NS_NEVER)
		return;
	if (deadline_ns <= arch_time_ns()) {
		st->expired = true;
		return;
	}
	ktimer_add(&st->timer, deadline_ns);
}

bool
sleep_timer_expired(const struct sleep_timer *st)
{
	return atomic_load(&st->expired);
}

void
sleep_timer_stop(struct sleep_timer *st)
{
	ktimer_cancel(&st->timer);
}

int
sleep_until(uint64_t deadline_ns, bool interruptible)
{
	struct task *t = current_task();
	struct sleep_timer st;
	int ret = 0;

	might_sleep();
	sleep_timer_start(&st, deadline_ns);
	for (;;) {
		task_set_sleeping(t, interruptible);
		if (sleep_timer_expired(&st))
			break;
		if (interruptible && signal_pending_current()) {
			ret = -EINTR;
			break;
		}
		schedule();
	}
	task_set_running(t);
	sleep_timer_stop(&st);
	return ret;
}
