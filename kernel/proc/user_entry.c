/*
 * The way back to user mode, and the first user process.
 */
#include <arch/cpu.h>
#include "sched/acct.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/task.h"

void
task_return_to_user(void)
{
	struct task *t = current_task();

	for (;;) {
		if (sched_need_resched())
			schedule();
		if (signal_pending_current() || t->in_syscall)
			signal_deliver_pending(t->tf);
		arch_irq_disable();
		if (!sched_need_resched() && !signal_pending_current())
			break;
		arch_irq_enable();
	}
	acct_enter_user();
	arch_return_to_user(t->tf);
}
