/*
 * Host tests of kernel/lib/cpio.c: archives written here field by field
 * (so every field and every malformation can be chosen), and archives the
 * host's GNU cpio wrote in the build (newc and crc formats).
 */
#include <asm-generic/errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "fixture.h"
#include "lib/cpio.h"

#define NEWC "build/host/fixtures/initramfs-newc.cpio"
#define CRC "build/host/fixtures/initramfs-crc.cpio"

enum { INO, MODE, UID, GID, NLINK, MTIME, FILESIZE, DEVMAJ, DEVMIN, RDEVMAJ, RDEVMIN,
       NAMESIZE, CHECK, NFIELDS };

struct ar {
	uint8_t *buf;
	size_t len, cap;
};

static void
ar_put(struct ar *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 256;
		a->buf = realloc(a->buf, a->cap);
		cr_assert_not_null(a->buf);
	}
	if (n)
		memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void
ar_pad(struct ar *a)
{
	static const uint8_t zero[4];

	ar_put(a, zero, (4 - a->len % 4) % 4);
}

/* One entry exactly as told: @f holds every field, namesize included. */
static void
ar_raw(struct ar *a, const char *magic, const uint32_t f[NFIELDS], const void *name,
       size_t name_len, const void *data, size_t data_len)
{
	char hdr[CPIO_HEADER_SIZE + 1];
	int n = snprintf(hdr, sizeof(hdr), "%s", magic);

	for (int i = 0; i < NFIELDS; i++)
		n += snprintf(hdr + n, sizeof(hdr) - (size_t)n, "%08X", f[i]);
	cr_assert_eq(n, CPIO_HEADER_SIZE);
	ar_put(a, hdr, CPIO_HEADER_SIZE);
	ar_put(a, name, name_len);
	ar_pad(a);
	ar_put(a, data, data_len);
	ar_pad(a);
}

