/*
 * The mm worker: mmap/munmap/mprotect churn in a threaded process, built
 * to catch stale TLB entries (a missed shootdown shows as a wrong pattern
 * or a missing fault).
 *
 *  regions  owner threads keep changing shared regions: mmap MAP_FIXED
 *           over them, munmap and map again, madvise(MADV_DONTNEED), or
 *           mprotect part of them PROT_NONE or PROT_READ for a moment;
 *           each change is published with a version word (a seqlock).
 *           Reader threads on other harts probe the regions: a read that
 *           the version says was stable must give the current
 *           generation's pattern, must fault on a PROT_NONE page (and a
 *           write on a PROT_READ page) with SEGV_ACCERR at the address,
 *           and must not fault otherwise. Writes are atomic ORs of 0, so a
 *           late one never changes memory.
 *  churn    threads map private memory of random sizes, fill and verify
 *           it, move it with mremap, mprotect part of it, punch holes.
 *  cow      a writer thread keeps incrementing words on a few pages while
 *           another thread forks: the child's snapshot must not change
 *           (a parent thread writing through a stale writable entry after
 *           fork write-protected the page would change it), and the
 *           child's own writes must not reach the parent.
 */
#include "stress.h"

#include <setjmp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ucontext.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	     4096ul
#define WORDS	     (PAGE / 8)
#define NREGIONS     4
#define REGION_PAGES 4
#define REGION_LEN   (REGION_PAGES * PAGE)
#define NOWNERS	     2
#define NREADERS     3
#define NCHURN	     2
#define COW_PAGES    8

enum {
	ST_LIVE,
	ST_PROTNONE,
	ST_READONLY,
	ST_BUSY
};

static const char *const state_names[] = { "live", "PROT_NONE", "PROT_READ", "busy" };

/* A region; every field is read by the probes inside a version window. */
struct region {
	uint64_t word; /* [atomic] version << 2 | state */
	char *addr;    /* [atomic] */
	uint64_t gen;  /* [atomic] the pattern's generation */
	unsigned lo;   /* [atomic] pages [lo, hi) have the state's protection */
	unsigned hi;   /* [atomic] */
};

/* What one probe of one page saw. */
struct probe {
	uint64_t *addr;
	uint64_t val;
	bool read_ok, write_tried, write_ok;
	void *fault_addr[2];
	int fault_code[2];
};

static struct region regions[NREGIONS];
static volatile uint64_t *cow;

static __thread sigjmp_buf probe_env;
static __thread volatile int probing;
static __thread void *volatile fault_addr;
static __thread volatile int fault_code;

static uint64_t
pattern(int r, uint64_t gen, unsigned page, unsigned off)
{
	uint64_t x = ((uint64_t)r << 56) ^ (gen << 24) ^ ((uint64_t)page << 12) ^ off;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* ---- faults ------------------------------------------------------------- */

/* A fault outside a probe is a crash: say where, then die of it. */
static void
segv_crash(const siginfo_t *si, const ucontext_t *uc)
{
	char buf[200];
	int n = snprintf(buf, sizeof(buf),
			 "stress: FAIL %s: SIGSEGV outside a probe: address %p, code %d, pc %#lx, "
			 "ra %#lx\n",
			 my_slot ? my_slot->name : "mm", si->si_addr, si->si_code,
			 uc->uc_mcontext.__gregs[REG_PC], uc->uc_mcontext.__gregs[REG_RA]);

	if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
		_exit(3);
	signal(SIGSEGV, SIG_DFL); /* the access faults again and kills us */
}

static void
on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	if (!probing) {
		segv_crash(si, uc);
		return;
	}
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	probing = 0;
	siglongjmp(probe_env, 1);
}

static bool
segv_handler_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	/* Nothing blocked in the handler, so leaving it by siglongjmp needs
	 * no mask restored (sigsetjmp(env, 0): no system call per probe). */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) == 0)
		return true;
	fail("sigaction(SIGSEGV): %s", err_name(errno));
	return false;
}

