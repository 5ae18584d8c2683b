/*
 * Unit tests of the signal state machine (kernel/proc/signal.c, with the
 * continue and parent-notification steps of signal_deliver.c): sending
 * and queueing, blocking, ignoring, the dequeue order, picking and
 * retargeting the thread of a process-directed signal, stop and continue
 * signals cancelling each other. Tasks are built here; the scheduler is
 * the host fake (tests/host/fakes/fake_sched.c), which moves task states
 * as the real one does, so a wake-up shows as a sleeping task made
 * runnable.
 */
/* The kernel's UAPI signal and time types, not glibc's: keep glibc to
 * POSIX, so its <stdlib.h> brings no sigset_t or struct timeval. */
#define _POSIX_C_SOURCE 200809L

#include <asm-generic/errno.h>

#include <criterion/criterion.h>
#include <string.h>

#include "fakes/fake_mem.h"
#include "fakes/fake_mm_ram.h"
#include "fakes/fake_sched.h"
#include "mm/buddy.h"
#include "mm/slab.h"
#include "proc/signal.h"
#include "proc/signal_internal.h"
#include "sched/task.h"
#include "sched/wait.h"

#define RAM_BYTES (2 * (PAGE_SIZE << BUDDY_MAX_ORDER))
#define HANDLER	  0x1000ul /* a user address: "has a handler" */

static void
setup(void)
{
	fake_ram_init(RAM_BYTES);
}

TestSuite(signal, .init = setup);
TestSuite(signal_order, .init = setup);
TestSuite(signal_threads, .init = setup);
TestSuite(signal_stop, .init = setup);

/* ---- building tasks ----------------------------------------------------------------- */

static struct task tasks[8];
static int ntasks;

/* A new process (leader NULL) or a thread of leader's process. */
static struct task *
new_task(pid_t tid, struct task *leader)
{
	struct task *t;

	cr_assert_lt(ntasks, (int)(sizeof(tasks) / sizeof(tasks[0])));
	t = &tasks[ntasks++];
	t->tid = tid;
	t->tgid = leader ? leader->tgid : tid;
	t->group_leader = leader ? leader : t;
	t->pgid = t->tgid;
	t->refs = 1;
	t->state = TASK_RUNNABLE;
	list_init(&t->children);
	wq_init(&t->child_exit, "child_exit");
	cr_assert_eq(signal_task_init(t, leader, leader != NULL), 0);
	return t;
}

static struct task *
new_process(pid_t pid)
{
	return new_task(pid, NULL);
}

static void
set_action(struct task *t, int sig, uintptr_t handler)
{
	t->sig.hand->action[sig - 1].handler = handler;
}

static siginfo_t
info_for(int sig, int code, int value)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_int = value;
	return info;
}

static int
send(struct task *t, int sig, bool group)
{
	siginfo_t info = info_for(sig, SI_USER, 0);

	return signal_send_info(t, sig, &info, group);
}

static int
dequeue(struct task *t, siginfo_t *info)
{
	siginfo_t ignored;

	return signal_dequeue(t, ~t->sig.blocked, info ? info : &ignored);
}

static bool
active(const struct task *t)
{
	return __atomic_load_n(&t->sig.active, __ATOMIC_ACQUIRE);
}

static bool
pending(const struct task *t, int sig)
{
	return ((t->sig.pending.set | t->sig.hand->shared.set) & SIG_BIT(sig)) != 0;
}

static void
block(struct task *t, int sig)
{
	signal_set_blocked(t, t->sig.blocked | SIG_BIT(sig));
}

static void
unblock(struct task *t, int sig)
{
	signal_set_blocked(t, t->sig.blocked & ~SIG_BIT(sig));
}

static void
count_objects(const struct kmem_cache_stats *st, void *arg)
{
	*(size_t *)arg += st->inuse;
}

static size_t
objects_in_use(void)
{
	size_t n = 0;

	kmem_cache_for_each(count_objects, &n);
	return n;
}

/* ---- sending and queueing ---------------------------------------------------------------- */

