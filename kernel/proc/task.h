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

#include "arch/riscv/arch.h"
#include "arch/riscv/fpu.h"
#include "lib/list.h"
#include "proc/cpu.h"
#include "proc/signal.h"
#include "proc/wait.h"

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

	uint64_t utime_ticks;	  /* [a] time-base ticks in user mode (proc/acct.c) */
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
	int exit_signal;	   /* [T] sent to the parent at exit; SIGCHLD once init adopts it */
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
	return __atomic_load_n(&current_task()->sig.active, __ATOMIC_ACQUIRE);
}

/*
 * Create a task with a fresh kernel stack, not yet runnable. A kernel
 * thread starts in fn(arg); a user task starts in fn(arg) too, which
 * finishes setting up its user context and enters user mode.
 * Returns NULL on no memory. Context: may allocate.
 */
struct task *task_create(const char *name, void (*fn)(void *), void *arg);
/* Drop a reference to a supplementary group list (NULL is fine). */
void group_list_put(struct group_list *g);

/* References that keep a task's struct (not its resources) alive. */
void task_get(struct task *t);
void task_put(struct task *t);
/* Free a task's stack and struct once it can never run again. */
void task_free(struct task *t);

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

/* The task with this thread id, or NULL. Caller holds tasklist_lock. */
struct task *task_find_locked(pid_t tid);
/* The same, zombies included (kill may target a zombie). */
struct task *task_find_any_locked(pid_t tid);
/* Every task (for kill, wait and process groups); [T]. */
extern struct list_head all_tasks;

extern struct spinlock tasklist_lock;
extern struct task *init_task; /* [I] pid 1 */
