KERNEL_SRCS += kernel/lib/string.c kernel/lib/printf.c kernel/lib/fdt.c \
	kernel/lib/bootinfo.c kernel/lib/cpio.c kernel/lib/ksyms.c \
	kernel/lib/cmdline.c kernel/lib/random.c kernel/lib/bitops.c
