/*
 * Process termination. A terminating task drops its address space,
 * files and directory, releases a vfork parent, hands its children to
 * init, becomes a zombie holding its wait status, signals and wakes its
 * parent, and leaves the hart for good; the parent's wait frees it.
 * When init itself ends, the machine powers off with init's status as
 * QEMU's exit code (DESIGN.md §1).
 */
#include <asm-generic/signal.h>

#include <asm-generic/errno.h>

#include <atomic.h>
#include "printk/printk.h"
#include "lib/string.h"
#include <arch/power.h>
#include "mm/uaccess.h"
#include "sched/acct.h"
#include "proc/futex.h"
#include "proc/posix_timer.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/signal_internal.h"
#include "proc/task.h"

/* The shell's view of a wait status: the code, or 128 + signal. */
static int
shell_status(int wstatus)
{
	if ((wstatus & 0x7f) == 0)
		return (wstatus >> 8) & 0xff;
	return 128 + (wstatus & 0x7f);
}

static __noreturn void
init_exited(int wstatus)
{
	int status = shell_status(wstatus);

	if ((wstatus & 0x7f) != 0)
		pr_notice("tern: init killed by %s", signal_name(wstatus & 0x7f));
	pr_notice("tern: init exited with status %d", status);
	power_off(status);
}

static void
reparent_children_locked(struct task *t)
{
	struct task *c, *tmp;

	assert_held(&tasklist_lock);
	list_for_each_entry_safe(c, tmp, &t->children, sibling) {
		list_del(&c->sibling);
		c->parent = init_task;
		/* As Linux's reparent_leader() ("we don't want people slaying
		 * init"): whatever exit signal clone gave the child, its new
		 * parent hears of its end by SIGCHLD. */
		c->exit_signal = SIGCHLD;
		list_add_tail(&c->sibling, &init_task->children);
	}
}

void
task_vfork_release(struct task *t)
{
	struct task *p = t->vfork_parent;

	if (!p)
		return;
	t->vfork_parent = NULL;
	atomic_store_release(&p->vfork_done, true);
	wake_up_all(&p->child_exit);
	task_put(p); /* taken by task_clone() */
}

/* As Linux: a parent that sets SIGCHLD to SIG_IGN, or SA_NOCLDWAIT,
 * gets no zombies. Caller holds tasklist_lock. */
static bool
parent_ignores_children(struct task *p)
{
	struct sighand *h = p->sig.hand;
	bool ignore;

	spin_lock(&h->siglock);
	ignore = h->action[SIGCHLD - 1].handler == (uintptr_t)SIG_IGN ||
		 (h->action[SIGCHLD - 1].flags & SA_NOCLDWAIT);
	spin_unlock(&h->siglock);
	return ignore;
}

/* SIGCHLD (or the clone exit signal) with the child's status. */
static void
signal_send_child_exit(struct task *t, struct task *parent)
{
	siginfo_t info;
	int st = t->exit_status;

	memset(&info, 0, sizeof(info));
	info.si_signo = t->exit_signal;
	info.si_pid = t->tgid;
	info.si_uid = t->cred.uid;
	if ((st & 0x7f) == 0) {
		info.si_code = CLD_EXITED;
		info.si_status = (st >> 8) & 0xff;
	} else {
		info.si_code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info.si_status = st & 0x7f;
	}
	signal_send_info(parent, t->exit_signal, &info, true);
}

/* The thread leaves its group. Returns true if it was the last; *status
 * becomes the group's exit status if the group is exiting. Caller holds
 * tasklist_lock. */
static bool
leave_group_locked(struct task *t, int *status, bool *group_exit)
{
	struct sighand *h = t->sig.hand;
	bool last;

	assert_held(&tasklist_lock);
	spin_lock(&h->siglock);
	list_del(&t->thread_node);
	signal_retarget_locked(t, ~0ull);
	acct_thread_exit(t);
	last = --h->nr_threads == 0;
	*group_exit = h->group_exiting && !h->exec_task;
	if (*group_exit)
		*status = h->group_exit_code;
	spin_unlock(&h->siglock);
	if (h->exec_task)
		task_wake(h->exec_task);
	return last;
}

/* The process is over (its last thread left): hand its children to init
 * and let the parent know, or vanish if the parent wants no zombies.
 * Returns true if the leader is to be freed at once. Caller holds
 * tasklist_lock. */
static bool
process_ended_locked(struct task *leader)
{
	bool autoreap;

	assert_held(&tasklist_lock);
	reparent_children_locked(leader);
	autoreap = parent_ignores_children(leader->parent);
	if (autoreap) {
		list_del(&leader->sibling);
		list_del(&leader->all_link);
		task_count_exit();
	}
	return autoreap;
}

/* Caller took a reference on parent under tasklist_lock; dropped here. */
static void
notify_parent_of_exit(struct task *leader, struct task *parent)
{
	if (leader->exit_signal > 0)
		signal_send_child_exit(leader, parent);
	wake_up_all(&parent->child_exit);
	if (parent != init_task)
		wake_up_all(&init_task->child_exit);
	task_put(parent);
}

/*
 * End the current thread with a wait status (exit code << 8, or the
 * signal). A thread other than the leader is freed as soon as it leaves
 * the hart; the leader stays a zombie until the parent reaps the process,
 * which it can only once every thread is gone.
 */