Test(signal, a_sent_signal_is_pending_once_and_dequeued_with_its_info)
{
	struct task *t = new_process(10);
	siginfo_t in = info_for(SIGUSR1, SI_QUEUE, 42), out;

	cr_assert_eq(signal_send_info(t, SIGUSR1, &in, false), 0);
	cr_assert(pending(t, SIGUSR1));
	cr_assert(active(t));
	cr_assert_eq(dequeue(t, &out), SIGUSR1);
	cr_assert_eq(out.si_code, SI_QUEUE);
	cr_assert_eq(out.si_int, 42);
	cr_assert_not(active(t));
	cr_assert_eq(dequeue(t, NULL), 0);
}

Test(signal, a_standard_signal_sent_twice_is_pending_once)
{
	struct task *t = new_process(10);
	siginfo_t out;

	send(t, SIGUSR1, false);
	cr_assert_eq(signal_send_info(t, SIGUSR1, &(siginfo_t){ .si_signo = SIGUSR1 }, false), 0);
	cr_assert_eq(dequeue(t, &out), SIGUSR1);
	cr_assert_eq(out.si_code, SI_USER, "the first one's info is kept");
	cr_assert_eq(dequeue(t, NULL), 0);
}

Test(signal, real_time_signals_queue_every_instance_in_order)
{
	struct task *t = new_process(10);
	siginfo_t in, out;

	for (int v = 1; v <= 3; v++) {
		in = info_for(SIGRTMIN, SI_QUEUE, v);
		cr_assert_eq(signal_send_info(t, SIGRTMIN, &in, false), 0);
	}
	for (int v = 1; v <= 3; v++) {
		cr_assert_eq(dequeue(t, &out), SIGRTMIN);
		cr_assert_eq(out.si_int, v, "instance %d", v);
		cr_assert_eq(pending(t, SIGRTMIN), v < 3, "pending while instances are left");
	}
	cr_assert_eq(dequeue(t, NULL), 0);
}

Test(signal, a_real_time_signal_without_memory_is_eagain)
{
	struct task *t = new_process(10);

	fake_mem_exhaust();
	cr_assert_eq(send(t, SIGRTMIN + 1, false), -EAGAIN);
	cr_assert_not(pending(t, SIGRTMIN + 1));
	fake_mem_release();
}

Test(signal, a_standard_signal_without_memory_still_arrives)
{
	struct task *t = new_process(10);
	siginfo_t out;

	fake_mem_exhaust();
	cr_assert_eq(send(t, SIGTERM, false), 0);
	fake_mem_release();
	cr_assert_eq(dequeue(t, &out), SIGTERM);
	cr_assert_eq(out.si_signo, SIGTERM);
	cr_assert_eq(out.si_code, SI_KERNEL, "what the kernel knows without the queued info");
}

Test(signal, a_task_without_signal_state_is_skipped)
{
	struct task *t = new_process(10);

	signal_task_release(t);
	cr_assert_eq(send(t, SIGKILL, false), 0);
}

Test(signal, releasing_a_task_frees_its_queued_signals)
{
	size_t before = objects_in_use();
	struct task *t = new_process(10);

	for (int i = 0; i < 8; i++)
		send(t, SIGRTMIN, false);
	send(t, SIGUSR1, true);
	signal_task_release(t);
	cr_assert_eq(objects_in_use(), before, "queues and the sighand are gone");
}

/* ---- blocking and ignoring ----------------------------------------------------------------- */

Test(signal, a_blocked_signal_waits_until_unblocked)
{
	struct task *t = new_process(10);

	block(t, SIGUSR1);
	send(t, SIGUSR1, false);
	cr_assert(pending(t, SIGUSR1));
	cr_assert_not(active(t));
	cr_assert_eq(dequeue(t, NULL), 0);
	unblock(t, SIGUSR1);
	cr_assert(active(t));
	cr_assert_eq(dequeue(t, NULL), SIGUSR1);
}

Test(signal, sigkill_and_sigstop_cannot_be_blocked)
{
	struct task *t = new_process(10);

	signal_set_blocked(t, ~0ull);
	cr_assert_eq(t->sig.blocked, ~0ull & ~SIG_UNBLOCKABLE);
	send(t, SIGKILL, false);
	cr_assert(active(t));
}

Test(signal, a_blocked_mask_is_inherited_by_a_new_thread)
{
	struct task *t = new_process(10), *u;

	block(t, SIGUSR2);
	u = new_task(11, t);
	cr_assert_eq(u->sig.blocked, SIG_BIT(SIGUSR2));
	cr_assert_eq(u->sig.hand, t->sig.hand);
}

