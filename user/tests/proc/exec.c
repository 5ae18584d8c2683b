/*
 * exec: successful execve. argv and envp arrive intact (empty strings,
 * spaces, thousands of arguments, one of the largest allowed size); the
 * argument limit follows RLIMIT_STACK as Linux's does (a quarter of it,
 * never below 128 KiB); O_CLOEXEC descriptors are closed and the others
 * kept; umask and rlimits survive; #! scripts run their interpreter with
 * and without an argument, nested five deep as Linux allows; setpgid on
 * a child that has exec'd fails with EACCES. The helper program
 * (exec_helper) prints what it received; children report errors
 * through their exit status (the errno of a failed execve).
 *
 * Linux is the reference, but qemu-riscv64 can run this only where
 * riscv64 is registered with binfmt_misc (the helper is a riscv64
 * program).
 */
#include "checks.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>

static char helper[256]; /* the helper's absolute path */
static char *env_none[] = { NULL };

/* The helper sits next to this program. */
static void
find_helper(const char *argv0)
{
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0)
		self[n] = '\0';
	else
		snprintf(self, sizeof(self), "%s", argv0);
	snprintf(helper, sizeof(helper), "%s/exec_helper", dirname(self));
}

/* Fork; the child runs setup() if given, then execve; a failed execve
 * exits with its errno. Returns the child's wait status. */
static int
run(void (*setup)(void), const char *path, char **argv, char **envp)
{
	int st = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setup)
			setup();
		execve(path, argv, envp);
		_exit(errno);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void
expect_run(const char *what, int st, int want_exit)
{
	printf("%s: %s\n", what, status_str(st));
	all_ok = all_ok && st == W_EXITCODE(want_exit, 0);
}

static void
round_trip(void)
{
	char x100[101];
	char *argv[] = { "exec_helper", "one", "", "two words", x100, NULL };
	char *envp[] = { "A=1", "EMPTY=", "B=two words", "NOEQUALS", NULL };

	memset(x100, 'x', 100);
	x100[100] = '\0';
	expect_run("argv and envp round trip", run(NULL, helper, argv, envp), 0);
	argv[1] = NULL;
	expect_run("no arguments, empty environment", run(NULL, helper, argv, env_none), 0);
}

/* argv = { "exec_helper", "count", n strings of len bytes, NULL }. */
static char **
make_args(int n, size_t len)
{
	char **argv = calloc(n + 3, sizeof(*argv));
	char *s = malloc(len + 1);

	memset(s, 'y', len);
	s[len] = '\0';
	argv[0] = "exec_helper";
	argv[1] = "count";
	for (int i = 0; i < n; i++)
		argv[2 + i] = s;
	return argv;
}

static void
free_args(char **argv)
{
	free(argv[2]);
	free(argv);
}

static struct rlimit stack_rlimit;

static void
set_stack_rlimit(void)
{
	setrlimit(RLIMIT_STACK, &stack_rlimit);
}

/* With n strings of len bytes under the given stack rlimit. */
static void
sized_exec(const char *what, rlim_t stack, int n, size_t len, int want)
{
	char **argv = make_args(n, len);

	stack_rlimit = (struct rlimit){ stack, RLIM_INFINITY };
	expect_run(what, run(set_stack_rlimit, helper, argv, env_none), want);
	free_args(argv);
}

static void
big_arguments(void)
{
	sized_exec("5000 arguments of 10 bytes", 8 * MiB, 5000, 10, 0);
	sized_exec("one argument of 131071 bytes (the most)", 8 * MiB, 1, 131071, 0);
	sized_exec("1.5 MiB of arguments, 8 MiB stack limit", 8 * MiB, 13, 120 * 1024, 0);
	sized_exec("2.5 MiB of arguments, 8 MiB stack limit (over a quarter)", 8 * MiB, 22,
		   120 * 1024, E2BIG);
	sized_exec("100 KiB of arguments, 256 KiB stack limit (the floor is 128 KiB)", 256 * 1024,
		   10, 10 * 1024, 0);
	sized_exec("200 KiB of arguments, 256 KiB stack limit", 256 * 1024, 20, 10 * 1024, E2BIG);
}

