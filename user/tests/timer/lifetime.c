/*
 * lifetime: timers belong to the process. A forked child has none of
 * its parent's POSIX timers nor its interval timers, and numbers its own
 * from 0; the parent's keep running. execve deletes the POSIX timers
 * (their ids are gone in the new image) and keeps the interval timers
 * (ITIMER_REAL and ITIMER_VIRTUAL with their time left), and the next
 * timer id goes on from before. A timer outlives the thread that made
 * it: with the main thread gone, a process-directed timer signals the
 * thread left. A process ends cleanly with fast periodic timers armed.
 * Prints the same on Linux and Tern; exits 0 only if all hold.
 */
#include "timer_test.h"

#include <sys/wait.h>

#define AFTER_EXEC "after-exec"

/* The si_timerid of a new timer: it fires once at once, SIGUSR2
 * blocked. -1 if it does not. */
static int
new_timer_number(void)
{
	struct sigevent ev = sigev_signal(SIGUSR2, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig;
	siginfo_t si;

	mask_signal(SIG_BLOCK, SIGUSR2);
	timer_arm(id, 0, NS_PER_MS, 0);
	sig = wait_signal(SIGUSR2, 10 * NS_PER_S, &si);
	syscall(SYS_timer_delete, id);
	return sig == SIGUSR2 ? si.si_timerid : -1;
}

static int
child_status(pid_t pid)
{
	int st = -1;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The forked child's view: bit 0 its parent's POSIX timer is there,
 * bit 1 ITIMER_REAL is set, bit 2 its first timer is not number 0. */
static int
forked_child(int parent_timer)
{
	struct itimerspec its;
	struct itimerval v;
	int bad = 0;

	if (syscall(SYS_timer_gettime, parent_timer, &its) != -1 || errno != EINVAL)
		bad |= 1;
	getitimer(ITIMER_REAL, &v);
	if (v.it_value.tv_sec || v.it_value.tv_usec)
		bad |= 2;
	if (new_timer_number() != 0)
		bad |= 4;
	return bad;
}

static void
across_fork(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	struct itimerval real = { { 0, 0 }, { 5, 0 } }, v;
	struct itimerspec its;
	int id = timer_new(CLOCK_MONOTONIC, &ev), st;
	pid_t pid;

	timer_arm(id, 0, 10 * NS_PER_S, 0);
	setitimer(ITIMER_REAL, &real, NULL);
	pid = fork_flushed();
	if (pid == 0)
		_exit(forked_child(id));
	st = child_status(pid);
	CHECK(!(st & 1), "a forked child does not have its parent's POSIX timer", "%d", st);
	CHECK(!(st & 2), "nor its ITIMER_REAL", "%d", st);
	CHECK(!(st & 4), "and numbers its own timers from 0", "%d", st);
	CHECK(st >= 0 && st < 8, "the child exited", "%d", st);
	syscall(SYS_timer_gettime, id, &its);
	getitimer(ITIMER_REAL, &v);
	CHECK(its.it_value.tv_sec >= 8 && v.it_value.tv_sec >= 3,
	      "the parent's timers are still set", "%ld %ld", (long)its.it_value.tv_sec,
	      (long)v.it_value.tv_sec);
	real = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &real, NULL);
	syscall(SYS_timer_delete, id);
}

/* The new image: bit 0 the old POSIX timer is there, bit 1 ITIMER_REAL
 * is not about its 5 s, bit 2 ITIMER_VIRTUAL not about its 10 s, bit 3
 * the next timer number is not 2 (two were made before the exec). */
static int
after_exec(const char *id_text)
{
	struct itimerspec its;
	struct itimerval v;
	int bad = 0;

	if (syscall(SYS_timer_gettime, atoi(id_text), &its) != -1 || errno != EINVAL)
		bad |= 1;
	getitimer(ITIMER_REAL, &v);
	if (v.it_value.tv_sec < 3 || v.it_value.tv_sec > 5)
		bad |= 2;
	getitimer(ITIMER_VIRTUAL, &v);
	if (v.it_value.tv_sec < 9 || v.it_value.tv_sec > 10)
		bad |= 4;
	if (new_timer_number() != 2)
		bad |= 8;
	return bad;
}

static void
across_exec(const char *self)
{
	pid_t pid = fork_flushed();
	int st;

	if (pid == 0) {
		struct sigevent ev = sigev_signal(SIGUSR1, 0);
		struct itimerval real = { { 0, 0 }, { 5, 0 } }, virt = { { 0, 0 }, { 10, 0 } };
		char arg[64];
		int id = timer_new(CLOCK_MONOTONIC, &ev);

		timer_arm(id, 0, 10 * NS_PER_S, NS_PER_S);
		timer_new(CLOCK_REALTIME, &ev);
		setitimer(ITIMER_REAL, &real, NULL);
		setitimer(ITIMER_VIRTUAL, &virt, NULL);
		snprintf(arg, sizeof(arg), "%s=%d", AFTER_EXEC, id);
		exec_self(self, arg);
		_exit(100);
	}
	st = child_status(pid);
	CHECK(st >= 0 && !(st & 1), "execve deletes the POSIX timers", "%d", st);
	CHECK(st >= 0 && !(st & 2), "execve keeps ITIMER_REAL and its time left", "%d", st);
	CHECK(st >= 0 && !(st & 4), "execve keeps ITIMER_VIRTUAL and its time left", "%d", st);
	CHECK(st >= 0 && !(st & 8), "timer ids go on from before the execve", "%d", st);
	CHECK(st >= 0 && st < 16, "the new image ran", "%d", st);
}

static volatile sig_atomic_t worker_hits;

static void
on_usr1(int sig)
{
	(void)sig;
	worker_hits++;
}

static void *
last_thread(void *arg)
{
	uint64_t give_up = now_ns() + 20 * NS_PER_S;

	(void)arg;
	while (worker_hits < 5 && now_ns() < give_up)
		sleep_ns(5 * NS_PER_MS);
	exit(worker_hits >= 5 ? 0 : 1);
}

/* The main thread makes a periodic timer and leaves: the signals go to
 * the thread left, which exits the process after 5 of them. */
static void
outlives_main_thread(void)
{
	pid_t pid = fork_flushed();
	int st;

	if (pid == 0) {
		struct sigevent ev = sigev_signal(SIGUSR1, 0);
		pthread_t t;
		int id;

		signal(SIGUSR1, on_usr1);
		id = timer_new(CLOCK_MONOTONIC, &ev);
		timer_arm(id, 0, 10 * NS_PER_MS, 10 * NS_PER_MS);
		pthread_create(&t, NULL, last_thread, NULL);
		pthread_exit(NULL);
	}
	st = child_status(pid);
	CHECK(st == 0, "the main thread gone, its timer signals the thread left", "status %d",
	      st);
}

static void
ends_with_timers_armed(void)
{
	pid_t pid = fork_flushed();
	int st;

	if (pid == 0) {
		struct itimerval fast = { { 0, 1000 }, { 0, 1000 } };

		signal(SIGUSR1, SIG_IGN);
		mask_signal(SIG_BLOCK, SIGRTMIN);
		mask_signal(SIG_BLOCK, SIGPROF);
		for (int i = 0; i < 10; i++) {
			struct sigevent ev = sigev_signal(i & 1 ? SIGUSR1 : SIGRTMIN, 0);
			int id = timer_new(i & 2 ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ev);

			timer_arm(id, 0, NS_PER_MS, NS_PER_MS);
		}
		setitimer(ITIMER_PROF, &fast, NULL);
		spin_cpu(50 * NS_PER_MS, NULL);
		_exit(7);
	}
	st = child_status(pid);
	CHECK(st == 7, "a process ends cleanly with fast periodic timers armed", "status %d", st);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && !strncmp(argv[1], AFTER_EXEC "=", strlen(AFTER_EXEC) + 1))
		return after_exec(argv[1] + strlen(AFTER_EXEC) + 1);
	across_fork();
	across_exec(self_path(argv[0]));
	outlives_main_thread();
	ends_with_timers_armed();
	return time_test_exit();
}