static bool
probe_read(uint64_t *a, uint64_t *v)
{
	fault_addr = NULL;
	probing = 1;
	if (sigsetjmp(probe_env, 0))
		return false;
	*v = *(volatile uint64_t *)a;
	probing = 0;
	return true;
}

/* A write that changes nothing, however late it lands: an atomic OR of 0
 * (an AMO, which needs write permission). */
static bool
probe_write(uint64_t *a)
{
	fault_addr = NULL;
	probing = 1;
	if (sigsetjmp(probe_env, 0))
		return false;
	__atomic_fetch_or((volatile uint64_t *)a, 0, __ATOMIC_RELAXED);
	probing = 0;
	return true;
}

/* ---- region owners ------------------------------------------------------ */

static void
publish(struct region *r, int state)
{
	uint64_t v = __atomic_load_n(&r->word, __ATOMIC_RELAXED) >> 2;

	__atomic_store_n(&r->word, (v + 1) << 2 | (uint64_t)state, __ATOMIC_RELEASE);
}

static void
region_fill(int i)
{
	struct region *r = &regions[i];

	__atomic_store_n(&r->gen, r->gen + 1, __ATOMIC_RELAXED);
	for (unsigned pg = 0; pg < REGION_PAGES; pg++) {
		uint64_t *w = (uint64_t *)(r->addr + pg * PAGE);

		for (unsigned off = 0; off < WORDS; off++)
			w[off] = pattern(i, r->gen, pg, off);
	}
}

/* Maps region i anew: anywhere (MAP_ANYWHERE), over its old mapping
 * (MAP_OVER, MAP_FIXED) or where it was (MAP_AGAIN, after munmap: if
 * another thread took the hole, anywhere). */
enum how {
	MAP_ANYWHERE,
	MAP_OVER,
	MAP_AGAIN
};

static bool
region_map(int i, enum how how)
{
	static const int extra[] = { 0, MAP_FIXED, MAP_FIXED_NOREPLACE };
	struct region *r = &regions[i];
	char *hint = how == MAP_ANYWHERE ? NULL : r->addr;
	char *p = mmap(hint, REGION_LEN, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | extra[how], -1, 0);

	if (p == MAP_FAILED && how == MAP_AGAIN && errno == EEXIST)
		p = mmap(NULL, REGION_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			 0);
	if (p == MAP_FAILED || (how == MAP_OVER && p != r->addr)) {
		fail("mmap of region %d: %s", i, p == MAP_FAILED ? err_name(errno) : "moved");
		return false;
	}
	__atomic_store_n(&r->addr, p, __ATOMIC_RELAXED);
	region_fill(i);
	return true;
}

static bool
region_protect(int i, int prot, int state)
{
	struct region *r = &regions[i];
	unsigned lo = (unsigned)(rnd() % REGION_PAGES);
	unsigned hi = lo + 1 + (unsigned)(rnd() % (REGION_PAGES - lo));

	__atomic_store_n(&r->lo, lo, __ATOMIC_RELAXED);
	__atomic_store_n(&r->hi, hi, __ATOMIC_RELAXED);
	if (mprotect(r->addr + lo * PAGE, (hi - lo) * PAGE, prot)) {
		fail("mprotect of region %d: %s", i, err_name(errno));
		return false;
	}
	publish(r, state);
	sleep_ns(200 * 1000); /* let the readers probe it like this */
	publish(r, ST_BUSY);
	if (mprotect(r->addr + lo * PAGE, (hi - lo) * PAGE, PROT_READ | PROT_WRITE)) {
		fail("mprotect of region %d: %s", i, err_name(errno));
		return false;
	}
	return true;
}

