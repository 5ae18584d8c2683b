/*
 * Reader for cpio archives in the "newc" format (magic 070701) and its
 * checksummed twin (070702), the format of Linux initramfs images
 * (`cpio -o -H newc`). It iterates over the entries of an archive held in
 * memory and hands out pointers into it; it copies and allocates nothing.
 *
 * Names: as Linux, which unpacks an initramfs with its working directory
 * at "/", names are relative to the root. The reader strips any leading
 * "./" and "/" sequence, so "./bin/sh", "/bin/sh" and "bin/sh" all give
 * "bin/sh", and "." (or "./", "/") gives "", which names the root
 * directory itself. The rest of the name is passed on untouched.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#define CPIO_HEADER_SIZE 110  /* 6-byte magic + 13 fields of 8 hex digits */
#define CPIO_NAME_MAX	 4096 /* namesize limit, with the NUL (PATH_MAX) */

/* File type bits of the mode field (POSIX <cpio.h>: C_ISREG...). */
#define CPIO_MODE_TYPE 0170000
#define CPIO_MODE_REG  0100000

struct cpio_entry {
	const char *name; /* normalized as above; NUL-terminated in the archive */
	size_t namelen;	  /* strlen(name) */
	const void *data; /* filesize bytes (a symlink's target) */
	size_t filesize;
	uint32_t ino;
	uint32_t mode; /* file type and permission bits, as st_mode */
	uint32_t uid;
	uint32_t gid;
	uint32_t nlink;
	uint32_t mtime;
	uint32_t devmajor;
	uint32_t devminor;
	uint32_t rdevmajor;
	uint32_t rdevminor;
	uint32_t check; /* 070702: sum of a regular file's data bytes */
};

/* Iteration state; the fields are private to cpio.c. */
struct cpio_iter {
	const uint8_t *buf;
	size_t len;
	size_t off; /* offset of the next header */
	int state;  /* 1 while iterating, 0 after the trailer, -EINVAL after an error */
};

/*
 * Start iterating over the archive in @buf (@len bytes).
 * Context: any; no locks.
 */
void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len);

/*
 * Decode the next entry into *@e. Returns 1 for an entry, 0 at the
 * "TRAILER!!!" entry (and on every call after it; bytes after the trailer
 * are ignored), or -EINVAL, then on every later call, if the archive is
 * malformed: bad magic, a header field that is not 8 hex digits, namesize
 * 0 or above CPIO_NAME_MAX, a name whose only NUL is not its last byte,
 * a header, name, data or 4-byte padding running past @len, nonzero
 * padding, a regular file in a 070702 entry whose checksum does not
 * match (as Linux, other types' check fields are ignored: GNU cpio
 * writes 0 there), or the end of the buffer before a trailer (a
 * truncated archive). *@e is written only when 1 is returned.
 * Context: any; no locks.
 */
int __must_check cpio_next(struct cpio_iter *it, struct cpio_entry *e);