static uint32_t
sum(const void *data, size_t n)
{
	const uint8_t *p = data;
	uint32_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* A well-formed entry with plain fields. */
static void
ar_file(struct ar *a, const char *name, uint32_t mode, const void *data, size_t len)
{
	uint32_t f[NFIELDS] = { [INO] = 1, [MODE] = mode, [NLINK] = 1 };

	f[FILESIZE] = (uint32_t)len;
	f[NAMESIZE] = (uint32_t)strlen(name) + 1;
	ar_raw(a, "070701", f, name, strlen(name) + 1, data, len);
}

static void
ar_trailer(struct ar *a)
{
	ar_file(a, "TRAILER!!!", 0, NULL, 0);
}

static int
next(struct cpio_iter *it, struct cpio_entry *e)
{
	return cpio_next(it, e);
}

/* Iterate @a (copied to an exact-size block); returns the last result. */
static int
count_entries(const struct ar *a, size_t len, int *entries)
{
	uint8_t *copy = fixture_dup(a->buf, len);
	struct cpio_iter it;
	struct cpio_entry e;
	int ret;

	*entries = 0;
	cpio_iter_init(&it, copy, len);
	while ((ret = next(&it, &e)) == 1)
		(*entries)++;
	free(copy);
	return ret;
}

static int
archive_result(const struct ar *a)
{
	int n;

	return count_entries(a, a->len, &n);
}

Test(cpio, every_header_field_is_decoded)
{
	struct ar a = { 0 };
	const uint32_t f[NFIELDS] = {
		[INO] = 0x12345678, [MODE] = 0100644, [UID] = 1000, [GID] = 0xabcdef01,
		[NLINK] = 3, [MTIME] = 0x65000000, [FILESIZE] = 5, [DEVMAJ] = 8,
		[DEVMIN] = 1, [RDEVMAJ] = 0xa, [RDEVMIN] = 0xfedcba98, [NAMESIZE] = 10,
		[CHECK] = 0x77,
	};
	struct cpio_iter it;
	struct cpio_entry e;

	ar_raw(&a, "070701", f, "hello.txt", 10, "hello", 5);
	ar_trailer(&a);
	cpio_iter_init(&it, a.buf, a.len);
	cr_assert_eq(next(&it, &e), 1);
	cr_assert_str_eq(e.name, "hello.txt");
	cr_assert_eq(e.namelen, 9);
	cr_assert_eq(e.ino, 0x12345678);
	cr_assert_eq(e.mode, 0100644);
	cr_assert_eq(e.uid, 1000);
	cr_assert_eq(e.gid, 0xabcdef01);
	cr_assert_eq(e.nlink, 3);
	cr_assert_eq(e.mtime, 0x65000000);
	cr_assert_eq(e.filesize, 5);
	cr_assert_eq(e.devmajor, 8);
	cr_assert_eq(e.devminor, 1);
	cr_assert_eq(e.rdevmajor, 0xa);
	cr_assert_eq(e.rdevminor, 0xfedcba98);
	/* 070701 carries no checksum: the field is reported, not checked. */
	cr_assert_eq(e.check, 0x77);
	cr_assert_eq((const uint8_t *)e.data, a.buf + 120);
	cr_assert_eq(memcmp(e.data, "hello", 5), 0);
	cr_assert_eq(next(&it, &e), 0);
	free(a.buf);
}

Test(cpio, lowercase_hex_digits_are_accepted)
{
	struct ar a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	ar_file(&a, "x", 0100644, NULL, 0);
	ar_trailer(&a);
	memcpy(a.buf + 6, "0000abcd", 8);
	cpio_iter_init(&it, a.buf, a.len);
	cr_assert_eq(next(&it, &e), 1);
	cr_assert_eq(e.ino, 0xabcd);
	free(a.buf);
}

Test(cpio, names_and_data_of_every_length_are_padded_to_four)
{
	static const char letters[] = "abcdefgh";
	struct ar a = { 0 };
	char name[9];
	struct cpio_iter it;
	struct cpio_entry e;

	for (int nl = 1; nl <= 8; nl++)
		for (int dl = 0; dl <= 7; dl++) {
			snprintf(name, sizeof(name), "%.*s", nl, letters);
			name[0] = (char)('0' + dl);
			ar_file(&a, name, 0100600, letters, (size_t)dl);
		}
	ar_trailer(&a);
	cpio_iter_init(&it, a.buf, a.len);
	for (int nl = 1; nl <= 8; nl++)
		for (int dl = 0; dl <= 7; dl++) {
			cr_assert_eq(next(&it, &e), 1, "name %d data %d", nl, dl);
			cr_assert_eq(e.namelen, (size_t)nl);
			cr_assert_eq(e.name[0], '0' + dl);
			cr_assert_eq(e.filesize, (size_t)dl);
			cr_assert_eq(memcmp(e.data, letters, (size_t)dl), 0);
			cr_assert_eq(((const uint8_t *)e.data - a.buf) % 4, 0);
		}
	cr_assert_eq(next(&it, &e), 0);
	free(a.buf);
}

Test(cpio, the_trailer_ends_iteration_and_what_follows_is_ignored)
{
	struct ar a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	ar_file(&a, "a", 0100644, "1", 1);
	ar_trailer(&a);
	ar_put(&a, "garbage after the trailer", 25);
	cpio_iter_init(&it, a.buf, a.len);
	cr_assert_eq(next(&it, &e), 1);
	cr_assert_eq(next(&it, &e), 0);
	cr_assert_eq(next(&it, &e), 0);
	free(a.buf);
}

Test(cpio, leading_dot_and_slash_are_stripped_as_linux_resolves_them)
{
	static const char *const cases[][2] = {
		{ ".", "" },		{ "./", "" },		{ "/", "" },
		{ "./bin/sh", "bin/sh" },	{ "/etc/passwd", "etc/passwd" },
		{ "././/x", "x" },	{ "bin/sh", "bin/sh" },	{ ".hidden", ".hidden" },
		{ "../up", "../up" },	{ "./..", ".." },	{ "a/./b", "a/./b" },
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	struct ar a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	for (size_t i = 0; i < n; i++)
		ar_file(&a, cases[i][0], 040755, NULL, 0);
	ar_trailer(&a);
	cpio_iter_init(&it, a.buf, a.len);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(next(&it, &e), 1);
		cr_assert_str_eq(e.name, cases[i][1], "%s", cases[i][0]);
		cr_assert_eq(e.namelen, strlen(cases[i][1]));
	}
	cr_assert_eq(next(&it, &e), 0);
	free(a.buf);
}

static void
crc_archive(struct ar *a, uint32_t check)
{
	uint32_t f[NFIELDS] = { [MODE] = 0100644, [FILESIZE] = 11, [NAMESIZE] = 5 };

	f[CHECK] = check;
	ar_raw(a, "070702", f, "data", 5, "checksummed", 11);
	ar_file(a, "TRAILER!!!", 0, NULL, 0);
}

Test(cpio, crc_entries_are_accepted_when_the_checksum_matches)
{
	struct ar a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	crc_archive(&a, sum("checksummed", 11));
	cpio_iter_init(&it, a.buf, a.len);
	cr_assert_eq(next(&it, &e), 1);
	cr_assert_eq(e.check, sum("checksummed", 11));
	cr_assert_eq(next(&it, &e), 0);
	free(a.buf);
	memset(&a, 0, sizeof(a));
	crc_archive(&a, sum("checksummed", 11) + 1);
	cr_assert_eq(archive_result(&a), -EINVAL);
	free(a.buf);
}

Test(cpio, crc_checksums_are_checked_for_regular_files_only)
{
	uint32_t f[NFIELDS] = { [MODE] = 0120777, [FILESIZE] = 6, [NAMESIZE] = 5 };
	struct ar a = { 0 };

	/* GNU cpio writes check 0 for symlinks; Linux checks files only. */
	ar_raw(&a, "070702", f, "link", 5, "target", 6);
	ar_trailer(&a);
	cr_assert_eq(archive_result(&a), 0);
	free(a.buf);
}

Test(cpio, bad_magic_is_rejected)
{
	static const char *const magics[] = { "070707", "070703", "070700", "07070x", "170701",
					      "\0\0\0\0\0\0" };

	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		struct ar a = { 0 };

		ar_file(&a, "a", 0100644, NULL, 0);
		ar_trailer(&a);
		memcpy(a.buf, magics[i], 6);
		cr_assert_eq(archive_result(&a), -EINVAL, "magic %zu", i);
		free(a.buf);
	}
}

