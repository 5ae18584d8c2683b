/*
 * Timer system calls: getitimer, setitimer, timer_create,
 * timer_settime, timer_gettime, timer_getoverrun, timer_delete. They
 * copy and check the user's structures in Linux's order
 * (kernel/time/itimer.c, posix-timers.c) and hand times in ns to
 * proc/posix_timer.h. alarm() is not a system call on riscv64: glibc
 * builds it on setitimer(ITIMER_REAL).
 *
 * Arguments that Linux types int (which, clock ids, timer ids, flags)
 * arrive in whole registers; they are truncated to int here, as Linux's
 * system-call wrappers do.
 */
#include <asm-generic/errno.h>
#include <asm-generic/siginfo.h>
#include <linux/time.h>
#include <linux/time_types.h>

#include "lib/string.h"
#include "mm/uaccess.h"
#include "proc/posix_timer.h"
#include "sys/sys.h"

#define NSEC_PER_SEC  1000000000ull
#define NSEC_PER_USEC 1000ull

/*
 * Linux's negative clock ids (include/linux/posix-timers.h, as in
 * sys_time.c): ~pid << 3 | per-thread bit | kind; kind 3 without the
 * per-thread bit names a clock device by fd instead.
 */
#define CPUCLOCK_PERTHREAD_MASK 4
#define CPUCLOCK_CLOCK_MASK	3
#define CLOCKFD			3
#define CLOCKFD_MASK		(CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_CLOCK_MASK)

/* sec s + sub units (unit ns each) in ns, saturating as Linux's
 * timespec64_to_ktime(). */
static uint64_t
to_ns(long long sec, long long sub, uint64_t unit)
{
	if ((uint64_t)sec >= TIMER_NS_MAX / NSEC_PER_SEC)
		return TIMER_NS_MAX;
	return (uint64_t)sec * NSEC_PER_SEC + (uint64_t)sub * unit;
}

/* Copy in a struct itimerval and check it as Linux's get_itimerval(). */
static int
get_itimerval(const struct __kernel_old_itimerval __user *u, struct timer_setting *s)
{
	struct __kernel_old_itimerval v;

	if (copy_from_user(&v, u, sizeof(v)))
		return -EFAULT;
	if (v.it_value.tv_sec < 0 || v.it_value.tv_usec < 0 || v.it_value.tv_usec >= 1000000 ||
	    v.it_interval.tv_sec < 0 || v.it_interval.tv_usec < 0 ||
	    v.it_interval.tv_usec >= 1000000)
		return -EINVAL;
	s->value_ns = to_ns(v.it_value.tv_sec, v.it_value.tv_usec, NSEC_PER_USEC);
	s->interval_ns = to_ns(v.it_interval.tv_sec, v.it_interval.tv_usec, NSEC_PER_USEC);
	return 0;
}

/* Linux truncates to whole microseconds. */
static int
put_itimerval(struct __kernel_old_itimerval __user *u, const struct timer_setting *s)
{
	struct __kernel_old_itimerval v = {
		.it_interval = { (__kernel_long_t)(s->interval_ns / NSEC_PER_SEC),
				 (__kernel_long_t)(s->interval_ns % NSEC_PER_SEC / NSEC_PER_USEC) },
		.it_value = { (__kernel_long_t)(s->value_ns / NSEC_PER_SEC),
			      (__kernel_long_t)(s->value_ns % NSEC_PER_SEC / NSEC_PER_USEC) },
	};

	return copy_to_user(u, &v, sizeof(v)) ? -EFAULT : 0;
}

static bool
timespec_ok(const struct __kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long long)NSEC_PER_SEC;
}

/* Copy in a struct itimerspec, checked as Linux's timespec64_valid(). */
static int
get_itimerspec(const struct __kernel_itimerspec __user *u, struct timer_setting *s)
{
	struct __kernel_itimerspec v;

	if (copy_from_user(&v, u, sizeof(v)))
		return -EFAULT;
	if (!timespec_ok(&v.it_value) || !timespec_ok(&v.it_interval))
		return -EINVAL;
	s->value_ns = to_ns(v.it_value.tv_sec, v.it_value.tv_nsec, 1);
	s->interval_ns = to_ns(v.it_interval.tv_sec, v.it_interval.tv_nsec, 1);
	return 0;
}

static int
put_itimerspec(struct __kernel_itimerspec __user *u, const struct timer_setting *s)
{
	struct __kernel_itimerspec v = {
		.it_interval = { (long long)(s->interval_ns / NSEC_PER_SEC),
				 (long long)(s->interval_ns % NSEC_PER_SEC) },
		.it_value = { (long long)(s->value_ns / NSEC_PER_SEC),
			      (long long)(s->value_ns % NSEC_PER_SEC) },
	};

	return copy_to_user(u, &v, sizeof(v)) ? -EFAULT : 0;
}

/* getitimer(2): 0, -EINVAL (which, first), -EFAULT.
 * Context: process; may sleep. */
long
sys_getitimer(long which, struct __kernel_old_itimerval __user *value)
{
	struct timer_setting cur;
	int err = itimer_get((int)which, &cur);

	return err ? err : put_itimerval(value, &cur);
}

/* setitimer(2): -EFAULT/-EINVAL for the new value (read first; NULL
 * disarms, as Linux still allows), -EINVAL for which, -ENOMEM, then
 * -EFAULT if the old value cannot be written (the timer is set anyway,
 * as Linux). Context: process; may sleep. */
