/*
 * Controls of the host scheduler fake (fake_sched.c): one hart, whose
 * current task is a test's own, and a schedule() that panics.
 */
#pragma once

#include <stdbool.h>

struct task;

/* Make t the task running on the host hart (state RUNNABLE, on_cpu).
 * Until a test calls this, a zeroed default task with tid 1 runs. */
void fake_sched_set_current(struct task *t);

/* The task installed before any test's: tid and tgid 1. */
struct task *fake_sched_default_task(void);

/* Make the current task see a signal pending (or not): interruptible
 * waits then end with -EINTR instead of sleeping. */
void fake_sched_set_signal_pending(bool pending);

/* Tasks made runnable by task_wake()/task_wake_from() so far. */
unsigned long fake_sched_wakeups(void);
