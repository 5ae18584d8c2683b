/*
 * Per-hart run queues and the context switch.
 *
 * A task switching out keeps on_cpu set until the hart that ran it has
 * saved its context (finish_switch on the next task's side), and a hart
 * that picks a task still on_cpu elsewhere waits for that; so a task
 * woken while it is still on its way to sleep can never run on two harts.
 */
#include <atomic.h>
#include <arch/cpu.h>
#include <arch/thread.h>
#include "sched/acct.h"
#include "sched/cpu.h"
#include "sched/sched.h"
#include "sched/task.h"
#include "sched/ktimer.h"

struct cpu cpus[MAX_CPUS];
unsigned ncpus = 1;

void
sched_init_cpu(struct cpu *c, struct task *idle)
{
	spin_init(&c->runq_lock, "runq");
	list_init(&c->runq);
	c->idle = idle;
	c->current = idle;
	idle->cpu = c->index;
	idle->on_cpu = 1;
}

static uint64_t
slice_ticks(void)
{
	return arch_ns_to_ticks(SCHED_TICK_NS);
}

static void
enqueue_locked(struct cpu *c, struct task *t)
{
	assert_held(&c->runq_lock);
	/* A task woken on its way into schedule() may have run on into
	 * another sleep, or out of existence, before its waker got here:
	 * then there is nothing to queue. */
	if (t == c->idle || atomic_load(&t->state) != TASK_RUNNABLE)
		return;
	/* Two wakers may hold two different runq locks (t's harts changed
	 * between them): only the first may queue it. */
	if (atomic_xchg_acq_rel(&t->on_runq, 1))
		return;
	t->cpu = c->index;
	list_add_tail(&t->runq_link, &c->runq);
	c->runq_len++;
}

/* The hart t should queue on: its last one if still allowed -- and the
 * one it runs on while it is still there, allowed or not. A task woken
 * on its way into schedule() moves when it switches out (schedule());
 * queued on another hart, it could be taken from that hart's own queue
 * and run there while it still ran here, or after it exited. */
static unsigned
home_cpu(const struct task *t)
{
	uint64_t m = atomic_load_relaxed(&t->cpus_allowed);

	if ((m & (1ull << t->cpu)) || atomic_load_acquire(&t->on_cpu))
		return t->cpu;
	for (unsigned i = 0; i < ncpus; i++)
		if (m & (1ull << i))
			return i;
	return t->cpu;
}

static void
enqueue(struct task *t)
{
	struct cpu *c;

	/* Where t belongs may change until that hart's lock is held (t
	 * switches out, moves, or its harts change): check again under it. */
	for (;;) {
		c = &cpus[home_cpu(t)];
		spin_lock(&c->runq_lock);
		if (home_cpu(t) == c->index)
			break;
		spin_unlock(&c->runq_lock);
	}
	enqueue_locked(c, t);
	spin_unlock(&c->runq_lock);
	if (c != this_cpu())
		arch_send_ipi(c->index);
	else
		atomic_store_relaxed(&c->need_resched, true);
}

void
sched_migrate_current(void)
{
	schedule();
}

void
sched_add(struct task *t)
{
	t->cpu = this_cpu()->index;
	atomic_store_release(&t->state, TASK_RUNNABLE);
	enqueue(t);
}

void
task_set_sleeping(struct task *t, bool interruptible)
{
	/* Only a task puts itself to sleep, on the hart it runs on. */
	if (t != this_cpu()->current || !t->on_cpu)
		panic("task_set_sleeping: task %d is not running here (hart %u runs %d)", t->tid,
		      this_cpu()->index, this_cpu()->current->tid);
	atomic_store(&t->state, interruptible ? TASK_SLEEPING : TASK_SLEEPING_UNINT);
}

void
task_set_stopped(struct task *t)
{
	atomic_store(&t->state, TASK_STOPPED);
}

void
task_set_running(struct task *t)
{
	atomic_store(&t->state, TASK_RUNNABLE);
}

bool
task_wake(struct task *t)
{
	return task_wake_from(t, false);
}

bool
task_wake_from(struct task *t, bool only_interruptible)
{
	uint32_t s = atomic_load(&t->state);

	for (;;) {
		if (s != TASK_SLEEPING &&
		    ((s != TASK_SLEEPING_UNINT && s != TASK_STOPPED) || only_interruptible))
			return false;
		if (atomic_cmpxchg(&t->state, &s, TASK_RUNNABLE))
			break;
	}
	enqueue(t);
	return true;
}

static bool
allowed_on(const struct task *t, unsigned cpu)
{
	return atomic_load_relaxed(&t->cpus_allowed) & (1ull << cpu);
}

/* The first queued task of c that may run on hart `on`. */
static struct task *
dequeue_locked(struct cpu *c, unsigned on)
{
	struct task *t;

	assert_held(&c->runq_lock);
	list_for_each_entry(t, &c->runq, runq_link) {
		if (!allowed_on(t, on))
			continue;
		/* A task woken while still on its way into schedule() on
		 * another hart belongs to that hart: it requeues itself
		 * there, and taking it here would queue it twice. */
		if (c->index != on && atomic_load_acquire(&t->on_cpu))
			continue;
		list_del(&t->runq_link);
		atomic_store_release(&t->on_runq, 0);
		c->runq_len--;
		return t;
	}
	return NULL;
}

