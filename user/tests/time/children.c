/*
 * children: the CPU time of reaped children. A child spins 200 ms and
 * has a grandchild spin 200 ms, which it reaps; once the parent reaps the
 * child, wait4's rusage, getrusage(RUSAGE_CHILDREN) and times()'s
 * tms_cutime show at least half of the 400 ms (grandchildren count once
 * their parent reaped them, as Linux), and none of it before. Prints the
 * same on Linux and Tern; exits 0 only if all hold.
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

static uint64_t
children_utime(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_CHILDREN, &ru) == 0 ? tv_ns(&ru.ru_utime) : 0;
}

static int
spin_and_exit(void)
{
	busy_for(200 * NS_PER_MS);
	return 0;
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
	busy_for(200 * NS_PER_MS);
	if (waitpid(pid, &status, 0) != pid || status != 0)
		return 3;
	return children_utime() >= 100 * NS_PER_MS ? 0 : 4;
}

int
main(void)
{
	struct rusage ru;
	struct tms tms;
	int status = -1;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	CHECK(children_utime() == 0, "no children's time before any child", "%llu ns",
	      (unsigned long long)children_utime());
	pid = fork();
	if (pid < 0) {
		printf("fork: %s\n", err_name(errno));
		return 2;
	}
	if (pid == 0)
		return child();
	CHECK(wait4(pid, &status, 0, &ru) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child reaped its grandchild and saw its time", "status %#x", status);
	CHECK(tv_ns(&ru.ru_utime) >= 200 * NS_PER_MS,
	      "wait4's rusage has the child's and grandchild's user time", "%llu ns",
	      (unsigned long long)tv_ns(&ru.ru_utime));
	CHECK(children_utime() >= 200 * NS_PER_MS,
	      "getrusage(RUSAGE_CHILDREN) has the child's and grandchild's user time", "%llu ns",
	      (unsigned long long)children_utime());
	times(&tms);
	CHECK(tms.tms_cutime >= 20, "times() tms_cutime has them too (>= 20 ticks)", "%ld",
	      (long)tms.tms_cutime);
	return time_test_exit();
}
