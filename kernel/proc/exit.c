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

/* wstatus is a wait status: exit code << 8, or the signal number. */
void
task_exit_group(int wstatus)
{
	struct task *t = current_task(), *parent;

	if (t == init_task)
		init_exited(wstatus);
	clear_tid(t);
	task_vfork_release(t);
	task_release_resources(t);
	spin_lock(&tasklist_lock);
	reparent_children_locked(t);
	t->exit_status = wstatus;
	parent = t->parent;
	__atomic_store_n(&t->state, TASK_ZOMBIE, __ATOMIC_RELEASE);
	spin_unlock(&tasklist_lock);
	if (t->exit_signal > 0)
		signal_send(parent, t->exit_signal);
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