Test(signal, an_ignored_signal_is_dropped_when_sent)
{
	struct task *t = new_process(10);

	set_action(t, SIGUSR1, (uintptr_t)SIG_IGN);
	cr_assert_eq(send(t, SIGUSR1, false), 0);
	cr_assert_not(pending(t, SIGUSR1));
	cr_assert_not(active(t));
}

Test(signal, signals_ignored_by_default_are_dropped)
{
	static const int sigs[] = { SIGCHLD, SIGURG, SIGWINCH, SIGCONT };
	struct task *t = new_process(10);

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		cr_assert(signal_default_ignores(sigs[i]));
		send(t, sigs[i], false);
		cr_assert_not(pending(t, sigs[i]), "%s", signal_name(sigs[i]));
	}
	cr_assert_not(signal_default_ignores(SIGTERM));
}

Test(signal, an_ignored_signal_that_is_blocked_is_kept)
{
	/* As Linux: its action may change before it is unblocked. */
	struct task *t = new_process(10);

	set_action(t, SIGUSR1, (uintptr_t)SIG_IGN);
	block(t, SIGUSR1);
	send(t, SIGUSR1, false);
	cr_assert(pending(t, SIGUSR1));
}

Test(signal, a_handled_signal_ignored_by_default_is_kept)
{
	struct task *t = new_process(10);

	set_action(t, SIGCHLD, HANDLER);
	send(t, SIGCHLD, false);
	cr_assert(pending(t, SIGCHLD));
}

Test(signal, sigkill_gets_through_an_ignore)
{
	struct task *t = new_process(10);

	set_action(t, SIGKILL, (uintptr_t)SIG_IGN);
	send(t, SIGKILL, false);
	cr_assert(pending(t, SIGKILL));
}

Test(signal, discarding_drops_every_pending_instance)
{
	struct task *t = new_process(10);

	block(t, SIGRTMIN);
	block(t, SIGUSR1);
	send(t, SIGRTMIN, false);
	send(t, SIGRTMIN, true);
	send(t, SIGUSR1, false);
	spin_lock(&t->sig.hand->siglock);
	signal_discard_locked(t, SIGRTMIN);
	spin_unlock(&t->sig.hand->siglock);
	cr_assert_not(pending(t, SIGRTMIN));
	cr_assert(pending(t, SIGUSR1), "other signals stay");
}

Test(signal, exec_resets_handlers_but_keeps_ignores_and_pending_signals)
{
	struct task *t = new_process(10);

	set_action(t, SIGUSR1, HANDLER);
	set_action(t, SIGUSR2, (uintptr_t)SIG_IGN);
	t->sig.hand->action[SIGUSR1 - 1].mask = SIG_BIT(SIGINT);
	block(t, SIGTERM);
	send(t, SIGTERM, false);
	cr_assert_eq(signal_exec_reset(t), 0);
	cr_assert_eq(t->sig.hand->action[SIGUSR1 - 1].handler, (uintptr_t)SIG_DFL);
	cr_assert_eq(t->sig.hand->action[SIGUSR1 - 1].mask, 0);
	cr_assert_eq(t->sig.hand->action[SIGUSR2 - 1].handler, (uintptr_t)SIG_IGN);
	cr_assert(pending(t, SIGTERM));
	cr_assert_eq(t->sig.blocked, SIG_BIT(SIGTERM), "the mask survives exec");
}

Test(signal, a_fault_cannot_be_blocked_or_ignored_away)
{
	struct task *t = new_process(10);
	siginfo_t out;

	fake_sched_set_current(t);
	block(t, SIGSEGV);
	set_action(t, SIGSEGV, (uintptr_t)SIG_IGN);
	signal_fault(SIGSEGV, SEGV_MAPERR, 0xdead, "test");
	cr_assert_eq(t->sig.blocked & SIG_BIT(SIGSEGV), 0);
	cr_assert_eq(t->sig.hand->action[SIGSEGV - 1].handler, (uintptr_t)SIG_DFL);
	cr_assert_eq(dequeue(t, &out), SIGSEGV);
	cr_assert_eq(out.si_code, SEGV_MAPERR);
	cr_assert_eq((uintptr_t)out.si_addr, 0xdead);
}

