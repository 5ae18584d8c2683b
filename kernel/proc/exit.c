/*
 * Process termination. A terminating task drops its address space,
 * files and directory, releases a vfork parent, hands its children to
 * init, becomes a zombie holding its wait status, signals and wakes its
 * parent, and leaves the hart for good; the parent's wait frees it.
 * When init itself ends, the machine powers off with init's status as
 * QEMU's exit code (DESIGN.md §1).
 */
#include <asm-generic/signal.h>

#include "drivers/console.h"
#include "lib/string.h"
#include "drivers/power.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "proc/signal.h"
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

	list_for_each_entry_safe(c, tmp, &t->children, sibling) {
		list_del(&c->sibling);
		c->parent = init_task;
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
	__atomic_store_n(&p->vfork_done, true, __ATOMIC_RELEASE);
	wake_up_all(&p->child_exit);
}

/* CLONE_CHILD_CLEARTID: zero the tid word (futex wake-up comes with threads). */
static void
clear_tid(struct task *t)
{
	if (t->clear_child_tid && t->mm)
		(void)put_user(0, (int __user *)t->clear_child_tid);
}

/* As Linux: a parent that sets SIGCHLD to SIG_IGN, or SA_NOCLDWAIT,
 * gets no zombies. Caller holds tasklist_lock. */
static bool
parent_ignores_children(struct task *p)
{
	struct sighand *h = p->sig.hand;
	bool ignore;

	spin_lock(&h->lock);
	ignore = h->action[SIGCHLD - 1].handler == (uintptr_t)SIG_IGN ||
		 (h->action[SIGCHLD - 1].flags & SA_NOCLDWAIT);
	spin_unlock(&h->lock);
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

/* wstatus is a wait status: exit code << 8, or the signal number. */
void
task_exit_group(int wstatus)
{
	struct task *t = current_task(), *parent;
	bool autoreap;

	if (t == init_task)
		init_exited(wstatus);
	clear_tid(t);
	task_vfork_release(t);
	task_release_resources(t);
	spin_lock(&tasklist_lock);
	reparent_children_locked(t);
	t->exit_status = wstatus;
	parent = t->parent;
	autoreap = parent_ignores_children(parent);
	if (autoreap) {
		/* No zombie: freed once it has left the hart (finish_switch). */
		list_del(&t->sibling);
		list_del(&t->all_link);
		task_count_exit();
	}
	__atomic_store_n(&t->state, autoreap ? TASK_DEAD : TASK_ZOMBIE, __ATOMIC_RELEASE);
	spin_unlock(&tasklist_lock);
	if (t->exit_signal > 0 && !autoreap)
		signal_send_child_exit(t, parent);
	wake_up_all(&parent->child_exit);
	if (parent != init_task)
		wake_up_all(&init_task->child_exit);
	schedule();
	panic("task_exit_group: zombie %d ran again", t->tid);
}

void
task_exit(int wstatus)
{
	task_exit_group(wstatus);
}
