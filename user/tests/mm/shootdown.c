/*
 * shootdown: once one thread has unmapped a page or copied it on write, a
 * thread of the same process on another hart must stop reaching the old
 * page -- its TLB entry must be gone before the page is freed (and so
 * before anyone else can get the page). Each case pins the main thread
 * to CPU 0 and a reader thread to CPU 1; the reader reads one word in a
 * tight loop, so its TLB keeps the translation, and records every value
 * it saw that it should not have.
 *
 *  cow       after fork the word's page is shared read-only with the
 *            child; the main thread writes the word (copy on write), then
 *            the child writes its copy and exits. Once the main thread's
 *            write is done the reader must see its value, and never the
 *            child's value or the freed page's contents.
 *  munmap    the main thread unmaps 16 MiB that the reader reads the
 *            first word of: every read gives the pattern, and once
 *            munmap has returned the reader faults (SIGSEGV).
 *  dontneed  madvise(MADV_DONTNEED) over the same: the reader sees the
 *            pattern, then zeros (only zeros once madvise has returned).
 *  mremap    mremap shrinks the mapping to one page while the reader
 *            reads its last page: the pattern until it faults.
 *
 * A kernel that frees pages before shooting down the other harts' TLBs
 * lets the reader read freed memory for a moment; the debug kernel
 * (make DEBUG=1) poisons freed pages at once, so the reader sees the
 * poison. Under qemu-riscv64 (Linux) every case passes too.
 */
#include "../thread/mt_test.h"

#include <setjmp.h>

#define BIG	 (16UL << 20)
#define PATTERN	 0x5e5e5e5e5e5e5e5eUL
#define WAIT_MS	 3000
#define BAD_SEEN 4
#define NO_VALUE 0xbadbadbadbadbadbUL

/*
 * The main thread sets done once its change has returned; from then on
 * the old page must be out of reach: a read must give ok[1] (or fault,
 * when ok[1] is NO_VALUE).
 */
struct reader {
	volatile uint64_t *word; /* what to read */
	uint64_t ok[2][2];	 /* fine to see before / after done */
	uint64_t stop_at;	 /* stop when this one is seen (0: never) */
	volatile int started;	 /* read once */
	volatile unsigned long reads;
	volatile int done;	 /* the change has returned */
	volatile int stop;	 /* set by the main thread */
	volatile int faulted;
	int nbad;
	uint64_t bad[BAD_SEEN]; /* the first values it should not have seen */
	volatile int saw_stop_value;
};

static __thread sigjmp_buf fault_env;

static void
on_segv(int sig)
{
	(void)sig;
	siglongjmp(fault_env, 1);
}

static void
pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void
note(struct reader *r, int done, uint64_t v)
{
	if (v == r->ok[done][0] || v == r->ok[done][1])
		return;
	if (r->nbad < BAD_SEEN)
		r->bad[r->nbad] = v;
	r->nbad++;
}

/* The reader makes no system call while it reads: entering the kernel
 * could flush its TLB (QEMU drops it when the kernel toggles sstatus.SUM)
 * and hide a missing shootdown. The main thread bounds every wait. */
static void *
reader_main(void *arg)
{
	struct reader *r = arg;

	pin(1);
	if (sigsetjmp(fault_env, 1)) {
		__atomic_store_n(&r->faulted, 1, __ATOMIC_RELEASE);
		return NULL;
	}
	while (!r->stop) {
		int done = __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
		uint64_t v = *r->word;

		note(r, done, v);
		__atomic_store_n(&r->reads, r->reads + 1, __ATOMIC_RELEASE);
		__atomic_store_n(&r->started, 1, __ATOMIC_RELEASE);
		if (r->stop_at && v == r->stop_at) {
			__atomic_store_n(&r->saw_stop_value, 1, __ATOMIC_RELEASE);
			break;
		}
	}
	return NULL;
}

static pthread_t
start_reader(struct reader *r)
{
	pthread_t t;

	if (pthread_create(&t, NULL, reader_main, r)) {
		printf("pthread_create failed\n");
		exit(1);
	}
	if (!wait_for_value(&r->started, 1, WAIT_MS)) {
		printf("the reader did not start\n");
		exit(1);
	}
	return t;
}

