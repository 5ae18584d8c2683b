/*
 * repro_fault_exit: a threaded process killed by a fault must end cleanly
 * and give back every task, page and object (a stress-test finding, kept
 * as a minimal reproducer). Each round forks a child whose threads block
 * in a condition variable or a pipe read, map and unmap memory, or spin,
 * while its main thread (or, every other round, one of the threads)
 * stores through a NULL pointer; the child must end killed by SIGSEGV.
 * After a warm-up round, tern_kstat is taken; after 20 more rounds, with
 * every child reaped, free + cached pages, slab objects and tasks must be
 * as before. Prints "20 rounds: as before", exit status 0.
 */
#include "tern_test.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tern_abi.h"

static volatile int spin = 1;

static void *
block_in_condvar(void *arg)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

	(void)arg;
	pthread_mutex_lock(&m);
	for (;;)
		pthread_cond_wait(&cv, &m);
	return NULL;
}

static void *
block_in_read(void *arg)
{
	int p[2];
	char c;

	(void)arg;
	if (pipe(p) == 0)
		while (read(p[0], &c, 1) != 0)
			;
	return NULL;
}

static void *
map_and_unmap(void *arg)
{
	(void)arg;
	for (;;) {
		char *p = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED)
			continue;
		for (int i = 0; i < 16; i++)
			p[i * 4096] = 1;
		munmap(p, 16 * 4096);
	}
	return NULL;
}

static void *
spin_then_fault(void *arg)
{
	while (spin)
		;
	if (arg)
		*(volatile int *)NULL = 1;
	for (;;)
		;
	return NULL;
}

static void
child(int round)
{
	void *(*fns[])(void *) = { block_in_condvar, block_in_read, map_and_unmap,
				   spin_then_fault };
	pthread_t t;

	for (int i = 0; i < 4; i++)
		pthread_create(&t, NULL, fns[i], i == 3 && round % 2 ? &t : NULL);
	usleep(2000);
	if (round % 2 == 0)
		*(volatile int *)NULL = 1;
	spin = 0;
	for (;;)
		pause();
}

static int
one_round(int round)
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		child(round);
	if (waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV) {
		printf("round %d: child status %#x, expected killed by SIGSEGV\n", round, st);
		return 1;
	}
	return 0;
}

static bool
kstat(struct tern_kstat *k)
{
	return syscall(TERN_SYS_KSTAT, k, sizeof(*k)) == (long)sizeof(*k);
}

int
main(void)
{
	struct tern_kstat a, b;
	int bad = one_round(0);
	bool have = kstat(&a);

	for (int i = 1; i <= 20; i++)
		bad |= one_round(i);
	usleep(100000);
	if (!have || !kstat(&b)) {
		printf("20 rounds: %s (no tern_kstat: not Tern?)\n", bad ? "FAILED" : "ok");
		return bad;
	}
	printf("free + cached pages %+lld, slab objects %+lld, tasks %+lld\n",
	       (long long)(b.free_pages + b.kstack_cached_pages) -
		       (long long)(a.free_pages + a.kstack_cached_pages),
	       (long long)b.slab_objects - (long long)a.slab_objects,
	       (long long)b.tasks - (long long)a.tasks);
	bad |= b.free_pages + b.kstack_cached_pages != a.free_pages + a.kstack_cached_pages ||
	       b.slab_objects != a.slab_objects || b.tasks != a.tasks;
	printf("20 rounds: %s\n", bad ? "FAILED" : "as before");
	return bad;
}
