/*
 * Helpers shared by the thread and signal tests (tests/thread/NAME,
 * tests/signal/NAME; tests/system/test_thread.py and test_signal.py).
 * Every program prints one line per observation, the same on Linux
 * (qemu-riscv64) and on Tern -- values, errno names, wait statuses and
 * yes/NO verdicts, never addresses, tids or times -- and exits 0 only if
 * each observation was the expected one. Only the main thread prints, and
 * only between phases (threads report through memory, children through
 * their exit status or a shared page), so the output order is fixed.
 * Every wait is bounded: a test that goes wrong fails, it does not hang.
 * Include this header first.
 */
#pragma once

#include "tern_test.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* 16 bytes below the top of Sv39 user space: an object there of more
 * than 16 bytes runs into the non-canonical hole. */
#define STRADDLE_TOP ((void *)0x3ffffffff0UL)
/* The first address of the kernel half under Sv39. */
#define KERNEL_ADDR  ((void *)0xffffffc000000000UL)

#define PAGE	     4096UL
#define NS_PER_MS    1000000LL
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static bool all_ok = true;

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

	if (ret == -1) {
		printf("%s = -1 %s\n", call, err_name(err));
		all_ok = all_ok && err == want;
	} else {
		printf("%s = %ld (expected -1 %s)\n", call, ret, err_name(want));
		all_ok = false;
	}
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

/* For a pthread-style call returning an error number: "call = ENAME"
 * (or "= 0"); ok only if it returned want. */
static inline void
expect_errnum(const char *call, int ret, int want)
{
	printf("%s = %s\n", call, ret ? err_name(ret) : "0");
	all_ok = all_ok && ret == want;
}

/* "exit N", "killed by SIGNAME", "killed by SIGNAME (core dumped)",
 * "stopped by SIGNAME" or "continued". */
static inline const char *
status_str(int st)
{
	static char buf[64];

	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by SIG%s%s", sigabbrev_np(WTERMSIG(st)),
			 WCOREDUMP(st) ? " (core dumped)" : "");
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by SIG%s", sigabbrev_np(WSTOPSIG(st)));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof(buf), "continued");
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

static inline int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * NS_PER_MS };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* An absolute CLOCK_REALTIME deadline ms from now (pthread timed calls). */
static inline struct timespec
deadline_ms(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * NS_PER_MS;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/* Poll until *word == want, for at most ms; true if it got there. */
static inline bool
wait_for_value(volatile int *word, int want, long ms)
{
	int64_t end = now_ns() + ms * NS_PER_MS;

	while (__atomic_load_n(word, __ATOMIC_ACQUIRE) != want) {
		if (now_ns() > end)
			return false;
		sleep_ms(1);
	}
	return true;
}

/* Poll until *word >= want, for at most ms; true if it got there. */
static inline bool
wait_for_at_least(volatile int *word, int want, long ms)
{
	int64_t end = now_ns() + ms * NS_PER_MS;

	while (__atomic_load_n(word, __ATOMIC_ACQUIRE) < want) {
		if (now_ns() > end)
			return false;
		sleep_ms(1);
	}
	return true;
}

/*
 * waitpid(pid, &st, flags) for at most ms: polls with WNOHANG. Returns
 * what waitpid returned; on a timeout, kills the child with SIGKILL,
 * reaps it and returns 0 with st = -1.
 */
static inline pid_t
waitpid_bounded(pid_t pid, int *st, int flags, long ms)
{
	int64_t end = now_ns() + ms * NS_PER_MS;
	pid_t got;

	for (;;) {
		got = waitpid(pid, st, flags | WNOHANG);
		if (got != 0)
			return got;
		if (now_ns() > end)
			break;
		sleep_ms(1);
	}
	*st = -1;
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return 0;
}

/* Wait (10 s at most) for pid and print "what: STATUS"; ok only if the
 * status is want (as W_EXITCODE(code, sig) builds it). */
static inline int
expect_status(const char *what, pid_t pid, int want)
{
	int st = -1;
	pid_t got = waitpid_bounded(pid, &st, 0, 10000);

	if (got != pid) {
		printf("%s: waitpid = %d %s\n", what, (int)got, got ? err_name(errno) : "timeout");
		all_ok = false;
		return -1;
	}
	printf("%s: %s\n", what, status_str(st));
	all_ok = all_ok && st == want;
	return st;
}

/* Wait (10 s at most) for pid and print "what: killed by SIGNAME"; ok
 * only if a signal sig killed it, core-dump bit or not. */
static inline int
expect_killed(const char *what, pid_t pid, int sig)
{
	int st = -1;
	pid_t got = waitpid_bounded(pid, &st, 0, 10000);

	if (got != pid) {
		printf("%s: waitpid = %d %s\n", what, (int)got, got ? err_name(errno) : "timeout");
		all_ok = false;
		return -1;
	}
	printf("%s: %s\n", what, status_str(WIFSIGNALED(st) ? st & 0x7f : st));
	all_ok = all_ok && WIFSIGNALED(st) && WTERMSIG(st) == sig;
	return st;
}

/* fork() after flushing stdout, so the child cannot print it twice. A
 * failed fork ends the test: a pid of -1 must never reach kill(), where
 * it would mean every process (on the oracle, every process on the
 * host). */
static inline pid_t
fork_flushed(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("fork: %s\n", err_name(errno));
		exit(1);
	}
	return pid;
}

/* Run fn(arg) in a child and return its wait status (-1 on failure or
 * after 10 s). */
static inline int
in_child(int (*fn)(void *), void *arg)
{
	int st = -1;
	pid_t pid = fork_flushed();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid_bounded(pid, &st, 0, 10000) != pid)
		return -1;
	return st;
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
 * Make the last page of user space mapped and writable, so that an
 * object at STRADDLE_TOP starts in mapped memory and runs off the end of
 * user space. On Linux the page is free and mapped here; on Tern the
 * stack already occupies it (only its last 16 bytes are overwritten, the
 * top of the strings exec put there, no longer needed).
 */
static inline void
map_top_page(void)
{
	char *page = (char *)STRADDLE_TOP - (PAGE - 16);
	void *p = mmap(page, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED && errno != EEXIST) {
		printf("cannot map the top page: %s\n", err_name(errno));
		exit(1);
	}
	memset(page + PAGE - 16, 0, 16);
}

/* The raw futex system call. */
static inline long
futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout_or_val2, uint32_t *uaddr2,
      uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

static inline pid_t
gettid_raw(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Line-buffered stdout and no core files (qemu-user would write one for
 * every deliberate crash; Linux's init starts with RLIMIT_CORE 0 too). */
static inline void
test_setup(void)
{
	struct rlimit nocore = { 0, 0 };

	setvbuf(stdout, NULL, _IOLBF, 0);
	setrlimit(RLIMIT_CORE, &nocore);
}

static inline int
test_result(void)
{
	printf("%s\n", all_ok ? "PASS" : "FAIL");
	return all_ok ? 0 : 1;
}
