/*
 * The console: formats log lines, keeps each in the log buffer
 * (printk/logbuf.c) and prints those under console_loglevel, serialized
 * with user output on one lock so lines from different harts never
 * interleave.
 */
#include <stdarg.h>

#include <arch/cpu.h>
#include "printk/logbuf.h"
#include "printk/printk.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "locking/spinlock.h"

int console_loglevel = LOG_DEBUG;

static struct spinlock console_lock = SPINLOCK_INIT("console"); /* output device, at_line_start */
static bool at_line_start = true;				/* [console_lock] */
static void (*console_putc)(char c);				/* [console_lock] */

void
console_set_output(void (*putc)(char c))
{
	spin_lock(&console_lock);
	console_putc = putc;
	spin_unlock(&console_lock);
}

static void
put_locked(const char *s, size_t len)
{
	assert_held(&console_lock);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			(console_putc ? console_putc : arch_early_putc)('\r');
		(console_putc ? console_putc : arch_early_putc)(s[i]);
		at_line_start = s[i] == '\n';
	}
}

void
console_write(const char *buf, size_t len)
{
	spin_lock(&console_lock);
	put_locked(buf, len);
	spin_unlock(&console_lock);
}

/* Print one formatted log line, starting it on a line of its own. */
static void
emit_line(const char *prefix, const char *line, size_t n)
{
	spin_lock(&console_lock);
	if (!at_line_start)
		put_locked("\n", 1);
	put_locked(prefix, strlen(prefix));
	put_locked(line, n);
	if (n == 0 || line[n - 1] != '\n')
		put_locked("\n", 1);
	spin_unlock(&console_lock);
}

void
log_msg(int level, const char *fmt, ...)
{
	uint64_t ns = arch_time_ns();
	char stamp[32], line[320];
	va_list ap;
	int n;

	snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ", ns / 1000000000, ns / 1000 % 1000000);
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	/* As Linux: the log keeps every level; the console shows some. */
	logbuf_add(level, stamp, line, (size_t)n);
	if (level < console_loglevel)
		emit_line(stamp, line, (size_t)n);
}

void
log_raw(const char *fmt, ...)
{
	char line[320];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	console_write(line, n);
}

void
console_force_unlock(void)
{
	spin_force_release(&console_lock);
}
