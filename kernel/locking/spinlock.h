/*
 * Spinlocks. Taking one disables interrupts on this hart (nesting counts
 * per hart), so a lock shared with an interrupt handler cannot deadlock
 * against it. Spinlocks guard short sections only: no sleeping, no user
 * memory access and no sleeping allocation while one is held.
 *
 * The nesting count lives in struct irq_nest, the first member of every
 * hart's struct cpu (sched/cpu.h), so this layer reaches it through tp
 * without knowing the rest of struct cpu -- as Linux's thread_info sits
 * first in task_struct.
 */
#pragma once

#include <arch/cpu.h>
#include <atomic.h>
#include <kassert.h>
#include <types.h>

/* Per-hart spinlock nesting. Locks: [o] touched only by its hart. */
struct irq_nest {
	int depth;    /* [o] spinlocks this hart holds */
	bool enabled; /* [o] interrupt state before the outermost lock */
};

/* This hart's nesting count (the start of its struct cpu). */
static inline struct irq_nest *
this_irq_nest(void)
{
	return (struct irq_nest *)(void *)this_cpu();
}

/* How many spinlocks this hart holds (might_sleep() wants none). */
static inline int
spin_depth(void)
{
	return this_irq_nest()->depth;
}

struct spinlock {
	uint32_t locked;	 /* [a] 0 free, 1 held */
	const struct cpu *owner; /* holding hart, NULL when free (for spin_held) */
	const char *name;	 /* [I] for panic messages */
};

#define SPINLOCK_INIT(n)     \
	{                    \
		0, NULL, (n) \
	}

void spin_init(struct spinlock *l, const char *name);

/* Context: any. Disables interrupts until the matching spin_unlock(). */
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

/* True when this hart holds l. Inline: every _locked function starts
 * with assert_held(), some of them on the page allocator's fast path. */
static inline bool
spin_held(const struct spinlock *l)
{
	return atomic_load_relaxed(&l->locked) && l->owner == this_cpu();
}

/* Panic only: free l whoever holds it (the report must get out). */
void spin_force_release(struct spinlock *l);
/* Panic: forget every lock this hart holds (the report must print). */
void spin_forget_all(void);

#define assert_held(l) KASSERT(spin_held(l))