/* One change to region i; returns false after reporting a failure. */
static bool
region_change(int i)
{
	struct region *r = &regions[i];
	bool ok = true;

	publish(r, ST_BUSY);
	switch (rnd() % 5) {
	case 0:
		ok = region_map(i, MAP_OVER);
		break;
	case 1:
		doing("unmapping a region");
		if (munmap(r->addr, REGION_LEN))
			fail("munmap of region %d: %s", i, err_name(errno));
		ok = region_map(i, MAP_AGAIN);
		break;
	case 2:
		if (madvise(r->addr, REGION_LEN, MADV_DONTNEED))
			fail("madvise of region %d: %s", i, err_name(errno));
		region_fill(i);
		break;
	case 3:
		ok = region_protect(i, PROT_NONE, ST_PROTNONE);
		break;
	default:
		ok = region_protect(i, PROT_READ, ST_READONLY);
		break;
	}
	publish(r, ST_LIVE);
	return ok;
}

static void *
owner(void *arg)
{
	int me = (int)(intptr_t)arg;
	uint64_t n = 0;

	while (!stopping()) {
		int i = me + NOWNERS * (int)(rnd() % (NREGIONS / NOWNERS));

		doing("changing a region");
		if (!region_change(i))
			break;
		n++;
		progress(1);
		sleep_ns(100 * 1000);
	}
	tally(T_REGION, n);
	return NULL;
}

/* ---- readers ------------------------------------------------------------ */

static bool
in_range(const struct region *r, uint64_t w, unsigned pg)
{
	return (w & 3) != ST_LIVE && pg >= __atomic_load_n(&r->lo, __ATOMIC_RELAXED) &&
	       pg < __atomic_load_n(&r->hi, __ATOMIC_RELAXED);
}

static void
probe_page(struct probe *p, char *base, unsigned pg, bool try_write)
{
	p->addr = (uint64_t *)(base + pg * PAGE) + rnd() % WORDS;
	p->read_ok = probe_read(p->addr, &p->val);
	p->fault_addr[0] = fault_addr;
	p->fault_code[0] = fault_code;
	p->write_tried = try_write;
	p->write_ok = try_write && probe_write(p->addr);
	p->fault_addr[1] = fault_addr;
	p->fault_code[1] = fault_code;
}

static void
check_fault(int i, unsigned pg, const struct probe *p, int k, uint64_t w)
{
	const char *what = k ? "write" : "read";

	if (k ? p->write_ok : p->read_ok) {
		fail("region %d page %u (%s): a %s did not fault (stale TLB entry?)", i, pg,
		     state_names[w & 3], what);
	} else if (p->fault_addr[k] != p->addr || p->fault_code[k] != SEGV_ACCERR) {
		fail("region %d page %u (%s): %s fault at %p code %d, expected %p SEGV_ACCERR", i,
		     pg, state_names[w & 3], what, p->fault_addr[k], p->fault_code[k],
		     (void *)p->addr);
	}
}

static void
check_page(int i, unsigned pg, const struct probe *p, uint64_t w, uint64_t gen, bool in)
{
	unsigned off = (unsigned)(p->addr - (uint64_t *)((uintptr_t)p->addr & ~(PAGE - 1)));
	uint64_t want = pattern(i, gen, pg, off);

	if (in && (w & 3) == ST_PROTNONE) {
		check_fault(i, pg, p, 0, w);
		return;
	}
	if (!p->read_ok)
		fail("region %d page %u (%s): read faulted at %p code %d", i, pg,
		     state_names[w & 3], p->fault_addr[0], p->fault_code[0]);
	else if (p->val != want)
		fail("region %d page %u word %u (%s): %#llx, expected %#llx (generation %llu%s)", i,
		     pg, off, state_names[w & 3], (unsigned long long)p->val,
		     (unsigned long long)want, (unsigned long long)gen,
		     p->val == pattern(i, gen - 1, pg, off) ? ": the previous one's, stale TLB?" :
							      "");
	if (p->write_tried)
		check_fault(i, pg, p, 1, w);
}

/* Probes every page of region i; returns whether the region stayed put
 * (and so the probes were checked). */
