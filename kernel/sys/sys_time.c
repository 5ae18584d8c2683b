/*
 * Time system calls: clock_gettime, clock_getres, gettimeofday,
 * nanosleep, clock_nanosleep, times, getrusage; and restart_syscall,
 * which resumes a sleep that a signal cut short when no handler ran.
 *
 * Clock ids are decoded by the clock table (time/clock.h).
 *
 * Sleeps on wall or monotonic clocks become sleep_until() on a monotonic
 * deadline; sleeps on CPU-time clocks poll the clock at the scheduler
 * tick, the rate at which Linux checks CPU timers.
 */
#include <asm-generic/errno.h>
#include <asm/param.h>
#include <linux/resource.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/times.h>

#include "lib/string.h"
#include "mm/uaccess.h"
#include "sched/acct.h"
#include <kerrno.h>
#include "sched/sched.h"
#include "sched/task.h"
#include <ktime.h>
#include "time/clock.h"
#include "time/time.h"
#include "sched/ktimer.h"
#include "sys/sys.h"

/* User space always sees HZ as 100 (asm-generic/param.h): clock_t units. */
#define USER_HZ HZ

/* Copy a timespec in and check it as Linux's timespec64_valid(). A time
 * past 2^64 ns (584 years) saturates to TIME_NS_NEVER. */
static int
get_timespec_ns(const struct __kernel_timespec __user *u, uint64_t *ns)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	if ((uint64_t)ts.tv_sec >= TIME_NS_NEVER / NSEC_PER_SEC)
		*ns = TIME_NS_NEVER;
	else
		*ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
	return 0;
}

static int
put_timespec_ns(struct __kernel_timespec __user *u, uint64_t ns)
{
	struct __kernel_timespec ts = {
		.tv_sec = (long long)(ns / NSEC_PER_SEC),
		.tv_nsec = (long long)(ns % NSEC_PER_SEC),
	};

	return copy_to_user(u, &ts, sizeof(ts));
}

/* clock_gettime(2): 0, -EINVAL (no such clock or CPU-clock task), -EFAULT.
 * Context: process; may sleep (uaccess). */
long
sys_clock_gettime(int which, struct __kernel_timespec __user *tp)
{
	struct clock_ref c;
	uint64_t ns;
	int err;

	err = clock_decode(which, &c);
	if (!err)
		err = clock_read(&c, &ns);
	if (err)
		return err;
	return put_timespec_ns(tp, ns);
}

/* clock_getres(2): as clock_gettime; a NULL tp only checks the clock.
 * Context: process; may sleep (uaccess). */
long
sys_clock_getres(int which, struct __kernel_timespec __user *tp)
{
	struct clock_ref c;
	uint64_t ns;
	int err;

	/* Reading the clock checks it exists (a CPU clock's task). */
	err = clock_decode(which, &c);
	if (!err)
		err = clock_read(&c, &ns);
	if (err)
		return err;
	/* As Linux: a NULL tp only checks the clock. */
	if (!tp)
		return 0;
	return put_timespec_ns(tp, time_resolution_ns());
}

/* gettimeofday(2): either pointer may be NULL; 0 or -EFAULT.
 * Context: process; may sleep (uaccess). */
long
sys_gettimeofday(struct __kernel_old_timeval __user *tv, struct timezone __user *tz)
{
	/* As Linux: no time zone is ever set, so it reads as zeros. */
	struct timezone zone = { 0, 0 };
	uint64_t ns = time_realtime_ns();

	if (tv) {
		struct __kernel_old_timeval v = {
			.tv_sec = (__kernel_long_t)(ns / NSEC_PER_SEC),
			.tv_usec = (__kernel_long_t)(ns % NSEC_PER_SEC / 1000),
		};

		if (copy_to_user(tv, &v, sizeof(v)))
			return -EFAULT;
	}
	if (tz && copy_to_user(tz, &zone, sizeof(zone)))
		return -EFAULT;
	return 0;
}

static uint64_t
deadline_after(uint64_t ns)
{
	uint64_t now = time_monotonic_ns();

	return ns > TIME_NS_NEVER - now ? TIME_NS_NEVER : now + ns;
}

