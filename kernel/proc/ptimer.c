/*
 * The engine of the process timers (posix_timer.h): each process's timer
 * table, hung from its sighand; reading a timer's clock; and expiries:
 * moving a periodic timer on, sending its signal or counting an overrun.
 *
 * Overruns. Linux queues a POSIX timer's signal once; expiries while it
 * is pending are overruns, which the signal's si_overrun carries and,
 * after delivery, timer_getoverrun reports. Tern looks for the timer's
 * siginfo (si_code SI_TIMER, si_timerid its id) on the pending queue at
 * each expiry: still there, the expiry is added to its si_overrun; gone,
 * the signal was delivered, its count becomes timer_getoverrun's, and a
 * new signal is queued. Timer ids are not reused while the process lives
 * (they count up), so a queued siginfo names its timer. While the signal
 * stays pending (or is ignored), a periodic timer shorter than a tick is
 * looked at once a tick, counting the periods in between, so a tiny
 * period cannot keep a hart in its timer interrupt (Linux stops such a
 * timer until the signal is delivered and then forwards it the same way).
 *
 * Interval timers send SIGALRM, SIGVTALRM or SIGPROF with si_code
 * SI_KERNEL and count no overruns, as Linux; they send at each expiry
 * (a standard signal still pending absorbs it).
 *
 * CPU-time timers poll their clock from their ktimer: once a tick, or
 * sooner when less CPU time is left than the process's harts can use in
 * a tick. CPU time itself is current to a tick (user time is added at
 * each trap, see acct.h), so these timers fire within about a tick of
 * CPU time after their expiry: the resolution Linux's tick-driven CPU
 * timers have.
 */
#include <asm-generic/errno.h>
#include <linux/time.h>

#include <atomic.h>
#include "lib/string.h"
#include "mm/slab.h"
#include "sched/acct.h"
#include "sched/cpu.h"
#include "proc/ptimer_internal.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/signal_internal.h"
#include "sched/task.h"
#include "time/time.h"

/* CPU clocks are not polled more often than this. */
#define CPU_POLL_MIN_NS 100000ull

static void ptimer_fire(struct ktimer *kt);

void
ptimer_init(struct ptimer *pt, struct proc_timers *pts, int id, int itimer,
	    const struct timer_clock *c, const struct timer_event *ev)
{
	memset(pt, 0, sizeof(*pt));
	ktimer_init(&pt->kt, ptimer_fire);
	list_init(&pt->posix_link);
	pt->owner = pts;
	pt->id = id;
	pt->itimer = itimer;
	pt->clock = *c;
	pt->ev = *ev;
}

/* The interval timers: which clock each counts and which signal it sends. */
static void
itimers_init(struct proc_timers *pts)
{
	static const int signo[NR_ITIMERS] = {
		[ITIMER_REAL] = SIGALRM,
		[ITIMER_VIRTUAL] = SIGVTALRM,
		[ITIMER_PROF] = SIGPROF,
	};

	for (int i = 0; i < NR_ITIMERS; i++) {
		struct timer_clock c = { .base = CLOCK_BASE_CPU, .pid = 0 };
		struct timer_event ev = { .notify = SIGEV_SIGNAL, .signo = signo[i] };

		if (i == ITIMER_REAL)
			c.base = CLOCK_BASE_MONOTONIC;
		c.cpu_which = i == ITIMER_VIRTUAL ? CPUCLOCK_VIRT : CPUCLOCK_PROF;
		ptimer_init(&pts->itimers[i], pts, -1, i, &c, &ev);
	}
}

static struct proc_timers *
proc_timers_alloc(struct sighand *h)
{
	struct proc_timers *pts = kzalloc(sizeof(*pts));

	if (!pts)
		return NULL;
	spin_init(&pts->timers_lock, "proc_timers");
	mutex_init(&pts->timers_mutex, "proc_timers");
	pts->hand = h;
	list_init(&pts->posix);
	itimers_init(pts);
	return pts;
}

