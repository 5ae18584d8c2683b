/*
 * panic(): report and stop. The report goes out even if another hart
 * holds the console lock, and the machine powers off with a non-zero
 * status so QEMU's exit code shows the failure.
 */
#include <stdarg.h>

#include <atomic.h>
#include <arch/panic.h>
#include "printk/printk.h"
#include <arch/power.h>
#include "lib/printf.h"
#include "sched/cpu.h"

#define PANIC_EXIT_STATUS 255

static uint32_t panicking; /* [a] first hart to panic reports; others stop */

void
panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	arch_irq_disable();
	if (atomic_xchg_acq_rel(&panicking, 1))
		arch_halt();
	console_force_unlock();
	spin_forget_all();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_raw("\n--- kernel panic on hart %lu ---\n%s\n", this_cpu()->hartid, msg);
	arch_dump_backtrace();
	log_raw("--- end of panic: powering off ---\n");
	power_off(PANIC_EXIT_STATUS);
}
