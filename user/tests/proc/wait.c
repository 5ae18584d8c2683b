/*
 * wait: fork and the wait calls. Wait-status encodings (exit codes,
 * deaths by signal), many children each reaped once with its own code,
 * WNOHANG, waiting for one pid, for a process group and for the caller's
 * group, waitid's siginfo fields, WNOWAIT, and the errors: ECHILD,
 * EINVAL, ESRCH, and EFAULT for hostile status/siginfo/rusage pointers
 * (after which the child is gone: Linux reaps it before it copies out).
 * Children never print; exits 0 only if every line is as on Linux.
 */
#include "checks.h"

#include <limits.h>

/* A 4-byte int starting 2 bytes below the top of user space. */
#define STRADDLE_INT ((void *)0x3ffffffffeUL)

static volatile int *flag; /* a shared page: children spin on it */

static int
exit_code(void *arg)
{
	exit((int)(intptr_t)arg);
}

static int
raw_exit(void *arg)
{
	syscall(SYS_exit, (int)(intptr_t)arg);
	return 99;
}

static int
raw_exit_group(void *arg)
{
	syscall(SYS_exit_group, (int)(intptr_t)arg);
	return 99;
}

static int
null_deref(void *arg)
{
	(void)arg;
	return *(volatile int *)NULL;
}

static int
illegal_insn(void *arg)
{
	(void)arg;
	__asm__ volatile(".4byte 0"); /* all-zero: an illegal instruction */
	return 99;
}

static int
breakpoint(void *arg)
{
	(void)arg;
	__asm__ volatile("ebreak");
	return 99;
}

/* Fork a child running fn(arg); the parent gets its pid. */
static pid_t
spawn(int (*fn)(void *), void *arg)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0) {
		printf("fork failed: %s\n", err_name(errno));
		exit(1);
	}
	return pid;
}

/* Spin until the parent sets *flag, then exit with arg. */
static int
wait_for_flag(void *arg)
{
	while (!*flag)
		sched_yield();
	return (int)(intptr_t)arg;
}

static void
status_encodings(void)
{
	static const int codes[] = { 0, 1, 42, 255, 256, -1 };
	char what[64];

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		snprintf(what, sizeof(what), "child exit(%d)", codes[i]);
		expect_status(what, spawn(exit_code, (void *)(intptr_t)codes[i]),
			      (codes[i] & 0xff) << 8);
	}
	expect_status("child SYS_exit(7)", spawn(raw_exit, (void *)7), 7 << 8);
	expect_status("child SYS_exit_group(8)", spawn(raw_exit_group, (void *)8), 8 << 8);
	expect_status("child reading NULL", spawn(null_deref, NULL), SIGSEGV);
	expect_status("child running an illegal instruction", spawn(illegal_insn, NULL), SIGILL);
	expect_status("child running ebreak", spawn(breakpoint, NULL), SIGTRAP);
}

#define MANY 64

static void
many_children(void)
{
	pid_t pids[MANY];
	bool seen[MANY] = { false };
	bool good = true;
	int st, n = 0;
	pid_t got;

	for (int i = 0; i < MANY; i++)
		pids[i] = spawn(exit_code, (void *)(intptr_t)i);
	while ((got = wait(&st)) > 0) {
		int i = WEXITSTATUS(st);

		good = good && WIFEXITED(st) && i < MANY && pids[i] == got && !seen[i];
		if (i < MANY)
			seen[i] = true;
		n++;
	}
	check("64 children each reaped once with its own code", good && n == MANY);
	expect_err("wait() with no children left", got, ECHILD);
}

static void
nohang(void)
{
	int st = 0x5a5a;
	pid_t pid;

	expect_err("wait4(-1, WNOHANG) with no children", wait4(-1, &st, WNOHANG, NULL), ECHILD);
	*flag = 0;
	pid = spawn(wait_for_flag, (void *)3);
	expect_ret("wait4(child, WNOHANG) while it runs", wait4(pid, &st, WNOHANG, NULL), 0);
	check("status left alone by WNOHANG", st == 0x5a5a);
	*flag = 1;
	expect_status("the child after its flag is set", pid, 3 << 8);
}

static void
specific_pid(void)
{
	pid_t a = spawn(exit_code, (void *)1);
	pid_t b = spawn(exit_code, (void *)2);
	pid_t c = spawn(exit_code, (void *)3);

	expect_status("wait for the second child first", b, 2 << 8);
	expect_status("then the third", c, 3 << 8);
	expect_status("then the first", a, 1 << 8);
	expect_err("waitpid(getpid())", waitpid(getpid(), NULL, 0), ECHILD);
	expect_err("waitpid(a reaped child)", waitpid(a, NULL, 0), ECHILD);
	expect_err("waitpid(INT_MIN)", waitpid(INT_MIN, NULL, 0), ESRCH);
	expect_err("wait4(-1, options 0x8000)", wait4(-1, NULL, 0x8000, NULL), EINVAL);
	expect_err("wait4(-1, WNOWAIT)", wait4(-1, NULL, WNOWAIT, NULL), EINVAL);
	a = spawn(exit_code, (void *)4);
	expect_ret("waitpid(child, WUNTRACED) is accepted", waitpid(a, NULL, WUNTRACED) == a, 1);
}

