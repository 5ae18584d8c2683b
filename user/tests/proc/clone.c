/*
 * clone: the raw clone system call with fork semantics (no CLONE_VM)
 * and its flags. CLONE_PARENT_SETTID stores the child's tid in the
 * parent; CLONE_CHILD_SETTID stores it in the child's own copy of memory
 * (the parent's copy stays as it was), CLONE_CHILD_CLEARTID clears the
 * child's copy only; CLONE_SETTLS starts the child
 * with tp set; invalid flag combinations give EINVAL. A bad tid
 * pointer does not stop the child being created (Linux ignores the
 * stores' failures). Children report through exit codes.
 */
#include "checks.h"

#include <linux/sched.h>

static int ptid, ctid;

/* riscv64's clone takes (flags, newsp, parent_tid, tls, child_tid), as
 * glibc's clone.S passes them. */
static long
raw_clone(unsigned long flags, void *ptid_p, void *ctid_p, unsigned long tls)
{
	return syscall(SYS_clone, flags, 0UL, ptid_p, tls, ctid_p);
}

/* exit(code) without touching libc, whose TLS the child may have moved. */
static __attribute__((noreturn)) void
bare_exit(long code)
{
	register long a0 __asm__("a0") = code;
	register long a7 __asm__("a7") = SYS_exit_group;

	__asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
	__builtin_unreachable();
}

static void
fork_like(void)
{
	long pid;

	fflush(stdout);
	pid = raw_clone(SIGCHLD, NULL, NULL, 0);
	if (pid == 0)
		_exit(getppid() > 0 ? 5 : 6);
	expect_status("clone(SIGCHLD) child", (pid_t)pid, 5 << 8);
}

static void
parent_settid(void)
{
	long pid;

	ptid = 0;
	fflush(stdout);
	pid = raw_clone(SIGCHLD | CLONE_PARENT_SETTID, &ptid, NULL, 0);
	if (pid == 0)
		_exit(ptid == 0 ? 0 : 1);
	/*
	 * Linux stores the tid after copying the memory, in the parent's
	 * only (kernel_clone). qemu-user stores it in the child's memory
	 * only: strict.
	 */
	if (strict) {
		check("CLONE_PARENT_SETTID: parent's ptid is the child's tid", ptid == pid);
		expect_status("  child's copy of ptid is still 0", (pid_t)pid, 0);
	} else {
		waitpid((pid_t)pid, NULL, 0);
	}
}

static void
child_settid(void)
{
	long pid;

	ctid = 0;
	fflush(stdout);
	pid = raw_clone(SIGCHLD | CLONE_CHILD_SETTID, NULL, &ctid, 0);
	if (pid == 0)
		_exit(ctid == gettid() ? 0 : 1);
	expect_status("CLONE_CHILD_SETTID: child's ctid is its tid", (pid_t)pid, 0);
	check("  parent's ctid untouched", ctid == 0);
}

static void
child_cleartid(void)
{
	long pid;

	ctid = 77;
	fflush(stdout);
	pid = raw_clone(SIGCHLD | CLONE_CHILD_CLEARTID, NULL, &ctid, 0);
	if (pid == 0)
		_exit(ctid == 77 ? 0 : 1);
	expect_status("CLONE_CHILD_CLEARTID without CLONE_VM: child exits", (pid_t)pid, 0);
	check("  parent's word untouched (the child cleared its own copy)", ctid == 77);
}

static void
settls(void)
{
	unsigned long tp;
	long pid;

	fflush(stdout);
	pid = raw_clone(SIGCHLD | CLONE_SETTLS, NULL, NULL, 0x12345670);
	if (pid == 0) {
		__asm__ volatile("mv %0, tp" : "=r"(tp));
		bare_exit(tp == 0x12345670 ? 0 : 1);
	}
	__asm__ volatile("mv %0, tp" : "=r"(tp));
	expect_status("CLONE_SETTLS: child starts with tp = tls", (pid_t)pid, 0);
	check("  parent's tp unchanged", tp != 0x12345670);
}

static void
bad_flags(void)
{
	expect_fork_err("clone(CLONE_SIGHAND without CLONE_VM)",
			raw_clone(SIGCHLD | CLONE_SIGHAND, NULL, NULL, 0), EINVAL);
	expect_fork_err("clone(CLONE_THREAD without CLONE_SIGHAND)",
			raw_clone(SIGCHLD | CLONE_THREAD | CLONE_VM, NULL, NULL, 0), EINVAL);
	expect_fork_err("clone(CLONE_FS|CLONE_NEWNS)",
			raw_clone(SIGCHLD | CLONE_FS | CLONE_NEWNS, NULL, NULL, 0), EINVAL);
}

/*
 * Hostile tid pointers. Linux stores the parent's tid after the child
 * exists and ignores a failed store (kernel_clone), and the child's own
 * stores (CLONE_CHILD_SETTID at its first run, CLONE_CHILD_CLEARTID at
 * exit) fail silently too: each call still makes a child that runs.
 */
static void
bad_tid_pointers(void)
{
	static const struct {
		const char *name;
		void *ptr;
	} bad[] = {
		{ "NULL", NULL },
		{ "kernel", KERNEL_ADDR },
		{ "straddling", (void *)0x3ffffffffeUL },
	};
	static const struct {
		const char *name;
		unsigned long flag;
	} flags[] = {
		{ "CLONE_PARENT_SETTID, %s parent_tid", CLONE_PARENT_SETTID },
		{ "CLONE_CHILD_SETTID, %s child_tid", CLONE_CHILD_SETTID },
		{ "CLONE_CHILD_CLEARTID, %s child_tid", CLONE_CHILD_CLEARTID },
	};
	char what[96], fmt[64];
	long pid;

	for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			unsigned long fl = flags[f].flag;

			fflush(stdout);
			pid = raw_clone(SIGCHLD | fl, bad[i].ptr, bad[i].ptr, 0);
			if (pid == 0)
				_exit(3);
			snprintf(fmt, sizeof(fmt), "clone(%s)", flags[f].name);
			snprintf(what, sizeof(what), fmt, bad[i].name);
			if (pid < 0) {
				expect_ret(what, pid, 1);
				continue;
			}
			printf("%s: a child\n", what);
			expect_status("  the child", (pid_t)pid, 3 << 8);
		}
	}
}

int
main(int argc, char **argv)
{
	test_setup_args(argc, argv);
	fork_like();
	parent_settid();
	child_settid();
	child_cleartid();
	settls();
	bad_flags();
	bad_tid_pointers();
	return test_result();
}
