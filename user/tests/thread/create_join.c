/*
 * create_join: pthread_create, pthread_join and pthread_detach, and the
 * kernel pieces under them. Threads share the pid and have tids of their
 * own; join returns each thread's value (returned or passed to
 * pthread_exit); a detached thread cannot be joined; joining oneself is
 * EDEADLK. With raw clone(): CLONE_PARENT_SETTID writes the child's tid,
 * CLONE_CHILD_CLEARTID clears the word and wakes a futex waiter when the
 * thread exits, and set_tid_address moves that word and returns the tid.
 */
#include "mt_test.h"

#define NTHREADS 8

static pid_t thread_pid[NTHREADS], thread_tid[NTHREADS];

static void *
worker(void *arg)
{
	long i = (long)arg;

	thread_pid[i] = getpid();
	thread_tid[i] = gettid_raw();
	if (i % 2)
		pthread_exit((void *)(i * 100 + 1));
	return (void *)(i * 100);
}

static void
create_and_join(void)
{
	pthread_t th[NTHREADS];
	bool values = true, pids = true, tids = true;
	pid_t me = getpid();

	check("the main thread's tid is the pid", gettid_raw() == me);
	for (long i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, worker, (void *)i)) {
			printf("pthread_create failed\n");
			exit(1);
		}
	for (long i = 0; i < NTHREADS; i++) {
		void *ret = NULL;
		struct timespec dl = deadline_ms(10000);
		int e = pthread_timedjoin_np(th[i], &ret, &dl);

		values = values && e == 0 && (long)ret == i * 100 + i % 2;
	}
	for (int i = 0; i < NTHREADS; i++) {
		pids = pids && thread_pid[i] == me;
		tids = tids && thread_tid[i] != me && thread_tid[i] > 0;
		for (int j = 0; j < i; j++)
			tids = tids && thread_tid[i] != thread_tid[j];
	}
	check("join returns each thread's return or pthread_exit value", values);
	check("every thread sees the process's pid", pids);
	check("every thread has a tid of its own", tids);
}

static int detached_go, detached_done;

static void *
detached(void *arg)
{
	(void)arg;
	wait_for_value(&detached_go, 1, 10000);
	__atomic_store_n(&detached_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *
joins_itself(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_join(pthread_self(), NULL);
}

static void
detach(void)
{
	pthread_attr_t attr;
	pthread_t th;
	void *ret;
	int state = -1;

	pthread_create(&th, NULL, detached, NULL);
	expect_errnum("pthread_detach(running thread)", pthread_detach(th), 0);
	expect_errnum("pthread_join(detached thread)", pthread_join(th, NULL), EINVAL);
	__atomic_store_n(&detached_go, 1, __ATOMIC_RELEASE);
	check("the detached thread ran to its end", wait_for_value(&detached_done, 1, 10000));

	detached_go = 0;
	detached_done = 0;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_getdetachstate(&attr, &state);
	check("attr says PTHREAD_CREATE_DETACHED", state == PTHREAD_CREATE_DETACHED);
	expect_errnum("pthread_create(detached attr)", pthread_create(&th, &attr, detached, NULL),
		      0);
	__atomic_store_n(&detached_go, 1, __ATOMIC_RELEASE);
	check("the thread created detached ran to its end",
	      wait_for_value(&detached_done, 1, 10000));
	pthread_attr_destroy(&attr);

	pthread_create(&th, NULL, joins_itself, NULL);
	pthread_join(th, &ret);
	expect_errnum("pthread_join(pthread_self())", (int)(long)ret, EDEADLK);
}

/* ---- raw clone: the tid words ---------------------------------------- */

#define RAW_FLAGS                                                                           \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
	 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

static uint32_t ptid, ctid, moved_tid;
static volatile pid_t raw_seen_tid;
static volatile long raw_set_tid_ret;
static int raw_go;

/* The raw thread shares main's TLS (no CLONE_SETTLS): it makes only
 * system calls that succeed, so errno is never written. */
static int
raw_thread(void *arg)
{
	bool move = arg != NULL;

	raw_seen_tid = gettid_raw();
	if (move)
		raw_set_tid_ret = syscall(SYS_set_tid_address, &moved_tid);
	while (!__atomic_load_n(&raw_go, __ATOMIC_ACQUIRE))
		syscall(SYS_sched_yield);
	return 0;
}

/* Wait for *word to become 0, sleeping in FUTEX_WAIT: false if a wait
 * of 5 s timed out (the clear came without a wake-up, or never). */
static bool
futex_wait_zero(uint32_t *word)
{
	struct timespec ts = { 5, 0 };

	for (;;) {
		uint32_t v = __atomic_load_n(word, __ATOMIC_ACQUIRE);

		if (v == 0)
			return true;
		if (futex(word, FUTEX_WAIT, v, &ts, NULL, 0) && errno == ETIMEDOUT)
			return false;
	}
}

static void
raw_clone(bool move)
{
	static char stack[2][64 * 1024] __attribute__((aligned(16)));
	char *top = stack[move] + sizeof(stack[move]);
	long tid;

	ptid = 0;
	ctid = 0x7fffffff;
	moved_tid = 0x7fffffff;
	raw_go = 0;
	raw_seen_tid = 0;
	tid = clone(raw_thread, top, RAW_FLAGS, move ? (void *)1 : NULL, &ptid, NULL, &ctid);
	if (tid <= 0) {
		printf("clone: %s\n", err_name(errno));
		exit(1);
	}
	wait_for_at_least((volatile int *)&raw_seen_tid, 1, 10000);
	check("CLONE_PARENT_SETTID wrote the tid clone returned", ptid == (uint32_t)tid);
	check("the new thread's gettid is that tid", raw_seen_tid == tid);
	if (!move) {
		check("CLONE_CHILD_CLEARTID leaves the word alone while it runs",
		      ctid == 0x7fffffff);
		__atomic_store_n(&raw_go, 1, __ATOMIC_RELEASE);
		check("exit clears the ctid word and wakes its futex", futex_wait_zero(&ctid));
		return;
	}
	check("set_tid_address returns the caller's tid", raw_set_tid_ret == tid);
	__atomic_store_n(&raw_go, 1, __ATOMIC_RELEASE);
	check("exit clears the word set_tid_address named", futex_wait_zero(&moved_tid));
	check("and not the one CLONE_CHILD_CLEARTID named", ctid == 0x7fffffff);
}

int
main(void)
{
	test_setup();
	create_and_join();
	detach();
	raw_clone(false);
	raw_clone(true);
	return test_result();
}
