KERNEL_SRCS += kernel/main.c kernel/panic.c
