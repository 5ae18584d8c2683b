# The kernel's random-number pool.
KERNEL_SRCS += \
	kernel/random/random.c
