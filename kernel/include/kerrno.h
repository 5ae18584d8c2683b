/*
 * Kernel-internal error codes a system call returns when a signal cut a
 * sleep short, numbered as Linux's (include/linux/errno.h), above every
 * errno user space knows. They must never reach user space: the signal
 * code, on the way back to user mode, turns them into -EINTR or restarts
 * the call (ERESTARTSYS: restart only if the handler has SA_RESTART, or
 * when no handler runs).
 */
#pragma once

#define ERESTARTSYS	      512 /* interrupted; restartable */
#define ERESTARTNOINTR	      513 /* interrupted; always restarted */
#define ERESTARTNOHAND	      514 /* restarted only if no handler runs */
#define ERESTART_RESTARTBLOCK 516 /* restarted through restart_syscall */
