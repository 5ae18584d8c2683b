/*
 * Futexes. Waiters hash by key into buckets; each bucket has a spinlock
 * and a list of waiters. FUTEX_WAIT checks the user word under the bucket
 * lock (reading it with page faults disabled; on a fault it drops the
 * lock, faults the page in and retries), so a waker that changes the
 * word and then takes the lock always finds the waiter queued: no lost
 * wake-up.
 *
 * Keys: private futexes (FUTEX_PRIVATE_FLAG, or any word of a private
 * mapping) are (address space, address); words of shared mappings are
 * keyed by their physical page, so processes mapping the same memory
 * meet on the same key.
 */
#include <asm-generic/errno.h>
#include <linux/futex.h>
#include <linux/time_types.h>

#include <atomic.h>
#include <arch/mmu.h>
#include "lib/string.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "sched/cpu.h"
#include "proc/futex.h"
#include <kerrno.h>
#include "sched/sched.h"
#include "proc/signal.h"
#include "sched/task.h"
#include "time/time.h"
#include "sched/ktimer.h"

#define FUTEX_BUCKETS 256

struct futex_key {
	uintptr_t space; /* mm, or 0 for a physical key */
	uintptr_t addr;	 /* user address, or physical address */
};

struct futex_waiter {
	struct list_head bucket_link; /* [bucket lock] */
	struct futex_key key;	      /* [bucket lock] changed by requeue */
	uint32_t bitset;	      /* [I] */
	struct task *task;	      /* [I] */
	bool woken;		      /* [bucket lock] dequeued by a waker */
};

struct futex_bucket {
	struct spinlock bucket_lock; /* waiters */
	struct list_head waiters;    /* [bucket_lock] */
};

static struct futex_bucket buckets[FUTEX_BUCKETS];
static bool buckets_ready;

static void
buckets_init(void)
{
	static struct spinlock init_lock = SPINLOCK_INIT("futex_init");

	if (atomic_load_acquire(&buckets_ready))
		return;
	spin_lock(&init_lock);
	if (!buckets_ready) {
		for (int i = 0; i < FUTEX_BUCKETS; i++) {
			spin_init(&buckets[i].bucket_lock, "futex_bucket");
			list_init(&buckets[i].waiters);
		}
		atomic_store_release(&buckets_ready, true);
	}
	spin_unlock(&init_lock);
}

static struct futex_bucket *
bucket_of(const struct futex_key *k)
{
	uint64_t h = (k->space ^ (k->addr * 0x9e3779b97f4a7c15ull)) >> 20;

	return &buckets[(h ^ (h >> 17)) % FUTEX_BUCKETS];
}

static bool
key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->addr == b->addr;
}

/* The key of uaddr: private unless the word lies in a shared mapping. */
static int
get_key(uint32_t __user *uaddr, bool private, struct futex_key *k)
{
	struct mm *mm = current_task()->mm;
	uintptr_t a = (__force uintptr_t)uaddr;
	struct vma *v;
	pte_t *pte;
	int err = 0;

	if (a & 3)
		return -EINVAL;
	if (!user_range_ok(uaddr, sizeof(uint32_t)))
		return -EFAULT;
	*k = (struct futex_key){ (uintptr_t)mm, a };
	if (private)
		return 0;
	mutex_lock(&mm->mmap_lock);
	v = vma_find(mm, a);
	if (!v)
		err = -EFAULT;
	else if ((v->flags & VMA_SHARED) && (pte = arch_pte_walk(&mm->arch, a, false)) &&
		 pte_present(*pte))
		*k = (struct futex_key){ 0, pte_pa(*pte) + (a & (PAGE_SIZE - 1)) };
	else if (v->flags & VMA_SHARED)
		err = -EAGAIN; /* not mapped yet: fault it in and retry */
	mutex_unlock(&mm->mmap_lock);
	if (err == -EAGAIN) {
		err = fault_in_user(uaddr, false);
		return err ? err : get_key(uaddr, private, k);
	}
	return err;
}

/* Queue w on its key if *uaddr == val. Returns 0 (queued, bucket
 * unlocked), -EAGAIN (value differs) or -EFAULT. */
