/*
 * syslog(2), the call behind dmesg and klogctl(3): reading and clearing
 * the kernel log buffer (printk/logbuf.h) and setting which levels reach
 * the console, with Linux's actions, errors and permissions
 * (kernel/printk/printk.c: do_syslog()).
 */
#include <asm-generic/errno.h>
#include <kerrno.h>

#include "lib/string.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "printk/logbuf.h"
#include "printk/printk.h"
#include "sched/ktimer.h"
#include "sched/sched.h"
#include "sched/task.h"
#include "sys/sys.h"
#include "time/time.h"

/* Linux's actions (include/linux/syslog.h, not in the UAPI headers). */
#define SYSLOG_ACTION_CLOSE	    0
#define SYSLOG_ACTION_OPEN	    1
#define SYSLOG_ACTION_READ	    2
#define SYSLOG_ACTION_READ_ALL	    3
#define SYSLOG_ACTION_READ_CLEAR    4
#define SYSLOG_ACTION_CLEAR	    5
#define SYSLOG_ACTION_CONSOLE_OFF   6
#define SYSLOG_ACTION_CONSOLE_ON    7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD   9
#define SYSLOG_ACTION_SIZE_BUFFER   10

/* The console level CONSOLE_OFF leaves, as Linux's minimum_console_loglevel. */
#define CONSOLE_LOGLEVEL_MIN 1

static int saved_console_loglevel = -1; /* [console_loglevel's writers] CONSOLE_OFF */

/* Copy what a read action produced into the user's buffer. */
static long
read_out(char __user *ubuf, int len, int action)
{
	size_t size = MIN((size_t)len, (size_t)LOGBUF_SIZE);
	char *kbuf = kmalloc(size);
	size_t n;

	if (!kbuf)
		return -ENOMEM;
	if (action == SYSLOG_ACTION_READ) {
		/* As Linux: sleep until there is something to read. */
		while ((n = logbuf_read(kbuf, size)) == 0) {
			if (sleep_until(time_monotonic_ns() + SCHED_TICK_NS, true)) {
				kfree(kbuf);
				return -ERESTARTSYS;
			}
		}
	} else {
		n = logbuf_read_all(kbuf, size, action == SYSLOG_ACTION_READ_CLEAR);
	}
	if (copy_to_user(ubuf, kbuf, n))
		n = (size_t)-EFAULT;
	kfree(kbuf);
	return (long)n;
}

static long
set_console_level(int action, int len)
{
	switch (action) {
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel == -1)
			saved_console_loglevel = console_loglevel;
		console_loglevel = CONSOLE_LOGLEVEL_MIN;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel != -1) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
		return 0;
	default: /* CONSOLE_LEVEL */
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len < CONSOLE_LOGLEVEL_MIN ? CONSOLE_LOGLEVEL_MIN : len;
		/* As Linux: an explicit level ends a CONSOLE_OFF. */
		saved_console_loglevel = -1;
		return 0;
	}
}

/* syslog(2): the bytes read, the sizes asked for, 0, or -EPERM (not
 * root: Debian's kernels restrict dmesg; checked first), -EINVAL (an
 * unknown action, a NULL buffer or negative length for a read, a level
 * outside 1..8), -EFAULT, -ENOMEM, -ERESTARTSYS. Context: process; may sleep. */
long
sys_syslog(int action, char __user *buf, int len)
{
	/* As Linux with dmesg_restrict (Debian's default): every action,
	 * even an unknown one, needs CAP_SYSLOG first. */
	if (current_task()->cred.euid != 0)
		return -EPERM;
	switch (action) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!buf || len < 0)
			return -EINVAL;
		if (len == 0)
			return 0;
		return read_out(buf, len, action);
	case SYSLOG_ACTION_CLEAR:
		logbuf_clear();
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)logbuf_unread();
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOGBUF_SIZE;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return set_console_level(action, len);
	default:
		return -EINVAL;
	}
}
