# Timekeeping and the clock table.
KERNEL_SRCS += kernel/time/clock.c kernel/time/timekeeping.c