static int
queue_if_equal(uint32_t __user *uaddr, uint32_t val, struct futex_waiter *w)
{
	struct futex_bucket *b = bucket_of(&w->key);
	uint32_t cur;
	int err;

	for (;;) {
		spin_lock(&b->bucket_lock);
		err = get_user_u32_nofault(&cur, uaddr);
		if (!err)
			break;
		spin_unlock(&b->bucket_lock);
		if (fault_in_user(uaddr, false))
			return -EFAULT;
	}
	if (cur != val) {
		spin_unlock(&b->bucket_lock);
		return -EAGAIN;
	}
	w->woken = false;
	list_add_tail(&w->bucket_link, &b->waiters);
	/* Mark ourselves sleeping before the lock drops: a wake-up that
	 * comes right after finds a sleeper to wake. */
	task_set_sleeping(w->task, true);
	spin_unlock(&b->bucket_lock);
	return 0;
}

/* Remove w if still queued (timeout, signal). Returns true if a waker had
 * already dequeued it (the wake-up counts). The key may have moved
 * (requeue), so look it up again under each lock. */
static bool
unqueue(struct futex_waiter *w)
{
	for (;;) {
		struct futex_key k = w->key;
		struct futex_bucket *b = bucket_of(&k);
		bool woken;

		spin_lock(&b->bucket_lock);
		if (!key_eq(&k, &w->key)) {
			spin_unlock(&b->bucket_lock);
			continue;
		}
		woken = w->woken;
		if (!woken)
			list_del(&w->bucket_link);
		spin_unlock(&b->bucket_lock);
		return woken;
	}
}

static long
futex_wait(uint32_t __user *uaddr, bool private, uint32_t val, uint64_t deadline, uint32_t bitset)
{
	struct futex_waiter w = { .bitset = bitset, .task = current_task() };
	struct sleep_timer st;
	long ret;

	might_sleep();
	if (!bitset)
		return -EINVAL;
	ret = get_key(uaddr, private, &w.key);
	if (ret)
		return ret;
	sleep_timer_start(&st, deadline);
	ret = queue_if_equal(uaddr, val, &w);
	if (ret) {
		sleep_timer_stop(&st);
		return ret;
	}
	while (!atomic_load_acquire(&w.woken) && !sleep_timer_expired(&st) &&
	       !signal_pending_current()) {
		schedule();
		task_set_sleeping(w.task, true);
	}
	task_set_running(w.task);
	sleep_timer_stop(&st);
	if (unqueue(&w))
		return 0;
	if (sleep_timer_expired(&st))
		return -ETIMEDOUT;
	/* As Linux: a timed wait is not restarted after a handler (EINTR). */
	return deadline == TIME_NS_NEVER ? -ERESTARTSYS : -ERESTARTNOHAND;
}

/* Wake up to n waiters of key whose bitset meets mask. Caller holds b. */
static int
wake_locked(struct futex_bucket *b, const struct futex_key *k, int n, uint32_t mask)
{
	struct futex_waiter *w, *tmp;
	int woken = 0;

	assert_held(&b->bucket_lock);
	list_for_each_entry_safe(w, tmp, &b->waiters, bucket_link) {
		if (woken >= n)
			break;
		if (!key_eq(&w->key, k) || !(w->bitset & mask))
			continue;
		list_del(&w->bucket_link);
		/* Pairs with the acquire in futex_wait(): after this store the
		 * waiter may return and w is gone. */
		struct task *t = w->task;

		atomic_store_release(&w->woken, true);
		task_wake(t);
		woken++;
	}
	return woken;
}

static long
futex_wake(uint32_t __user *uaddr, bool private, int n, uint32_t mask)
{
	struct futex_key k;
	struct futex_bucket *b;
	long ret;

	if (!mask)
		return -EINVAL;
	ret = get_key(uaddr, private, &k);
	if (ret)
		return ret;
	b = bucket_of(&k);
	spin_lock(&b->bucket_lock);
	/* As Linux: the count is checked after a wake-up, so 0 wakes one. */
	ret = wake_locked(b, &k, MAX(n, 1), mask);
	spin_unlock(&b->bucket_lock);
	return ret;
}

int
futex_wake_current(uint32_t __user *uaddr, int n)
{
	return (int)futex_wake(uaddr, false, n, FUTEX_BITSET_MATCH_ANY);
}

