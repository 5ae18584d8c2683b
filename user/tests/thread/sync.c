/*
 * sync: glibc's synchronisation objects, all built on futexes, under
 * contention from 8 threads (on every hart when there are several). Each
 * phase checks an exact result: a counter under a mutex, a bounded queue
 * under a condition variable (every item consumed once), a rwlock whose
 * readers never see a writer's half-done update, barrier rounds with one
 * serial thread each, counting semaphores. The single-thread error cases
 * come first: trylock EBUSY, errorcheck EDEADLK/EPERM, recursive depth,
 * timed waits that time out, sem_trywait EAGAIN.
 */
#include "mt_test.h"

#include <semaphore.h>

#define NTHREADS 8
#define ROUNDS	 2000

static void
start_all(void *(*fn)(void *))
{
	static pthread_t th[NTHREADS];

	for (long i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, fn, (void *)i)) {
			printf("pthread_create failed\n");
			exit(1);
		}
	for (int i = 0; i < NTHREADS; i++) {
		struct timespec dl = deadline_ms(30000);

		if (pthread_timedjoin_np(th[i], NULL, &dl)) {
			printf("a thread did not finish within 30 s\n");
			exit(1);
		}
	}
}

static void
mutex_errors(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutexattr_t a;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec dl;

	pthread_mutex_lock(&m);
	expect_errnum("pthread_mutex_trylock(held)", pthread_mutex_trylock(&m), EBUSY);
	dl = deadline_ms(20);
	expect_errnum("pthread_mutex_timedlock(held, 20 ms)", pthread_mutex_timedlock(&m, &dl),
		      ETIMEDOUT);
	dl = deadline_ms(20);
	expect_errnum("pthread_cond_timedwait(20 ms)", pthread_cond_timedwait(&c, &m, &dl),
		      ETIMEDOUT);
	expect_errnum("pthread_mutex_unlock", pthread_mutex_unlock(&m), 0);

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &a);
	pthread_mutex_lock(&m);
	expect_errnum("errorcheck mutex: lock again", pthread_mutex_lock(&m), EDEADLK);
	pthread_mutex_unlock(&m);
	expect_errnum("errorcheck mutex: unlock unlocked", pthread_mutex_unlock(&m), EPERM);
	pthread_mutex_destroy(&m);

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &a);
	for (int i = 0; i < 3; i++)
		pthread_mutex_lock(&m);
	for (int i = 0; i < 3; i++)
		pthread_mutex_unlock(&m);
	expect_errnum("recursive mutex: locked 3, unlocked 3, unlock again",
		      pthread_mutex_unlock(&m), EPERM);
	pthread_mutex_destroy(&m);
	pthread_mutexattr_destroy(&a);
}

static void
rwlock_and_semaphore_errors(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	struct timespec dl;
	sem_t s;
	int v = -1;

	pthread_rwlock_rdlock(&rw);
	expect_errnum("rwlock: tryrdlock beside a reader", pthread_rwlock_tryrdlock(&rw), 0);
	expect_errnum("rwlock: trywrlock beside readers", pthread_rwlock_trywrlock(&rw), EBUSY);
	dl = deadline_ms(20);
	expect_errnum("rwlock: timedwrlock beside readers (20 ms)",
		      pthread_rwlock_timedwrlock(&rw, &dl), ETIMEDOUT);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);
	expect_errnum("rwlock: wrlock when free", pthread_rwlock_wrlock(&rw), 0);
	expect_errnum("rwlock: tryrdlock beside a writer", pthread_rwlock_tryrdlock(&rw), EBUSY);
	pthread_rwlock_unlock(&rw);

	sem_init(&s, 0, 1);
	expect_ret("sem_trywait(1)", sem_trywait(&s), 0);
	expect_err("sem_trywait(0)", sem_trywait(&s), EAGAIN);
	dl = deadline_ms(20);
	expect_err("sem_timedwait(0, 20 ms)", sem_timedwait(&s, &dl), ETIMEDOUT);
	sem_post(&s);
	sem_post(&s);
	sem_getvalue(&s, &v);
	expect_ret("sem_getvalue after 2 posts", v, 2);
	dl.tv_nsec = 1000000000;
	sem_trywait(&s);
	sem_trywait(&s);
	expect_err("sem_timedwait(tv_nsec = 1e9)", sem_timedwait(&s, &dl), EINVAL);
	sem_destroy(&s);
}

/* ---- mutex ----------------------------------------------------------- */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *
mutex_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;

		if (i % 64 == 0)
			sched_yield(); /* hold it across a switch now and then */
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

/* ---- condition variable: a bounded queue ------------------------------ */

#define QSIZE		   4
#define ITEMS_PER_PRODUCER 1000

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static long queue[QSIZE];
static int q_head, q_count, producers_left = NTHREADS / 2;
static long consumed_sum, consumed_items;

