/*
 * eintr: blocking calls interrupted by a handled signal, as Linux treats
 * each. A "poker" -- a child process sending process-directed kill(), or
 * a thread sending tgkill() to the main thread -- signals the blocked
 * caller every 20 ms. Without SA_RESTART every call fails with EINTR.
 * With SA_RESTART, read and write on a pipe, wait4 and an untimed
 * FUTEX_WAIT restart: the poker sends 3 signals, then lets the call
 * finish, and the call returns its normal result; a timed FUTEX_WAIT,
 * nanosleep, sigsuspend and sigtimedwait fail with EINTR all the same.
 * Signals that are ignored (SIG_IGN, or SIGWINCH by default) do not
 * interrupt a read at all, nor do SIGSTOP and SIGCONT.
 */
#include "sig_test.h"

#include <fcntl.h>

enum kind {
	READ,
	WRITE,
	WAIT4,
	FUTEX,
	FUTEX_TIMED,
	NANOSLEEP,
	SIGSUSPEND,
	SIGTIMEDWAIT
};

static const char *const kind_name[] = {
	"read(empty pipe)",
	"write(full pipe)",
	"wait4(live child)",
	"FUTEX_WAIT(no timeout)",
	"FUTEX_WAIT(10 s timeout)",
	"nanosleep(10 s)",
	"sigsuspend",
	"sigtimedwait(SIGUSR2, 10 s)",
};

struct ctl {
	int calling, done, pokes;
	int restart;   /* complete the call after 3 pokes */
	int by_thread; /* tgkill from a thread, else kill from a child */
	enum kind kind;
	int sig;
	pid_t pid;
	pid_t victim;
	uint32_t fword;
	int pipe_r, pipe_w;
};

static struct ctl *c;
static volatile int handled;

static void
on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void
complete(void)
{
	static char buf[4096];

	switch (c->kind) {
	case READ:
		(void)!write(c->pipe_w, "x", 1);
		break;
	case WRITE:
		(void)!read(c->pipe_r, buf, sizeof(buf));
		break;
	case WAIT4:
		if (c->victim > 0)
			kill(c->victim, SIGKILL);
		break;
	case FUTEX:
	case FUTEX_TIMED:
		__atomic_store_n(&c->fword, 1, __ATOMIC_RELEASE);
		futex(&c->fword, FUTEX_WAKE, 1, NULL, NULL, 0);
		break;
	case SIGTIMEDWAIT:
		kill(c->pid, SIGUSR2);
		break;
	default:
		break;
	}
}

/* Signal the caller every 20 ms once it is about to block (5 s at most);
 * in restart mode, complete its call after the third signal. */
static void
poke(void)
{
	wait_for_value(&c->calling, 1, 10000);
	sleep_ms(30);
	for (int i = 0; i < 250 && !__atomic_load_n(&c->done, __ATOMIC_ACQUIRE); i++) {
		if (c->pid <= 0)
			break; /* never kill(0) or kill(-1) by mistake */
		if (c->by_thread)
			syscall(SYS_tgkill, c->pid, c->pid, c->sig);
		else
			kill(c->pid, c->sig);
		c->pokes++;
		if (c->restart && i == 2) {
			sleep_ms(20);
			complete();
			return;
		}
		sleep_ms(20);
	}
	if (!__atomic_load_n(&c->done, __ATOMIC_ACQUIRE))
		complete(); /* bound the wait: the call must not block forever */
}

static void *
poke_thread(void *arg)
{
	(void)arg;
	poke();
	return NULL;
}

/* The blocking call; returns its result with errno as it left it. */
static long
call(void)
{
	struct timespec ten = { 10, 0 };
	sigset_t set;
	siginfo_t si;
	int st;

	switch (c->kind) {
	case READ: {
		char ch;

		return read(c->pipe_r, &ch, 1);
	}
	case WRITE:
		return write(c->pipe_w, "y", 1);
	case WAIT4:
		return wait4(c->victim, &st, 0, NULL);
	case FUTEX:
		return futex(&c->fword, FUTEX_WAIT, 0, NULL, NULL, 0);
	case FUTEX_TIMED:
		return futex(&c->fword, FUTEX_WAIT, 0, &ten, NULL, 0);
	case NANOSLEEP:
		return nanosleep(&ten, NULL);
	case SIGSUSPEND:
		sigemptyset(&set);
		return sigsuspend(&set);
	case SIGTIMEDWAIT:
		sigemptyset(&set);
		sigaddset(&set, SIGUSR2);
		return sigtimedwait(&set, &si, &ten);
	}
	return -2;
}

