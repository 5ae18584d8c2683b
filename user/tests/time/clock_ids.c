/*
 * clock_ids: what clock_gettime, clock_getres (with and without a buffer)
 * and clock_nanosleep (absolute time 0, which is already past) say for
 * each clock id: the fixed ids of linux/time.h, ids Linux does not have,
 * and the negative ids of CPU-time clocks (Linux's encoding: ~pid << 3 |
 * per-thread bit | kind, kind 3 = clock device fd). Raw system calls, so
 * the output is the kernel's, the same on Linux and Tern. Exits 0 only
 * if every result is the one Linux gives.
 */
#include "time_test.h"

#include <limits.h>

#define CPU_PROF  0
#define CPU_VIRT  1
#define CPU_SCHED 2
#define CPU_FD	  3

static clockid_t
cpu_clock(pid_t pid, bool thread, int kind)
{
	return (clockid_t)(((unsigned)~pid << 3) | (thread ? 4u : 0u) | (unsigned)kind);
}

struct expect {
	const char *name;
	clockid_t id;
	const char *gettime, *getres, *sleep;
};

static void
try_clock(const struct expect *e)
{
	struct timespec ts, abs0 = { 0, 0 };
	char gettime[OUTCOME_LEN], getres[OUTCOME_LEN], getres_null[OUTCOME_LEN];
	char sleep[OUTCOME_LEN];
	const char *res_ok = "";
	long r;

	r = syscall(SYS_clock_gettime, e->id, &ts);
	outcome(gettime, r, errno);
	ts.tv_sec = -1;
	r = syscall(SYS_clock_getres, e->id, &ts);
	outcome(getres, r, errno);
	/* Resolutions differ (Linux: 1 ns or a tick; Tern: a time-base tick)
	 * but must be positive and at most a 100 Hz tick. */
	if (r == 0)
		res_ok = ts.tv_sec == 0 && ts.tv_nsec > 0 && ts.tv_nsec <= 10000000 ? " ok" : " bad";
	r = syscall(SYS_clock_getres, e->id, NULL);
	outcome(getres_null, r, errno);
	r = syscall(SYS_clock_nanosleep, e->id, TIMER_ABSTIME, &abs0, NULL);
	outcome(sleep, r, errno);
	printf("%-26s gettime %s, getres %s%s, getres(NULL) %s, sleep %s\n", e->name, gettime,
	       getres, res_ok, getres_null, sleep);
	if (strcmp(gettime, e->gettime) || strcmp(getres, e->getres) ||
	    strcmp(getres_null, e->getres) || strcmp(sleep, e->sleep) || !strcmp(res_ok, " bad")) {
		printf("  FAIL: expected gettime %s, getres %s, sleep %s\n", e->gettime, e->getres,
		       e->sleep);
		time_test_failed = true;
	}
}

int
main(void)
{
	pid_t self = getpid(), tid = gettid();
	/* Far above any pid_max (at most 2^22), so no such process. */
	pid_t nobody = 0x7ffffff;
	const struct expect table[] = {
		{ "CLOCK_REALTIME", CLOCK_REALTIME, "0", "0", "0" },
		{ "CLOCK_MONOTONIC", CLOCK_MONOTONIC, "0", "0", "0" },
		{ "CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID, "0", "0", "0" },
		{ "CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID, "0", "0", "-1 EOPNOTSUPP" },
		{ "CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW, "0", "0", "-1 EOPNOTSUPP" },
		{ "CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE, "0", "0", "-1 EOPNOTSUPP" },
		{ "CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE, "0", "0", "-1 EOPNOTSUPP" },
		{ "CLOCK_BOOTTIME", CLOCK_BOOTTIME, "0", "0", "0" },
		/* Alarm clocks need an RTC that can wake the machine. */
		{ "CLOCK_REALTIME_ALARM", CLOCK_REALTIME_ALARM, "-1 EINVAL", "-1 EINVAL",
		  "-1 EOPNOTSUPP" },
		{ "CLOCK_BOOTTIME_ALARM", CLOCK_BOOTTIME_ALARM, "-1 EINVAL", "-1 EINVAL",
		  "-1 EOPNOTSUPP" },
		{ "10 (was CLOCK_SGI_CYCLE)", 10, "-1 EINVAL", "-1 EINVAL", "-1 EINVAL" },
		{ "CLOCK_TAI", CLOCK_TAI, "0", "0", "0" },
		{ "12", 12, "-1 EINVAL", "-1 EINVAL", "-1 EINVAL" },
		/* Not 16 and up: the host's vDSO, which qemu-riscv64 calls,
		 * says 0 to clock_getres there (the kernel says EINVAL). */
		{ "15", 15, "-1 EINVAL", "-1 EINVAL", "-1 EINVAL" },
		{ "INT_MAX", INT_MAX, "-1 EINVAL", "-1 EINVAL", "-1 EINVAL" },
		{ "process(0) prof", cpu_clock(0, false, CPU_PROF), "0", "0", "0" },
		{ "process(0) virt", cpu_clock(0, false, CPU_VIRT), "0", "0", "0" },
		{ "process(0) sched", cpu_clock(0, false, CPU_SCHED), "0", "0", "0" },
		{ "process(self) sched", cpu_clock(self, false, CPU_SCHED), "0", "0", "0" },
		{ "process(nobody) sched", cpu_clock(nobody, false, CPU_SCHED), "-1 EINVAL",
		  "-1 EINVAL", "-1 EINVAL" },
		{ "thread(0) prof", cpu_clock(0, true, CPU_PROF), "0", "0", "-1 EINVAL" },
		{ "thread(0) virt", cpu_clock(0, true, CPU_VIRT), "0", "0", "-1 EINVAL" },
		{ "thread(0) sched", cpu_clock(0, true, CPU_SCHED), "0", "0", "-1 EINVAL" },
		{ "thread(self) sched", cpu_clock(tid, true, CPU_SCHED), "0", "0", "-1 EINVAL" },
		{ "thread(0) kind 3", cpu_clock(0, true, CPU_FD), "-1 EINVAL", "-1 EINVAL",
		  "-1 EINVAL" },
		{ "thread(nobody) sched", cpu_clock(nobody, true, CPU_SCHED), "-1 EINVAL",
		  "-1 EINVAL", "-1 EINVAL" },
		/* fd 0 is open but not a clock device. */
		{ "clock fd 0", cpu_clock(0, false, CPU_FD), "-1 EINVAL", "-1 EINVAL",
		  "-1 EOPNOTSUPP" },
		{ "INT_MIN", INT_MIN, "-1 EINVAL", "-1 EINVAL", "-1 EINVAL" },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		try_clock(&table[i]);
	return time_test_exit();
}
