/*
 * The task life cycle: creating a task, the exits of a thread and of a
 * thread group, exec's de-threading, and process ids. struct task itself
 * and its references are the scheduler's (sched/task.h).
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "sched/task.h"

/*
 * Create a task with a fresh kernel stack, not yet runnable. A kernel
 * thread starts in fn(arg); a user task starts in fn(arg) too, which
 * finishes setting up its user context and enters user mode.
 * Returns NULL on no memory. Context: may allocate.
 */
struct task *task_create(const char *name, void (*fn)(void *), void *arg);
/* Drop a reference to a supplementary group list (NULL is fine). */
void group_list_put(struct group_list *g);

/* Finish the work due before returning to user mode (reschedule,
 * signals), then return. Never returns. */
__attribute__((noreturn)) void task_return_to_user(void);

/* Terminate the current task's thread group with a wait status. */
__attribute__((noreturn)) void task_exit_group(int status);
__attribute__((noreturn)) void task_exit(int status);
/* execve from a multi-threaded process: end every other thread and take
 * the process's pid. 0, or -EINTR if the process is exiting anyway. */
int task_de_thread(struct task *t);

/* Drop the task's memory, files and directory (exit). */
void task_release_resources(struct task *t);

/* The vfork parent of t (if any) may run again: t exec'd or exits. */
void task_vfork_release(struct task *t);
/* A task ended for good (for the task-count limit). */
void task_count_exit(void);
/* Live tasks created by clone (sysinfo's procs). */
unsigned task_count(void);

/* Process id allocation. */
pid_t pid_alloc(void);
