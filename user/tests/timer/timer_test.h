/*
 * Helpers shared by the timer tests (user/tests/timer/NAME, run by
 * tests/system/test_timer.py). Each program prints one line per
 * observation -- "what: ok", a call and its errno name, a count rounded
 * to what it must be -- the same on Linux (qemu-riscv64) and Tern, and
 * exits 0 only if every observation was the expected one. Timing checks
 * have generous bounds (QEMU on a loaded host) but still fail when the
 * feature is broken: a timer that never fires, fires early, keeps firing
 * after it was stopped, or counts the wrong time. Details of a failure
 * go after "FAIL", so a passing run prints no times. Every wait is
 * bounded. Include this header first; it brings in the time tests'
 * helpers (CHECK, clock_ns, ns_ts, the PASS/FAIL tally).
 */
#pragma once

#include "tern_test.h"
#include "../time/time_test.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* glibc before 2.37 has the field but not its name. */
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static inline uint64_t
tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NS_PER_S + (uint64_t)tv->tv_usec * 1000;
}

static inline struct timeval
ns_tv(uint64_t ns)
{
	struct timeval tv = { (time_t)(ns / NS_PER_S), (suseconds_t)(ns % NS_PER_S / 1000) };

	return tv;
}

static inline uint64_t
now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static inline void
sleep_ns(uint64_t ns)
{
	struct timespec ts = ns_ts(ns);

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Spin in user mode until flag is set or this process has had ns of
 * CPU time more; false if ns of CPU time took over 30 s of wall time. */
static inline bool
spin_cpu(uint64_t ns, volatile sig_atomic_t *flag)
{
	uint64_t end = clock_ns(CLOCK_PROCESS_CPUTIME_ID) + ns;
	uint64_t give_up = now_ns() + 30 * NS_PER_S;
	volatile uint64_t sink = 0;

	while (!(flag && *flag) && clock_ns(CLOCK_PROCESS_CPUTIME_ID) < end) {
		if (now_ns() > give_up)
			return false;
		for (int i = 0; i < 20000; i++)
			sink += (uint64_t)i;
	}
	return true;
}

/* "call = 0", "call = -1 EINVAL" or "call = positive": the printed
 * outcome of a raw call; a failure unless it is want. */
static inline void
expect(const char *call, long ret, const char *want)
{
	int err = errno;
	char got[48];

	if (ret == -1)
		snprintf(got, sizeof(got), "-1 %s", err_name(err));
	else if (ret == 0)
		snprintf(got, sizeof(got), "0");
	else
		snprintf(got, sizeof(got), "positive");
	printf("%s = %s\n", call, got);
	if (strcmp(got, want)) {
		printf("  FAIL: expected %s\n", want);
		time_test_failed = true;
	}
}

/* Block (how = SIG_BLOCK) or unblock signal sig in the calling thread. */
static inline void
mask_signal(int how, int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(how, &set, NULL);
}

static inline void
handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Wait up to ns for sig (blocked by the caller); 0 on a timeout. */
static inline int
wait_signal(int sig, uint64_t ns, siginfo_t *info)
{
	struct timespec ts = ns_ts(ns);
	sigset_t set;
	int r;

	sigemptyset(&set);
	sigaddset(&set, sig);
	do
		r = sigtimedwait(&set, info, &ts);
	while (r < 0 && errno == EINTR);
	return r < 0 ? 0 : r;
}

/* A raw timer_create: the kernel's timer id, or -1. */
static inline int
timer_new(clockid_t clock, struct sigevent *ev)
{
	int id;

	if (syscall(SYS_timer_create, clock, ev, &id))
		return -1;
	return id;
}

/* Raw timer_settime of id: first expiry value_ns (0 disarms), then every
 * interval_ns. Returns the call's result. */
static inline long
timer_arm(int id, int flags, uint64_t value_ns, uint64_t interval_ns)
{
	struct itimerspec its = { ns_ts(interval_ns), ns_ts(value_ns) };

	return syscall(SYS_timer_settime, id, flags, &its, NULL);
}

static inline struct sigevent
sigev_signal(int sig, int value)
{
	struct sigevent ev;

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = sig;
	ev.sigev_value.sival_int = value;
	return ev;
}

/* fork, with stdout flushed first: a child that exits through exit()
 * would print the parent's buffered lines again. */
static inline pid_t
fork_flushed(void)
{
	fflush(stdout);
	return fork();
}

/* This program's path, to exec it again: /proc/self/exe where there is
 * one (qemu-riscv64 runs it from the host's build tree), else argv0. */
static inline const char *
self_path(const char *argv0)
{
	static char self[512];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return argv0;
	self[n] = '\0';
	return self;
}

/*
 * Exec this program again with one argument. Under qemu-riscv64 (the
 * oracle), a riscv64 program cannot execve another (the host has no
 * binfmt_misc entry for it), so it execs the host's qemu-riscv64 on
 * itself: the host kernel's execve is still the one under test. Tern
 * has no /usr/bin/qemu-riscv64 and execs the program directly. Returns
 * only on failure.
 */
#define QEMU_USER "/usr/bin/qemu-riscv64"
static inline void
exec_self(const char *self, const char *arg)
{
	if (access(QEMU_USER, X_OK) == 0)
		execl(QEMU_USER, QEMU_USER, self, arg, (char *)NULL);
	else
		execl(self, self, arg, (char *)NULL);
}
