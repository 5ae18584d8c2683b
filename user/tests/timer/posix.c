/*
 * posix: POSIX timers on the wall-clock and monotonic clocks. The
 * default sigevent (SIGALRM, si_value the timer id), si_code SI_TIMER,
 * si_timerid and si_value; timer_gettime and the old value of
 * timer_settime; a periodic timer's expiries (signals plus overruns)
 * matching the time it ran; TIMER_ABSTIME on CLOCK_MONOTONIC and
 * CLOCK_REALTIME, in the future and in the past (the missed periods are
 * overruns); SIGEV_NONE timers read but never signal; disarming and
 * timer_delete stop the signals and drop one still pending; ids count
 * up and are not reused; 20 timers at once each send their own
 * real-time signal; CLOCK_BOOTTIME and CLOCK_TAI timers fire. Prints the
 * same on Linux and Tern (timer ids are printed as the kernel numbers
 * them: qemu-riscv64 hands out ids of its own but passes the host's in
 * si_timerid); exits 0 only if all hold.
 */
#include "timer_test.h"

static volatile sig_atomic_t got_usr1, expiries;

static void
on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_usr1++;
	expiries += 1 + si->si_overrun;
}

static void
default_sigevent(void)
{
	siginfo_t si;
	int id = timer_new(CLOCK_MONOTONIC, NULL), sig;

	CHECK(id != -1, "timer_create(MONOTONIC, NULL)", "%s", err_name(errno));
	timer_arm(id, 0, 10 * NS_PER_MS, 0);
	sig = wait_signal(SIGALRM, 10 * NS_PER_S, &si);
	CHECK(sig == SIGALRM, "no sigevent: the timer sends SIGALRM", "%d", sig);
	CHECK(si.si_code == SI_TIMER, "si_code SI_TIMER", "%d", si.si_code);
	CHECK(si.si_timerid == 0, "si_timerid 0: the process's first timer", "%d", si.si_timerid);
	CHECK(si.si_value.sival_int == si.si_timerid, "si_value: the timer id", "%d",
	      si.si_value.sival_int);
	CHECK(si.si_overrun == 0, "si_overrun 0", "%d", si.si_overrun);
	syscall(SYS_timer_delete, id);
}

static void
sigevent_value(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 1234);
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig;
	siginfo_t si;

	mask_signal(SIG_BLOCK, SIGUSR1);
	timer_arm(id, 0, 20 * NS_PER_MS, 0);
	sig = wait_signal(SIGUSR1, 10 * NS_PER_S, &si);
	CHECK(sig == SIGUSR1 && si.si_code == SI_TIMER, "SIGEV_SIGNAL SIGUSR1 sends SIGUSR1",
	      "%d %d", sig, si.si_code);
	CHECK(si.si_value.sival_int == 1234, "with the sigevent's si_value", "%d",
	      si.si_value.sival_int);
	CHECK(si.si_timerid == 1, "si_timerid 1: the second timer", "%d", si.si_timerid);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
	syscall(SYS_timer_delete, id);
}

static uint64_t
gettime(int id, uint64_t *interval)
{
	struct itimerspec its;

	syscall(SYS_timer_gettime, id, &its);
	*interval = ts_ns(&its.it_interval);
	return ts_ns(&its.it_value);
}

static void
settime_gettime(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev);
	struct itimerspec its = { ns_ts(300 * NS_PER_MS), ns_ts(100 * NS_PER_MS) }, old;
	uint64_t v, iv;

	mask_signal(SIG_BLOCK, SIGUSR1);
	v = gettime(id, &iv);
	CHECK(v == 0 && iv == 0, "a new timer reads 0", "%llu %llu", (unsigned long long)v,
	      (unsigned long long)iv);
	timer_arm(id, 0, NS_PER_S, 0);
	v = gettime(id, &iv);
	CHECK(v > 900 * NS_PER_MS && v <= NS_PER_S && iv == 0, "armed for 1 s: at most 1 s left",
	      "%llu %llu", (unsigned long long)v, (unsigned long long)iv);
	syscall(SYS_timer_settime, id, 0, &its, &old);
	CHECK(ts_ns(&old.it_value) > 800 * NS_PER_MS && ts_ns(&old.it_value) <= v &&
		      ts_ns(&old.it_interval) == 0,
	      "timer_settime returns the old setting", "%llu",
	      (unsigned long long)ts_ns(&old.it_value));
	v = gettime(id, &iv);
	CHECK(v <= 100 * NS_PER_MS && iv == 300 * NS_PER_MS,
	      "re-armed: at most 100 ms left, the interval exactly", "%llu %llu",
	      (unsigned long long)v, (unsigned long long)iv);
	its = (struct itimerspec){ ns_ts(0), ns_ts(0) };
	syscall(SYS_timer_settime, id, 0, &its, &old);
	CHECK(ts_ns(&old.it_interval) == 300 * NS_PER_MS, "disarming returns the interval too",
	      "%llu", (unsigned long long)ts_ns(&old.it_interval));
	v = gettime(id, &iv);
	CHECK(v == 0 && iv == 0, "a disarmed timer reads 0", "%llu %llu", (unsigned long long)v,
	      (unsigned long long)iv);
	syscall(SYS_timer_delete, id);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