Test(signal, names_are_linuxs)
{
	cr_assert_str_eq(signal_name(SIGKILL), "SIGKILL");
	cr_assert_str_eq(signal_name(SIGSYS), "SIGSYS");
	cr_assert_str_eq(signal_name(SIGRTMIN), "SIGRT");
	cr_assert_str_eq(signal_name(0), "SIGRT");
}

/* ---- dequeue order -------------------------------------------------------------------------- */

Test(signal_order, the_lowest_number_comes_first)
{
	struct task *t = new_process(10);

	send(t, SIGTERM, false);
	send(t, SIGRTMIN, false);
	send(t, SIGUSR2, false);
	send(t, SIGINT, false);
	cr_assert_eq(dequeue(t, NULL), SIGINT);
	cr_assert_eq(dequeue(t, NULL), SIGUSR2);
	cr_assert_eq(dequeue(t, NULL), SIGTERM);
	cr_assert_eq(dequeue(t, NULL), SIGRTMIN);
}

Test(signal_order, synchronous_signals_come_before_lower_numbers)
{
	struct task *t = new_process(10);

	send(t, SIGINT, false);
	send(t, SIGSEGV, false);
	cr_assert_eq(dequeue(t, NULL), SIGSEGV);
	cr_assert_eq(dequeue(t, NULL), SIGINT);
}

Test(signal_order, the_threads_own_signals_come_before_the_processs)
{
	struct task *t = new_process(10);

	send(t, SIGINT, true);
	send(t, SIGUSR2, false);
	cr_assert_eq(dequeue(t, NULL), SIGUSR2);
	cr_assert_eq(dequeue(t, NULL), SIGINT);
}

Test(signal_order, only_allowed_signals_are_taken)
{
	struct task *t = new_process(10);
	siginfo_t out;

	send(t, SIGINT, false);
	send(t, SIGUSR1, true);
	cr_assert_eq(signal_dequeue(t, SIG_BIT(SIGUSR1), &out), SIGUSR1);
	cr_assert_eq(signal_dequeue(t, SIG_BIT(SIGUSR1), &out), 0);
	cr_assert_eq(signal_dequeue(t, ~0ull, &out), SIGINT);
}

/* ---- threads: waking, picking, retargeting ----------------------------------------------------- */

Test(signal_threads, a_signal_wakes_an_interruptible_sleeper)
{
	struct task *t = new_process(10);

	t->state = TASK_SLEEPING;
	send(t, SIGUSR1, false);
	cr_assert_eq(t->state, TASK_RUNNABLE);
}

Test(signal_threads, a_blocked_signal_wakes_nobody)
{
	struct task *t = new_process(10);

	block(t, SIGUSR1);
	t->state = TASK_SLEEPING;
	send(t, SIGUSR1, false);
	cr_assert_eq(t->state, TASK_SLEEPING);
}

Test(signal_threads, only_sigkill_wakes_an_uninterruptible_sleeper)
{
	struct task *t = new_process(10);

	t->state = TASK_SLEEPING_UNINT;
	send(t, SIGTERM, false);
	cr_assert_eq(t->state, TASK_SLEEPING_UNINT);
	send(t, SIGKILL, false);
	cr_assert_eq(t->state, TASK_RUNNABLE);
}

Test(signal_threads, a_process_signal_goes_to_a_thread_that_does_not_block_it)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader);

	block(leader, SIGUSR1);
	leader->state = t2->state = TASK_SLEEPING;
	send(leader, SIGUSR1, true);
	cr_assert_not(active(leader));
	cr_assert_eq(leader->state, TASK_SLEEPING);
	cr_assert(active(t2));
	cr_assert_eq(t2->state, TASK_RUNNABLE);
	cr_assert_eq(dequeue(t2, NULL), SIGUSR1, "from the shared queue");
}

Test(signal_threads, a_process_signal_prefers_the_thread_it_was_sent_to)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader);

	send(t2, SIGUSR1, true);
	cr_assert(active(t2));
	cr_assert_not(active(leader));
}

Test(signal_threads, a_process_signal_sent_to_an_exiting_thread_goes_to_another)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader);

	t2->exiting = true;
	send(t2, SIGUSR1, true);
	cr_assert(active(leader));
	cr_assert_not(active(t2));
}