static struct __kernel_timespec __user *
restart_rmtp(const struct task *t)
{
	return (__force struct __kernel_timespec __user *)(uintptr_t)t->restart_args[1];
}

/* Resume an interrupted call through restart_syscall, as Linux's
 * restart_block: arguments are (deadline or target, rmtp, clock id). */
static long
set_restart(long (*fn)(struct task *), uint64_t until, struct __kernel_timespec __user *rmtp,
	    int which)
{
	struct task *t = current_task();

	t->restart_fn = fn;
	t->restart_args[0] = until;
	t->restart_args[1] = (__force uintptr_t)rmtp;
	t->restart_args[2] = (uint64_t)(int64_t)which;
	return -ERESTART_RESTARTBLOCK;
}

static long sleep_restart(struct task *t);

/*
 * A relative sleep, to a monotonic deadline. Cut short by a signal, it
 * writes the time left to rmtp (if given; -EFAULT if it cannot) and
 * returns -ERESTART_RESTARTBLOCK: the signal code makes that -EINTR
 * when a handler runs, else resumes the sleep to the same deadline
 * through restart_syscall (as Linux's hrtimer_nanosleep). As Linux, a
 * sleep cut short with no time left has completed.
 */
static long
sleep_relative(uint64_t deadline, struct __kernel_timespec __user *rmtp)
{
	uint64_t now;

	if (sleep_until(deadline, true) == 0)
		return 0;
	now = time_monotonic_ns();
	if (now >= deadline)
		return 0;
	if (rmtp && put_timespec_ns(rmtp, deadline - now))
		return -EFAULT;
	return set_restart(sleep_restart, deadline, rmtp, CLOCK_MONOTONIC);
}

static long
sleep_restart(struct task *t)
{
	return sleep_relative(t->restart_args[0], restart_rmtp(t));
}

/* An absolute sleep: cut short by a signal, it restarts with the same
 * arguments unless a handler runs (-ERESTARTNOHAND, as Linux). */
static long
sleep_absolute(uint64_t deadline)
{
	return sleep_until(deadline, true) ? -ERESTARTNOHAND : 0;
}

/* nanosleep(2): 0, -EFAULT, -EINVAL, or cut short by a signal (see
 * sleep_relative()). Context: process; sleeps. */
long
sys_nanosleep(const struct __kernel_timespec __user *rqtp, struct __kernel_timespec __user *rmtp)
{
	uint64_t ns;
	int err;

	err = get_timespec_ns(rqtp, &ns);
	if (err)
		return err;
	return sleep_relative(deadline_after(ns), rmtp);
}

static long cpu_sleep_restart(struct task *t);

/*
 * Sleep until a CPU clock reads target, polling it at the scheduler
 * tick (when Linux checks CPU timers too). Cut short by a signal: as
 * sleep_relative(), or -ERESTARTNOHAND for an absolute sleep.
 */
static long
cpu_sleep_until(const struct clock_ref *c, uint64_t target, bool abs,
		struct __kernel_timespec __user *rmtp)
{
	uint64_t now;
	int err;

	for (;;) {
		err = clock_read(c, &now);
		if (err || now >= target)
			return err;
		if (sleep_until(deadline_after(SCHED_TICK_NS), true) == 0)
			continue;
		err = clock_read(c, &now);
		if (err || now >= target)
			return err;
		if (abs)
			return -ERESTARTNOHAND;
		if (rmtp && put_timespec_ns(rmtp, target - now))
			return -EFAULT;
		return set_restart(cpu_sleep_restart, target, rmtp, c->id);
	}
}

static long
cpu_sleep_restart(struct task *t)
{
	struct clock_ref c;
	int err = clock_decode((int)t->restart_args[2], &c);

	if (err)
		return err;
	return cpu_sleep_until(&c, t->restart_args[0], false, restart_rmtp(t));
}

/*
 * Sleep on a CPU clock for ns, or until it reads ns (abs), as Linux's
 * posix_cpu_nsleep(): a zero time returns at once (Linux disarms the
 * timer), and a thread's own per-thread clock is -EINVAL.
 */
