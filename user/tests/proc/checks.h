/*
 * Helpers shared by the process and memory test programs (tests/proc/NAME,
 * tests/mm/NAME). Every program prints one line per observation, the same
 * on Linux (qemu-riscv64) and on Tern -- values, errno names and wait
 * statuses, never addresses or pids -- and exits 0 only if each
 * observation was the expected one. Children never print: they report
 * through their exit status or a shared page, so the output order is
 * fixed. Include this header first.
 *
 * (This header is not listed as a prerequisite by the Makefile: after
 * changing it, touch the programs that include it.)
 */
#pragma once

#include "tern_test.h"

#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* 16 bytes below the top of Sv39 user space: a 64-byte object there runs
 * into the non-canonical hole. */
#define STRADDLE_TOP ((void *)0x3ffffffff0UL)
/* The first address of the kernel half under Sv39. */
#define KERNEL_ADDR  ((void *)0xffffffc000000000UL)

#define PAGE 4096UL
#define MiB  (1024UL * 1024UL)

static bool all_ok = true;

/*
 * "strict" as the program's argument adds the checks where qemu-user
 * itself differs from Linux: those run on Tern only (the program says
 * at each why qemu-user differs and which Linux behaviour it holds Tern
 * to). Without it a program prints the same under qemu-riscv64 as on
 * Linux.
 */
static bool strict;

/* "what: yes" if good, else "what: NO". */
static inline void
check(const char *what, bool good)
{
	printf("%s: %s\n", what, good ? "yes" : "NO");
	all_ok = all_ok && good;
}

/* For a call expected to fail: "call = -1 ENAME"; ok only if it failed
 * with want. */
static inline void
expect_err(const char *call, long ret, int want)
{
	int err = errno;

	if (ret == -1 && err == want) {
		printf("%s = -1 %s\n", call, err_name(err));
	} else if (ret == -1) {
		printf("%s = -1 %s (expected -1 %s)\n", call, err_name(err), err_name(want));
		all_ok = false;
	} else {
		printf("%s = %ld (expected -1 %s)\n", call, ret, err_name(want));
		all_ok = false;
	}
}

/* expect_err for a call that creates a process when it succeeds (fork,
 * clone, clone3): a child created by mistake exits at once and is reaped,
 * so that only the caller goes on. */
static inline void
expect_fork_err(const char *call, long ret, int want)
{
	int err = errno;

	if (ret == 0)
		_exit(0);
	if (ret > 0)
		waitpid((pid_t)ret, NULL, __WALL);
	errno = err;
	expect_err(call, ret, want);
}

/* For a call expected to return want: "call = want", or what it gave. */
static inline void
expect_ret(const char *call, long ret, long want)
{
	int err = errno;

	if (ret == -1 && want != -1)
		printf("%s = -1 %s (expected %ld)\n", call, err_name(err), want);
	else
		printf("%s = %ld\n", call, ret);
	all_ok = all_ok && ret == want;
}

/* "exit N", "killed by SIGNAME" or "killed by SIGNAME (core dumped)";
 * -2 is in_child_deadline's "still running". */
static inline const char *
status_str(int st)
{
	static char buf[64];

	if (st == -2)
		snprintf(buf, sizeof(buf), "still running after the deadline (hung?)");
	else if (st == -1)
		snprintf(buf, sizeof(buf), "no child (fork or wait failed)");
	else if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by SIG%s%s", sigabbrev_np(WTERMSIG(st)),
			 WCOREDUMP(st) ? " (core dumped)" : "");
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

/* Wait for pid and print "what: STATUS"; ok only if the status is want
 * (a wait status as W_EXITCODE(code, 0) or a bare signal number). */
static inline int
expect_status(const char *what, pid_t pid, int want)
{
	int st = -1;
	pid_t got = waitpid(pid, &st, 0);

	if (got != pid) {
		printf("%s: waitpid = %d %s\n", what, (int)got, err_name(errno));
		all_ok = false;
		return -1;
	}
	printf("%s: %s\n", what, status_str(st));
	all_ok = all_ok && st == want;
	return st;
}

/* Run fn(arg) in a child and return its wait status (-1 if fork failed).
 * stdout is flushed first so the child cannot print it twice. */
static inline int
in_child(int (*fn)(void *), void *arg)
{
	int st = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/*
 * Like in_child, but gives up after `seconds`: returns -2 if the child
 * has not exited by then (after trying to kill it: Linux can, and a
 * kernel without kill(2) keeps the child spinning, harmlessly, until
 * init exits). For accesses that a broken kernel might fault on forever.
 */
static inline int
in_child_deadline(int (*fn)(void *), void *arg, int seconds)
{
	struct timespec start, now;
	int st = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t got = waitpid(pid, &st, WNOHANG);

		if (got == pid)
			return st;
		if (got < 0)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= seconds) {
			kill(pid, SIGKILL);
			return -2;
		}
		sched_yield();
	}
}

/* A page shared with every child forked after this call, zeroed. */
static inline void *
shared_page(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("mmap(MAP_SHARED|MAP_ANONYMOUS) failed: %s\n", err_name(errno));
		exit(1);
	}
	memset(p, 0, size);
	return p;
}

/* An address where nothing is mapped: a page mapped and unmapped again. */
static inline void *
unmapped_page(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p, PAGE)) {
		printf("cannot make an unmapped page: %s\n", err_name(errno));
		exit(1);
	}
	return p;
}

/*
 * The last page of user space, mapped and writable, its last 16 bytes
 * holding no NUL: a string read from STRADDLE_TOP, or a pointer array
 * whose second entry would sit at the top, runs off the end of user
 * space. On Linux the page is free and mapped here; on Tern the stack
 * already occupies it (the bytes overwritten there, the top of the
 * strings exec put on the stack, are no longer needed).
 */
static inline char *
top_page(void)
{
	char *page = (char *)STRADDLE_TOP - (PAGE - 16);
	void *p = mmap(page, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED && errno != EEXIST) {
		printf("cannot map the top page: %s\n", err_name(errno));
		exit(1);
	}
	memset(page + PAGE - 16, 'A', 16);
	return page;
}

/* Free RAM in bytes, from sysinfo. */
static inline unsigned long
free_ram(void)
{
	struct sysinfo si;

	if (sysinfo(&si)) {
		printf("sysinfo failed: %s\n", err_name(errno));
		exit(1);
	}
	return si.freeram * si.mem_unit;
}

/* Line-buffered stdout and no core files (qemu-user would write one for
 * every deliberate crash; Linux's init starts with RLIMIT_CORE 0 too);
 * "strict" mode if asked for. */
static inline void
test_setup_args(int argc, char **argv)
{
	struct rlimit nocore = { 0, 0 };

	strict = argc > 1 && !strcmp(argv[1], "strict");
	setvbuf(stdout, NULL, _IOLBF, 0);
	setrlimit(RLIMIT_CORE, &nocore);
}

static inline void
test_setup(void)
{
	test_setup_args(0, NULL);
}

static inline int
test_result(void)
{
	printf("%s\n", all_ok ? "PASS" : "FAIL");
	return all_ok ? 0 : 1;
}
