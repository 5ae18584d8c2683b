/*
 * The locks worker: threads hammering futex-based locks, every result
 * checked, every wait bounded (a wait that times out is a lost wake-up and
 * says what it waited for).
 *
 *  counters   threads increment shared counters, each under its own mutex
 *             (normal, normal, error-checking, recursive; the first two
 *             locked without a timeout, the others with one), checking
 *             that nobody else is inside; the totals must be exact.
 *  queue      producers and consumers through a small ring guarded by a
 *             mutex and two condition variables: every item must be taken
 *             exactly once (one bit per item).
 *  ping-pong  two threads take turns through one condition variable.
 *  xping      the same with a process-shared mutex and condition variable
 *             in a MAP_SHARED page, against a forked child (shared futex
 *             keys).
 *  ring       threads pass a token with raw futexes: FUTEX_WAIT_BITSET with
 *             absolute timeouts, woken by FUTEX_WAKE, FUTEX_WAKE_BITSET and
 *             FUTEX_WAKE_OP in turn.
 */
#include "stress.h"

#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NCOUNTERS      4
#define NCOUNT_THREADS 6
#define QSIZE	       8
#define NPROD	       3
#define NCONS	       3
#define MAX_SEQ	       (1u << 22)
#define POISON	       (~0ull)
#define NRING	       4
#define TOKEN_GO       1
#define TOKEN_STOP     2

struct counter {
	pthread_mutex_t lock;
	volatile uint64_t value, shadow;
	uint64_t by_thread[NCOUNT_THREADS];
};

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	uint64_t items[QSIZE];
	unsigned head, count;
	bool broken; /* a wait timed out: everybody leaves */
	uint64_t produced[NPROD];
	uint64_t consumed; /* [atomic] */
	uint64_t *seen[NPROD];
};

struct pingpong {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	int turn;
	int stop;
	uint64_t rounds;
};

static struct counter counters[NCOUNTERS];
static struct queue q;
static struct pingpong pp;
static struct pingpong *xpp; /* in a MAP_SHARED page */
static uint32_t ring_word[NRING];

/* ---- counters ----------------------------------------------------------- */

static void
counters_init(void)
{
	static const int types[NCOUNTERS] = { PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_DEFAULT,
					      PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_RECURSIVE };
	pthread_mutexattr_t a;

	for (int i = 0; i < NCOUNTERS; i++) {
		pthread_mutexattr_init(&a);
		pthread_mutexattr_settype(&a, types[i]);
		pthread_mutex_init(&counters[i].lock, &a);
		pthread_mutexattr_destroy(&a);
	}
}

static bool
counter_lock(int i)
{
	struct counter *c = &counters[i];
	struct timespec ts;
	int err;

	if (i < 2) {
		doing("locking a counter mutex (no timeout)");
		err = pthread_mutex_lock(&c->lock);
	} else {
		doing("locking a counter mutex (5 s timeout)");
		ts = abs_time(WAIT_NS);
		err = pthread_mutex_clocklock(&c->lock, CLOCK_MONOTONIC, &ts);
	}
	if (!err && i == 3)
		err = pthread_mutex_lock(&c->lock); /* recursive: again */
	if (err)
		fail("counter %d: pthread_mutex_lock: %s (owner tid %d, value %llu)", i,
		     err_name(err), c->lock.__data.__owner, (unsigned long long)c->value);
	return !err;
}

static bool
counter_unlock(int i)
{
	struct counter *c = &counters[i];
	int err = 0;

	if (i == 3)
		err = pthread_mutex_unlock(&c->lock);
	if (!err)
		err = pthread_mutex_unlock(&c->lock);
	if (err)
		fail("counter %d: pthread_mutex_unlock: %s", i, err_name(err));
	return !err;
}

static bool
count_once(int me)
{
	int i = (int)(rnd() % NCOUNTERS);
	struct counter *c = &counters[i];
	uint64_t v;

	if (!counter_lock(i))
		return false;
	v = c->value;
	if (c->shadow != v)
		fail("counter %d: another thread is inside its mutex (value %llu, shadow %llu)", i,
		     (unsigned long long)v, (unsigned long long)c->shadow);
	c->value = v + 1;
	c->shadow = v + 1;
	c->by_thread[me]++;
	return counter_unlock(i);
}

