# Task life cycle: fork, exec and ELF, exit, wait, signals, futexes, process timers, pid 1.
KERNEL_SRCS += \
	kernel/proc/elf.c \
	kernel/proc/exec.c \
	kernel/proc/exec_stack.c \
	kernel/proc/exit.c \
	kernel/proc/fork.c \
	kernel/proc/futex.c \
	kernel/proc/init.c \
	kernel/proc/itimer.c \
	kernel/proc/posix_timer.c \
	kernel/proc/ptimer.c \
	kernel/proc/rlimit.c \
	kernel/proc/signal.c \
	kernel/proc/signal_deliver.c \
	kernel/proc/task.c \
	kernel/proc/user_entry.c \
	kernel/proc/wait_child.c
