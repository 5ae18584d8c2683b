/*
 * children: the CPU time of reaped children. A child spins for 200 ms of
 * CPU time and has a grandchild do the same, which it reaps; once the
 * parent reaps the child, wait4's rusage, getrusage(RUSAGE_CHILDREN) and
 * times()'s tms_cutime show the 400 ms (grandchildren count once their
 * parent reaped them, as Linux), and none of it before. Prints the same
 * on Linux and Tern; exits 0 only if all hold.
 */
#include "time_test.h"

#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>

static uint64_t
tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NS_PER_S + (uint64_t)tv->tv_usec * 1000;
}

/* User and system time: the spinning reads the clock through system
 * calls, so some of its CPU time is system time. */
static uint64_t
rusage_cpu_ns(const struct rusage *ru)
{
	return tv_ns(&ru->ru_utime) + tv_ns(&ru->ru_stime);
}

static uint64_t
children_cpu(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_CHILDREN, &ru) == 0 ? rusage_cpu_ns(&ru) : 0;
}

static int
spin_and_exit(void)
{
	return busy_cpu(200 * NS_PER_MS) ? 0 : 5;
}

static int
child(void)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return 2;
	if (pid == 0)
		return spin_and_exit();
	if (!busy_cpu(200 * NS_PER_MS))
		return 5;
	if (waitpid(pid, &status, 0) != pid || status != 0)
		return 3;
	return children_cpu() >= 190 * NS_PER_MS ? 0 : 4;
}

int
main(void)
{
	struct rusage ru;
	struct tms tms;
	int status = -1;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	CHECK(children_cpu() == 0, "no children's time before any child", "%llu ns",
	      (unsigned long long)children_cpu());
	pid = fork();
	if (pid < 0) {
		printf("fork: %s\n", err_name(errno));
		return 2;
	}
	if (pid == 0)
		return child();
	CHECK(wait4(pid, &status, 0, &ru) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child reaped its grandchild and saw its time", "status %#x", status);
	CHECK(rusage_cpu_ns(&ru) >= 380 * NS_PER_MS,
	      "wait4's rusage has the child's and grandchild's CPU time", "%llu ns",
	      (unsigned long long)rusage_cpu_ns(&ru));
	CHECK(children_cpu() >= 380 * NS_PER_MS,
	      "getrusage(RUSAGE_CHILDREN) has the child's and grandchild's CPU time", "%llu ns",
	      (unsigned long long)children_cpu());
	times(&tms);
	CHECK(tms.tms_cutime + tms.tms_cstime >= 37,
	      "times() tms_cutime + tms_cstime have them too (>= 37 ticks)", "%ld",
	      (long)(tms.tms_cutime + tms.tms_cstime));
	return time_test_exit();
}
