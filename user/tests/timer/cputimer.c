/*
 * cputimer: POSIX timers on CPU-time clocks. A CLOCK_PROCESS_CPUTIME_ID
 * timer does not fire while the process sleeps and fires once it has
 * used its time; its remaining time shrinks with CPU use only; a
 * periodic one's expiries (signals plus overruns) match the CPU time
 * used; SIGEV_NONE ones read 0 once their CPU time is used. Thread
 * clocks: a thread's own timer fires on its CPU time, not on another
 * thread's; a timer on another thread's clock (pthread_getcpuclockid)
 * follows that thread. A timer on a child process's clock
 * (clock_getcpuclockid) fires when the child has used the time. Run on
 * one hart and on four. Prints the same on Linux and Tern; exits 0 only
 * if all hold.
 */
#include "timer_test.h"

#include <stdatomic.h>
#include <sys/wait.h>

static volatile sig_atomic_t fired, expiries;

static void
on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fired++;
	expiries += 1 + si->si_overrun;
}

static uint64_t
value_of(int id)
{
	struct itimerspec its;

	syscall(SYS_timer_gettime, id, &its);
	return ts_ns(&its.it_value);
}

static void
process_clock(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int id = timer_new(CLOCK_PROCESS_CPUTIME_ID, &ev);
	uint64_t cpu0, used, v;
	bool spun;

	fired = 0;
	cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	timer_arm(id, 0, 100 * NS_PER_MS, 0);
	sleep_ns(300 * NS_PER_MS);
	v = value_of(id);
	CHECK(fired == 0 && v > 60 * NS_PER_MS,
	      "a 100 ms process CPU timer does not fire during a 300 ms sleep", "fired %d, %llu",
	      (int)fired, (unsigned long long)v);
	spun = spin_cpu(3 * NS_PER_S, &fired);
	used = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	CHECK(spun && fired == 1 && used >= 100 * NS_PER_MS && used < 700 * NS_PER_MS,
	      "it fires once the process has used 100 ms", "fired %d after %llu ns", (int)fired,
	      (unsigned long long)used);
	CHECK(value_of(id) == 0, "then reads 0", "%llu", (unsigned long long)value_of(id));

	timer_arm(id, 0, NS_PER_S, 0);
	sleep_ns(200 * NS_PER_MS);
	v = value_of(id);
	CHECK(v > 900 * NS_PER_MS && v <= NS_PER_S, "1 s armed, a 200 ms sleep: over 0.9 s left",
	      "%llu", (unsigned long long)v);
	spin_cpu(200 * NS_PER_MS, NULL);
	v = value_of(id);
	CHECK(v < 850 * NS_PER_MS, "200 ms of spinning: under 0.85 s left", "%llu",
	      (unsigned long long)v);
	syscall(SYS_timer_delete, id);
}

static void
periodic(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int id = timer_new(CLOCK_PROCESS_CPUTIME_ID, &ev);
	uint64_t cpu0, used;
	int e;

	fired = expiries = 0;
	cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	timer_arm(id, 0, 20 * NS_PER_MS, 20 * NS_PER_MS);
	spin_cpu(300 * NS_PER_MS, NULL);
	timer_arm(id, 0, 0, 0);
	used = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	e = expiries;
	CHECK(e >= 10 && (uint64_t)e <= used / (20 * NS_PER_MS),
	      "every 20 ms of CPU: signals and overruns add up to the CPU time (300 ms: 15)",
	      "%d in %llu ns", e, (unsigned long long)used);
	syscall(SYS_timer_delete, id);
}

static void
sigev_none(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_NONE };
	int id = timer_new(CLOCK_PROCESS_CPUTIME_ID, &ev);
	uint64_t v;

	timer_arm(id, 0, 50 * NS_PER_MS, 0);
	v = value_of(id);
	CHECK(v > 0 && v <= 50 * NS_PER_MS, "SIGEV_NONE on CPU time: reads the CPU time to go",
	      "%llu", (unsigned long long)v);
	spin_cpu(100 * NS_PER_MS, NULL);
	v = value_of(id);
	CHECK(v == 0, "and 0 once the process used it", "%llu", (unsigned long long)v);
	syscall(SYS_timer_delete, id);
}

static atomic_int spin_go, spin_done, spin_far;
static volatile sig_atomic_t own_fired;

static void
on_usr2(int sig)
{
	(void)sig;
	own_fired++;
}

