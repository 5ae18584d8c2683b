/*
 * Shared by the signal files of proc/ only.
 */
#pragma once

#include "proc/signal.h"

struct task;

/* Caller holds t's sighand lock for all of these. */
void signal_recalc_locked(struct task *t);
int signal_dequeue_locked(struct task *t, sigset64_t allowed, siginfo_t *info);
/* A stopped group resumes (SIGCONT or SIGKILL). */
void signal_continue_locked(struct task *t);

/* Send SIGKILL to every other thread of t's process and wake them, as
 * Linux's zap_other_threads() (exit_group, exec from a thread). Caller
 * holds t's sighand lock. */
void signal_zap_others_locked(struct task *t);
