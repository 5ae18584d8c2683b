/*
 * tls: thread-local storage through tp. Every new thread starts with the
 * image's initial values (.tdata) and zeroed .tbss, whatever the creator
 * did to its own copies; each thread keeps its own values across context
 * switches, migrations, system calls and signal handlers (16 threads, on
 * every hart when there are several); errno is per thread; a raw clone
 * with CLONE_SETTLS starts with tp set to exactly the value given.
 */
#include "mt_test.h"

#define NTHREADS 16
#define LAPS	 300

static __thread int tdata = 42;
static __thread long tbss[64];
static __thread char tbig[8192];
static __thread uintptr_t handler_tp;

struct report {
	bool initial_ok;
	bool kept;
	bool errno_own;
	bool tp_near;
	bool handler_tp_same;
};

static struct report reports[NTHREADS];

static inline uintptr_t
read_tp(void)
{
	uintptr_t tp;

	__asm__ __volatile__("mv %0, tp" : "=r"(tp));
	return tp;
}

static void
on_usr1(int sig)
{
	(void)sig;
	handler_tp = read_tp();
}

static bool
initial_values(void)
{
	bool ok = tdata == 42;

	for (size_t i = 0; i < ARRAY_LEN(tbss); i++)
		ok = ok && tbss[i] == 0;
	for (size_t i = 0; i < sizeof(tbig); i++)
		ok = ok && tbig[i] == 0;
	return ok;
}

static void *
worker(void *arg)
{
	long id = (long)arg;
	struct report *r = &reports[id];
	uintptr_t tp = read_tp();
	bool kept = true;

	r->initial_ok = initial_values();
	r->tp_near = (uintptr_t)&tdata - tp < 65536 || tp - (uintptr_t)&tdata < 65536;
	tdata = (int)id * 1000;
	for (size_t i = 0; i < ARRAY_LEN(tbss); i++)
		tbss[i] = id + (long)i;
	memset(tbig, (int)id, sizeof(tbig));
	for (int lap = 0; lap < LAPS; lap++) {
		if (lap % 3 == 0)
			sched_yield();
		else
			getppid();
		kept = kept && tdata == (int)id * 1000 && tbss[lap % 64] == id + lap % 64 &&
		       tbig[(lap * 37) % sizeof(tbig)] == (char)id && read_tp() == tp;
		tdata = (int)id * 1000;
	}
	r->kept = kept;
	errno = 0;
	close(-1);
	r->errno_own = errno == EBADF;
	syscall(SYS_tgkill, getpid(), gettid_raw(), SIGUSR1);
	r->handler_tp_same = handler_tp == tp;
	return NULL;
}

/* ---- raw clone with CLONE_SETTLS ------------------------------------- */

static volatile uintptr_t raw_tp;
static uint32_t raw_ctid = 1;

static int
raw_thread(void *arg)
{
	(void)arg;
	raw_tp = read_tp();
	return 0;
}

static void
settls(void)
{
	static char stack[16384] __attribute__((aligned(16)));
	static uint64_t fake_tls[64] __attribute__((aligned(64)));
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_CHILD_CLEARTID;
	struct timespec ts = { 5, 0 };
	uintptr_t my_tp = read_tp();
	long tid;

	tid = clone(raw_thread, stack + sizeof(stack), flags, NULL, NULL, &fake_tls[8], &raw_ctid);
	if (tid <= 0) {
		printf("clone(CLONE_SETTLS): %s\n", err_name(errno));
		all_ok = false;
		return;
	}
	while (__atomic_load_n(&raw_ctid, __ATOMIC_ACQUIRE))
		if (futex(&raw_ctid, FUTEX_WAIT, raw_ctid, &ts, NULL, 0) && errno == ETIMEDOUT)
			break;
	check("CLONE_SETTLS: the new thread's tp is the value given",
	      raw_tp == (uintptr_t)&fake_tls[8]);
	check("CLONE_SETTLS: the creator's tp is unchanged", read_tp() == my_tp && tdata == -1);
}

int
main(void)
{
	pthread_t th[NTHREADS];
	bool all[5] = { true, true, true, true, true };
	struct sigaction sa;

	test_setup();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	check("main: .tdata initial value and zeroed .tbss", initial_values());
	tdata = -1;
	tbss[3] = 99;
	tbig[100] = 5;
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		struct timespec dl = deadline_ms(20000);

		if (pthread_timedjoin_np(th[i], NULL, &dl)) {
			printf("a thread did not finish within 20 s\n");
			return 1;
		}
		all[0] = all[0] && reports[i].initial_ok;
		all[1] = all[1] && reports[i].kept;
		all[2] = all[2] && reports[i].errno_own;
		all[3] = all[3] && reports[i].tp_near;
		all[4] = all[4] && reports[i].handler_tp_same;
	}
	check("16 threads start with the initial values, not main's", all[0]);
	check("each keeps its own values across switches and system calls", all[1]);
	check("errno is per thread", all[2]);
	check("TLS lies next to tp", all[3]);
	check("a signal handler runs with the thread's tp", all[4]);
	check("main's own values are untouched", tdata == -1 && tbss[3] == 99 && tbig[100] == 5);
	settls();
	return test_result();
}
