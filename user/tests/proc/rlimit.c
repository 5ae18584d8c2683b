/*
 * rlimit: getrlimit, setrlimit and prlimit64, and the two limits Tern
 * enforces. Values set are read back through all three calls; the
 * errors are Linux's (EINVAL for a bad resource or soft > hard, EPERM for
 * an unprivileged raise of the hard limit or RLIMIT_NOFILE over
 * fs.nr_open, ESRCH for a missing process, EFAULT for hostile pointers,
 * with prlimit64 applying the new limit before it fails to store the
 * old one, and for sysinfo's too); prlimit64 reads a child's limits. RLIMIT_NOFILE caps the
 * descriptors open() hands out (EMFILE). The stack grows on demand to
 * RLIMIT_STACK, and a child growing it past the limit dies of SIGSEGV.
 */
#include "checks.h"

#include <fcntl.h>

struct rec {
	long ret;
	int err;
};

static struct rec *r;

#define REC(i, expr) (errno = 0, r[i].ret = (long)(expr), r[i].err = errno)

static void
show(int i, const char *what, long want, int want_err)
{
	errno = r[i].err;
	if (want_err)
		expect_err(what, r[i].ret, want_err);
	else
		expect_ret(what, r[i].ret, want);
}

/* The raw calls: glibc implements getrlimit and setrlimit with
 * prlimit64, and these tests want each system call. */
static long
raw_prlimit(pid_t pid, int res, const void *new, void *old)
{
	return syscall(SYS_prlimit64, pid, res, new, old);
}

static long
raw_getrlimit(int res, void *rlim)
{
	return syscall(SYS_getrlimit, res, rlim);
}

static long
raw_setrlimit(int res, const void *rlim)
{
	return syscall(SYS_setrlimit, res, rlim);
}

/* Limits are only ever lowered here: the reference may run without
 * CAP_SYS_RESOURCE, and Linux lets only that raise a hard limit. */
static void
read_back(void)
{
	struct rlimit l = { 64, 1024 }, g;
	struct rlimit64 p;

	expect_ret("setrlimit(RLIMIT_NOFILE, {64, 1024})", raw_setrlimit(RLIMIT_NOFILE, &l), 0);
	check("getrlimit gives {64, 1024}",
	      raw_getrlimit(RLIMIT_NOFILE, &g) == 0 && g.rlim_cur == 64 && g.rlim_max == 1024);
	check("prlimit64(0, get) gives {64, 1024}", raw_prlimit(0, RLIMIT_NOFILE, NULL, &p) == 0 &&
							    p.rlim_cur == 64 && p.rlim_max == 1024);
	check("prlimit64(getpid(), get) gives {64, 1024}",
	      raw_prlimit(getpid(), RLIMIT_NOFILE, NULL, &p) == 0 && p.rlim_cur == 64 &&
		      p.rlim_max == 1024);
	p = (struct rlimit64){ 100, 512 };
	expect_ret("prlimit64(0, RLIMIT_NOFILE, {100, 512}, &old)",
		   raw_prlimit(0, RLIMIT_NOFILE, &p, &p), 0);
	check("  old was {64, 1024}", p.rlim_cur == 64 && p.rlim_max == 1024);
	check("  getrlimit gives {100, 512}",
	      raw_getrlimit(RLIMIT_NOFILE, &g) == 0 && g.rlim_cur == 100 && g.rlim_max == 512);
	l = (struct rlimit){ 300, 200 };
	expect_err("setrlimit(soft 300 > hard 200)", raw_setrlimit(RLIMIT_NOFILE, &l), EINVAL);
	expect_err("getrlimit(resource 99)", raw_getrlimit(99, &g), EINVAL);
	expect_err("setrlimit(resource 99)", raw_setrlimit(99, &g), EINVAL);
	expect_err("prlimit64(0, resource 99)", raw_prlimit(0, 99, NULL, &p), EINVAL);
	l = (struct rlimit){ 1048577, 1048577 };
	expect_err("setrlimit(RLIMIT_NOFILE, over fs.nr_open)", raw_setrlimit(RLIMIT_NOFILE, &l),
		   EPERM);
	/* Root (CAP_SYS_RESOURCE) may raise a hard limit; the reference may
	 * run in a container without that capability: strict. */
	l = (struct rlimit){ 100, 1024 };
	if (strict)
		expect_ret("root raises the hard limit again: setrlimit {100, 1024}",
			   raw_setrlimit(RLIMIT_NOFILE, &l), 0);
}

