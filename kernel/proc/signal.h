/*
 * Signals. For now a signal that reaches a task terminates its process
 * with Linux's default action; handlers, masks and frames come with the
 * signals work (docs/process.md).
 */
#pragma once

#include <compiler.h>
#include <types.h>

/* A fault the current task caused: deliver sig with si_code/si_addr. */
void signal_fault(int sig, int code, uintptr_t addr, const char *what);
struct task;
/* Make sig pending for t and wake it from an interruptible sleep.
 * Context: any. */
void signal_send(struct task *t, int sig);
/* Does the current task have a signal to act on? */
bool signal_pending_current(void);
/* Act on pending signals before returning to user mode. */
void signal_deliver_pending(void);
/* The signal's name ("SIGSEGV"), or "signal N" style fallback "SIG?". */
const char *signal_name(int sig);