static bool
region_probe(int i)
{
	struct region *r = &regions[i];
	struct probe p[REGION_PAGES];
	uint64_t w = __atomic_load_n(&r->word, __ATOMIC_ACQUIRE), gen;
	bool in[REGION_PAGES];
	char *base;

	if ((w & 3) == ST_BUSY)
		return false;
	base = __atomic_load_n(&r->addr, __ATOMIC_RELAXED);
	gen = __atomic_load_n(&r->gen, __ATOMIC_RELAXED);
	for (unsigned pg = 0; pg < REGION_PAGES; pg++) {
		in[pg] = in_range(r, w, pg);
		probe_page(&p[pg], base, pg, in[pg] && (w & 3) == ST_READONLY);
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&r->word, __ATOMIC_RELAXED) != w)
		return false;
	for (unsigned pg = 0; pg < REGION_PAGES; pg++)
		check_page(i, pg, &p[pg], w, gen, in[pg]);
	return true;
}

static void *
reader(void *arg)
{
	uint64_t n = 0;

	(void)arg;
	doing("probing regions");
	while (!stopping()) {
		for (int j = 0; j < 16; j++)
			n += region_probe((int)(rnd() % NREGIONS));
		progress(16);
		sched_yield();
	}
	tally(T_PROBE, n);
	return NULL;
}

/* ---- private churn ------------------------------------------------------ */

static bool
churn_verify(const char *p, size_t from, size_t to, uint64_t tag, const char *when)
{
	for (size_t pg = from; pg < to; pg++) {
		const uint64_t *w = (const uint64_t *)(p + pg * PAGE);

		if (w[0] != (tag ^ pg) || w[1 + pg % (WORDS - 1)] != ~(tag ^ pg)) {
			fail("private page %zu of %p %s: %#llx %#llx, expected %#llx %#llx", pg,
			     (void *)p, when, (unsigned long long)w[0],
			     (unsigned long long)w[1 + pg % (WORDS - 1)],
			     (unsigned long long)(tag ^ pg), (unsigned long long)~(tag ^ pg));
			return false;
		}
	}
	return true;
}

static void
churn_fill(char *p, size_t from, size_t to, uint64_t tag)
{
	for (size_t pg = from; pg < to; pg++) {
		uint64_t *w = (uint64_t *)(p + pg * PAGE);

		w[0] = tag ^ pg;
		w[1 + pg % (WORDS - 1)] = ~(tag ^ pg);
	}
}

/* Grows the mapping with mremap (it may move) and fills the new pages. */
static char *
churn_grow(char *p, size_t *pages, uint64_t tag)
{
	char *q = mremap(p, *pages * PAGE, (*pages + 4) * PAGE, MREMAP_MAYMOVE);

	if (q == MAP_FAILED) {
		fail("mremap: %s", err_name(errno));
		return p;
	}
	if (!churn_verify(q, 0, *pages, tag, "after mremap"))
		return q;
	churn_fill(q, *pages, *pages + 4, tag);
	*pages += 4;
	return q;
}

static bool
churn_once(void)
{
	size_t pages = 2 + rnd() % 31, a, b;
	uint64_t tag = rnd();
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);
	bool ok;

	if (p == MAP_FAILED) {
		fail("mmap: %s", err_name(errno));
		return false;
	}
	churn_fill(p, 0, pages, tag);
	if (rnd() % 4 == 0)
		p = churn_grow(p, &pages, tag);
	a = rnd() % pages;
	b = a + 1 + rnd() % (pages - a);
	if (mprotect(p + a * PAGE, (b - a) * PAGE, PROT_READ))
		fail("mprotect: %s", err_name(errno));
	ok = churn_verify(p, 0, pages, tag, "after mprotect");
	if (munmap(p + a * PAGE, (b - a) * PAGE))
		fail("munmap: %s", err_name(errno));
	ok = ok && churn_verify(p, 0, a, tag, "after munmap") &&
	     churn_verify(p, b, pages, tag, "after munmap");
	/* Only the two pieces left: another thread may own the hole by now. */
	if ((a && munmap(p, a * PAGE)) || (b < pages && munmap(p + b * PAGE, (pages - b) * PAGE)))
		fail("munmap: %s", err_name(errno));
	return ok;
}

