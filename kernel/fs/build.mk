KERNEL_SRCS += kernel/fs/inode.c kernel/fs/file.c kernel/fs/fdtable.c \
	kernel/fs/namei.c kernel/fs/fsops.c kernel/fs/fs_context.c \
	kernel/fs/initramfs.c kernel/fs/ramfs/ramfs.c kernel/fs/devfs/chardev.c
KERNEL_SRCS += kernel/fs/open.c kernel/fs/rename.c kernel/fs/attr.c kernel/fs/pipe.c kernel/fs/poll.c
