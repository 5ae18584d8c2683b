/*
 * Spinlocks with per-hart interrupt nesting: the first lock a hart takes
 * saves whether interrupts were on, the last unlock restores that.
 */
#include "proc/cpu.h"
#include "proc/spinlock.h"

void
spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->cpu = -1;
	l->name = name;
}

static void
irq_push(void)
{
	bool on = arch_irq_save();
	struct cpu *c = this_cpu();

	if (c->irq_depth++ == 0)
		c->irq_enabled = on;
}

static void
irq_pop(void)
{
	struct cpu *c = this_cpu();

	KASSERT(!arch_irqs_enabled());
	KASSERT(c->irq_depth > 0);
	if (--c->irq_depth == 0 && c->irq_enabled)
		arch_irq_enable();
}

void
spin_lock(struct spinlock *l)
{
	irq_push();
	if (spin_held(l))
		panic("spin_lock: %s already held by this hart", l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
	l->cpu = (int32_t)this_cpu()->index;
}

void
spin_unlock(struct spinlock *l)
{
	if (!spin_held(l))
		panic("spin_unlock: %s not held by this hart", l->name);
	l->cpu = -1;
	/* Pairs with the acquire in spin_lock(). */
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_pop();
}

bool
spin_held(const struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
	       l->cpu == (int32_t)this_cpu()->index;
}