static void
periodic(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev);
	uint64_t t0, dt, want;
	int n, e;

	got_usr1 = expiries = 0;
	t0 = now_ns();
	timer_arm(id, 0, 20 * NS_PER_MS, 20 * NS_PER_MS);
	sleep_ns(500 * NS_PER_MS);
	mask_signal(SIG_BLOCK, SIGUSR1);
	dt = now_ns() - t0;
	n = got_usr1;
	e = expiries;
	want = dt / (20 * NS_PER_MS);
	/* Each signal carries the expiries it stands for: together they
	 * match the time, whatever the host's load (the last may still be
	 * pending). */
	CHECK(n >= 3 && (uint64_t)e + 8 >= want && (uint64_t)e <= want,
	      "a 20 ms periodic timer: signals and overruns add up to the time it ran",
	      "%d signals, %d expiries in %llu ns", n, e, (unsigned long long)dt);
	syscall(SYS_timer_delete, id);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

static void
absolute(clockid_t clock, const char *name)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 7);
	int id = timer_new(clock, &ev), sig;
	uint64_t target = clock_ns(clock) + 200 * NS_PER_MS, at, v, iv;
	siginfo_t si;
	char what[128];

	mask_signal(SIG_BLOCK, SIGUSR1);
	timer_arm(id, TIMER_ABSTIME, target, 0);
	v = gettime(id, &iv);
	snprintf(what, sizeof(what), "TIMER_ABSTIME on %s: reads the time to go", name);
	CHECK(v > 100 * NS_PER_MS && v <= 200 * NS_PER_MS, what, "%llu", (unsigned long long)v);
	sig = wait_signal(SIGUSR1, 10 * NS_PER_S, &si);
	at = clock_ns(clock);
	snprintf(what, sizeof(what), "TIMER_ABSTIME on %s: fires at the time, not before", name);
	CHECK(sig == SIGUSR1 && at >= target, what, "%d, %lld ns early", sig,
	      (long long)(target - at));
	syscall(SYS_timer_delete, id);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

static void
absolute_past(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig;
	uint64_t t0 = now_ns(), dt;
	siginfo_t si;

	mask_signal(SIG_BLOCK, SIGUSR1);
	timer_arm(id, TIMER_ABSTIME, t0 - NS_PER_S, 0);
	sig = wait_signal(SIGUSR1, 10 * NS_PER_S, &si);
	dt = now_ns() - t0;
	CHECK(sig == SIGUSR1 && dt < NS_PER_S, "TIMER_ABSTIME in the past fires at once",
	      "%d after %llu ns", sig, (unsigned long long)dt);
	timer_arm(id, TIMER_ABSTIME, now_ns() - NS_PER_S, NS_PER_MS);
	sig = wait_signal(SIGUSR1, 10 * NS_PER_S, &si);
	timer_arm(id, 0, 0, 0);
	CHECK(sig == SIGUSR1 && si.si_overrun >= 990 && si.si_overrun < 10000,
	      "1 s in the past, every 1 ms: the first signal counts about 1000 overruns",
	      "%d, %d", sig, si.si_overrun);
	syscall(SYS_timer_delete, id);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

static void
sigev_none(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_NONE };
	int id = timer_new(CLOCK_MONOTONIC, &ev);
	uint64_t v, iv;
	sigset_t pending;

	timer_arm(id, 0, 100 * NS_PER_MS, 0);
	v = gettime(id, &iv);
	CHECK(v > 50 * NS_PER_MS && v <= 100 * NS_PER_MS, "SIGEV_NONE: reads the time to go",
	      "%llu", (unsigned long long)v);
	sleep_ns(150 * NS_PER_MS);
	v = gettime(id, &iv);
	CHECK(v == 0 && iv == 0, "SIGEV_NONE one-shot: reads 0 once expired", "%llu",
	      (unsigned long long)v);
	timer_arm(id, 0, 100 * NS_PER_MS, 100 * NS_PER_MS);
	sleep_ns(250 * NS_PER_MS);
	v = gettime(id, &iv);
	CHECK(v > 0 && v <= 100 * NS_PER_MS && iv == 100 * NS_PER_MS,
	      "SIGEV_NONE periodic: reads the time to the next period", "%llu %llu",
	      (unsigned long long)v, (unsigned long long)iv);
	sigpending(&pending);
	CHECK(sigisemptyset(&pending), "SIGEV_NONE sends nothing", "a signal is pending");
	syscall(SYS_timer_delete, id);
}

