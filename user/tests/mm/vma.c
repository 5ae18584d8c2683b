/*
 * vma: what mmap, munmap, mprotect, madvise and brk do to memory.
 * Unmapping part of a mapping leaves the rest readable and the hole
 * faulting; MAP_FIXED replaces what it covers with zeros and leaves the
 * neighbours alone; a free hint is used, a taken one is not (and the
 * mapping there survives); PROT_NONE and PROT_READ pages fault on the
 * accesses they forbid (SIGSEGV, in a child) and keep their data
 * through PROT_NONE and back; pages without PROT_EXEC cannot be run;
 * MADV_DONTNEED zeroes anonymous pages; a heap shrunk and grown again
 * reads zeros; a hundred mappings never overlap.
 */
#include "../proc/checks.h"

#define RW   (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define AREA ((char *)0x2000000000UL) /* free: fixed mappings go here */

static int
read_at(void *p)
{
	(void)*(volatile char *)p;
	return 0;
}

static int
write_at(void *p)
{
	*(volatile char *)p = 'w';
	return 0;
}

static int
call_at(void *p)
{
	return ((int (*)(void))p)();
}

/* "what: exit 0" or "what: killed by SIGSEGV"; want is a wait status. */
static void
access_in_child(const char *what, int (*fn)(void *), void *p, int want)
{
	int st = in_child(fn, p);

	printf("%s: %s\n", what, status_str(st));
	all_ok = all_ok && (want == 0 ? WIFEXITED(st) : st == want);
}

static char *
map_fixed(char *at, size_t pages, int prot)
{
	char *p = mmap(at, pages * PAGE, prot, ANON | MAP_FIXED, -1, 0);

	if (p != at) {
		printf("mmap(MAP_FIXED) failed: %s\n", err_name(errno));
		exit(1);
	}
	return p;
}

static void
fill(char *p, size_t pages, char first)
{
	for (size_t i = 0; i < pages; i++)
		p[i * PAGE] = (char)(first + i);
}

static bool
holds(char *p, size_t from, size_t to, char first)
{
	for (size_t i = from; i < to; i++)
		if (p[i * PAGE] != (char)(first + i))
			return false;
	return true;
}

static void
partial_unmap(void)
{
	char *p = map_fixed(AREA, 8, RW);

	fill(p, 8, 'A');
	expect_ret("munmap(page 1 of 8)", munmap(p + PAGE, PAGE), 0);
	expect_ret("munmap(pages 5-6 of 8)", munmap(p + 5 * PAGE, 2 * PAGE), 0);
	check("pages 0, 2-4 and 7 still hold their data",
	      holds(p, 0, 1, 'A') && holds(p, 2, 5, 'A') && holds(p, 7, 8, 'A'));
	access_in_child("reading the unmapped page 1", read_at, p + PAGE, SIGSEGV);
	access_in_child("reading the unmapped page 6", read_at, p + 6 * PAGE, SIGSEGV);
	expect_ret("mprotect(page 3, PROT_READ)", mprotect(p + 3 * PAGE, PAGE, PROT_READ), 0);
	access_in_child("writing page 3", write_at, p + 3 * PAGE, SIGSEGV);
	access_in_child("writing page 2", write_at, p + 2 * PAGE, 0);
	access_in_child("writing page 4", write_at, p + 4 * PAGE, 0);
	munmap(p, 8 * PAGE);
}

static void
fixed_over(void)
{
	char *p = map_fixed(AREA, 4, RW), *q;

	fill(p, 4, 'a');
	q = map_fixed(AREA + PAGE, 2, RW);
	check("MAP_FIXED over pages 1-2: they read 0", q[0] == 0 && q[PAGE] == 0);
	check("  pages 0 and 3 keep their data", holds(p, 0, 1, 'a') && holds(p, 3, 4, 'a'));
	q = map_fixed(AREA - PAGE, 6, PROT_READ);
	check("MAP_FIXED over the whole range and more: all zero",
	      p[0] == 0 && p[3 * PAGE] == 0 && p[-(long)PAGE] == 0);
	access_in_child("writing it (PROT_READ now)", write_at, p, SIGSEGV);
	munmap(AREA - PAGE, 6 * PAGE);
}

static void
hints(void)
{
	char *h = AREA + 64 * PAGE;
	char *p = mmap(h, PAGE, RW, ANON, -1, 0);
	char *q;

	check("a free hint is used", p == h);
	p[0] = 'h';
	q = mmap(h, PAGE, RW, ANON, -1, 0);
	check("a taken hint is not", q != MAP_FAILED && q != h);
	check("  and the mapping there keeps its data", p[0] == 'h');
	munmap(p, PAGE);
	munmap(q, PAGE);
}

