/*
 * Task creation and destruction, and process ids.
 */
#include <asm-generic/errno.h>

#include <atomic.h>
#include <arch/trapframe.h>
#include "fs/file.h"
#include "fs/fs_context.h"
#include "lib/string.h"
#include "mm/kstack.h"
#include "mm/slab.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/task.h"

static struct kmem_cache *task_cache;
static pid_t last_pid; /* [tasklist_lock] */

pid_t
pid_alloc(void)
{
	pid_t pid;

	spin_lock(&tasklist_lock);
	pid = ++last_pid;
	spin_unlock(&tasklist_lock);
	return pid;
}

struct task *
task_create(const char *name, void (*fn)(void *), void *arg)
{
	struct task *t;

	if (!task_cache && !(task_cache = kmem_cache_create("task", sizeof(struct task), 16)))
		return NULL;
	t = kmem_cache_zalloc(task_cache);
	if (!t)
		return NULL;
	t->kstack = kstack_alloc();
	if (!t->kstack) {
		kmem_cache_free(task_cache, t);
		return NULL;
	}
	t->tf = (struct trapframe *)(kstack_top(t->kstack) - sizeof(struct trapframe));
	memset(t->tf, 0, sizeof(*t->tf));
	t->state = TASK_SLEEPING_UNINT;
	t->kthread_fn = fn;
	t->kthread_arg = arg;
	strlcpy(t->comm, name, sizeof(t->comm));
	list_init(&t->runq_link);
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->all_link);
	list_init(&t->thread_node);
	t->cpus_allowed = ~0ull;
	t->refs = 1;
	wq_init(&t->child_exit, "child_exit");
	arch_context_init(&t->ctx, (uintptr_t)t->tf, task_first_run, t);
	return t;
}

void
task_free(struct task *t)
{
	if (atomic_load_acquire(&t->on_cpu))
		panic("task_free: task %d is still on a hart", t->tid);
	signal_task_release(t);
	group_list_put(t->cred.groups);
	kstack_free(t->kstack);
	kmem_cache_free(task_cache, t);
}

/* Drop what a task holds of its process: memory, files, directory. */
void
task_release_resources(struct task *t)
{
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	if (t->fs) {
		fs_context_put(t->fs);
		t->fs = NULL;
	}
	if (t->mm) {
		struct mm *mm = t->mm;

		t->mm = NULL;
		tlb_switch_mm(mm, NULL);
		arch_mm_activate(NULL);
		mm_put(mm);
	}
}
