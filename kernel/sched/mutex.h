/*
 * Sleeping locks for sections that may block (file systems, address
 * spaces). Not usable from interrupt context.
 */
#pragma once

#include <kassert.h>

#include "sched/wait.h"

struct mutex {
	uint32_t locked;      /* [a] */
	struct task *owner;   /* [a] for mutex_held */
	struct wait_queue wq; /* tasks waiting for the lock */
};

#define MUTEX_INIT(name)                            \
	{                                           \
		0, NULL, WAIT_QUEUE_INIT((name).wq) \
	}

void mutex_init(struct mutex *m, const char *name);
/* Context: may sleep. */
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
/* True when the current task holds m. */
bool mutex_held(const struct mutex *m);

/* The mutex form of assert_held(): a function that needs m starts with it. */
#define assert_mutex_held(m) KASSERT(mutex_held(m))
