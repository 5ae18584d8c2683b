/*
 * altstack: sigaltstack and SA_ONSTACK. A handler with SA_ONSTACK runs on
 * the alternate stack (its locals lie inside it, sigaltstack reports
 * SS_ONSTACK, uc_stack describes it), one without runs on the normal
 * stack, a nested SA_ONSTACK signal stacks below the first frame, and
 * changing the stack while on it is EPERM. SS_DISABLE, SS_AUTODISARM
 * (disarmed inside the handler, back after it), the size and flag checks
 * (ENOMEM, EINVAL). A thread overflowing its stack into the guard page
 * gets SIGSEGV on its alternate stack and siglongjmps out; a new thread
 * starts without an alternate stack, a forked child keeps its parent's.
 */
#include "sig_test.h"

#define ALT_SIZE (64 * 1024)
/* <linux/signal.h>'s; glibc does not define it. */
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static char *alt;

static bool
on_alt(const void *p)
{
	return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE;
}

static struct {
	bool local_on_alt, flags_onstack, uc_stack_ok, nested_on_alt, nested_below;
	int eperm_err;
	int depth;
	uintptr_t first_local;
	bool disarm_on_alt, disarm_reads_disabled;
} seen;

static void
on_usr1(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	volatile char here = 0;
	stack_t cur, again = { .ss_sp = alt, .ss_size = ALT_SIZE };

	(void)sig;
	(void)si;
	if (seen.depth++ == 0) {
		seen.local_on_alt = on_alt((const void *)&here);
		seen.first_local = (uintptr_t)&here;
		sigaltstack(NULL, &cur);
		seen.flags_onstack = cur.ss_flags == SS_ONSTACK;
		seen.uc_stack_ok = uc->uc_stack.ss_sp == alt && uc->uc_stack.ss_size == ALT_SIZE &&
				   uc->uc_stack.ss_flags == 0;
		seen.eperm_err = sigaltstack(&again, NULL) ? errno : 0;
		raise_here(SIGUSR2);
	}
	seen.depth--;
}

static void
on_usr2(int sig)
{
	volatile char here = 0;

	(void)sig;
	seen.nested_on_alt = on_alt((const void *)&here);
	seen.nested_below = (uintptr_t)&here < seen.first_local;
}

static volatile bool plain_on_alt = true;

static void
on_plain(int sig)
{
	volatile char here = 0;

	(void)sig;
	plain_on_alt = on_alt((const void *)&here);
}

static void
on_disarm(int sig)
{
	volatile char here = 0;
	stack_t cur;

	(void)sig;
	sigaltstack(NULL, &cur);
	seen.disarm_on_alt = on_alt((const void *)&here);
	seen.disarm_reads_disabled = cur.ss_flags == SS_DISABLE;
}

static void
basics(void)
{
	stack_t ss, old;

	memset(&old, 0xff, sizeof(old));
	sigaltstack(NULL, &old);
	check("at start: SS_DISABLE, no stack, size 0",
	      old.ss_flags == SS_DISABLE && old.ss_sp == NULL && old.ss_size == 0);
	alt = malloc(ALT_SIZE);
	ss = (stack_t){ .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0 };
	expect_ret("sigaltstack(64 KiB)", sigaltstack(&ss, &old), 0);
	sigaltstack(NULL, &old);
	check("it reads back, flags 0",
	      old.ss_sp == alt && old.ss_size == ALT_SIZE && old.ss_flags == 0);

	on_siginfo(SIGUSR1, on_usr1, SA_ONSTACK);
	on_signal(SIGUSR2, on_usr2, SA_ONSTACK);
	raise_here(SIGUSR1);
	check("SA_ONSTACK handler: its locals are on the alternate stack", seen.local_on_alt);
	check("sigaltstack there says SS_ONSTACK", seen.flags_onstack);
	check("uc_stack describes the alternate stack", seen.uc_stack_ok);
	expect_errnum("changing the alternate stack while on it", seen.eperm_err, EPERM);
	check("a nested SA_ONSTACK handler: on the alternate stack too", seen.nested_on_alt);
	check("  below the first frame", seen.nested_below);

	on_signal(SIGUSR2, on_plain, 0);
	raise_here(SIGUSR2);
	check("a handler without SA_ONSTACK runs on the normal stack", !plain_on_alt);

	ss.ss_flags = SS_DISABLE;
	expect_ret("sigaltstack(SS_DISABLE)", sigaltstack(&ss, NULL), 0);
	sigaltstack(NULL, &old);
	check("reads back SS_DISABLE", old.ss_flags == SS_DISABLE);
	on_signal(SIGUSR2, on_plain, SA_ONSTACK);
	plain_on_alt = true;
	raise_here(SIGUSR2);
	check("disabled: an SA_ONSTACK handler runs on the normal stack", !plain_on_alt);

	ss = (stack_t){ .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = SS_AUTODISARM };
	expect_ret("sigaltstack(SS_AUTODISARM)", sigaltstack(&ss, NULL), 0);
	on_signal(SIGUSR2, on_disarm, SA_ONSTACK);
	raise_here(SIGUSR2);
	check("SS_AUTODISARM: the handler runs on it", seen.disarm_on_alt);
	check("  sigaltstack there reads SS_DISABLE", seen.disarm_reads_disabled);
	sigaltstack(NULL, &old);
	check("  after return it is back (SS_AUTODISARM)",
	      old.ss_sp == alt && old.ss_flags == (int)SS_AUTODISARM);
}