Test(signal_threads, a_leaving_thread_hands_its_process_signals_on)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader);

	send(leader, SIGUSR1, true);
	cr_assert_not(active(t2));
	/* What task_exit() does as the leader leaves its group. */
	spin_lock(&leader->sig.hand->siglock);
	list_del(&leader->thread_node);
	signal_retarget_locked(leader, ~0ull);
	spin_unlock(&leader->sig.hand->siglock);
	cr_assert(active(t2));
	cr_assert_eq(dequeue(t2, NULL), SIGUSR1);
}

Test(signal_threads, a_thread_signal_stays_with_its_thread)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader);

	block(leader, SIGUSR1);
	send(leader, SIGUSR1, false);
	cr_assert_not(active(t2));
	cr_assert_eq(dequeue(t2, NULL), 0);
}

Test(signal_threads, blocking_hands_a_process_signal_to_another_thread)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader);

	send(leader, SIGUSR1, true);
	cr_assert(active(leader));
	cr_assert_not(active(t2), "only the picked thread is told");
	t2->state = TASK_SLEEPING;
	block(leader, SIGUSR1);
	cr_assert(active(t2));
	cr_assert_eq(t2->state, TASK_RUNNABLE);
	cr_assert_not(active(leader));
}

Test(signal_threads, retargeting_skips_threads_that_block_the_signal)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader),
		    *t3 = new_task(12, leader);

	block(t2, SIGUSR1);
	send(leader, SIGUSR1, true);
	t2->state = t3->state = TASK_SLEEPING;
	block(leader, SIGUSR1);
	cr_assert_eq(t2->state, TASK_SLEEPING);
	cr_assert(active(t3));
	cr_assert_eq(t3->state, TASK_RUNNABLE);
}

Test(signal_threads, unblocking_a_process_signal_makes_it_active)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader);

	block(leader, SIGUSR1);
	block(t2, SIGUSR1);
	send(leader, SIGUSR1, true);
	cr_assert_not(active(leader));
	cr_assert_not(active(t2));
	unblock(t2, SIGUSR1);
	cr_assert(active(t2));
}

Test(signal_threads, zapping_kills_every_other_thread)
{
	struct task *leader = new_process(10), *t2 = new_task(11, leader),
		    *t3 = new_task(12, leader);

	t2->state = TASK_SLEEPING_UNINT;
	spin_lock(&leader->sig.hand->siglock);
	signal_zap_others_locked(leader);
	spin_unlock(&leader->sig.hand->siglock);
	cr_assert_not(active(leader));
	cr_assert(active(t2));
	cr_assert(active(t3));
	cr_assert_eq(t2->state, TASK_RUNNABLE, "SIGKILL wakes any sleep");
	cr_assert_eq(dequeue(t3, NULL), SIGKILL);
}

Test(signal_threads, a_group_signal_reaches_every_process_of_the_group)
{
	struct task *a = new_process(20), *b = new_process(21), *c = new_process(22);
	siginfo_t info = info_for(SIGUSR1, SI_USER, 0);

	list_add_tail(&a->all_link, &all_tasks);
	list_add_tail(&b->all_link, &all_tasks);
	list_add_tail(&c->all_link, &all_tasks);
	b->pgid = c->pgid = 20;
	cr_assert_eq(signal_send_group(20, SIGUSR1, &info), 0);
	cr_assert(pending(a, SIGUSR1));
	cr_assert(pending(b, SIGUSR1));
	cr_assert(pending(c, SIGUSR1));
	cr_assert_eq(signal_send_group(99, SIGUSR1, &info), -ESRCH);
	c->state = TASK_ZOMBIE;
	b->pgid = 30;
	c->pgid = 30;
	cr_assert_eq(signal_send_group(30, 0, &info), 0, "signal 0 only checks");
	c->pgid = 31;
	cr_assert_eq(signal_send_group(31, SIGUSR1, &info), -ESRCH, "zombies do not count");
}

Test(signal_threads, kill_all_spares_init_and_the_caller)
{
	struct task *init = new_process(1), *self = new_process(20), *other = new_process(21);
	siginfo_t info = info_for(SIGTERM, SI_USER, 0);

	list_add_tail(&init->all_link, &all_tasks);
	list_add_tail(&self->all_link, &all_tasks);
	list_add_tail(&other->all_link, &all_tasks);
	fake_sched_set_current(self);
	cr_assert_eq(signal_send_all(SIGTERM, &info), 0);
	cr_assert_not(pending(init, SIGTERM));
	cr_assert_not(pending(self, SIGTERM));
	cr_assert(pending(other, SIGTERM));
}

