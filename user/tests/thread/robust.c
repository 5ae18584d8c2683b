/*
 * robust: robust mutexes whose owner dies. glibc's PTHREAD_MUTEX_ROBUST:
 * a thread that exits holding one hands the next locker EOWNERDEAD (also
 * a locker already asleep on it), pthread_mutex_consistent makes it
 * usable again, and without it the mutex becomes ENOTRECOVERABLE; a
 * process-shared one in a MAP_SHARED page, held by a child that exits or
 * is killed. Then the kernel side with raw calls: set_robust_list and
 * get_robust_list (values and errno), and what exit does to a hand-made
 * list: each word owned by the dead thread gets FUTEX_OWNER_DIED with
 * the tid cleared and FUTEX_WAITERS kept (its waiter woken), the
 * list_op_pending entry too, and a word owned by another tid is left as
 * it was.
 *
 * Not compared with qemu-riscv64: it returns ENOSYS for set_robust_list
 * (a guest's list cannot be walked by the host kernel), so glibc there
 * refuses robust mutexes altogether.
 */
#include "mt_test.h"

#include <stddef.h>

static pthread_mutex_t rm;

static void
robust_init(pthread_mutex_t *m, bool shared)
{
	pthread_mutexattr_t a;
	int e;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (shared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	e = pthread_mutex_init(m, &a);
	if (e) {
		printf("pthread_mutex_init(robust%s) = %s\n", shared ? ", shared" : "",
		       err_name(e));
		exit(1);
	}
	pthread_mutexattr_destroy(&a);
}

static int waiter_started;

static void *
lock_and_exit(void *arg)
{
	pthread_mutex_lock(&rm);
	if (arg) /* wait for the waiter to block on it, as far as we can tell */
		if (wait_for_value(&waiter_started, 1, 10000))
			sleep_ms(50);
	return NULL; /* exits holding rm */
}

static void *
lock_waits(void *arg)
{
	int r;

	(void)arg;
	__atomic_store_n(&waiter_started, 1, __ATOMIC_RELEASE);
	r = pthread_mutex_lock(&rm);
	if (r == EOWNERDEAD)
		pthread_mutex_consistent(&rm);
	if (r == 0 || r == EOWNERDEAD)
		pthread_mutex_unlock(&rm);
	return (void *)(long)r;
}

static void
thread_dies_holding(void)
{
	pthread_t t, w;
	void *ret;

	robust_init(&rm, false);
	pthread_create(&t, NULL, lock_and_exit, NULL);
	pthread_join(t, NULL);
	expect_errnum("lock after the owner thread exited", pthread_mutex_lock(&rm), EOWNERDEAD);
	expect_errnum("pthread_mutex_consistent", pthread_mutex_consistent(&rm), 0);
	expect_errnum("unlock", pthread_mutex_unlock(&rm), 0);
	expect_errnum("lock again", pthread_mutex_lock(&rm), 0);
	pthread_mutex_unlock(&rm);

	pthread_create(&t, NULL, lock_and_exit, NULL);
	pthread_join(t, NULL);
	expect_errnum("owner died again: lock", pthread_mutex_lock(&rm), EOWNERDEAD);
	expect_errnum("unlock without consistent", pthread_mutex_unlock(&rm), 0);
	expect_errnum("lock now", pthread_mutex_lock(&rm), ENOTRECOVERABLE);
	pthread_mutex_destroy(&rm);

	robust_init(&rm, false);
	waiter_started = 0;
	pthread_create(&t, NULL, lock_and_exit, (void *)1);
	while (!pthread_mutex_trylock(&rm)) /* until t holds it */
		pthread_mutex_unlock(&rm), sched_yield();
	pthread_create(&w, NULL, lock_waits, NULL);
	pthread_join(t, NULL);
	pthread_join(w, &ret);
	expect_errnum("a locker asleep when the owner died", (int)(long)ret, EOWNERDEAD);
	expect_errnum("after it made it consistent and unlocked, main locks",
		      pthread_mutex_lock(&rm), 0);
	pthread_mutex_unlock(&rm);
}

static void
process_dies_holding(void)
{
	pthread_mutex_t *m = shared_page(PAGE);
	pid_t pid;

	robust_init(m, true);
	for (int how = 0; how < 2; how++) {
		pid = fork_flushed();
		if (pid == 0) {
			pthread_mutex_lock(m);
			if (how == 1)
				raise(SIGKILL);
			_exit(0);
		}
		waitpid_bounded(pid, &(int){ 0 }, 0, 10000);
		expect_errnum(how ? "shared: lock after the owner was killed" :
				    "shared: lock after the owner process exited",
			      pthread_mutex_lock(m), EOWNERDEAD);
		pthread_mutex_consistent(m);
		pthread_mutex_unlock(m);
	}
	expect_errnum("shared: lock once consistent", pthread_mutex_lock(m), 0);
	pthread_mutex_unlock(m);
}

/* ---- raw robust lists -------------------------------------------------- */

/* A lock as glibc lays it out: the list link sits futex_offset bytes
 * before the futex word. */
struct raw_lock {
	struct robust_list link;
	uint32_t word;
};

static struct robust_list_head head;
static struct raw_lock locks[4];
static volatile pid_t raw_tid;
static int raw_go;
static uint32_t raw_ctid;
static long set_ret = -1;

/* Runs with main's TLS (no CLONE_SETTLS): only calls that succeed. */
static int
raw_thread(void *arg)
{
	pid_t me = gettid_raw();

	(void)arg;
	head.list.next = &locks[0].link;
	locks[0].link.next = &locks[1].link;
	locks[1].link.next = &locks[2].link;
	locks[2].link.next = &head.list;
	head.futex_offset = offsetof(struct raw_lock, word);
	head.list_op_pending = &locks[3].link;
	locks[0].word = (uint32_t)me;
	locks[1].word = (uint32_t)me | FUTEX_WAITERS;
	locks[2].word = 12345;	      /* somebody else's */
	locks[3].word = (uint32_t)me; /* being taken: list_op_pending */
	set_ret = syscall(SYS_set_robust_list, &head, sizeof(head));
	raw_tid = me;
	while (!__atomic_load_n(&raw_go, __ATOMIC_ACQUIRE))
		syscall(SYS_sched_yield);
	return 0;
}

static int woken_by_exit = -1;

static void *
waits_on_lock1(void *arg)
{
	struct timespec ts = { 10, 0 };
	uint32_t v = (uint32_t)(long)arg;

	if (futex(&locks[1].word, FUTEX_WAIT, v, &ts, NULL, 0) == 0)
		woken_by_exit = 0;
	else
		woken_by_exit = errno;
	return NULL;
}

static void
raw_lists(void)
{
	static char stack[16384] __attribute__((aligned(16)));
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_CHILD_CLEARTID;
	struct robust_list_head *got = NULL;
	size_t len = 0;
	struct timespec ts = { 5, 0 };
	pthread_t w;
	pid_t tid;

	raw_ctid = 1;
	tid = clone(raw_thread, stack + sizeof(stack), flags, NULL, NULL, NULL, &raw_ctid);
	if (tid <= 0 || !wait_for_at_least((volatile int *)&raw_tid, 1, 10000)) {
		printf("raw thread did not start\n");
		exit(1);
	}
	expect_ret("set_robust_list(head, 24) in the raw thread", set_ret, 0);
	expect_ret("get_robust_list(that tid)", syscall(SYS_get_robust_list, tid, &got, &len), 0);
	check("it gives back the head and length set", got == &head && len == sizeof(head));

	pthread_create(&w, NULL, waits_on_lock1, (void *)(long)locks[1].word);
	sleep_ms(50); /* let it sleep on the word; the result holds either way */
	__atomic_store_n(&raw_go, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&raw_ctid, __ATOMIC_ACQUIRE))
		if (futex(&raw_ctid, FUTEX_WAIT, 1, &ts, NULL, 0) && errno == ETIMEDOUT)
			break;
	pthread_join(w, NULL);
	check("a listed word it owned: FUTEX_OWNER_DIED, tid cleared",
	      locks[0].word == FUTEX_OWNER_DIED);
	check("a listed word with waiters: FUTEX_OWNER_DIED|FUTEX_WAITERS",
	      locks[1].word == (FUTEX_OWNER_DIED | FUTEX_WAITERS));
	check("and its waiter was woken", woken_by_exit == 0 || woken_by_exit == EAGAIN);
	check("a listed word owned by another tid: untouched", locks[2].word == 12345);
	check("the list_op_pending word: FUTEX_OWNER_DIED", locks[3].word == FUTEX_OWNER_DIED);
}

