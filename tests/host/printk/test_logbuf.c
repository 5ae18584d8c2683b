/*
 * Unit tests of the kernel log ring (kernel/printk/logbuf.c): the
 * syslog format, whole lines in and out, forgetting the oldest lines
 * when full, the consuming reader and clearing. Each test runs in its
 * own process (Criterion), so each starts with an empty ring.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "printk/logbuf.h"

static char out[LOGBUF_SIZE + 1];

static void
add(int level, const char *text)
{
	logbuf_add(level, "[    1.000000] ", text, strlen(text));
}

static const char *
read_all(size_t len, bool clear)
{
	size_t n = logbuf_read_all(out, len, clear);

	out[n] = 0;
	return out;
}

Test(logbuf, a_line_is_kept_with_its_level_and_stamp)
{
	add(6, "hello");
	cr_assert_str_eq(read_all(sizeof(out) - 1, false), "<6>[    1.000000] hello\n");
}

Test(logbuf, a_trailing_newline_is_not_doubled)
{
	add(3, "bad thing\n");
	cr_assert_str_eq(read_all(sizeof(out) - 1, false), "<3>[    1.000000] bad thing\n");
}

Test(logbuf, read_all_returns_the_newest_whole_lines_that_fit)
{
	const char *line = "<6>[    1.000000] two\n";

	add(6, "one");
	add(6, "two");
	cr_assert_str_eq(read_all(strlen(line) + 5, false), line);
	cr_assert_eq(logbuf_read_all(out, 3, false), 0, "no whole line fits in 3 bytes");
}

Test(logbuf, a_full_ring_forgets_the_oldest_whole_lines)
{
	char text[100];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(text, sizeof(text), "line %04d %s", i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		add(6, text);
	}
	read_all(sizeof(out) - 1, false);
	cr_assert(strlen(out) <= LOGBUF_SIZE);
	cr_assert(strncmp(out, "<6>[", 4) == 0, "starts on a whole line: %.20s", out);
	cr_assert(strstr(out, "line 1999 ") != NULL, "the newest line is kept");
	cr_assert(strstr(out, "line 0000 ") == NULL, "the oldest line is gone");
	cr_assert_eq(out[strlen(out) - 1], '\n');
}

Test(logbuf, read_consumes_whole_lines_and_cuts_only_an_oversized_first_one)
{
	add(6, "alpha");
	add(6, "beta");
	cr_assert_eq(logbuf_unread(), 2 * strlen("<6>[    1.000000] alpha\n") - 1);
	cr_assert_eq(logbuf_read(out, 30), strlen("<6>[    1.000000] alpha\n"));
	cr_assert_eq(logbuf_read(out, 5), 5, "a line longer than the buffer is cut");
	cr_assert_eq(strncmp(out, "<6>[ ", 5), 0);
	cr_assert_eq(logbuf_unread(), strlen("<6>[    1.000000] beta\n") - 5);
	logbuf_read(out, sizeof(out));
	cr_assert_eq(logbuf_unread(), 0);
	cr_assert_eq(logbuf_read(out, sizeof(out)), 0);
}

Test(logbuf, clear_empties_read_all_but_not_the_reader)
{
	add(6, "before");
	logbuf_clear();
	cr_assert_str_eq(read_all(sizeof(out) - 1, false), "");
	cr_assert(logbuf_unread() > 0, "the consuming reader still has the line");
	add(6, "after");
	cr_assert_str_eq(read_all(sizeof(out) - 1, true), "<6>[    1.000000] after\n");
	cr_assert_str_eq(read_all(sizeof(out) - 1, false), "", "READ_CLEAR cleared");
}
