/*
 * prot_implied: what a mapping with PROT_WRITE alone, or PROT_EXEC
 * alone, lets the program and the kernel do. As Linux on RISC-V
 * (arch/riscv/mm/fault.c, access_error(): "write implies read"), a
 * PROT_WRITE page can be read and written, by the program and by system
 * calls that copy from or to it; a PROT_EXEC page cannot be read: a
 * system call copying from it fails with EFAULT.
 *
 * Each probe runs in a child with a deadline, and reports through its
 * exit status: a kernel that keeps faulting on the page never returns.
 * (A system-call fuzzer found this: Tern gave a read-only page made
 * PROT_WRITE, and any PROT_EXEC page, an entry that the fault handler
 * took for a stale TLB entry, again and again.)
 */
#include "../proc/checks.h"

#include <fcntl.h>

static char *page;
static int pipefd[2];

/* The kernel reads the page: write(2) from it into a pipe. */
static int
kernel_reads(void *arg)
{
	char c;

	if (write(pipefd[1], page, 1) != 1)
		return errno == EFAULT ? 100 : 101;
	if (read(pipefd[0], &c, 1) != 1)
		return 102;
	return c == *(const char *)arg ? 0 : 103;
}

/* The kernel writes the page: read(2) into it from a pipe. */
static int
kernel_writes(void *arg)
{
	(void)arg;
	if (write(pipefd[1], "k", 1) != 1 || read(pipefd[0], page, 1) != 1)
		return errno == EFAULT ? 100 : 101;
	return 0;
}

/* The program reads, then writes the page. */
static int
user_reads_and_writes(void *arg)
{
	if (*(volatile char *)page != *(const char *)arg)
		return 103;
	*(volatile char *)page = 'u';
	return *(volatile char *)page == 'u' ? 0 : 104;
}

static const char *
probe_str(int st)
{
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return "ok";
	if (WIFEXITED(st) && WEXITSTATUS(st) == 100)
		return "EFAULT";
	return status_str(st);
}

static void
probe(const char *what, int (*fn)(void *), char expect, const char *want)
{
	int st = in_child_deadline(fn, &expect, 5);

	printf("%s: %s\n", what, probe_str(st));
	all_ok = all_ok && !strcmp(probe_str(st), want);
}

/* A private anonymous page holding c, then given prot. */
static void
fresh_page(char c, int prot)
{
	page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		printf("mmap: %s\n", err_name(errno));
		exit(1);
	}
	page[0] = c;
	expect_ret("mprotect", mprotect(page, PAGE, prot), 0);
}

int
main(void)
{
	int fd;

	test_setup();
	if (pipe(pipefd)) {
		printf("pipe: %s\n", err_name(errno));
		return 1;
	}

	fresh_page('w', PROT_WRITE);
	probe("PROT_WRITE page, read by write(2)", kernel_reads, 'w', "ok");
	probe("PROT_WRITE page, written by read(2)", kernel_writes, 0, "ok");
	probe("PROT_WRITE page, read and written by the program", user_reads_and_writes, 'w', "ok");

	page = mmap(NULL, PAGE, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe("untouched PROT_WRITE mapping, read by write(2)", kernel_reads, 0, "ok");

	page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	(void)*(volatile char *)page;
	expect_ret("mprotect", mprotect(page, PAGE, PROT_WRITE), 0);
	probe("read-only page made PROT_WRITE, read by write(2)", kernel_reads, 0, "ok");
	probe("read-only page made PROT_WRITE, written by read(2)", kernel_writes, 0, "ok");

	fd = open("/tmp/prot_implied", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "file", 4) != 4) {
		printf("cannot make /tmp/prot_implied: %s\n", err_name(errno));
		return 1;
	}
	page = mmap(NULL, PAGE, PROT_WRITE, MAP_PRIVATE, fd, 0);
	probe("private file mapping with PROT_WRITE, read by write(2)", kernel_reads, 'f', "ok");
	close(fd);
	unlink("/tmp/prot_implied");

	fresh_page('x', PROT_EXEC);
	probe("PROT_EXEC page, read by write(2)", kernel_reads, 'x', "EFAULT");
	return test_result();
}