Test(cpio, a_non_hex_digit_in_any_field_is_rejected)
{
	static const char bad[] = "gG x-+\xff";

	for (int field = 0; field < NFIELDS; field++)
		for (size_t b = 0; b < sizeof(bad) - 1; b++) {
			struct ar a = { 0 };

			ar_file(&a, "a", 0100644, NULL, 0);
			ar_trailer(&a);
			a.buf[6 + 8 * field + (b % 8)] = (uint8_t)bad[b];
			cr_assert_eq(archive_result(&a), -EINVAL, "field %d char %zu", field, b);
			free(a.buf);
		}
}

static int
name_case(uint32_t namesize, const char *name, size_t name_len)
{
	uint32_t f[NFIELDS] = { [MODE] = 0100644 };
	struct ar a = { 0 };
	int ret;

	f[NAMESIZE] = namesize;
	ar_raw(&a, "070701", f, name, name_len, NULL, 0);
	ar_trailer(&a);
	ret = archive_result(&a);
	free(a.buf);
	return ret;
}

Test(cpio, names_must_end_in_their_only_nul_at_namesize)
{
	char *longname = malloc(CPIO_NAME_MAX + 1);

	cr_assert_eq(name_case(4, "abc", 4), 0);
	cr_assert_eq(name_case(0, "", 0), -EINVAL);
	/* namesize one short: its last byte is 'c', not NUL. */
	cr_assert_eq(name_case(3, "abc", 4), -EINVAL);
	/* A NUL inside the name. */
	cr_assert_eq(name_case(4, "a\0c", 4), -EINVAL);
	memset(longname, 'n', CPIO_NAME_MAX);
	longname[CPIO_NAME_MAX - 1] = '\0';
	cr_assert_eq(name_case(CPIO_NAME_MAX, longname, CPIO_NAME_MAX), 0);
	longname[CPIO_NAME_MAX - 1] = 'n';
	longname[CPIO_NAME_MAX] = '\0';
	cr_assert_eq(name_case(CPIO_NAME_MAX + 1, longname, CPIO_NAME_MAX + 1), -EINVAL);
	free(longname);
}

Test(cpio, nonzero_or_missing_padding_is_rejected)
{
	struct ar a = { 0 };

	/* Header + "ab\0" is 113 bytes: three bytes pad the name. */
	ar_file(&a, "ab", 0100644, "x", 1);
	ar_trailer(&a);
	cr_assert_eq(archive_result(&a), 0);
	a.buf[114] = 1;
	cr_assert_eq(archive_result(&a), -EINVAL);
	a.buf[114] = 0;
	a.buf[117] = 1;		/* the data padding: "x" at 116 */
	cr_assert_eq(archive_result(&a), -EINVAL);
	a.buf[117] = 0;
	/* Drop one padding byte after the name: everything shifts. */
	memmove(a.buf + 113, a.buf + 114, a.len - 114);
	cr_assert_eq(archive_result(&(struct ar){ a.buf, a.len - 1, a.cap }), -EINVAL);
	free(a.buf);
}

