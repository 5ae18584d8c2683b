/*
 * CPU-time accounting: each task's user and system time, and the times
 * of the children its process has reaped (times(), getrusage(), wait4's
 * rusage, the CPU-time clocks).
 *
 * User time is exact: it runs from a return to user mode to the next
 * trap, and a task cannot leave its hart in between. System time is
 * sampled at the scheduler tick, as Linux's tick-based accounting does,
 * but without counting user time twice: a tick that finds a task
 * running charges it the tick period minus the user time it has had
 * since the last tick that found it running. Time a task spends asleep
 * or waiting on a run queue is never charged (ticks do not find it
 * running); like any tick sampling, system time is exact only on
 * average. Times are kept in time-base ticks and reported in ns.
 */
#pragma once

#include <linux/resource.h>
#include <types.h>

struct task;

/* A trap from user mode, first thing: charge the user time since the
 * return to user mode. Context: trap entry (user_trap), interrupts off. */
void acct_enter_kernel(void);

/* Last thing before user mode: start counting user time. Context:
 * interrupts off (task_return_to_user). */
void acct_enter_user(void);

/* The scheduler tick: charge the current task the part of the tick
 * period that its user time does not account for. Context: timer
 * interrupt, interrupts off. */
void acct_tick(void);

struct cputime {
	uint64_t utime_ns;
	uint64_t stime_ns;
};

/* One thread's times. Context: any. */
void acct_thread_cputime(const struct task *t, struct cputime *ct);
/* The times of t's process: its live threads' and its exited threads'.
 * Context: any; not with t's sighand lock held. Locks: takes
 * t->sig.hand->siglock (after tasklist_lock, if the caller holds that). */
void acct_process_cputime(const struct task *t, struct cputime *ct);
/* What t's process has collected from its reaped children. Context: any. */
void acct_children_cputime(const struct task *t, struct cputime *ct);

/*
 * Thread t leaves its thread group (exit): add its times to the group's
 * exited-thread times, kept on the group leader. Call it as t leaves
 * sighand->threads, under the same hold of t->sig.hand->siglock, so that a
 * reader counts t exactly once. Context: any; sighand lock held.
 */
void acct_thread_exit(struct task *t);

/*
 * wait4/waitid reaping child: add the child process's times, and those
 * it collected from its own children, to parent's children's times (as
 * Linux: grandchildren count once their parent has reaped them). Call it
 * once per reaped process, with the child a zombie, and parent the task
 * whose process reaps it. Context: any; no lock needed (atomic adds).
 */
void acct_reap(struct task *parent, const struct task *child);

/*
 * Fill *ru (all of it: fields Tern does not track are 0) for t with
 * who = RUSAGE_SELF, RUSAGE_THREAD, RUSAGE_CHILDREN, or RUSAGE_BOTH (a
 * zombie's own and its children's, for wait4's rusage). Context: any.
 */
void acct_fill_rusage(const struct task *t, int who, struct rusage *ru);
