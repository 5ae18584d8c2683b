/*
 * The calling task and its process: exit, ids, tid address, robust
 * list, resource limits.
 */
#include <asm-generic/errno.h>
#include <asm-generic/resource.h>
#include <linux/resource.h>

#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/task.h"
#include "sys/sys.h"

/* The ceiling for RLIMIT_NOFILE, as Linux's default fs.nr_open. */
#define NR_OPEN_MAX 1048576

long
sys_exit(int code)
{
	task_exit((code & 0xff) << 8);
}

long
sys_exit_group(int code)
{
	task_exit_group((code & 0xff) << 8);
}

long
sys_set_tid_address(int __user *tidptr)
{
	struct task *t = current_task();

	t->clear_child_tid = (__force uintptr_t)tidptr;
	return t->tid;
}

long
sys_set_robust_list(void __user *head, size_t len)
{
	/* struct robust_list_head: three pointer-sized words. */
	if (len != 3 * sizeof(void *))
		return -EINVAL;
	current_task()->robust_list = (__force uintptr_t)head;
	current_task()->robust_list_len = len;
	return 0;
}

long
sys_get_robust_list(int pid, void __user *__user *head, size_t __user *len)
{
	struct task *t = current_task();
	uintptr_t list = t->robust_list;
	size_t size = t->robust_list_len;

	if (pid != 0 && pid != t->tid) {
		spin_lock(&tasklist_lock);
		t = task_find_locked(pid);
		if (t) {
			list = t->robust_list;
			size = t->robust_list_len;
		}
		spin_unlock(&tasklist_lock);
		if (!t)
			return -ESRCH;
	}
	if (put_user((void __user *)list, head) || put_user(size, len))
		return -EFAULT;
	return 0;
}

long
sys_getpid(void)
{
	return current_task()->tgid;
}

long
sys_getppid(void)
{
	struct task *t = current_task();

	return t->parent ? t->parent->tgid : 0;
}

long
sys_gettid(void)
{
	return current_task()->tid;
}

long
sys_getuid(void)
{
	return current_task()->cred.uid;
}

long
sys_geteuid(void)
{
	return current_task()->cred.euid;
}

long
sys_getgid(void)
{
	return current_task()->cred.gid;
}

long
sys_getegid(void)
{
	return current_task()->cred.egid;
}

static int
rlimit_get(struct task *t, unsigned resource, struct rlimit64 *out)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	*out = t->rlim[resource];
	return 0;
}

static int
rlimit_set(struct task *t, unsigned resource, const struct rlimit64 *lim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (lim->rlim_cur > lim->rlim_max)
		return -EINVAL;
	/* As Linux: raising a hard limit needs privilege (CAP_SYS_RESOURCE). */
	if (lim->rlim_max > t->rlim[resource].rlim_max && current_task()->cred.euid != 0)
		return -EPERM;
	if (resource == RLIMIT_NOFILE && lim->rlim_max > NR_OPEN_MAX)
		return -EPERM;
	t->rlim[resource] = *lim;
	if (resource == RLIMIT_STACK && t->mm)
		t->mm->stack_limit = lim->rlim_cur;
	return 0;
}

/* The process prlimit64 names, referenced: the caller or, as Linux, any
 * process its credentials allow (all, when root). */
static struct task *
rlimit_target(pid_t pid)
{
	struct task *t;

	if (pid == 0 || pid == current_task()->tgid) {
		t = current_task();
		task_get(t);
		return t;
	}
	spin_lock(&tasklist_lock);
	t = task_find_locked(pid);
	if (t)
		task_get(t);
	spin_unlock(&tasklist_lock);
	return t;
}

long
sys_prlimit64(pid_t pid, unsigned int resource, const struct rlimit64 __user *new_rlim,
	      struct rlimit64 __user *old_rlim)
{
	struct rlimit64 old, lim;
	struct task *t;
	int err;

	if (pid < 0)
		return -EINVAL;
	if (new_rlim && copy_from_user(&lim, new_rlim, sizeof(lim)))
		return -EFAULT;
	if (!(t = rlimit_target(pid)))
		return -ESRCH;
	if (t != current_task() && current_task()->cred.euid != 0 &&
	    current_task()->cred.euid != t->cred.uid)
		err = -EPERM;
	else
		err = rlimit_get(t, resource, &old);
	if (!err && new_rlim)
		err = rlimit_set(t, resource, &lim);
	task_put(t);
	if (!err && old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		err = -EFAULT;
	return err;
}

long
sys_getrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	struct rlimit64 l;
	int err = rlimit_get(current_task(), resource, &l);

	if (err)
		return err;
	return copy_to_user(rlim, &(struct rlimit){ l.rlim_cur, l.rlim_max }, sizeof(*rlim));
}

long
sys_setrlimit(unsigned int resource, const struct rlimit __user *rlim)
{
	struct rlimit r;

	if (copy_from_user(&r, rlim, sizeof(r)))
		return -EFAULT;
	return rlimit_set(current_task(), resource, &(struct rlimit64){ r.rlim_cur, r.rlim_max });
}
