/*
 * Helpers shared by Tern's micro-benchmarks (user/bench/, run by
 * tools/bench.py, described in docs/benchmarks.md).
 *
 * A benchmark warms up, then brackets its measured loop with
 * bench_start()/bench_stop(), which read the user-visible counters
 * (instret, cycle, time) and CLOCK_MONOTONIC, and prints one line per
 * metric with bench_report():
 *
 *	BENCH name=null_syscall ops=200000 unit=op instret=... cycle=... time=... ns=...
 *
 * instret/cycle/time are counter deltas over the measured loop (time in
 * ticks of the 10 MHz timebase of QEMU virt); ns is the CLOCK_MONOTONIC
 * delta. Under QEMU's -icount with one hart instret is an exact guest
 * instruction count; otherwise it is whatever QEMU feeds the counter.
 *
 * Every failing call ends the program through bench_fail(), which prints
 *
 *	BENCH-FAIL prog=fork_exit_wait call=clone errno=ENOSYS
 *
 * and exits 1: a benchmark never measures failing calls. Calls are named
 * by their system call (glibc's fork() is "clone", waitpid() "wait4").
 * Include this header first: it defines _GNU_SOURCE, which must precede
 * libc headers.
 */
#pragma once

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/wait.h>

/* One reading of the counters; bench_stop() - bench_start() is a sample. */
struct bench_stamp {
	uint64_t instret;
	uint64_t cycle;
	uint64_t time;
	uint64_t ns;
};

/* Sums of samples over a measured loop (or several: see page_fault.c). */
struct bench_acc {
	uint64_t instret;
	uint64_t cycle;
	uint64_t time;
	uint64_t ns;
};

static inline uint64_t
bench_rdinstret(void)
{
	uint64_t v;

	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

static inline uint64_t
bench_rdcycle(void)
{
	uint64_t v;

	__asm__ __volatile__("rdcycle %0" : "=r"(v));
	return v;
}

static inline uint64_t
bench_rdtime(void)
{
	uint64_t v;

	__asm__ __volatile__("rdtime %0" : "=r"(v));
	return v;
}

/* "ENOSYS" for ENOSYS; "E?" for a number glibc has no name for. */
static inline const char *
bench_errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/*
 * Report that @call failed with the current errno and exit 1. Safe in a
 * forked child: it writes straight to fd 1 (no stdio buffer to lose or to
 * duplicate) and exits with _exit().
 */
__attribute__((noreturn)) static inline void
bench_fail(const char *call)
{
	int err = errno;

	dprintf(STDOUT_FILENO, "BENCH-FAIL prog=%s call=%s errno=%s\n",
		program_invocation_short_name, call, bench_errname(err));
	_exit(1);
}

/* Report a wrong result (not a failed call) in @what and exit 1. */
__attribute__((noreturn)) static inline void
bench_wrong(const char *what)
{
	dprintf(STDOUT_FILENO, "BENCH-FAIL prog=%s call=check what=\"%s\"\n",
		program_invocation_short_name, what);
	_exit(1);
}

/* Exit through bench_fail(@call) if @ret is negative. */
static inline void
bench_check(long ret, const char *call)
{
	if (ret < 0)
		bench_fail(call);
}

static inline uint64_t
bench_monotonic_ns(void)
{
	struct timespec ts;

	bench_check(clock_gettime(CLOCK_MONOTONIC, &ts), "clock_gettime");
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Stamp the start of a measured stretch. The clock_gettime system call
 * comes first and instret last, so the call stays out of the count.
 */
static inline void
bench_start(struct bench_stamp *s)
{
	s->ns = bench_monotonic_ns();
	s->time = bench_rdtime();
	s->cycle = bench_rdcycle();
	s->instret = bench_rdinstret();
}

/* Stamp the end of a measured stretch: the mirror image of bench_start(). */
static inline void
bench_stop(struct bench_stamp *s)
{
	s->instret = bench_rdinstret();
	s->cycle = bench_rdcycle();
	s->time = bench_rdtime();
	s->ns = bench_monotonic_ns();
}

/* Add the stretch from @a to @b to @acc. */
static inline void
bench_acc_add(struct bench_acc *acc, const struct bench_stamp *a, const struct bench_stamp *b)
{
	acc->instret += b->instret - a->instret;
	acc->cycle += b->cycle - a->cycle;
	acc->time += b->time - a->time;
	acc->ns += b->ns - a->ns;
}

/* Print the result line of metric @name: @ops operations of @unit. */
static inline void
bench_report(const char *name, uint64_t ops, const char *unit, const struct bench_acc *acc)
{
	dprintf(STDOUT_FILENO,
		"BENCH name=%s ops=%llu unit=%s instret=%llu cycle=%llu time=%llu ns=%llu\n", name,
		(unsigned long long)ops, unit, (unsigned long long)acc->instret,
		(unsigned long long)acc->cycle, (unsigned long long)acc->time,
		(unsigned long long)acc->ns);
}

/* Report one stretch from @a to @b as metric @name. */
static inline void
bench_report_span(const char *name, uint64_t ops, const char *unit, const struct bench_stamp *a,
		  const struct bench_stamp *b)
{
	struct bench_acc acc = { 0 };

	bench_acc_add(&acc, a, b);
	bench_report(name, ops, unit, &acc);
}

/*
 * The iteration count: argv[1] if given (a positive number; tools/bench.py
 * passes one for quick runs), else @dflt. A bad argument exits 2.
 */
static inline long
bench_iterations(int argc, char **argv, long dflt)
{
	char *end;
	long n;

	if (argc < 2)
		return dflt;
	errno = 0;
	n = strtol(argv[1], &end, 10);
	if (errno || *end || n <= 0) {
		dprintf(STDOUT_FILENO, "BENCH-FAIL prog=%s call=usage what=\"bad count %s\"\n",
			program_invocation_short_name, argv[1]);
		_exit(2);
	}
	return n;
}

/*
 * Reap child @pid with waitpid() (wait4) and require that it exited with
 * @want; exits through bench_fail()/bench_wrong() otherwise.
 */
static inline void
bench_reap(pid_t pid, int want)
{
	pid_t got;
	int status;

	got = waitpid(pid, &status, 0);
	if (got < 0)
		bench_fail("wait4");
	if (got != pid)
		bench_wrong("wait4 reaped another pid");
	if (!WIFEXITED(status))
		bench_wrong("child did not exit normally");
	if (WEXITSTATUS(status) != want)
		bench_wrong("child exited with an unexpected status");
}

/* Require that a read from @fd returns 0 (end of file). */
static inline void
bench_expect_eof(int fd)
{
	char c;
	ssize_t r = read(fd, &c, 1);

	bench_check(r, "read");
	if (r != 0)
		bench_wrong("data where EOF was expected");
}