static void *
counting(void *arg)
{
	int me = (int)(intptr_t)arg;
	uint64_t n = 0;

	while (!stopping()) {
		for (int j = 0; j < 64; j++)
			if (!count_once(me))
				goto out;
		n += 64;
		progress(64);
	}
out:
	tally(T_MUTEX, n);
	return NULL;
}

static void
counters_check(void)
{
	for (int i = 0; i < NCOUNTERS; i++) {
		uint64_t sum = 0;

		for (int t = 0; t < NCOUNT_THREADS; t++)
			sum += counters[i].by_thread[t];
		if (sum != counters[i].value)
			fail("counter %d: %llu increments made, the counter says %llu", i,
			     (unsigned long long)sum, (unsigned long long)counters[i].value);
	}
}

/* ---- producer/consumer queue -------------------------------------------- */

static void
cond_init(pthread_cond_t *cv, bool shared)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	if (shared)
		pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(cv, &a);
	pthread_condattr_destroy(&a);
}

static bool
queue_init(void)
{
	pthread_mutex_init(&q.lock, NULL);
	cond_init(&q.not_empty, false);
	cond_init(&q.not_full, false);
	for (int p = 0; p < NPROD; p++) {
		q.seen[p] = mmap(NULL, MAX_SEQ / 8, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (q.seen[p] == MAP_FAILED) {
			fail("mmap of a bitmap: %s", err_name(errno));
			return false;
		}
	}
	return true;
}

/* Waits on cv (q.lock held) for at most WAIT_NS; returns the error. */
static int
queue_wait(pthread_cond_t *cv)
{
	struct timespec ts = abs_time(WAIT_NS);
	int err = pthread_cond_timedwait(cv, &q.lock, &ts);

	if (err && err != ETIMEDOUT)
		fail("pthread_cond_timedwait: %s", err_name(err));
	return err;
}

/* A wait timed out (q.lock held): report it and make everybody leave. In
 * a queue this busy no wait lasts 5 s, so a timeout is a lost wake-up,
 * even if what it waited for is there now. */
static void
queue_break(const char *what)
{
	fail("waited 5 s for %s, not woken (the queue holds %u items; %llu taken so far)", what,
	     q.count, (unsigned long long)q.consumed);
	q.broken = true;
	pthread_cond_broadcast(&q.not_empty);
	pthread_cond_broadcast(&q.not_full);
}

static bool
queue_put(uint64_t item)
{
	pthread_mutex_lock(&q.lock);
	doing("waiting for room in the queue");
	while (q.count == QSIZE && !q.broken)
		if (queue_wait(&q.not_full) == ETIMEDOUT && !q.broken)
			queue_break("room in the queue");
	if (q.broken) {
		pthread_mutex_unlock(&q.lock);
		return false;
	}
	q.items[(q.head + q.count++) % QSIZE] = item;
	if (rnd() % 16 == 0)
		pthread_cond_broadcast(&q.not_empty);
	else
		pthread_cond_signal(&q.not_empty);
	pthread_mutex_unlock(&q.lock);
	return true;
}

static bool
queue_get(uint64_t *item)
{
	pthread_mutex_lock(&q.lock);
	doing("waiting for an item in the queue");
	while (q.count == 0 && !q.broken)
		if (queue_wait(&q.not_empty) == ETIMEDOUT && !q.broken)
			queue_break("an item in the queue");
	if (q.broken) {
		pthread_mutex_unlock(&q.lock);
		return false;
	}
	*item = q.items[q.head];
	q.head = (q.head + 1) % QSIZE;
	q.count--;
	pthread_mutex_unlock(&q.lock);
	/* Signalled outside the lock this time. */
	pthread_cond_signal(&q.not_full);
	return true;
}

static void *
producer(void *arg)
{
	int p = (int)(intptr_t)arg;
	uint64_t seq;

	for (seq = 0; seq < MAX_SEQ && !stopping(); seq++) {
		if (!queue_put((uint64_t)p << 32 | seq))
			break;
		progress(1);
	}
	q.produced[p] = seq;
	queue_put(POISON);
	return NULL;
}

static void
consume(uint64_t item)
{
	uint64_t p = item >> 32, seq = item & 0xffffffffu, bit;

	if (p >= NPROD || seq >= MAX_SEQ) {
		fail("took item %#llx, which nobody made", (unsigned long long)item);
		return;
	}
	bit = 1ull << (seq % 64);
	if (__atomic_fetch_or(&q.seen[p][seq / 64], bit, __ATOMIC_RELAXED) & bit)
		fail("item %llu of producer %llu taken twice", (unsigned long long)seq,
		     (unsigned long long)p);
	__atomic_add_fetch(&q.consumed, 1, __ATOMIC_RELAXED);
}

static void *
consumer(void *arg)
{
	uint64_t item;

	(void)arg;
	while (queue_get(&item) && item != POISON) {
		consume(item);
		progress(1);
	}
	return NULL;
}

static void
queue_check(void)
{
	uint64_t total = 0;

	for (int p = 0; p < NPROD; p++) {
		uint64_t n = q.produced[p], missing = 0, first = 0;

		total += n;
		for (uint64_t s = 0; s < n; s++) {
			if (!(q.seen[p][s / 64] & (1ull << (s % 64))) && !missing++)
				first = s;
		}
		if (missing)
			fail("producer %d: %llu of its %llu items never taken (the first: %llu)", p,
			     (unsigned long long)missing, (unsigned long long)n,
			     (unsigned long long)first);
	}
	if (total != q.consumed)
		fail("%llu items made, %llu taken", (unsigned long long)total,
		     (unsigned long long)q.consumed);
	tally(T_QUEUE, q.consumed);
}

/* ---- ping-pong, in-process and cross-process ---------------------------- */

static void
pingpong_init(struct pingpong *x, bool shared)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	if (shared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&x->lock, &a);
	pthread_mutexattr_destroy(&a);
	cond_init(&x->cv, shared);
}