static void
errors(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = 1024, .ss_flags = 0 };

	expect_err("sigaltstack(size 1024)", sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_size = 2048;
	expect_ret("sigaltstack(size MINSIGSTKSZ 2048)", sigaltstack(&ss, NULL), 0);
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 4;
	expect_err("sigaltstack(flags 4)", sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = SS_DISABLE | 4;
	expect_err("sigaltstack(flags SS_DISABLE|4)", sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = SS_ONSTACK;
	expect_ret("sigaltstack(flags SS_ONSTACK: taken as 0)", sigaltstack(&ss, NULL), 0);
	ss = (stack_t){ .ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE };
	expect_ret("sigaltstack(SS_DISABLE, size 0)", sigaltstack(&ss, NULL), 0);
}

/* ---- overflow in a thread ---------------------------------------------- */

static __thread sigjmp_buf overflow_jmp;
static __thread char *thread_alt;
static struct {
	bool caught, on_alt;
	int code;
} overflow;
static bool thread_started_disabled;

static void
on_overflow(int sig, siginfo_t *si, void *uc)
{
	volatile char here = 0;

	(void)sig;
	(void)uc;
	overflow.caught = true;
	overflow.code = si->si_code;
	overflow.on_alt = (char *)&here >= thread_alt && (char *)&here < thread_alt + ALT_SIZE;
	siglongjmp(overflow_jmp, 1);
}

static volatile long depth_limit = 1L << 40; /* never reached */

static long __attribute__((noinline)) recurse(long n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return recurse(n + 1) + pad[0];
}

static void *
overflower(void *arg)
{
	stack_t ss;

	(void)arg;
	sigaltstack(NULL, &ss);
	thread_started_disabled = ss.ss_flags == SS_DISABLE;
	thread_alt = malloc(ALT_SIZE);
	ss = (stack_t){ .ss_sp = thread_alt, .ss_size = ALT_SIZE };
	sigaltstack(&ss, NULL);
	if (sigsetjmp(overflow_jmp, 1) == 0)
		recurse(0);
	return NULL;
}

static void
overflow_in_thread(void)
{
	pthread_attr_t attr;
	pthread_t th;
	stack_t ss = { .ss_sp = alt, .ss_size = ALT_SIZE };

	sigaltstack(&ss, NULL);
	on_siginfo(SIGSEGV, on_overflow, SA_ONSTACK);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 128 * 1024);
	pthread_attr_setguardsize(&attr, 4096);
	pthread_create(&th, &attr, overflower, NULL);
	pthread_join(th, NULL);
	check("a new thread starts with no alternate stack", thread_started_disabled);
	check("stack overflow in a thread: SIGSEGV caught", overflow.caught);
	check("  on the thread's alternate stack", overflow.on_alt);
	printf("  si_code %s\n", code_name(SIGSEGV, overflow.code));
	all_ok = all_ok && overflow.code == SEGV_ACCERR;
	check("  siglongjmp out, the process goes on", true);
}

static int
child_keeps_altstack(void *arg)
{
	stack_t ss;

	(void)arg;
	sigaltstack(NULL, &ss);
	return ss.ss_sp == alt && ss.ss_size == ALT_SIZE && ss.ss_flags == 0 ? 0 : 1;
}

int
main(void)
{
	int st;

	test_setup();
	basics();
	errors();
	overflow_in_thread();
	st = in_child(child_keeps_altstack, NULL);
	printf("a forked child keeps the alternate stack: %s\n", status_str(st));
	all_ok = all_ok && st == 0;
	return test_result();
}
