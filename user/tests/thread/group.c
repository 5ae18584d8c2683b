/*
 * group: a thread group lives and dies as one process. In a child each:
 * exit_group (raw, or glibc's exit) from a thread ends every thread, even
 * ones asleep in read, futex or nanosleep; a thread's own exit ends only
 * it; the main thread may exit first and the process goes on, its parent
 * seeing nothing until the last thread is gone; the status is then the
 * last thread's exit_group code, or -- when every thread left with plain
 * exit -- the main thread's own code (Linux's wait_task_zombie); a fatal
 * signal, process- or thread-directed, or a fault in any thread kills all.
 */
#include "mt_test.h"

struct shared {
	int main_gone;
	int parent_looked;
	int ready;
};

static struct shared *sh;
static int block_pipe[2];

/* Block the calling thread "forever" (until the process ends). */
static void
block_in(int how)
{
	uint32_t word = 0;
	struct timespec ts = { 30, 0 };
	char c;

	__atomic_add_fetch(&sh->ready, 1, __ATOMIC_RELEASE);
	if (how == 0)
		(void)!read(block_pipe[0], &c, 1);
	else if (how == 1)
		futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	else
		nanosleep(&ts, NULL);
}

static void *
blocker(void *arg)
{
	block_in((int)(long)arg);
	return NULL;
}

static void *
exit_group_after_others_block(void *arg)
{
	wait_for_value(&sh->ready, 3, 10000);
	sleep_ms(20); /* let them get into their calls; correct either way */
	syscall(SYS_exit_group, (long)arg);
	return NULL;
}

/* Threads asleep in read, futex and nanosleep; a fourth calls exit_group. */
static int
exit_group_ends_all(void *arg)
{
	pthread_t th;

	(void)arg;
	if (pipe(block_pipe))
		return 90;
	pthread_create(&th, NULL, blocker, (void *)1L);
	pthread_create(&th, NULL, blocker, (void *)2L);
	pthread_create(&th, NULL, exit_group_after_others_block, (void *)5L);
	block_in(0);
	return 91;
}

static void *
calls_exit(void *arg)
{
	exit((int)(long)arg);
}

static int
libc_exit_from_thread(void *arg)
{
	pthread_t th;

	(void)arg;
	pthread_create(&th, NULL, calls_exit, (void *)3L);
	pthread_join(th, NULL);
	return 92;
}

static void *
raw_exit(void *arg)
{
	syscall(SYS_exit, (long)arg);
	return NULL;
}

/* A thread's own exit ends only it: main joins it and goes on. */
static int
thread_exit_ends_only_the_thread(void *arg)
{
	pthread_t th;
	struct timespec dl = deadline_ms(10000);

	(void)arg;
	pthread_create(&th, NULL, raw_exit, (void *)9L);
	if (pthread_timedjoin_np(th, NULL, &dl))
		return 93;
	return 0;
}

/* After main has gone, wait for the parent's look, then end as told. */
static void *
outlives_main(void *arg)
{
	pthread_t main_thread = *(pthread_t *)arg;
	struct timespec dl = deadline_ms(10000);
	int how = (int)(long)((pthread_t *)arg)[1];

	if (pthread_timedjoin_np(main_thread, NULL, &dl))
		exit(94);
	__atomic_store_n(&sh->main_gone, getpid(), __ATOMIC_RELEASE);
	if (!wait_for_value(&sh->parent_looked, 1, 10000))
		exit(95);
	if (how == 0)
		exit(4);
	if (how == 1)
		syscall(SYS_exit, 9L);
	return NULL; /* how 2: glibc's last thread calls exit(0) */
}

static int
main_exits_first(void *arg)
{
	static pthread_t args[2];
	pthread_t th;

	args[0] = pthread_self();
	args[1] = (pthread_t)arg;
	pthread_create(&th, NULL, outlives_main, args);
	if ((long)arg == 1)
		syscall(SYS_exit, 7L);
	pthread_exit(NULL);
}