/* One turn of side (0 or 1): wait for it, hand it over. Returns 1 to go
 * on, 0 once stopped, -1 when a wait timed out. */
static int
pingpong_turn(struct pingpong *x, int side)
{
	struct timespec ts = abs_time(WAIT_NS);

	pthread_mutex_lock(&x->lock);
	while (x->turn != side && !x->stop) {
		if (pthread_cond_timedwait(&x->cv, &x->lock, &ts) == ETIMEDOUT && !x->stop) {
			fail("ping-pong side %d: waited 5 s for its turn, not woken (turn %d, %llu "
			     "rounds so far)",
			     side, x->turn, (unsigned long long)x->rounds);
			x->stop = 1;
			pthread_cond_broadcast(&x->cv);
			pthread_mutex_unlock(&x->lock);
			return -1;
		}
	}
	if (x->stop) {
		pthread_mutex_unlock(&x->lock);
		return 0;
	}
	if (side == 0) {
		x->rounds++;
		if (stopping())
			x->stop = 1;
	}
	x->turn = 1 - side;
	pthread_cond_signal(&x->cv);
	pthread_mutex_unlock(&x->lock);
	return 1;
}

static void *
pingpong_side(void *arg)
{
	int side = (int)(intptr_t)arg;

	doing("waiting for its ping-pong turn");
	while (pingpong_turn(&pp, side) > 0)
		progress(1);
	if (side == 0)
		tally(T_PINGPONG, pp.rounds);
	return NULL;
}

static void
xping_child(void)
{
	my_slot = NULL; /* the slot is the parent thread's */
	while (pingpong_turn(xpp, 1) > 0)
		;
	_exit(0);
}

static void *
xping(void *arg)
{
	char buf[64];
	pid_t pid;
	int st;

	(void)arg;
	pid = fork();
	if (pid == 0)
		xping_child();
	if (pid < 0) {
		fail("fork: %s", err_name(errno));
		return NULL;
	}
	doing("waiting for its cross-process ping-pong turn");
	while (pingpong_turn(xpp, 0) > 0)
		progress(1);
	doing("waiting for the ping-pong child (wait4)");
	if (waitpid(pid, &st, 0) != pid)
		fail("waitpid(ping-pong child): %s", err_name(errno));
	else if (st != 0)
		fail("the ping-pong child ended with %s", status_str(st, buf, sizeof(buf)));
	tally(T_XPING, xpp->rounds);
	return NULL;
}

