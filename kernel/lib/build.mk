KERNEL_SRCS += kernel/lib/string.c kernel/lib/printf.c kernel/lib/fdt.c \
	kernel/lib/cpio.c kernel/lib/ksyms.c \
	kernel/lib/cmdline.c kernel/lib/bitops.c
