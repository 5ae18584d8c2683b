/*
 * Unit tests of the clock table (kernel/time/clock.c): what every fixed
 * clock id reads and allows (sleeping, timers, alarm), unknown ids, the
 * negative ids of CPU-time clocks (pid packing, the per-thread bit,
 * CLOCKFD), and reading wall-clock, monotonic and CPU time over the host
 * fake time base (10 MHz, moved by fake_time_set_ticks()) and tasks built
 * here, with their times in ticks as the scheduler's accounting keeps them.
 */
/* The kernel's UAPI signal and time types, not glibc's: keep glibc to
 * POSIX, so its <stdlib.h> brings no sigset_t or struct timeval. */
#define _POSIX_C_SOURCE 200809L

#include <asm-generic/errno.h>
#include <linux/time.h>

#include <criterion/criterion.h>
#include <limits.h>

#include "fakes/fake_arch.h"
#include "fakes/fake_mm_ram.h"
#include "fakes/fake_sched.h"
#include "mm/buddy.h"
#include "proc/signal.h"
#include "sched/task.h"
#include "time/clock.h"
#include "time/time.h"

#define TICK_NS 100ull /* the fake time base: 10 MHz */
#define WALL_NS (1700000000ull * 1000000000ull)
#define UNSET_NS UINT64_MAX

/* Linux's CPU clock ids (include/linux/posix-timers.h): ~pid << 3, the
 * per-thread bit, the kind; kind 3 without the bit is a clock fd. */
static int
cpu_clock_id(pid_t pid, bool thread, unsigned kind)
{
	return (int)((unsigned)~pid << 3) | (thread ? 4 : 0) | (int)kind;
}

static void
setup(void)
{
	fake_ram_init(PAGE_SIZE << BUDDY_MAX_ORDER);
}

TestSuite(clock_decode, .init = setup);
TestSuite(clock_read, .init = setup);

static struct clock_ref
decode(int id)
{
	struct clock_ref c;
	int err = clock_decode(id, &c);

	cr_assert_eq(err, 0, "clock %d: %d", id, err);
	cr_assert_eq(c.id, id);
	return c;
}

/* ---- fixed ids ------------------------------------------------------------------------ */

/* Short names for the table below. */
#define REAL	 CLOCK_BASE_REALTIME
#define MONO	 CLOCK_BASE_MONOTONIC
#define CPU	 CLOCK_BASE_CPU
#define NONE	 CLOCK_BASE_NONE
#define SLEEP	 CLOCK_NSLEEP_OK
#define NO_SLEEP CLOCK_NSLEEP_NONE
#define CPU_POLL CLOCK_NSLEEP_CPU

static const struct fixed_case {
	int id;
	enum clock_base base;
	enum clock_nsleep nsleep;
	bool timers, alarm;
	enum clock_base timer_base;
	bool thread;
} fixed[] = {
	/* id, base, nsleep, timers, alarm, timer base, thread */
	{ CLOCK_REALTIME, REAL, SLEEP, true, false, REAL, false },
	{ CLOCK_MONOTONIC, MONO, SLEEP, true, false, MONO, false },
	{ CLOCK_PROCESS_CPUTIME_ID, CPU, CPU_POLL, true, false, CPU, false },
	/* As Linux: the thread clock has timers but no nsleep. */
	{ CLOCK_THREAD_CPUTIME_ID, CPU, NO_SLEEP, true, false, CPU, true },
	{ CLOCK_MONOTONIC_RAW, MONO, NO_SLEEP, false, false, MONO, false },
	{ CLOCK_REALTIME_COARSE, REAL, NO_SLEEP, false, false, REAL, false },
	{ CLOCK_MONOTONIC_COARSE, MONO, NO_SLEEP, false, false, MONO, false },
	{ CLOCK_BOOTTIME, MONO, SLEEP, true, false, MONO, false },
	/* No RTC can wake the machine: alarm clocks read nothing, sleep on
	 * nothing, and their timers are refused at creation's end. */
	{ CLOCK_REALTIME_ALARM, NONE, NO_SLEEP, true, true, REAL, false },
	{ CLOCK_BOOTTIME_ALARM, NONE, NO_SLEEP, true, true, MONO, false },
	{ CLOCK_TAI, REAL, SLEEP, true, false, REAL, false },
};

