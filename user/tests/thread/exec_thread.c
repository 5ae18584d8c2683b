/*
 * exec_thread: execve from a thread that is not the main one. In a child
 * process of three threads -- main asleep in read, one spinning on a
 * counter in a page shared with the test, one calling execve -- the new
 * image (this program again, with "after") finds: the process's pid
 * (not the exec'ing thread's tid) as its pid and tid, the same parent,
 * the old tid gone (tgkill ESRCH), a handled signal back to SIG_DFL, an
 * ignored one still ignored, the blocked mask kept, no alternate stack;
 * and the spinning thread is gone (the counter stops). The same from the
 * main thread. The child reports through its exit status.
 *
 * Tern only: qemu-riscv64 cannot execve a riscv64 program without
 * binfmt_misc, which the build machines do not have mounted.
 */
#include "mt_test.h"

struct shared {
	volatile long counter;
	volatile int spinning;
};

static struct shared *sh;
static char *self_path;

static void
on_usr1(int sig)
{
	(void)sig;
}

/* The new image: bit n of the exit status says check n failed. */
static int
after_exec(char **argv)
{
	pid_t pid = (pid_t)atol(argv[2]), old_tid = (pid_t)atol(argv[3]);
	pid_t ppid = (pid_t)atol(argv[4]);
	struct sigaction sa;
	stack_t ss;
	sigset_t mask;
	int bad = 0;

	if (getpid() != pid)
		bad |= 1;
	if (gettid_raw() != pid)
		bad |= 2;
	if (getppid() != ppid)
		bad |= 4;
	if (old_tid != pid && (syscall(SYS_tgkill, pid, old_tid, 0) != -1 || errno != ESRCH))
		bad |= 8;
	sigaction(SIGUSR1, NULL, &sa);
	if (sa.sa_handler != SIG_DFL)
		bad |= 16;
	sigaction(SIGUSR2, NULL, &sa);
	if (sa.sa_handler != SIG_IGN)
		bad |= 32;
	sigprocmask(SIG_BLOCK, NULL, &mask);
	if (!sigismember(&mask, SIGWINCH))
		bad |= 64;
	sigaltstack(NULL, &ss);
	if (ss.ss_flags != SS_DISABLE)
		bad |= 128;
	return bad;
}

static void *
spinner(void *arg)
{
	(void)arg;
	sh->spinning = 1;
	for (;;)
		sh->counter++;
	return NULL;
}

static void
do_exec(void)
{
	char pid[16], tid[16], ppid[16];
	char *argv[] = { self_path, "after", pid, tid, ppid, NULL };
	char *envp[] = { "HOME=/", NULL };
	static char alt[16384];
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt) };
	sigset_t w;

	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(tid, sizeof(tid), "%d", gettid_raw());
	snprintf(ppid, sizeof(ppid), "%d", getppid());
	sigaltstack(&ss, NULL);
	sigemptyset(&w);
	sigaddset(&w, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &w, NULL);
	execve(self_path, argv, envp);
	_exit(100 + errno);
}

static void *
execer(void *arg)
{
	(void)arg;
	wait_for_value(&sh->spinning, 1, 10000);
	do_exec();
	return NULL;
}

static int
child(bool from_thread)
{
	pthread_t th;
	int p[2];
	char c;

	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	pthread_create(&th, NULL, spinner, NULL);
	if (!from_thread) {
		wait_for_value(&sh->spinning, 1, 10000);
		do_exec();
	}
	pthread_create(&th, NULL, execer, NULL);
	if (pipe(p))
		return 101;
	(void)!read(p[0], &c, 1); /* main sleeps until exec ends it */
	return 102;
}

static void
run(bool from_thread)
{
	pid_t pid;
	int st = -1;
	long a, b;

	sh->spinning = 0;
	pid = fork_flushed();
	if (pid == 0)
		_exit(child(from_thread));
	waitpid_bounded(pid, &st, 0, 10000);
	printf("execve from %s: the new image's checks: %s\n",
	       from_thread ? "a second thread" : "the main thread, another thread running",
	       st == 0 ? "all hold" : status_str(st));
	all_ok = all_ok && st == 0;
	a = sh->counter;
	sleep_ms(50);
	b = sh->counter;
	check("  the spinning thread is gone", sh->spinning == 1 && a == b);
}

int
main(int argc, char **argv)
{
	if (argc > 4 && !strcmp(argv[1], "after"))
		return after_exec(argv);
	test_setup();
	self_path = argv[0];
	sh = shared_page(PAGE);
	run(true);
	run(false);
	return test_result();
}