static void *
churn(void *arg)
{
	uint64_t n = 0;

	(void)arg;
	doing("mapping and unmapping private memory");
	while (!stopping() && churn_once()) {
		n++;
		progress(1);
	}
	tally(T_MMAP, n);
	return NULL;
}

/* ---- fork snapshots ----------------------------------------------------- */

static void *
cow_writer(void *arg)
{
	uint64_t expect[COW_PAGES] = { 0 }, n = 0;

	(void)arg;
	doing("writing the fork-snapshot pages");
	while (!stopping()) {
		for (int i = 0; i < COW_PAGES; i++) {
			uint64_t v = cow[i * WORDS];

			if (v != expect[i]) {
				fail("COW page %d changed under its only writer: %llu, expected %llu "
				     "(a child's write reached the parent?)",
				     i, (unsigned long long)v, (unsigned long long)expect[i]);
				return NULL;
			}
			cow[i * WORDS] = ++expect[i];
		}
		if (++n % 256 == 0)
			progress(256);
	}
	return NULL;
}

static void
cow_child(void)
{
	uint64_t snap[COW_PAGES];

	my_slot = NULL; /* the slot is the parent thread's */
	for (int i = 0; i < COW_PAGES; i++)
		snap[i] = cow[i * WORDS];
	sleep_ns(2 * MSEC);
	for (int i = 0; i < COW_PAGES; i++) {
		if (cow[i * WORDS] != snap[i]) {
			fail("a fork child's copy of COW page %d changed from %llu to %llu (the "
			     "parent wrote through a stale writable TLB entry?)",
			     i, (unsigned long long)snap[i], (unsigned long long)cow[i * WORDS]);
			_exit(1);
		}
		cow[i * WORDS] = ~0ull; /* the parent's writer must never see this */
	}
	_exit(0);
}

static void *
cow_forker(void *arg)
{
	uint64_t n;
	char buf[64];

	(void)arg;
	for (n = 0; !stopping(); n++) {
		pid_t pid;
		int st;

		doing("forking a snapshot");
		pid = fork();
		if (pid == 0)
			cow_child();
		if (pid < 0) {
			fail("fork: %s", err_name(errno));
			break;
		}
		doing("waiting for a snapshot child (waitpid)");
		if (waitpid(pid, &st, 0) != pid)
			fail("waitpid: %s", err_name(errno));
		else if (st != 0)
			fail("a snapshot child ended with %s", status_str(st, buf, sizeof(buf)));
		progress(1);
	}
	tally(T_COW, n);
	return NULL;
}

/* ---- the worker --------------------------------------------------------- */

static bool
mm_init(void)
{
	if (!segv_handler_install())
		return false;
	for (int i = 0; i < NREGIONS; i++) {
		if (!region_map(i, MAP_ANYWHERE))
			return false;
		publish(&regions[i], ST_LIVE);
	}
	cow = mmap(NULL, COW_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0);
	if (cow == MAP_FAILED) {
		fail("mmap: %s", err_name(errno));
		return false;
	}
	return true;
}

int
mm_main(void)
{
	if (!mm_init())
		return worker_finish();
	for (int i = 0; i < NOWNERS; i++)
		start_thread("owner", i, owner, (void *)(intptr_t)i);
	for (int i = 0; i < NREADERS; i++)
		start_thread("reader", i, reader, NULL);
	for (int i = 0; i < NCHURN; i++)
		start_thread("churn", i, churn, NULL);
	start_thread("cow-write", 0, cow_writer, NULL);
	start_thread("cow-fork", 0, cow_forker, NULL);
	join_threads();
	return worker_finish();
}
