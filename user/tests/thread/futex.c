/*
 * futex: the raw system call. Error cases first (one thread): EAGAIN for
 * a changed value, ETIMEDOUT for relative and absolute timeouts on both
 * clocks, EINVAL for misalignment, bad timeouts and empty bitsets,
 * EFAULT for bad word or timeout pointers (and, as on Linux, none for a
 * private FUTEX_WAKE that never touches the word), ENOSYS for unknown
 * operations and misplaced FUTEX_CLOCK_REALTIME, FUTEX_WAKE_OP's
 * arithmetic on the second word. Then with waiters: they are "parked" by
 * FUTEX_CMP_REQUEUE onto a second word until all have been moved (so we
 * know they are asleep), which makes every wake count exact: FUTEX_WAKE
 * (nr 0 wakes one, as Linux does), WAKE_BITSET against each waiter's
 * bitset, REQUEUE and CMP_REQUEUE splitting wake and move, WAKE_OP's
 * conditional second wake; a shared futex between processes (and a
 * private one that another process cannot wake); a ping-pong of 2000
 * round trips between two threads with no lost wake-up. Apart (argument
 * "requeue-self"): a requeue of sleepers onto the word they sleep on.
 */
#include "mt_test.h"

#include <limits.h>

#define WAIT_P	FUTEX_WAIT_PRIVATE
#define WAKE_P	FUTEX_WAKE_PRIVATE
#define VAL2(n) ((const void *)(long)(n))

static uint32_t words[8] __attribute__((aligned(64)));
static const uint32_t ro_word __attribute__((aligned(4096))) = 5;

static struct timespec
ts_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * NS_PER_MS };

	return ts;
}

static struct timespec
abs_ms(clockid_t clock, long ms)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	ts.tv_nsec += (ms % 1000) * NS_PER_MS;
	ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	return ts;
}

