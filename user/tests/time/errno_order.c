/*
 * errno_order: the time-call results where qemu-riscv64 does not give
 * what the Linux kernel gives, checked against Linux's source:
 *  - clock_getres() with a bad buffer is EFAULT (posix-timers.c
 *    clock_getres: put_timespec64 fails); qemu-user ignores the failed
 *    copy and says 0;
 *  - nanosleep() with a bad request is EFAULT (hrtimer.c: get_timespec64
 *    fails first); qemu-user ignores the failed copy and says EINVAL;
 *  - clock_nanosleep() on a clock Linux cannot sleep on is EOPNOTSUPP,
 *    and on an unknown clock EINVAL, before the request is read
 *    (posix-timers.c clock_nanosleep: the k_clock checks come first);
 *    qemu-user copies the request first and says EFAULT.
 * Exits 0 only if every result is Linux's.
 */
#include "time_test.h"

#include <sys/mman.h>

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

int
main(void)
{
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *low = (void *)1, *top = (void *)0x3ffffffffcUL;
	void *kern = (void *)0xffffffc000000000UL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	expect("clock_getres(MONOTONIC, 0x1)", syscall(SYS_clock_getres, CLOCK_MONOTONIC, low), errno,
	       "-1 EFAULT");
	expect("clock_getres(MONOTONIC, 0x3ffffffffc)",
	       syscall(SYS_clock_getres, CLOCK_MONOTONIC, top), errno, "-1 EFAULT");
	expect("clock_getres(MONOTONIC, 0xffffffc000000000)",
	       syscall(SYS_clock_getres, CLOCK_MONOTONIC, kern), errno, "-1 EFAULT");
	expect("clock_getres(REALTIME, read-only page)",
	       syscall(SYS_clock_getres, CLOCK_REALTIME, ro), errno, "-1 EFAULT");
	expect("nanosleep(NULL, NULL)", syscall(SYS_nanosleep, NULL, NULL), errno, "-1 EFAULT");
	expect("nanosleep(0x1, NULL)", syscall(SYS_nanosleep, low, NULL), errno, "-1 EFAULT");
	expect("nanosleep(0x3ffffffffc, NULL)", syscall(SYS_nanosleep, top, NULL), errno,
	       "-1 EFAULT");
	expect("nanosleep(0xffffffc000000000, NULL)", syscall(SYS_nanosleep, kern, NULL), errno,
	       "-1 EFAULT");
	expect("clock_nanosleep(THREAD_CPUTIME_ID, 0, NULL, NULL)",
	       syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, NULL, NULL), errno,
	       "-1 EOPNOTSUPP");
	expect("clock_nanosleep(MONOTONIC_RAW, 0, NULL, NULL)",
	       syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, NULL, NULL), errno,
	       "-1 EOPNOTSUPP");
	expect("clock_nanosleep(clock fd 0, 0, NULL, NULL)",
	       syscall(SYS_clock_nanosleep, (clockid_t)((~0u << 3) | 3), 0, NULL, NULL), errno,
	       "-1 EOPNOTSUPP");
	expect("clock_nanosleep(12, 0, NULL, NULL)", syscall(SYS_clock_nanosleep, 12, 0, NULL, NULL),
	       errno, "-1 EINVAL");
	return time_test_exit();
}
