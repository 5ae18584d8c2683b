/*
 * mremap_shared: moving a shared anonymous mapping (MREMAP_MAYMOVE |
 * MREMAP_FIXED) keeps it shared and keeps its memory: a child that maps
 * the same memory sees the writes made through the moved mapping, and
 * still has the memory after the parent unmaps the moved one. On Tern,
 * tern_kstat shows the shared pages staying allocated while the child
 * maps them, and everything given back once both are gone.
 *
 * (A system-call fuzzer found the move dropping the mapping's reference
 * on the shared memory: unmapping it afterwards freed pages that other
 * processes still mapped, and their writes landed in whatever the kernel
 * used those pages for next.)
 */
#include "../proc/checks.h"

#include "tern_abi.h"

static int go[2], done[2];

static bool
kstat(struct tern_kstat *k)
{
	memset(k, 0, sizeof(*k));
	return syscall(TERN_SYS_KSTAT, k, sizeof(*k)) == (long)sizeof(*k);
}

static long
free_pages(const struct tern_kstat *k)
{
	return (long)(k->free_pages + k->kstack_cached_pages);
}

/* The child: after each "go", the parent's writes must be there. */
static int
child(void *arg)
{
	volatile char *p = arg;
	char c;

	for (int round = 0; round < 2; round++) {
		if (read(go[0], &c, 1) != 1)
			return 10;
		if (p[0] != 'A' || p[PAGE] != 'B')
			return 11 + round;
		if (write(done[1], "d", 1) != 1)
			return 13;
	}
	return 0;
}

/* One round: map, share with a child, move, unmap, reap. */
static void
round_trip(bool tern)
{
	struct tern_kstat k1, k2;
	char *p, *t, *q, c;
	pid_t pid;

	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	t = mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || t == MAP_FAILED)
		exit(1);
	p[0] = 'a';
	p[PAGE] = 'b';
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(child(p));

	q = mremap(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, t);
	check("mremap moves the shared mapping where asked", q == t);
	check("the moved mapping holds what was written before", q[0] == 'a' && q[PAGE] == 'b');
	q[0] = 'A';
	q[PAGE] = 'B';
	if (write(go[1], "g", 1) != 1 || read(done[0], &c, 1) != 1)
		exit(1);
	check("the child sees writes made through the moved mapping", true);

	kstat(&k1);
	expect_ret("munmap of the moved mapping", munmap(q, 2 * PAGE), 0);
	kstat(&k2);
	/* munmap frees the moved mapping's VMA, and nothing else: the shared
	 * object and its pages stay, the child maps them. */
	if (tern)
		check("its pages and its shared object stay while the child maps them",
		      free_pages(&k2) <= free_pages(&k1) && k2.slab_objects + 1 >= k1.slab_objects);
	if (write(go[1], "g", 1) != 1 || read(done[0], &c, 1) != 1)
		exit(1);
	expect_status("the child, reading them once more", pid, 0);
}

int
main(void)
{
	struct tern_kstat k0, k3;
	bool tern;

	test_setup();
	if (pipe(go) || pipe(done))
		return 1;
	tern = kstat(&k0);
	round_trip(tern);
	/* The second round must give back all it takes (the first one left
	 * the page tables it needed, as they stay). */
	kstat(&k0);
	round_trip(tern);
	if (tern) {
		kstat(&k3);
		check("the second round gives back every page and object it took",
		      free_pages(&k3) == free_pages(&k0) && k3.slab_objects == k0.slab_objects &&
			      k3.tasks == k0.tasks);
	}
	return test_result();
}
