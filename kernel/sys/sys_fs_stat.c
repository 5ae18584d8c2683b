/*
 * Looking at files: fstat, newfstatat, statx, faccessat, faccessat2,
 * readlinkat. Structures come from the UAPI headers and are copied out
 * fully initialised (padding zeroed).
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/stat.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "fs/devfs/chardev.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

/* access(2)'s R_OK, W_OK, X_OK are the "other" permission bits, as Linux
 * checks them (do_faccessat(): mode & ~S_IRWXO is -EINVAL). */
#define ACCESS_X_OK S_IXOTH

static long
put_stat(struct inode *ino, struct stat __user *ust)
{
	struct kstat ks;
	struct stat st;

	vfs_getattr(ino, &ks);
	memset(&st, 0, sizeof(st));
	st.st_dev = ks.dev;
	st.st_ino = ks.ino;
	st.st_mode = ks.mode;
	st.st_nlink = ks.nlink;
	st.st_uid = ks.uid;
	st.st_gid = ks.gid;
	st.st_rdev = ks.rdev;
	st.st_size = (long)ks.size;
	st.st_blksize = (int)ks.blksize;
	st.st_blocks = (long)ks.blocks;
	st.st_atime = ks.atime.sec;
	st.st_atime_nsec = (unsigned long)ks.atime.nsec;
	st.st_mtime = ks.mtime.sec;
	st.st_mtime_nsec = (unsigned long)ks.mtime.nsec;
	st.st_ctime = ks.ctime.sec;
	st.st_ctime_nsec = (unsigned long)ks.ctime.nsec;
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

long
sys_fstat(int fd, struct stat __user *st)
{
	struct file *f = fdget_raw(fd);
	long err;

	if (!f)
		return -EBADF;
	err = put_stat(f->inode, st);
	file_put(f);
	return err;
}

/* The inode a stat-family call names; as Linux 6.11+, a NULL path with
 * AT_EMPTY_PATH is the empty path. */
static int
stat_target(int dfd, const char __user *upath, int flags, struct inode **out)
{
	if (!upath && (flags & AT_EMPTY_PATH))
		return empty_path_inode(dfd, out);
	return user_path_at(dfd, upath, flags, false, out);
}

long
sys_newfstatat(int dfd, const char __user *upath, struct stat __user *st, int flags)
{
	struct inode *ino;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	err = stat_target(dfd, upath, flags, &ino);
	if (err)
		return err;
	err = put_stat(ino, st);
	inode_put(ino);
	return err;
}

static struct statx_timestamp
stx_time(struct timespec64 t)
{
	return (struct statx_timestamp){ .tv_sec = t.sec, .tv_nsec = (uint32_t)t.nsec };
}

static long
put_statx(struct inode *ino, struct statx __user *ubuf)
{
	struct kstat ks;
	struct statx sx;

	vfs_getattr(ino, &ks);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = ks.blksize;
	sx.stx_nlink = ks.nlink;
	sx.stx_uid = ks.uid;
	sx.stx_gid = ks.gid;
	sx.stx_mode = (uint16_t)ks.mode;
	sx.stx_ino = ks.ino;
	sx.stx_size = ks.size;
	sx.stx_blocks = ks.blocks;
	sx.stx_atime = stx_time(ks.atime);
	sx.stx_mtime = stx_time(ks.mtime);
	sx.stx_ctime = stx_time(ks.ctime);
	sx.stx_rdev_major = DEV_MAJOR(ks.rdev);
	sx.stx_rdev_minor = DEV_MINOR(ks.rdev);
	sx.stx_dev_major = DEV_MAJOR(ks.dev);
	sx.stx_dev_minor = DEV_MINOR(ks.dev);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/*
 * mask is a 32-bit argument that user space may hand over zero-extended
 * (glibc casts it to long), so it arrives as a full register and is
 * narrowed here, as Linux's SYSCALL_DEFINE wrappers do: the RISC-V
 * calling convention would let the compiler assume bits 63..31 equal.
 */
long
sys_statx(int dfd, const char __user *upath, unsigned int flags, unsigned long umask,
	  struct statx __user *buf)
{
	unsigned int mask = (unsigned int)umask;
	struct inode *ino;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	err = stat_target(dfd, upath, (int)flags, &ino);
	if (err)
		return err;
	err = put_statx(ino, buf);
	inode_put(ino);
	return err;
}

long
sys_faccessat2(int dfd, const char __user *upath, int mode, int flags)
{
	struct inode *ino;
	long err;

	if (mode & ~S_IRWXO)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_at(dfd, upath, flags, false, &ino);
	if (err)
		return err;
	err = vfs_access(ino, mode & ACCESS_X_OK);
	inode_put(ino);
	return err;
}

long
sys_faccessat(int dfd, const char __user *upath, int mode)
{
	return sys_faccessat2(dfd, upath, mode, 0);
}

/* readlinkat's target: an empty path names dfd itself (*empty set). */
static int
readlink_target(int dfd, const char __user *upath, struct inode **out, bool *empty)
{
	struct inode *dir;
	char *path;
	int err = getname(upath, &path);

	if (err)
		return err;
	*empty = !*path;
	if (*empty) {
		err = empty_path_inode(dfd, out);
	} else if (!(err = path_start(dfd, path, &dir))) {
		err = vfs_lookup(dir, path, 0, out);
		inode_put(dir);
	}
	putname(path);
	return err;
}

long
sys_readlinkat(int dfd, const char __user *upath, char __user *buf, int bufsiz)
{
	size_t size = MIN((size_t)bufsiz, PATH_MAX_LEN);
	struct inode *ino;
	char *target;
	ssize_t n;
	bool empty;
	long err;

	if (bufsiz <= 0)
		return -EINVAL;
	err = readlink_target(dfd, upath, &ino, &empty);
	if (err)
		return err;
	target = kmalloc(size);
	n = target ? vfs_readlink(ino, target, size) : -ENOMEM;
	inode_put(ino);
	/* As Linux: a non-link named by an empty path is -ENOENT. */
	if (n == -EINVAL && empty)
		n = -ENOENT;
	if (n > 0 && copy_to_user(buf, target, (size_t)n))
		n = -EFAULT;
	kfree(target);
	return n;
}
