/*
 * wait4 and waitid. A waiter scans its children under tasklist_lock for
 * a zombie that matches, claims it (so a second waiter cannot reap it
 * too), copies the status out with no lock held, and only then unlinks
 * and frees it; if the copy faults, the child stays a zombie, as Linux.
 */
#include <asm-generic/errno.h>
#include <asm-generic/siginfo.h>
#include <asm-generic/signal.h>
#include <linux/resource.h>
#include <linux/wait.h>

#include <atomic.h>
#include "lib/string.h"
#include "mm/uaccess.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/task.h"
#include "sched/acct.h"
#include <kerrno.h>
#include "proc/wait_child.h"

struct wait_req {
	int idtype; /* P_ALL, P_PID, P_PGID */
	pid_t id;
	int options;
};

static bool
matches(const struct wait_req *r, const struct task *c)
{
	/* As Linux: __WALL waits for every child, __WCLONE only for those
	 * that signal something other than SIGCHLD at exit, and by default
	 * only for those that send SIGCHLD. */
	if (!(r->options & __WALL) && ((c->exit_signal != SIGCHLD) != !!(r->options & __WCLONE)))
		return false;
	switch (r->idtype) {
	case P_PID:
		return c->tgid == r->id;
	case P_PGID:
		return c->pgid == r->id;
	default:
		return true;
	}
}

enum child_event {
	EV_EXITED,
	EV_STOPPED,
	EV_CONTINUED,
};

/* A stop or continue of c the request asks about; marks it seen unless
 * WNOWAIT. Caller holds tasklist_lock. */
static bool
job_event_locked(struct task *c, const struct wait_req *r, enum child_event *ev)
{
	struct sighand *h = c->sig.hand;
	bool hit = false;

	assert_held(&tasklist_lock);
	if (!h || !(r->options & (WUNTRACED | WCONTINUED)))
		return false;
	spin_lock(&h->siglock);
	if ((r->options & WUNTRACED) && h->stopped && h->stop_notified && !h->stop_reported) {
		*ev = EV_STOPPED;
		h->stop_reported = !(r->options & WNOWAIT);
		hit = true;
	} else if ((r->options & WCONTINUED) && !h->cont_reported) {
		*ev = EV_CONTINUED;
		h->cont_reported = !(r->options & WNOWAIT);
		hit = true;
	}
	spin_unlock(&h->siglock);
	return hit;
}

/* A child with something to report, referenced (and, for an exit,
 * claimed); NULL with *have telling whether any child matched at all. */
static struct task *
claim_child(struct task *p, const struct wait_req *r, bool *have, enum child_event *ev)
{
	struct task *c, *found = NULL;

	*have = false;
	spin_lock(&tasklist_lock);
	list_for_each_entry(c, &p->children, sibling) {
		if (!matches(r, c))
			continue;
		*have = true;
		if (atomic_load_acquire(&c->state) == TASK_ZOMBIE) {
			/* Reportable once its last thread is gone too. */
			if ((r->options & WEXITED) && !c->wait_claimed &&
			    READ_ONCE(c->sig.hand->nr_threads) == 0) {
				c->wait_claimed = true;
				*ev = EV_EXITED;
				found = c;
			}
		} else if (job_event_locked(c, r, ev)) {
			found = c;
		}
		if (found) {
			task_get(found);
			break;
		}
	}
	spin_unlock(&tasklist_lock);
	return found;
}

static void
unclaim(struct task *c)
{
	spin_lock(&tasklist_lock);
	c->wait_claimed = false;
	spin_unlock(&tasklist_lock);
	wake_up_all(&c->parent->child_exit);
}

/* Unlink and free a reaped zombie (the caller's reference goes too). */
static void
release_zombie(struct task *c)
{
	struct task *p = current_task()->group_leader;

	spin_lock(&tasklist_lock);
	list_del(&c->sibling);
	list_del(&c->all_link);
	spin_unlock(&tasklist_lock);
	acct_reap(p, c);
	/* Its hart may still be switching away from it; pairs with the
	 * release in finish_switch(). */
	while (atomic_load_acquire(&c->on_cpu))
		arch_cpu_relax();
	task_count_exit();
	task_put(c); /* claim_child's reference */
	task_put(c); /* the task's own */
}

/* Sleep until a matching child has something to report. Returns it
 * (referenced; claimed if it exited), or NULL with *err: 0 (WNOHANG,
 * none), -ECHILD or -ERESTARTSYS. */
