/*
 * Signals: per-task blocked masks and pending queues, per-process shared
 * pending signals and actions (struct sighand, shared by CLONE_SIGHAND),
 * delivery on the way back to user mode (handler frames, default actions:
 * terminate, core, stop, continue, ignore), and restarting or failing
 * system calls a signal interrupted.
 *
 * Locks: [S] sighand->siglock: the actions, every pending set and queue of
 *        the tasks sharing the sighand, their blocked masks and the
 *        group's stop state. Taken after tasklist_lock, before runq locks.
 *        [o] touched only by the task itself  [a] atomic ops
 */
#pragma once

#include <asm-generic/siginfo.h>
#include <linux/signal.h>
#include <compiler.h>
#include <types.h>

#include "sched/sigstate.h"

struct task;
struct trapframe;

/* Set up the signal state of a new task: sharing the parent's actions
 * (CLONE_SIGHAND) or with a copy of them. 0 or -ENOMEM. */
int signal_task_init(struct task *child, struct task *parent, bool share);
/* Drop a finished task's signal state. */
void signal_task_release(struct task *t);
/* exec: handlers go back to SIG_DFL (ignored signals stay ignored), the
 * alternate stack is dropped, in place (other threads are gone by now).
 * Returns 0. */
int signal_exec_reset(struct task *t);
/* Hand process-directed signals in gone that t will not take to threads
 * that can. Caller holds the sighand lock. */
void signal_retarget_locked(struct task *t, sigset64_t gone);

/*
 * Send sig with info to a task (group = false) or to its process.
 * Signals that would be ignored are dropped. Returns 0 or -EAGAIN (the
 * real-time queue is full). Context: any but a sighand lock held.
 */
int signal_send_info(struct task *t, int sig, const siginfo_t *info, bool group);
/* A kernel-generated signal (SI_KERNEL) to a task, or SIGPIPE-style. */
void signal_send(struct task *t, int sig);
/* A fault the current task caused: deliver sig with si_code and si_addr,
 * even if blocked or ignored (then it kills, as Linux's force_sig). */
void signal_fault(int sig, int code, uintptr_t addr, const char *what);

/* Does the current task have an unblocked signal to act on? Defined in
 * proc/task.h (it reads the current task). */
/* Act on pending signals before returning to user mode: run default
 * actions, set up handler frames, restart or fail an interrupted system
 * call. Context: process, interrupts on. */
void signal_deliver_pending(struct trapframe *tf);

/* The signal's name ("SIGSEGV"), or "SIGRT" for real-time ones. */
const char *signal_name(int sig);
/* Is sig's default action to ignore it? */
bool signal_default_ignores(int sig);

/* Take the first pending signal of allowed (thread's own first), or 0. */
int signal_dequeue(struct task *t, sigset64_t allowed, siginfo_t *info);
/* Drop every pending sig (its action became ignore). Caller holds the
 * sighand lock. */
void signal_discard_locked(struct task *t, int sig);
/* Replace t's blocked mask (SIGKILL and SIGSTOP stay unblocked). */
void signal_set_blocked(struct task *t, sigset64_t mask);
/* sigreturn's restore_altstack: errors are ignored, as Linux does. */
void signal_restore_altstack(struct task *t, uintptr_t sp, size_t size, int flags,
			     uintptr_t user_sp);
/* Tell t's parent that t stopped or continued (CLD_STOPPED/CLD_CONTINUED). */
void signal_notify_parent(struct task *t, int why, int status);
/* Send sig to every process in a group / every process but init and
 * the caller (kill -1). Returns 0, -ESRCH (none) or -EPERM. */
int signal_send_group(pid_t pgid, int sig, const siginfo_t *info);
int signal_send_all(int sig, const siginfo_t *info);
