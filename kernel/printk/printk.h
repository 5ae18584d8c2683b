/*
 * The system console: kernel log messages with timestamps and levels,
 * and the byte stream of /dev/console. Both go to the UART once it is
 * up (SBI's debug console before that), whole lines at a time, and a log
 * line always starts at the beginning of a line.
 */
#pragma once

#include <compiler.h>
#include <types.h>

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

/* Write bytes of user output to the console. Context: any. */
void console_write(const char *buf, size_t len);

/* Output device: polled byte write. The UART driver registers itself. */
void console_set_output(void (*putc)(char c));

/* Panic: take the console even if another hart holds its lock. */
void console_force_unlock(void);
