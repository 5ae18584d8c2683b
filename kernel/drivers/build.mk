KERNEL_SRCS += kernel/drivers/console.c kernel/drivers/console_input.c \
	kernel/drivers/uart16550.c kernel/drivers/plic.c kernel/drivers/power.c \
	kernel/drivers/goldfish_rtc.c
