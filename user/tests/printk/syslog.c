/*
 * syslog(2) (klogctl) on the kernel log buffer: sizes, reading all of it
 * and consuming it, clearing, console levels, and every error Linux
 * gives (bad action, NULL buffer, negative length, bad pointer, no
 * privilege). Prints what it sees; exits 0 only if every check held.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
static char buf[1 << 16];

#define CHECK(cond, ...)                          \
	do {                                      \
		if (!(cond)) {                    \
			printf("FAIL: " __VA_ARGS__); \
			printf("\n");             \
			failures++;               \
		}                                 \
	} while (0)

/* klogctl's result, or -errno. */
static int
klog(int type, char *b, int len)
{
	int r = klogctl(type, b, len);

	return r < 0 ? -errno : r;
}

static void
check_errors(void)
{
	CHECK(klog(3, NULL, 100) == -EINVAL, "READ_ALL with NULL: %d", klog(3, NULL, 100));
	CHECK(klog(3, buf, -1) == -EINVAL, "READ_ALL with len -1");
	CHECK(klog(3, buf, 0) == 0, "READ_ALL with len 0");
	CHECK(klog(3, (char *)1, 4096) == -EFAULT, "READ_ALL to address 1");
	CHECK(klog(11, buf, 10) == -EINVAL, "action 11");
	CHECK(klog(-1, buf, 10) == -EINVAL, "action -1");
	CHECK(klog(8, NULL, 0) == -EINVAL, "CONSOLE_LEVEL 0");
	CHECK(klog(8, NULL, 9) == -EINVAL, "CONSOLE_LEVEL 9");
	CHECK(klog(6, NULL, 0) == 0 && klog(7, NULL, 0) == 0, "CONSOLE_OFF/ON");
	CHECK(klog(8, NULL, 4) == 0, "CONSOLE_LEVEL 4 (what quiet sets)");
	CHECK(klog(0, NULL, 0) == 0 && klog(1, NULL, 0) == 0, "CLOSE/OPEN");
	printf("errors checked\n");
}

static void
check_read_all(void)
{
	int n = klog(10, NULL, 0), small;

	printf("buffer size %d\n", n);
	CHECK(n >= 4096, "SIZE_BUFFER %d", n);
	n = klog(3, buf, sizeof(buf) - 1);
	CHECK(n > 0, "READ_ALL gave %d", n);
	if (n <= 0)
		return;
	buf[n] = 0;
	CHECK(strncmp(buf, "<", 1) == 0 && buf[n - 1] == '\n', "READ_ALL is whole lines");
	CHECK(strstr(buf, "<6>[") != NULL, "an info line with its level and time stamp");
	CHECK(strstr(buf, "Tern RISC-V kernel, booting on hart") != NULL,
	      "the first boot line is kept (quiet or not)");
	small = klog(3, buf, 100);
	CHECK(small >= 0 && small <= 100, "READ_ALL of 100 bytes gave %d", small);
	if (small > 0)
		CHECK(buf[0] == '<' && buf[small - 1] == '\n', "a short READ_ALL is whole lines");
	printf("read all: %d bytes\n", n);
}

static void
check_read_and_clear(void)
{
	int unread = klog(9, NULL, 0), got = 0, n;

	CHECK(unread > 0, "SIZE_UNREAD %d", unread);
	while (klog(9, NULL, 0) > 0 && (n = klog(2, buf, 512)) > 0)
		got += n;
	CHECK(got >= unread, "READ consumed %d of %d", got, unread);
	CHECK(klog(9, NULL, 0) == 0, "nothing unread after READ");
	CHECK(klog(5, NULL, 0) == 0, "CLEAR");
	CHECK(klog(3, buf, sizeof(buf)) == 0, "READ_ALL after CLEAR is empty");
	/* An unknown system call logs a line: it shows up after the clear. */
	syscall(1000);
	n = klog(4, buf, sizeof(buf) - 1);
	CHECK(n > 0, "READ_CLEAR after a new line gave %d", n);
	if (n > 0) {
		buf[n] = 0;
		CHECK(strstr(buf, "1000") != NULL, "the new line is there: %s", buf);
	}
	CHECK(klog(3, buf, sizeof(buf)) == 0, "READ_ALL after READ_CLEAR is empty");
	printf("read and clear checked\n");
}

/* As Linux with dmesg_restrict: a user without CAP_SYSLOG gets EPERM. */
static void
check_unprivileged(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int bad = 0;

		if (setuid(1000) != 0)
			_exit(2);
		bad |= klog(3, buf, 100) != -EPERM;
		bad |= klog(10, NULL, 0) != -EPERM;
		bad |= klog(0, NULL, 0) != -EPERM;
		bad |= klog(42, NULL, 0) != -EPERM;
		_exit(bad);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "unprivileged syslog is EPERM (status %#x)", status);
	printf("unprivileged checked\n");
}

int
main(void)
{
	check_read_all();
	check_errors();
	check_read_and_clear();
	check_unprivileged();
	printf(failures ? "syslog: %d failures\n" : "syslog: PASS\n", failures);
	return failures != 0;
}
