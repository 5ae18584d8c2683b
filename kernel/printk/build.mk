# The kernel log (its ring buffer and rate limits) and the console output sink.
KERNEL_SRCS += \
	kernel/printk/logbuf.c \
	kernel/printk/printk.c \
	kernel/printk/ratelimit.c