static struct task *
wait_for_child(const struct wait_req *r, int *err, enum child_event *ev)
{
	struct task *p = current_task()->group_leader, *c = NULL;
	struct waiter w = { 0 };
	bool have;

	might_sleep();
	*err = 0;
	for (;;) {
		wq_prepare(&p->child_exit, &w, true);
		c = claim_child(p, r, &have, ev);
		if (c || (r->options & WNOHANG))
			break;
		if (!have) {
			*err = -ECHILD;
			break;
		}
		if (signal_pending_current()) {
			*err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	wq_finish(&p->child_exit, &w);
	if (!c && (r->options & WNOHANG) && !have)
		*err = -ECHILD;
	return c;
}

/* The wait status of an event: exit status, stop or continue. */
static int
event_status(const struct task *c, enum child_event ev)
{
	if (ev == EV_STOPPED)
		return (c->sig.hand->stop_signal << 8) | 0x7f;
	if (ev == EV_CONTINUED)
		return 0xffff;
	return c->exit_status;
}

/* Done with a reported child: reap it, or put back what we held. */
static void
finish_event(struct task *c, enum child_event ev, bool reap)
{
	/* As Linux: an exited child is reaped even when copying its status
	 * out faults (the caller still gets -EFAULT); WNOWAIT keeps it. */
	if (ev == EV_EXITED && reap) {
		release_zombie(c);
		return;
	}
	if (ev == EV_EXITED)
		unclaim(c);
	task_put(c);
}

long
wait_child4(pid_t pid, int __user *wstatus, int options, struct rusage __user *ru)
{
	struct wait_req r = { P_ALL, 0, options | WEXITED };
	enum child_event ev;
	struct rusage usage;
	struct task *c;
	bool failed;
	int err;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == (pid_t)0x80000000)
		return -ESRCH; /* as Linux: -INT_MIN does not exist */
	if (pid > 0)
		r = (struct wait_req){ P_PID, pid, r.options };
	else if (pid == 0)
		r = (struct wait_req){ P_PGID, current_task()->pgid, r.options };
	else if (pid < -1)
		r = (struct wait_req){ P_PGID, -pid, r.options };
	c = wait_for_child(&r, &err, &ev);
	if (!c)
		return err;
	acct_fill_rusage(c, RUSAGE_BOTH, &usage);
	pid = c->tgid;
	failed = (wstatus && put_user(event_status(c, ev), wstatus)) ||
		 (ru && copy_to_user(ru, &usage, sizeof(usage)));
	finish_event(c, ev, true);
	return failed ? -EFAULT : pid;
}

static void
fill_siginfo(const struct task *c, enum child_event ev, siginfo_t *si)
{
	int st = c->exit_status;

	memset(si, 0, sizeof(*si));
	si->si_signo = SIGCHLD;
	si->si_pid = c->tgid;
	si->si_uid = c->cred.uid;
	if (ev == EV_STOPPED) {
		si->si_code = CLD_STOPPED;
		si->si_status = c->sig.hand->stop_signal;
	} else if (ev == EV_CONTINUED) {
		si->si_code = CLD_CONTINUED;
		si->si_status = SIGCONT;
	} else if ((st & 0x7f) == 0) {
		si->si_code = CLD_EXITED;
		si->si_status = (st >> 8) & 0xff;
	} else {
		si->si_code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		si->si_status = st & 0x7f;
	}
}

long
wait_childid(int idtype, pid_t id, struct siginfo __user *info, int options,
	     struct rusage __user *ru)
{
	struct wait_req r = { idtype, id, options };
	enum child_event ev;
	struct rusage usage;
	struct task *c;
	siginfo_t si;
	bool failed;
	int err;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
		return -EINVAL;
	if ((idtype == P_PID && id <= 0) || (idtype == P_PGID && id < 0))
		return -EINVAL;
	if (idtype == P_PGID && id == 0)
		r.id = current_task()->pgid;
	c = wait_for_child(&r, &err, &ev);
	if (!c) {
		/* As Linux: WNOHANG with nothing to report zeroes si_pid. */
		if (!err && info) {
			memset(&si, 0, sizeof(si));
			if (copy_to_user(info, &si, sizeof(si)))
				return -EFAULT;
		}
		return err;
	}
	fill_siginfo(c, ev, &si);
	acct_fill_rusage(c, RUSAGE_BOTH, &usage);
	failed = (info && copy_to_user(info, &si, sizeof(si))) ||
		 (ru && copy_to_user(ru, &usage, sizeof(usage)));
	finish_event(c, ev, !(options & WNOWAIT));
	return failed ? -EFAULT : 0;
}