/* Wait until the reader has read again, so that its TLB holds the
 * translation as it is now. */
static void
read_again(struct reader *r)
{
	unsigned long n = __atomic_load_n(&r->reads, __ATOMIC_ACQUIRE);
	int64_t end = now_ns() + WAIT_MS * NS_PER_MS;

	while (__atomic_load_n(&r->reads, __ATOMIC_ACQUIRE) - n < 2 && now_ns() < end)
		sched_yield();
}

static void
report(const char *what, const struct reader *r)
{
	char line[128];

	snprintf(line, sizeof(line), "%s: the reader saw only the values it may see", what);
	check(line, r->nbad == 0);
	for (int i = 0; i < r->nbad && i < BAD_SEEN; i++)
		printf("  it saw %#lx\n", (unsigned long)r->bad[i]);
}

static uint64_t *
map_filled(size_t len)
{
	uint64_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		printf("mmap: %s\n", err_name(errno));
		exit(1);
	}
	for (size_t i = 0; i < len / 8; i++)
		m[i] = PATTERN;
	return m;
}

static void
case_cow(void)
{
	uint64_t *m = map_filled(PAGE);
	struct reader r = { .word = m, .ok = { { 1, 2 }, { 2, 2 } }, .stop_at = 2 };
	int go[2];
	pid_t pid;
	pthread_t t;

	m[0] = 1;
	t = start_reader(&r);
	if (pipe(go))
		exit(1);
	pid = fork_flushed();
	if (pid == 0) {
		char c;

		/* Alone with the page once the parent has its copy. */
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		m[0] = 3;
		_exit(0);
	}
	read_again(&r);
	m[0] = 2;
	__atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
	if (write(go[1], "g", 1) != 1)
		exit(1);
	expect_status("cow: the child", pid, 0);
	wait_for_value(&r.saw_stop_value, 1, WAIT_MS);
	r.stop = 1;
	pthread_join(t, NULL);
	check("cow: the reader on another hart sees the write after the copy", r.saw_stop_value);
	report("cow", &r);
	munmap(m, PAGE);
	close(go[0]);
	close(go[1]);
}

/* The reader reads word until it faults; change(m) takes its page away. */
static void
case_fault(const char *what, uint64_t *m, volatile uint64_t *word, int (*change)(uint64_t *))
{
	struct reader r = { .word = word, .ok = { { PATTERN, PATTERN }, { NO_VALUE, NO_VALUE } } };
	pthread_t t = start_reader(&r);
	char line[128];

	read_again(&r);
	expect_ret(what, change(m), 0);
	__atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
	wait_for_value(&r.faulted, 1, WAIT_MS);
	r.stop = 1;
	pthread_join(t, NULL);
	snprintf(line, sizeof(line), "%s: the reader on another hart faults", what);
	check(line, r.faulted);
	report(what, &r);
}

static int
do_munmap(uint64_t *m)
{
	return munmap(m, BIG);
}

static int
do_mremap(uint64_t *m)
{
	void *n = mremap(m, BIG, PAGE, 0);

	return n == m ? 0 : -1;
}

static void
case_dontneed(void)
{
	uint64_t *m = map_filled(BIG);
	struct reader r = { .word = m, .ok = { { PATTERN, 0 }, { 0, 0 } } };
	pthread_t t = start_reader(&r);

	read_again(&r);
	expect_ret("madvise(MADV_DONTNEED)", madvise(m, BIG, MADV_DONTNEED), 0);
	__atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
	sleep_ms(20);
	r.stop = 1;
	pthread_join(t, NULL);
	report("dontneed", &r);
	check("dontneed: the page reads as zeros now", m[0] == 0);
	munmap(m, BIG);
}

int
main(void)
{
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_NODEFER };
	uint64_t *m;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGSEGV, &sa, NULL);
	pin(0);
	case_cow();
	m = map_filled(BIG);
	case_fault("munmap", m, m, do_munmap);
	case_dontneed();
	m = map_filled(BIG);
	case_fault("mremap", m, m + (BIG - PAGE) / 8, do_mremap);
	munmap(m, PAGE);
	printf("%s\n", all_ok ? "PASS" : "FAIL");
	return all_ok ? 0 : 1;
}
