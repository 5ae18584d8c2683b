# The kernel log and the console output sink.
KERNEL_SRCS += \
	kernel/printk/printk.c \
	kernel/printk/ratelimit.c