static void
main_first(long how, const char *what, int want)
{
	char line[160];
	pid_t pid, got;
	int st;

	sh->main_gone = 0;
	sh->parent_looked = 0;
	pid = fork_flushed();
	if (pid == 0)
		_exit(main_exits_first((void *)how));
	check("the process lives on after its main thread exits",
	      wait_for_value(&sh->main_gone, pid, 10000));
	got = waitpid(pid, &st, WNOHANG);
	snprintf(line, sizeof(line), "%s: waitpid(WNOHANG) sees nothing yet", what);
	check(line, got == 0);
	__atomic_store_n(&sh->parent_looked, 1, __ATOMIC_RELEASE);
	snprintf(line, sizeof(line), "%s: then", what);
	expect_status(line, pid, want);
}

static void *
faults(void *arg)
{
	volatile int *volatile null = NULL;

	(void)arg;
	*null = 1;
	return NULL;
}

static int
fault_in_thread(void *arg)
{
	pthread_t th;

	(void)arg;
	if (pipe(block_pipe))
		return 90;
	pthread_create(&th, NULL, faults, NULL);
	block_in(0);
	return 96;
}

static void *
tid_to_shared(void *arg)
{
	(void)arg;
	__atomic_store_n(&sh->main_gone, gettid_raw(), __ATOMIC_RELEASE);
	block_in(2);
	return NULL;
}

/* Threads asleep; the parent sends a signal (see signal_kills_all). */
static int
sleeping_threads(void *arg)
{
	pthread_t th;

	(void)arg;
	if (pipe(block_pipe))
		return 90;
	pthread_create(&th, NULL, blocker, (void *)1L);
	pthread_create(&th, NULL, tid_to_shared, NULL);
	block_in(0);
	return 97;
}

static void
signal_kills_all(int sig, bool to_thread, const char *what)
{
	pid_t pid;
	long r;

	sh->ready = 0;
	sh->main_gone = 0;
	pid = fork_flushed();
	if (pid == 0)
		_exit(sleeping_threads(NULL));
	wait_for_value(&sh->ready, 3, 10000);
	wait_for_at_least(&sh->main_gone, 1, 10000);
	if (to_thread)
		r = syscall(SYS_tgkill, pid, sh->main_gone, sig);
	else
		r = kill(pid, sig);
	if (r)
		printf("sending the signal: %s\n", err_name(errno));
	expect_killed(what, pid, sig);
}

static void
run(const char *what, int (*fn)(void *), int want)
{
	pid_t pid;

	sh->ready = 0;
	pid = fork_flushed();
	if (pid == 0)
		_exit(fn(NULL));
	expect_status(what, pid, want);
}

int
main(void)
{
	pid_t pid;

	test_setup();
	sh = shared_page(PAGE);
	run("exit_group(5) from a thread, others asleep in read, futex, nanosleep",
	    exit_group_ends_all, W_EXITCODE(5, 0));
	run("exit(3) from a thread while main joins it", libc_exit_from_thread, W_EXITCODE(3, 0));
	run("a thread's raw exit(9) ends only that thread", thread_exit_ends_only_the_thread,
	    W_EXITCODE(0, 0));
	main_first(0, "main pthread_exit, then exit(4) in a thread", W_EXITCODE(4, 0));
	main_first(2, "main pthread_exit, then the last thread returns", W_EXITCODE(0, 0));
	main_first(1, "main raw exit(7), then the last thread raw exit(9)", W_EXITCODE(7, 0));
	sh->ready = 0;
	pid = fork_flushed();
	if (pid == 0)
		_exit(fault_in_thread(NULL));
	expect_killed("a NULL write in one thread kills the process", pid, SIGSEGV);
	signal_kills_all(SIGTERM, false, "kill(pid, SIGTERM) ends every thread");
	signal_kills_all(SIGKILL, false, "kill(pid, SIGKILL) ends every thread");
	signal_kills_all(SIGUSR1, true, "tgkill(pid, thread, SIGUSR1) ends every thread");
	return test_result();
}
