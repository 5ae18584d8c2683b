/*
 * clone: the raw clone system call with fork semantics (no CLONE_VM)
 * and its flags. CLONE_PARENT_SETTID stores the child's tid in the
 * parent; CLONE_CHILD_SETTID stores it in the child's own copy of memory
 * (the parent's copy stays as it was), CLONE_CHILD_CLEARTID clears the
 * child's copy only; CLONE_SETTLS starts the child
 * with tp set; invalid flag combinations give EINVAL. A bad
 * parent_tid pointer does not stop the child being created (Linux
 * ignores the store's failure). Children report through exit codes.
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
	check("CLONE_PARENT_SETTID: parent's ptid is the child's tid", ptid == pid);
	/* Linux stores it after copying the memory, in the parent's only. */
	expect_status("  child's copy of ptid is still 0", (pid_t)pid, 0);
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

/* Linux stores the parent's tid after the child exists and ignores a
 * failed store: the call still returns the child's pid. */
static void
bad_parent_tid(void)
{
	static const struct {
		const char *name;
		void *ptr;
	} bad[] = {
		{ "NULL", NULL },
		{ "kernel", KERNEL_ADDR },
		{ "straddling", (void *)0x3ffffffffeUL },
	};
	char what[96];
	long pid;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fflush(stdout);
		pid = raw_clone(SIGCHLD | CLONE_PARENT_SETTID, bad[i].ptr, NULL, 0);
		if (pid == 0)
			_exit(3);
		snprintf(what, sizeof(what), "clone(CLONE_PARENT_SETTID, %s parent_tid)",
			 bad[i].name);
		if (pid < 0) {
			expect_ret(what, pid, 1);
			continue;
		}
		printf("%s: a child\n", what);
		expect_status("  the child", (pid_t)pid, 3 << 8);
	}
}

int
main(void)
{
	test_setup();
	fork_like();
	parent_settid();
	child_settid();
	child_cleartid();
	settls();
	bad_flags();
	bad_parent_tid();
	return test_result();
}
