/*
 * fork, vfork and clone. The child gets a copy of the parent's user
 * registers (a0 = 0), and shares or copies each resource as the flags
 * ask: address space (CLONE_VM shares, else copy on write), file table
 * (CLONE_FILES), directory and umask (CLONE_FS). It starts in
 * child_entry(), which returns straight to user mode.
 */
#include <asm-generic/errno.h>
#include <asm-generic/signal.h>
#include <linux/sched.h>

#include <atomic.h>
#include <arch/trapframe.h>
#include "fs/file.h"
#include "fs/fs_context.h"
#include "lib/string.h"
#include <arch/memlayout.h>
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include <arch/thread.h>
#include "proc/fork.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/task.h"

/* As Linux's threads-max: all kernel stacks together may take at most
 * an eighth of RAM (RAM / (8 * stack size)). */
#define TASK_STACK_PAGES (8 * KSTACK_SIZE / PAGE_SIZE)

static uint32_t nr_tasks; /* [a] live tasks */

/* The child's first run: CLONE_CHILD_SETTID writes into its own memory
 * (as Linux's schedule_tail), then straight to user mode. */
static void
child_entry(void *arg)
{
	struct task *t = arg;

	if (t->set_child_tid)
		(void)put_user(t->tid, (int __user *)t->set_child_tid);
	task_return_to_user();
}

static int
check_flags(uint64_t f)
{
	if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
		return -EINVAL;
	if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
		return -EINVAL;
	if ((f & CLONE_FS) && (f & CLONE_NEWNS))
		return -EINVAL;
	/* Namespaces are not supported. */
	if (f & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
		 CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_PIDFD))
		return -EINVAL;
	return 0;
}

static bool
task_slot_available(void)
{
	size_t max = buddy_total_pages() / TASK_STACK_PAGES;

	if (atomic_inc_relaxed(&nr_tasks) <= max)
		return true;
	atomic_dec_relaxed(&nr_tasks);
	return false;
}

unsigned
task_count(void)
{
	return atomic_load_relaxed(&nr_tasks);
}

void
task_count_exit(void)
{
	atomic_dec_relaxed(&nr_tasks);
}

/* Share or copy the parent's resources into the child. */
static int
copy_resources(struct task *p, struct task *c, uint64_t f)
{
	if (f & CLONE_VM) {
		mm_get(p->mm);
		c->mm = p->mm;
	} else if (!(c->mm = mm_dup(p->mm))) {
		return -ENOMEM;
	}
	if (f & CLONE_FILES) {
		files_get(p->files);
		c->files = p->files;
	} else if (!(c->files = files_dup(p->files))) {
		return -ENOMEM;
	}
	if (f & CLONE_FS) {
		atomic_inc_relaxed(&p->fs->refcount);
		c->fs = p->fs;
	} else if (!(c->fs = fs_context_dup(p->fs))) {
		return -ENOMEM;
	}
	return 0;
}

static void
copy_identity(struct task *p, struct task *c, const struct clone_args_k *a)
{
	memcpy(c->tf, p->tf, sizeof(*c->tf));
	arch_fork_regs(c->tf, a->stack, (a->flags & CLONE_SETTLS) ? a->tls : 0,
		       (a->flags & CLONE_SETTLS) != 0);
	memcpy(c->comm, p->comm, sizeof(c->comm));
	memcpy(c->rlim, p->rlim, sizeof(c->rlim));
	c->cred = p->cred;
	if (c->cred.groups)
		atomic_inc_relaxed(&c->cred.groups->refs);
	c->cpus_allowed = p->cpus_allowed;
	c->exit_signal = a->exit_signal;
	c->tid = pid_alloc();
	c->tgid = (a->flags & CLONE_THREAD) ? p->tgid : c->tid;
	if (a->flags & CLONE_CHILD_CLEARTID)
		c->clear_child_tid = (__force uintptr_t)a->child_tid;
	if (a->flags & CLONE_CHILD_SETTID)
		c->set_child_tid = (__force uintptr_t)a->child_tid;
}