long
sys_setitimer(long which, const struct __kernel_old_itimerval __user *value,
	      struct __kernel_old_itimerval __user *ovalue)
{
	struct timer_setting set = { 0, 0 }, old;
	int err;

	if (value && (err = get_itimerval(value, &set)))
		return err;
	err = itimer_set((int)which, &set, ovalue ? &old : NULL);
	if (err || !ovalue)
		return err;
	return put_itimerval(ovalue, &old);
}

/* Decode a clock id for timer_create as Linux's clockid_to_kclock():
 * -EINVAL (no such clock), -EOPNOTSUPP (a clock without timers). Alarm
 * clocks decode, *alarm set: they fail later, as Linux's do without an
 * RTC that can wake the machine. */
static int
timer_clock_decode(int which, struct timer_clock *c, bool *alarm)
{
	memset(c, 0, sizeof(*c));
	*alarm = false;
	if (which < 0) {
		if ((which & CLOCKFD_MASK) == CLOCKFD)
			return -EOPNOTSUPP; /* clock devices have no timers */
		c->base = TIMER_CLOCK_CPU;
		c->thread = (which & CPUCLOCK_PERTHREAD_MASK) != 0;
		c->cpu_which = (unsigned)which & CPUCLOCK_CLOCK_MASK;
		c->pid = ~(which >> 3);
		return 0;
	}
	switch (which) {
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		*alarm = true;
		/* fallthrough */
	case CLOCK_REALTIME:
	case CLOCK_TAI: /* TAI - UTC is 0: see sys_time.c */
		c->base = which == CLOCK_BOOTTIME_ALARM ? TIMER_CLOCK_MONOTONIC :
							  TIMER_CLOCK_REALTIME;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME: /* nothing suspends */
		c->base = TIMER_CLOCK_MONOTONIC;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		c->base = TIMER_CLOCK_CPU;
		c->thread = which == CLOCK_THREAD_CPUTIME_ID;
		c->cpu_which = CPUCLOCK_SCHED;
		return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static void
decode_sigevent(const struct sigevent *sev, struct timer_event *ev)
{
	ev->notify = sev->sigev_notify;
	ev->signo = sev->sigev_signo;
	ev->tid = sev->sigev_notify_thread_id;
	ev->value = sev->sigev_value;
}

/*
 * timer_create(2), errors in Linux's order: -EFAULT (reading the
 * sigevent), -EINVAL / -EOPNOTSUPP (clock), -EAGAIN, -EINVAL (sigevent),
 * -EFAULT (writing the id), then -EINVAL (a CPU clock's thread or
 * process) or -EOPNOTSUPP (alarm clocks); past the id, a failure
 * deletes the new timer. Context: process; may sleep.
 */
long
sys_timer_create(long which_clock, struct sigevent __user *event, int __user *created_id)
{
	struct timer_event ev, *evp = NULL;
	struct sigevent sev;
	struct timer_clock c;
	int err, clock_err, id;
	bool alarm;

	if (event) {
		if (copy_from_user(&sev, event, sizeof(sev)))
			return -EFAULT;
		decode_sigevent(&sev, &ev);
		evp = &ev;
	}
	err = timer_clock_decode((int)which_clock, &c, &alarm);
	if (err)
		return err;
	clock_err = timer_clock_resolve(&c);
	err = posix_timer_create(&c, evp, &id);
	if (err)
		return err;
	if (put_user(id, created_id))
		err = -EFAULT;
	else if (alarm)
		err = -EOPNOTSUPP;
	else
		err = clock_err;
	if (err) {
		/* Undo; -EINVAL if another thread has deleted it already. */
		int undo = posix_timer_delete(id);

		(void)undo;
	}
	return err;
}

/* timer_settime(2): -EINVAL (NULL new value), -EFAULT, -EINVAL (bad
 * timespec, then no such timer), -ESRCH (a CPU clock's task is gone),
 * then -EFAULT if the old value cannot be written (the timer is set).
 * Flags other than TIMER_ABSTIME are ignored. Context: process. */
long
sys_timer_settime(long timer_id, long flags, const struct __kernel_itimerspec __user *new_value,
		  struct __kernel_itimerspec __user *old_value)
{
	struct timer_setting set, old;
	int err;

	if (!new_value)
		return -EINVAL;
	err = get_itimerspec(new_value, &set);
	if (err)
		return err;
	err = posix_timer_settime((int)timer_id, ((int)flags & TIMER_ABSTIME) != 0, &set,
				  old_value ? &old : NULL);
	if (!err && old_value)
		err = put_itimerspec(old_value, &old);
	return err;
}

/* timer_gettime(2): 0, -EINVAL (no such timer), -EFAULT. Context: process. */
long
sys_timer_gettime(long timer_id, struct __kernel_itimerspec __user *value)
{
	struct timer_setting cur;
	int err = posix_timer_gettime((int)timer_id, &cur);

	return err ? err : put_itimerspec(value, &cur);
}

/* timer_getoverrun(2): the count, or -EINVAL. Context: process. */
long
sys_timer_getoverrun(long timer_id)
{
	return posix_timer_getoverrun((int)timer_id);
}

/* timer_delete(2): 0 or -EINVAL. Context: process. */
long
sys_timer_delete(long timer_id)
{
	return posix_timer_delete((int)timer_id);
}
