/*
 * Spinlocks. Taking one disables interrupts on this hart (nesting counts
 * per hart), so a lock shared with an interrupt handler cannot deadlock
 * against it. Spinlocks guard short sections only: no sleeping, no user
 * memory access and no sleeping allocation while one is held.
 */
#pragma once

#include <kassert.h>
#include <types.h>

struct spinlock {
	uint32_t locked;  /* [a] 0 free, 1 held */
	int32_t cpu;	  /* owning hart index, -1 when free (for spin_held) */
	const char *name; /* [I] for panic messages */
};

#define SPINLOCK_INIT(n)   \
	{                  \
		0, -1, (n) \
	}

void spin_init(struct spinlock *l, const char *name);

/* Context: any. Disables interrupts until the matching spin_unlock(). */
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

/* True when this hart holds l. */
bool spin_held(const struct spinlock *l);

#define assert_held(l) KASSERT(spin_held(l))
