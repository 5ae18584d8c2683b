/*
 * itimer: setitimer/getitimer. Round trips and Linux's rules for each
 * timer: the time left only shrinks, the interval comes back exactly,
 * disarming ITIMER_REAL drops its interval while the CPU-time timers
 * keep theirs, the CPU-time timers start up to a tick late, a NULL new
 * value disarms. A one-shot ITIMER_REAL sends SIGALRM (si_code
 * SI_KERNEL) and reads 0 afterwards; a periodic one ticks at its rate.
 * ITIMER_VIRTUAL and ITIMER_PROF fire after the process has used their
 * time on a hart, not while it sleeps, and periodically at their rate of
 * CPU time. ITIMER_REAL is the process's: a thread sets it, another
 * reads it. Prints the same on Linux and Tern; exits 0 only if all hold.
 */
#include "timer_test.h"

static volatile sig_atomic_t fired[3], fired_code[3];
static volatile uint64_t fired_at[3];
static const int itimer_sig[3] = { SIGALRM, SIGVTALRM, SIGPROF };
static const char *const itimer_name[3] = { "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF" };

static void
on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	for (int i = 0; i < 3; i++) {
		if (sig != itimer_sig[i])
			continue;
		fired[i]++;
		fired_code[i] = si->si_code;
		fired_at[i] = now_ns();
	}
}

static long
set(int which, uint64_t value, uint64_t interval, struct itimerval *old)
{
	struct itimerval v = { ns_tv(interval), ns_tv(value) };

	return setitimer(which, &v, old);
}

static uint64_t
value_of(int which, uint64_t *interval)
{
	struct itimerval v;

	getitimer(which, &v);
	if (interval)
		*interval = tv_ns(&v.it_interval);
	return tv_ns(&v.it_value);
}

static void
round_trips(void)
{
	struct itimerval old;
	uint64_t iv, v, ov;
	char what[128];

	for (int i = 0; i < 3; i++) {
		v = value_of(i, &iv);
		snprintf(what, sizeof(what), "%s of a new process reads 0", itimer_name[i]);
		CHECK(v == 0 && iv == 0, what, "%llu %llu", (unsigned long long)v,
		      (unsigned long long)iv);
	}
	set(ITIMER_REAL, 2500 * NS_PER_MS, 250 * NS_PER_MS, &old);
	CHECK(tv_ns(&old.it_value) == 0, "setitimer(REAL, 2.5 s) returns an old value of 0", "set");
	v = value_of(ITIMER_REAL, &iv);
	CHECK(iv == 250 * NS_PER_MS, "getitimer(REAL): the interval exactly", "%llu",
	      (unsigned long long)iv);
	CHECK(v > 2000 * NS_PER_MS && v <= 2500 * NS_PER_MS, "getitimer(REAL): at most 2.5 s left",
	      "%llu", (unsigned long long)v);
	set(ITIMER_REAL, 0, 0, &old);
	ov = tv_ns(&old.it_value);
	CHECK(ov > 1500 * NS_PER_MS && ov <= v, "disarming returns the time left, no more",
	      "%llu after %llu", (unsigned long long)ov, (unsigned long long)v);
	CHECK(tv_ns(&old.it_interval) == 250 * NS_PER_MS, "and the interval", "%llu",
	      (unsigned long long)tv_ns(&old.it_interval));
	v = value_of(ITIMER_REAL, &iv);
	CHECK(v == 0 && iv == 0, "then getitimer(REAL) reads 0", "%llu %llu",
	      (unsigned long long)v, (unsigned long long)iv);
}

static void
interval_rules(void)
{
	struct itimerval old;
	uint64_t iv, v;
	long r;

	set(ITIMER_REAL, 0, NS_PER_S, NULL);
	v = value_of(ITIMER_REAL, &iv);
	CHECK(v == 0 && iv == 0, "REAL set with only an interval: disarmed, interval dropped",
	      "%llu %llu", (unsigned long long)v, (unsigned long long)iv);
	for (int i = ITIMER_VIRTUAL; i <= ITIMER_PROF; i++) {
		char what[128];

		set(i, 0, NS_PER_S, NULL);
		v = value_of(i, &iv);
		snprintf(what, sizeof(what), "%s set with only an interval keeps it, disarmed",
			 itimer_name[i]);
		CHECK(v == 0 && iv == NS_PER_S, what, "%llu %llu", (unsigned long long)v,
		      (unsigned long long)iv);
		set(i, NS_PER_S, 0, NULL);
		v = value_of(i, NULL);
		/* Linux adds a tick (TICK_NSEC) before a CPU timer starts. */
		snprintf(what, sizeof(what), "%s(1 s) reads 1 s, up to a tick more", itimer_name[i]);
		CHECK(v >= 990 * NS_PER_MS && v <= 1020 * NS_PER_MS, what, "%llu",
		      (unsigned long long)v);
		set(i, 0, 0, NULL);
	}
	set(ITIMER_REAL, 5 * NS_PER_S, 0, NULL);
	r = syscall(SYS_setitimer, ITIMER_REAL, NULL, &old);
	CHECK(r == 0 && tv_ns(&old.it_value) > 4 * NS_PER_S,
	      "setitimer(REAL, NULL, &old) returns the old value", "%ld", r);
	v = value_of(ITIMER_REAL, NULL);
	CHECK(v == 0, "and disarms the timer", "%llu", (unsigned long long)v);
}

