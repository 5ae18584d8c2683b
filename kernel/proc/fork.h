/*
 * Creating processes and threads: the clone family.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct clone_args_k {
	uint64_t flags;		/* CLONE_* without the exit signal */
	int exit_signal;	/* low byte of clone's flags */
	uintptr_t stack;	/* new sp, 0: the parent's */
	uintptr_t tls;		/* CLONE_SETTLS */
	int __user *parent_tid; /* CLONE_PARENT_SETTID */
	int __user *child_tid;	/* CLONE_CHILD_SETTID / CLEARTID */
};

/*
 * Create a child of the current task as the flags say. Returns the
 * child's tid, or -EINVAL (bad flag combination), -ENOMEM, -EAGAIN (too
 * many tasks). With CLONE_VFORK, returns once the child has exec'd or
 * exited. Context: process, may sleep.
 */
long task_clone(const struct clone_args_k *args);
