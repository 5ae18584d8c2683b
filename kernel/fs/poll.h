/*
 * Waiting for any of several files to become ready (poll, ppoll,
 * pselect6). A file's poll op reports what is ready and registers the
 * poller on the wait queues that signal a change; the poller sleeps
 * until one of them wakes it, a signal arrives, or its deadline passes.
 */
#pragma once

#include <types.h>

struct file;
struct poll_table;
struct wait_queue;

/* In a poll op: wake the poller when wq is woken. pt may be NULL (a
 * poll that only looks). Context: process. */
void poll_wait(struct poll_table *pt, struct wait_queue *wq);

/* The events ready on f now, registering on pt's queues (if any). */
unsigned poll_file(struct file *f, struct poll_table *pt);

struct poll_table *poll_table_create(void);
/* Did registering on some queue fail for lack of memory? */
bool poll_table_failed(const struct poll_table *pt);
/* Leave every queue and free the table. */
void poll_table_free(struct poll_table *pt);
/* Mark the poller sleeping before the final readiness check (the
 * lost-wake-up pattern of sched/wait.h). */
void poll_prepare_sleep(void);
void poll_done_sleeping(void);
