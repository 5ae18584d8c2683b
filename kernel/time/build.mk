# Timekeeping and the clock table.
KERNEL_SRCS += \
	kernel/time/timekeeping.c
