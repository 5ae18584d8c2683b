/*
 * The scheduler: per-hart FIFO run queues, round robin with a time
 * slice, idle harts steal work and sleep in wfi; wake-ups of tasks that
 * belong to another hart send it an IPI.
 *
 * Lock order (docs/locking.md): a hart's runq_lock is a spinlock taken
 * inside most others (wake-ups happen under wait-queue, sighand and
 * futex locks); no other lock is taken inside it, and no two are held
 * together: a hart that steals drops its own before taking another's.
 */
#pragma once

#include <atomic.h>
#include <compiler.h>
#include <ktime.h>
#include <types.h>

#include "sched/cpu.h"

struct task;
struct cpu;

#define SCHED_TICK_HZ 100 /* timer interrupts per second per hart */
#define SCHED_TICK_NS (NSEC_PER_SEC / SCHED_TICK_HZ)

/* Set up this hart's run queue and idle task; boot and each hart. */
void sched_init_cpu(struct cpu *c, struct task *idle);

/* Make a new task runnable, on this hart's queue. */
void sched_add(struct task *t);

/* Mark current as sleeping / running; see sched/wait.h for the pattern. */
void task_set_sleeping(struct task *t, bool interruptible);
void task_set_running(struct task *t);
/* Job-control stop: woken by task_wake_from(t, false) only. */
void task_set_stopped(struct task *t);

/* Make a sleeping task runnable. Returns false if it was not asleep.
 * Context: any. */
bool task_wake(struct task *t);
/* The same, for interruptible sleepers only when asked (signals). */
bool task_wake_from(struct task *t, bool only_interruptible);

/* Give up the hart; returns when current runs again. Context: may sleep;
 * no spinlock held (panics otherwise). */
void schedule(void);

/* Move current to a hart its affinity allows (it just changed). */
void sched_migrate_current(void);

void might_sleep_failed(void) __noreturn;

/*
 * Panic if the caller holds a spinlock: every function that may sleep
 * starts with this, so the bug shows even when the sleep does not
 * happen. Interrupts may be off without a spinlock (the boot path runs
 * so), which is not checked. Inline: it sits on uaccess and fault paths.
 */
static inline void
might_sleep(void)
{
	if (unlikely(spin_depth() != 0))
		might_sleep_failed();
}

/* The timer interrupt: account time, end the slice, re-arm. */
void sched_timer_tick(void);

/* Run the idle loop on this hart forever. */
__attribute__((noreturn)) void sched_idle_loop(void);

/* True when the current task should give up the hart. */
static inline bool
sched_need_resched(void)
{
	return atomic_load_relaxed(&this_cpu()->need_resched);
}

/* Where a new task starts (through arch_thread_trampoline). */
void task_first_run(void *arg);

/* Start this hart's periodic tick. */
void sched_start_tick(void);
