/*
 * efault: the time system calls with hostile pointers and bad values,
 * through raw system calls: NULL, a low unmapped address, a range that
 * starts below the top of Sv39 user space (0x4000000000) and runs past
 * it, a kernel address and a read-only page must give EFAULT (a
 * misaligned buffer is fine); bad timespecs, clock ids and rusage
 * targets give EINVAL, checked before any pointer. The same on Linux
 * (qemu-riscv64) and Tern except the cases in errno_order.c. Exits 0
 * only if every result is the expected one.
 */
#include "time_test.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>

/* 4 bytes below the top of user space: every structure runs past it. */
#define STRADDLE_TOP 0x3ffffffffcUL
#define KERNEL_ADDR  0xffffffc000000000UL

static void
expect(const char *call, long ret, int err, const char *want)
{
	char got[OUTCOME_LEN];

	outcome(got, ret, err);
	printf("%s = %s\n", call, got);
	if (strcmp(got, want)) {
		printf("  FAIL: expected %s\n", want);
		time_test_failed = true;
	}
}

struct bad_ptr {
	const char *name;
	void *ptr;
};

static void
writes(const struct bad_ptr *bad, size_t n)
{
	char call[96];

	for (size_t i = 0; i < n; i++) {
		void *p = bad[i].ptr;

		snprintf(call, sizeof(call), "clock_gettime(MONOTONIC, %s)", bad[i].name);
		expect(call, syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p), errno, "-1 EFAULT");
		snprintf(call, sizeof(call), "getrusage(RUSAGE_SELF, %s)", bad[i].name);
		expect(call, syscall(SYS_getrusage, RUSAGE_SELF, p), errno, "-1 EFAULT");
		snprintf(call, sizeof(call), "getrusage(RUSAGE_CHILDREN, %s)", bad[i].name);
		expect(call, syscall(SYS_getrusage, RUSAGE_CHILDREN, p), errno, "-1 EFAULT");
		/* For these NULL means "not wanted" (see bad_values). */
		if (!p)
			continue;
		snprintf(call, sizeof(call), "gettimeofday(%s, NULL)", bad[i].name);
		expect(call, syscall(SYS_gettimeofday, p, NULL), errno, "-1 EFAULT");
		snprintf(call, sizeof(call), "gettimeofday(NULL, %s)", bad[i].name);
		expect(call, syscall(SYS_gettimeofday, NULL, p), errno, "-1 EFAULT");
		snprintf(call, sizeof(call), "times(%s)", bad[i].name);
		expect(call, syscall(SYS_times, p), errno, "-1 EFAULT");
	}
}

static void
reads(const struct bad_ptr *bad, size_t n)
{
	struct timespec ok = { 0, 1 };
	char call[96];

	for (size_t i = 0; i < n; i++) {
		void *p = bad[i].ptr;

		snprintf(call, sizeof(call), "clock_nanosleep(MONOTONIC, 0, %s, NULL)", bad[i].name);
		expect(call, syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, p, NULL), errno,
		       "-1 EFAULT");
		/* rmtp is written only when a signal cuts the sleep short. */
		snprintf(call, sizeof(call), "nanosleep({0, 1}, %s)", bad[i].name);
		expect(call, syscall(SYS_nanosleep, &ok, p), errno, "0");
		snprintf(call, sizeof(call), "clock_nanosleep(MONOTONIC, 0, {0, 1}, %s)",
			 bad[i].name);
		expect(call, syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ok, p), errno, "0");
	}
}

static void
bad_values(void)
{
	static const struct timespec bad_ts[] = { { 0, 1000000000 }, { 0, -1 }, { -1, 0 } };
	struct timespec past = { 0, 0 };
	struct rusage ru;

	for (size_t i = 0; i < 3; i++) {
		char call[96];

		snprintf(call, sizeof(call), "nanosleep({%ld, %ld}, NULL)", (long)bad_ts[i].tv_sec,
			 bad_ts[i].tv_nsec);
		expect(call, syscall(SYS_nanosleep, &bad_ts[i], NULL), errno, "-1 EINVAL");
		snprintf(call, sizeof(call), "clock_nanosleep(REALTIME, ABSTIME, {%ld, %ld}, NULL)",
			 (long)bad_ts[i].tv_sec, bad_ts[i].tv_nsec);
		expect(call, syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &bad_ts[i], NULL),
		       errno, "-1 EINVAL");
	}
	expect("clock_gettime(12, NULL)", syscall(SYS_clock_gettime, 12, NULL), errno, "-1 EINVAL");
	expect("clock_getres(12, NULL)", syscall(SYS_clock_getres, 12, NULL), errno, "-1 EINVAL");
	expect("clock_nanosleep(12, 0, {0, 0}, NULL)", syscall(SYS_clock_nanosleep, 12, 0, &past, NULL),
	       errno, "-1 EINVAL");
	expect("clock_nanosleep(MONOTONIC, 0x100, {0, 0}, NULL)",
	       syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0x100, &past, NULL), errno, "0");
	expect("getrusage(2, &ru)", syscall(SYS_getrusage, 2, &ru), errno, "-1 EINVAL");
	/* RUSAGE_BOTH (-2) is for wait4's own use. */
	expect("getrusage(-2, &ru)", syscall(SYS_getrusage, -2, &ru), errno, "-1 EINVAL");
	expect("getrusage(-3, &ru)", syscall(SYS_getrusage, -3, &ru), errno, "-1 EINVAL");
	expect("getrusage(5, NULL)", syscall(SYS_getrusage, 5, NULL), errno, "-1 EINVAL");
	expect("getrusage(RUSAGE_THREAD, &ru)", syscall(SYS_getrusage, RUSAGE_THREAD, &ru), errno,
	       "0");
	expect("gettimeofday(NULL, NULL)", syscall(SYS_gettimeofday, NULL, NULL), errno, "0");
	expect("times(NULL)", syscall(SYS_times, NULL), errno, "positive");
}

static void
misaligned(void)
{
	/* Alignment does not matter to the kernel's copies. */
	static char buf[sizeof(struct rusage) + 16] __attribute__((aligned(16)));

	expect("clock_gettime(MONOTONIC, buf + 1)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, buf + 1),
	       errno, "0");
	expect("clock_getres(MONOTONIC, buf + 3)", syscall(SYS_clock_getres, CLOCK_MONOTONIC, buf + 3),
	       errno, "0");
	expect("gettimeofday(buf + 5, buf + 1)", syscall(SYS_gettimeofday, buf + 5, buf + 1), errno,
	       "0");
	expect("times(buf + 7)", syscall(SYS_times, buf + 7), errno, "positive");
	expect("getrusage(RUSAGE_SELF, buf + 1)", syscall(SYS_getrusage, RUSAGE_SELF, buf + 1), errno,
	       "0");
}

int
main(void)
{
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	const struct bad_ptr bad[] = {
		{ "NULL", NULL },
		{ "0x1", (void *)1 },
		{ "0x3ffffffffc", (void *)STRADDLE_TOP },
		{ "0xffffffc000000000", (void *)KERNEL_ADDR },
		{ "read-only page", ro },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (ro == MAP_FAILED) {
		printf("mmap: %s\n", err_name(errno));
		return 2;
	}
	writes(bad, sizeof(bad) / sizeof(bad[0]));
	/* A read-only page is fine to read from: the reads take the others. */
	reads(bad, sizeof(bad) / sizeof(bad[0]) - 1);
	bad_values();
	misaligned();
	return time_test_exit();
}
