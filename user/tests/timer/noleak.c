/*
 * noleak: timers give back all they take. After one warm-up round, the
 * kernel's counters (tern_kstat, docs/abi.md: free pages, slab objects,
 * tasks) are read, ten rounds run, and they must be exactly as before.
 * A round: 50 timers created and deleted; a child that exits with every
 * kind of timer armed (POSIX ones on wall, monotonic and CPU clocks,
 * signalling, SIGEV_NONE and SIGEV_THREAD_ID, fast periodic ones with
 * their signal pending, and all three interval timers) from a thread
 * that is not its main one; a child that execs with POSIX timers and
 * interval timers armed. Tern only: tern_kstat is Tern's own call.
 */
#include "timer_test.h"

#include <sys/wait.h>

#include "tern_abi.h"

#define AFTER_EXEC "after-exec"

static bool
kstat(struct tern_kstat *k)
{
	memset(k, 0, sizeof(*k));
	return syscall(TERN_SYS_KSTAT, k, sizeof(*k)) == (long)sizeof(*k);
}

/* The timers' signals stay pending: blocked in every thread. */
static void
block_timer_signals(void)
{
	static const int sigs[] = { SIGUSR1, SIGALRM, SIGVTALRM, SIGPROF };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		mask_signal(SIG_BLOCK, sigs[i]);
	mask_signal(SIG_BLOCK, SIGRTMIN);
}

static void
arm_everything(void)
{
	static const clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
					    CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID };
	struct itimerval fast = { { 0, 1000 }, { 0, 1000 } };

	for (size_t c = 0; c < sizeof(clocks) / sizeof(clocks[0]); c++) {
		struct sigevent ev[3] = { sigev_signal(SIGUSR1, 0), sigev_signal(SIGRTMIN, 1),
					  sigev_signal(SIGUSR1, 2) };

		ev[1].sigev_notify = SIGEV_THREAD_ID;
		ev[1].sigev_notify_thread_id = gettid();
		ev[2].sigev_notify = SIGEV_NONE;
		for (int i = 0; i < 3; i++)
			timer_arm(timer_new(clocks[c], &ev[i]), 0, NS_PER_MS, NS_PER_MS);
	}
	setitimer(ITIMER_REAL, &fast, NULL);
	setitimer(ITIMER_VIRTUAL, &fast, NULL);
	setitimer(ITIMER_PROF, &fast, NULL);
	spin_cpu(20 * NS_PER_MS, NULL);
}

static void *
thread_arms(void *arg)
{
	(void)arg;
	arm_everything();
	exit(0);
}

static int
wait_child(pid_t pid)
{
	int st = -1;

	waitpid(pid, &st, 0);
	return st;
}

static bool
round_ok(const char *self)
{
	bool ok = true;
	pthread_t t;
	int st, st2;
	pid_t pid;

	for (int i = 0; i < 50; i++) {
		struct sigevent ev = sigev_signal(SIGUSR1, i);
		int id = timer_new(i & 1 ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, &ev);

		ok &= id >= 0 && syscall(SYS_timer_delete, id) == 0;
	}
	if (!ok)
		printf("  timer_create/timer_delete failed\n");
	pid = fork_flushed();
	if (pid == 0) {
		block_timer_signals();
		pthread_create(&t, NULL, thread_arms, NULL);
		pthread_exit(NULL);
	}
	st = wait_child(pid);
	if (st != 0)
		printf("  a child exiting with timers armed: status %#x\n", st);
	pid = fork_flushed();
	if (pid == 0) {
		block_timer_signals();
		arm_everything();
		exec_self(self, AFTER_EXEC);
		_exit(1);
	}
	st2 = wait_child(pid);
	if (st2 != 0)
		printf("  a child exec'ing with timers armed: status %#x\n", st2);
	return ok && st == 0 && st2 == 0;
}

int
main(int argc, char **argv)
{
	struct tern_kstat before, after;
	const char *self = self_path(argv[0]);
	bool ok = true;

	if (argc > 1) {
		/* The new image: its interval timers still run; no signal of
		 * theirs may kill it before it exits. */
		signal(SIGALRM, SIG_IGN);
		signal(SIGVTALRM, SIG_IGN);
		signal(SIGPROF, SIG_IGN);
		return strcmp(argv[1], AFTER_EXEC) ? 1 : 0;
	}
	ok &= round_ok(self);
	if (!kstat(&before)) {
		CHECK(false, "tern_kstat", "%s", err_name(errno));
		return time_test_exit();
	}
	for (int i = 0; i < 10; i++)
		ok &= round_ok(self);
	kstat(&after);
	CHECK(ok, "ten rounds of timer-laden processes all ran", "a round failed");
	CHECK(after.free_pages + after.kstack_cached_pages ==
			      before.free_pages + before.kstack_cached_pages &&
		      after.slab_objects == before.slab_objects && after.tasks == before.tasks,
	      "the kernel's free pages, slab objects and tasks are back where they were",
	      "%ld pages short, %ld more objects, %ld more tasks",
	      (long)(before.free_pages + before.kstack_cached_pages) -
		      (long)(after.free_pages + after.kstack_cached_pages),
	      (long)after.slab_objects - (long)before.slab_objects,
	      (long)after.tasks - (long)before.tasks);
	return time_test_exit();
}
