/*
 * Acting on signals on the way back to user mode: default actions
 * (terminate, dump core, stop, continue, ignore), handler frames, and
 * what becomes of a system call the signal interrupted: it fails with
 * EINTR, or restarts (ERESTARTSYS with SA_RESTART or with no handler,
 * ERESTARTNOINTR always, ERESTARTNOHAND only when no handler runs,
 * ERESTART_RESTARTBLOCK through restart_syscall), as Linux does.
 */
#include <asm-generic/errno.h>
#include <asm-generic/resource.h>

#include <atomic.h>
#include "printk/printk.h"
#include "lib/string.h"
#include <kerrno.h>
#include "sched/sched.h"
#include "proc/signal.h"
#include <arch/signal.h>
#include "proc/signal_internal.h"
#include "proc/task.h"

enum sig_default {
	SIGDEF_TERM,
	SIGDEF_CORE,
	SIGDEF_STOP,
	SIGDEF_CONT,
	SIGDEF_IGN,
};

static enum sig_default
default_action(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return SIGDEF_CORE;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return SIGDEF_STOP;
	case SIGCONT:
		return SIGDEF_CONT;
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
		return SIGDEF_IGN;
	default:
		return SIGDEF_TERM;
	}
}

/* Tell the parent its child stopped or continued (SIGCHLD, wake-up). */
void
signal_notify_parent(struct task *t, int why, int status)
{
	struct sighand *ph;
	struct task *p;
	siginfo_t info;
	bool nocldstop;

	/* The parent may be exiting: hold it while we signal it. */
	spin_lock(&tasklist_lock);
	p = t->parent;
	if (p)
		task_get(p);
	spin_unlock(&tasklist_lock);
	if (!p)
		return;
	if (!(ph = p->sig.hand)) {
		task_put(p);
		return;
	}
	spin_lock(&ph->siglock);
	nocldstop = ph->action[SIGCHLD - 1].flags & SA_NOCLDSTOP;
	spin_unlock(&ph->siglock);
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGCHLD;
	info.si_code = why;
	info.si_pid = t->tgid;
	info.si_uid = t->cred.uid;
	info.si_status = status;
	if (!nocldstop)
		signal_send_info(p, SIGCHLD, &info, true);
	wake_up_all(&p->child_exit);
	task_put(p);
}

void
signal_continue_locked(struct task *t)
{
	struct sighand *h = t->sig.hand;

	assert_held(&h->siglock);
	if (!h->stopped)
		return;
	struct task *o;

	h->stopped = false;
	h->cont_reported = false;
	h->notify_continued = true;
	list_for_each_entry(o, &h->threads, thread_node) {
		signal_recalc_locked(o);
		task_wake_from(o, false);
	}
}

/* Sleep while the group is stopped, until SIGCONT or SIGKILL. The
 * thread that completes the stop tells the parent (WUNTRACED sees the
 * stop only once every thread has stopped, as Linux). */
static void
stopped_wait(struct task *t)
{
	struct sighand *h = t->sig.hand;
	bool complete;

	might_sleep();
	spin_lock(&h->siglock);
	h->nr_stopped++;
	complete = h->stopped && !h->stop_notified && h->nr_stopped >= h->nr_threads;
	if (complete)
		h->stop_notified = true;
	spin_unlock(&h->siglock);
	if (complete)
		signal_notify_parent(t->group_leader, CLD_STOPPED, h->stop_signal);
	for (;;) {
		task_set_stopped(t);
		if (!atomic_load_acquire(&h->stopped) || (t->sig.pending.set & SIG_BIT(SIGKILL)))
			break;
		schedule();
	}
	task_set_running(t);
	spin_lock(&h->siglock);
	h->nr_stopped--;
	spin_unlock(&h->siglock);
}

/* Stop the whole group: every thread joins in stopped_wait(). */
static void
do_stop(struct task *t, int sig)
{
	struct sighand *h = t->sig.hand;
	struct task *o;

	spin_lock(&h->siglock);
	h->stopped = true;
	h->stop_signal = sig;
	h->stop_reported = false;
	h->stop_notified = false;
	list_for_each_entry(o, &h->threads, thread_node) {
		signal_recalc_locked(o);
		if (o != t)
			task_wake_from(o, true);
	}
	spin_unlock(&h->siglock);
	stopped_wait(t);
}