/* Take a task that may run on self from another hart: the first one
 * found, visiting the harts in index order after self's. Called with no
 * runq lock held; takes one at a time. */
static struct task *
steal(struct cpu *self)
{
	struct task *t = NULL;

	for (unsigned i = 1; i < ncpus && !t; i++) {
		struct cpu *c = &cpus[(self->index + i) % ncpus];

		if (!atomic_load_relaxed(&c->runq_len))
			continue;
		spin_lock(&c->runq_lock);
		t = dequeue_locked(c, self->index);
		spin_unlock(&c->runq_lock);
	}
	return t;
}

/* Runs on the next task's side of every switch, with runq_lock held. */
static void
finish_switch(struct cpu *c)
{
	struct task *prev = c->switched_from, *moving = c->migrating;
	/* Read before on_cpu goes: from then on the hart that reaps or
	 * frees prev may do so (release_zombie(), task_de_thread()). Only a
	 * task makes itself TASK_DEAD, before it switches out for good. */
	bool dead = atomic_load_acquire(&prev->state) == TASK_DEAD;

	c->migrating = NULL;
	atomic_store_release(&prev->on_cpu, 0);
	spin_unlock(&c->runq_lock);
	if (moving)
		enqueue(moving);
	if (dead)
		task_put(prev);
}

static void
switch_to(struct cpu *c, struct task *prev, struct task *next)
{
	/* Pairs with the release in finish_switch() on the hart that ran it. */
	while (atomic_load_acquire(&next->on_cpu))
		arch_cpu_relax();
	next->on_cpu = 1;
	next->cpu = c->index;
	c->current = next;
	c->switched_from = prev;
	c->slice_end = arch_time_ticks() + slice_ticks();
	arch_fp_switch_out(&prev->fp);
	arch_sched_switch_in(prev->mm, next);
	arch_switch(&prev->ctx, &next->ctx);
	finish_switch(this_cpu());
}

void
schedule(void)
{
	struct cpu *c = this_cpu();
	struct task *prev = c->current, *next;

	KASSERT(spin_depth() == 0);
	KASSERT(prev->on_cpu);
	spin_lock(&c->runq_lock);
	c->need_resched = false;
	/* Woken while still running, then gone to sleep or exited: that
	 * wake-up is spent, and an exited task must never be picked. */
	if (prev->on_runq && atomic_load(&prev->state) != TASK_RUNNABLE && prev->cpu == c->index) {
		list_del(&prev->runq_link);
		atomic_store_release(&prev->on_runq, 0);
		c->runq_len--;
	}
	if (atomic_load(&prev->state) == TASK_RUNNABLE && prev != c->idle) {
		/* A task no longer allowed here moves once it is switched out. */
		if (allowed_on(prev, c->index))
			enqueue_locked(c, prev);
		else
			c->migrating = prev;
	}
	next = dequeue_locked(c, c->index);
	if (!next && (prev == c->idle || prev->state != TASK_RUNNABLE)) {
		spin_unlock(&c->runq_lock);
		next = steal(c);
		spin_lock(&c->runq_lock);
		if (!next)
			next = dequeue_locked(c, c->index);
	}
	if (!next)
		next = prev->state == TASK_RUNNABLE && !c->migrating ? prev : c->idle;
	if (next == prev) {
		c->slice_end = arch_time_ticks() + slice_ticks();
		spin_unlock(&c->runq_lock);
		return;
	}
	switch_to(c, prev, next);
}

void
might_sleep_failed(void)
{
	panic("might_sleep: called with %d spinlock(s) held", spin_depth());
}

void
sched_start_tick(void)
{
	arch_timer_set(arch_time_ticks() + arch_ns_to_ticks(SCHED_TICK_NS));
}

void
sched_timer_tick(void)
{
	struct cpu *c = this_cpu();

	/* Runs due timers and re-arms the hardware timer for the earlier of
	 * the next timer and the next tick. */
	if (timer_interrupt())
		acct_tick();
	if (arch_time_ticks() >= c->slice_end && c->current != c->idle)
		atomic_store_relaxed(&c->need_resched, true);
}

static bool
steal_candidate(const struct cpu *self)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (&cpus[i] != self && atomic_load_relaxed(&cpus[i].runq_len))
			return true;
	return false;
}

void
sched_idle_loop(void)
{
	struct cpu *c = this_cpu();

	for (;;) {
		schedule();
		arch_irq_disable();
		if (!atomic_load_relaxed(&c->runq_len) && !steal_candidate(c))
			arch_wait_for_interrupt();
		arch_irq_enable();
	}
}

/* A first task on a fresh stack arrives here from arch_thread_trampoline. */
void
task_first_run(void *arg)
{
	struct task *t = arg;

	finish_switch(this_cpu());
	t->kthread_fn(t->kthread_arg);
	panic("task_first_run: %s returned", t->comm);
}