static void *
queue_worker(void *arg)
{
	long id = (long)arg;

	if (id < NTHREADS / 2) {
		for (long i = 1; i <= ITEMS_PER_PRODUCER; i++) {
			pthread_mutex_lock(&q_lock);
			while (q_count == QSIZE)
				pthread_cond_wait(&q_not_full, &q_lock);
			queue[(q_head + q_count++) % QSIZE] = id * 100000 + i;
			pthread_cond_signal(&q_not_empty);
			pthread_mutex_unlock(&q_lock);
		}
		pthread_mutex_lock(&q_lock);
		if (--producers_left == 0)
			pthread_cond_broadcast(&q_not_empty);
		pthread_mutex_unlock(&q_lock);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&q_lock);
		while (q_count == 0 && producers_left)
			pthread_cond_wait(&q_not_empty, &q_lock);
		if (q_count == 0) {
			pthread_mutex_unlock(&q_lock);
			return NULL;
		}
		consumed_sum += queue[q_head];
		consumed_items++;
		q_head = (q_head + 1) % QSIZE;
		q_count--;
		pthread_cond_signal(&q_not_full);
		pthread_mutex_unlock(&q_lock);
	}
}

/* ---- rwlock ----------------------------------------------------------- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long pair[2];
static int torn_reads;

static void *
rw_worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ROUNDS / 4; i++) {
		if (id < 2) {
			pthread_rwlock_wrlock(&rw);
			pair[0]++;
			if (i % 16 == 0)
				sched_yield();
			pair[1]++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			long a = pair[0];

			if (i % 16 == 0)
				sched_yield();
			if (pair[1] != a)
				__atomic_add_fetch(&torn_reads, 1, __ATOMIC_RELAXED);
			pthread_rwlock_unlock(&rw);
		}
	}
	return NULL;
}

/* ---- barrier ---------------------------------------------------------- */

#define BARRIER_ROUNDS 200

static pthread_barrier_t barrier;
static int arrived[BARRIER_ROUNDS], serial[BARRIER_ROUNDS], early_leavers;

static void *
barrier_worker(void *arg)
{
	(void)arg;
	for (int r = 0; r < BARRIER_ROUNDS; r++) {
		__atomic_add_fetch(&arrived[r], 1, __ATOMIC_RELAXED);
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial[r], 1, __ATOMIC_RELAXED);
		if (__atomic_load_n(&arrived[r], __ATOMIC_RELAXED) != NTHREADS)
			__atomic_add_fetch(&early_leavers, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* ---- semaphores: a ping-pong chain and a counting pool ---------------- */

static sem_t ring[NTHREADS], pool;
static int in_pool, pool_max, ring_order_errors;
static int ring_next;

static void *
sem_worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < 100; i++) {
		sem_wait(&ring[id]);
		if (ring_next != id)
			ring_order_errors++;
		ring_next = (int)((id + 1) % NTHREADS);
		sem_post(&ring[(id + 1) % NTHREADS]);
	}
	for (int i = 0; i < 200; i++) {
		sem_wait(&pool);
		int n = __atomic_add_fetch(&in_pool, 1, __ATOMIC_ACQ_REL);
		int m = __atomic_load_n(&pool_max, __ATOMIC_RELAXED);

		while (n > m && !__atomic_compare_exchange_n(&pool_max, &m, n, false,
							     __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			;
		if (i % 8 == 0)
			sched_yield();
		__atomic_sub_fetch(&in_pool, 1, __ATOMIC_ACQ_REL);
		sem_post(&pool);
	}
	return NULL;
}

int
main(void)
{
	long want_sum = 0;
	int bad_rounds = 0, v = -1;

	test_setup();
	mutex_errors();
	rwlock_and_semaphore_errors();

	start_all(mutex_worker);
	expect_ret("mutex: 8 threads x 2000 increments", counter, NTHREADS * ROUNDS);

	start_all(queue_worker);
	for (long p = 0; p < NTHREADS / 2; p++)
		want_sum += p * 100000 * ITEMS_PER_PRODUCER +
			    ITEMS_PER_PRODUCER * (ITEMS_PER_PRODUCER + 1) / 2;
	expect_ret("condvar queue: items consumed", consumed_items,
		   NTHREADS / 2 * ITEMS_PER_PRODUCER);
	check("condvar queue: every item consumed exactly once (sum)", consumed_sum == want_sum);

	start_all(rw_worker);
	expect_ret("rwlock: writes by 2 writers", pair[0], 2 * (ROUNDS / 4));
	check("rwlock: no reader saw a half-done write", torn_reads == 0 && pair[1] == pair[0]);

	pthread_barrier_init(&barrier, NULL, NTHREADS);
	start_all(barrier_worker);
	for (int r = 0; r < BARRIER_ROUNDS; r++)
		bad_rounds += serial[r] != 1 || arrived[r] != NTHREADS;
	check("barrier: 200 rounds, one serial thread each", bad_rounds == 0);
	check("barrier: nobody left a round before all arrived", early_leavers == 0);
	pthread_barrier_destroy(&barrier);

	for (int i = 0; i < NTHREADS; i++)
		sem_init(&ring[i], 0, i == 0);
	sem_init(&pool, 0, 3);
	start_all(sem_worker);
	check("semaphore ring: passed round in order 100 times", ring_order_errors == 0);
	check("semaphore pool of 3: never more than 3 inside", pool_max >= 1 && pool_max <= 3);
	sem_getvalue(&pool, &v);
	expect_ret("semaphore pool: value at the end", v, 3);
	return test_result();
}