/* ---- futex token ring --------------------------------------------------- */

static long
futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts, uint32_t *uaddr2,
      uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

/* Waits for the token; returns it (TOKEN_GO or TOKEN_STOP), or 0 when the
 * wait failed. */
static uint32_t
ring_wait(int me)
{
	struct timespec ts = abs_time(WAIT_NS);
	uint32_t tok;

	doing("waiting for the futex token");
	while ((tok = __atomic_load_n(&ring_word[me], __ATOMIC_ACQUIRE)) == 0) {
		if (futex(&ring_word[me], FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, NULL,
			  FUTEX_BITSET_MATCH_ANY) == 0 ||
		    errno == EAGAIN || errno == EINTR)
			continue;
		fail("ring thread %d: FUTEX_WAIT_BITSET: %s, token words %u %u %u %u", me,
		     err_name(errno), ring_word[0], ring_word[1], ring_word[2], ring_word[3]);
		return 0;
	}
	return tok;
}

/* Hands tok to thread next, waking it one of three ways in turn. */
static void
ring_pass(int next, uint64_t n, uint32_t tok)
{
	uint32_t *w = &ring_word[next];

	switch (n % 3) {
	case 0:
		__atomic_store_n(w, tok, __ATOMIC_RELEASE);
		futex(w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		break;
	case 1:
		__atomic_store_n(w, tok, __ATOMIC_RELEASE);
		futex(w, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
		break;
	default: /* *w = tok and wake one waiter, in one call */
		if (futex(w, FUTEX_WAKE_OP_PRIVATE, 1, NULL, w,
			  FUTEX_OP(FUTEX_OP_SET, tok, FUTEX_OP_CMP_EQ, 0)) < 0)
			fail("FUTEX_WAKE_OP: %s", err_name(errno));
		break;
	}
}

static void *
ring_thread(void *arg)
{
	int me = (int)(intptr_t)arg;
	uint64_t n = 0;
	uint32_t tok;

	do {
		tok = ring_wait(me);
		if (!tok) { /* stop everybody */
			for (int i = 0; i < NRING; i++)
				ring_pass(i, 0, TOKEN_STOP);
			break;
		}
		__atomic_store_n(&ring_word[me], 0, __ATOMIC_RELAXED);
		if (me == 0 && stopping())
			tok = TOKEN_STOP;
		ring_pass((me + 1) % NRING, ++n, tok);
		progress(1);
	} while (tok == TOKEN_GO);
	tally(T_FUTEX, n);
	return NULL;
}

/* ---- the worker --------------------------------------------------------- */

static bool
locks_init(void)
{
	counters_init();
	if (!queue_init())
		return false;
	pingpong_init(&pp, false);
	xpp = mmap(NULL, sizeof(*xpp), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (xpp == MAP_FAILED) {
		fail("mmap(MAP_SHARED): %s", err_name(errno));
		return false;
	}
	pingpong_init(xpp, true);
	ring_word[0] = TOKEN_GO; /* thread 0 holds the token */
	return true;
}

int
locks_main(void)
{
	if (!locks_init())
		return worker_finish();
	for (int i = 0; i < NCOUNT_THREADS; i++)
		start_thread("count", i, counting, (void *)(intptr_t)i);
	for (int i = 0; i < NPROD; i++)
		start_thread("put", i, producer, (void *)(intptr_t)i);
	for (int i = 0; i < NCONS; i++)
		start_thread("get", i, consumer, NULL);
	for (int i = 0; i < 2; i++)
		start_thread("pingpong", i, pingpong_side, (void *)(intptr_t)i);
	start_thread("xping", 0, xping, NULL);
	for (int i = 0; i < NRING; i++)
		start_thread("ring", i, ring_thread, (void *)(intptr_t)i);
	join_threads();
	counters_check();
	queue_check();
	return worker_finish();
}
