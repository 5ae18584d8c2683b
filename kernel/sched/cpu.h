/*
 * Per-hart state. Each hart reaches its own struct cpu through
 * this_cpu() (tp in kernel mode); other harts read it only through the
 * fields marked with a lock.
 *
 * Locks: [I] set at boot, then constant  [o] touched only by the hart itself
 *        [r] cpu->runq_lock
 */
#pragma once

#include <arch/cpu.h>
#include "lib/list.h"
#include "locking/spinlock.h"

#define MAX_CPUS 64

struct task;

struct cpu {
	struct irq_nest irq;	    /* first: locking/spinlock.h finds it through tp */
	unsigned index;		    /* [I] position in cpus[] */
	unsigned long hartid;	    /* [I] */
	bool online;		    /* [a] */
	struct task *current;	    /* [o] */
	struct task *idle;	    /* [I] */
	struct task *migrating;	    /* [o] leaves this hart once switched out */
	struct task *switched_from; /* [o] previous task, for finish_switch */
	struct spinlock runq_lock;  /* the run queue below; nothing taken inside */
	struct list_head runq;	    /* [r] runnable tasks, FIFO */
	unsigned runq_len;	    /* [r] */
	int pagefault_disabled;	    /* [o] uaccess faults go to the fixup, not vm_fault */
	bool need_resched;	    /* [a] set by the timer and wake-ups */
	uint64_t slice_end;	    /* [o] time (ticks) the current slice ends */
	struct arch_cpu arch;	    /* [I] mostly; see cpu_arch.h */
};

_Static_assert(offsetof(struct cpu, irq) == 0, "this_irq_nest() reads tp");

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus; /* [I] harts found in the device tree */