/* In a new group: the child joins group pgid (its own if 0) itself too,
 * so neither side races the other. Waits for the flag before exiting. */
struct grouped {
	pid_t pgid;
	int code;
};

static int
grouped_child(void *arg)
{
	const struct grouped *g = arg;

	if (setpgid(0, g->pgid))
		return 100;
	return wait_for_flag((void *)(intptr_t)g->code);
}

static pid_t
spawn_in_group(pid_t pgid, int code)
{
	struct grouped g = { pgid, code };
	pid_t pid = spawn(grouped_child, &g);

	if (setpgid(pid, pgid ? pgid : pid)) {
		printf("setpgid(child) failed: %s\n", err_name(errno));
		exit(1);
	}
	return pid;
}

/* Reap what wait4(who) gives until ECHILD; returns the exit codes seen
 * as bits (1 << code), or -1 if the last error was not ECHILD. */
static int
reap_all(pid_t who)
{
	int st, bits = 0;

	while (wait4(who, &st, 0, NULL) > 0)
		bits |= WIFEXITED(st) ? 1 << WEXITSTATUS(st) : 1 << 30;
	return errno == ECHILD ? bits : -1;
}

static void
process_groups(void)
{
	siginfo_t si;
	int bits = 0, ret;
	pid_t g;

	*flag = 0;
	g = spawn_in_group(0, 1);
	spawn_in_group(g, 2);
	spawn(wait_for_flag, (void *)3);
	*flag = 1;
	expect_ret("wait4(-pgid) reaps the group's two children", reap_all(-g), 0x6);
	expect_ret("then wait4(0) reaps the one in the caller's group", reap_all(0), 0x8);

	*flag = 0;
	g = spawn_in_group(0, 1);
	spawn_in_group(g, 2);
	spawn(wait_for_flag, (void *)3);
	*flag = 1;
	while ((ret = waitid(P_PGID, g, &si, WEXITED)) == 0)
		bits |= 1 << si.si_status;
	expect_ret("waitid(P_PGID, group) reaped the group's two", bits, 0x6);
	expect_err("  and then finds no more", ret, ECHILD);
	expect_ret("waitid(P_PGID, 0) is the caller's group",
		   waitid(P_PGID, 0, &si, WEXITED) == 0 ? si.si_status : -1, 3);
}

static void
print_siginfo(const char *what, const siginfo_t *si, pid_t pid, int code, int status)
{
	printf("%s: si_signo %s si_code %d si_status %d si_pid %s si_uid %s\n", what,
	       si->si_signo == SIGCHLD ? "SIGCHLD" : "?", si->si_code, si->si_status,
	       si->si_pid == pid ? "child" : "other", si->si_uid == getuid() ? "mine" : "other");
	all_ok = all_ok && si->si_signo == SIGCHLD && si->si_code == code &&
		 si->si_status == status && si->si_pid == pid && si->si_uid == getuid();
}

/* Reap whatever an earlier failed step left, so each part starts clean. */
static void
drain(void)
{
	while (wait(NULL) > 0)
		;
}