static void
real_one_shot(void)
{
	siginfo_t si;
	uint64_t t0 = now_ns(), dt, iv, v;
	int sig;

	mask_signal(SIG_BLOCK, SIGALRM);
	set(ITIMER_REAL, 100 * NS_PER_MS, 0, NULL);
	sig = wait_signal(SIGALRM, 10 * NS_PER_S, &si);
	dt = now_ns() - t0;
	CHECK(sig == SIGALRM, "a 100 ms ITIMER_REAL sends SIGALRM", "got %d", sig);
	CHECK(dt >= 100 * NS_PER_MS, "not before 100 ms", "%llu", (unsigned long long)dt);
	CHECK(si.si_code == SI_KERNEL, "with si_code SI_KERNEL", "%d", si.si_code);
	v = value_of(ITIMER_REAL, &iv);
	CHECK(v == 0 && iv == 0, "then the timer reads 0", "%llu %llu", (unsigned long long)v,
	      (unsigned long long)iv);
	mask_signal(SIG_UNBLOCK, SIGALRM);
}

static void
real_periodic(void)
{
	uint64_t t0, dt;
	int n;

	fired[ITIMER_REAL] = 0;
	t0 = now_ns();
	set(ITIMER_REAL, 50 * NS_PER_MS, 50 * NS_PER_MS, NULL);
	sleep_ns(1000 * NS_PER_MS);
	set(ITIMER_REAL, 0, 0, NULL);
	dt = now_ns() - t0;
	n = fired[ITIMER_REAL];
	/* 20 in 1 s; fewer on a loaded host (a signal still pending when the
	 * next expiry comes is merged into it), never more than the time. */
	CHECK(n >= 10 && (uint64_t)n <= dt / (50 * NS_PER_MS),
	      "a 50 ms periodic ITIMER_REAL signals 10 to 20 times in 1 s", "%d in %llu ns", n,
	      (unsigned long long)dt);
	sleep_ns(150 * NS_PER_MS);
	CHECK(fired[ITIMER_REAL] == n, "and no more once disarmed", "%d", (int)fired[ITIMER_REAL]);
}

/* ITIMER_VIRTUAL / ITIMER_PROF: a sleep uses no CPU time, a spin does. */
static void
cpu_timer(int which)
{
	char what[160];
	uint64_t v, cpu0, used;
	bool spun;

	uint64_t t0;

	fired[which] = 0;
	t0 = now_ns();
	set(which, 50 * NS_PER_MS, 0, NULL);
	sleep_ns(300 * NS_PER_MS);
	v = value_of(which, NULL);
	snprintf(what, sizeof(what), "%s(50 ms) does not fire during a 300 ms sleep",
		 itimer_name[which]);
	CHECK(fired[which] == 0 && v > 30 * NS_PER_MS, what,
	      "fired %d, %llu left, si_code %d, %lld ns after the set", (int)fired[which],
	      (unsigned long long)v, (int)fired_code[which], (long long)(fired_at[which] - t0));
	cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	spun = spin_cpu(2 * NS_PER_S, &fired[which]);
	used = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	snprintf(what, sizeof(what), "%s fires once the process has used its CPU time",
		 itimer_name[which]);
	CHECK(spun && fired[which] == 1 && used >= 25 * NS_PER_MS && used < 1000 * NS_PER_MS,
	      what, "fired %d after %llu ns of CPU", (int)fired[which],
	      (unsigned long long)used);
	set(which, 0, 0, NULL);
}

static void
cpu_periodic(int which)
{
	char what[160];
	uint64_t cpu0, used, left;
	int n;

	fired[which] = 0;
	cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	set(which, 20 * NS_PER_MS, 20 * NS_PER_MS, NULL);
	spin_cpu(600 * NS_PER_MS, NULL);
	left = value_of(which, NULL);
	set(which, 0, 0, NULL);
	used = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	n = fired[which];
	/* 30 in 600 ms of CPU, less the first tick. Linux charges user and
	 * system time a tick at a time, so its count can run a little over;
	 * both send at most one signal a tick, and signals merge while
	 * pending, so a loaded host that keeps the process off its hart (time
	 * it is charged for) gets fewer. A one-shot timer would give 1 and
	 * read 0 after. */
	snprintf(what, sizeof(what), "%s every 20 ms fires periodically over 600 ms of CPU",
		 itimer_name[which]);
	CHECK(n >= 2 && n <= 45 && left > 0 && left <= 30 * NS_PER_MS, what,
	      "%d in %llu ns, %llu left", n, (unsigned long long)used, (unsigned long long)left);
}

static void *
thread_sets_real(void *arg)
{
	(void)arg;
	set(ITIMER_REAL, 3 * NS_PER_S, 0, NULL);
	return NULL;
}

static void
process_wide(void)
{
	pthread_t t;
	uint64_t v;

	pthread_create(&t, NULL, thread_sets_real, NULL);
	pthread_join(t, NULL);
	v = value_of(ITIMER_REAL, NULL);
	CHECK(v > 2 * NS_PER_S && v <= 3 * NS_PER_S,
	      "ITIMER_REAL set by a thread is the process's: main reads it", "%llu",
	      (unsigned long long)v);
	set(ITIMER_REAL, 0, 0, NULL);
}

int
main(void)
{
	for (int i = 0; i < 3; i++)
		handle(itimer_sig[i], on_signal, SA_RESTART);
	round_trips();
	interval_rules();
	real_one_shot();
	real_periodic();
	cpu_timer(ITIMER_VIRTUAL);
	cpu_timer(ITIMER_PROF);
	cpu_periodic(ITIMER_VIRTUAL);
	cpu_periodic(ITIMER_PROF);
	process_wide();
	return time_test_exit();
}