static void
cloexec(void)
{
	char *argv[] = { "exec_helper", "fds", "0", "1", "2", "3", "4", NULL };
	int a = open("/tmp", O_RDONLY | O_CLOEXEC);
	int b = open("/tmp", O_RDONLY);

	check("opened /tmp as fds 3 (O_CLOEXEC) and 4", a == 3 && b == 4);
	expect_run("fds after exec", run(NULL, helper, argv, env_none), 0);
	close(a);
	close(b);
}

static void
inherit_setup(void)
{
	struct rlimit nofile = { 100, 200 };

	umask(027);
	setrlimit(RLIMIT_NOFILE, &nofile);
	stack_rlimit = (struct rlimit){ 4 * MiB, RLIM_INFINITY };
	set_stack_rlimit();
}

static void
inherit(void)
{
	char *argv[] = { "exec_helper", "inherit", NULL };

	expect_run("umask and rlimits survive exec", run(inherit_setup, helper, argv, env_none), 0);
}

/* /tmp/tern-exec-NAME holding "#!LINE\n" and mode 0755. */
static const char *
script(const char *name, const char *line)
{
	static char paths[8][64];
	static int n;
	char *path = paths[n++ % 8];
	char text[320];
	int fd;

	snprintf(path, sizeof(paths[0]), "/tmp/tern-exec-%s", name);
	snprintf(text, sizeof(text), "#!%s\nthe rest is not read\n", line);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd)) {
		printf("cannot write %s: %s\n", path, err_name(errno));
		exit(1);
	}
	return path;
}

static void
scripts(void)
{
	char *argv[] = { "name-in-argv0", "a1", "a2", NULL };
	char line[300];
	const char *prev = helper;

	expect_run("#! script without an argument",
		   run(NULL, script("noarg", helper), argv, env_none), 0);
	snprintf(line, sizeof(line), "%s -x", helper);
	expect_run("#! script with an argument", run(NULL, script("arg", line), argv, env_none), 0);
	snprintf(line, sizeof(line), " \t%s  one two \t ", helper);
	expect_run("#! script with blanks around one argument holding a space",
		   run(NULL, script("blanks", line), argv, env_none), 0);
	for (int i = 1; i <= 5; i++) {
		char name[16], what[64];

		snprintf(name, sizeof(name), "nest%d", i);
		prev = script(name, prev);
		snprintf(what, sizeof(what), "%d nested scripts", i);
		if (i >= 4)
			expect_run(what, run(NULL, prev, argv, env_none), 0);
	}
}

static void
setpgid_after_exec(void)
{
	static const char *flag = "/tmp/tern-exec-go";
	char *argv[] = { "exec_helper", "wait", (char *)flag, NULL };
	volatile int *may_exec = shared_page(PAGE);
	char started[64];
	pid_t pid;
	int fd, st;

	snprintf(started, sizeof(started), "%s.started", flag);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		while (!*may_exec)
			sched_yield();
		execve(helper, argv, env_none);
		_exit(errno);
	}
	expect_ret("setpgid(child, child) before it has exec'd", setpgid(pid, pid), 0);
	*may_exec = 1;
	while ((fd = open(started, O_RDONLY)) < 0)
		sched_yield();
	close(fd);
	expect_err("setpgid(child, child) after it has exec'd", setpgid(pid, pid), EACCES);
	expect_ret("getpgid(child) is still its own", getpgid(pid) == pid, 1);
	fd = open(flag, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "go", 2) != 2 || close(fd))
		printf("cannot write %s: %s\n", flag, err_name(errno));
	if (waitpid(pid, &st, 0) == pid)
		expect_run("the helper", st, 7);
	unlink(flag);
	unlink(started);
}

int
main(int argc, char **argv)
{
	(void)argc;
	test_setup();
	find_helper(argv[0]);
	round_trip();
	big_arguments();
	cloexec();
	inherit();
	scripts();
	setpgid_after_exec();
	return test_result();
}