static void
timeouts(void)
{
	uint32_t *w = &words[0];
	struct timespec rel = ts_ms(30), abs;
	int64_t t0;
	bool long_enough;

	*w = 7;
	expect_err("FUTEX_WAIT(value 7, expecting 8)", futex(w, FUTEX_WAIT, 8, NULL, NULL, 0),
		   EAGAIN);
	expect_err("FUTEX_WAIT_PRIVATE(value 7, expecting 8)", futex(w, WAIT_P, 8, NULL, NULL, 0),
		   EAGAIN);
	t0 = now_ns();
	expect_err("FUTEX_WAIT(30 ms)", futex(w, FUTEX_WAIT, 7, &rel, NULL, 0), ETIMEDOUT);
	long_enough = now_ns() - t0 >= 30 * NS_PER_MS;
	abs = abs_ms(CLOCK_MONOTONIC, 30);
	expect_err("FUTEX_WAIT_BITSET(monotonic now + 30 ms)",
		   futex(w, FUTEX_WAIT_BITSET, 7, &abs, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
	long_enough = long_enough && now_ns() >= abs.tv_sec * 1000000000LL + abs.tv_nsec;
	abs = abs_ms(CLOCK_REALTIME, 30);
	expect_err("FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME(now + 30 ms)",
		   futex(w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 7, &abs, NULL, ~0u),
		   ETIMEDOUT);
	expect_err("FUTEX_WAIT|FUTEX_CLOCK_REALTIME: only for WAIT_BITSET",
		   futex(w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 7, &rel, NULL, 0), ENOSYS);
	check("each waited at least its time", long_enough);
	abs = (struct timespec){ 0, 1 };
	expect_err("FUTEX_WAIT_BITSET(deadline in the past)",
		   futex(w, FUTEX_WAIT_BITSET, 7, &abs, NULL, ~0u), ETIMEDOUT);
	rel = (struct timespec){ 0, 0 };
	expect_err("FUTEX_WAIT(0 s)", futex(w, FUTEX_WAIT, 7, &rel, NULL, 0), ETIMEDOUT);
	rel = (struct timespec){ 0, 1000000000L };
	expect_err("FUTEX_WAIT(tv_nsec = 1e9)", futex(w, FUTEX_WAIT, 7, &rel, NULL, 0), EINVAL);
	rel = (struct timespec){ -1, 0 };
	expect_err("FUTEX_WAIT(tv_sec = -1)", futex(w, FUTEX_WAIT, 7, &rel, NULL, 0), EINVAL);
	rel = (struct timespec){ 0, -1 };
	expect_err("FUTEX_WAIT_BITSET(tv_nsec = -1)", futex(w, FUTEX_WAIT_BITSET, 7, &rel, NULL, 1),
		   EINVAL);
}

static void
bad_arguments(void)
{
	uint32_t *w = &words[0];
	char *misaligned = (char *)w + 1;
	void *unmapped = unmapped_page();
	struct timespec rel = ts_ms(10);
	const struct timespec *top_ts = (const void *)((char *)STRADDLE_TOP + 8);

	*w = 0;
	expect_err("FUTEX_WAIT(misaligned)",
		   futex((uint32_t *)misaligned, FUTEX_WAIT, 0, NULL, NULL, 0), EINVAL);
	expect_err("FUTEX_WAKE(misaligned)",
		   futex((uint32_t *)misaligned, FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL);
	expect_err("FUTEX_WAIT_BITSET(bitset 0)", futex(w, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0),
		   EINVAL);
	expect_err("FUTEX_WAKE_BITSET(bitset 0)", futex(w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0),
		   EINVAL);
	expect_err("FUTEX_WAIT(NULL)", futex(NULL, FUTEX_WAIT, 0, &rel, NULL, 0), EFAULT);
	expect_err("FUTEX_WAIT(unmapped)", futex(unmapped, FUTEX_WAIT, 0, &rel, NULL, 0), EFAULT);
	expect_err("FUTEX_WAIT_PRIVATE(unmapped)", futex(unmapped, WAIT_P, 0, &rel, NULL, 0),
		   EFAULT);
	expect_err("FUTEX_WAIT(kernel address)", futex(KERNEL_ADDR, FUTEX_WAIT, 0, &rel, NULL, 0),
		   EFAULT);
	expect_err("FUTEX_WAIT(timeout NULL-ish 0x8)", futex(w, FUTEX_WAIT, 0, (void *)8, NULL, 0),
		   EFAULT);
	expect_err("FUTEX_WAIT(timeout unmapped)", futex(w, FUTEX_WAIT, 0, unmapped, NULL, 0),
		   EFAULT);
	expect_err("FUTEX_WAIT(timeout at a kernel address)",
		   futex(w, FUTEX_WAIT, 0, KERNEL_ADDR, NULL, 0), EFAULT);
	expect_err("FUTEX_WAIT(timeout straddling the top of user space)",
		   futex(w, FUTEX_WAIT, 0, top_ts, NULL, 0), EFAULT);
	expect_err("FUTEX_WAIT(value differs, timeout unmapped)",
		   futex(w, FUTEX_WAIT, 1, unmapped, NULL, 0), EFAULT);
	expect_ret("FUTEX_WAKE_PRIVATE(unmapped): the word is not read",
		   futex(unmapped, WAKE_P, 1, NULL, NULL, 0), 0);
	expect_ret("FUTEX_WAKE_PRIVATE(NULL)", futex(NULL, WAKE_P, 1, NULL, NULL, 0), 0);
	expect_err("FUTEX_WAKE(unmapped), shared: the key needs the page",
		   futex(unmapped, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
	expect_err("FUTEX_WAKE_PRIVATE(kernel address)",
		   futex(KERNEL_ADDR, WAKE_P, 1, NULL, NULL, 0), EFAULT);
	expect_err("FUTEX_WAIT(read-only word, 10 ms)",
		   futex((uint32_t *)&ro_word, FUTEX_WAIT, 5, &rel, NULL, 0), ETIMEDOUT);
}

static void
bad_operations(void)
{
	uint32_t *w = &words[0];
	char *misaligned = (char *)w + 1;

	*w = 0;
	expect_err("futex op 99", futex(w, 99, 0, NULL, NULL, 0), ENOSYS);
	expect_err("futex op 99|FUTEX_PRIVATE_FLAG",
		   futex(w, 99 | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0), ENOSYS);
	expect_err("FUTEX_FD (removed)", futex(w, 2, 0, NULL, NULL, 0), ENOSYS);
	expect_err("FUTEX_WAKE|FUTEX_CLOCK_REALTIME",
		   futex(w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
	expect_err("FUTEX_REQUEUE(nr_wake -1)", futex(w, FUTEX_REQUEUE, -1, VAL2(1), &words[1], 0),
		   EINVAL);
	expect_err("FUTEX_CMP_REQUEUE(nr_requeue -1)",
		   futex(w, FUTEX_CMP_REQUEUE, 1, VAL2(-1), &words[1], 0), EINVAL);
	expect_err("FUTEX_CMP_REQUEUE(value 0, expecting 3)",
		   futex(w, FUTEX_CMP_REQUEUE, 1, VAL2(1), &words[1], 3), EAGAIN);
	expect_err("FUTEX_CMP_REQUEUE(second word misaligned)",
		   futex(w, FUTEX_CMP_REQUEUE, 1, VAL2(1), (uint32_t *)misaligned, 0), EINVAL);
	expect_ret("FUTEX_CMP_REQUEUE(nobody waiting)",
		   futex(w, FUTEX_CMP_REQUEUE, 1, VAL2(1), &words[1], 0), 0);
}

/* FUTEX_OP of <linux/futex.h>, with the parentheses it lacks. */
#define OP(op, oparg, cmp, cmparg)                                      \
	((((uint32_t)(op)&0xf) << 28) | (((uint32_t)(cmp)&0xf) << 24) | \
	 (((uint32_t)(oparg)&0xfff) << 12) | ((uint32_t)(cmparg)&0xfff))

static void
wake_op_arithmetic(void)
{
	static const struct {
		const char *what;
		uint32_t before, op, after;
	} cases[] = {
		{ "SET 5", 1, OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0), 5 },
		{ "ADD 5", 1, OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0), 6 },
		{ "ADD -1 (12-bit sign)", 1, OP(FUTEX_OP_ADD, 0xfff, FUTEX_OP_CMP_EQ, 0), 0 },
		{ "OR 6", 1, OP(FUTEX_OP_OR, 6, FUTEX_OP_CMP_EQ, 0), 7 },
		{ "ANDN 3", 15, OP(FUTEX_OP_ANDN, 3, FUTEX_OP_CMP_EQ, 0), 12 },
		{ "XOR 5", 6, OP(FUTEX_OP_XOR, 5, FUTEX_OP_CMP_EQ, 0), 3 },
		{ "SET 1<<10", 0, OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 10, FUTEX_OP_CMP_EQ, 0),
		  1024 },
		{ "OR 1<<31", 1, OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_EQ, 0),
		  0x80000001u },
	};
	uint32_t *w1 = &words[0], *w2 = &words[1];
	char what[96];

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		long r;

		*w2 = cases[i].before;
		r = futex(w1, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), w2, cases[i].op);
		snprintf(what, sizeof(what), "FUTEX_WAKE_OP %s on %u, nobody waiting",
			 cases[i].what, cases[i].before);
		expect_ret(what, r, 0);
		snprintf(what, sizeof(what), "  second word becomes %u", cases[i].after);
		check(what, *w2 == cases[i].after);
	}
	*w2 = 9;
	expect_err("FUTEX_WAKE_OP op 5 (none such)",
		   futex(w1, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), w2, (5u << 28) | (1 << 12)),
		   ENOSYS);
	check("  second word untouched", *w2 == 9);
	expect_err("FUTEX_WAKE_OP cmp 6 (none such)",
		   futex(w1, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), w2, OP(FUTEX_OP_SET, 4, 6, 0)),
		   ENOSYS);
	check("  the op was applied before the cmp was refused", *w2 == 4);
	expect_err("FUTEX_WAKE_OP second word unmapped",
		   futex(w1, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), unmapped_page(),
			 OP(FUTEX_OP_SET, 4, FUTEX_OP_CMP_EQ, 0)),
		   EFAULT);
	expect_err("FUTEX_WAKE_OP second word read-only",
		   futex(w1, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), (uint32_t *)&ro_word,
			 OP(FUTEX_OP_SET, 4, FUTEX_OP_CMP_EQ, 0)),
		   EFAULT);
	check("  the read-only word is unchanged", ro_word == 5);
}