Test(clock_decode, every_fixed_clock_has_linuxs_properties)
{
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		const struct fixed_case *f = &fixed[i];
		struct clock_ref c = decode(f->id);

		cr_assert_eq(c.base, f->base, "clock %d: base", f->id);
		cr_assert_eq(c.nsleep, f->nsleep, "clock %d: nsleep", f->id);
		cr_assert_eq(c.timers, f->timers, "clock %d: timers", f->id);
		cr_assert_eq(c.alarm, f->alarm, "clock %d: alarm", f->id);
		cr_assert_eq(c.timer_base, f->timer_base, "clock %d: timer base", f->id);
		cr_assert_eq(c.thread, f->thread, "clock %d: thread", f->id);
		cr_assert_eq(c.pid, 0, "clock %d: the caller", f->id);
	}
}

Test(clock_decode, the_fixed_cpu_clocks_count_time_on_a_hart)
{
	cr_assert_eq(decode(CLOCK_PROCESS_CPUTIME_ID).cpu_which, CPUCLOCK_SCHED);
	cr_assert_eq(decode(CLOCK_THREAD_CPUTIME_ID).cpu_which, CPUCLOCK_SCHED);
}

Test(clock_decode, ids_linux_does_not_know_are_einval)
{
	static const int unknown[] = { CLOCK_SGI_CYCLE, 12, 15, MAX_CLOCKS, 1000, INT_MAX };
	struct clock_ref c;

	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		cr_assert_eq(clock_decode(unknown[i], &c), -EINVAL, "clock %d", unknown[i]);
}

/* ---- negative ids ------------------------------------------------------------------------ */

Test(clock_decode, a_process_cpu_clock_unpacks_its_pid_and_kind)
{
	static const unsigned kinds[] = { CPUCLOCK_PROF, CPUCLOCK_VIRT, CPUCLOCK_SCHED };

	for (size_t i = 0; i < 3; i++) {
		struct clock_ref c = decode(cpu_clock_id(1234, false, kinds[i]));

		cr_assert_eq(c.base, CLOCK_BASE_CPU);
		cr_assert_eq(c.timer_base, CLOCK_BASE_CPU);
		cr_assert_eq(c.pid, 1234);
		cr_assert_not(c.thread);
		cr_assert_eq(c.cpu_which, kinds[i]);
		cr_assert(c.timers);
		cr_assert_eq(c.nsleep, CLOCK_NSLEEP_CPU);
		cr_assert_not(c.alarm);
	}
}

Test(clock_decode, the_per_thread_bit_makes_a_thread_clock)
{
	struct clock_ref c = decode(cpu_clock_id(77, true, CPUCLOCK_VIRT));

	cr_assert(c.thread);
	cr_assert_eq(c.pid, 77);
	cr_assert_eq(c.cpu_which, CPUCLOCK_VIRT);
}

Test(clock_decode, pid_zero_is_the_caller_and_the_largest_pid_survives)
{
	cr_assert_eq(decode(cpu_clock_id(0, false, CPUCLOCK_PROF)).pid, 0);
	cr_assert_eq(decode(cpu_clock_id(0, false, CPUCLOCK_PROF)).id, -8, "Linux's -8");
	cr_assert_eq(decode(cpu_clock_id(0, true, CPUCLOCK_SCHED)).id, -2, "and -2");
	cr_assert_eq(decode(cpu_clock_id(4194304, true, CPUCLOCK_SCHED)).pid, 4194304);
}

Test(clock_decode, a_clock_fd_has_no_timers_and_no_sleep)
{
	struct clock_ref c = decode(cpu_clock_id(3, false, 3)); /* fd 3 */

	cr_assert_eq(c.base, CLOCK_BASE_NONE);
	cr_assert_eq(c.nsleep, CLOCK_NSLEEP_NONE);
	cr_assert_not(c.timers);
}

