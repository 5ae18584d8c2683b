# Host unit tests of kernel/fs: path lookup, ramfs and the VFS operations
# over it, and pipes. They link the real VFS, ramfs and pipe code over
# the real page and slab allocators on fake RAM, real wait queues and
# mutexes over the fake scheduler (tests/host/fakes/fake_sched.c, whose
# schedule() panics: a single-threaded test must never have to sleep),
# and uaccess faked as host memory.

FS_TEST_SRCS := tests/host/fs/ramfs_root.c \
	kernel/fs/namei.c kernel/fs/inode.c kernel/fs/fsops.c kernel/fs/rename.c \
	kernel/fs/open.c kernel/fs/attr.c kernel/fs/file.c kernel/fs/fdtable.c \
	kernel/fs/fs_context.c kernel/fs/pipe.c kernel/fs/poll.c \
	kernel/fs/ramfs/ramfs.c kernel/fs/devfs/chardev.c kernel/random/random.c \
	kernel/time/timekeeping.c kernel/sched/wait.c kernel/locking/spinlock.c \
	kernel/mm/vm.c kernel/mm/tlb.c kernel/mm/shmem.c kernel/mm/slab.c kernel/mm/buddy.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_mem.c tests/host/fakes/fake_mmu.c \
	tests/host/fakes/fake_sched.c tests/host/fakes/fake_uaccess.c \
	tests/host/fakes/fake_arch.c tests/host/fakes/fake_panic.c

HOST_TESTS += test_namei
test_namei_SRCS := tests/host/fs/test_namei.c $(FS_TEST_SRCS)

$(B)/host/test_namei: tests/host/fs/ramfs_root.h

HOST_TESTS += test_ramfs
test_ramfs_SRCS := tests/host/fs/test_ramfs.c $(FS_TEST_SRCS)

$(B)/host/test_ramfs: tests/host/fs/ramfs_root.h

HOST_TESTS += test_pipe
test_pipe_SRCS := tests/host/fs/test_pipe.c $(FS_TEST_SRCS)

$(B)/host/test_pipe: tests/host/fs/ramfs_root.h