static void
robust_list_errors(void)
{
	struct robust_list_head *got = NULL;
	size_t len = 0;
	void *bad = unmapped_page();

	expect_ret("get_robust_list(0) (glibc registered one)",
		   syscall(SYS_get_robust_list, 0, &got, &len), 0);
	check("its length is sizeof(struct robust_list_head)", len == sizeof(head) && got);
	expect_err("set_robust_list(head, 23)", syscall(SYS_set_robust_list, &head, 23), EINVAL);
	expect_err("set_robust_list(head, 25)", syscall(SYS_set_robust_list, &head, 25), EINVAL);
	expect_err("get_robust_list(no such tid)",
		   syscall(SYS_get_robust_list, 0x3ffffff, &got, &len), ESRCH);
	expect_err("get_robust_list(0, unmapped, &len)", syscall(SYS_get_robust_list, 0, bad, &len),
		   EFAULT);
	expect_err("get_robust_list(0, &head, unmapped)",
		   syscall(SYS_get_robust_list, 0, &got, bad), EFAULT);
	expect_err("get_robust_list(0, kernel address, &len)",
		   syscall(SYS_get_robust_list, 0, KERNEL_ADDR, &len), EFAULT);
	expect_err("get_robust_list(0, &head, NULL)", syscall(SYS_get_robust_list, 0, &got, NULL),
		   EFAULT);
}

int
main(void)
{
	test_setup();
	thread_dies_holding();
	process_dies_holding();
	robust_list_errors();
	raw_lists();
	return test_result();
}
