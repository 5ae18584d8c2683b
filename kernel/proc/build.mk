KERNEL_SRCS += kernel/proc/spinlock.c kernel/proc/sched.c kernel/proc/wait.c \
	kernel/proc/task.c kernel/proc/exec.c kernel/proc/exec_stack.c \
	kernel/proc/elf.c kernel/proc/exit.c kernel/proc/signal.c \
	kernel/proc/user_entry.c kernel/proc/init.c kernel/proc/rlimit.c \
	kernel/proc/time.c kernel/proc/fork.c kernel/proc/wait_child.c kernel/proc/signal_deliver.c kernel/proc/futex.c
KERNEL_SRCS += kernel/proc/timer.c kernel/proc/acct.c
KERNEL_SRCS += kernel/proc/ptimer.c kernel/proc/itimer.c kernel/proc/posix_timer.c
