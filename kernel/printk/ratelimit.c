/*
 * Rate limits for log lines, as Linux's ___ratelimit(): each state lets
 * at most burst messages through per interval and counts the rest; the
 * first call of a later interval reports that count before its own line
 * goes out. Intervals start at the first message after the last one
 * ended, so a state that sees nothing costs nothing.
 */
#include <arch/cpu.h>
#include "printk/printk.h"

bool
ratelimit(struct ratelimit_state *rs)
{
	uint64_t now = arch_time_ns();
	unsigned missed = 0;
	bool ok;

	spin_lock(&rs->ratelimit_lock);
	if (!rs->begin_ns || now - rs->begin_ns >= rs->interval_ns) {
		missed = rs->missed;
		rs->begin_ns = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->printed < rs->burst;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	spin_unlock(&rs->ratelimit_lock);
	/* Outside the lock: the console lock comes after every other. */
	if (missed)
		pr_warn("%s: %u messages suppressed", rs->ratelimit_lock.name, missed);
	return ok;
}