struct proc_timers *
proc_timers_get(struct task *t, bool create)
{
	struct sighand *h = t->sig.hand;
	struct proc_timers *pts, *fresh;

	spin_lock(&h->siglock);
	pts = h->timers;
	spin_unlock(&h->siglock);
	if (pts || !create)
		return pts;
	fresh = proc_timers_alloc(h);
	if (!fresh)
		return NULL;
	spin_lock(&h->siglock);
	if (!h->timers) {
		h->timers = fresh;
		fresh = NULL;
	}
	pts = h->timers;
	spin_unlock(&h->siglock);
	kfree(fresh); /* another thread installed its table first */
	return pts;
}

void
proc_timers_free(struct proc_timers *pts)
{
	struct ptimer *pt, *tmp;

	list_for_each_entry_safe(pt, tmp, &pts->posix, posix_link) {
		list_del(&pt->posix_link);
		kfree(pt);
	}
	kfree(pts);
}

/* The thread of h's group with this tid, or NULL. Caller holds h->siglock,
 * under which a listed thread cannot be freed. */
static struct task *
thread_locked(struct sighand *h, pid_t tid)
{
	struct task *o;

	assert_held(&h->siglock);
	list_for_each_entry(o, &h->threads, thread_node)
		if (o->tid == tid)
			return o;
	return NULL;
}

/* A thread of h's group (tid 0: any), referenced, or NULL. */
static struct task *
thread_get(struct sighand *h, pid_t tid)
{
	struct task *o = NULL;

	spin_lock(&h->siglock);
	if (tid)
		o = thread_locked(h, tid);
	else if (!list_empty(&h->threads))
		o = list_first_entry(&h->threads, struct task, thread_node);
	if (o)
		task_get(o);
	spin_unlock(&h->siglock);
	return o;
}

static bool
thread_cputime(struct sighand *h, pid_t tid, struct cputime *ct)
{
	struct task *o;

	spin_lock(&h->siglock);
	o = thread_locked(h, tid);
	if (o)
		acct_thread_cputime(o, ct);
	spin_unlock(&h->siglock);
	return o != NULL;
}

static bool
own_process_cputime(struct sighand *h, struct cputime *ct)
{
	/* Dropping the reference may free an exited thread: task_free
	 * takes only spinlocks, so that is fine in interrupt context. */
	struct task *o = thread_get(h, 0);

	if (!o)
		return false;
	acct_process_cputime(o, ct);
	task_put(o);
	return true;
}

/* Process pid's CPU time, read from any live thread of it, found (and
 * kept from being freed) under tasklist_lock. False if there is none. */
static bool
process_cputime(pid_t pid, struct cputime *ct)
{
	struct task *o;
	bool found = false;

	spin_lock(&tasklist_lock);
	list_for_each_entry(o, &all_tasks, all_link) {
		uint32_t st = atomic_load_acquire(&o->state);

		if (o->tgid != pid || st == TASK_ZOMBIE || st == TASK_DEAD)
			continue;
		acct_process_cputime(o, ct);
		found = true;
		break;
	}
	spin_unlock(&tasklist_lock);
	return found;
}

int
timer_clock_resolve(struct timer_clock *c)
{
	struct task *self = current_task();
	struct cputime ct;

	if (c->base != CLOCK_BASE_CPU)
		return 0;
	if (c->cpu_which >= CPUCLOCK_MAX)
		return -EINVAL;
	if (c->thread && c->pid == 0)
		c->pid = self->tid;
	if (c->thread)
		return thread_cputime(self->sig.hand, c->pid, &ct) ? 0 : -EINVAL;
	if (c->pid == self->tgid)
		c->pid = 0;
	/* As Linux: a process clock must name a process, not a thread. */
	return c->pid == 0 || process_cputime(c->pid, &ct) ? 0 : -EINVAL;
}

