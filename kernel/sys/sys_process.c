/*
 * Process creation and relations: clone, clone3, execve, wait4, waitid,
 * process groups and sessions, umask, credentials, scheduling affinity.
 */
#include <asm-generic/errno.h>
#include <asm-generic/signal.h>
#include <linux/sched.h>

#include <atomic.h>
#include "fs/fs_context.h"
#include "lib/string.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "sched/cpu.h"
#include "proc/exec.h"
#include "proc/fork.h"
#include "sched/sched.h"
#include "sched/task.h"
#include "proc/wait_child.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

long
sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid, unsigned long tls,
	  int __user *child_tid)
{
	struct clone_args_k a = {
		.flags = flags & ~0xfful,
		.exit_signal = (int)(flags & 0xff),
		.stack = newsp,
		.tls = tls,
		.parent_tid = parent_tid,
		.child_tid = child_tid,
	};

	if (a.exit_signal >= _NSIG)
		return -EINVAL;
	return task_clone(&a);
}

long
sys_clone3(struct clone_args __user *uargs, size_t size)
{
	struct clone_args ca;
	struct clone_args_k a;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(&ca, 0, sizeof(ca));
	if (copy_from_user(&ca, uargs, MIN(size, sizeof(ca))))
		return -EFAULT;
	/* As Linux: a larger struct is fine only if the unknown tail is 0. */
	for (size_t off = sizeof(ca); off < size; off++) {
		uint8_t b;

		if (get_user(b, (const uint8_t __user *)uargs + off))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if (ca.exit_signal >= _NSIG || (ca.flags & 0xff) || ca.set_tid || ca.set_tid_size ||
	    ca.cgroup)
		return -EINVAL;
	if ((ca.stack == 0) != (ca.stack_size == 0))
		return -EINVAL;
	a = (struct clone_args_k){
		.flags = ca.flags,
		.exit_signal = (int)ca.exit_signal,
		.stack = ca.stack ? ca.stack + ca.stack_size : 0,
		.tls = ca.tls,
		.parent_tid = (int __user *)(uintptr_t)ca.parent_tid,
		.child_tid = (int __user *)(uintptr_t)ca.child_tid,
	};
	return task_clone(&a);
}

long
sys_execve(const char __user *upath, const char __user *const __user *argv,
	   const char __user *const __user *envp)
{
	struct exec_strings args = { 0 };
	char *path;
	long err = getname(upath, &path);

	if (err)
		return err;
	/* As Linux: the file is opened before the arguments are read, so a
	 * missing program is ENOENT even with a bad argv. */
	err = exec_check_file(path);
	if (!err)
		err = exec_strings_add_user(&args, argv, &args.argc);
	if (!err)
		err = exec_strings_add_user(&args, envp, &args.envc);
	if (!err)
		err = exec_program(path, &args);
	exec_strings_free(&args);
	putname(path);
	return err;
}

long
sys_wait4(pid_t pid, int __user *wstatus, int options, struct rusage __user *ru)
{
	return wait_child4(pid, wstatus, options, ru);
}

long
sys_waitid(int which, pid_t id, struct siginfo __user *info, int options, struct rusage __user *ru)
{
	return wait_childid(which, id, info, options, ru);
}

long
sys_getpgid(pid_t pid)
{
	struct task *t;
	long ret;

	if (pid < 0)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	t = pid ? task_find_locked(pid) : current_task();
	ret = t ? t->pgid : -ESRCH;
	spin_unlock(&tasklist_lock);
	return ret;
}

long
sys_getsid(pid_t pid)
{
	struct task *t;
	long ret;

	if (pid < 0)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	t = pid ? task_find_locked(pid) : current_task();
	ret = t ? t->sid : -ESRCH;
	spin_unlock(&tasklist_lock);
	return ret;
}

/* Is there a process group pgid in session sid? Caller holds tasklist_lock. */
static bool
group_in_session_locked(pid_t pgid, pid_t sid)
{
	struct task *t;

	assert_held(&tasklist_lock);
	list_for_each_entry(t, &all_tasks, all_link)
		if (t->pgid == pgid && t->sid == sid && t->state != TASK_ZOMBIE)
			return true;
	return false;
}

/* The checks of setpgid(2), in Linux's order. */
static long
setpgid_check_locked(struct task *self, struct task *t, pid_t pgid)
{
	assert_held(&tasklist_lock);
	if (!t || (t != self && t->parent != self->group_leader))
		return -ESRCH;
	if (t != self && t->sid != self->sid)
		return -EPERM;
	if (t != self && t->did_exec)
		return -EACCES;
	if (t->sid == t->tgid)
		return -EPERM; /* a session leader cannot move */
	if (pgid != t->tgid && !group_in_session_locked(pgid, self->sid))
		return -EPERM;
	return 0;
}

long
sys_setpgid(pid_t pid, pid_t pgid)
{
	struct task *self = current_task(), *t;
	long err;

	if (pgid < 0 || pid < 0)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	t = pid ? task_find_locked(pid) : self;
	if (!pgid && t)
		pgid = t->tgid;
	err = setpgid_check_locked(self, t, pgid);
	if (!err)
		t->pgid = pgid;
	spin_unlock(&tasklist_lock);
	return err;
}

long
sys_setsid(void)
{
	struct task *t = current_task();
	long ret;

	spin_lock(&tasklist_lock);
	/* As Linux: a process group leader, or a pid someone uses as a group,
	 * cannot start a session. */
	if (t->pgid == t->tgid || group_in_session_locked(t->tgid, t->sid)) {
		ret = -EPERM;
	} else {
		t->sid = t->pgid = t->tgid;
		ret = t->sid;
	}
	spin_unlock(&tasklist_lock);
	return ret;
}

long
sys_umask(int mask)
{
	struct fs_context *fs = current_task()->fs;
	mode_t old;

	spin_lock(&fs->fs_lock);
	old = fs->umask;
	fs->umask = mask & 0777;
	spin_unlock(&fs->fs_lock);
	return old;
}

long
sys_sched_yield(void)
{
	atomic_store_relaxed(&this_cpu()->need_resched, true);
	schedule();
	return 0;
}

static struct task *
get_task_for(pid_t pid)
{
	struct task *t;

	if (!pid)
		return current_task();
	spin_lock(&tasklist_lock);
	t = task_find_locked(pid);
	spin_unlock(&tasklist_lock);
	return t;
}

long
sys_sched_getaffinity(pid_t pid, unsigned int len, unsigned long __user *mask)
{
	struct task *t;
	uint64_t m;

	/* As Linux: the buffer must hold the kernel's mask and be whole longs. */
	if (len < sizeof(uint64_t) || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	if (pid < 0 || !(t = get_task_for(pid)))
		return -ESRCH;
	m = t->cpus_allowed & ((ncpus == 64) ? ~0ull : (1ull << ncpus) - 1);
	if (clear_user(mask, len) || copy_to_user(mask, &m, sizeof(m)))
		return -EFAULT;
	return sizeof(uint64_t);
}

long
sys_sched_setaffinity(pid_t pid, unsigned int len, const unsigned long __user *mask)
{
	uint64_t m = 0;
	struct task *t;

	if (copy_from_user(&m, mask, MIN(len, sizeof(m))))
		return -EFAULT;
	m &= (ncpus == 64) ? ~0ull : (1ull << ncpus) - 1;
	if (!m)
		return -EINVAL;
	if (pid < 0 || !(t = get_task_for(pid)))
		return -ESRCH;
	atomic_store_relaxed(&t->cpus_allowed, m);
	if (t == current_task() && !(m & (1ull << this_cpu()->index)))
		sched_migrate_current();
	return 0;
}
