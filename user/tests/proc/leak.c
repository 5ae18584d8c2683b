/*
 * leak: a fork/exec/exit workload gives back every page it took. After
 * one warm-up round (which lets the kernel's caches reach their working
 * size), the free page count (sysinfo freeram) and the process count are
 * measured, ten more rounds run, and both must be exactly as before.
 * A round: fork+exit, fork+exec+exit, vfork+exec, fork of a process
 * with 1 MiB written (copy on write, both sides writing), a child that
 * maps, touches, mprotects and partly unmaps memory and grows its heap,
 * a child killed by SIGSEGV, 16 children at once, and an exec that
 * fails.
 *
 * Tern's kernel counters (tern_kstat, docs/abi.md) must be back too:
 * free plus cached kernel-stack pages, allocated slab objects, tasks.
 * sysinfo under qemu-riscv64 reports the host's memory: not comparable.
 */
#include "checks.h"

#include <libgen.h>

#include "tern_abi.h"

static char helper[256];
static unsigned char *mib;

/* Tern's kernel counters (docs/abi.md); false where the call is missing. */
static bool
kstat(struct tern_kstat *k)
{
	memset(k, 0, sizeof(*k));
	return syscall(TERN_SYS_KSTAT, k, sizeof(*k)) == (long)sizeof(*k);
}

/* Compare two kstat snapshots: free + cached kernel-stack pages, slab
 * objects and tasks must all be equal. Prints what differs. */
static void
check_kstat(const char *what, const struct tern_kstat *a, const struct tern_kstat *b)
{
	long pages = (long)(a->free_pages + a->kstack_cached_pages) -
		     (long)(b->free_pages + b->kstack_cached_pages);
	long objects = (long)b->slab_objects - (long)a->slab_objects;
	long tasks = (long)b->tasks - (long)a->tasks;

	if (pages || objects || tasks)
		printf("  (%ld pages short, %ld more slab objects, %ld more tasks)\n", pages,
		       objects, tasks);
	check(what, !pages && !objects && !tasks);
}

static int
just_exit(void *arg)
{
	(void)arg;
	return 0;
}

static int
exec_helper(void *arg)
{
	char *argv[] = { "exec_helper", "exit", "0", NULL };
	char *envp[] = { NULL };

	(void)arg;
	execve(helper, argv, envp);
	return 100;
}

static int
write_mib(void *arg)
{
	(void)arg;
	for (size_t off = 0; off < MiB; off += PAGE)
		mib[off]++;
	return 0;
}

static int
memory_calls(void *arg)
{
	char *p = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *brk0 = sbrk(0);

	(void)arg;
	if (p == MAP_FAILED)
		return 1;
	for (int i = 0; i < 16; i++)
		p[i * PAGE] = 1;
	mprotect(p + 4 * PAGE, 4 * PAGE, PROT_READ);
	munmap(p + 2 * PAGE, 8 * PAGE);
	madvise(p + 12 * PAGE, 2 * PAGE, MADV_DONTNEED);
	if (sbrk(64 * 1024) == (void *)-1)
		return 2;
	brk0[32 * 1024] = 1;
	return 0;
}

static int
segfault(void *arg)
{
	(void)arg;
	return *(volatile int *)NULL;
}

static void
round_of_work(void)
{
	pid_t pids[16];
	pid_t pid;

	in_child(just_exit, NULL);
	in_child(exec_helper, NULL);
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		exec_helper(NULL);
		_exit(100);
	}
	waitpid(pid, NULL, 0);
	in_child(write_mib, NULL);
	for (size_t off = 0; off < MiB; off += PAGE)
		mib[off]++;
	in_child(memory_calls, NULL);
	in_child(segfault, NULL);
	fflush(stdout);
	for (int i = 0; i < 16; i++)
		if ((pids[i] = fork()) == 0)
			_exit(0);
	for (int i = 0; i < 16; i++)
		waitpid(pids[i], NULL, 0);
	execve("/tmp/tern-no-such-program", (char *[]){ "x", NULL }, (char *[]){ NULL });
}

int
main(int argc, char **argv)
{
	unsigned long before, after;
	struct tern_kstat k0, k1;
	struct sysinfo si;
	int procs;
	char self[256];
	bool have_kstat;

	(void)argc;
	test_setup();
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(helper, sizeof(helper), "%s/exec_helper", dirname(self));
	mib = mmap(NULL, MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(mib, 1, MiB);
	round_of_work();
	sysinfo(&si);
	procs = si.procs;
	/* Right after tern_kstat, which gives empty slabs back first. */
	have_kstat = kstat(&k0);
	before = free_ram();
	for (int i = 0; i < 10; i++)
		round_of_work();
	if (!have_kstat || !kstat(&k1)) {
		check("tern_kstat answers", false);
		k1 = k0;
	}
	after = free_ram();
	sysinfo(&si);
	check("ten rounds of fork/exec/exit: the process count is as before", si.procs == procs);
	check_kstat("kernel counters: free + cached pages, slab objects, tasks as before", &k0,
		    &k1);
	/* Freed kernel stacks stay cached for reuse (kernel/mm/kstack.c):
	 * running more processes at once than before grows the cache. */
	if (k1.kstack_cached_pages != k0.kstack_cached_pages)
		printf("  (%ld more pages of cached kernel stacks)\n",
		       (long)k1.kstack_cached_pages - (long)k0.kstack_cached_pages);
	if (after != before)
		printf("  (sysinfo freeram: %ld pages short)\n",
		       ((long)before - (long)after) / 4096);
	check("sysinfo's free memory is exactly as before", after == before);
	return test_result();
}