static void
lock_two(struct futex_bucket *a, struct futex_bucket *b)
{
	if (a == b) {
		spin_lock(&a->bucket_lock);
		return;
	}
	spin_lock(a < b ? &a->bucket_lock : &b->bucket_lock);
	spin_lock(a < b ? &b->bucket_lock : &a->bucket_lock);
}

static void
unlock_two(struct futex_bucket *a, struct futex_bucket *b)
{
	spin_unlock(&a->bucket_lock);
	if (a != b)
		spin_unlock(&b->bucket_lock);
}

/* Move up to n waiters of k1 (beyond the nwake woken) to k2. */
static int
requeue_locked(struct futex_bucket *b1, const struct futex_key *k1, struct futex_bucket *b2,
	       const struct futex_key *k2, int n)
{
	struct futex_waiter *w, *tmp;
	int moved = 0;

	assert_held(&b1->bucket_lock);
	assert_held(&b2->bucket_lock);
	/* Onto the same word: nothing moves, but they count, as Linux. */
	if (key_eq(k1, k2)) {
		list_for_each_entry(w, &b1->waiters, bucket_link)
			if (key_eq(&w->key, k1) && moved < n)
				moved++;
		return moved;
	}
	list_for_each_entry_safe(w, tmp, &b1->waiters, bucket_link) {
		if (moved >= n)
			break;
		if (!key_eq(&w->key, k1))
			continue;
		list_del(&w->bucket_link);
		w->key = *k2;
		list_add_tail(&w->bucket_link, &b2->waiters);
		moved++;
	}
	return moved;
}

static long
futex_requeue(uint32_t __user *uaddr, bool private, int nwake, int nmove, uint32_t __user *uaddr2,
	      bool cmp, uint32_t val3)
{
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
	uint32_t cur;
	long ret;

	if (nwake < 0 || nmove < 0)
		return -EINVAL;
	if ((ret = get_key(uaddr, private, &k1)) || (ret = get_key(uaddr2, private, &k2)))
		return ret;
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	for (;;) {
		lock_two(b1, b2);
		if (!cmp || !(ret = get_user_u32_nofault(&cur, uaddr)))
			break;
		unlock_two(b1, b2);
		if (fault_in_user(uaddr, false))
			return -EFAULT;
	}
	if (cmp && cur != val3) {
		unlock_two(b1, b2);
		return -EAGAIN;
	}
	ret = wake_locked(b1, &k1, nwake, FUTEX_BITSET_MATCH_ANY);
	ret += requeue_locked(b1, &k1, b2, &k2, nmove);
	unlock_two(b1, b2);
	return ret;
}

/* FUTEX_WAKE_OP's condition on the old value of *uaddr2. */
static bool
wake_op_cmp(uint32_t encoded, uint32_t old)
{
	int cmp = (encoded >> 24) & 15;
	int32_t arg = (int32_t)(encoded << 20) >> 20; /* 12-bit signed */

	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		return (int32_t)old == arg;
	case FUTEX_OP_CMP_NE:
		return (int32_t)old != arg;
	case FUTEX_OP_CMP_LT:
		return (int32_t)old < arg;
	case FUTEX_OP_CMP_LE:
		return (int32_t)old <= arg;
	case FUTEX_OP_CMP_GT:
		return (int32_t)old > arg;
	case FUTEX_OP_CMP_GE:
		return (int32_t)old >= arg;
	default:
		return false;
	}
}

static long
futex_wake_op(uint32_t __user *uaddr, bool private, int n1, uint32_t __user *uaddr2, int n2,
	      uint32_t encoded)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	uint32_t oparg = (encoded >> 12) & 0xfff, old;
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
	long ret;

	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
		oparg = oparg >= 32 ? 0 : 1u << oparg;
	else
		oparg = (uint32_t)((int32_t)(oparg << 20) >> 20);
	if (op > FUTEX_OP_XOR)
		return -ENOSYS;
	if ((ret = get_key(uaddr, private, &k1)) || (ret = get_key(uaddr2, private, &k2)))
		return ret;
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	for (;;) {
		struct cpu *c;

		lock_two(b1, b2);
		c = this_cpu();
		c->pagefault_disabled++;
		ret = futex_op_user(op, uaddr2, oparg, &old);
		c->pagefault_disabled--;
		if (ret != -EFAULT)
			break;
		unlock_two(b1, b2);
		if (fault_in_user(uaddr2, true))
			return -EFAULT;
	}
	if (ret) {
		unlock_two(b1, b2);
		return ret;
	}
	/* As Linux: an unknown comparison is found after the op is done. */
	if (cmp > FUTEX_OP_CMP_GE) {
		unlock_two(b1, b2);
		return -ENOSYS;
	}
	ret = wake_locked(b1, &k1, MAX(n1, 1), FUTEX_BITSET_MATCH_ANY);
	if (wake_op_cmp(encoded, old))
		ret += wake_locked(b2, &k2, MAX(n2, 1), FUTEX_BITSET_MATCH_ANY);
	unlock_two(b1, b2);
	return ret;
}

