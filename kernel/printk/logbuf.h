/*
 * The kernel log buffer: every log line, whatever the console shows,
 * kept as syslog(2) hands it out -- "<level>[seconds.micros] text\n" --
 * in a ring that forgets the oldest whole lines when it is full.
 *
 * Readers: READ_ALL copies the newest lines that fit (since the last
 * clear); READ consumes lines from a reader position of its own, as
 * Linux's syslog_print() and syslog_print_all() do.
 *
 * Locks: the ring, its positions and the reader's are under logbuf_lock,
 * a leaf spinlock (logging is allowed anywhere, interrupts included).
 */
#pragma once

#include <types.h>

#define LOGBUF_SIZE (64u << 10)

/* Append one line: level, its "[s.us] " stamp, the text (no newline).
 * Context: any. */
void logbuf_add(int level, const char *stamp, const char *text, size_t len);

/* Copy the newest whole lines that fit in len bytes, oldest first, since
 * the last logbuf_clear(); returns the bytes copied. clear: forget them
 * for the next read_all (READ_CLEAR). Context: any. */
size_t logbuf_read_all(char *buf, size_t len, bool clear);

/* Consume unread bytes, whole lines while they fit (a line longer than
 * len is cut); returns the bytes copied, 0 when nothing is unread. */
size_t logbuf_read(char *buf, size_t len);

/* Bytes not consumed by logbuf_read() yet. */
size_t logbuf_unread(void);

/* Forget everything for logbuf_read_all() (SYSLOG_ACTION_CLEAR). */
void logbuf_clear(void);
