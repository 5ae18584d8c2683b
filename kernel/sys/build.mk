KERNEL_SRCS += kernel/sys/table.c kernel/sys/sys_rw.c \
	kernel/sys/sys_file.c kernel/sys/sys_task.c kernel/sys/sys_mm.c \
	kernel/sys/sys_info.c kernel/sys/sys_syslog.c kernel/sys/sys_random.c kernel/sys/sys_futex.c kernel/sys/sys_process.c kernel/sys/sys_cred.c kernel/sys/sys_signal.c kernel/sys/sys_poll.c
KERNEL_SRCS += kernel/sys/sys_time.c
KERNEL_SRCS += kernel/sys/sys_pipe.c kernel/sys/sys_fs_stat.c kernel/sys/sys_fs_names.c \
	kernel/sys/sys_fs_attr.c kernel/sys/sys_fs_cwd.c kernel/sys/sys_fs_dir.c
KERNEL_SRCS += kernel/sys/sys_timer.c
