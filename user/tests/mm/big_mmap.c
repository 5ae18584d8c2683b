/*
 * big_mmap: on a 256 MiB machine, a child maps 200 MiB and touches it
 * page by page: that either works or the child is killed (SIGKILL, as
 * Linux's OOM killer does); then a child maps 400 MiB, more than the
 * machine has: mmap fails with ENOMEM (Linux's overcommit heuristic
 * refuses a mapping larger than RAM) or touching it gets the child
 * killed. Either way the parent and the kernel carry on: free memory
 * comes back to where it was (Tern's count, tern_kstat) and a new child
 * can use 16 MiB.
 *
 * Depends on the machine's memory: run on Tern with -m 256M only.
 */
#include "../proc/checks.h"

#include "tern_abi.h"

static int
touch(void *arg)
{
	size_t len = (size_t)arg;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return errno == ENOMEM ? 12 : 1;
	for (size_t off = 0; off < len; off += PAGE)
		p[off] = (char)off;
	for (size_t off = 0; off < len; off += PAGE)
		if (p[off] != (char)off)
			return 2;
	return 0;
}

/* Free pages, after Tern gives empty slabs back (tern_kstat, docs/abi.md),
 * plus the pages of kernel stacks it keeps for reuse. */
static long
free_pages(void)
{
	struct tern_kstat k;

	if (syscall(TERN_SYS_KSTAT, &k, sizeof(k)) != (long)sizeof(k))
		return -1;
	return (long)(k.free_pages + k.kstack_cached_pages);
}

static void
report_free(long before)
{
	long now = free_pages();

	if (now != before)
		printf("  (%ld pages short)\n", before - now);
	check("  free memory (with empty slabs given back) is back", now == before);
}

int
main(void)
{
	long before;
	int st;

	test_setup();
	/* Warm up; the first line printed also gives stdout its buffer. */
	st = in_child(touch, (void *)MiB);
	printf("a child using 1 MiB: %s\n", status_str(st));
	before = free_pages();
	st = in_child(touch, (void *)(200 * MiB));
	printf("200 MiB touched page by page: %s\n",
	       st == 0 || st == SIGKILL ? "worked or the child was killed by SIGKILL" :
					  status_str(st));
	all_ok = all_ok && (st == 0 || st == SIGKILL);
	report_free(before);

	st = in_child(touch, (void *)(400 * MiB));
	printf("400 MiB: %s\n",
	       st == W_EXITCODE(12, 0) || st == SIGKILL ?
		       "mmap failed with ENOMEM or the child was killed by SIGKILL" :
		       status_str(st));
	all_ok = all_ok && (st == W_EXITCODE(12, 0) || st == SIGKILL);
	report_free(before);
	st = in_child(touch, (void *)(16 * MiB));
	printf("then a child using 16 MiB: %s\n", status_str(st));
	all_ok = all_ok && st == 0;
	return test_result();
}
