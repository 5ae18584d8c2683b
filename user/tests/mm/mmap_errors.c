/*
 * mmap_errors: the errors of mmap, munmap, mprotect, madvise and brk,
 * each with Linux's errno: EINVAL (zero length, unaligned address or
 * offset, no mapping type, bad prot or advice), ENOMEM (past the top of
 * Sv39 user space, too long, ranges with nothing mapped), EEXIST
 * (MAP_FIXED_NOREPLACE over a mapping), EBADF/EACCES/ENODEV for file
 * mappings (no descriptor, a write-only file, shared writable mapping
 * of a read-only file, a directory), and brk's refusals (it returns the
 * old break). Successful calls print their result relative to known
 * addresses, never raw pointers. (A fixed mapping at address 0 is left
 * out: Linux allows it to a process with CAP_SYS_RAWIO, as root has.)
 */
#include "../proc/checks.h"

#include <fcntl.h>

#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define TOP	0x4000000000UL		 /* the end of Sv39 user space */
#define FREE_AT ((char *)0x2000000000UL) /* nothing is mapped here */

static void
mmap_args(void)
{
	expect_err("mmap(len 0)", (long)mmap(NULL, 0, RW, ANON, -1, 0), EINVAL);
	expect_err("mmap(offset 100)", (long)mmap(NULL, PAGE, RW, ANON, -1, 100), EINVAL);
	expect_err("mmap(flags without a type)", (long)mmap(NULL, PAGE, RW, MAP_ANONYMOUS, -1, 0),
		   EINVAL);
	expect_err("mmap(MAP_FIXED, address 0x2000000010)",
		   (long)mmap(FREE_AT + 16, PAGE, RW, ANON | MAP_FIXED, -1, 0), EINVAL);
	/* Sv39 Linux's TASK_SIZE is TOP; qemu-user's guest address space is
	 * larger and maps there: strict. */
	if (strict) {
		expect_err("mmap(MAP_FIXED, at the top of user space)",
			   (long)mmap((void *)TOP, PAGE, RW, ANON | MAP_FIXED, -1, 0), ENOMEM);
		expect_err("mmap(MAP_FIXED, two pages across the top)",
			   (long)mmap((void *)(TOP - PAGE), 2 * PAGE, RW, ANON | MAP_FIXED, -1, 0),
			   ENOMEM);
	}
	expect_err("mmap(len 2^62)", (long)mmap(NULL, 1UL << 62, RW, ANON, -1, 0), ENOMEM);
	expect_err("mmap(len -4096)", (long)mmap(NULL, -PAGE, RW, ANON, -1, 0), ENOMEM);
}

