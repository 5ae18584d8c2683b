/*
 * Host fake of the kernel's spinlocks: single-threaded, but it checks
 * that locks pair up, so a test fails when code forgets an unlock or
 * unlocks twice.
 */
#include <stdio.h>
#include <stdlib.h>

#include "locking/spinlock.h"

void
spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->owner = NULL;
	l->name = name;
}

void
spin_lock(struct spinlock *l)
{
	if (l->locked) {
		fprintf(stderr, "fake spinlock: %s taken twice\n", l->name);
		abort();
	}
	l->locked = 1;
	l->owner = this_cpu();
}

void
spin_unlock(struct spinlock *l)
{
	if (!l->locked) {
		fprintf(stderr, "fake spinlock: %s released while free\n", l->name);
		abort();
	}
	l->locked = 0;
	l->owner = NULL;
}
