/*
 * threads: the CPU time of a process with threads. Two threads each spin
 * for 200 ms of their own CPU time; while they wait at a barrier, the
 * process's clock has both (CLOCK_PROCESS_CPUTIME_ID, getrusage
 * RUSAGE_SELF), each thread's clock (pthread_getcpuclockid) has its own,
 * and the main thread's (RUSAGE_THREAD, CLOCK_THREAD_CPUTIME_ID) has
 * little. After they have exited, the process's clock still has their
 * time and has not gone back. Prints the same on Linux and Tern; exits 0
 * only if all hold.
 */
#include "time_test.h"

#include <pthread.h>
#include <sys/resource.h>

static pthread_barrier_t spun, done;

static void *
spinner(void *arg)
{
	bool *ok = arg;

	*ok = busy_cpu(200 * NS_PER_MS);
	pthread_barrier_wait(&spun);
	pthread_barrier_wait(&done);
	return NULL;
}

static uint64_t
rusage_cpu(int who)
{
	struct rusage ru;

	if (getrusage(who, &ru))
		return 0;
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * NS_PER_S +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static void
while_they_wait(pthread_t th[2], const bool ok[2], uint64_t *process)
{
	uint64_t mine = clock_ns(CLOCK_THREAD_CPUTIME_ID), theirs[2];

	*process = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	for (int i = 0; i < 2; i++) {
		clockid_t cid;

		theirs[i] = pthread_getcpuclockid(th[i], &cid) ? 0 : clock_ns(cid);
	}
	CHECK(ok[0] && ok[1], "both threads got their 200 ms of CPU time", "stalled");
	CHECK(theirs[0] >= 200 * NS_PER_MS && theirs[1] >= 200 * NS_PER_MS,
	      "each thread's clock (pthread_getcpuclockid) has its own 200 ms", "%llu, %llu",
	      (unsigned long long)theirs[0], (unsigned long long)theirs[1]);
	CHECK(*process >= theirs[0] + theirs[1] + mine - 2 * NS_PER_MS,
	      "CLOCK_PROCESS_CPUTIME_ID has all three threads'", "%llu < %llu + %llu + %llu",
	      (unsigned long long)*process, (unsigned long long)theirs[0],
	      (unsigned long long)theirs[1], (unsigned long long)mine);
	CHECK(rusage_cpu(RUSAGE_SELF) >= 400 * NS_PER_MS, "getrusage(RUSAGE_SELF) has them too",
	      "%llu", (unsigned long long)rusage_cpu(RUSAGE_SELF));
	CHECK(mine < 100 * NS_PER_MS && rusage_cpu(RUSAGE_THREAD) < 100 * NS_PER_MS,
	      "the waiting main thread's own clock and RUSAGE_THREAD stay small", "%llu",
	      (unsigned long long)mine);
}

int
main(void)
{
	pthread_t th[2];
	bool ok[2] = { false, false };
	uint64_t process, after;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_barrier_init(&spun, NULL, 3);
	pthread_barrier_init(&done, NULL, 3);
	for (int i = 0; i < 2; i++)
		if (pthread_create(&th[i], NULL, spinner, &ok[i])) {
			printf("pthread_create failed\n");
			return 2;
		}
	pthread_barrier_wait(&spun);
	while_they_wait(th, ok, &process);
	pthread_barrier_wait(&done);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	after = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(after >= process, "after the threads exit, the process's clock keeps their time",
	      "%llu < %llu", (unsigned long long)after, (unsigned long long)process);
	return time_test_exit();
}
