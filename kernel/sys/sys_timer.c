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
#include "time/clock.h"
#include "sys/sys.h"

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
	s->value_ns = time_to_ns(v.it_value.tv_sec, v.it_value.tv_usec, NSEC_PER_USEC);
	s->interval_ns = time_to_ns(v.it_interval.tv_sec, v.it_interval.tv_usec, NSEC_PER_USEC);
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

/* Copy in a struct itimerspec, checked as Linux's timespec64_valid(). */
static int
get_itimerspec(const struct __kernel_itimerspec __user *u, struct timer_setting *s)
{
	struct __kernel_itimerspec v;

	if (copy_from_user(&v, u, sizeof(v)))
		return -EFAULT;
	if (!timespec_valid(&v.it_value) || !timespec_valid(&v.it_interval))
		return -EINVAL;
	s->value_ns = time_to_ns(v.it_value.tv_sec, v.it_value.tv_nsec, 1);
	s->interval_ns = time_to_ns(v.it_interval.tv_sec, v.it_interval.tv_nsec, 1);
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
	struct clock_ref ref;
	int err = clock_decode(which, &ref);

	if (err)
		return err;
	if (!ref.timers)
		return -EOPNOTSUPP;
	*c = (struct timer_clock){
		.base = ref.timer_base,
		.cpu_which = ref.cpu_which,
		.thread = ref.thread,
		.pid = ref.pid,
	};
	*alarm = ref.alarm;
	return 0;
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
