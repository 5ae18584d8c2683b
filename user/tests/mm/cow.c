/*
 * cow: fork copies memory lazily. 8 MiB touched before fork stay shared
 * between parent and child: free memory barely moves at fork or when the
 * child reads them, and drops by 8 MiB when the child writes them. Each
 * side sees only its own writes; the pages come back when the child
 * exits, and a parent writing its pages once the child is gone copies
 * nothing (they are its alone again).
 *
 * The free-memory lines are measured with sysinfo (freeram); under
 * qemu-riscv64 that is the host's free memory, which every other host
 * process moves: they are strict (Tern only).
 */
#include "../proc/checks.h"

#define SIZE (8 * MiB)
#define KiB  1024L

struct board {
	long at_fork, after_read, after_write; /* child's free-RAM drops, KiB */
	int read_ok, isolated_ok;
	volatile int parent_wrote;
};

static struct board *b;
static unsigned char *mem;

static void
fill(unsigned char v)
{
	for (size_t off = 0; off < SIZE; off += PAGE)
		mem[off] = (unsigned char)(v + off / PAGE);
}

static bool
holds(unsigned char v, size_t skip_first)
{
	for (size_t off = skip_first * PAGE; off < SIZE; off += PAGE)
		if (mem[off] != (unsigned char)(v + off / PAGE))
			return false;
	return true;
}

static int
child(void *arg)
{
	long base = (long)(intptr_t)arg;
	long now = free_ram();

	b->at_fork = (base - now) / KiB;
	b->read_ok = holds(1, 0);
	b->after_read = (base - (long)free_ram()) / KiB;
	while (!b->parent_wrote)
		sched_yield();
	/* The parent has written its first page since: not visible here. */
	b->isolated_ok = mem[0] == 1;
	now = free_ram();
	fill(2);
	b->after_write = (now - (long)free_ram()) / KiB;
	return holds(2, 0) ? 0 : 1;
}

int
main(int argc, char **argv)
{
	long base, before_rewrite;
	pid_t pid;
	int st;

	test_setup_args(argc, argv);
	b = shared_page(PAGE);
	mem = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		printf("mmap 8 MiB: %s\n", err_name(errno));
		return 1;
	}
	fill(1);
	base = (long)free_ram();
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(child((void *)(intptr_t)base));
	mem[0] = 0xee;
	b->parent_wrote = 1;
	st = -1;
	waitpid(pid, &st, 0);
	printf("child: %s\n", status_str(st));
	all_ok = all_ok && st == 0;
	check("the child read the parent's data", b->read_ok);
	check("the child did not see the parent's write after fork", b->isolated_ok);
	check("the parent does not see the child's writes", mem[0] == 0xee && holds(1, 1));
	if (strict) {
		check("free memory at fork drops by less than 1 MiB", b->at_fork < 1024);
		check("reading the 8 MiB in the child takes less than 256 KiB more",
		      b->after_read - b->at_fork < 256);
		/* The parent's write copied page 0 for the parent: the child
		 * owns the original alone and writes it in place. */
		check("writing them takes 8 MiB less that page (within 256 KiB)",
		      b->after_write >= 8188 && b->after_write < 8188 + 256);
		check("after the child is reaped, free memory is back within 256 KiB",
		      labs(base - (long)free_ram()) < 256 * KiB);
	}
	before_rewrite = (long)free_ram();
	fill(3);
	if (strict)
		check("the parent rewriting its 8 MiB afterwards copies nothing (< 256 KiB)",
		      before_rewrite - (long)free_ram() < 256 * KiB);
	check("the parent's data is its own", holds(3, 0));
	return test_result();
}
