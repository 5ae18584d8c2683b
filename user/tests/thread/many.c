/*
 * many: 64 threads at once. All 64 are alive together (a barrier of 65
 * holds them), each with its own tid, each doing an exact amount of work
 * into a shared atomic counter and its own slot; then all are joined.
 * Then 4 waves of 64 short-lived threads, to reuse tids and stacks, and
 * the same number of threads again to show nothing ran out.
 */
#include "mt_test.h"

#define NTHREADS 64
#define WORK	 500

static pthread_barrier_t all_alive;
static pid_t tids[NTHREADS];
static long slot[NTHREADS];
static long total;

static void *
worker(void *arg)
{
	long id = (long)arg;

	tids[id] = gettid_raw();
	pthread_barrier_wait(&all_alive);
	for (int i = 0; i < WORK; i++) {
		slot[id] += id + 1;
		__atomic_add_fetch(&total, 1, __ATOMIC_RELAXED);
		if (i % 100 == 0)
			getpid();
	}
	return (void *)(id + 1000);
}

static void *
short_lived(void *arg)
{
	__atomic_add_fetch(&total, 1, __ATOMIC_RELAXED);
	return arg;
}

/* Start n threads of fn with a small stack; false if any create failed. */
static bool
start(pthread_t *th, int n, void *(*fn)(void *))
{
	pthread_attr_t attr;
	bool ok = true;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (long i = 0; i < n; i++)
		ok = ok && pthread_create(&th[i], &attr, fn, (void *)i) == 0;
	pthread_attr_destroy(&attr);
	return ok;
}

static bool
join(pthread_t *th, int n, long base)
{
	bool ok = true;

	for (long i = 0; i < n; i++) {
		struct timespec dl = deadline_ms(20000);
		void *ret = NULL;

		if (pthread_timedjoin_np(th[i], &ret, &dl)) {
			printf("thread %ld not joined within 20 s\n", i);
			exit(1);
		}
		ok = ok && (long)ret == base + i;
	}
	return ok;
}

int
main(void)
{
	static pthread_t th[NTHREADS];
	bool distinct = true, slots = true, created, joined;

	test_setup();
	pthread_barrier_init(&all_alive, NULL, NTHREADS + 1);
	created = start(th, NTHREADS, worker);
	check("64 threads created", created);
	if (!created)
		return test_result();
	pthread_barrier_wait(&all_alive);
	for (int i = 0; i < NTHREADS; i++)
		for (int j = 0; j < i; j++)
			distinct = distinct && tids[i] != tids[j];
	check("64 threads alive at once, 64 distinct tids", distinct);
	joined = join(th, NTHREADS, 1000);
	check("all 64 joined with their return values", joined);
	expect_ret("shared counter", total, NTHREADS * WORK);
	for (int i = 0; i < NTHREADS; i++)
		slots = slots && slot[i] == (long)(i + 1) * WORK;
	check("every thread's own slot is exact", slots);

	total = 0;
	joined = true;
	for (int wave = 0; wave < 4; wave++) {
		if (!start(th, NTHREADS, short_lived)) {
			check("4 more waves of 64 threads created", false);
			return test_result();
		}
		joined = join(th, NTHREADS, 0) && joined;
	}
	check("4 more waves of 64 threads created and joined", joined);
	expect_ret("short-lived threads that ran", total, 4 * NTHREADS);
	return test_result();
}
