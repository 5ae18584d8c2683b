KERNEL_SRCS += \
	kernel/drivers/uart16550.c kernel/drivers/plic.c \
	kernel/drivers/goldfish_rtc.c
