/*
 * Inode reference counting, timestamps and user/kernel copies for I/O.
 */
#include <asm-generic/errno.h>

#include "drivers/rtc.h"
#include "arch/riscv/arch.h"
#include "fs/vfs.h"
#include "lib/string.h"
#include "mm/uaccess.h"

struct inode *vfs_root;

void
inode_init(struct inode *ino, mode_t mode, const struct inode_ops *iops,
	   const struct file_ops *fops)
{
	struct timespec64 now = vfs_now();

	ino->refcount = 1;
	ino->mode = mode;
	ino->nlink = 1;
	ino->iops = iops;
	ino->fops = fops;
	ino->atime = ino->mtime = ino->ctime = now;
	mutex_init(&ino->lock, "inode");
}

void
inode_get(struct inode *ino)
{
	__atomic_add_fetch(&ino->refcount, 1, __ATOMIC_RELAXED);
}

void
inode_put(struct inode *ino)
{
	if (__atomic_sub_fetch(&ino->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (ino->nlink == 0 && ino->iops && ino->iops->evict)
		ino->iops->evict(ino);
}

struct timespec64
vfs_now(void)
{
	static uint64_t boot_wall_ns, boot_mono_ns;
	uint64_t ns;

	if (!boot_wall_ns) {
		boot_wall_ns = rtc_read_ns();
		boot_mono_ns = arch_time_ns();
	}
	ns = boot_wall_ns + (arch_time_ns() - boot_mono_ns);
	return (struct timespec64){ (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) };
}

int
uio_copy_out(struct uio *u, const void *kbuf, size_t n)
{
	n = MIN(n, u->len);
	if (u->user) {
		if (copy_to_user((char __user *)u->ubuf + u->done, kbuf, n))
			return -EFAULT;
	} else {
		memcpy((char *)u->kbuf + u->done, kbuf, n);
	}
	u->done += n;
	u->len -= n;
	return 0;
}

int
uio_copy_in(struct uio *u, void *kbuf, size_t n)
{
	n = MIN(n, u->len);
	if (u->user) {
		if (copy_from_user(kbuf, (const char __user *)u->ubuf + u->done, n))
			return -EFAULT;
	} else {
		memcpy(kbuf, (const char *)u->kbuf + u->done, n);
	}
	u->done += n;
	u->len -= n;
	return 0;
}
