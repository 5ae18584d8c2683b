/*
 * Spinlocks with per-hart interrupt nesting: the first lock a hart takes
 * saves whether interrupts were on, the last unlock restores that. The
 * owner is the holding hart's struct cpu (its tp), which spin_held()
 * compares against.
 */
#include <atomic.h>

#include "locking/spinlock.h"

void
spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->owner = NULL;
	l->name = name;
}

static void
irq_push(void)
{
	bool on = arch_irq_save();
	struct irq_nest *n = this_irq_nest();

	if (n->depth++ == 0)
		n->enabled = on;
}

static void
irq_pop(void)
{
	struct irq_nest *n = this_irq_nest();

	KASSERT(!arch_irqs_enabled());
	KASSERT(n->depth > 0);
	if (--n->depth == 0 && n->enabled)
		arch_irq_enable();
}

void
spin_lock(struct spinlock *l)
{
	irq_push();
	if (spin_held(l))
		panic("spin_lock: %s already held by this hart", l->name);
	while (atomic_xchg_acquire(&l->locked, 1))
		while (atomic_load_relaxed(&l->locked))
			arch_cpu_relax();
	l->owner = this_cpu();
}

void
spin_unlock(struct spinlock *l)
{
	if (!spin_held(l))
		panic("spin_unlock: %s not held by this hart", l->name);
	l->owner = NULL;
	/* Pairs with the acquire in spin_lock(). */
	atomic_store_release(&l->locked, 0);
	irq_pop();
}

void
spin_forget_all(void)
{
	this_irq_nest()->depth = 0;
}

void
spin_force_release(struct spinlock *l)
{
	l->owner = NULL;
	atomic_store_release(&l->locked, 0);
}
