/*
 * mprotect_hole: mprotect over a range with a hole in it fails with
 * ENOMEM, but Linux has already changed the mappings before the hole
 * (mprotect(2): "the protection may have been changed for part of the
 * range"; mm/mprotect.c stops at the first gap): the page before the
 * hole is read-only afterwards, the page after it is not.
 *
 * Not comparable with qemu-riscv64: qemu-user 7.2 leaves the host page
 * read-only but records it writable, and the child's write then faults
 * forever.
 */
#include "../proc/checks.h"

static int
write_at(void *p)
{
	*(volatile char *)p = 'w';
	return 0;
}

int
main(void)
{
	char *p = mmap((void *)0x2000000000UL, 3 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	int st;

	test_setup();
	if (p == MAP_FAILED || munmap(p + PAGE, PAGE)) {
		printf("setting up: %s\n", err_name(errno));
		return 1;
	}
	expect_err("mprotect(page, hole, page; PROT_READ)", mprotect(p, 3 * PAGE, PROT_READ),
		   ENOMEM);
	st = in_child(write_at, p);
	printf("writing the page before the hole: %s\n", status_str(st));
	all_ok = all_ok && st == SIGSEGV;
	st = in_child(write_at, p + 2 * PAGE);
	printf("writing the page after the hole: %s\n", status_str(st));
	all_ok = all_ok && st == 0;
	return test_result();
}