bool
ptimer_clock_now(const struct ptimer *pt, uint64_t *now)
{
	const struct timer_clock *c = &pt->clock;
	struct cputime ct;
	bool ok;

	if (c->base == CLOCK_BASE_REALTIME) {
		*now = time_realtime_ns();
		return true;
	}
	if (c->base == CLOCK_BASE_MONOTONIC) {
		*now = time_monotonic_ns();
		return true;
	}
	if (c->thread)
		ok = thread_cputime(pt->owner->hand, c->pid, &ct);
	else if (c->pid == 0)
		ok = own_process_cputime(pt->owner->hand, &ct);
	else
		ok = process_cputime(c->pid, &ct);
	if (ok)
		*now = ct.utime_ns + (c->cpu_which == CPUCLOCK_VIRT ? 0 : ct.stime_ns);
	return ok;
}

uint64_t
ptimer_forward(uint64_t expires, uint64_t interval, uint64_t now, uint64_t *periods)
{
	uint64_t k = (now - expires) / interval + 1;

	KASSERT(expires <= now && interval > 0);
	*periods = k;
	if (k > (TIMER_NS_MAX - expires) / interval)
		return TIMER_NS_MAX;
	return expires + k * interval;
}

/* Monotonic time at which a wall-clock timer expires. */
static uint64_t
wall_deadline(const struct ptimer *pt)
{
	if (pt->clock.base == CLOCK_BASE_REALTIME && pt->expires < TIMER_NS_MAX)
		return time_realtime_to_monotonic(pt->expires);
	return pt->expires;
}

/*
 * When pt's ktimer is to run next (monotonic ns); pt is armed and its
 * clock read now. quiet: its signal is still pending or was ignored (a
 * short period need not be looked at before a tick), or an interval
 * timer on CPU time is catching up with its clock (one signal a tick,
 * as Linux's check_cpu_itimer). Caller holds P.
 */
static uint64_t
next_wake_locked(const struct ptimer *pt, uint64_t now, bool quiet)
{
	uint64_t mono = time_monotonic_ns(), left;

	assert_held(&pt->owner->timers_lock);
	if (pt->clock.base != CLOCK_BASE_CPU) {
		if (quiet && pt->interval < SCHED_TICK_NS)
			return MAX(wall_deadline(pt), mono + SCHED_TICK_NS);
		return wall_deadline(pt);
	}
	if (pt->expires <= now)
		return quiet ? mono + SCHED_TICK_NS : mono;
	left = pt->expires - now;
	/* A process uses up to one tick of CPU time per hart per tick. */
	if (!pt->clock.thread)
		left /= ncpus;
	return mono + MAX(MIN(left, SCHED_TICK_NS), CPU_POLL_MIN_NS);
}

static int
overrun_int(uint64_t n)
{
	return n > INT32_MAX ? INT32_MAX : (int)n;
}

/* pt's signal on its pending queue, if it is still there; *pending gets
 * the queue. Caller holds the sighand lock. */
static struct sigqueue *
find_queued_locked(const struct ptimer *pt, struct sigpending **pending)
{
	struct sighand *h = pt->owner->hand;
	struct sigpending *p = &h->shared;
	struct sigqueue *q;

	assert_held(&h->siglock);
	if (pt->ev.notify == SIGEV_THREAD_ID) {
		struct task *t = thread_locked(h, pt->ev.tid);

		if (!t)
			return NULL;
		p = &t->sig.pending;
	}
	*pending = p;
	if (!(p->set & SIG_BIT(pt->ev.signo)))
		return NULL;
	list_for_each_entry(q, &p->queue, sigq_link)
		if (q->info.si_signo == pt->ev.signo && q->info.si_code == SI_TIMER &&
		    q->info.si_tid == pt->id)
			return q;
	return NULL;
}

