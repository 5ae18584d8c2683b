/*
 * Tasks: the unit the scheduler runs. A task is one thread; a process is
 * the thread group its threads share (tgid), with the address space, the
 * file table and the file-system context referenced, not owned.
 *
 * Life cycle: task_create() -> RUNNABLE -> (running) <-> SLEEPING
 *             -> ZOMBIE (exited, waiting to be reaped by its parent)
 *             -> freed by the reaper (wait4) or, for kernel threads and
 *             self-reaping tasks, by the scheduler after the last switch.
 *
 * Locks: [I] set at creation, then constant  [o] touched only by the
 *        task itself  [a] atomic ops  [r] runq_lock of task->cpu
 *        [T] tasklist_lock (proc/task.c)
 */
#pragma once

#include <linux/resource.h>

#include <atomic.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include "lib/list.h"
#include "sched/cpu.h"
#include "sched/sigstate.h"
#include "sched/wait.h"

struct mm;
struct files;
struct fs_context;
struct trapframe;

enum task_state {
	TASK_RUNNABLE,	     /* running or on a run queue */
	TASK_SLEEPING,	     /* interruptible sleep */
	TASK_SLEEPING_UNINT, /* uninterruptible sleep */
	TASK_STOPPED,	     /* job control: waits for SIGCONT or SIGKILL */
	TASK_ZOMBIE,
	TASK_DEAD,
};

#define TASK_COMM_LEN 16

/* User and group ids. Everything starts as root; no check enforces them. */
struct task_cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	struct group_list *groups; /* supplementary groups, shared, read-only; NULL: none */
};

/* An immutable, sorted list of supplementary groups (setgroups). */
struct group_list {
	uint32_t refs; /* [a] */
	int count;
	gid_t gid[];
};

struct task {
	struct context ctx;	    /* [o] saved while not running */
	uint32_t state;		    /* [a] enum task_state */
	uint32_t on_cpu;	    /* [a] 1 while a hart runs it (context not saved yet) */
	uint32_t on_runq;	    /* [r] taken by an atomic exchange: wakers may race */
	unsigned cpu;		    /* [r] run queue it belongs to */
	struct list_head runq_link; /* [r] */

	pid_t tid;		    /* [I] */
	pid_t tgid;		    /* [I] process id */
	vaddr_t kstack;		    /* [I] base of the stack slot */
	struct trapframe *tf;	    /* [I] user registers at the top of the stack */
	bool is_kthread;	    /* [I] */
	void (*kthread_fn)(void *); /* [I] */
	void *kthread_arg;	    /* [I] */

	struct mm *mm;		  /* [o] NULL for kernel threads */
	struct files *files;	  /* [o] */
	struct fs_context *fs;	  /* [o] */
	char comm[TASK_COMM_LEN]; /* [o] name of the program */

	struct task *parent;	      /* [T] */
	struct task *group_leader;    /* [T] the thread whose tid is our tgid */
	struct list_head thread_node; /* [S] sighand->threads */
	struct list_head children;    /* [T] on the group leader only */
	struct list_head sibling;     /* [T] link in parent->children */
	struct wait_queue child_exit; /* woken when a child changes state */
	int exit_status;	      /* [T] wait status once ZOMBIE */
	struct task_signals sig;      /* see proc/signal.h */
	struct fp_state fp;	      /* [o] user floating-point state */
	bool in_syscall;	      /* [o] returning from a system call (restarts) */
	uint32_t refs;		      /* [a] task_get/task_put; the last put frees */

	uint64_t utime_ticks;	  /* [a] time-base ticks in user mode (sched/acct.c) */
	uint64_t stime_ticks;	  /* [a] in the kernel (sampled at the tick) */
	uint64_t user_entry_tick; /* [o] time of the last return to user mode */
	uint64_t cutime_ticks;	  /* [a] reaped children's user time, theirs included */
	uint64_t cstime_ticks;	  /* [a] reaped children's system time */
	uint64_t acct_tick_utime; /* [o] utime_ticks at the last tick that found it running */
	uint64_t group_dead_utime_ticks; /* [a] on the leader: the group's exited threads' */
	uint64_t group_dead_stime_ticks; /* [a] on the leader: the group's exited threads' */
	bool acct_exited;		 /* [S] its times are in group_dead_* (acct.c) */
	/* restart_syscall: resumes a call a signal cut short with
	 * -ERESTART_RESTARTBLOCK (sys/sys_time.c); NULL: nothing to resume */
	long (*restart_fn)(struct task *t); /* [o] */
	uint64_t restart_args[3];	    /* [o] the resumed call's own */
	uintptr_t clear_child_tid;	    /* [o] set_tid_address */
	uintptr_t robust_list;		    /* [o] set_robust_list head */
	size_t robust_list_len;		    /* [o] */
	struct rlimit64 rlim[RLIM_NLIMITS]; /* [o] resource limits */

	pid_t pgid;		   /* [T] process group */
	pid_t sid;		   /* [T] session */
	int exit_signal;	   /* [I] sent to the parent at exit (SIGCHLD for fork) */
	bool did_exec;		   /* [T] for setpgid's EACCES */
	bool wait_claimed;	   /* [T] a waiter is reporting this zombie */
	bool exiting;		   /* [T] in task_exit: its tid names nothing; signals pass it by */
	struct list_head all_link; /* [T] all_tasks */
	struct task *vfork_parent; /* [o] parent sleeping in vfork until we exec or exit */
	bool vfork_done;	   /* [a] set by our vfork child; we wait on child_exit */
	uintptr_t set_child_tid;   /* [o] CLONE_CHILD_SETTID, written at first run */
	uint64_t cpus_allowed;	   /* [r] affinity: bit i = cpus[i] */
	struct task_cred cred;	   /* [o] user and group ids */
};

/* The task running on this hart. */
static inline struct task *
current_task(void)
{
	return this_cpu()->current;
}

/* Does the current task have an unblocked signal (or a group stop or
 * exit) to act on? */
static inline bool
signal_pending_current(void)
{
	return atomic_load_acquire(&current_task()->sig.active);
}

/* References that keep a task's struct (not its resources) alive; the
 * scheduler drops its own after a dead task's last switch. */
void task_get(struct task *t);
void task_put(struct task *t);
/* Free a task's stack, signal state and struct once it can never run
 * again: the release of the last reference. Defined by proc/task.c,
 * which owns what a task holds (as Linux's __put_task_struct lives in
 * kernel/fork.c); the one call from sched/ to a layer above it. */
void task_free(struct task *t);

/* The task with this thread id, or NULL. Caller holds tasklist_lock. */
struct task *task_find_locked(pid_t tid);
/* The same, zombies included (kill may target a zombie). */
struct task *task_find_any_locked(pid_t tid);
/* Every task (for kill, wait and process groups); [T]. */
extern struct list_head all_tasks;

/* Parent/child links, pids and all_tasks; before any sighand lock. */
extern struct spinlock tasklist_lock;
extern struct task *init_task; /* [I] pid 1 */
