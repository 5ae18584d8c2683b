/*
 * CPU-time accounting (see acct.h for the model).
 *
 * A task's utime_ticks and stime_ticks are written only on the hart that
 * runs it, with interrupts off (trap entry, the return to user mode, the
 * tick), so plain read-modify-write by that one writer is enough; other
 * harts read them with relaxed atomic loads (64-bit, never torn). The
 * children's times and the group's exited-thread times (on the group
 * leader) grow by atomic adds. A process's time is read under its
 * sighand lock, which also guards its thread list, so a thread that
 * exits is counted once: in the list before, in group_dead_* after.
 */
#include <atomic.h>
#include <arch/cpu.h>
#include "lib/string.h"
#include "sched/acct.h"
#include "sched/cpu.h"
#include "sched/sched.h"
#include "sched/task.h"

static uint64_t
load(const uint64_t *p)
{
	return atomic_load_relaxed(p);
}

/* Single writer: the hart running the task. */
static void
charge(uint64_t *counter, uint64_t ticks)
{
	atomic_store_relaxed(counter, load(counter) + ticks);
}

void
acct_enter_kernel(void)
{
	struct task *t = current_task();
	uint64_t now = arch_time_ticks();

	if (now > t->user_entry_tick)
		charge(&t->utime_ticks, now - t->user_entry_tick);
}

void
acct_enter_user(void)
{
	current_task()->user_entry_tick = arch_time_ticks();
}

void
acct_tick(void)
{
	struct task *t = current_task();
	uint64_t period = arch_ns_to_ticks(SCHED_TICK_NS);
	uint64_t utime = load(&t->utime_ticks), user = utime - t->acct_tick_utime;

	if (t == this_cpu()->idle)
		return;
	/* The tick samples a period of running; the user part of it is
	 * already counted, exactly (acct_enter_kernel). More user time than
	 * a period means the task ran longer than the ticks saw: no system
	 * time is inferred. */
	t->acct_tick_utime = utime;
	if (user < period)
		charge(&t->stime_ticks, period - user);
}

static void
to_cputime(uint64_t uticks, uint64_t sticks, struct cputime *ct)
{
	ct->utime_ns = arch_ticks_to_ns(uticks);
	ct->stime_ns = arch_ticks_to_ns(sticks);
}

void
acct_thread_cputime(const struct task *t, struct cputime *ct)
{
	to_cputime(load(&t->utime_ticks), load(&t->stime_ticks), ct);
}

void
acct_thread_exit(struct task *t)
{
	struct task *leader = READ_ONCE(t->group_leader) ?: t;

	assert_held(&t->sig.hand->siglock);
	atomic_add_relaxed(&leader->group_dead_utime_ticks, load(&t->utime_ticks));
	atomic_add_relaxed(&leader->group_dead_stime_ticks, load(&t->stime_ticks));
	t->acct_exited = true;
}

/* A process's times in ticks: see acct_process_cputime(). */
static void
process_ticks(const struct task *t, uint64_t *u, uint64_t *s)
{
	const struct task *leader = READ_ONCE(t->group_leader) ?: t, *o;
	struct sighand *h = t->sig.hand;

	if (!h) { /* a kernel thread */
		*u = load(&t->utime_ticks);
		*s = load(&t->stime_ticks);
		return;
	}
	spin_lock(&h->siglock);
	*u = load(&leader->group_dead_utime_ticks);
	*s = load(&leader->group_dead_stime_ticks);
	list_for_each_entry(o, &h->threads, thread_node) {
		*u += load(&o->utime_ticks);
		*s += load(&o->stime_ticks);
	}
	/* A leader that left the group without acct_thread_exit() (an exit
	 * path that does not call it) still counts, with its own times. */
	if (list_empty(&leader->thread_node) && !leader->acct_exited) {
		*u += load(&leader->utime_ticks);
		*s += load(&leader->stime_ticks);
	}
	spin_unlock(&h->siglock);
}

void
acct_process_cputime(const struct task *t, struct cputime *ct)
{
	uint64_t u, s;

	process_ticks(t, &u, &s);
	to_cputime(u, s, ct);
}

void
acct_children_cputime(const struct task *t, struct cputime *ct)
{
	/* Children belong to the process: their times are on its leader. */
	const struct task *leader = READ_ONCE(t->group_leader) ?: t;

	to_cputime(load(&leader->cutime_ticks), load(&leader->cstime_ticks), ct);
}

void
acct_reap(struct task *parent, const struct task *child)
{
	uint64_t u, s;

	process_ticks(child, &u, &s);
	u += load(&child->cutime_ticks);
	s += load(&child->cstime_ticks);
	atomic_add_relaxed(&parent->cutime_ticks, u);
	atomic_add_relaxed(&parent->cstime_ticks, s);
}

static void
to_timeval(uint64_t ns, struct __kernel_old_timeval *tv)
{
	tv->tv_sec = (__kernel_long_t)(ns / 1000000000ull);
	tv->tv_usec = (__kernel_long_t)(ns % 1000000000ull / 1000);
}

void
acct_fill_rusage(const struct task *t, int who, struct rusage *ru)
{
	struct cputime ct = { 0, 0 }, cc;

	memset(ru, 0, sizeof(*ru));
	switch (who) {
	case RUSAGE_SELF:
		acct_process_cputime(t, &ct);
		break;
	case RUSAGE_THREAD:
		acct_thread_cputime(t, &ct);
		break;
	case RUSAGE_CHILDREN:
		acct_children_cputime(t, &ct);
		break;
	case RUSAGE_BOTH:
		acct_process_cputime(t, &ct);
		acct_children_cputime(t, &cc);
		ct.utime_ns += cc.utime_ns;
		ct.stime_ns += cc.stime_ns;
		break;
	default:
		break;
	}
	to_timeval(ct.utime_ns, &ru->ru_utime);
	to_timeval(ct.stime_ns, &ru->ru_stime);
}