Test(clock_decode, kind_three_with_the_thread_bit_is_a_cpu_clock_that_cannot_be_read)
{
	struct clock_ref c = decode(cpu_clock_id(0, true, 3));
	uint64_t ns;

	cr_assert_eq(c.base, CLOCK_BASE_CPU);
	cr_assert_eq(clock_read(&c, &ns), -EINVAL, "as Linux: CPUCLOCK_WHICH >= CPUCLOCK_MAX");
}

/* ---- reading ------------------------------------------------------------------------------ */

static uint64_t
read_ns(int id)
{
	struct clock_ref c = decode(id);
	uint64_t ns = UNSET_NS;
	int err = clock_read(&c, &ns);

	cr_assert_eq(err, 0, "clock %d: %d", id, err);
	return ns;
}

static int
read_err(int id)
{
	struct clock_ref c = decode(id);
	uint64_t ns = UNSET_NS;
	int err = clock_read(&c, &ns);

	if (err)
		cr_assert_eq(ns, UNSET_NS, "a failed read leaves the result alone");
	return err;
}

Test(clock_read, monotonic_clocks_read_the_time_base)
{
	fake_time_set_ticks(12345);
	cr_assert_eq(read_ns(CLOCK_MONOTONIC), 12345 * TICK_NS);
	cr_assert_eq(read_ns(CLOCK_BOOTTIME), 12345 * TICK_NS);
	cr_assert_eq(read_ns(CLOCK_MONOTONIC_RAW), 12345 * TICK_NS);
	cr_assert_eq(read_ns(CLOCK_MONOTONIC_COARSE), 12345 * TICK_NS);
}

Test(clock_read, realtime_is_the_boot_wall_clock_plus_time_since)
{
	fake_time_set_ticks(1000);
	time_init(WALL_NS);
	cr_assert_eq(read_ns(CLOCK_REALTIME), WALL_NS);
	fake_time_set_ticks(1000 + 10000000); /* one second on */
	cr_assert_eq(read_ns(CLOCK_REALTIME), WALL_NS + 1000000000ull);
	cr_assert_eq(read_ns(CLOCK_REALTIME_COARSE), WALL_NS + 1000000000ull);
	cr_assert_eq(read_ns(CLOCK_TAI), WALL_NS + 1000000000ull, "TAI - UTC is 0");
	cr_assert_eq(read_ns(CLOCK_MONOTONIC), (1000 + 10000000) * TICK_NS);
}

Test(clock_read, without_an_rtc_realtime_starts_at_the_epoch)
{
	fake_time_set_ticks(500);
	time_init(0);
	cr_assert_eq(read_ns(CLOCK_REALTIME), 500 * TICK_NS);
}

Test(clock_read, alarm_clocks_and_clock_fds_cannot_be_read)
{
	cr_assert_eq(read_err(CLOCK_REALTIME_ALARM), -EINVAL);
	cr_assert_eq(read_err(CLOCK_BOOTTIME_ALARM), -EINVAL);
	cr_assert_eq(read_err(cpu_clock_id(3, false, 3)), -EINVAL);
}

/* ---- CPU clocks -------------------------------------------------------------------------------- */

static struct task tasks[4];
static int ntasks;

/* A task with its times, listed for lookups by id; a thread of leader's
 * process, or (leader NULL) a new process. */
static struct task *
new_task(pid_t tid, struct task *leader, uint64_t uticks, uint64_t sticks)
{
	struct task *t = &tasks[ntasks++];

	t->tid = tid;
	t->tgid = leader ? leader->tgid : tid;
	t->group_leader = leader ? leader : t;
	t->refs = 1;
	t->utime_ticks = uticks;
	t->stime_ticks = sticks;
	cr_assert_eq(signal_task_init(t, leader, leader != NULL), 0);
	list_add_tail(&t->all_link, &all_tasks);
	return t;
}

static uint64_t
read_cpu(pid_t pid, bool thread, unsigned kind)
{
	return read_ns(cpu_clock_id(pid, thread, kind));
}

static int
read_cpu_err(pid_t pid, bool thread, unsigned kind)
{
	return read_err(cpu_clock_id(pid, thread, kind));
}

