/*
 * Helpers for the signal tests (tests/signal/NAME): the shared checks of
 * ../thread/mt_test.h plus handler installation, raw signal system calls
 * and the riscv64 ucontext accessors. Include this header first.
 */
#pragma once

#include "../thread/mt_test.h"

#include <setjmp.h>
#include <sys/ucontext.h>

/* The kernel's sigset_t is 64 bits on riscv64 (glibc's is 1024). */
#define KSIGSET_SIZE 8

/* Install fn (a plain handler) for sig with flags and an empty sa_mask. */
static inline void
on_signal(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	if (sigaction(sig, &sa, NULL)) {
		printf("sigaction(%d): %s\n", sig, err_name(errno));
		exit(1);
	}
}

/* Install fn as an SA_SIGINFO handler for sig with extra flags. */
static inline void
on_siginfo(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	if (sigaction(sig, &sa, NULL)) {
		printf("sigaction(%d): %s\n", sig, err_name(errno));
		exit(1);
	}
}

/* Block (how = SIG_BLOCK), unblock or set exactly one signal. */
static inline void
mask_one(int how, int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

static inline bool
is_blocked(int sig)
{
	sigset_t s;

	sigprocmask(SIG_BLOCK, NULL, &s);
	return sigismember(&s, sig);
}

static inline bool
is_pending(int sig)
{
	sigset_t s;

	sigpending(&s);
	return sigismember(&s, sig);
}

/* The user pc, sp and general registers in a ucontext (riscv64 layout:
 * __gregs[0] is the pc, __gregs[n] is xn). */
#define UC_GREG(uc, n) (((ucontext_t *)(uc))->uc_mcontext.__gregs[n])
#define UC_PC(uc)      UC_GREG(uc, REG_PC)
#define UC_SP(uc)      UC_GREG(uc, REG_SP)
#define UC_A0(uc)      UC_GREG(uc, REG_A0)
#define UC_FREG(uc, n) (((ucontext_t *)(uc))->uc_mcontext.__fpregs.__d.__f[n])
#define UC_FCSR(uc)    (((ucontext_t *)(uc))->uc_mcontext.__fpregs.__d.__fcsr)

/* Send sig to this thread only (a synchronous delivery point). */
static inline void
raise_here(int sig)
{
	syscall(SYS_tgkill, getpid(), gettid_raw(), sig);
}

/* The name of si_code for SIGSEGV/SIGBUS/SIGILL/SIGTRAP/SIGCHLD/user. */
static inline const char *
code_name(int sig, int code)
{
	static char buf[32];

	switch (code) {
	case SI_USER:
		return "SI_USER";
	case SI_QUEUE:
		return "SI_QUEUE";
	case SI_TKILL:
		return "SI_TKILL";
	case SI_KERNEL:
		return "SI_KERNEL";
	}
	if (sig == SIGSEGV && code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	if (sig == SIGBUS && code == BUS_ADRERR)
		return "BUS_ADRERR";
	if (sig == SIGBUS && code == BUS_ADRALN)
		return "BUS_ADRALN";
	if (sig == SIGILL && code == ILL_ILLOPC)
		return "ILL_ILLOPC";
	if (sig == SIGTRAP && code == TRAP_BRKPT)
		return "TRAP_BRKPT";
	if (sig == SIGCHLD && code == CLD_EXITED)
		return "CLD_EXITED";
	if (sig == SIGCHLD && code == CLD_KILLED)
		return "CLD_KILLED";
	if (sig == SIGCHLD && code == CLD_DUMPED)
		return "CLD_DUMPED";
	if (sig == SIGCHLD && code == CLD_STOPPED)
		return "CLD_STOPPED";
	if (sig == SIGCHLD && code == CLD_CONTINUED)
		return "CLD_CONTINUED";
	snprintf(buf, sizeof(buf), "code %d", code);
	return buf;
}

/*
 * A watchdog for calls that cannot be given a timeout (waitpid, pause-like
 * waits): watchdog_arm(ms) starts a thread that, unless watchdog_disarm()
 * comes first, sends SIGALRM to the arming thread after ms -- its handler
 * does nothing and has no SA_RESTART, so the blocked call fails with
 * EINTR instead of hanging. watchdog_fired says whether it did.
 */
static struct {
	pthread_t th;
	pid_t tid;
	long ms;
	uint32_t disarmed;
	volatile bool fired;
} watchdog;

static void
watchdog_on_alrm(int sig)
{
	(void)sig;
}

static void *
watchdog_thread(void *arg)
{
	struct timespec ts = { watchdog.ms / 1000, (watchdog.ms % 1000) * NS_PER_MS };

	(void)arg;
	while (!__atomic_load_n(&watchdog.disarmed, __ATOMIC_ACQUIRE))
		if (futex(&watchdog.disarmed, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0) &&
		    errno == ETIMEDOUT)
			break;
	if (!__atomic_load_n(&watchdog.disarmed, __ATOMIC_ACQUIRE)) {
		watchdog.fired = true;
		syscall(SYS_tgkill, getpid(), watchdog.tid, SIGALRM);
	}
	return NULL;
}

static inline void
watchdog_arm(long ms)
{
	on_signal(SIGALRM, watchdog_on_alrm, 0);
	watchdog.tid = gettid_raw();
	watchdog.ms = ms;
	watchdog.disarmed = 0;
	watchdog.fired = false;
	pthread_create(&watchdog.th, NULL, watchdog_thread, NULL);
}

static inline void
watchdog_disarm(void)
{
	__atomic_store_n(&watchdog.disarmed, 1, __ATOMIC_RELEASE);
	futex(&watchdog.disarmed, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	pthread_join(watchdog.th, NULL);
}