/* ---- waiters and parking ---------------------------------------------- */

struct waiter {
	pthread_t th;
	uint32_t *word;
	uint32_t bitset;
	int result; /* 0 woken, else errno */
	int done;
};

static struct waiter waiters[4];

static void *
wait_thread(void *arg)
{
	struct waiter *w = arg;
	struct timespec dl = abs_ms(CLOCK_MONOTONIC, 15000);

	w->result = futex(w->word, FUTEX_WAIT_BITSET_PRIVATE, 0, &dl, NULL, w->bitset) ? errno : 0;
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Start n waiters on *word (value 0) with the given bitsets. */
static void
start_waiters(int n, uint32_t *word, const uint32_t *bitsets)
{
	for (int i = 0; i < n; i++) {
		waiters[i] = (struct waiter){ .word = word, .bitset = bitsets ? bitsets[i] : ~0u };
		pthread_create(&waiters[i].th, NULL, wait_thread, &waiters[i]);
	}
}

/* Move sleepers from `from` to `to` until n have moved (10 s at most):
 * a waiter can only be moved once it sleeps. Returns the number moved. */
static int
park(uint32_t *from, uint32_t *to, int n, int flags)
{
	int64_t end = now_ns() + 10000 * NS_PER_MS;
	int moved = 0;

	while (moved < n && now_ns() < end) {
		long r = futex(from, FUTEX_CMP_REQUEUE | flags, 0, VAL2(n - moved), to, *from);

		if (r > 0)
			moved += (int)r;
		else
			sleep_ms(1);
	}
	return moved;
}

/* Join the n waiters; true if every one was woken (returned 0). */
static bool
join_waiters(int n)
{
	bool ok = true;

	for (int i = 0; i < n; i++) {
		pthread_join(waiters[i].th, NULL);
		ok = ok && waiters[i].result == 0;
	}
	return ok;
}

static void
wake_counts(void)
{
	uint32_t *a = &words[2], *b = &words[3];

	*a = *b = 0;
	start_waiters(4, a, NULL);
	expect_ret("4 waiters parked by FUTEX_CMP_REQUEUE", park(a, b, 4, FUTEX_PRIVATE_FLAG), 4);
	expect_ret("FUTEX_WAKE(first word, all): nobody left there",
		   futex(a, WAKE_P, INT_MAX, NULL, NULL, 0), 0);
	expect_ret("FUTEX_WAKE(1)", futex(b, WAKE_P, 1, NULL, NULL, 0), 1);
	expect_ret("FUTEX_WAKE(0) wakes one all the same", futex(b, WAKE_P, 0, NULL, NULL, 0), 1);
	expect_ret("FUTEX_WAKE(all)", futex(b, WAKE_P, INT_MAX, NULL, NULL, 0), 2);
	check("every waiter returned 0 (woken)", join_waiters(4));
}

static void
wake_bitset(void)
{
	uint32_t *a = &words[2], *b = &words[3];
	static const uint32_t bits[4] = { 1, 2, 4, 8 };

	*a = *b = 0;
	start_waiters(4, a, bits);
	expect_ret("4 bitset waiters (1, 2, 4, 8) parked", park(a, b, 4, FUTEX_PRIVATE_FLAG), 4);
	expect_ret("FUTEX_WAKE_BITSET(all, 0x5)",
		   futex(b, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x5), 2);
	check("  woke the waiters of bits 1 and 4",
	      wait_for_value(&waiters[0].done, 1, 10000) &&
		      wait_for_value(&waiters[2].done, 1, 10000) && !waiters[1].done &&
		      !waiters[3].done);
	expect_ret("FUTEX_WAKE_BITSET(all, 0x30)",
		   futex(b, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x30), 0);
	expect_ret("FUTEX_WAKE_BITSET(1, ~0)",
		   futex(b, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, ~0u), 1);
	expect_ret("FUTEX_WAKE(all) matches any bitset", futex(b, WAKE_P, INT_MAX, NULL, NULL, 0),
		   1);
	check("every bitset waiter returned 0", join_waiters(4));
}

static void
requeue_and_wake_op(void)
{
	uint32_t *a = &words[2], *b = &words[3], *c = &words[4];

	*a = *b = *c = 0;
	start_waiters(4, a, NULL);
	park(a, b, 4, FUTEX_PRIVATE_FLAG);
	expect_ret("FUTEX_CMP_REQUEUE(4 waiting: wake 1, move 2)",
		   futex(b, FUTEX_CMP_REQUEUE_PRIVATE, 1, VAL2(2), c, 0), 3);
	expect_ret("  left on the first word", futex(b, WAKE_P, INT_MAX, NULL, NULL, 0), 1);
	expect_ret("FUTEX_REQUEUE(2 waiting: wake 0, move 1)",
		   futex(c, FUTEX_REQUEUE_PRIVATE, 0, VAL2(1), b, 0), 1);
	expect_ret("  then FUTEX_WAKE_OP(wake 1 | SET 7 if old == 0, wake 1)",
		   futex(b, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), c,
			 OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 0)),
		   2);
	check("  the second word is 7", *c == 7);
	check("every requeued waiter returned 0", join_waiters(4));
}

