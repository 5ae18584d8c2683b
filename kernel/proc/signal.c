/*
 * Fatal signal delivery: the default action of every signal raised so
 * far is to terminate, with a log line naming the signal.
 */
#include <asm-generic/signal.h>

#include "drivers/console.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/task.h"

static const char *const names[] = {
	[SIGHUP] = "SIGHUP",	   [SIGINT] = "SIGINT",	      [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL",	   [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",	   [SIGFPE] = "SIGFPE",	      [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1",	   [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",	   [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",	   [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU",	   [SIGURG] = "SIGURG",	      [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",	   [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH",   [SIGIO] = "SIGIO",	      [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

const char *
signal_name(int sig)
{
	if (sig > 0 && (size_t)sig < ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "SIGRT";
}

/* Signals whose default action dumps core: the status gets bit 0x80. */
static bool
dumps_core(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return true;
	default:
		return false;
	}
}

void
signal_fault(int sig, int code, uintptr_t addr, const char *what)
{
	struct task *t = current_task();

	pr_info("%s[%d]: %s (%s) at %#lx, code %d", t->comm, t->tgid, signal_name(sig), what, addr,
		code);
	__atomic_or_fetch(&t->pending_signals, 1ull << (sig - 1), __ATOMIC_RELAXED);
}

/* Signals whose default action is to do nothing. Job-control stops are
 * treated the same until stopping lands with the signals work. */
static bool
ignored_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return true;
	default:
		return false;
	}
}

void
signal_send(struct task *t, int sig)
{
	/* As Linux: a signal that would be ignored is discarded at once. */
	if (ignored_by_default(sig))
		return;
	__atomic_or_fetch(&t->pending_signals, 1ull << (sig - 1), __ATOMIC_RELEASE);
	task_wake_from(t, true);
}

bool
signal_pending_current(void)
{
	return __atomic_load_n(&current_task()->pending_signals, __ATOMIC_RELAXED) != 0;
}

void
signal_deliver_pending(void)
{
	uint64_t pending = __atomic_load_n(&current_task()->pending_signals, __ATOMIC_RELAXED);
	int sig;

	if (!pending)
		return;
	sig = __builtin_ctzll(pending) + 1;
	task_exit_group(sig | (dumps_core(sig) ? 0x80 : 0));
}