/* ---- stop and continue ---------------------------------------------------------------------------- */

Test(signal_stop, sigcont_discards_pending_stop_signals)
{
	struct task *t = new_process(10);

	block(t, SIGTSTP);
	block(t, SIGTTIN);
	send(t, SIGTSTP, false);
	send(t, SIGTTIN, true);
	set_action(t, SIGCONT, HANDLER);
	send(t, SIGCONT, false);
	cr_assert_not(pending(t, SIGTSTP));
	cr_assert_not(pending(t, SIGTTIN));
	cr_assert(pending(t, SIGCONT));
}

Test(signal_stop, a_stop_signal_discards_a_pending_sigcont)
{
	struct task *t = new_process(10);

	set_action(t, SIGCONT, HANDLER);
	block(t, SIGCONT);
	send(t, SIGCONT, false);
	send(t, SIGSTOP, false);
	cr_assert_not(pending(t, SIGCONT));
	cr_assert(pending(t, SIGSTOP));
}

Test(signal_stop, sigkill_discards_pending_stop_signals)
{
	struct task *t = new_process(10);

	block(t, SIGTSTP);
	send(t, SIGTSTP, false);
	send(t, SIGKILL, false);
	cr_assert_not(pending(t, SIGTSTP));
	cr_assert(pending(t, SIGKILL));
}

/* A process whose parent handles SIGCHLD, with its group stopped. */
static struct task *
stopped_child(struct task *parent, pid_t pid, struct task **thread)
{
	struct task *c = new_process(pid);

	c->parent = parent;
	*thread = new_task(pid + 1, c);
	c->state = (*thread)->state = TASK_STOPPED;
	c->sig.hand->stopped = true;
	c->sig.hand->stop_signal = SIGSTOP;
	return c;
}

Test(signal_stop, sigcont_resumes_a_stopped_group_and_tells_the_parent)
{
	struct task *parent = new_process(5), *t2, *c = stopped_child(parent, 10, &t2);
	siginfo_t out;

	set_action(parent, SIGCHLD, HANDLER);
	send(c, SIGCONT, true);
	cr_assert_not(c->sig.hand->stopped);
	cr_assert_eq(c->state, TASK_RUNNABLE);
	cr_assert_eq(t2->state, TASK_RUNNABLE);
	cr_assert_eq(dequeue(parent, &out), SIGCHLD);
	cr_assert_eq(out.si_code, CLD_CONTINUED);
	cr_assert_eq(out.si_pid, 10);
	cr_assert_eq(out.si_status, SIGCONT);
}

Test(signal_stop, sa_nocldstop_spares_the_parent_the_continue)
{
	struct task *parent = new_process(5), *t2, *c = stopped_child(parent, 10, &t2);

	set_action(parent, SIGCHLD, HANDLER);
	parent->sig.hand->action[SIGCHLD - 1].flags = SA_NOCLDSTOP;
	send(c, SIGCONT, true);
	cr_assert_not(c->sig.hand->stopped);
	cr_assert_not(pending(parent, SIGCHLD));
}

Test(signal_stop, sigkill_resumes_a_stopped_group_without_a_continue)
{
	struct task *parent = new_process(5), *t2, *c = stopped_child(parent, 10, &t2);

	set_action(parent, SIGCHLD, HANDLER);
	send(c, SIGKILL, true);
	cr_assert_not(c->sig.hand->stopped);
	cr_assert_eq(t2->state, TASK_RUNNABLE);
	cr_assert_not(pending(parent, SIGCHLD), "the parent will hear CLD_KILLED instead");
	cr_assert(c->sig.hand->cont_reported);
}

Test(signal_stop, a_stopped_group_is_active_whatever_it_blocks)
{
	struct task *t = new_process(10);

	signal_set_blocked(t, ~0ull);
	spin_lock(&t->sig.hand->siglock);
	t->sig.hand->stopped = true;
	signal_recalc_locked(t);
	spin_unlock(&t->sig.hand->siglock);
	cr_assert(active(t));
}
