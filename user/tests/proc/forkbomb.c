/*
 * forkbomb: a chain of processes, each forking the next and waiting for
 * it, grows until fork fails. It must fail cleanly -- fork returns
 * EAGAIN (the task limit) or ENOMEM, no process of the chain is killed,
 * the kernel survives -- and the system recovers: the whole chain is
 * reaped, fork works again, and free memory (sysinfo's freeram, and
 * Tern's kernel counters: free plus cached pages, slab objects, tasks)
 * and the process count return to exactly where they were.
 *
 * Runs only as init (pid 1 on Tern): run anywhere else -- under
 * qemu-riscv64 on the host, say -- it refuses and exits 2.
 */
#include "checks.h"

#include "tern_abi.h"

struct board {
	volatile int depth; /* how deep the chain got */
	volatile int err;   /* the errno of the fork that failed */
};

static struct board *b;

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

/* Encode a child's wait status as an exit code for its parent. */
static int
pass_on(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* Each level forks the next and waits; the level where fork fails
 * records its depth and errno. */
static int
chain(void *arg)
{
	(void)arg;
	for (int depth = 1;; depth++) {
		pid_t pid = fork();
		int st;

		if (pid < 0) {
			b->depth = depth;
			b->err = errno;
			return 0;
		}
		if (pid > 0) {
			if (waitpid(pid, &st, 0) != pid)
				return 3;
			return pass_on(st);
		}
	}
}

static int
quick_child(void *arg)
{
	(void)arg;
	return 5;
}

static void
bomb(int round)
{
	unsigned long before = free_ram();
	struct tern_kstat k0, k1;
	bool have_kstat = kstat(&k0);
	struct sysinfo si;
	int procs, st;
	char what[96];

	sysinfo(&si);
	procs = si.procs;
	b->depth = 0;
	b->err = 0;
	st = in_child(chain, NULL);
	snprintf(what, sizeof(what), "bomb %d: the chain ended", round);
	printf("%s: %s\n", what, status_str(st));
	all_ok = all_ok && st == 0; /* no process of it was killed */
	/* Orphans: processes of the chain killed with their parent come to
	 * init (the test), which must reap them. */
	while (wait(NULL) > 0)
		;
	if (b->err)
		printf("bomb %d: fork failed with %s at depth %d\n", round, err_name(b->err),
		       b->depth);
	check("  fork failed with EAGAIN or ENOMEM", b->err == EAGAIN || b->err == ENOMEM);
	check("  the chain was more than 100 processes deep", b->depth > 100);
	st = in_child(quick_child, NULL);
	check("  fork works again afterwards", st == W_EXITCODE(5, 0));
	sysinfo(&si);
	check("  the process count is back", si.procs == procs);
	/* The first bomb leaves the kernel's page tables for the stack slots
	 * it used (one page per 64 slots): it is the warm-up for this check. */
	if (!have_kstat || !kstat(&k1))
		check("  tern_kstat answers", false);
	else if (round > 1)
		check_kstat("  free + cached kernel-stack pages, slab objects and tasks are back",
			    &k0, &k1);
	else
		printf("  (kernel counters after the first bomb: %ld free + cached pages short)\n",
		       (long)(k0.free_pages + k0.kstack_cached_pages) -
			       (long)(k1.free_pages + k1.kstack_cached_pages));
	/* The kernel keeps two freed stacks per hart and the page tables of
	 * the stack slots it has used (one page per 64 slots, at most 2 MiB
	 * for the whole region, docs/memory.md): after the first bomb,
	 * freeram may be short by those, never by more; after the second,
	 * it is back exactly. */
	if (free_ram() != before)
		printf("  sysinfo freeram: %ld pages short\n",
		       ((long)before - (long)free_ram()) / 4096);
	if (round > 1)
		check("  sysinfo freeram is back to exactly where it was", free_ram() == before);
	else
		check("  sysinfo freeram is short by no more than the stack slots' page tables",
		      (long)before - (long)free_ram() <=
			      4096L * (b->depth / 64 + 2 + 2 * 4 * (long)sysconf(_SC_NPROCESSORS_ONLN)));
}

int
main(void)
{
	test_setup();
	if (getpid() != 1) {
		printf("not init: refusing to fork-bomb this system\n");
		return 2;
	}
	b = shared_page(PAGE);
	/* Warm up; the first line printed also gives stdout its buffer. */
	printf("a child: %s\n", status_str(in_child(quick_child, NULL)));
	bomb(1);
	bomb(2);
	return test_result();
}