static void
log_fatal(struct task *t, int sig, const siginfo_t *info)
{
	if (sig == SIGKILL || !info || info->si_code == SI_USER || info->si_code == SI_TKILL)
		return;
	pr_info_ratelimited("%s[%d]: killed by %s", t->comm, t->tgid, signal_name(sig));
}

static void
run_default(struct task *t, int sig, const siginfo_t *info)
{
	switch (default_action(sig)) {
	case SIGDEF_IGN:
	case SIGDEF_CONT:
		return;
	case SIGDEF_STOP:
		do_stop(t, sig);
		return;
	case SIGDEF_CORE:
		log_fatal(t, sig, info);
		/* As Linux: the status says "core dumped" only when a core
		 * could be written, i.e. RLIMIT_CORE is not 0 (the default). */
		task_exit_group(sig | (t->rlim[RLIMIT_CORE].rlim_cur ? 0x80 : 0));
	case SIGDEF_TERM:
		log_fatal(t, sig, info);
		task_exit_group(sig);
	}
}

/* A system call a handler interrupted: fail it or restart it. */
static void
restart_for_handler(struct task *t, struct trapframe *tf, const struct k_sigaction *ka)
{
	long ret = arch_syscall_retval(tf);

	if (!t->in_syscall)
		return;
	t->in_syscall = false;
	if (ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK ||
	    (ret == -ERESTARTSYS && !(ka->flags & SA_RESTART)))
		arch_syscall_set_retval(tf, -EINTR);
	else if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR)
		arch_syscall_restart(tf, false);
}

static void
restart_without_handler(struct task *t, struct trapframe *tf)
{
	long ret = arch_syscall_retval(tf);

	if (!t->in_syscall)
		return;
	t->in_syscall = false;
	if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND)
		arch_syscall_restart(tf, false);
	else if (ret == -ERESTART_RESTARTBLOCK)
		arch_syscall_restart(tf, true);
}

/* Set up the handler's frame and its mask; false if the frame faulted. */
static bool
run_handler(struct task *t, struct trapframe *tf, int sig, const siginfo_t *info,
	    const struct k_sigaction *ka)
{
	struct sighand *h = t->sig.hand;
	sigset64_t old = t->sig.restore_mask ? t->sig.saved_mask : t->sig.blocked;

	restart_for_handler(t, tf, ka);
	if (arch_signal_frame_setup(t, tf, sig, info, ka, old) < 0)
		return false;
	t->sig.restore_mask = false;
	spin_lock(&h->siglock);
	/* The handler runs with the mask in force now (sigsuspend's
	 * temporary one included), its sa_mask and the signal; the frame
	 * holds the mask to restore. */
	t->sig.blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		t->sig.blocked |= SIG_BIT(sig);
	t->sig.blocked &= ~SIG_UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND)
		h->action[sig - 1] = (struct k_sigaction){ 0 };
	signal_recalc_locked(t);
	spin_unlock(&h->siglock);
	return true;
}

/* The frame could not be written: as Linux's force_sigsegv. */
static void
frame_failed(struct task *t, int sig)
{
	struct sighand *h = t->sig.hand;

	spin_lock(&h->siglock);
	if (sig == SIGSEGV)
		h->action[SIGSEGV - 1] = (struct k_sigaction){ 0 };
	t->sig.blocked &= ~SIG_BIT(SIGSEGV);
	spin_unlock(&h->siglock);
	signal_send(t, SIGSEGV);
}

void
signal_deliver_pending(struct trapframe *tf)
{
	struct task *t = current_task();
	struct sighand *h = t->sig.hand;
	struct k_sigaction ka;
	siginfo_t info;
	int sig;

	for (;;) {
		if (atomic_load_acquire(&h->stopped))
			stopped_wait(t);
		spin_lock(&h->siglock);
		sig = signal_dequeue_locked(t, ~t->sig.blocked, &info);
		if (sig)
			ka = h->action[sig - 1];
		spin_unlock(&h->siglock);
		if (!sig)
			break;
		if (ka.handler == (uintptr_t)SIG_IGN)
			continue;
		if (ka.handler == (uintptr_t)SIG_DFL) {
			run_default(t, sig, &info);
			continue;
		}
		if (!run_handler(t, tf, sig, &info, &ka))
			frame_failed(t, sig);
	}
	restart_without_handler(t, tf);
	if (t->sig.restore_mask) {
		spin_lock(&h->siglock);
		t->sig.blocked = t->sig.saved_mask;
		t->sig.restore_mask = false;
		signal_recalc_locked(t);
		spin_unlock(&h->siglock);
	}
}
