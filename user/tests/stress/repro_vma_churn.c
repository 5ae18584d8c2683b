/*
 * repro_vma_churn: threads of one process map, fill, grow (mremap),
 * mprotect and unmap private anonymous memory side by side, each only
 * its own, while one more thread forks children that exit at once. A
 * thread's mapping must stay mapped, with its contents, until it unmaps
 * it: on Linux no access faults and every page holds what was written.
 * Each thread unmaps only what it still owns: a hole it punched may hold
 * another thread's mapping a moment later (mmap reuses the highest gap).
 * Prints "N cycles: ok" and exits 0 after SECONDS (default 10).
 */
#include "tern_test.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE	4096ul
#define THREADS 4

static volatile int stop, bad;
static uint64_t cycles[THREADS];

static void
on_segv(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	char buf[160];
	int n = snprintf(buf, sizeof(buf), "SIGSEGV in thread %d at %p, code %d, pc %#lx\n",
			 gettid(), si->si_addr, si->si_code, uc->uc_mcontext.__gregs[REG_PC]);

	if (write(1, buf, (size_t)n) < 0)
		_exit(3);
	(void)sig;
	_exit(2);
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
fill(char *p, size_t from, size_t to, uint64_t tag)
{
	for (size_t i = from; i < to; i++)
		*(uint64_t *)(p + i * PAGE) = tag ^ i;
}

static int
check(const char *p, size_t from, size_t to, uint64_t tag, const char *when)
{
	for (size_t i = from; i < to; i++) {
		uint64_t v = *(const uint64_t *)(p + i * PAGE);

		if (v != (tag ^ i)) {
			printf("thread %d: page %zu of %p %s: %#llx, expected %#llx\n", gettid(), i,
			       (void *)p, when, (unsigned long long)v,
			       (unsigned long long)(tag ^ i));
			return 1;
		}
	}
	return 0;
}

static int
cycle(uint64_t *s)
{
	size_t n = 2 + rnd(s) % 31, a, b;
	uint64_t tag = rnd(s);
	char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err = 0;

	if (p == MAP_FAILED)
		return printf("mmap: %s\n", err_name(errno)), 1;
	fill(p, 0, n, tag);
	if (rnd(s) % 4 == 0) {
		char *q = mremap(p, n * PAGE, (n + 4) * PAGE, MREMAP_MAYMOVE);

		if (q == MAP_FAILED)
			return printf("mremap: %s\n", err_name(errno)), 1;
		p = q;
		err |= check(p, 0, n, tag, "after mremap");
		fill(p, n, n + 4, tag);
		n += 4;
	}
	a = rnd(s) % n;
	b = a + 1 + rnd(s) % (n - a);
	mprotect(p + a * PAGE, (b - a) * PAGE, PROT_READ);
	err |= check(p, 0, n, tag, "after mprotect");
	munmap(p + a * PAGE, (b - a) * PAGE);
	err |= check(p, 0, a, tag, "after munmap") | check(p, b, n, tag, "after munmap");
	/* Only the two pieces left: another thread may own the hole by now. */
	if (a)
		munmap(p, a * PAGE);
	if (b < n)
		munmap(p + b * PAGE, (n - b) * PAGE);
	return err;
}

static void *
churn(void *arg)
{
	int me = (int)(intptr_t)arg;
	uint64_t s = 0x9e3779b97f4a7c15ull * (uint64_t)(me + 1);

	while (!stop && !bad) {
		if (cycle(&s))
			bad = 1;
		cycles[me]++;
	}
	return NULL;
}

static void *
forker(void *arg)
{
	(void)arg;
	while (!stop && !bad) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	pthread_t t[THREADS], f;
	struct timespec ts = { argc > 1 ? atoi(argv[1]) : 10, 0 };
	uint64_t total = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, churn, (void *)(intptr_t)i);
	pthread_create(&f, NULL, forker, NULL);
	nanosleep(&ts, NULL);
	stop = 1;
	pthread_join(f, NULL);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		total += cycles[i];
	}
	printf("%llu cycles: %s\n", (unsigned long long)total, bad ? "FAILED" : "ok");
	return bad;
}