static void
wake_op_conditions(void)
{
	uint32_t *a = &words[2], *b = &words[3], *c = &words[4];

	*a = *b = *c = 0;
	start_waiters(2, a, NULL);
	park(a, b, 2, FUTEX_PRIVATE_FLAG);
	park(b, c, 1, FUTEX_PRIVATE_FLAG);
	*a = 3;
	expect_ret("FUTEX_WAKE_OP(wake 1 | ADD 1 if old == 0, old is 3)",
		   futex(b, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), a,
			 OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)),
		   1);
	check("  the second word is 4", *a == 4);
	expect_ret("FUTEX_WAKE_OP(wake 1 | ADD 1 if old > 3, none on word 1)",
		   futex(b, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), c,
			 OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 3)),
		   0);
	expect_ret("FUTEX_WAKE_OP(wake 1 | SET 0 if old >= 1, old is 1)",
		   futex(b, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), c,
			 OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GE, 1)),
		   1);
	check("every WAKE_OP waiter returned 0", join_waiters(2));
}

/* ---- between processes ------------------------------------------------- */

static void
between_processes(void)
{
	uint32_t *sh = shared_page(PAGE);
	struct timespec ts = ts_ms(10000), shortts = ts_ms(300);
	pid_t pid;

	pid = fork_flushed();
	if (pid == 0)
		_exit(futex(&sh[0], FUTEX_WAIT, 0, &ts, NULL, 0) ? 10 + (errno == ETIMEDOUT) : 0);
	expect_ret("shared futex: the child's waiter parked", park(&sh[0], &sh[1], 1, 0), 1);
	expect_ret("shared futex: FUTEX_WAKE from the parent",
		   futex(&sh[1], FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	expect_status("shared futex: the child was woken", pid, W_EXITCODE(0, 0));

	pid = fork_flushed();
	if (pid == 0)
		_exit(futex(&sh[2], WAIT_P, 0, &shortts, NULL, 0) && errno == ETIMEDOUT ? 0 : 1);
	sleep_ms(50);
	expect_ret("FUTEX_WAKE from another process to a private waiter",
		   futex(&sh[2], FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	expect_status("the private waiter timed out instead", pid, W_EXITCODE(0, 0));
}

/* ---- ping-pong ----------------------------------------------------------- */

#define ROUND_TRIPS 2000

static uint32_t turn;
static int lost;

/* Wait while turn != me; a 5 s timeout means a lost wake-up. */
static void
await_turn(uint32_t me)
{
	struct timespec ts = ts_ms(5000);

	for (;;) {
		uint32_t t = __atomic_load_n(&turn, __ATOMIC_ACQUIRE);

		if (t == me)
			return;
		if (futex(&turn, WAIT_P, t, &ts, NULL, 0) && errno == ETIMEDOUT) {
			__atomic_store_n(&lost, 1, __ATOMIC_RELAXED);
			return;
		}
	}
}

static void *
pong(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUND_TRIPS && !lost; i++) {
		await_turn(1);
		__atomic_store_n(&turn, 0, __ATOMIC_RELEASE);
		futex(&turn, WAKE_P, 1, NULL, NULL, 0);
	}
	return NULL;
}

static void
ping_pong(void)
{
	pthread_t th;

	pthread_create(&th, NULL, pong, NULL);
	for (int i = 0; i < ROUND_TRIPS && !lost; i++) {
		await_turn(0);
		__atomic_store_n(&turn, 1, __ATOMIC_RELEASE);
		futex(&turn, WAKE_P, 1, NULL, NULL, 0);
	}
	pthread_join(th, NULL);
	check("ping-pong: 2000 round trips, no wake-up lost", !lost);
}

static void
requeue_onto_itself(void)
{
	uint32_t *a = &words[5], *b = &words[6];

	*a = *b = 0;
	start_waiters(2, a, NULL);
	park(a, b, 2, FUTEX_PRIVATE_FLAG);
	expect_ret("FUTEX_CMP_REQUEUE(2 waiting, onto the same word)",
		   futex(b, FUTEX_CMP_REQUEUE_PRIVATE, 0, VAL2(INT_MAX), b, 0), 2);
	expect_ret("  both still there", futex(b, WAKE_P, INT_MAX, NULL, NULL, 0), 2);
	check("  and woken", join_waiters(2));
}

/* With the argument "requeue-self", only that case (it runs apart: on a
 * kernel that loops on it, it would take the other results with it). */
int
main(int argc, char **argv)
{
	test_setup();
	if (argc > 1 && !strcmp(argv[1], "requeue-self")) {
		requeue_onto_itself();
		return test_result();
	}
	map_top_page();
	timeouts();
	bad_arguments();
	bad_operations();
	wake_op_arithmetic();
	wake_counts();
	wake_bitset();
	requeue_and_wake_op();
	wake_op_conditions();
	between_processes();
	ping_pong();
	return test_result();
}