/* Undo copy_resources() for a child that never ran. */
static void
drop_resources(struct task *c)
{
	if (c->mm)
		mm_put(c->mm);
	if (c->files)
		files_put(c->files);
	if (c->fs)
		fs_context_put(c->fs);
}

/* Link the child into the task lists: it becomes visible to wait/kill. */
static void
publish(struct task *p, struct task *c, bool thread)
{
	spin_lock(&tasklist_lock);
	c->pgid = p->pgid;
	c->sid = p->sid;
	if (thread) {
		/* A thread is no one's child: it shares its process's parent. */
		c->parent = p->parent;
		c->group_leader = p->group_leader;
		c->exit_signal = -1;
	} else {
		c->parent = p->group_leader;
		c->group_leader = c;
		list_add_tail(&c->sibling, &p->group_leader->children);
	}
	list_add_tail(&c->all_link, &all_tasks);
	spin_unlock(&tasklist_lock);
}

/* SIGKILL is pending for p or its process. */
static bool
kill_pending(struct task *p)
{
	struct sighand *h = p->sig.hand;
	bool pending;

	spin_lock(&h->siglock);
	pending = ((p->sig.pending.set | h->shared.set) & SIG_BIT(SIGKILL)) != 0;
	spin_unlock(&h->siglock);
	return pending;
}

/* As Linux's wait_for_vfork_done(): the parent sleeps until its vfork
 * child execs or exits, or until it is killed (SIGKILL wakes any sleep).
 * A killed parent leaves at once; the child keeps the reference it took
 * on it until task_vfork_release(). */
static void
vfork_wait(struct task *p)
{
	struct waiter w = { 0 };

	for (;;) {
		wq_prepare(&p->child_exit, &w, false);
		if (atomic_load_acquire(&p->vfork_done) || kill_pending(p))
			break;
		schedule();
	}
	wq_finish(&p->child_exit, &w);
}

long
task_clone(const struct clone_args_k *a)
{
	struct task *p = current_task(), *c;
	int err = check_flags(a->flags);

	might_sleep();
	if (err)
		return err;
	if (!task_slot_available())
		return -EAGAIN;
	c = task_create(p->comm, child_entry, NULL);
	if (!c) {
		task_count_exit();
		return -ENOMEM;
	}
	c->kthread_arg = c;
	err = copy_resources(p, c, a->flags);
	if (!err)
		/* Actions are shared only within a thread group; a process
		 * made with CLONE_SIGHAND alone gets a copy (docs/signals.md). */
		err = signal_task_init(c, p, a->flags & CLONE_THREAD);
	/* As Linux: a child sharing memory (not vfork) starts without the
	 * alternate stack, which belongs to the thread that set it. */
	if (!err && (a->flags & CLONE_VM) && !(a->flags & CLONE_VFORK)) {
		c->sig.altstack_sp = 0;
		c->sig.altstack_size = 0;
		c->sig.altstack_flags = SS_DISABLE;
	}
	arch_fp_flush(&p->fp);
	c->fp = p->fp;
	if (!err) {
		copy_identity(p, c, a);
		/* As Linux: a bad parent_tid is not an error; nothing is stored. */
		if (a->flags & CLONE_PARENT_SETTID)
			(void)put_user(c->tid, a->parent_tid);
	}
	if (err) {
		drop_resources(c);
		task_free(c);
		task_count_exit();
		return err;
	}
	publish(p, c, a->flags & CLONE_THREAD);
	if (a->flags & CLONE_VFORK) {
		p->vfork_done = false;
		task_get(p); /* the parent may be killed and reaped first */
		c->vfork_parent = p;
	}
	sched_add(c);
	if (a->flags & CLONE_VFORK)
		vfork_wait(p);
	return c->tid;
}
