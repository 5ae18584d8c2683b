/*
 * stress: every workload at once on every hart for a bounded time, every
 * result checked, then proof that nothing leaked.
 *
 *   stress [SECONDS] [--warmup SECONDS] [--only WORKER,...] [--child PATH]
 *
 * SECONDS (default 20, at most 60) is the length of the main round; a
 * warm-up round (default 2 s) runs first, so that the kernel's caches reach
 * their working size. In each round the supervisor forks one process per
 * workload -- locks (locks.c), spawn (spawn.c), signals (signals.c), mm
 * (mm.c) -- and they run side by side until the deadline, with signals
 * flying between all of them. Every wait in a worker is bounded (a
 * timeout is a failure that says what it waited for); the supervisor's
 * watchdog prints what every thread is doing and kills the workers if
 * they have not all finished GRACE_NS after the deadline.
 *
 * After the main round, with every child reaped, tern_kstat must give
 * back the baseline taken after the warm-up: free + cached-kernel-stack
 * pages, allocated slab objects and live tasks; a counter that moved is
 * printed. (Elsewhere than on Tern -- under qemu-riscv64 -- that check is
 * skipped.) The summary gives the operations per second of each workload;
 * the last line is "stress: PASS" and the exit status 0 only if every
 * check held.
 */
#include "stress.h"

#include <libgen.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tern_abi.h"

#define MAX_SECONDS 60
#define POLL_NS	    (20 * MSEC)

static const enum worker tally_worker[NTALLIES] = {
	[T_MUTEX] = W_LOCKS,	 [T_QUEUE] = W_LOCKS,	  [T_PINGPONG] = W_LOCKS,
	[T_XPING] = W_LOCKS,	 [T_FUTEX] = W_LOCKS,	  [T_SPAWN] = W_SPAWN,
	[T_FORK] = W_SPAWN,	 [T_SIGSENT] = W_SIGNALS, [T_SIGRECV] = W_SIGNALS,
	[T_SIGPING] = W_SIGNALS, [T_MMAP] = W_MM,	  [T_REGION] = W_MM,
	[T_PROBE] = W_MM,	 [T_COW] = W_MM,
};

static struct {
	unsigned seconds, warmup;
	bool enabled[NWORKERS];
} opt = { 20, 2, { true, true, true, true } };

static char out_buf[4096];
static bool worker_ok[NWORKERS]; /* in the last round */

/* ---- options ------------------------------------------------------------ */

static unsigned
seconds_arg(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*end || v < 1 || v > MAX_SECONDS) {
		printf("stress: %s: seconds must be 1..%d\n", s, MAX_SECONDS);
		exit(2);
	}
	return (unsigned)v;
}

static void
only_arg(char *list)
{
	memset(opt.enabled, 0, sizeof(opt.enabled));
	for (char *w = strtok(list, ","); w; w = strtok(NULL, ",")) {
		int i;

		for (i = 0; i < NWORKERS && strcmp(w, worker_names[i]); i++)
			;
		if (i == NWORKERS) {
			printf("stress: no workload called %s\n", w);
			exit(2);
		}
		opt.enabled[i] = true;
	}
}

static void
parse_args(int argc, char **argv)
{
	snprintf(sh->child_path, sizeof(sh->child_path), "%s/child", dirname(strdup(argv[0])));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--warmup") && i + 1 < argc)
			opt.warmup = seconds_arg(argv[++i]);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only_arg(argv[++i]);
		else if (!strcmp(argv[i], "--child") && i + 1 < argc)
			snprintf(sh->child_path, sizeof(sh->child_path), "%s", argv[++i]);
		else
			opt.seconds = seconds_arg(argv[i]);
	}
}

/* ---- one round ---------------------------------------------------------- */

static int
worker_run(enum worker w)
{
	self_worker = w;
	setpgid(0, 0);
	counting_handlers_install();
	/* Only now may the signals worker aim at us. */
	__atomic_store_n(&sh->procs[w].pid, getpid(), __ATOMIC_RELEASE);
	switch (w) {
	case W_LOCKS:
		return locks_main();
	case W_SPAWN:
		return spawn_main();
	case W_SIGNALS:
		return signals_main();
	default:
		return mm_main();
	}
}

static void
round_reset(unsigned seconds)
{
	char path[sizeof(sh->child_path)];

	memcpy(path, sh->child_path, sizeof(path));
	memset(sh, 0, sizeof(*sh));
	memcpy(sh->child_path, path, sizeof(path));
	sh->start_ns = now_ns();
	sh->deadline_ns = sh->start_ns + seconds * NSEC;
	if (!opt.enabled[W_SIGNALS])
		sh->sig_done = 1;
}

static void
set_stop(void)
{
	if (__atomic_load_n(&sh->stop, __ATOMIC_RELAXED))
		return;
	sh->stop_ns = now_ns();
	__atomic_store_n(&sh->stop, 1, __ATOMIC_RELEASE);
}

