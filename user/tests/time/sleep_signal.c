/*
 * sleep_signal: a signal cuts a sleep short. With a handler (no
 * SA_RESTART, which sleeps ignore anyway), nanosleep and a relative
 * clock_nanosleep fail with EINTR and report the time left; an absolute
 * one fails with EINTR and leaves rmtp alone. Stopped and continued
 * (SIGSTOP, SIGCONT: no handler runs), every kind of sleep resumes and
 * ends at its deadline, as Linux restarts it. Prints the same on Linux
 * and Tern; exits 0 only if all hold.
 */
#include "time_test.h"

#include <signal.h>
#include <sys/wait.h>

static void
on_usr1(int sig)
{
	(void)sig;
}

/* The child: one sleep of the given kind, judged by its result. */
static int
sleeper(int kind)
{
	struct timespec req = ns_ts(1000 * NS_PER_MS), rem = { 77, 77 };
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC), left;
	int r;

	if (kind == 0) {
		r = nanosleep(&req, &rem) ? errno : 0;
	} else if (kind == 1) {
		r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
	} else {
		req = ns_ts(t0 + 1000 * NS_PER_MS);
		r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, &rem);
	}
	left = ts_ns(&rem);
	if (r != EINTR)
		return 10;
	if (kind == 2)
		return rem.tv_sec == 77 && rem.tv_nsec == 77 ? 0 : 11;
	/* Signalled after about 100 ms: 0.3 s to 1 s left is generous. */
	return left > 300 * NS_PER_MS && left < 1000 * NS_PER_MS ? 0 : 12;
}

/* The child for stop/continue: the sleep must end at its deadline. */
static int
stopped_sleeper(int kind)
{
	struct timespec req = ns_ts(400 * NS_PER_MS);
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC), dt;
	int r;

	if (kind == 0) {
		r = nanosleep(&req, NULL) ? errno : 0;
	} else if (kind == 1) {
		r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	} else {
		req = ns_ts(t0 + 400 * NS_PER_MS);
		r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL);
	}
	dt = clock_ns(CLOCK_MONOTONIC) - t0;
	if (r)
		return 20;
	return dt >= 400 * NS_PER_MS && dt < 2000 * NS_PER_MS ? 0 : 21;
}

static int
run(int kind, bool stop)
{
	struct timespec pause = ns_ts(100 * NS_PER_MS);
	int status = 0, ready[2];
	char c = 0;
	pid_t pid;

	/* The child says when it is about to sleep; the signal comes 100 ms
	 * after that, so it finds the child asleep even on a slow host. */
	if (pipe(ready))
		return -1;
	pid = fork();
	if (pid == 0) {
		if (write(ready[1], &c, 1) != 1)
			_exit(30);
		_exit(stop ? stopped_sleeper(kind) : sleeper(kind));
	}
	if (pid < 0 || read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	close(ready[1]);
	nanosleep(&pause, NULL);
	if (stop) {
		kill(pid, SIGSTOP);
		nanosleep(&pause, NULL);
		kill(pid, SIGCONT);
	} else {
		kill(pid, SIGUSR1);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int
main(void)
{
	static const char *const kinds[] = { "nanosleep", "clock_nanosleep(relative)",
					     "clock_nanosleep(TIMER_ABSTIME)" };
	struct sigaction sa;
	char what[128];

	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	for (int k = 0; k < 3; k++) {
		int r = run(k, false);

		snprintf(what, sizeof(what), "%s cut short by a handled signal: EINTR%s", kinds[k],
			 k == 2 ? ", rmtp untouched" : ", time left reported");
		CHECK(r == 0, what, "child status %d", r);
	}
	for (int k = 0; k < 3; k++) {
		int r = run(k, true);

		snprintf(what, sizeof(what), "%s stopped and continued: resumes, ends at its deadline",
			 kinds[k]);
		CHECK(r == 0, what, "child status %d", r);
	}
	return time_test_exit();
}
