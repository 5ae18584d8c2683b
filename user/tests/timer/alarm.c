/*
 * alarm: alarm() -- glibc's, on setitimer(ITIMER_REAL), since riscv64
 * has no alarm system call -- and what SIGALRM does to blocking calls:
 * its return values (seconds left, rounded), pause() (glibc's is
 * ppoll(NULL, 0, NULL, NULL) on riscv64) and sigsuspend() interrupted
 * (EINTR), a read of an empty pipe failing with EINTR
 * without SA_RESTART and restarting with it, the default action killing
 * the process, fork not passing the alarm on, execve keeping it. Prints
 * the same on Linux and Tern; exits 0 only if all hold.
 */
#include "timer_test.h"

#include <sys/wait.h>

#define AFTER_EXEC "after-exec"

static volatile sig_atomic_t alarms;
static int pipe_w = -1;

static void
on_alarm(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	alarms++;
	if (pipe_w >= 0 && write(pipe_w, "x", 1) != 1)
		alarms += 100;
}

/* ITIMER_REAL, one shot, in ns. */
static void
real_after(uint64_t ns)
{
	struct itimerval v = { { 0, 0 }, ns_tv(ns) };

	setitimer(ITIMER_REAL, &v, NULL);
}

static void
return_values(void)
{
	unsigned a = alarm(5), b = alarm(3), c = alarm(0), d = alarm(0);

	CHECK(a == 0, "alarm(5) with no alarm set returns 0", "%u", a);
	CHECK(b == 5, "alarm(3) returns the 5 s the first had left", "%u", b);
	CHECK(c == 3, "alarm(0) returns the 3 s left", "%u", c);
	CHECK(d == 0, "alarm(0) cancelled it: the next alarm(0) returns 0", "%u", d);
}

static void
interrupts_pause(void)
{
	uint64_t t0 = now_ns(), dt;
	int r, err;

	alarms = 0;
	alarm(1);
	r = pause();
	err = errno;
	dt = now_ns() - t0;
	CHECK(r == -1 && err == EINTR, "alarm(1) interrupts pause(): -1 EINTR", "%d %s", r,
	      err_name(err));
	CHECK(alarms == 1, "the SIGALRM handler ran once", "%d", (int)alarms);
	CHECK(dt >= NS_PER_S && dt < 10 * NS_PER_S, "after 1 s (not before)", "%llu ns",
	      (unsigned long long)dt);
}

static void
interrupts_sigsuspend(void)
{
	sigset_t empty, now;
	int r, err;

	alarms = 0;
	mask_signal(SIG_BLOCK, SIGALRM);
	real_after(200 * NS_PER_MS);
	sigemptyset(&empty);
	r = sigsuspend(&empty);
	err = errno;
	CHECK(r == -1 && err == EINTR, "SIGALRM interrupts sigsuspend(): -1 EINTR", "%d %s", r,
	      err_name(err));
	CHECK(alarms == 1, "the handler ran once, inside sigsuspend", "%d", (int)alarms);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGALRM), "the mask is restored (SIGALRM blocked) after it",
	      "not blocked");
	mask_signal(SIG_UNBLOCK, SIGALRM);
}

static void
interrupts_pipe_read(void)
{
	int fds[2], r, err;
	char c = 0;

	if (pipe(fds)) {
		CHECK(false, "pipe", "%s", err_name(errno));
		return;
	}
	alarms = 0;
	real_after(200 * NS_PER_MS);
	r = read(fds[0], &c, 1);
	err = errno;
	CHECK(r == -1 && err == EINTR, "read of an empty pipe, no SA_RESTART: -1 EINTR",
	      "%d %s", r, err_name(err));
	CHECK(alarms == 1, "the handler ran once", "%d", (int)alarms);

	/* The handler writes a byte: the restarted read returns it. */
	handle(SIGALRM, on_alarm, SA_RESTART);
	pipe_w = fds[1];
	alarms = 0;
	real_after(200 * NS_PER_MS);
	r = read(fds[0], &c, 1);
	err = errno;
	pipe_w = -1;
	CHECK(r == 1 && c == 'x', "with SA_RESTART the read restarts and gets the handler's byte",
	      "%d %s '%c'", r, err_name(err), c);
	CHECK(alarms == 1, "the handler ran once", "%d", (int)alarms);
	handle(SIGALRM, on_alarm, 0);
	close(fds[0]);
	close(fds[1]);
}

static int
child_status(pid_t pid)
{
	int st = -1;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void
default_action(void)
{
	pid_t pid = fork_flushed();
	int st;

	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		real_after(100 * NS_PER_MS);
		pause();
		_exit(0);
	}
	st = child_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM,
	      "with no handler SIGALRM kills the process", "status %#x", st);
}

static void
fork_does_not_inherit(void)
{
	pid_t pid;
	int st;

	alarm(10);
	pid = fork_flushed();
	if (pid == 0) {
		struct itimerval v;

		getitimer(ITIMER_REAL, &v);
		_exit(alarm(0) == 0 && v.it_value.tv_sec == 0 && v.it_value.tv_usec == 0 ? 0 : 1);
	}
	st = child_status(pid);
	CHECK(st == 0, "a forked child has no alarm", "status %#x", st);
	st = (int)alarm(0);
	CHECK(st == 10, "the parent's alarm is still set", "%d s left", st);
}

static void
exec_keeps(const char *self)
{
	pid_t pid = fork_flushed();
	int st;

	if (pid == 0) {
		alarm(7);
		exec_self(self, AFTER_EXEC);
		_exit(3);
	}
	st = child_status(pid);
	CHECK(st == 0, "execve keeps the alarm (7 s left in the new image)", "status %#x", st);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], AFTER_EXEC))
		return alarm(0) == 7 ? 0 : 1;
	handle(SIGALRM, on_alarm, 0);
	return_values();
	interrupts_pause();
	interrupts_sigsuspend();
	interrupts_pipe_read();
	default_action();
	fork_does_not_inherit();
	exec_keeps(self_path(argv[0]));
	return time_test_exit();
}