/*
 * A process-directed signal still pending: make sure a thread that can
 * take it knows. The thread it was meant for may have left without
 * taking it (exit does not hand a process's pending signals on, as
 * Linux's retarget_shared_pending() does), and no new signal is sent
 * while this one is pending. Caller holds the sighand lock.
 */
static void
kick_threads_locked(struct sighand *h)
{
	struct task *o;

	assert_held(&h->siglock);
	list_for_each_entry(o, &h->threads, thread_node) {
		signal_recalc_locked(o);
		if (atomic_load_relaxed(&o->sig.active))
			task_wake_from(o, true);
	}
}

/* If pt's signal is still pending, add n expiries to its overrun count
 * (in it too) and return true. Caller holds P; takes the sighand lock. */
static bool
merge_overrun_locked(struct ptimer *pt, uint64_t n)
{
	struct sighand *h = pt->owner->hand;
	struct sigpending *p;
	struct sigqueue *q;

	assert_held(&pt->owner->timers_lock);
	spin_lock(&h->siglock);
	q = find_queued_locked(pt, &p);
	if (q) {
		pt->overrun = n > UINT64_MAX - pt->overrun ? UINT64_MAX : pt->overrun + n;
		q->info.si_overrun = overrun_int(pt->overrun);
		if (n && p == &h->shared)
			kick_threads_locked(h);
	}
	spin_unlock(&h->siglock);
	return q != NULL;
}

void
ptimer_settle_locked(struct ptimer *pt)
{
	assert_held(&pt->owner->timers_lock);
	if (!pt->queued || merge_overrun_locked(pt, 0))
		return;
	pt->queued = false;
	/* As Linux: only a periodic timer's delivery sets the count. */
	if (pt->interval)
		pt->overrun_last = pt->overrun;
}

void
ptimer_drop_signal_locked(struct ptimer *pt)
{
	struct sighand *h = pt->owner->hand;
	struct sigpending *p;
	struct sigqueue *q, *o;
	struct task *t;
	bool more = false;

	assert_held(&pt->owner->timers_lock);
	if (!pt->queued)
		return;
	pt->queued = false;
	spin_lock(&h->siglock);
	q = find_queued_locked(pt, &p);
	if (q) {
		list_del(&q->sigq_link);
		kfree(q);
		list_for_each_entry(o, &p->queue, sigq_link)
			more |= o->info.si_signo == pt->ev.signo;
		if (!more)
			p->set &= ~SIG_BIT(pt->ev.signo);
		list_for_each_entry(t, &h->threads, thread_node)
			signal_recalc_locked(t);
	}
	spin_unlock(&h->siglock);
}

/* Send a POSIX timer's signal, carrying pt->overrun. Caller holds P. */
static void
send_posix_locked(struct ptimer *pt)
{
	bool group = pt->ev.notify != SIGEV_THREAD_ID;
	struct task *t;
	siginfo_t info;

	assert_held(&pt->owner->timers_lock);
	t = thread_get(pt->owner->hand, group ? 0 : pt->ev.tid);
	/* As Linux: a signal for a thread that has gone is dropped. */
	if (!t)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = pt->ev.signo;
	info.si_code = SI_TIMER;
	info.si_tid = pt->id;
	info.si_overrun = overrun_int(pt->overrun);
	info.si_value = pt->ev.value;
	signal_send_info(t, pt->ev.signo, &info, group);
	task_put(t);
}

/* A POSIX timer expired `periods` times: count them as overruns of its
 * signal still pending, or queue a new one. Returns true ("quiet") when
 * the signal stays pending or was ignored. Caller holds P. */
static bool
notify_locked(struct ptimer *pt, uint64_t periods)
{
	assert_held(&pt->owner->timers_lock);
	if (pt->ev.notify == SIGEV_NONE)
		return true;
	if (pt->queued && merge_overrun_locked(pt, periods))
		return true;
	if (pt->queued && pt->interval)
		pt->overrun_last = pt->overrun; /* delivered since */
	pt->overrun = periods - 1;
	send_posix_locked(pt);
	/* Queued, unless ignored or taken at once by a thread on another
	 * hart: ptimer_settle_locked() tells later, and either way the
	 * count goes to timer_getoverrun. */
	pt->queued = true;
	return !merge_overrun_locked(pt, 0);
}

