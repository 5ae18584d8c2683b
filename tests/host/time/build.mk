# Host unit tests of kernel/time: the clock table, over the host fake
# time base, with tasks the test builds and the real accounting
# (kernel/sched/acct.c) and task list (kernel/sched/task.c).
HOST_TESTS += test_clock
test_clock_SRCS := tests/host/time/test_clock.c kernel/time/clock.c kernel/time/timekeeping.c \
	kernel/sched/acct.c kernel/sched/task.c kernel/sched/wait.c kernel/proc/signal.c \
	kernel/proc/signal_deliver.c kernel/locking/spinlock.c kernel/printk/printk.c kernel/printk/logbuf.c kernel/printk/ratelimit.c \
	kernel/mm/slab.c kernel/mm/buddy.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_sched.c tests/host/fakes/fake_proc.c \
	tests/host/fakes/fake_arch.c tests/host/fakes/fake_panic.c
