/*
 * clone_vm: clone flags that share things between processes, clone
 * children's exit signals, and clone3. CLONE_VM shares memory (and with
 * CLONE_CHILD_SETTID/CLEARTID the tid word is set while the child lives
 * and zeroed when it exits), CLONE_FILES the descriptor table, CLONE_FS
 * the umask; without them each side has its own. A child whose exit
 * signal is not SIGCHLD is a "clone" child: plain waits ignore it,
 * __WCLONE and __WALL find it. clone3 forks like clone and checks its
 * argument block: size (EINVAL, E2BIG), pointer (EFAULT), exit signal,
 * flags and stack (EINVAL).
 *
 * Not comparable with qemu-riscv64: qemu-user refuses CLONE_VM without
 * CLONE_THREAD, forks every other clone with SIGCHLD, and has no clone3
 * (ENOSYS). The expected lines follow clone(2); the program checks each.
 */
#include "checks.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <sys/stat.h>

#define STACK_SIZE (64 * 1024)

static volatile int shared_word;
static volatile int go;
static pid_t ctid;
static volatile int child_fd = -1;

static int
write_word(void *arg)
{
	shared_word = (int)(intptr_t)arg;
	return 9;
}

static int
wait_for_go(void *arg)
{
	(void)arg;
	while (!go)
		sched_yield();
	return 0;
}

static int
open_tmp(void *arg)
{
	(void)arg;
	child_fd = open("/tmp", O_RDONLY);
	return 0;
}

static int
set_umask(void *arg)
{
	(void)arg;
	umask(077);
	return 0;
}

/* clone(fn) on a fresh stack with flags; returns the child's pid. */
static pid_t
clone_on_stack(int (*fn)(void *), unsigned long flags, void *arg)
{
	char *stack = malloc(STACK_SIZE); /* never freed: small, few */
	pid_t pid;

	fflush(stdout);
	pid = clone(fn, stack + STACK_SIZE, (int)flags, arg, NULL, NULL, &ctid);
	if (pid < 0) {
		printf("clone(%#lx) failed: %s\n", flags, err_name(errno));
		exit(1);
	}
	return pid;
}

static void
shared_memory(void)
{
	pid_t pid;

	shared_word = 0;
	pid = clone_on_stack(write_word, CLONE_VM | SIGCHLD, (void *)5);
	expect_status("CLONE_VM child", pid, 9 << 8);
	check("  its write is seen by the parent", shared_word == 5);

	go = 0;
	ctid = -1;
	pid = clone_on_stack(wait_for_go,
			     CLONE_VM | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, NULL);
	while (ctid == -1)
		sched_yield();
	check("CLONE_CHILD_SETTID: the tid word holds the child's tid", ctid == pid);
	go = 1;
	expect_status("  the child", pid, 0);
	check("CLONE_CHILD_CLEARTID: the word is zero after the child exits", ctid == 0);
}

static void
shared_files(void)
{
	struct stat st;
	pid_t pid;

	child_fd = -1;
	pid = clone_on_stack(open_tmp, CLONE_VM | CLONE_FILES | SIGCHLD, NULL);
	expect_status("CLONE_FILES child opening /tmp", pid, 0);
	expect_ret("  fstat(its fd) in the parent", fstat(child_fd, &st), 0);
	close(child_fd);

	child_fd = -1;
	pid = clone_on_stack(open_tmp, CLONE_VM | SIGCHLD, NULL);
	expect_status("child without CLONE_FILES opening /tmp", pid, 0);
	check("  it got a descriptor", child_fd >= 0);
	expect_err("  fstat(its fd) in the parent", fstat(child_fd, &st), EBADF);
}

static void
shared_fs(void)
{
	pid_t pid;

	umask(022);
	pid = clone_on_stack(set_umask, CLONE_VM | SIGCHLD, NULL);
	expect_status("child without CLONE_FS setting umask 077", pid, 0);
	check("  the parent's umask is still 022", umask(022) == 022);
	pid = clone_on_stack(set_umask, CLONE_VM | CLONE_FS | SIGCHLD, NULL);
	expect_status("CLONE_FS child setting umask 077", pid, 0);
	check("  the parent's umask is now 077", umask(022) == 077);
}

static void
exit_signals(void)
{
	int st;
	long pid;

	fflush(stdout);
	pid = syscall(SYS_clone, 0UL, 0UL, NULL, 0UL, NULL); /* exit signal 0 */
	if (pid == 0)
		_exit(4);
	expect_err("waitpid(exit-signal-0 child, 0)", waitpid((pid_t)pid, &st, 0), ECHILD);
	expect_err("waitpid(-1, 0)", waitpid(-1, &st, 0), ECHILD);
	expect_ret("waitpid(child, __WCLONE)", waitpid((pid_t)pid, &st, __WCLONE) == pid, 1);
	check("  status exit 4", st == 4 << 8);

	fflush(stdout);
	pid = syscall(SYS_clone, 0UL, 0UL, NULL, 0UL, NULL);
	if (pid == 0)
		_exit(5);
	expect_ret("waitpid(exit-signal-0 child, __WALL)", waitpid((pid_t)pid, &st, __WALL) == pid,
		   1);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(6);
	expect_err("waitpid(SIGCHLD child, __WCLONE)", waitpid((pid_t)pid, &st, __WCLONE), ECHILD);
	expect_ret("waitpid(SIGCHLD child, 0)", waitpid((pid_t)pid, &st, 0) == pid, 1);
}