/* A thread with a 100 ms timer on its own clock, signalling itself; it
 * spins until the signal comes, then on to 600 ms of its CPU time, then
 * until told to stop. */
static void *
spinner(void *arg)
{
	struct sigevent ev = sigev_signal(SIGUSR2, 0);
	uint64_t cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	int id;

	(void)arg;
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_notify_thread_id = gettid();
	id = timer_new(CLOCK_THREAD_CPUTIME_ID, &ev);
	timer_arm(id, 0, 100 * NS_PER_MS, 0);
	atomic_store(&spin_go, 1);
	while (!own_fired && clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0 < 3 * NS_PER_S)
		spin_cpu(NS_PER_MS, NULL);
	syscall(SYS_timer_delete, id);
	atomic_store(&spin_done, (int)((clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0) / NS_PER_MS));
	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0 < 600 * NS_PER_MS)
		spin_cpu(NS_PER_MS, NULL);
	atomic_store(&spin_far, 1);
	while (atomic_load(&spin_go) != 2)
		sleep_ns(NS_PER_MS);
	return NULL;
}

static void
thread_clocks(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 7);
	struct timespec zero = { 0, 0 };
	clockid_t spinner_clock;
	int own, other, ms, sig;
	pthread_t t;
	siginfo_t si;
	sigset_t set;

	signal(SIGUSR2, on_usr2);
	/* Both threads block SIGUSR1: the main thread waits for it. */
	mask_signal(SIG_BLOCK, SIGUSR1);
	/* The main thread's own clock: the other thread's 600 ms of spinning
	 * are not its time. */
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_notify_thread_id = gettid();
	own = timer_new(CLOCK_THREAD_CPUTIME_ID, &ev);
	timer_arm(own, 0, 300 * NS_PER_MS, 0);
	pthread_create(&t, NULL, spinner, NULL);
	while (!atomic_load(&spin_go))
		sleep_ns(10 * NS_PER_MS);
	pthread_getcpuclockid(t, &spinner_clock);
	ev = sigev_signal(SIGUSR1, 5);
	other = timer_new(spinner_clock, &ev);
	timer_arm(other, 0, 50 * NS_PER_MS, 0);
	sig = wait_signal(SIGUSR1, 20 * NS_PER_S, &si);
	CHECK(sig == SIGUSR1 && si.si_value.sival_int == 5,
	      "a timer on another thread's clock fires as that thread spins", "%d %d", sig,
	      si.si_value.sival_int);
	while (!atomic_load(&spin_far))
		sleep_ns(10 * NS_PER_MS);
	ms = atomic_load(&spin_done);
	CHECK(own_fired == 1 && ms >= 100 && ms < 1000,
	      "a thread's timer on its own clock fires after its 100 ms", "fired %d after %d ms",
	      (int)own_fired, ms);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigtimedwait(&set, &si, &zero) < 0 && value_of(own) > 0,
	      "the main thread's own 300 ms timer did not fire on the other's 600 ms", "it did");
	atomic_store(&spin_go, 2);
	pthread_join(t, NULL);
	syscall(SYS_timer_delete, own);
	syscall(SYS_timer_delete, other);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

static void
child_clock(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	clockid_t clock;
	siginfo_t si;
	uint64_t used = 0;
	int id, sig, st;
	pid_t pid;

	mask_signal(SIG_BLOCK, SIGUSR1);
	pid = fork_flushed();
	if (pid == 0) {
		spin_cpu(20 * NS_PER_S, NULL);
		_exit(0);
	}
	clock_getcpuclockid(pid, &clock);
	id = timer_new(clock, &ev);
	timer_arm(id, 0, 100 * NS_PER_MS, 0);
	sig = wait_signal(SIGUSR1, 30 * NS_PER_S, &si);
	if (sig == SIGUSR1)
		used = clock_ns(clock);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	CHECK(id != -1 && sig == SIGUSR1 && used >= 100 * NS_PER_MS,
	      "a timer on a child's CPU clock fires once the child used 100 ms", "%d %d %llu", id,
	      sig, (unsigned long long)used);
	syscall(SYS_timer_delete, id);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

int
main(void)
{
	handle(SIGUSR1, on_usr1, SA_RESTART);
	process_clock();
	periodic();
	sigev_none();
	thread_clocks();
	child_clock();
	return time_test_exit();
}