static void
waitid_info(void)
{
	siginfo_t si;
	pid_t pid;

	drain();
	pid = spawn(exit_code, (void *)42);
	memset(&si, 0x5a, sizeof(si));
	expect_ret("waitid(P_PID, exit 42, WEXITED)", waitid(P_PID, pid, &si, WEXITED), 0);
	print_siginfo("  exit 42", &si, pid, CLD_EXITED, 42);

	pid = spawn(null_deref, NULL);
	expect_ret("waitid(P_ALL, SIGSEGV death)", waitid(P_ALL, 0, &si, WEXITED), 0);
	print_siginfo("  SIGSEGV", &si, pid, CLD_KILLED, SIGSEGV);

	pid = spawn(exit_code, (void *)5);
	expect_ret("waitid(WNOWAIT)", waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	print_siginfo("  WNOWAIT", &si, pid, CLD_EXITED, 5);
	expect_ret("waitid again after WNOWAIT", waitid(P_PID, pid, &si, WEXITED), 0);
	print_siginfo("  again", &si, pid, CLD_EXITED, 5);
	expect_err("waitid a third time", waitid(P_PID, pid, &si, WEXITED), ECHILD);

	*flag = 0;
	pid = spawn(wait_for_flag, (void *)6);
	memset(&si, 0x5a, sizeof(si));
	expect_ret("waitid(WNOHANG) while the child runs",
		   waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0);
	check("  WNOHANG with nothing to report zeroes si_pid and si_signo",
	      si.si_pid == 0 && si.si_signo == 0);
	*flag = 1;
	expect_ret("waitid(P_PID) after the flag", waitid(P_PID, pid, &si, WEXITED), 0);
	expect_err("waitid(P_ALL, WNOHANG) with no children",
		   waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD);
	expect_err("waitid(P_ALL) with no children", waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	expect_err("waitid(options 0)", waitid(P_ALL, 0, &si, 0), EINVAL);
	expect_err("waitid(WEXITED|0x8000)", waitid(P_ALL, 0, &si, WEXITED | 0x8000), EINVAL);
	expect_err("waitid(idtype 42)", waitid(42, 0, &si, WEXITED), EINVAL);
	expect_err("waitid(P_PID, 0)", waitid(P_PID, 0, &si, WEXITED), EINVAL);
	expect_err("waitid(P_PGID, -1)", waitid(P_PGID, -1, &si, WEXITED), EINVAL);
	pid = spawn(exit_code, (void *)7);
	expect_ret("waitid(P_PID, child, NULL siginfo) reaps it", waitid(P_PID, pid, NULL, WEXITED),
		   0);
	expect_err("  then waitpid(child)", waitpid(pid, NULL, 0), ECHILD);
}

/*
 * pid_t and int arguments are 32 bits: Linux's syscall entry truncates
 * the 64-bit register (SYSCALL_DEFINE), so whatever the upper half
 * holds, only the low 32 bits count.
 */
static void
int_arguments(void)
{
	siginfo_t si;
	int st;
	pid_t pid;

	drain();
	pid = spawn(exit_code, (void *)11);
	expect_ret("wait4(pid with garbage in bits 32-63) reaps that pid",
		   syscall(SYS_wait4, 0xdead00000000UL | (unsigned)pid, &st, 0, NULL) == pid, 1);
	expect_err("waitid(P_PGID, 0xffffffff)",
		   syscall(SYS_waitid, P_PGID, 0xffffffffUL, &si, WEXITED, NULL), EINVAL);
	expect_err("waitid(P_PID, 0xffffffff)",
		   syscall(SYS_waitid, P_PID, 0xffffffffUL, &si, WEXITED, NULL), EINVAL);
	pid = spawn(exit_code, (void *)12);
	expect_ret("waitid(P_PID | 1 << 32, pid) is P_PID",
		   syscall(SYS_waitid, (1UL << 32) | P_PID, (unsigned long)pid, &si, WEXITED, NULL),
		   0);
	drain();
}

/* wait4 or waitid with a bad pointer: EFAULT, and the child is gone. */
static void
bad_pointers(void)
{
	static const struct {
		const char *name;
		void *ptr;
	} bad[] = {
		{ "unmapped", NULL },
		{ "kernel", KERNEL_ADDR },
		{ "straddling the top", STRADDLE_INT },
	};
	void *unmapped = unmapped_page();
	char what[96];
	siginfo_t si;
	pid_t pid;

	drain();
	pid = spawn(exit_code, (void *)9);
	expect_ret("wait4(child, NULL status) reaps it", wait4(pid, NULL, 0, NULL) == pid, 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *p = bad[i].ptr ? bad[i].ptr : unmapped;
		void *big = bad[i].ptr == STRADDLE_INT ? STRADDLE_TOP : p;

		pid = spawn(exit_code, (void *)9);
		snprintf(what, sizeof(what), "wait4(child, %s status)", bad[i].name);
		expect_err(what, wait4(pid, p, 0, NULL), EFAULT);
		expect_err("  then waitpid(child): it was reaped", waitpid(pid, NULL, 0), ECHILD);
		pid = spawn(exit_code, (void *)9);
		snprintf(what, sizeof(what), "wait4(child, &st, 0, %s rusage)", bad[i].name);
		expect_err(what, wait4(pid, NULL, 0, big), EFAULT);
		expect_err("  then waitpid(child): it was reaped", waitpid(pid, NULL, 0), ECHILD);
		pid = spawn(exit_code, (void *)9);
		snprintf(what, sizeof(what), "waitid(P_PID, child, %s siginfo)", bad[i].name);
		expect_err(what, waitid(P_PID, pid, big, WEXITED), EFAULT);
		expect_err("  then waitpid(child): it was reaped", waitpid(pid, NULL, 0), ECHILD);
		pid = spawn(exit_code, (void *)9);
		snprintf(what, sizeof(what), "waitid(P_PID, child, &si, WEXITED, %s rusage)",
			 bad[i].name);
		expect_err(what, syscall(SYS_waitid, P_PID, pid, &si, WEXITED, big), EFAULT);
		expect_err("  then waitpid(child): it was reaped", waitpid(pid, NULL, 0), ECHILD);
	}
	expect_err("wait4(-1, unmapped status) with no children", wait4(-1, unmapped, 0, NULL),
		   ECHILD);
}

int
main(void)
{
	test_setup();
	flag = shared_page(PAGE);
	status_encodings();
	many_children();
	nohang();
	specific_pid();
	process_groups();
	waitid_info();
	bad_pointers();
	int_arguments();
	return test_result();
}
