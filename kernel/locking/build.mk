# Spinlocks and the per-hart interrupt nesting they keep.
KERNEL_SRCS += \
	kernel/locking/spinlock.c