/* Set up what the call needs: a pipe (full for WRITE), a victim child. */
static void
prepare(void)
{
	int p[2];

	if (pipe(p)) {
		printf("pipe: %s\n", err_name(errno));
		exit(1);
	}
	c->pipe_r = p[0];
	c->pipe_w = p[1];
	if (c->kind == WRITE) {
		static char buf[4096];

		fcntl(p[1], F_SETFL, O_NONBLOCK);
		while (write(p[1], buf, sizeof(buf)) > 0)
			;
		while (write(p[1], buf, 1) > 0)
			;
		fcntl(p[1], F_SETFL, 0);
	}
	if (c->kind == WAIT4) {
		pid_t pid = fork_flushed(); /* c is shared: only the parent sets it */

		if (pid == 0) {
			sleep_ms(20000);
			_exit(0);
		}
		c->victim = pid;
	}
}

static void
cleanup(void)
{
	close(c->pipe_r);
	close(c->pipe_w);
	if (c->kind == WAIT4 && c->victim > 0) {
		kill(c->victim, SIGKILL);
		waitpid(c->victim, NULL, 0);
	}
}

static const char *
outcome(long r, int err, char *buf, size_t len)
{
	if (r == -1)
		snprintf(buf, len, "-1 %s", err_name(err));
	else if (c->kind == WAIT4 && r == c->victim)
		snprintf(buf, len, "the child's pid");
	else
		snprintf(buf, len, "%ld", r);
	return buf;
}

static void
run(enum kind kind, bool restart, bool by_thread, const char *want)
{
	pthread_t th;
	pid_t poker = 0;
	char line[160], got[48];
	long r;
	int err, old_handled = handled;
	sigset_t usr2;

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->restart = restart;
	c->by_thread = by_thread;
	c->sig = SIGUSR1;
	c->pid = getpid();
	on_signal(SIGUSR1, on_usr1, restart ? SA_RESTART : 0);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(kind == SIGTIMEDWAIT ? SIG_BLOCK : SIG_UNBLOCK, &usr2, NULL);
	prepare();
	if (by_thread) {
		pthread_create(&th, NULL, poke_thread, NULL);
	} else {
		poker = fork_flushed();
		if (poker == 0) {
			poke();
			_exit(0);
		}
	}
	__atomic_store_n(&c->calling, 1, __ATOMIC_RELEASE);
	r = call();
	err = errno;
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
	if (by_thread)
		pthread_join(th, NULL);
	else
		waitpid_bounded(poker, &(int){ 0 }, 0, 10000);
	cleanup();
	snprintf(line, sizeof(line), "%s, %s, %s: %s", kind_name[kind],
		 by_thread ? "tgkill from a thread" : "kill from a child",
		 restart ? "SA_RESTART" : "no SA_RESTART", outcome(r, err, got, sizeof(got)));
	printf("%s\n", line);
	all_ok = all_ok && !strcmp(got, want) && handled > old_handled;
	if (handled == old_handled)
		printf("  (the handler never ran)\n");
}

/* ---- signals that do not interrupt -------------------------------------- */

static int
read_through(void *arg)
{
	int how = (int)(long)arg;
	int p[2];
	char ch = 0;
	pid_t parent = getpid(), pid;

	if (pipe(p))
		return 10;
	if (how == 0)
		signal(SIGUSR1, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		for (int i = 0; i < 3; i++) {
			if (how == 0)
				kill(parent, SIGUSR1);
			else if (how == 1)
				kill(parent, SIGWINCH);
			else
				kill(parent, i % 2 ? SIGCONT : SIGSTOP);
			sleep_ms(20);
		}
		kill(parent, SIGCONT);
		(void)!write(p[1], "z", 1);
		_exit(0);
	}
	if (read(p[0], &ch, 1) != 1 || ch != 'z')
		return 11;
	waitpid(pid, NULL, 0);
	return 0;
}

int
main(void)
{
	static const enum kind restartable[] = { READ, WRITE, WAIT4, FUTEX };
	static const enum kind never[] = { FUTEX_TIMED, NANOSLEEP, SIGSUSPEND, SIGTIMEDWAIT };
	static const char *const what[] = { "SIGUSR1 ignored (SIG_IGN)",
					    "SIGWINCH (ignored by default)", "SIGSTOP, SIGCONT" };
	static const char *const restarted[] = { "1", "1", "the child's pid", "0" };

	test_setup();
	c = shared_page(PAGE);
	for (int by_thread = 0; by_thread < 2; by_thread++) {
		run(READ, false, by_thread, "-1 EINTR");
		run(READ, true, by_thread, "1");
	}
	for (size_t i = 1; i < ARRAY_LEN(restartable); i++) {
		run(restartable[i], false, false, "-1 EINTR");
		run(restartable[i], true, true, restarted[i]);
	}
	for (size_t i = 0; i < ARRAY_LEN(never); i++) {
		run(never[i], false, true, "-1 EINTR");
		run(never[i], true, false, "-1 EINTR");
	}
	for (int how = 0; how < 3; how++) {
		int st = in_child(read_through, (void *)(long)how);

		printf("read(empty pipe) with %s sent 3 times, then data: %s\n", what[how],
		       st == 0 ? "returns the data" : status_str(st));
		all_ok = all_ok && st == 0;
	}
	return test_result();
}