static void
noreplace(void)
{
	char *a = mmap(FREE_AT, 4 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	char *b;

	check("MAP_FIXED_NOREPLACE on a free range maps exactly there", a == FREE_AT);
	a[0] = 'a';
	/* qemu-user 7.2 takes MAP_FIXED_NOREPLACE for a hint and maps the
	 * page elsewhere: strict. */
	if (strict) {
		expect_err("MAP_FIXED_NOREPLACE over it",
			   (long)mmap(a, 4 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
		expect_err(
			"MAP_FIXED_NOREPLACE over its last page and beyond",
			(long)mmap(a + 3 * PAGE, 4 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0),
			EEXIST);
		expect_err("MAP_FIXED_NOREPLACE from below into its first page",
			   (long)mmap(a - PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0),
			   EEXIST);
	}
	b = mmap(a + 4 * PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	check("MAP_FIXED_NOREPLACE right after it succeeds", b == a + 4 * PAGE);
	check("the first mapping is untouched", a[0] == 'a');
	munmap(a, 5 * PAGE);
}

static void
file_args(void)
{
	char path[64];
	int rd, wr;

	snprintf(path, sizeof(path), "/tmp/tern-mmap-errors-%d", (int)getpid());
	wr = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (wr < 0 || write(wr, "0123456789", 10) != 10) {
		printf("cannot create %s: %s\n", path, err_name(errno));
		all_ok = false;
		return;
	}
	rd = open(path, O_RDONLY);
	expect_err("mmap(fd -1, no MAP_ANONYMOUS)",
		   (long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	expect_err("mmap(fd 1000)", (long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 1000, 0), EBADF);
	expect_err("mmap(write-only fd, PROT_READ)",
		   (long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wr, 0), EACCES);
	expect_err("mmap(read-only fd, MAP_SHARED, PROT_WRITE)",
		   (long)mmap(NULL, PAGE, RW, MAP_SHARED, rd, 0), EACCES);
	char *p = mmap(NULL, PAGE, RW, MAP_PRIVATE, rd, 0);
	check("mmap(read-only fd, MAP_PRIVATE, PROT_WRITE) works", p != MAP_FAILED);
	munmap(p, PAGE);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rd, 0);
	check("mmap(read-only fd, MAP_SHARED, PROT_READ) works", p != MAP_FAILED);
	expect_err("  then mprotect(PROT_WRITE) on it", mprotect(p, PAGE, RW), EACCES);
	munmap(p, PAGE);
	int dir = open("/tmp", O_RDONLY);

	expect_err("mmap(a directory)", (long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, dir, 0),
		   ENODEV);
	close(dir);
	close(rd);
	close(wr);
	unlink(path);
}

static void
munmap_args(void)
{
	expect_err("munmap(unaligned)", munmap(FREE_AT + 1, PAGE), EINVAL);
	expect_err("munmap(len 0)", munmap(FREE_AT, 0), EINVAL);
	if (strict) { /* qemu-user's address space goes on past TOP */
		expect_err("munmap(at the top of user space)", munmap((void *)TOP, PAGE), EINVAL);
		expect_err("munmap(two pages across the top)",
			   munmap((void *)(TOP - PAGE), 2 * PAGE), EINVAL);
	}
	expect_ret("munmap(a range with nothing mapped)", munmap(FREE_AT, 16 * PAGE), 0);
	expect_ret("munmap(NULL, 4096)", munmap(NULL, PAGE), 0);
}

static void
mprotect_args(void)
{
	/* FREE_AT: page, hole, page. */
	char *p = mmap(FREE_AT, 3 * PAGE, RW, ANON | MAP_FIXED, -1, 0);

	munmap(p + PAGE, PAGE);
	expect_err("mprotect(unaligned)", mprotect(p + 1, PAGE, PROT_READ), EINVAL);
	expect_err("mprotect(prot 0x100)", mprotect(p, PAGE, 0x100), EINVAL);
	expect_err("mprotect(PROT_GROWSDOWN on a plain mapping)",
		   mprotect(p, PAGE, PROT_READ | PROT_GROWSDOWN), EINVAL);
	/* Linux returns 0 for len 0 (do_mprotect_pkey); qemu-user ENOMEM. */
	if (strict)
		expect_ret("mprotect(len 0)", mprotect(p, 0, PROT_READ), 0);
	expect_err("mprotect(nothing mapped)", mprotect(p + PAGE, PAGE, PROT_READ), ENOMEM);
	expect_err("mprotect(mapped, then a hole)", mprotect(p, 2 * PAGE, PROT_READ), ENOMEM);
	expect_err("mprotect(a hole, then mapped)", mprotect(p + PAGE, 2 * PAGE, PROT_READ),
		   ENOMEM);
	expect_err("mprotect(across the top)", mprotect((void *)(TOP - PAGE), 2 * PAGE, PROT_READ),
		   ENOMEM);
	munmap(p, 3 * PAGE);
}

static void
madvise_args(void)
{
	char *p = mmap(NULL, PAGE, RW, ANON, -1, 0);

	expect_err("madvise(unaligned)", madvise(p + 1, PAGE, MADV_DONTNEED), EINVAL);
	/* qemu-user ignores advice it does not know and returns 0. */
	if (strict)
		expect_err("madvise(advice 12345)", madvise(p, PAGE, 12345), EINVAL);
	expect_ret("madvise(len 0)", madvise(p, 0, MADV_DONTNEED), 0);
	expect_ret("madvise(MADV_NORMAL)", madvise(p, PAGE, MADV_NORMAL), 0);
	expect_ret("madvise(MADV_WILLNEED)", madvise(p, PAGE, MADV_WILLNEED), 0);
	munmap(p, PAGE);
}

static void
brk_args(void)
{
	unsigned long cur = syscall(SYS_brk, 0);
	unsigned long got;

	got = syscall(SYS_brk, cur + MiB);
	check("brk(current + 1 MiB) moves the break there", got == cur + MiB);
	got = syscall(SYS_brk, 0);
	check("brk(0) returns the break", got == cur + MiB);
	((volatile char *)cur)[MiB - 1] = 1;
	check("the new heap is usable", ((volatile char *)cur)[MiB - 1] == 1);
	got = syscall(SYS_brk, 4096);
	check("brk(below the heap's start) changes nothing", got == cur + MiB);
	got = syscall(SYS_brk, TOP + MiB);
	check("brk(past the top of user space) changes nothing", got == cur + MiB);
	got = syscall(SYS_brk, cur);
	check("brk(back to the start) shrinks it", got == cur);
	char *m = mmap((void *)(cur + 2 * MiB), PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);

	got = syscall(SYS_brk, cur + 4 * MiB);
	check("brk over a mapping changes nothing", m != MAP_FAILED && got == cur);
	munmap(m, PAGE);
}

int
main(int argc, char **argv)
{
	test_setup_args(argc, argv);
	mmap_args();
	noreplace();
	file_args();
	munmap_args();
	mprotect_args();
	madvise_args();
	brk_args();
	return test_result();
}
