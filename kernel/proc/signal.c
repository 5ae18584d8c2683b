/*
 * Sending and queueing signals.
 *
 * Standard signals (1..31) are pending at most once: a second one while
 * the first waits is merged into it. Real-time signals (32..64) queue,
 * each with its own siginfo, until no memory is left for one (EAGAIN;
 * RLIMIT_SIGPENDING is not enforced). A signal that
 * would be ignored is discarded when sent, unless it is blocked (its
 * action may change before it is unblocked), as Linux does.
 */
#include <asm-generic/errno.h>
#include <asm-generic/resource.h>

#include <atomic.h>
#include "printk/printk.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/signal_internal.h"
#include "sched/task.h"

#define SIG_STOP_MASK (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))

static const char *const names[] = {
	[SIGHUP] = "SIGHUP",	   [SIGINT] = "SIGINT",	      [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL",	   [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",	   [SIGFPE] = "SIGFPE",	      [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1",	   [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",	   [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",	   [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU",	   [SIGURG] = "SIGURG",	      [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",	   [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH",   [SIGIO] = "SIGIO",	      [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

const char *
signal_name(int sig)
{
	if (sig > 0 && (size_t)sig < ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "SIGRT";
}

bool
signal_default_ignores(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static void
pending_init(struct sigpending *p)
{
	p->set = 0;
	list_init(&p->queue);
}

static void
pending_flush(struct sigpending *p, sigset64_t which)
{
	struct sigqueue *q, *tmp;

	list_for_each_entry_safe(q, tmp, &p->queue, sigq_link) {
		if (which & SIG_BIT(q->info.si_signo)) {
			list_del(&q->sigq_link);
			kfree(q);
		}
	}
	p->set &= ~which;
}

/* A new sighand with a copy of src's actions (or defaults). */
static struct sighand *
sighand_alloc(struct sighand *src)
{
	struct sighand *h = kzalloc(sizeof(*h));

	if (!h)
		return NULL;
	h->refcount = 1;
	spin_init(&h->siglock, "sighand");
	pending_init(&h->shared);
	list_init(&h->threads);
	h->cont_reported = true;
	if (src) {
		spin_lock(&src->siglock);
		memcpy(h->action, src->action, sizeof(h->action));
		spin_unlock(&src->siglock);
	}
	return h;
}

int
signal_task_init(struct task *c, struct task *p, bool share)
{
	pending_init(&c->sig.pending);
	c->sig.altstack_flags = SS_DISABLE;
	if (p) {
		c->sig.blocked = p->sig.blocked;
		c->sig.altstack_flags = p->sig.altstack_flags;
		c->sig.altstack_sp = p->sig.altstack_sp;
		c->sig.altstack_size = p->sig.altstack_size;
	}
	if (share) {
		atomic_inc_relaxed(&p->sig.hand->refcount);
		c->sig.hand = p->sig.hand;
	} else if (!(c->sig.hand = sighand_alloc(p ? p->sig.hand : NULL))) {
		return -ENOMEM;
	}
	spin_lock(&c->sig.hand->siglock);
	list_add_tail(&c->thread_node, &c->sig.hand->threads);
	c->sig.hand->nr_threads++;
	spin_unlock(&c->sig.hand->siglock);
	return 0;
}

static void
sighand_put(struct sighand *h)
{
	if (atomic_dec_acq_rel(&h->refcount) != 0)
		return;
	pending_flush(&h->shared, ~0ull);
	kfree(h);
}

void
signal_task_release(struct task *t)
{
	struct sighand *h = t->sig.hand;

	if (!h)
		return;
	spin_lock(&h->siglock);
	pending_flush(&t->sig.pending, ~0ull);
	/* A task that never ran (a failed clone) is still listed. */
	if (!list_empty(&t->thread_node)) {
		list_del(&t->thread_node);
		h->nr_threads--;
	}
	spin_unlock(&h->siglock);
	t->sig.hand = NULL;
	sighand_put(h);
}

int
signal_exec_reset(struct task *t)
{
	struct sighand *h = t->sig.hand;

	/* Only the threads of one process share a sighand, and execve has
	 * ended the others (task_de_thread): reset it in place, keeping the
	 * process's pending signals and timers, as Linux. */
	spin_lock(&h->siglock);
	for (int i = 0; i < _NSIG; i++) {
		if (h->action[i].handler != (uintptr_t)SIG_IGN)
			h->action[i] = (struct k_sigaction){ 0 };
		h->action[i].flags = 0;
		h->action[i].mask = 0;
	}
	spin_unlock(&h->siglock);
	t->sig.altstack_sp = 0;
	t->sig.altstack_size = 0;
	t->sig.altstack_flags = SS_DISABLE;
	return 0;
}

/* Would sig be ignored by t right now? Caller holds the sighand lock. */
static bool
ignored_locked(const struct task *t, int sig)
{
	uintptr_t h = t->sig.hand->action[sig - 1].handler;

	assert_held(&t->sig.hand->siglock);
	if (t->sig.blocked & SIG_BIT(sig))
		return false;
	return h == (uintptr_t)SIG_IGN || (h == (uintptr_t)SIG_DFL && signal_default_ignores(sig));
}

/* Recompute t's "something to do" flag. Caller holds the sighand lock. */
void
signal_recalc_locked(struct task *t)
{
	struct sighand *h = t->sig.hand;
	sigset64_t ready = (t->sig.pending.set | h->shared.set) & ~t->sig.blocked;

	assert_held(&h->siglock);
	/* A group stop or exit concerns every thread, whatever it blocks. */
	atomic_store_release(&t->sig.active, ready != 0 || h->stopped || h->group_exiting);
}

/* The thread a process-directed signal should interrupt: t if it does
 * not block sig, else any thread of the group that does not. */
static struct task *
pick_thread_locked(struct task *t, int sig)
{
	struct task *o;

	assert_held(&t->sig.hand->siglock);
	/* An exiting thread hands its signals on (signal_retarget_locked). */
	if (!atomic_load_relaxed(&t->exiting) && !(t->sig.blocked & SIG_BIT(sig)))
		return t;
	list_for_each_entry(o, &t->sig.hand->threads, thread_node)
		if (!(o->sig.blocked & SIG_BIT(sig)))
			return o;
	if (!list_empty(&t->sig.hand->threads))
		return list_first_entry(&t->sig.hand->threads, struct task, thread_node);
	return t;
}

static int
queue_locked(struct task *t, struct sigpending *p, int sig, const siginfo_t *info)
{
	struct sigqueue *q;

	assert_held(&t->sig.hand->siglock);
	if (sig < SIGRTMIN && (p->set & SIG_BIT(sig)))
		return 0; /* a standard signal is pending once */
	q = kmalloc(sizeof(*q));
	if (!q) {
		if (sig >= SIGRTMIN)
			return -EAGAIN;
	} else {
		q->info = *info;
		list_add_tail(&q->sigq_link, &p->queue);
	}
	(void)t;
	p->set |= SIG_BIT(sig);
	return 0;
}

/* SIGCONT and stop signals cancel each other, as Linux's prepare_signal. */
static void
prepare_locked(struct task *t, int sig)
{
	struct sighand *h = t->sig.hand;

	assert_held(&h->siglock);
	if (sig == SIGCONT || sig == SIGKILL) {
		pending_flush(&h->shared, SIG_STOP_MASK);
		pending_flush(&t->sig.pending, SIG_STOP_MASK);
		signal_continue_locked(t);
		/* A killed group is not "continued": the parent hears CLD_KILLED. */
		if (sig == SIGKILL)
			h->notify_continued = false, h->cont_reported = true;
	} else if (SIG_BIT(sig) & SIG_STOP_MASK) {
		pending_flush(&h->shared, SIG_BIT(SIGCONT));
		pending_flush(&t->sig.pending, SIG_BIT(SIGCONT));
	}
}

int
signal_send_info(struct task *t, int sig, const siginfo_t *info, bool group)
{
	struct sighand *h = t->sig.hand;
	bool continued;
	int err = 0;

	if (!h)
		return 0; /* exiting */
	spin_lock(&h->siglock);
	prepare_locked(t, sig);
	if (!ignored_locked(t, sig) || sig == SIGKILL)
		err = queue_locked(t, group ? &h->shared : &t->sig.pending, sig, info);
	if (group)
		t = pick_thread_locked(t, sig);
	signal_recalc_locked(t);
	/* Wake under the lock: the thread picked cannot leave the group (and
	 * be freed) while we hold it. SIGKILL gets through any sleep; others
	 * only interruptible ones. */
	if (t->sig.active)
		task_wake_from(t, sig != SIGKILL);
	continued = h->notify_continued;
	h->notify_continued = false;
	if (continued)
		t = t->group_leader;
	spin_unlock(&h->siglock);
	if (continued)
		signal_notify_parent(t, CLD_CONTINUED, SIGCONT);
	return err;
}

void
signal_send(struct task *t, int sig)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_KERNEL;
	signal_send_info(t, sig, &info, false);
}

/* Synchronous signals first (the fault that just happened), then the
 * lowest number, as Linux's next_signal. */
static int
next_signal(sigset64_t ready)
{
	const sigset64_t sync = SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) |
				SIG_BIT(SIGTRAP) | SIG_BIT(SIGFPE) | SIG_BIT(SIGSYS);

	if (ready & sync)
		ready &= sync;
	return ready ? __builtin_ctzll(ready) + 1 : 0;
}

/* Take sig's oldest entry from p into info (the sighand lock held, as
 * for pending_flush()). */
static void
pending_take(struct sigpending *p, int sig, siginfo_t *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry(q, &p->queue, sigq_link) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (first) {
		*info = first->info;
		list_del(&first->sigq_link);
		kfree(first);
	} else {
		/* Queued without memory for its siginfo: what the kernel knows. */
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_KERNEL;
	}
	if (!more)
		p->set &= ~SIG_BIT(sig);
}

int
signal_dequeue_locked(struct task *t, sigset64_t allowed, siginfo_t *info)
{
	sigset64_t own = t->sig.pending.set & allowed;
	sigset64_t shared = t->sig.hand->shared.set & allowed;
	int sig = next_signal(own);

	assert_held(&t->sig.hand->siglock);
	if (sig) {
		pending_take(&t->sig.pending, sig, info);
	} else if ((sig = next_signal(shared))) {
		pending_take(&t->sig.hand->shared, sig, info);
	}
	signal_recalc_locked(t);
	return sig;
}

/*
 * Process-directed signals in gone that t will not take (it is leaving
 * the group, or has just blocked them) go to threads that can, as Linux's
 * retarget_shared_pending(): a send only flags the thread it picked, so
 * without this they would wait for the next unrelated wake-up. Caller
 * holds the sighand lock.
 */
void
signal_retarget_locked(struct task *t, sigset64_t gone)
{
	struct sighand *h = t->sig.hand;
	sigset64_t left = h->shared.set & gone;
	struct task *o;

	assert_held(&h->siglock);
	list_for_each_entry(o, &h->threads, thread_node) {
		if (!left)
			break;
		if (o == t || !(left & ~o->sig.blocked))
			continue;
		signal_recalc_locked(o);
		task_wake_from(o, true);
		left &= o->sig.blocked;
	}
}

void
signal_set_blocked(struct task *t, sigset64_t mask)
{
	struct sighand *h = t->sig.hand;
	sigset64_t newly;

	spin_lock(&h->siglock);
	newly = mask & ~SIG_UNBLOCKABLE & ~t->sig.blocked;
	t->sig.blocked = mask & ~SIG_UNBLOCKABLE;
	signal_recalc_locked(t);
	signal_retarget_locked(t, newly);
	spin_unlock(&h->siglock);
}

void
signal_restore_altstack(struct task *t, uintptr_t sp, size_t size, int flags, uintptr_t user_sp)
{
	/* As Linux's do_sigaltstack: no change while running on it. */
	if (t->sig.altstack_size && user_sp > t->sig.altstack_sp &&
	    user_sp - t->sig.altstack_sp <= t->sig.altstack_size)
		return;
	if (flags & SS_DISABLE) {
		t->sig.altstack_flags = SS_DISABLE;
		t->sig.altstack_sp = 0;
		t->sig.altstack_size = 0;
		return;
	}
	if (size < MINSIGSTKSZ)
		return;
	t->sig.altstack_sp = sp;
	t->sig.altstack_size = size;
	t->sig.altstack_flags = flags & SS_AUTODISARM;
}

/* Send sig to each process (thread-group leader) that matches, one at
 * a time: find the next one under the lock, send with the lock dropped
 * (sending takes other locks), go on from its pid. */
static int
for_each_process(bool (*match)(const struct task *, pid_t), pid_t arg, int sig,
		 const siginfo_t *info)
{
	pid_t last = 0;
	bool found = false;

	for (;;) {
		struct task *t, *next = NULL;

		spin_lock(&tasklist_lock);
		list_for_each_entry(t, &all_tasks, all_link) {
			if (t->state == TASK_ZOMBIE || t->tid != t->tgid || t->tgid <= last ||
			    !match(t, arg) || (next && next->tgid < t->tgid))
				continue;
			next = t;
		}
		if (next)
			task_get(next);
		spin_unlock(&tasklist_lock);
		if (!next)
			return found ? 0 : -ESRCH;
		found = true;
		last = next->tgid;
		if (sig)
			signal_send_info(next, sig, info, true);
		task_put(next);
	}
}

static bool
in_group(const struct task *t, pid_t pgid)
{
	return t->pgid == pgid;
}

static bool
not_init_or_self(const struct task *t, pid_t self)
{
	return t->tgid != 1 && t->tgid != self;
}

int
signal_send_group(pid_t pgid, int sig, const siginfo_t *info)
{
	return for_each_process(in_group, pgid, sig, info);
}

int
signal_send_all(int sig, const siginfo_t *info)
{
	return for_each_process(not_init_or_self, current_task()->tgid, sig, info);
}

void
signal_discard_locked(struct task *t, int sig)
{
	assert_held(&t->sig.hand->siglock);
	pending_flush(&t->sig.hand->shared, SIG_BIT(sig));
	pending_flush(&t->sig.pending, SIG_BIT(sig));
	signal_recalc_locked(t);
}

void
signal_fault(int sig, int code, uintptr_t addr, const char *what)
{
	struct task *t = current_task();
	struct sighand *h = t->sig.hand;
	struct k_sigaction *ka = &h->action[sig - 1];
	siginfo_t info;
	bool handled;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_addr = (void *)addr;
	spin_lock(&h->siglock);
	/* As Linux's force_sig: a fault cannot be blocked or ignored away. */
	if ((t->sig.blocked & SIG_BIT(sig)) || ka->handler == (uintptr_t)SIG_IGN) {
		t->sig.blocked &= ~SIG_BIT(sig);
		ka->handler = (uintptr_t)SIG_DFL;
	}
	handled = ka->handler != (uintptr_t)SIG_DFL;
	spin_unlock(&h->siglock);
	if (!handled)
		pr_info_ratelimited("%s[%d]: %s (%s) at %#lx, code %d", t->comm, t->tgid,
				    signal_name(sig), what, addr, code);
	signal_send_info(t, sig, &info, false);
}

int
signal_dequeue(struct task *t, sigset64_t allowed, siginfo_t *info)
{
	int sig;

	spin_lock(&t->sig.hand->siglock);
	sig = signal_dequeue_locked(t, allowed, info);
	spin_unlock(&t->sig.hand->siglock);
	return sig;
}

void
signal_zap_others_locked(struct task *t)
{
	struct sighand *h = t->sig.hand;
	struct task *o;

	assert_held(&h->siglock);
	list_for_each_entry(o, &h->threads, thread_node) {
		if (o == t)
			continue;
		o->sig.pending.set |= SIG_BIT(SIGKILL);
		signal_recalc_locked(o);
		task_wake_from(o, false);
	}
}