/* What every worker thread is doing, for a round that never ended. */
static void
watchdog_dump(void)
{
	int n = __atomic_load_n(&sh->nslots, __ATOMIC_RELAXED);

	printf("stress: FAIL watchdog: the workers have not finished %llu s after the deadline; "
	       "their main threads, then the others:\n",
	       GRACE_NS / NSEC);
	for (int w = 0; w < NWORKERS; w++)
		if (sh->procs[w].pid > 0)
			printf("stress:   %-22s pid %-5d %s\n", worker_names[w], sh->procs[w].pid,
			       sh->procs[w].what ? sh->procs[w].what : "starting");
	for (int i = 0; i < n && i < MAX_SLOTS; i++) {
		struct slot *s = &sh->slots[i];

		printf("stress:   %-22s tid %-5d %s, %llu ops\n", s->name, s->tid,
		       s->what ? s->what : "starting", (unsigned long long)s->ops);
	}
	fflush(stdout);
}

/* Kills worker pids[w] and its process group and reaps it, waiting 5 s. */
static void
kill_worker(pid_t pid, int *status)
{
	uint64_t end = now_ns() + 5 * NSEC;

	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, status, WNOHANG) == 0) {
		if (now_ns() > end) {
			printf("stress: FAIL pid %d survives SIGKILL\n", pid);
			return;
		}
		sleep_ns(POLL_NS);
	}
}

/* Reaps workers as they end; stops the round at the deadline (or when a
 * worker ends early); the watchdog fires GRACE_NS after the deadline.
 * Returns false if it fired. */
static bool
supervise(const pid_t *pids, int *status, bool *done)
{
	int alive = 0;

	for (int w = 0; w < NWORKERS; w++)
		alive += pids[w] > 0;
	while (alive) {
		uint64_t now;

		sleep_ns(POLL_NS);
		now = now_ns();
		if (now >= sh->deadline_ns)
			set_stop();
		for (int w = 0; w < NWORKERS; w++) {
			if (pids[w] <= 0 || done[w] ||
			    waitpid(pids[w], &status[w], WNOHANG) != pids[w])
				continue;
			done[w] = true;
			alive--;
			set_stop();
			if (w == W_SIGNALS) /* nobody sends any more */
				__atomic_store_n(&sh->sig_done, 1, __ATOMIC_RELEASE);
		}
		if (alive && now > sh->deadline_ns + GRACE_NS) {
			watchdog_dump();
			for (int w = 0; w < NWORKERS; w++)
				if (pids[w] > 0 && !done[w])
					kill_worker(pids[w], &status[w]);
			return false;
		}
	}
	return true;
}

/* Reaps every child left (init gets the orphans of a worker that died):
 * returns how many there were. Kills those still running after 5 s. */
static int
reap_leftovers(void)
{
	uint64_t end = now_ns() + 5 * NSEC;
	int n = 0, st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) >= 0) {
		if (pid > 0) {
			n++;
			continue;
		}
		if (now_ns() > end) {
			printf("stress: FAIL children that never end\n");
			if (getpid() != 1)
				break;
			kill(-1, SIGKILL); /* as init: every process but us */
			end = UINT64_MAX;
		}
		sleep_ns(POLL_NS);
	}
	return n;
}

/* Once the workers are reaped, nothing of theirs may be left: no process
 * in their groups, no child of ours (their orphans come to init). Only a
 * failure if every worker passed: one that died leaves orphans. */
static bool
no_strays(const pid_t *pids, const int *status)
{
	bool workers_ok = true, ok = true;
	int n;

	for (int w = 0; w < NWORKERS; w++)
		workers_ok = workers_ok && status[w] == 0;
	for (int w = 0; w < NWORKERS; w++) {
		if (pids[w] > 0 && kill(-pids[w], 0) == 0) {
			if (workers_ok)
				printf("stress: FAIL %s: processes of its group outlived it\n",
				       worker_names[w]);
			kill(-pids[w], SIGKILL);
			ok = !workers_ok;
		}
	}
	n = reap_leftovers();
	if (n && workers_ok) {
		printf("stress: FAIL %d processes outlived their workers\n", n);
		ok = false;
	}
	return ok;
}

static bool
report_workers(const pid_t *pids, const int *status)
{
	bool ok = true;
	char buf[64];

	for (int w = 0; w < NWORKERS; w++) {
		if (pids[w] <= 0)
			continue;
		worker_ok[w] = status[w] == 0;
		if (status[w] != 0) {
			printf("stress: FAIL %s worker ended with %s (%d failed checks)\n",
			       worker_names[w], status_str(status[w], buf, sizeof(buf)),
			       sh->procs[w].failures);
			ok = false;
		}
	}
	return ok;
}

/* Runs every enabled workload for seconds; returns whether all passed. */
static bool
run_round(const char *label, unsigned seconds)
{
	pid_t pids[NWORKERS] = { 0 };
	int status[NWORKERS] = { 0 };
	bool done[NWORKERS] = { false };
	bool ok;

	printf("stress: %s round, %u s\n", label, seconds);
	fflush(stdout);
	round_reset(seconds);
	for (int w = 0; w < NWORKERS; w++) {
		if (!opt.enabled[w])
			continue;
		pids[w] = fork();
		if (pids[w] == 0)
			_exit(worker_run((enum worker)w));
		if (pids[w] < 0)
			printf("stress: FAIL fork: %s\n", err_name(errno));
	}
	ok = supervise(pids, status, done);
	ok = no_strays(pids, status) && ok;
	ok = report_workers(pids, status) && ok;
	printf("stress: %s round: %s\n", label, ok ? "ok" : "FAILED");
	return ok;
}

