/*
 * Helpers shared by the file-system test programs (tests/fs/NAME). Each
 * program prints one line per observation -- errno names, sizes, link
 * counts, "yes"/"NO" for relations between values -- never inode numbers,
 * device numbers of files, timestamps or addresses, so that the output is
 * the same on Linux (qemu-riscv64, the oracle) and on Tern; it exits 0
 * only if every observation was the expected one.
 *
 * Run with the argument "strict", a program adds the checks where
 * qemu-user is known to differ from Linux (the man page wins, as
 * NOTES.md says); tests/system/test_fs.py runs those on Tern only.
 *
 * Every program works in a fresh scratch directory: under /dev/shm when
 * that exists (a tmpfs, on the Linux host: the file system closest to
 * Tern's ramfs), else under /tmp (on Tern). Paths in the output are
 * relative to it. Include this header first.
 *
 * (The Makefile does not list this header as a prerequisite: after
 * changing it, touch the programs that include it.)
 */
#pragma once

#include "tern_test.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Hostile pointers (volatile: the compiler must not reason about them):
 * NULL, a low address nothing is mapped at, the first address of the
 * kernel half under Sv39, and 16 bytes below the top of Sv39 user space
 * (64 bytes there run into the non-canonical hole). */
static char *volatile const hostile_ptrs[] = {
	(char *)0, (char *)0x1000UL, (char *)0xffffffc000000000UL, (char *)0x3ffffffff0UL,
};
#define NULLP	     (hostile_ptrs[0])
#define UNMAPPED     (hostile_ptrs[1])
#define KERNEL_ADDR  (hostile_ptrs[2])
#define STRADDLE_TOP (hostile_ptrs[3])

static bool all_ok = true;
static bool strict; /* argv[1] == "strict": add the Linux-only checks */
static char scratch[64];

/* "what: yes" if good, else "what: NO". */
static inline void
check(const char *what, bool good)
{
	printf("%s: %s\n", what, good ? "yes" : "NO");
	all_ok = all_ok && good;
}

/* "call = -1 ENAME"; ok only if the call failed with want. */
static inline void
expect_err(const char *call, long ret, int want)
{
	int err = errno;

	if (ret == -1) {
		printf("%s = -1 %s", call, err_name(err));
		printf(err == want ? "\n" : " (expected %s)\n", err_name(want));
		all_ok = all_ok && err == want;
	} else {
		printf("%s = %ld (expected -1 %s)\n", call, ret, err_name(want));
		all_ok = false;
	}
}

/* "call = ok" for a call that must succeed (any ret >= 0). Returns ret. */
static inline long
expect_ok(const char *call, long ret)
{
	if (ret >= 0) {
		printf("%s = ok\n", call);
	} else {
		printf("%s = -1 %s (expected success)\n", call, err_name(errno));
		all_ok = false;
	}
	return ret;
}

/* "call = N" for a call that must return exactly want. */
static inline long
expect_val(const char *call, long ret, long want)
{
	if (ret == -1)
		printf("%s = -1 %s (expected %ld)\n", call, err_name(errno), want);
	else
		printf("%s = %ld%s\n", call, ret, ret == want ? "" : " (unexpected)");
	all_ok = all_ok && ret == want;
	return ret;
}

/* "what = 0NNN" for a file mode that must be want. */
static inline void
expect_mode(const char *what, long mode, long want)
{
	printf("%s = 0%lo%s\n", what, mode, mode == want ? "" : " (unexpected)");
	all_ok = all_ok && mode == want;
}

#define ERR(call, e) expect_err(#call, (long)(call), e)
#define OK(call)     expect_ok(#call, (long)(call))
#define VAL(call, v) expect_val(#call, (long)(call), (long)(v))
#define MODE(x, v)   expect_mode(#x, (long)(x), (long)(v))

/* Remove name (in directory dfd) and everything below it (best effort). */
static inline void
rm_at(int dfd, const char *name)
{
	struct dirent *e;
	DIR *d;
	int fd;

	if (unlinkat(dfd, name, 0) == 0 || errno != EISDIR)
		return;
	fchmodat(dfd, name, 0700, 0);
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd >= 0 && (d = fdopendir(fd))) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				rm_at(fd, e->d_name);
		closedir(d);
	} else if (fd >= 0) {
		close(fd);
	}
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Make a fresh scratch directory and enter it; note "strict". */
static inline void
enter_scratch(int argc, char **argv)
{
	strict = argc > 1 && !strcmp(argv[1], "strict");
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	setvbuf(stdout, NULL, _IOLBF, 0);
	umask(022);
	snprintf(scratch, sizeof(scratch), "%s/ternfs.XXXXXX", base);
	if (!mkdtemp(scratch) || chdir(scratch)) {
		printf("cannot make a scratch directory: %s\n", err_name(errno));
		exit(2);
	}
}

/* Leave and remove the scratch directory; print the verdict and return
 * the exit status. */
static inline int
finish(void)
{
	if (chdir("/") == 0)
		rm_at(AT_FDCWD, scratch);
	printf("%s\n", all_ok ? "PASS" : "FAIL");
	return all_ok ? 0 : 1;
}

/* Write a whole file (created 0644, truncated). */
static inline void
put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		printf("put_file %s: %s\n", path, err_name(errno));
		all_ok = false;
	}
	if (fd >= 0)
		close(fd);
}

/* Read up to n-1 bytes of a file as a string ("<ENAME>" on error). */
static inline const char *
get_file(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0) {
		snprintf(buf, n, "<%s>", err_name(errno));
		return buf;
	}
	r = read(fd, buf, n - 1);
	close(fd);
	buf[r < 0 ? 0 : r] = '\0';
	return buf;
}

/* lstat that yields a zeroed struct on failure. */
static inline struct stat
lst(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		memset(&st, 0, sizeof(st));
	return st;
}

static inline bool
ts_eq(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static inline bool
ts_after(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* Let the clock move on (20 ms), so a timestamp set after this differs
 * from one set before even on a coarse file-system clock. */
static inline void
tick(void)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 20000000L);
}

/* Set a file's atime and mtime to fixed old values (1000 s, 2000 s). */
static inline void
age(const char *path)
{
	struct timespec t[2] = { { 1000, 0 }, { 2000, 0 } };

	if (utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW)) {
		printf("age %s: %s\n", path, err_name(errno));
		all_ok = false;
	}
}

static inline bool
mtime_old(const char *path)
{
	return lst(path).st_mtim.tv_sec == 2000;
}

static inline bool
atime_old(const char *path)
{
	return lst(path).st_atim.tv_sec == 1000;
}
