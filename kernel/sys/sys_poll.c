/*
 * ppoll and pselect6: wait until one of several descriptors is ready,
 * a signal arrives (with the temporary mask installed, as sigsuspend),
 * or the timeout passes.
 */
#include <asm-generic/errno.h>
#include <asm-generic/poll.h>
#include <linux/posix_types.h>
#include <linux/time_types.h>

#include "fs/file.h"
#include "fs/poll.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include <kerrno.h>
#include "sched/sched.h"
#include "proc/signal.h"
#include "sched/task.h"
#include "time/time.h"
#include "sched/ktimer.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

/* What a descriptor reports: POLLNVAL for a closed one, and always the
 * conditions nobody has to ask for (errors, hang-ups). */
static short
poll_one(int fd, short events, struct poll_table *pt)
{
	struct file *f;
	unsigned mask;

	if (fd < 0)
		return 0;
	f = fdget(fd);
	if (!f)
		return POLLNVAL;
	mask = poll_file(f, pt);
	file_put(f);
	return (short)(mask & ((unsigned short)events | POLLERR | POLLHUP | POLLNVAL));
}

static int
timeout_deadline(const struct __kernel_timespec __user *uts, uint64_t *deadline)
{
	struct __kernel_timespec ts;

	*deadline = TIME_NS_NEVER;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*deadline = time_monotonic_ns() + (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	return 0;
}

/* Install the temporary signal mask of ppoll/pselect6, as sigsuspend. */
static int
install_mask(const uint64_t __user *umask, size_t size)
{
	struct task *t = current_task();
	uint64_t mask;

	if (!umask)
		return 0;
	if (size != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	t->sig.saved_mask = t->sig.blocked;
	t->sig.restore_mask = true;
	signal_set_blocked(t, mask);
	return 0;
}

/* After the wait: keep the temporary mask for a handler about to run
 * (the signal code restores it after), else restore it now. */
static void
restore_mask(long ret)
{
	struct task *t = current_task();

	if (!t->sig.restore_mask || ret == -ERESTARTNOHAND)
		return;
	t->sig.restore_mask = false;
	signal_set_blocked(t, t->sig.saved_mask);
}

struct poll_req {
	struct pollfd *fds;
	unsigned nfds;
};

static int
poll_round(struct poll_req *r, struct poll_table *pt)
{
	int ready = 0;

	for (unsigned i = 0; i < r->nfds; i++) {
		r->fds[i].revents = poll_one(r->fds[i].fd, r->fds[i].events, pt);
		ready += r->fds[i].revents != 0;
	}
	return ready;
}

/* The wait loop shared by ppoll and pselect6: round() polls every
 * descriptor; returns the ready count, 0 at the deadline,
 * -ERESTARTNOHAND for a signal, -ENOMEM. */
static long
wait_ready(int (*round)(void *arg, struct poll_table *pt), void *arg, uint64_t deadline)
{
	struct poll_table *pt = poll_table_create();
	struct sleep_timer st;
	long ret;

	might_sleep();
	if (!pt)
		return -ENOMEM;
	sleep_timer_start(&st, deadline);
	for (;;) {
		poll_prepare_sleep();
		ret = round(arg, pt);
		if (!ret && poll_table_failed(pt))
			ret = -ENOMEM;
		else if (!ret && signal_pending_current())
			ret = -ERESTARTNOHAND;
		else if (!ret && deadline != TIME_NS_NEVER && sleep_timer_expired(&st))
			ret = 0;
		else if (!ret) {
			schedule();
			poll_done_sleeping();
			continue;
		}
		poll_done_sleeping();
		break;
	}
	sleep_timer_stop(&st);
	poll_table_free(pt);
	return ret;
}

static int
ppoll_round(void *arg, struct poll_table *pt)
{
	return poll_round(arg, pt);
}

long
sys_ppoll(struct pollfd __user *ufds, unsigned int nfds, const struct __kernel_timespec __user *tsp,
	  const uint64_t __user *sigmask, size_t sigsetsize)
{
	struct poll_req r = { NULL, nfds };
	uint64_t deadline;
	long ret;

	if (nfds > current_task()->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	ret = timeout_deadline(tsp, &deadline);
	if (ret)
		return ret;
	r.fds = kmalloc(MAX(nfds, 1u) * sizeof(struct pollfd));
	if (!r.fds)
		return -ENOMEM;
	if (copy_from_user(r.fds, ufds, nfds * sizeof(struct pollfd))) {
		kfree(r.fds);
		return -EFAULT;
	}
	ret = install_mask(sigmask, sigsetsize);
	if (!ret)
		ret = wait_ready(ppoll_round, &r, deadline);
	restore_mask(ret);
	if (ret >= 0)
		for (unsigned i = 0; i < nfds; i++)
			if (put_user(r.fds[i].revents, &ufds[i].revents))
				ret = -EFAULT;
	kfree(r.fds);
	return ret;
}

#define SEL_IN	      (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define SEL_OUT	      (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define SEL_EX	      (POLLPRI)
#define BITS_PER_LONG 64

struct select_req {
	int nfds;
	unsigned long *in[3]; /* the caller's sets (read, write, except), or NULL */
	unsigned long *out[3];
	int bad_fd;
};

static bool
fd_isset(const unsigned long *set, int fd)
{
	return set && (set[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1;
}

static int
select_round(void *arg, struct poll_table *pt)
{
	struct select_req *r = arg;
	static const unsigned want[3] = { SEL_IN, SEL_OUT, SEL_EX };
	int ready = 0;

	for (int k = 0; k < 3; k++)
		if (r->out[k])
			memset(r->out[k], 0, ALIGN_UP(r->nfds, BITS_PER_LONG) / 8);
	for (int fd = 0; fd < r->nfds; fd++) {
		unsigned events = 0;
		short got;

		for (int k = 0; k < 3; k++)
			if (fd_isset(r->in[k], fd))
				events |= want[k];
		if (!events)
			continue;
		got = poll_one(fd, (short)events, pt);
		if (got & POLLNVAL) {
			r->bad_fd = 1;
			return 1;
		}
		for (int k = 0; k < 3; k++) {
			if (fd_isset(r->in[k], fd) && (got & want[k])) {
				r->out[k][fd / BITS_PER_LONG] |= 1ul << (fd % BITS_PER_LONG);
				ready++;
			}
		}
	}
	return ready;
}

/* Copy in the three sets; each kernel copy has room for the result. */
static int
select_fetch(struct select_req *r, __kernel_fd_set __user *const u[3])
{
	size_t bytes = ALIGN_UP(r->nfds, BITS_PER_LONG) / 8;

	for (int k = 0; k < 3; k++) {
		if (!u[k])
			continue;
		r->in[k] = kzalloc(2 * MAX(bytes, 8ul));
		if (!r->in[k])
			return -ENOMEM;
		r->out[k] = r->in[k] + MAX(bytes, 8ul) / sizeof(long);
		if (copy_from_user(r->in[k], u[k], bytes))
			return -EFAULT;
	}
	return 0;
}

long
sys_pselect6(int nfds, __kernel_fd_set __user *rfds, __kernel_fd_set __user *wfds,
	     __kernel_fd_set __user *efds, struct __kernel_timespec __user *tsp,
	     const void __user *sig)
{
	__kernel_fd_set __user *const u[3] = { rfds, wfds, efds };
	struct select_req r = { .nfds = nfds };
	struct {
		const uint64_t __user *ss;
		size_t len;
	} sigarg = { NULL, 0 };
	uint64_t deadline;
	long ret;

	if (nfds < 0 || (unsigned long)nfds > current_task()->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	if (sig && copy_from_user(&sigarg, sig, sizeof(sigarg)))
		return -EFAULT;
	ret = timeout_deadline(tsp, &deadline);
	if (!ret)
		ret = select_fetch(&r, u);
	if (!ret)
		ret = install_mask(sigarg.ss, sigarg.len);
	if (!ret)
		ret = wait_ready(select_round, &r, deadline);
	restore_mask(ret);
	if (r.bad_fd)
		ret = -EBADF;
	for (int k = 0; k < 3 && ret >= 0; k++)
		if (u[k] && copy_to_user(u[k], r.out[k], ALIGN_UP(nfds, BITS_PER_LONG) / 8))
			ret = -EFAULT;
	for (int k = 0; k < 3; k++)
		kfree(r.in[k]);
	return ret;
}
