/*
 * exec_helper: the program the exec tests run. What it does depends on
 * argv[1]:
 *   fds N...     prints "fd N: open" or "fd N: EBADF" for each N
 *   count ...    prints argc, the bytes of all argv strings and envc
 *   inherit      prints its umask and RLIMIT_NOFILE/RLIMIT_STACK limits
 *   wait FILE    creates FILE.started, spins (yielding) until FILE holds
 *                "go", then exits 7
 *   exit N       exits with status N at once
 *   (otherwise)  prints argc, each argv[i] and the sorted environment
 * Arguments starting with '/' print as their last component (paths
 * differ between systems). Every line starts with "  helper: ".
 */
#include "checks.h"

#include <fcntl.h>
#include <sys/stat.h>

extern char **environ;

static const char *
shown(const char *arg)
{
	const char *slash = strrchr(arg, '/');

	return arg[0] == '/' && slash ? slash + 1 : arg;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
print_args(int argc, char **argv)
{
	size_t n = 0;
	char **env;

	printf("  helper: argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("  helper: argv[%d] = \"%s\"\n", i, shown(argv[i]));
	while (environ[n])
		n++;
	env = calloc(n + 1, sizeof(*env));
	if (!env)
		return 1;
	memcpy(env, environ, n * sizeof(*env));
	/* Sorted: qemu-user reverses the environment, Linux does not. */
	qsort(env, n, sizeof(*env), cmp_str);
	printf("  helper: %zu environment strings\n", n);
	for (size_t i = 0; i < n; i++)
		printf("  helper: env \"%s\"\n", env[i]);
	free(env);
	return 0;
}

static int
print_fds(int argc, char **argv)
{
	struct stat st;

	for (int i = 2; i < argc; i++) {
		int fd = atoi(argv[i]);

		if (fstat(fd, &st) == 0)
			printf("  helper: fd %d: open\n", fd);
		else
			printf("  helper: fd %d: %s\n", fd, err_name(errno));
	}
	return 0;
}

static int
print_count(int argc, char **argv)
{
	size_t bytes = 0, envc = 0;

	for (int i = 0; i < argc; i++)
		bytes += strlen(argv[i]) + 1;
	while (environ[envc])
		envc++;
	printf("  helper: argc %d, %zu bytes of arguments, %zu environment strings\n", argc, bytes,
	       envc);
	return 0;
}

static int
print_inherited(void)
{
	mode_t mask = umask(0);
	struct rlimit nofile, stack;

	getrlimit(RLIMIT_NOFILE, &nofile);
	getrlimit(RLIMIT_STACK, &stack);
	printf("  helper: umask %04o, RLIMIT_NOFILE %lu/%lu, RLIMIT_STACK %lu\n", (unsigned)mask,
	       (unsigned long)nofile.rlim_cur, (unsigned long)nofile.rlim_max,
	       (unsigned long)stack.rlim_cur);
	return 0;
}

static int
wait_for_go(const char *path)
{
	char buf[256];
	int fd;

	snprintf(buf, sizeof(buf), "%s.started", path);
	fd = open(buf, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return 1;
	close(fd);
	for (;;) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;

		if (fd >= 0)
			close(fd);
		if (n >= 2 && !memcmp(buf, "go", 2))
			return 7;
		sched_yield();
	}
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "fds"))
		return print_fds(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "count"))
		return print_count(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "inherit"))
		return print_inherited();
	if (argc == 3 && !strcmp(argv[1], "wait"))
		return wait_for_go(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "exit"))
		return atoi(argv[2]);
	return print_args(argc, argv);
}
