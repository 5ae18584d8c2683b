/*
 * Futexes: sleeping on a user word, and the thread-exit duties that use
 * them (clear_child_tid, robust lists).
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct task;
struct __kernel_timespec;

/* futex(2). Returns as Linux: a count, 0, or -EAGAIN, -ETIMEDOUT,
 * -EINTR/-ERESTARTSYS, -EINVAL, -EFAULT, -ENOSYS. May sleep. */
long futex_op(uint32_t __user *uaddr, int op, uint32_t val,
	      const struct __kernel_timespec __user *timeout, uint32_t __user *uaddr2,
	      uint32_t val3);

/* Wake up to n waiters on a private futex word of the current process. */
int futex_wake_current(uint32_t __user *uaddr, int n);

/* At thread exit: clear and wake clear_child_tid, release robust locks. */
void futex_exit(struct task *t);
