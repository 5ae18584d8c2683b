/*
 * Signal system calls: actions, masks, pending sets, waiting for signals,
 * sending them, the alternate stack and rt_sigreturn.
 */
#include <asm-generic/errno.h>
#include <linux/time.h>
#include <linux/time_types.h>

#include "lib/string.h"
#include "mm/uaccess.h"
#include <kerrno.h>
#include "sched/sched.h"
#include "proc/signal.h"
#include <arch/signal.h>
#include "sched/task.h"
#include "time/time.h"
#include "sched/ktimer.h"
#include "sys/sys.h"

/* The kernel's struct sigaction on riscv: no sa_restorer. */
struct user_sigaction {
	uintptr_t handler;
	unsigned long flags;
	sigset64_t mask;
};

static bool
valid_signal(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

long
sys_rt_sigaction(int sig, const struct user_sigaction __user *act,
		 struct user_sigaction __user *oact, size_t sigsetsize)
{
	struct sighand *h = current_task()->sig.hand;
	struct user_sigaction n, o;

	if (sigsetsize != sizeof(sigset64_t))
		return -EINVAL;
	/* As Linux: the new action is read before the signal is checked. */
	if (act && copy_from_user(&n, act, sizeof(n)))
		return -EFAULT;
	if (!valid_signal(sig))
		return -EINVAL;
	/* As Linux 5.11+: flags it does not know are dropped. */
	if (act)
		n.flags &= SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART |
			   SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	spin_lock(&h->siglock);
	o = (struct user_sigaction){ h->action[sig - 1].handler, h->action[sig - 1].flags,
				     h->action[sig - 1].mask };
	if (act) {
		h->action[sig - 1] =
			(struct k_sigaction){ n.handler, n.flags, n.mask & ~SIG_UNBLOCKABLE };
		/* As Linux: setting SIG_IGN (or SIG_DFL of an ignored-by-default
		 * signal) discards what is pending. */
		if (n.handler == (uintptr_t)SIG_IGN ||
		    (n.handler == (uintptr_t)SIG_DFL && signal_default_ignores(sig)))
			signal_discard_locked(current_task(), sig);
	}
	spin_unlock(&h->siglock);
	if (oact && copy_to_user(oact, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}

long
sys_rt_sigprocmask(int how, const sigset64_t __user *set, sigset64_t __user *oset,
		   size_t sigsetsize)
{
	struct task *t = current_task();
	sigset64_t n = 0, old = t->sig.blocked;

	if (sigsetsize != sizeof(sigset64_t))
		return -EINVAL;
	if (set && copy_from_user(&n, set, sizeof(n)))
		return -EFAULT;
	if (set) {
		switch (how) {
		case SIG_BLOCK:
			signal_set_blocked(t, old | n);
			break;
		case SIG_UNBLOCK:
			signal_set_blocked(t, old & ~n);
			break;
		case SIG_SETMASK:
			signal_set_blocked(t, n);
			break;
		default:
			return -EINVAL;
		}
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long
sys_rt_sigpending(sigset64_t __user *uset, size_t sigsetsize)
{
	struct task *t = current_task();
	sigset64_t set;

	/* As Linux: any size up to the kernel's set; that many bytes go out. */
	if (sigsetsize > sizeof(sigset64_t))
		return -EINVAL;
	spin_lock(&t->sig.hand->siglock);
	set = (t->sig.pending.set | t->sig.hand->shared.set) & t->sig.blocked;
	spin_unlock(&t->sig.hand->siglock);
	return copy_to_user(uset, &set, sigsetsize);
}

long
sys_rt_sigsuspend(const sigset64_t __user *umask, size_t sigsetsize)
{
	struct task *t = current_task();
	sigset64_t mask;

	might_sleep();
	if (sigsetsize != sizeof(sigset64_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	t->sig.saved_mask = t->sig.blocked;
	t->sig.restore_mask = true;
	signal_set_blocked(t, mask);
	while (!signal_pending_current()) {
		task_set_sleeping(t, true);
		if (!signal_pending_current())
			schedule();
		task_set_running(t);
	}
	/* The handler runs with the temporary mask; the old one comes back
	 * after it (signal_deliver_pending). */
	return -ERESTARTNOHAND;
}

static int
timespec_to_deadline(const struct __kernel_timespec __user *uts, uint64_t *deadline)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*deadline = time_monotonic_ns() + (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	return 0;
}

long
sys_rt_sigtimedwait(const sigset64_t __user *uset, siginfo_t __user *uinfo,
		    const struct __kernel_timespec __user *uts, size_t sigsetsize)
{
	struct task *t = current_task();
	uint64_t deadline = TIME_NS_NEVER;
	struct sleep_timer st;
	sigset64_t set, old;
	siginfo_t info;
	int sig, err = 0;

	might_sleep();
	if (sigsetsize != sizeof(sigset64_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	set &= ~SIG_UNBLOCKABLE;
	if (uts && (err = timespec_to_deadline(uts, &deadline)))
		return err;
	/* As Linux: the awaited signals are unblocked while we wait, so
	 * their arrival wakes us; the caller's mask comes back after. */
	old = t->sig.blocked;
	signal_set_blocked(t, old & ~set);
	sleep_timer_start(&st, deadline);
	for (;;) {
		if ((sig = signal_dequeue(t, set, &info)))
			break;
		if (signal_pending_current() || sleep_timer_expired(&st)) {
			err = signal_pending_current() ? -EINTR : -EAGAIN;
			break;
		}
		task_set_sleeping(t, true);
		if (!signal_pending_current() && !sleep_timer_expired(&st))
			schedule();
		task_set_running(t);
	}
	sleep_timer_stop(&st);
	signal_set_blocked(t, old);
	if (!sig)
		return err;
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

static void
user_info(siginfo_t *info, int sig, int code)
{
	struct task *t = current_task();

	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->si_pid = t->tgid;
	info->si_uid = t->cred.uid;
}

/* The process with pid, referenced, or NULL. */
static struct task *
find_process(pid_t pid)
{
	struct task *t;

	/* As Linux: a zombie can still be signalled (to no effect). */
	spin_lock(&tasklist_lock);
	t = task_find_any_locked(pid);
	if (t)
		task_get(t);
	spin_unlock(&tasklist_lock);
	return t;
}

static long
send_to(pid_t tid, int sig, const siginfo_t *info, bool group)
{
	struct task *t = find_process(tid);

	if (!t)
		return -ESRCH;
	if (sig)
		signal_send_info(t, sig, info, group);
	task_put(t);
	return 0;
}

long
sys_kill(pid_t pid, int sig)
{
	siginfo_t info;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_USER);
	if (pid > 0)
		return send_to(pid, sig, &info, true);
	if (pid == 0)
		return signal_send_group(current_task()->pgid, sig, &info);
	if (pid == -1)
		return signal_send_all(sig, &info);
	if (pid == (pid_t)0x80000000)
		return -ESRCH;
	return signal_send_group(-pid, sig, &info);
}

long
sys_tgkill(pid_t tgid, pid_t tid, int sig)
{
	struct task *t;
	siginfo_t info;
	long ret = 0;

	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	t = find_process(tid);
	if (!t || t->tgid != tgid) {
		ret = -ESRCH;
	} else if (sig) {
		user_info(&info, sig, SI_TKILL);
		signal_send_info(t, sig, &info, false);
	}
	if (t)
		task_put(t);
	return ret;
}

long
sys_tkill(pid_t tid, int sig)
{
	siginfo_t info;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL);
	return send_to(tid, sig, &info, false);
}

static long
queue_info_check(pid_t target, int sig, const siginfo_t __user *uinfo, siginfo_t *info)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	/* As Linux: only the kernel may claim kernel si_codes, except to itself. */
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && target != current_task()->tgid)
		return -EPERM;
	info->si_signo = sig;
	return 0;
}

long
sys_rt_sigqueueinfo(pid_t pid, int sig, const siginfo_t __user *uinfo)
{
	siginfo_t info;
	long err;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	err = queue_info_check(pid, sig, uinfo, &info);
	return err ? err : send_to(pid, sig, &info, true);
}

long
sys_rt_tgsigqueueinfo(pid_t tgid, pid_t tid, int sig, const siginfo_t __user *uinfo)
{
	struct task *t;
	siginfo_t info;
	long err;

	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	err = queue_info_check(tgid, sig, uinfo, &info);
	if (err)
		return err;
	t = find_process(tid);
	if (!t || t->tgid != tgid)
		err = -ESRCH;
	else if (sig)
		signal_send_info(t, sig, &info, false);
	if (t)
		task_put(t);
	return err;
}

long
sys_sigaltstack(const stack_t __user *uss, stack_t __user *uoss)
{
	struct task *t = current_task();
	uintptr_t sp = arch_user_sp(t->tf);
	bool on = t->sig.altstack_size && sp > t->sig.altstack_sp &&
		  sp - t->sig.altstack_sp <= t->sig.altstack_size;
	stack_t old = { (void *)t->sig.altstack_sp,
			(on ? SS_ONSTACK : (t->sig.altstack_flags & SS_DISABLE)) |
				(t->sig.altstack_flags & SS_AUTODISARM),
			t->sig.altstack_size };
	stack_t n;

	if (uss) {
		int mode;

		if (copy_from_user(&n, uss, sizeof(n)))
			return -EFAULT;
		if (on)
			return -EPERM;
		mode = n.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->sig.altstack_sp = 0;
			t->sig.altstack_size = 0;
			t->sig.altstack_flags = SS_DISABLE;
		} else {
			if (n.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->sig.altstack_sp = (uintptr_t)n.ss_sp;
			t->sig.altstack_size = n.ss_size;
			t->sig.altstack_flags = n.ss_flags & SS_AUTODISARM;
		}
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long
sys_rt_sigreturn(void)
{
	struct task *t = current_task();

	/* The restored a0 is not a system call's result to restart, and a
	 * pending restart_syscall belongs to the interrupted call. */
	t->in_syscall = false;
	t->restart_fn = NULL;
	if (arch_signal_frame_restore(t, t->tf) < 0) {
		signal_fault(SIGSEGV, SI_KERNEL, 0, "bad signal frame");
		return 0;
	}
	return arch_syscall_retval(t->tf);
}