static long
cpu_nsleep(const struct clock_ref *c, bool abs, uint64_t ns, struct __kernel_timespec __user *rmtp)
{
	uint64_t now;
	int err;

	if (c->thread && (c->pid == 0 || c->pid == current_task()->tid))
		return -EINVAL;
	err = clock_read(c, &now);
	if (err || ns == 0)
		return err;
	if (abs)
		return cpu_sleep_until(c, ns, true, NULL);
	return cpu_sleep_until(c, ns > TIME_NS_NEVER - now ? TIME_NS_NEVER : now + ns, false, rmtp);
}

/* clock_nanosleep(2), errors in Linux's order: -EINVAL (clock),
 * -EOPNOTSUPP (clock cannot be slept on), -EFAULT, -EINVAL (timespec);
 * then as sleep_relative() / sleep_absolute() / cpu_nsleep(). The
 * syscall returns -errno; glibc turns it into the positive return value.
 * Context: process; sleeps. */
long
sys_clock_nanosleep(int which, int flags, const struct __kernel_timespec __user *rqtp,
		    struct __kernel_timespec __user *rmtp)
{
	struct clock_ref c;
	uint64_t ns;
	int err;

	err = clock_decode(which, &c);
	if (err)
		return err;
	if (c.nsleep == CLOCK_NSLEEP_NONE)
		return -EOPNOTSUPP;
	err = get_timespec_ns(rqtp, &ns);
	if (err)
		return err;
	/* As Linux: other flag bits are ignored, and rmtp is not written
	 * for an absolute sleep. */
	if (c.nsleep == CLOCK_NSLEEP_CPU)
		return cpu_nsleep(&c, flags & TIMER_ABSTIME, ns, rmtp);
	if (!(flags & TIMER_ABSTIME))
		return sleep_relative(deadline_after(ns), rmtp);
	if (c.base == CLOCK_BASE_REALTIME && ns != TIME_NS_NEVER)
		ns = time_realtime_to_monotonic(ns);
	return sleep_absolute(ns);
}

/* restart_syscall(2): resume the call a signal cut short with
 * -ERESTART_RESTARTBLOCK, or -EINTR if there is none. Context: process. */
long
sys_restart_syscall(void)
{
	struct task *t = current_task();
	long (*fn)(struct task *) = t->restart_fn;

	/* One shot, so a stale resume never runs (Linux's default is
	 * do_no_restart_syscall, -EINTR). */
	t->restart_fn = NULL;
	return fn ? fn(t) : -EINTR;
}

static __kernel_clock_t
ns_to_clock_t(uint64_t ns)
{
	return (__kernel_clock_t)(ns / (NSEC_PER_SEC / USER_HZ));
}

/* As Linux, times() counts clock ticks from 300 s before a 32-bit tick
 * counter wraps (include/linux/jiffies.h, INITIAL_JIFFIES), so programs
 * that assume it starts near 0 or fits 32 bits fail early. */
#define TIMES_ORIGIN ((uint64_t)(uint32_t)(-300 * USER_HZ))

/* times(2): fills tbuf if given (-EFAULT if it cannot), returns clock
 * ticks since an arbitrary origin. Context: process; may sleep (uaccess). */
long
sys_times(struct tms __user *tbuf)
{
	struct task *t = current_task();
	struct cputime self, children;
	struct tms tms;

	if (tbuf) {
		acct_process_cputime(t, &self);
		acct_children_cputime(t, &children);
		tms.tms_utime = ns_to_clock_t(self.utime_ns);
		tms.tms_stime = ns_to_clock_t(self.stime_ns);
		tms.tms_cutime = ns_to_clock_t(children.utime_ns);
		tms.tms_cstime = ns_to_clock_t(children.stime_ns);
		if (copy_to_user(tbuf, &tms, sizeof(tms)))
			return -EFAULT;
	}
	return (long)(TIMES_ORIGIN + (uint64_t)ns_to_clock_t(time_monotonic_ns()));
}

/* getrusage(2): -EINVAL for who other than RUSAGE_SELF, _CHILDREN,
 * _THREAD (checked first), -EFAULT. Context: process; may sleep. */
long
sys_getrusage(int who, struct rusage __user *ru)
{
	struct rusage usage;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	acct_fill_rusage(current_task(), who, &usage);
	return copy_to_user(ru, &usage, sizeof(usage)) ? -EFAULT : 0;
}
