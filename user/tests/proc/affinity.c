/*
 * affinity: sched_getaffinity, sched_setaffinity and sched_yield. The
 * raw getaffinity returns the bytes it wrote (a multiple of 8) and
 * refuses a buffer smaller than the CPU mask or not a multiple of 8
 * (EINVAL); setaffinity narrows the mask, which a forked child inherits,
 * refuses an empty mask or one with only CPUs that do not exist (EINVAL)
 * and a missing process (ESRCH); hostile mask pointers give EFAULT.
 * The first line, "cpus: N", is the number of CPUs the caller may run on
 * (the test compares it with the machine's).
 */
#include "checks.h"

static long
getaff(pid_t pid, size_t len, void *mask)
{
	return syscall(SYS_sched_getaffinity, pid, len, mask);
}

static long
setaff(pid_t pid, size_t len, const void *mask)
{
	return syscall(SYS_sched_setaffinity, pid, len, mask);
}

static int
count_child(void *arg)
{
	cpu_set_t set;

	(void)arg;
	if (sched_getaffinity(0, sizeof(set), &set))
		return 100;
	return CPU_COUNT(&set) * 10 + CPU_ISSET(0, &set);
}

int
main(void)
{
	cpu_set_t all, set;
	unsigned long one = 1, none = 0, high = 1UL << 63;
	void *unmapped = unmapped_page();
	char *top = top_page();
	long ret;
	int st;

	test_setup();
	/* The call writes only the bytes it returns: clear the rest. */
	CPU_ZERO(&all);
	CPU_ZERO(&set);
	ret = getaff(0, sizeof(all), &all);
	printf("cpus: %d\n", CPU_COUNT(&all));
	check("sched_getaffinity returns a positive multiple of 8", ret > 0 && ret % 8 == 0);
	check("CPU 0 is in the mask", CPU_ISSET(0, &all));
	check("getaffinity(getpid()) gives the same mask",
	      getaff(getpid(), sizeof(set), &set) > 0 && CPU_EQUAL(&set, &all));
	expect_err("getaffinity(len 4)", getaff(0, 4, &set), EINVAL);
	expect_err("getaffinity(len 12)", getaff(0, 12, &set), EINVAL);
	expect_err("getaffinity(len 0)", getaff(0, 0, &set), EINVAL);
	expect_err("getaffinity(NULL)", getaff(0, sizeof(set), NULL), EFAULT);
	expect_err("getaffinity(unmapped)", getaff(0, sizeof(set), unmapped), EFAULT);
	expect_err("getaffinity(kernel)", getaff(0, sizeof(set), KERNEL_ADDR), EFAULT);
	expect_err("getaffinity(straddling, 8 bytes)", getaff(0, 8, top + PAGE - 4), EFAULT);

	expect_ret("setaffinity({0})", setaff(0, sizeof(one), &one), 0);
	CPU_ZERO(&set);
	getaff(0, sizeof(set), &set);
	check("  getaffinity gives {0}", CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set));
	st = in_child(count_child, NULL);
	check("  a forked child inherits {0}", st == W_EXITCODE(11, 0));
	for (int i = 0; i < 20; i++)
		sched_yield();
	check("  the process runs on after yielding on CPU 0", true);
	expect_err("setaffinity({})", setaff(0, sizeof(none), &none), EINVAL);
	expect_err("setaffinity({63}) (no such CPU)", setaff(0, sizeof(high), &high), EINVAL);
	expect_err("setaffinity(NULL)", setaff(0, sizeof(one), NULL), EFAULT);
	expect_err("setaffinity(kernel)", setaff(0, sizeof(one), KERNEL_ADDR), EFAULT);
	expect_err("setaffinity(straddling, 8 bytes)", setaff(0, 8, top + PAGE - 4), EFAULT);
	expect_ret("setaffinity(all)", setaff(0, sizeof(all), &all), 0);
	st = in_child(count_child, NULL);
	check("  a forked child inherits them all", st == W_EXITCODE(CPU_COUNT(&all) * 10 + 1, 0));

	fflush(stdout);
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	expect_err("getaffinity(a reaped child)", getaff(pid, sizeof(set), &set), ESRCH);
	expect_err("setaffinity(a reaped child)", setaff(pid, sizeof(one), &one), ESRCH);
	expect_ret("sched_yield()", sched_yield(), 0);
	return test_result();
}