static void
stopping(void)
{
	struct sigevent ev = sigev_signal(SIGUSR1, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev), n;
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	sigset_t set;

	got_usr1 = 0;
	timer_arm(id, 0, 10 * NS_PER_MS, 10 * NS_PER_MS);
	sleep_ns(100 * NS_PER_MS);
	timer_arm(id, 0, 0, 0);
	n = got_usr1;
	sleep_ns(200 * NS_PER_MS);
	CHECK(n >= 1 && got_usr1 == n, "timer_settime(0) stops a periodic timer", "%d then %d",
	      n, (int)got_usr1);
	timer_arm(id, 0, 10 * NS_PER_MS, 10 * NS_PER_MS);
	sleep_ns(100 * NS_PER_MS);
	syscall(SYS_timer_delete, id);
	n = got_usr1;
	sleep_ns(200 * NS_PER_MS);
	CHECK(got_usr1 == n, "timer_delete stops a periodic timer", "%d then %d", n,
	      (int)got_usr1);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	mask_signal(SIG_BLOCK, SIGUSR1);
	id = timer_new(CLOCK_MONOTONIC, &ev);
	timer_arm(id, 0, NS_PER_MS, 0);
	sleep_ns(50 * NS_PER_MS);
	syscall(SYS_timer_delete, id);
	expect("timer_delete drops its pending signal: sigtimedwait",
	       sigtimedwait(&set, &si, &zero), "-1 EAGAIN");
	id = timer_new(CLOCK_MONOTONIC, &ev);
	timer_arm(id, 0, NS_PER_MS, 0);
	sleep_ns(50 * NS_PER_MS);
	timer_arm(id, 0, 10 * NS_PER_S, 0);
	expect("timer_settime drops its pending signal: sigtimedwait",
	       sigtimedwait(&set, &si, &zero), "-1 EAGAIN");
	syscall(SYS_timer_delete, id);
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

/* The si_timerid the next timer created gets. */
static int
next_timerid(void)
{
	struct sigevent ev = sigev_signal(SIGUSR2, 0);
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig;
	siginfo_t si;

	timer_arm(id, 0, NS_PER_MS, 0);
	sig = wait_signal(SIGUSR2, 10 * NS_PER_S, &si);
	syscall(SYS_timer_delete, id);
	return sig == SIGUSR2 ? si.si_timerid : -1;
}

static void
ids_count_up(void)
{
	int a, b;

	mask_signal(SIG_BLOCK, SIGUSR2);
	a = next_timerid();
	b = next_timerid();
	CHECK(a >= 2 && b == a + 1, "a deleted timer's id is not reused: the next one is +1",
	      "%d then %d", a, b);
	mask_signal(SIG_UNBLOCK, SIGUSR2);
}

#define NTIMERS 20

static void
many(void)
{
	int ids[NTIMERS], seen = 0, n = 0;
	siginfo_t si;

	mask_signal(SIG_BLOCK, SIGRTMIN);
	for (int i = 0; i < NTIMERS; i++) {
		struct sigevent ev = sigev_signal(SIGRTMIN, i);

		ids[i] = timer_new(CLOCK_MONOTONIC, &ev);
		timer_arm(ids[i], 0, (uint64_t)(i + 1) * NS_PER_MS, 0);
	}
	while (n < NTIMERS && wait_signal(SIGRTMIN, 5 * NS_PER_S, &si) == SIGRTMIN) {
		if (si.si_value.sival_int >= 0 && si.si_value.sival_int < NTIMERS)
			seen |= 1 << si.si_value.sival_int;
		n++;
	}
	CHECK(n == NTIMERS && seen == (1 << NTIMERS) - 1,
	      "20 timers each queue their own real-time signal", "%d signals, mask %#x", n,
	      seen);
	for (int i = 0; i < NTIMERS; i++)
		syscall(SYS_timer_delete, ids[i]);
	mask_signal(SIG_UNBLOCK, SIGRTMIN);
}

static void
other_clocks(void)
{
	static const struct {
		clockid_t id;
		const char *name;
	} clocks[] = { { CLOCK_REALTIME, "CLOCK_REALTIME" },
		       { CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
		       { CLOCK_TAI, "CLOCK_TAI" } };

	mask_signal(SIG_BLOCK, SIGUSR1);
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		struct sigevent ev = sigev_signal(SIGUSR1, 0);
		int id = timer_new(clocks[i].id, &ev), sig;
		siginfo_t si;
		char what[96];

		timer_arm(id, 0, 10 * NS_PER_MS, 0);
		sig = wait_signal(SIGUSR1, 10 * NS_PER_S, &si);
		snprintf(what, sizeof(what), "a %s timer fires", clocks[i].name);
		CHECK(id != -1 && sig == SIGUSR1, what, "%d %d", id, sig);
		syscall(SYS_timer_delete, id);
	}
	mask_signal(SIG_UNBLOCK, SIGUSR1);
}

int
main(void)
{
	mask_signal(SIG_BLOCK, SIGALRM);
	handle(SIGUSR1, on_usr1, SA_RESTART);
	default_sigevent();
	sigevent_value();
	settime_gettime();
	periodic();
	absolute(CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
	absolute(CLOCK_REALTIME, "CLOCK_REALTIME");
	absolute_past();
	sigev_none();
	stopping();
	ids_count_up();
	many();
	other_clocks();
	return time_test_exit();
}
