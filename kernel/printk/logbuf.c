/*
 * The kernel log ring (printk/logbuf.h). Positions count bytes since
 * boot, so they only grow: the ring holds [first, next), and a position
 * p sits at ring[p % LOGBUF_SIZE]. first always starts a line; when a
 * new line needs room, whole lines are dropped from the front.
 */
#include "lib/string.h"
#include "locking/spinlock.h"
#include "printk/logbuf.h"

static struct spinlock logbuf_lock = SPINLOCK_INIT("logbuf"); /* everything below */
static char ring[LOGBUF_SIZE];
static uint64_t first, next; /* [logbuf_lock] the lines held */
static uint64_t read_pos;    /* [logbuf_lock] logbuf_read()'s next line */
static uint64_t clear_pos;   /* [logbuf_lock] where read_all starts */

static char
at(uint64_t pos)
{
	return ring[pos % LOGBUF_SIZE];
}

/* Drop the oldest line. Caller holds logbuf_lock. */
static void
drop_first_locked(void)
{
	assert_held(&logbuf_lock);
	while (first < next && at(first) != '\n')
		first++;
	if (first < next)
		first++;
	if (read_pos < first)
		read_pos = first;
	if (clear_pos < first)
		clear_pos = first;
}

static void
put_locked(const char *s, size_t n)
{
	assert_held(&logbuf_lock);
	for (size_t i = 0; i < n; i++)
		ring[next++ % LOGBUF_SIZE] = s[i];
}

void
logbuf_add(int level, const char *stamp, const char *text, size_t len)
{
	/* Levels are Linux's 0..7, one digit. */
	char prefix[3] = { '<', (char)('0' + (level < 0 ? 0 : level > 7 ? 7 : level)), '>' };
	size_t plen = sizeof(prefix), slen = strlen(stamp), total;

	while (len && text[len - 1] == '\n')
		len--;
	total = plen + slen + len + 1;
	if (total > LOGBUF_SIZE)
		return; /* cannot happen: lines are a few hundred bytes */
	spin_lock(&logbuf_lock);
	while (next + total - first > LOGBUF_SIZE)
		drop_first_locked();
	put_locked(prefix, plen);
	put_locked(stamp, slen);
	put_locked(text, len);
	put_locked("\n", 1);
	spin_unlock(&logbuf_lock);
}

/* Copy [from, from + n) out of the ring. Caller holds logbuf_lock. */
static void
copy_out_locked(char *buf, uint64_t from, size_t n)
{
	assert_held(&logbuf_lock);
	for (size_t i = 0; i < n; i++)
		buf[i] = at(from + i);
}

size_t
logbuf_read_all(char *buf, size_t len, bool clear)
{
	uint64_t from;
	size_t n;

	spin_lock(&logbuf_lock);
	from = clear_pos;
	/* Skip whole lines from the front until the rest fits. */
	while (next - from > len) {
		while (from < next && at(from) != '\n')
			from++;
		if (from < next)
			from++;
	}
	n = (size_t)(next - from);
	copy_out_locked(buf, from, n);
	if (clear)
		clear_pos = next;
	spin_unlock(&logbuf_lock);
	return n;
}

size_t
logbuf_read(char *buf, size_t len)
{
	uint64_t end;
	size_t n;

	spin_lock(&logbuf_lock);
	end = read_pos;
	/* Whole lines while they fit; the first line is cut if it must be. */
	while (end < next) {
		uint64_t e = end;

		while (e < next && at(e) != '\n')
			e++;
		if (e < next)
			e++;
		if (e - read_pos > len) {
			if (end == read_pos)
				end = read_pos + len;
			break;
		}
		end = e;
	}
	n = (size_t)(end - read_pos);
	copy_out_locked(buf, read_pos, n);
	read_pos = end;
	spin_unlock(&logbuf_lock);
	return n;
}

size_t
logbuf_unread(void)
{
	size_t n;

	spin_lock(&logbuf_lock);
	n = (size_t)(next - read_pos);
	spin_unlock(&logbuf_lock);
	return n;
}

void
logbuf_clear(void)
{
	spin_lock(&logbuf_lock);
	clear_pos = next;
	spin_unlock(&logbuf_lock);
}
