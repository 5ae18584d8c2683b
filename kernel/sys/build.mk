KERNEL_SRCS += kernel/sys/table.c kernel/sys/util.c kernel/sys/sys_rw.c \
	kernel/sys/sys_file.c kernel/sys/sys_proc.c kernel/sys/sys_mm.c \
	kernel/sys/sys_misc.c kernel/sys/sys_process.c kernel/sys/sys_cred.c