Test(clock_read, the_thread_clocks_read_the_callers_times)
{
	struct task *self = new_task(10, NULL, 300, 40);

	new_task(11, self, 1000, 1000);
	fake_sched_set_current(self);
	cr_assert_eq(read_ns(CLOCK_THREAD_CPUTIME_ID), 340 * TICK_NS);
	cr_assert_eq(read_cpu(0, true, CPUCLOCK_SCHED), 340 * TICK_NS);
	cr_assert_eq(read_cpu(0, true, CPUCLOCK_PROF), 340 * TICK_NS);
	cr_assert_eq(read_cpu(0, true, CPUCLOCK_VIRT), 300 * TICK_NS, "user time only");
	cr_assert_eq(read_cpu(10, true, CPUCLOCK_VIRT), 300 * TICK_NS, "by its own id");
}

Test(clock_read, the_process_clocks_add_up_every_thread)
{
	struct task *self = new_task(10, NULL, 300, 40);

	new_task(11, self, 1000, 2000);
	self->group_dead_utime_ticks = 5; /* an exited thread's */
	self->group_dead_stime_ticks = 6;
	fake_sched_set_current(self);
	cr_assert_eq(read_ns(CLOCK_PROCESS_CPUTIME_ID), 3351 * TICK_NS);
	cr_assert_eq(read_cpu(0, false, CPUCLOCK_VIRT), 1305 * TICK_NS);
	cr_assert_eq(read_cpu(10, false, CPUCLOCK_PROF), 3351 * TICK_NS);
}

Test(clock_read, another_threads_clock_of_the_same_process_can_be_read)
{
	struct task *self = new_task(10, NULL, 1, 1);

	new_task(11, self, 70, 7);
	fake_sched_set_current(self);
	cr_assert_eq(read_cpu(11, true, CPUCLOCK_SCHED), 77 * TICK_NS);
}

Test(clock_read, a_thread_clock_of_another_process_is_einval)
{
	struct task *self = new_task(10, NULL, 1, 1);

	new_task(20, NULL, 5, 5);
	fake_sched_set_current(self);
	cr_assert_eq(read_cpu_err(20, true, CPUCLOCK_SCHED), -EINVAL);
}

Test(clock_read, another_processs_clock_can_be_read_by_its_pid)
{
	struct task *self = new_task(10, NULL, 1, 1), *other = new_task(20, NULL, 5, 6);

	new_task(21, other, 10, 20);
	fake_sched_set_current(self);
	cr_assert_eq(read_cpu(20, false, CPUCLOCK_SCHED), 41 * TICK_NS);
}

Test(clock_read, a_process_clock_by_a_threads_id_is_einval)
{
	/* As Linux's pid_for_clock(): the id must name a process... */
	struct task *self = new_task(10, NULL, 1, 1), *other = new_task(20, NULL, 5, 6);

	new_task(21, other, 10, 20);
	fake_sched_set_current(self);
	cr_assert_eq(read_cpu_err(21, false, CPUCLOCK_SCHED), -EINVAL);
}

Test(clock_read, a_process_clock_may_name_the_caller_by_its_thread_id)
{
	/* ...except the caller's own, for clock_gettime. */
	struct task *leader = new_task(10, NULL, 1, 2), *self = new_task(11, leader, 3, 4);

	fake_sched_set_current(self);
	cr_assert_eq(read_cpu(11, false, CPUCLOCK_SCHED), 10 * TICK_NS);
}

Test(clock_read, a_clock_of_no_such_task_is_einval)
{
	struct task *self = new_task(10, NULL, 1, 1);

	fake_sched_set_current(self);
	cr_assert_eq(read_cpu_err(999, false, CPUCLOCK_SCHED), -EINVAL);
	cr_assert_eq(read_cpu_err(999, true, CPUCLOCK_SCHED), -EINVAL);
}

Test(clock_read, a_zombies_clock_can_still_be_read)
{
	/* As Linux: until it is reaped, its pid still names it. */
	struct task *self = new_task(10, NULL, 1, 1), *z = new_task(20, NULL, 5, 5);

	z->state = TASK_ZOMBIE;
	fake_sched_set_current(self);
	cr_assert_eq(read_cpu(20, false, CPUCLOCK_SCHED), 10 * TICK_NS);
}
