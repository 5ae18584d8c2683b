/*
 * The system console: kernel log messages with timestamps and levels,
 * and the byte stream of /dev/console. Both go to the UART once it is
 * up (SBI's debug console before that), whole lines at a time, and a log
 * line always starts at the beginning of a line.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "locking/spinlock.h"

enum log_level {
	LOG_EMERG,
	LOG_ALERT,
	LOG_CRIT,
	LOG_ERR,
	LOG_WARNING,
	LOG_NOTICE,
	LOG_INFO,
	LOG_DEBUG,
};

/* Messages below this level are printed (Linux's console_loglevel). */
extern int console_loglevel;

/* Print "[seconds.micros] message\n" if level < console_loglevel.
 * Context: any, including interrupts and panic. */
__printf(2, 3) void log_msg(int level, const char *fmt, ...);
/* Print without timestamp or level filter (panic reports). */
__printf(1, 2) void log_raw(const char *fmt, ...);

#define pr_err(...)    log_msg(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)   log_msg(LOG_WARNING, __VA_ARGS__)
#define pr_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...)   log_msg(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)  log_msg(LOG_DEBUG, __VA_ARGS__)

/*
 * Rate limiting (printk/ratelimit.c), as Linux's: every log line a user
 * program can trigger (its faults, its unknown system calls) goes
 * through one, so no program can flood the console or slow the kernel
 * down with logging.
 *
 * Locks: [r] ratelimit_lock, a leaf but for the console lock.
 */
struct ratelimit_state {
	struct spinlock ratelimit_lock; /* its name names the state in reports */
	uint64_t interval_ns;		/* [I] */
	unsigned burst;			/* [I] messages per interval */
	uint64_t begin_ns;		/* [r] start of this interval; 0: none yet */
	unsigned printed;		/* [r] messages let through in it */
	unsigned missed;		/* [r] suppressed since the last report */
};

/* Linux's DEFAULT_RATELIMIT_INTERVAL and DEFAULT_RATELIMIT_BURST. */
#define RATELIMIT_INTERVAL_NS (5 * 1000000000ull)
#define RATELIMIT_BURST	      10

#define RATELIMIT_STATE_INIT(name, interval_ns, burst)               \
	{                                                            \
		SPINLOCK_INIT(name), (interval_ns), (burst), 0, 0, 0 \
	}

/*
 * True if the caller may log now: at most rs->burst times per interval.
 * Otherwise counts the message as suppressed; the first call let through
 * in a later interval first logs "NAME: N messages suppressed".
 * Context: any. Locks: takes and drops rs->ratelimit_lock.
 */
bool ratelimit(struct ratelimit_state *rs);

/* log_msg() through a rate limit of its own call site (10 per 5 s). */
#define pr_ratelimited(level, ...)                                                              \
	do {                                                                                    \
		static struct ratelimit_state __rs =                                            \
			RATELIMIT_STATE_INIT(__func__, RATELIMIT_INTERVAL_NS, RATELIMIT_BURST); \
		if (ratelimit(&__rs))                                                           \
			log_msg((level), __VA_ARGS__);                                          \
	} while (0)
#define pr_warn_ratelimited(...) pr_ratelimited(LOG_WARNING, __VA_ARGS__)
#define pr_info_ratelimited(...) pr_ratelimited(LOG_INFO, __VA_ARGS__)

/* Write bytes of user output to the console. Context: any. */
void console_write(const char *buf, size_t len);

/* Output device: polled byte write. The UART driver registers itself. */
void console_set_output(void (*putc)(char c));

/* Panic: take the console even if another hart holds its lock. */
void console_force_unlock(void);
