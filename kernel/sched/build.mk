# Per-hart data, run queues, wait queues, mutexes, kernel timers, accounting.
KERNEL_SRCS += \
	kernel/sched/acct.c \
	kernel/sched/ktimer.c \
	kernel/sched/sched.c \
	kernel/sched/task.c \
	kernel/sched/wait.c