/* ---- the leak check ----------------------------------------------------- */

static bool
kstat(struct tern_kstat *k)
{
	return syscall(TERN_SYS_KSTAT, k, sizeof(*k)) == (long)sizeof(*k);
}

static bool
kstat_same(const struct tern_kstat *a, const struct tern_kstat *b)
{
	return a->free_pages + a->kstack_cached_pages == b->free_pages + b->kstack_cached_pages &&
	       a->slab_objects == b->slab_objects && a->tasks == b->tasks;
}

static void
kstat_print(const char *label, const struct tern_kstat *k)
{
	printf("stress: %s: %llu free + %llu cached pages, %llu slab objects, %llu tasks\n", label,
	       (unsigned long long)k->free_pages, (unsigned long long)k->kstack_cached_pages,
	       (unsigned long long)k->slab_objects, (unsigned long long)k->tasks);
}

/* Compares with the baseline, giving deferred frees up to 3 s. */
static bool
leak_check(const struct tern_kstat *base)
{
	uint64_t end = now_ns() + 3 * NSEC;
	struct tern_kstat k;

	do {
		if (!kstat(&k))
			return false;
		if (kstat_same(base, &k))
			break;
		sleep_ns(50 * MSEC);
	} while (now_ns() < end);
	kstat_print("after the run", &k);
	if (kstat_same(base, &k)) {
		printf("stress: leak check: as before\n");
		return true;
	}
	printf("stress: FAIL leak check: free + cached pages %+lld, slab objects %+lld, "
	       "tasks %+lld\n",
	       (long long)(k.free_pages + k.kstack_cached_pages) -
		       (long long)(base->free_pages + base->kstack_cached_pages),
	       (long long)k.slab_objects - (long long)base->slab_objects,
	       (long long)k.tasks - (long long)base->tasks);
	return false;
}

/* ---- summary ------------------------------------------------------------ */

static uint64_t
signals_received(void)
{
	uint64_t n = 0;

	for (int i = 0; i < sh->nslots && i < MAX_SLOTS; i++)
		for (int k = 0; k < NKINDS; k++)
			n += sh->slots[i].sig.recv[k];
	for (int w = 0; w < NWORKERS; w++)
		for (int k = 0; k < NKINDS; k++)
			n += sh->procs[w].sig.recv[k];
	return n;
}

static bool
summary(void)
{
	double secs = (double)(sh->stop_ns - sh->start_ns) / NSEC;
	bool full = sh->stop_ns >= sh->deadline_ns, ok = true;

	sh->tallies[T_SIGRECV] = signals_received();
	printf("stress: %-28s %12s %10s\n", "workload", "operations", "per second");
	for (int t = 0; t < NTALLIES; t++) {
		if (!opt.enabled[tally_worker[t]])
			continue;
		printf("stress: %-28s %12llu %10.0f\n", tally_names[t],
		       (unsigned long long)sh->tallies[t], (double)sh->tallies[t] / secs);
		/* A worker that failed has said so, and its counts may be lost;
		 * a round cut short (a worker died) may leave others idle. */
		if (!sh->tallies[t] && worker_ok[tally_worker[t]] && full) {
			printf("stress: FAIL %s: no progress at all\n", tally_names[t]);
			ok = false;
		}
	}
	return ok;
}

/* Touches the stack the supervisor will ever use, so that the main round
 * does not grow it (that would look like a leak). */
static __attribute__((noinline)) void
stack_prefault(void)
{
	volatile char buf[64 * 1024];

	for (size_t i = 0; i < sizeof(buf); i += 512)
		buf[i] = 0;
}

static int
harts(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return -1;
	return CPU_COUNT(&set);
}

int
main(int argc, char **argv)
{
	struct tern_kstat base;
	bool have_kstat, ok;

	setvbuf(stdout, out_buf, _IOLBF, sizeof(out_buf));
	stack_prefault();
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	memset(sh, 0, sizeof(*sh));
	parse_args(argc, argv);
	printf("stress: %u s on %d harts (after a %u s warm-up); workloads:", opt.seconds, harts(),
	       opt.warmup);
	for (int w = 0; w < NWORKERS; w++)
		if (opt.enabled[w])
			printf(" %s", worker_names[w]);
	printf("\n");
	ok = run_round("warm-up", opt.warmup);
	have_kstat = kstat(&base);
	if (have_kstat)
		kstat_print("baseline", &base);
	else
		printf("stress: tern_kstat: %s (not Tern?): no leak check\n", err_name(errno));
	ok = run_round("main", opt.seconds) && ok;
	if (have_kstat)
		ok = leak_check(&base) && ok;
	ok = summary() && ok;
	printf("stress: %s\n", ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}
