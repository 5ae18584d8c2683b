/*
 * The task list and task references: lookups by thread id under
 * tasklist_lock, and the reference count whose last put frees a task
 * (task_free(), proc/task.c).
 */
#include <atomic.h>
#include "sched/task.h"

struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
struct task *init_task;
struct list_head all_tasks = LIST_HEAD_INIT(all_tasks);

/* An exiting thread other than the leader is gone as far as ids go. */
static bool
named_by(const struct task *t, pid_t tid)
{
	return t->tid == tid && !(t->exiting && t != t->group_leader);
}

struct task *
task_find_any_locked(pid_t tid)
{
	struct task *t;

	assert_held(&tasklist_lock);
	list_for_each_entry(t, &all_tasks, all_link)
		if (named_by(t, tid))
			return t;
	return NULL;
}

struct task *
task_find_locked(pid_t tid)
{
	struct task *t;

	assert_held(&tasklist_lock);
	list_for_each_entry(t, &all_tasks, all_link)
		if (named_by(t, tid) && t->state != TASK_ZOMBIE)
			return t;
	return NULL;
}

void
task_get(struct task *t)
{
	atomic_inc_relaxed(&t->refs);
}

void
task_put(struct task *t)
{
	uint32_t left = atomic_dec_acq_rel(&t->refs);

	if (left == UINT32_MAX)
		panic("task_put: task %d put more often than got", t->tid);
	if (left == 0)
		task_free(t);
}
