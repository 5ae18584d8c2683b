/*
 * The signal state a task carries: the per-task blocked mask and pending
 * queue, and the per-process actions and shared pending signals (struct
 * sighand, shared by CLONE_SIGHAND). Types only: the scheduler's struct
 * task embeds them, and proc/signal.c gives them their meaning.
 *
 * Locks: [S] sighand->siglock: the actions, every pending set and queue of
 *        the tasks sharing the sighand, their blocked masks and the
 *        group's stop state. Taken after tasklist_lock, before runq locks.
 *        [o] touched only by the task itself  [a] atomic ops
 */
#pragma once

#include <asm-generic/siginfo.h>
#include <linux/signal.h>
#include <types.h>

#include "lib/list.h"
#include "locking/spinlock.h"

typedef uint64_t sigset64_t; /* bit sig - 1 */

#define SIG_BIT(sig)	(1ull << ((sig)-1))
#define SIG_UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

struct proc_timers;
struct task;
struct trapframe;

struct k_sigaction {
	uintptr_t handler;   /* SIG_DFL (0), SIG_IGN (1) or a user address */
	unsigned long flags; /* SA_* */
	sigset64_t mask;
};

struct sigqueue {
	struct list_head sigq_link;
	siginfo_t info;
};

struct sigpending {
	sigset64_t set;		/* [S] */
	struct list_head queue; /* [S] struct sigqueue, oldest first */
};

/* Actions and shared pending signals of a process (its thread group). */
struct sighand {
	uint32_t refcount; /* [a] */
	struct spinlock siglock;
	struct k_sigaction action[_NSIG]; /* [S] index sig - 1 */
	struct sigpending shared;	  /* [S] process-directed signals */
	int stop_signal;		  /* [S] the signal that stopped the group, 0 if running */
	bool stopped;			  /* [S] the group is stopped */
	bool stop_reported;		  /* [S] a WUNTRACED wait saw the stop */
	bool cont_reported;	  /* [S] a WCONTINUED wait saw the continue (true when none) */
	bool notify_continued;	  /* [S] the parent is still to hear of the continue */
	bool stop_notified;	  /* [S] the parent heard of the current stop */
	int nr_stopped;		  /* [S] threads asleep in the group stop */
	struct list_head threads; /* [S] struct task.thread_node of the group */
	int nr_threads;		  /* [S] live threads in the group */
	bool group_exiting;	  /* [S] exit_group or a fatal signal: all go */
	int group_exit_code;	  /* [S] wait status of the group exit */
	struct task *exec_task;	  /* [S] a thread in execve waiting for the rest to go */

	/* setitimer and timer_create timers (proc/posix_timer.h), or NULL */
	struct proc_timers *timers; /* [S] */
};

/* Per-task signal state. */
struct task_signals {
	struct sighand *hand;	   /* [o] referenced */
	struct sigpending pending; /* [S] thread-directed signals */
	sigset64_t blocked;	   /* [S] */
	sigset64_t saved_mask;	   /* [o] restored after a sigsuspend handler */
	bool restore_mask;	   /* [o] */
	uint32_t active;	   /* [a] an unblocked signal may be pending */
	uintptr_t altstack_sp;	   /* [o] sigaltstack */
	size_t altstack_size;	   /* [o] */
	int altstack_flags;	   /* [o] SS_DISABLE / SS_AUTODISARM */
};