void
task_exit(int wstatus)
{
	struct task *t = current_task(), *leader = t->group_leader, *parent = NULL;
	bool last, free_leader = false, self_dead, group_exit;
	int status = wstatus;

	might_sleep();
	/* From here a thread's tid names nothing (tgkill/tkill: ESRCH). Linux
	 * unhashes it moments after CLONE_CHILD_CLEARTID wakes its joiner;
	 * doing it first means no joiner can still find it. */
	spin_lock(&tasklist_lock);
	t->exiting = true;
	spin_unlock(&tasklist_lock);
	if (t->mm)
		futex_exit(t);
	task_vfork_release(t);
	task_release_resources(t);
	spin_lock(&tasklist_lock);
	last = leave_group_locked(t, &status, &group_exit);
	t->exit_status = status;
	/* The process's status: the group exit's, else the leader's own. */
	if (last && !group_exit && t != leader)
		status = leader->exit_status;
	if (last)
		leader->exit_status = status;
	if (last && leader == init_task) {
		spin_unlock(&tasklist_lock);
		init_exited(status);
	}
	self_dead = t != leader;
	if (self_dead) {
		list_del(&t->all_link);
		task_count_exit();
	}
	if (last)
		free_leader = process_ended_locked(leader);
	if (last) {
		parent = leader->parent;
		task_get(parent);
	}
	/* Only a task makes itself TASK_DEAD, for finish_switch() to drop: a
	 * leader that exited before may still be leaving its hart, so the
	 * last thread leaves it a zombie and drops it below once it has. */
	if (t == leader)
		atomic_store_release(&leader->state, free_leader ? TASK_DEAD : TASK_ZOMBIE);
	if (self_dead)
		atomic_store_release(&t->state, TASK_DEAD);
	spin_unlock(&tasklist_lock);
	if (last)
		posix_timers_exit(t);
	/* Even with no zombie (SIGCHLD ignored, SA_NOCLDWAIT) the parent is
	 * woken (its wait may now fail with ECHILD) and a SIGCHLD handler
	 * still runs; an ignored SIGCHLD is dropped when sent. */
	if (last)
		notify_parent_of_exit(leader, parent);
	/* A zombie leader no one will reap goes with its last thread, once
	 * it has left its hart. */
	if (free_leader && leader != t) {
		while (atomic_load_acquire(&leader->on_cpu))
			arch_cpu_relax();
		task_put(leader);
	}
	schedule();
	panic("task_exit: %d ran after its exit", t->tid);
}

/* exit_group, or a fatal signal: every thread of the process ends with
 * the same status. */
void
task_exit_group(int wstatus)
{
	struct task *t = current_task();
	struct sighand *h = t->sig.hand;

	spin_lock(&h->siglock);
	/* A thread an execve is ending just goes; as Linux, it ends no one
	 * else (signal->group_exec_task). */
	if (h->exec_task && h->exec_task != t) {
		spin_unlock(&h->siglock);
		task_exit(wstatus);
	}
	if (!h->group_exiting) {
		h->group_exiting = true;
		h->group_exit_code = wstatus;
	}
	wstatus = h->group_exit_code;
	signal_zap_others_locked(t);
	spin_unlock(&h->siglock);
	task_exit(wstatus);
}

/* Take over the identity of the (exited) leader: execve from a thread
 * leaves the process with the same pid. Caller holds tasklist_lock. */
static void
become_leader_locked(struct task *t, struct task *leader)
{
	struct task *c, *tmp;

	assert_held(&tasklist_lock);
	t->tid = leader->tid;
	t->parent = leader->parent;
	t->exit_signal = leader->exit_signal;
	t->group_leader = t;
	list_add_tail(&t->sibling, &leader->sibling);
	list_del(&leader->sibling);
	list_for_each_entry_safe(c, tmp, &leader->children, sibling) {
		list_del(&c->sibling);
		c->parent = t;
		list_add_tail(&c->sibling, &t->children);
	}
	list_del(&leader->all_link);
	task_count_exit();
	/* The old leader stays a zombie that no one can find: not TASK_DEAD,
	 * which would let finish_switch() drop it too if it is still leaving
	 * its hart; task_de_thread() drops it once it has left. */
}

int
task_de_thread(struct task *t)
{
	struct sighand *h = t->sig.hand;
	struct task *leader = t->group_leader;

	might_sleep();
	spin_lock(&h->siglock);
	if (h->group_exiting) {
		spin_unlock(&h->siglock);
		return -EINTR; /* the process is dying already */
	}
	if (h->nr_threads == 1) {
		spin_unlock(&h->siglock);
		return 0;
	}
	h->group_exiting = true;
	h->exec_task = t;
	signal_zap_others_locked(t);
	spin_unlock(&h->siglock);
	for (;;) {
		task_set_sleeping(t, false);
		if (atomic_load_acquire(&h->nr_threads) == 1)
			break;
		schedule();
	}
	task_set_running(t);
	spin_lock(&h->siglock);
	h->group_exiting = false;
	h->exec_task = NULL;
	signal_recalc_locked(t);
	spin_unlock(&h->siglock);
	if (t == leader)
		return 0;
	spin_lock(&tasklist_lock);
	become_leader_locked(t, leader);
	spin_unlock(&tasklist_lock);
	/* The old leader may still be leaving its hart. */
	while (atomic_load_acquire(&leader->on_cpu))
		arch_cpu_relax();
	task_put(leader);
	return 0;
}