/* An interval timer's signal, to the process (SEND_SIG_PRIV in Linux).
 * Returns true if one was pending already. Caller holds P. */
static bool
send_itimer_locked(struct ptimer *pt)
{
	struct sighand *h = pt->owner->hand;
	struct task *t;
	siginfo_t info;
	bool pending;

	assert_held(&pt->owner->timers_lock);
	t = thread_get(h, 0);
	if (!t)
		return true;
	spin_lock(&h->siglock);
	pending = (h->shared.set & SIG_BIT(pt->ev.signo)) != 0;
	spin_unlock(&h->siglock);
	memset(&info, 0, sizeof(info));
	info.si_signo = pt->ev.signo;
	info.si_code = SI_KERNEL;
	signal_send_info(t, pt->ev.signo, &info, true);
	task_put(t);
	return pending;
}

/* pt's clock reached its expiry: move it on, then signal. Returns the
 * "quiet" of next_wake_locked(). Caller holds P. */
static bool
expire_locked(struct ptimer *pt, uint64_t now)
{
	bool cpu_itimer = pt->itimer >= 0 && pt->clock.base == CLOCK_BASE_CPU;
	uint64_t periods = 1;

	assert_held(&pt->owner->timers_lock);
	if (cpu_itimer)
		/* As Linux's check_cpu_itimer: the expiry moves by one period. */
		pt->expires = pt->interval ? timer_ns_add(pt->expires, pt->interval) : 0;
	else if (pt->interval)
		pt->expires = ptimer_forward(pt->expires, pt->interval, now, &periods);
	else
		pt->expires = 0;
	if (pt->itimer < 0)
		return notify_locked(pt, periods);
	return send_itimer_locked(pt) || cpu_itimer;
}

/* The ktimer of an armed timer: at its expiry, or a CPU clock's poll.
 * Context: timer interrupt. */
static void
ptimer_fire(struct ktimer *kt)
{
	struct ptimer *pt = container_of(kt, struct ptimer, kt);
	struct proc_timers *pts = pt->owner;
	bool quiet = false;
	uint64_t now;

	/* A CPU clock whose thread or process has gone never moves again:
	 * the timer stays armed and silent, as Linux's. */
	if (!ptimer_clock_now(pt, &now))
		return;
	spin_lock(&pts->timers_lock);
	if (pt->expires && now >= pt->expires)
		quiet = expire_locked(pt, now);
	/* A callback may re-arm its own ktimer (timer.h). */
	if (pt->expires)
		ktimer_add(kt, next_wake_locked(pt, now, quiet));
	spin_unlock(&pts->timers_lock);
}

void
ptimer_cancel(struct ptimer *pt)
{
	assert_mutex_held(&pt->owner->timers_mutex);
	ktimer_cancel(&pt->kt);
}

void
ptimer_arm(struct ptimer *pt, uint64_t expires, uint64_t interval, uint64_t now)
{
	struct proc_timers *pts = pt->owner;
	uint64_t wake = 0;

	assert_mutex_held(&pts->timers_mutex);
	spin_lock(&pts->timers_lock);
	pt->expires = expires;
	pt->interval = interval;
	/* SIGEV_NONE timers are only looked at when read. */
	if (expires && (pt->itimer >= 0 || pt->ev.notify != SIGEV_NONE))
		wake = next_wake_locked(pt, now, false);
	spin_unlock(&pts->timers_lock);
	/* pt is stopped (ptimer_cancel): this cannot wait for its callback. */
	if (wake)
		ktimer_add(&pt->kt, wake);
}