/* The absolute monotonic deadline of a futex timeout. */
static int
futex_deadline(const struct __kernel_timespec __user *uts, bool absolute, bool realtime,
	       uint64_t *deadline)
{
	struct __kernel_timespec ts;
	uint64_t ns, now_rt;

	*deadline = TIME_NS_NEVER;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (!absolute) {
		*deadline = time_monotonic_ns() + ns;
	} else if (realtime) {
		now_rt = time_realtime_ns();
		*deadline = time_monotonic_ns() + (ns > now_rt ? ns - now_rt : 0);
	} else {
		*deadline = ns;
	}
	return 0;
}

long
futex_op(uint32_t __user *uaddr, int op, uint32_t val,
	 const struct __kernel_timespec __user *timeout, uint32_t __user *uaddr2, uint32_t val3)
{
	bool private = op & FUTEX_PRIVATE_FLAG, realtime = op & FUTEX_CLOCK_REALTIME;
	int cmd = op & FUTEX_CMD_MASK;
	/* For the requeue family the timeout slot carries a count. */
	int val2 = (int)(uintptr_t)timeout;
	uint64_t deadline;
	long err;

	buckets_init();
	if (realtime && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		err = futex_deadline(timeout, cmd == FUTEX_WAIT_BITSET, realtime, &deadline);
		if (err)
			return err;
		return futex_wait(uaddr, private, val, deadline,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, private, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, private, (int)val, val2, uaddr2, false, 0);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, private, (int)val, val2, uaddr2, true, val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, private, (int)val, uaddr2, val2, val3);
	default:
		return -ENOSYS;
	}
}

/* A robust futex whose owner died: mark it and wake one waiter. */
static void
owner_died(uint32_t __user *uaddr, pid_t tid)
{
	uint32_t val, cur;

	for (int tries = 0; tries < 16; tries++) {
		if (get_user(val, uaddr) || (val & FUTEX_TID_MASK) != (uint32_t)tid)
			return;
		if (futex_cmpxchg_user(uaddr, val, (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED, &cur))
			return;
		if (cur == val) {
			if (val & FUTEX_WAITERS)
				futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);
			return;
		}
	}
}

/* Walk the robust list (user memory; every read may fail: stop then). */
static void
exit_robust_list(struct task *t)
{
	uintptr_t head = t->robust_list, entry, pending;
	long offset;
	int n = 0;

	if (!head || get_user(entry, (uintptr_t __user *)head) ||
	    get_user(offset, (long __user *)(head + sizeof(uintptr_t))) ||
	    get_user(pending, (uintptr_t __user *)(head + 2 * sizeof(uintptr_t))))
		return;
	while (entry != head && n++ < ROBUST_LIST_LIMIT) {
		uintptr_t next;

		if (get_user(next, (uintptr_t __user *)(entry & ~1ul)))
			return;
		if (entry != pending)
			owner_died((uint32_t __user *)((entry & ~1ul) + offset), t->tid);
		entry = next;
	}
	if (pending)
		owner_died((uint32_t __user *)((pending & ~1ul) + offset), t->tid);
}

void
futex_exit(struct task *t)
{
	buckets_init();
	exit_robust_list(t);
	if (t->clear_child_tid) {
		uint32_t __user *p = (uint32_t __user *)t->clear_child_tid;

		/* As Linux: zero the tid and wake one waiter (pthread_join). */
		if (!put_user(0u, p))
			futex_wake(p, false, 1, FUTEX_BITSET_MATCH_ANY);
	}
}
