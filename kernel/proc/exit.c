/*
 * Process termination. A terminating task drops its address space,
 * files and directory, hands its children to init, becomes a zombie
 * holding its wait status, wakes its parent and leaves the hart for
 * good; the parent's wait frees it. When init itself ends, the machine
 * powers off with init's status as QEMU's exit code (DESIGN.md §1).
 */
#include "drivers/console.h"
#include "drivers/power.h"
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
reparent_children(struct task *t)
{
	struct task *c, *tmp;

	list_for_each_entry_safe(c, tmp, &t->children, sibling) {
		list_del(&c->sibling);
		c->parent = init_task;
		list_add_tail(&c->sibling, &init_task->children);
	}
}

/* wstatus is a wait status: exit code << 8, or the signal number. */
void
task_exit_group(int wstatus)
{
	struct task *t = current_task();

	if (t == init_task)
		init_exited(wstatus);
	task_release_resources(t);
	spin_lock(&tasklist_lock);
	reparent_children(t);
	t->exit_status = wstatus;
	__atomic_store_n(&t->state, TASK_ZOMBIE, __ATOMIC_RELEASE);
	spin_unlock(&tasklist_lock);
	if (t->parent)
		wake_up_all(&t->parent->child_exit);
	if (!list_empty(&init_task->children))
		wake_up_all(&init_task->child_exit);
	schedule();
	panic("task_exit_group: zombie %d ran again", t->tid);
}

void
task_exit(int wstatus)
{
	task_exit_group(wstatus);
}