Test(cpio, data_running_past_the_buffer_is_rejected)
{
	struct ar a = { 0 };

	ar_file(&a, "big", 0100644, "abcd", 4);
	ar_trailer(&a);
	memcpy(a.buf + 6 + 8 * FILESIZE, "FFFFFFFF", 8);
	cr_assert_eq(archive_result(&a), -EINVAL);
	memcpy(a.buf + 6 + 8 * FILESIZE, "00001000", 8);
	cr_assert_eq(archive_result(&a), -EINVAL);
	memcpy(a.buf + 6 + 8 * NAMESIZE, "00000FFF", 8);
	memcpy(a.buf + 6 + 8 * FILESIZE, "00000004", 8);
	cr_assert_eq(archive_result(&a), -EINVAL);
	free(a.buf);
}

Test(cpio, every_truncation_of_an_archive_is_rejected)
{
	struct ar a = { 0 };
	int entries, ret;

	ar_file(&a, ".", 040755, NULL, 0);
	ar_file(&a, "./bin", 040755, NULL, 0);
	ar_file(&a, "./bin/hello", 0100755, "hello, world\n", 13);
	ar_file(&a, "./x", 0100644, "abc", 3);
	ar_trailer(&a);
	cr_assert_eq(count_entries(&a, a.len, &entries), 0);
	cr_assert_eq(entries, 4);
	for (size_t len = 0; len < a.len; len++) {
		ret = count_entries(&a, len, &entries);
		cr_assert_eq(ret, -EINVAL, "len %zu gave %d", len, ret);
	}
	free(a.buf);
}

Test(cpio, an_archive_without_a_trailer_is_truncated)
{
	struct ar a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	cpio_iter_init(&it, "", 0);
	cr_assert_eq(next(&it, &e), -EINVAL);
	ar_file(&a, "a", 0100644, "1", 1);
	cr_assert_eq(archive_result(&a), -EINVAL);
	free(a.buf);
}

Test(cpio, an_error_is_sticky)
{
	struct ar a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	ar_file(&a, "a", 0100644, "1", 1);
	ar_file(&a, "b", 0100644, "2", 1);
	ar_trailer(&a);
	a.buf[0] = 'x';
	cpio_iter_init(&it, a.buf, a.len);
	cr_assert_eq(next(&it, &e), -EINVAL);
	a.buf[0] = '0';
	cr_assert_eq(next(&it, &e), -EINVAL);
	free(a.buf);
}

/* ---- archives from the host's cpio ------------------------------------------ */

struct want {
	const char *name;
	uint32_t mode;
	const char *data;
};

static const struct want host_tree[] = {
	{ "", 040755, NULL },
	{ "bin", 040755, NULL },
	{ "bin/hello", 0100755, "hello, world\n" },
	{ "bin/link", 0120777, "hello" },
	{ "etc", 040755, NULL },
	{ "etc/empty", 0100644, "" },
	{ "etc/three", 0100644, "abc" },
};

static void
check_host_archive(const char *path)
{
	size_t size, n = sizeof(host_tree) / sizeof(host_tree[0]);
	uint8_t *buf = fixture_load(path, &size);
	struct cpio_iter it;
	struct cpio_entry e;

	cpio_iter_init(&it, buf, size);
	for (size_t i = 0; i < n; i++) {
		const struct want *w = &host_tree[i];

		cr_assert_eq(next(&it, &e), 1, "%s entry %zu", path, i);
		cr_assert_str_eq(e.name, w->name);
		cr_assert_eq(e.mode, w->mode, "%s: mode %o", e.name, e.mode);
		cr_assert_eq(e.uid, 0);
		cr_assert_eq(e.gid, 0);
		cr_assert_eq(e.mtime, 1700000000);
		cr_assert_geq(e.nlink, 1);
		if (w->data) {
			cr_assert_eq(e.filesize, strlen(w->data), "%s", e.name);
			cr_assert_eq(memcmp(e.data, w->data, e.filesize), 0);
		}
		if ((e.mode & 0170000) == 040000)
			cr_assert_geq(e.nlink, 2);
	}
	cr_assert_eq(next(&it, &e), 0);
	free(buf);
}

Test(cpio, host_cpio_newc_archives_are_read_field_by_field)
{
	check_host_archive(NEWC);
}

Test(cpio, host_cpio_crc_archives_pass_their_checksums)
{
	check_host_archive(CRC);
}