static void
bad_pointers(void)
{
	void *unmapped = unmapped_page();
	struct rlimit64 p = { 50, 200 };
	struct rlimit g;

	expect_err("getrlimit(NOFILE, NULL)", raw_getrlimit(RLIMIT_NOFILE, NULL), EFAULT);
	expect_err("getrlimit(NOFILE, unmapped)", raw_getrlimit(RLIMIT_NOFILE, unmapped), EFAULT);
	expect_err("getrlimit(NOFILE, kernel)", raw_getrlimit(RLIMIT_NOFILE, KERNEL_ADDR), EFAULT);
	expect_err("getrlimit(NOFILE, straddling)", raw_getrlimit(RLIMIT_NOFILE, STRADDLE_TOP + 8),
		   EFAULT);
	expect_err("setrlimit(NOFILE, NULL)", raw_setrlimit(RLIMIT_NOFILE, NULL), EFAULT);
	expect_err("setrlimit(NOFILE, kernel)", raw_setrlimit(RLIMIT_NOFILE, KERNEL_ADDR), EFAULT);
	expect_err("prlimit64(0, NOFILE, unmapped new, NULL)",
		   raw_prlimit(0, RLIMIT_NOFILE, unmapped, NULL), EFAULT);
	expect_err("prlimit64(0, NOFILE, {50, 200}, kernel old)",
		   raw_prlimit(0, RLIMIT_NOFILE, &p, KERNEL_ADDR), EFAULT);
	check("  the new limit was applied all the same",
	      raw_getrlimit(RLIMIT_NOFILE, &g) == 0 && g.rlim_cur == 50);
	expect_err("prlimit64(0, NOFILE, NULL, straddling old)",
		   raw_prlimit(0, RLIMIT_NOFILE, NULL, STRADDLE_TOP + 8), EFAULT);
	/* qemu-user takes a NULL sysinfo buffer for "nothing to copy". */
	if (strict)
		expect_err("sysinfo(NULL)", syscall(SYS_sysinfo, NULL), EFAULT);
	expect_err("sysinfo(unmapped)", syscall(SYS_sysinfo, unmapped), EFAULT);
	expect_err("sysinfo(kernel)", syscall(SYS_sysinfo, KERNEL_ADDR), EFAULT);
	expect_err("sysinfo(straddling)", syscall(SYS_sysinfo, STRADDLE_TOP), EFAULT);
}

static int
spin(void *arg)
{
	(void)arg;
	while (!r[15].ret)
		sched_yield();
	return 0;
}

static int
unprivileged(void *arg)
{
	struct rlimit l = { 10, 20 };

	(void)arg;
	REC(0, raw_setrlimit(RLIMIT_NOFILE, &l));
	REC(1, setresuid(1000, 1000, 1000));
	l.rlim_max = 30;
	REC(2, raw_setrlimit(RLIMIT_NOFILE, &l));
	l = (struct rlimit){ 20, 20 };
	REC(3, raw_setrlimit(RLIMIT_NOFILE, &l));
	l = (struct rlimit){ 5, 15 };
	REC(4, raw_setrlimit(RLIMIT_NOFILE, &l));
	return 0;
}