static long
clone3(void *args, size_t size)
{
	return syscall(SYS_clone3, args, size);
}

static void
clone3_forks(void)
{
	struct clone_args a;
	pid_t ptid = 0;
	long pid;

	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	a.flags = CLONE_PARENT_SETTID;
	a.parent_tid = (uintptr_t)&ptid;
	fflush(stdout);
	pid = clone3(&a, sizeof(a));
	if (pid == 0)
		_exit(3);
	if (pid < 0) {
		expect_ret("clone3 (fork)", pid, 1);
		return;
	}
	expect_status("clone3 (fork) child", (pid_t)pid, 3 << 8);
	check("  CLONE_PARENT_SETTID stored its tid", ptid == pid);

	/* A larger block is fine if the part the kernel does not know is 0. */
	char big[sizeof(a) + 16];

	memset(big, 0, sizeof(big));
	memcpy(big, &a, sizeof(a));
	((struct clone_args *)big)->flags = 0;
	fflush(stdout);
	pid = clone3(big, sizeof(big));
	if (pid == 0)
		_exit(4);
	if (pid > 0)
		expect_status("clone3 with 16 zero bytes past the known fields", (pid_t)pid,
			      4 << 8);
	else
		expect_ret("clone3 with 16 zero bytes past the known fields", pid, 1);
}

/* As clone: a failed store of the parent's tid is ignored. */
static void
clone3_bad_parent_tid(void)
{
	struct clone_args a;
	long pid;

	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	a.flags = CLONE_PARENT_SETTID;
	a.parent_tid = (uintptr_t)KERNEL_ADDR;
	fflush(stdout);
	pid = clone3(&a, sizeof(a));
	if (pid == 0)
		_exit(3);
	if (pid < 0)
		expect_ret("clone3(CLONE_PARENT_SETTID, kernel parent_tid)", pid, 1);
	else
		expect_status("clone3(CLONE_PARENT_SETTID, kernel parent_tid): the child",
			      (pid_t)pid, 3 << 8);
}

static void
clone3_errors(void)
{
	static char page[2 * PAGE];
	struct clone_args a, *p = (struct clone_args *)page;
	char *top = top_page();

	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	expect_fork_err("clone3(size 0)", clone3(&a, 0), EINVAL);
	expect_fork_err("clone3(size 63)", clone3(&a, 63), EINVAL);
	memcpy(p, &a, sizeof(a));
	expect_fork_err("clone3(size 4097)", clone3(p, PAGE + 1), E2BIG);
	page[sizeof(a) + 8] = 1;
	expect_fork_err("clone3(size + 16 with a nonzero byte past the known fields)",
			clone3(p, sizeof(a) + 16), E2BIG);
	expect_fork_err("clone3(NULL)", clone3(NULL, sizeof(a)), EFAULT);
	expect_fork_err("clone3(unmapped)", clone3(unmapped_page(), sizeof(a)), EFAULT);
	expect_fork_err("clone3(kernel address)", clone3(KERNEL_ADDR, sizeof(a)), EFAULT);
	expect_fork_err("clone3(straddling the top)", clone3(top + PAGE - 32, sizeof(a)), EFAULT);
	a.exit_signal = 65;
	expect_fork_err("clone3(exit_signal 65)", clone3(&a, sizeof(a)), EINVAL);
	a.exit_signal = 0x100 | SIGCHLD;
	expect_fork_err("clone3(exit_signal 0x111)", clone3(&a, sizeof(a)), EINVAL);
	a.exit_signal = SIGCHLD;
	a.flags = SIGCHLD;
	expect_fork_err("clone3(flags holding a signal)", clone3(&a, sizeof(a)), EINVAL);
	a.flags = 0;
	a.stack = (uintptr_t)page;
	expect_fork_err("clone3(stack without stack_size)", clone3(&a, sizeof(a)), EINVAL);
	a.stack = 0;
	a.flags = CLONE_SIGHAND;
	expect_fork_err("clone3(CLONE_SIGHAND without CLONE_VM)", clone3(&a, sizeof(a)), EINVAL);
	a.flags = 0;
	a.set_tid_size = 1;
	expect_fork_err("clone3(set_tid_size 1, set_tid NULL)", clone3(&a, sizeof(a)), EINVAL);
}

int
main(void)
{
	test_setup();
	shared_memory();
	shared_files();
	shared_fs();
	exit_signals();
	clone3_forks();
	clone3_bad_parent_tid();
	clone3_errors();
	return test_result();
}
