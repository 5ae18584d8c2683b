/*
 * The clock table (time/clock.h): Linux's clock ids, what each reads,
 * whether it can be slept on and whether it carries timers, and reading
 * any of them.
 */
#include <asm-generic/errno.h>
#include <linux/time.h>

#include "lib/string.h"
#include "sched/acct.h"
#include "sched/task.h"
#include "time/clock.h"
#include "time/time.h"

/* The bits of a negative (CPU or fd) clock id. */
#define CPUCLOCK_PERTHREAD_MASK 4
#define CPUCLOCK_CLOCK_MASK	3
#define CLOCKFD			CPUCLOCK_MAX
#define CLOCKFD_MASK		(CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_CLOCK_MASK)

struct clock_desc {
	bool known;
	enum clock_base base;
	enum clock_nsleep nsleep;
	bool timers, alarm;
	enum clock_base timer_base;
	bool thread; /* the caller's thread CPU clock */
};

#define REAL  CLOCK_BASE_REALTIME
#define MONO  CLOCK_BASE_MONOTONIC
#define CPU   CLOCK_BASE_CPU
#define NONE  CLOCK_BASE_NONE
#define SLEEP CLOCK_NSLEEP_OK

static const struct clock_desc fixed_clocks[] = {
	/* TAI - UTC is 0 until adjtimex sets it, as on Linux. */
	[CLOCK_REALTIME] = { true, REAL, SLEEP, true, false, REAL, false },
	[CLOCK_TAI] = { true, REAL, SLEEP, true, false, REAL, false },
	/* Nothing suspends: boot time is monotonic time. */
	[CLOCK_MONOTONIC] = { true, MONO, SLEEP, true, false, MONO, false },
	[CLOCK_BOOTTIME] = { true, MONO, SLEEP, true, false, MONO, false },
	[CLOCK_REALTIME_COARSE] = { true, REAL, CLOCK_NSLEEP_NONE, false, false, REAL, false },
	[CLOCK_MONOTONIC_RAW] = { true, MONO, CLOCK_NSLEEP_NONE, false, false, MONO, false },
	[CLOCK_MONOTONIC_COARSE] = { true, MONO, CLOCK_NSLEEP_NONE, false, false, MONO, false },
	[CLOCK_PROCESS_CPUTIME_ID] = { true, CPU, CLOCK_NSLEEP_CPU, true, false, CPU, false },
	/* As Linux: the thread clock has no nsleep at all. */
	[CLOCK_THREAD_CPUTIME_ID] = { true, CPU, CLOCK_NSLEEP_NONE, true, false, CPU, true },
	[CLOCK_REALTIME_ALARM] = { true, NONE, CLOCK_NSLEEP_NONE, true, true, REAL, false },
	[CLOCK_BOOTTIME_ALARM] = { true, NONE, CLOCK_NSLEEP_NONE, true, true, MONO, false },
};

static void
decode_negative(int which, struct clock_ref *c)
{
	if ((which & CLOCKFD_MASK) == CLOCKFD) {
		c->base = c->timer_base = CLOCK_BASE_NONE;
		c->nsleep = CLOCK_NSLEEP_NONE;
		return;
	}
	c->base = c->timer_base = CLOCK_BASE_CPU;
	c->nsleep = CLOCK_NSLEEP_CPU;
	c->timers = true;
	c->thread = (which & CPUCLOCK_PERTHREAD_MASK) != 0;
	c->cpu_which = (unsigned)which & CPUCLOCK_CLOCK_MASK;
	c->pid = ~(which >> 3);
}

int
clock_decode(int which, struct clock_ref *c)
{
	const struct clock_desc *d;

	memset(c, 0, sizeof(*c));
	c->id = which;
	if (which < 0) {
		decode_negative(which, c);
		return 0;
	}
	if ((size_t)which >= ARRAY_SIZE(fixed_clocks) || !fixed_clocks[which].known)
		return -EINVAL;
	d = &fixed_clocks[which];
	c->base = d->base;
	c->nsleep = d->nsleep;
	c->timers = d->timers;
	c->alarm = d->alarm;
	c->timer_base = d->timer_base;
	c->thread = d->thread;
	c->cpu_which = CPUCLOCK_SCHED;
	return 0;
}

/* Whether t is a task whose clock c may name, as Linux's lookup_task(). */
static bool
cpu_clock_target_ok(const struct clock_ref *c, const struct task *t, const struct task *self)
{
	if (c->thread)
		return t->tgid == self->tgid;
	return t == self || t->tid == t->tgid;
}

/* The CPU time a CPU clock reads: 0, or -EINVAL (no such task/kind). */
static int
cpu_clock_read(const struct clock_ref *c, uint64_t *ns)
{
	struct task *self = current_task(), *t = self;
	struct cputime ct;
	bool ok = true;

	if (c->cpu_which >= CPUCLOCK_MAX)
		return -EINVAL;
	if (c->pid != 0 && c->pid != self->tid) {
		spin_lock(&tasklist_lock);
		/* As Linux: a zombie's clocks can be read until it is reaped. */
		t = task_find_any_locked(c->pid);
		ok = t && cpu_clock_target_ok(c, t, self);
		if (ok && c->thread)
			acct_thread_cputime(t, &ct);
		else if (ok)
			acct_process_cputime(t, &ct);
		spin_unlock(&tasklist_lock);
	} else if (c->thread) {
		acct_thread_cputime(t, &ct);
	} else {
		acct_process_cputime(t, &ct);
	}
	if (!ok)
		return -EINVAL;
	*ns = ct.utime_ns + (c->cpu_which == CPUCLOCK_VIRT ? 0 : ct.stime_ns);
	return 0;
}

int
clock_read(const struct clock_ref *c, uint64_t *ns)
{
	switch (c->base) {
	case CLOCK_BASE_REALTIME:
		*ns = time_realtime_ns();
		return 0;
	case CLOCK_BASE_MONOTONIC:
		*ns = time_monotonic_ns();
		return 0;
	case CLOCK_BASE_CPU:
		return cpu_clock_read(c, ns);
	default:
		return -EINVAL;
	}
}
