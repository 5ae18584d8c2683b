/*
 * Host fake of the scheduler (kernel/sched/sched.c) for single-threaded
 * tests. There is one hart; its current task is one the test built (a
 * default task until then). Task states move exactly as the real
 * scheduler moves them, but a woken task is only counted, never queued,
 * and schedule() panics: in a single-threaded test nobody could wake a
 * sleeper, so a wait that does not find its condition already true (a
 * mutex taken twice, a full pipe without O_NONBLOCK, a missed wake-up)
 * is a bug in the test or in the code under test.
 */
#include "fakes/fake_arch.h"
#include "fakes/fake_sched.h"
#include "sched/cpu.h"
#include "sched/sched.h"
#include "sched/task.h"

_Static_assert(sizeof(struct cpu) <= FAKE_CPU_BYTES, "struct cpu must fit fake_arch.c's hart");

struct cpu cpus[MAX_CPUS];
unsigned ncpus = 1;

static struct task default_task = { .tid = 1, .tgid = 1, .refs = 1 };
static unsigned long wakeups;

void
fake_sched_set_current(struct task *t)
{
	t->state = TASK_RUNNABLE;
	t->on_cpu = 1;
	this_cpu()->current = t;
}

struct task *
fake_sched_default_task(void)
{
	return &default_task;
}

__attribute__((constructor)) static void
install_default_task(void)
{
	default_task.group_leader = &default_task;
	fake_sched_set_current(&default_task);
}

void
fake_sched_set_signal_pending(bool pending)
{
	__atomic_store_n(&this_cpu()->current->sig.active, pending, __ATOMIC_RELEASE);
}

unsigned long
fake_sched_wakeups(void)
{
	return wakeups;
}

void
task_set_sleeping(struct task *t, bool interruptible)
{
	if (t != this_cpu()->current)
		panic("task_set_sleeping: task %d is not the running task %d", t->tid,
		      this_cpu()->current->tid);
	__atomic_store_n(&t->state, interruptible ? TASK_SLEEPING : TASK_SLEEPING_UNINT,
			 __ATOMIC_SEQ_CST);
}

void
task_set_stopped(struct task *t)
{
	__atomic_store_n(&t->state, TASK_STOPPED, __ATOMIC_SEQ_CST);
}

void
task_set_running(struct task *t)
{
	__atomic_store_n(&t->state, TASK_RUNNABLE, __ATOMIC_SEQ_CST);
}

bool
task_wake(struct task *t)
{
	return task_wake_from(t, false);
}

/* The real state rule: interruptible sleepers always, uninterruptible and
 * stopped ones only when not only_interruptible. */
bool
task_wake_from(struct task *t, bool only_interruptible)
{
	uint32_t s = t->state;

	if (s != TASK_SLEEPING &&
	    ((s != TASK_SLEEPING_UNINT && s != TASK_STOPPED) || only_interruptible))
		return false;
	t->state = TASK_RUNNABLE;
	wakeups++;
	return true;
}

void
schedule(void)
{
	panic("schedule: task %d would sleep in a single-threaded host test (nobody can wake it)",
	      this_cpu()->current->tid);
}

void
might_sleep_failed(void)
{
	panic("might_sleep: called with %d spinlock(s) held", spin_depth());
}
