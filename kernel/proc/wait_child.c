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

#include "lib/string.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/wait_child.h"

struct wait_req {
	int idtype; /* P_ALL, P_PID, P_PGID */
	pid_t id;
	int options;
};

static bool
matches(const struct wait_req *r, const struct task *c)
{
	switch (r->idtype) {
	case P_PID:
		return c->tgid == r->id;
	case P_PGID:
		return c->pgid == r->id;
	default:
		return true;
	}
}

/* A zombie child to report, claimed; NULL with *have telling whether
 * any child matched at all. */
static struct task *
claim_zombie(struct task *p, const struct wait_req *r, bool *have)
{
	struct task *c, *found = NULL;

	*have = false;
	spin_lock(&tasklist_lock);
	list_for_each_entry(c, &p->children, sibling) {
		if (!matches(r, c))
			continue;
		*have = true;
		if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == TASK_ZOMBIE &&
		    !c->wait_claimed) {
			c->wait_claimed = true;
			found = c;
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

/* Unlink and free a reaped zombie. */
static void
release_zombie(struct task *c)
{
	spin_lock(&tasklist_lock);
	list_del(&c->sibling);
	list_del(&c->all_link);
	spin_unlock(&tasklist_lock);
	/* Its hart may still be switching away from it; pairs with the
	 * release in finish_switch(). */
	while (__atomic_load_n(&c->on_cpu, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	task_count_exit();
	task_free(c);
}

/* Sleep until a matching child is a zombie. Returns it (claimed), or
 * NULL with *err: 0 (WNOHANG, none), -ECHILD or -EINTR. */
static struct task *
wait_for_zombie(const struct wait_req *r, int *err)
{
	struct task *p = current_task(), *c = NULL;
	struct waiter w = { 0 };
	bool have;

	*err = 0;
	for (;;) {
		wq_prepare(&p->child_exit, &w, true);
		c = claim_zombie(p, r, &have);
		if (c || (r->options & WNOHANG))
			break;
		if (!have) {
			*err = -ECHILD;
			break;
		}
		if (signal_pending_current()) {
			*err = -EINTR;
			break;
		}
		schedule();
	}
	wq_finish(&p->child_exit, &w);
	return c;
}

static void
fill_rusage(const struct task *c, struct rusage *ru)
{
	memset(ru, 0, sizeof(*ru));
	(void)c;
}

long
wait_child4(pid_t pid, int __user *wstatus, int options, struct rusage __user *ru)
{
	struct wait_req r = { P_ALL, 0, options };
	struct rusage usage;
	struct task *c;
	int err;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == (pid_t)0x80000000)
		return -ESRCH; /* as Linux: -INT_MIN does not exist */
	if (pid > 0)
		r = (struct wait_req){ P_PID, pid, options };
	else if (pid == 0)
		r = (struct wait_req){ P_PGID, current_task()->pgid, options };
	else if (pid < -1)
		r = (struct wait_req){ P_PGID, -pid, options };
	c = wait_for_zombie(&r, &err);
	if (!c)
		return err;
	fill_rusage(c, &usage);
	if ((wstatus && put_user(c->exit_status, wstatus)) ||
	    (ru && copy_to_user(ru, &usage, sizeof(usage)))) {
		unclaim(c);
		return -EFAULT;
	}
	pid = c->tgid;
	release_zombie(c);
	return pid;
}

static void
fill_siginfo(const struct task *c, siginfo_t *si)
{
	int st = c->exit_status;

	memset(si, 0, sizeof(*si));
	si->si_signo = SIGCHLD;
	si->si_pid = c->tgid;
	si->si_uid = c->cred.uid;
	if ((st & 0x7f) == 0) {
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
	struct rusage usage;
	siginfo_t si;
	struct task *c;
	int err;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
		return -EINVAL;
	if (idtype != P_ALL && id <= 0)
		return -EINVAL;
	if (idtype == P_PGID && id == 0)
		r.id = current_task()->pgid;
	c = (options & WEXITED) ? wait_for_zombie(&r, &err) : NULL;
	if (!(options & WEXITED))
		err = -ECHILD;
	if (!c) {
		/* As Linux: WNOHANG with nothing to report zeroes si_pid. */
		if (!err && info) {
			memset(&si, 0, sizeof(si));
			if (copy_to_user(info, &si, sizeof(si)))
				return -EFAULT;
		}
		return err;
	}
	fill_siginfo(c, &si);
	fill_rusage(c, &usage);
	if ((info && copy_to_user(info, &si, sizeof(si))) ||
	    (ru && copy_to_user(ru, &usage, sizeof(usage)))) {
		unclaim(c);
		return -EFAULT;
	}
	if (options & WNOWAIT)
		unclaim(c);
	else
		release_zombie(c);
	return 0;
}
