/*
 * Host fakes of the task life cycle (proc/task.c, proc/exit.c) and of
 * arch's signal frames, for tests that build their tasks themselves and
 * never deliver a signal to user mode. Reaching any of these is a bug in
 * the test or in the code under test, so each panics, naming what it saw.
 */
#include "proc/task.h"
#include <arch/signal.h>
#include <kassert.h>

void
task_free(struct task *t)
{
	panic("task_free: task %d lost its last reference (tests own their tasks)", t->tid);
}

void
task_exit_group(int status)
{
	panic("task_exit_group: status %#x (delivery is not faked)", status);
}

int
arch_signal_frame_setup(struct task *t, struct trapframe *tf, int sig, const siginfo_t *info,
			const struct k_sigaction *ka, uint64_t saved_mask)
{
	panic("arch_signal_frame_setup: task %d, signal %d (delivery is not faked)", t->tid, sig);
}

long
arch_syscall_retval(const struct trapframe *tf)
{
	panic("arch_syscall_retval: delivery is not faked");
}

void
arch_syscall_set_retval(struct trapframe *tf, long ret)
{
	panic("arch_syscall_set_retval: %ld (delivery is not faked)", ret);
}

void
arch_syscall_restart(struct trapframe *tf, bool via_restart_syscall)
{
	panic("arch_syscall_restart: delivery is not faked");
}