static void
other_processes(void)
{
	struct rlimit64 p;
	pid_t pid;
	int st;

	st = in_child(unprivileged, NULL);
	printf("child: %s\n", status_str(st));
	show(0, "setrlimit(NOFILE, {10, 20})", 0, 0);
	show(1, "setresuid(1000, 1000, 1000)", 0, 0);
	show(2, "unprivileged raise of the hard limit to 30", 0, EPERM);
	show(3, "unprivileged raise of the soft limit to the hard one", 0, 0);
	show(4, "unprivileged lowering of both", 0, 0);

	r[15].ret = 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rlimit l = { 77, 88 };

		setrlimit(RLIMIT_NOFILE, &l);
		r[14].ret = 1;
		_exit(spin(NULL));
	}
	while (!r[14].ret)
		sched_yield();
	check("prlimit64(child, NOFILE, NULL, &old) gives the child's {77, 88}",
	      raw_prlimit(pid, RLIMIT_NOFILE, NULL, &p) == 0 && p.rlim_cur == 77 &&
		      p.rlim_max == 88);
	r[15].ret = 1;
	waitpid(pid, NULL, 0);
	expect_err("prlimit64(a reaped child)", raw_prlimit(pid, RLIMIT_NOFILE, NULL, &p), ESRCH);
}

static int
open_until_emfile(void *arg)
{
	struct rlimit l = { 6, 6 };
	int fd, n = 0;

	(void)arg;
	for (fd = 3; fd < 16; fd++)
		close(fd);
	setrlimit(RLIMIT_NOFILE, &l);
	while ((fd = open("/tmp", O_RDONLY)) >= 0)
		r[n++].ret = fd;
	r[n].ret = -errno;
	return n;
}

static void
nofile_enforced(void)
{
	int st = in_child(open_until_emfile, NULL);

	printf("child with RLIMIT_NOFILE 6 opening /tmp until it fails: %s\n", status_str(st));
	check("  got fds 3, 4, 5", WIFEXITED(st) && WEXITSTATUS(st) == 3 && r[0].ret == 3 &&
					   r[1].ret == 4 && r[2].ret == 5);
	if (WIFEXITED(st) && WEXITSTATUS(st) < 16) {
		errno = (int)-r[WEXITSTATUS(st)].ret;
		expect_err("  then open", -1, EMFILE);
	}
}

/* Use about kib KiB of stack, a page at a time. */
static int __attribute__((noinline)) grow(int kib)
{
	volatile char frame[4000];

	frame[0] = (char)kib;
	frame[sizeof(frame) - 1] = 1;
	if (kib <= 4)
		return frame[0];
	return grow(kib - 4) + frame[sizeof(frame) - 1] - 1;
}

static int
grow_child(void *arg)
{
	long *a = arg;
	struct rlimit l = { (rlim_t)a[0], RLIM_INFINITY };

	if (a[0] && setrlimit(RLIMIT_STACK, &l))
		return 100;
	grow((int)a[1]);
	return 0;
}

static void
stack_growth(void)
{
	long args[][2] = {
		{ 0, 7 * 1024 }, /* default 8 MiB limit */
		{ 0, 9 * 1024 },
		{ MiB, 768 },
		{ MiB, 1536 },
	};
	static const char *what[] = {
		"child growing its stack to 7 MiB (limit 8 MiB)",
		"child growing its stack to 9 MiB (limit 8 MiB)",
		"child growing its stack to 768 KiB (limit 1 MiB)",
		"child growing its stack to 1.5 MiB (limit 1 MiB)",
	};
	static const int want[] = { 0, SIGSEGV, 0, SIGSEGV };

	/* qemu-user gives the guest a fixed 8 MiB stack and ignores its
	 * RLIMIT_STACK: the 1 MiB cases are strict. */
	for (int i = 0; i < (strict ? 4 : 2); i++) {
		int st = in_child(grow_child, args[i]);

		printf("%s: %s\n", what[i], status_str(st));
		all_ok = all_ok && st == want[i];
	}
}

int
main(int argc, char **argv)
{
	test_setup_args(argc, argv);
	r = shared_page(PAGE);
	read_back();
	bad_pointers();
	other_processes();
	nofile_enforced();
	stack_growth();
	return test_result();
}