static void
protections(void)
{
	char *p = map_fixed(AREA, 2, RW);

	strcpy(p, "kept through PROT_NONE");
	expect_ret("mprotect(PROT_NONE)", mprotect(p, 2 * PAGE, PROT_NONE), 0);
	access_in_child("reading a PROT_NONE page", read_at, p, SIGSEGV);
	access_in_child("writing a PROT_NONE page", write_at, p + PAGE, SIGSEGV);
	expect_ret("mprotect(PROT_READ|PROT_WRITE)", mprotect(p, 2 * PAGE, RW), 0);
	check("the data is intact", !strcmp(p, "kept through PROT_NONE"));
	p[PAGE] = 'x';
	check("and the pages are writable again", p[PAGE] == 'x');
	expect_ret("mprotect(PROT_READ)", mprotect(p, 2 * PAGE, PROT_READ), 0);
	access_in_child("reading a PROT_READ page", read_at, p, 0);
	access_in_child("writing a PROT_READ page", write_at, p, SIGSEGV);
	munmap(p, 2 * PAGE);
}

static void
exec_permission(void)
{
	/* riscv64: li a0, 42; ret */
	static const uint32_t code[] = { 0x02a00513, 0x00008067 };
	char *p = map_fixed(AREA, 1, RW);

	memcpy(p, code, sizeof(code));
	__builtin___clear_cache(p, p + sizeof(code));
	access_in_child("calling code in a page without PROT_EXEC", call_at, p, SIGSEGV);
	expect_ret("mprotect(PROT_READ|PROT_EXEC)", mprotect(p, PAGE, PROT_READ | PROT_EXEC), 0);
	__builtin___clear_cache(p, p + sizeof(code));
	expect_ret("calling it now returns", call_at(p), 42);
	munmap(p, PAGE);
}

static void
dontneed(void)
{
	char *p = map_fixed(AREA, 4, RW);

	fill(p, 4, 'd');
	expect_ret("madvise(pages 1-2, MADV_DONTNEED)", madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED),
		   0);
	check("pages 1-2 read 0", p[PAGE] == 0 && p[2 * PAGE] == 0);
	check("pages 0 and 3 keep their data", holds(p, 0, 1, 'd') && holds(p, 3, 4, 'd'));
	p[PAGE] = 'n';
	check("page 1 is usable again", p[PAGE] == 'n');
	munmap(p, 4 * PAGE);
}

static void
heap(void)
{
	char *start = (char *)syscall(SYS_brk, 0);
	char *end = (char *)syscall(SYS_brk, start + 4 * PAGE);

	check("brk grows the heap by 4 pages", end == start + 4 * PAGE);
	memset(start, 'b', 4 * PAGE);
	syscall(SYS_brk, start + PAGE);
	/* qemu-user keeps the pages of a shrunk heap mapped: strict. */
	if (strict)
		access_in_child("reading above the shrunk heap", read_at, start + 2 * PAGE,
				SIGSEGV);
	syscall(SYS_brk, start + 4 * PAGE);
	check("grown again, the pages above the old end read 0",
	      start[PAGE] == 0 && start[3 * PAGE] == 0);
	check("the page below it keeps its data", start[0] == 'b');
	syscall(SYS_brk, start);
}

static void
no_overlaps(void)
{
	char *maps[100];
	size_t len[100];
	bool good = true;

	for (int i = 0; i < 100; i++) {
		len[i] = (size_t)(1 + (i * 7) % 13) * PAGE;
		maps[i] = mmap(NULL, len[i], RW, ANON, -1, 0);
		if (maps[i] == MAP_FAILED)
			good = false;
		else
			memset(maps[i], i, len[i]);
	}
	for (int i = 0; i < 100 && good; i++)
		for (size_t off = 0; off < len[i]; off += PAGE / 2)
			good = good && maps[i][off] == (char)i;
	check("100 mappings of 1-13 pages hold their own bytes (no overlap)", good);
	for (int i = 0; i < 100; i++)
		if (maps[i] != MAP_FAILED)
			munmap(maps[i], len[i]);
}

int
main(int argc, char **argv)
{
	test_setup_args(argc, argv);
	partial_unmap();
	fixed_over();
	hints();
	protections();
	exec_permission();
	dontneed();
	heap();
	no_overlaps();
	return test_result();
}
