# Terminals: the console's input side.
KERNEL_SRCS += \
	kernel/tty/console.c
