/*
 * Changing attributes: fchmod, fchmodat, fchown, fchownat, utimensat,
 * truncate, ftruncate. Everything runs as root, so every change is
 * permitted; the checks left are Linux's argument and type checks.
 */
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <linux/time_types.h>

#include "fs/file.h"
#include "fs/fsops.h"
#include "mm/uaccess.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

/* utimensat(2)'s special nanosecond values (include/linux/stat.h; no
 * UAPI header has them). */
#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

long
sys_fchmod(unsigned int fd, mode_t mode)
{
	struct file *f = fdget((int)fd);

	if (!f)
		return -EBADF;
	vfs_chmod(f->inode, mode);
	file_put(f);
	return 0;
}

long
sys_fchmodat(int dfd, const char __user *upath, mode_t mode)
{
	struct inode *ino;
	long err = user_path_at(dfd, upath, 0, false, &ino);

	if (err)
		return err;
	vfs_chmod(ino, mode);
	inode_put(ino);
	return 0;
}

/*
 * uid and gid are 32-bit values that glibc passes zero-extended ((uid_t)-1
 * arrives as 0xffffffff): they come as full registers and are narrowed
 * here, as Linux's SYSCALL_DEFINE wrappers do.
 */
long
sys_fchown(unsigned int fd, unsigned long uid, unsigned long gid)
{
	struct file *f = fdget((int)fd);

	if (!f)
		return -EBADF;
	vfs_chown(f->inode, (uid_t)uid, (gid_t)gid);
	file_put(f);
	return 0;
}

long
sys_fchownat(int dfd, const char __user *upath, unsigned long uid, unsigned long gid, int flags)
{
	struct inode *ino;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_at(dfd, upath, flags, false, &ino);
	if (err)
		return err;
	vfs_chown(ino, (uid_t)uid, (gid_t)gid);
	inode_put(ino);
	return 0;
}

static bool
nsec_valid(long nsec)
{
	return nsec == UTIME_OMIT || nsec == UTIME_NOW || (nsec >= 0 && nsec <= 999999999);
}

/* Turn utimensat's two timespecs (or none: both now) into a spec. */
static int
utimes_spec(const struct __kernel_timespec *ts, struct utimes_spec *spec)
{
	struct timespec64 now = vfs_now();

	if (!ts) {
		*spec = (struct utimes_spec){ true, true, now, now };
		return 0;
	}
	if (!nsec_valid(ts[0].tv_nsec) || !nsec_valid(ts[1].tv_nsec))
		return -EINVAL;
	spec->set_atime = ts[0].tv_nsec != UTIME_OMIT;
	spec->set_mtime = ts[1].tv_nsec != UTIME_OMIT;
	spec->atime = ts[0].tv_nsec == UTIME_NOW ?
			      now :
			      (struct timespec64){ ts[0].tv_sec, ts[0].tv_nsec };
	spec->mtime = ts[1].tv_nsec == UTIME_NOW ?
			      now :
			      (struct timespec64){ ts[1].tv_sec, ts[1].tv_nsec };
	return 0;
}

/* The inode utimensat names: a NULL path means dfd itself (futimens). */
static int
utimes_target(int dfd, const char __user *upath, int flags, struct inode **out)
{
	struct file *f;

	if (upath || dfd == AT_FDCWD) {
		if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		return user_path_at(dfd, upath, flags, false, out);
	}
	if (flags)
		return -EINVAL;
	f = fdget(dfd);
	if (!f)
		return -EBADF;
	inode_get(f->inode);
	*out = f->inode;
	file_put(f);
	return 0;
}

long
sys_utimensat(int dfd, const char __user *upath, const struct __kernel_timespec __user *utimes,
	      int flags)
{
	struct __kernel_timespec ts[2];
	struct utimes_spec spec;
	struct inode *ino;
	long err;

	if (utimes) {
		if (copy_from_user(ts, utimes, sizeof(ts)))
			return -EFAULT;
		/* As Linux: nothing to do, and not even the path is checked. */
		if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	err = utimes_target(dfd, upath, flags, &ino);
	if (err)
		return err;
	err = utimes_spec(utimes ? ts : NULL, &spec);
	if (!err)
		vfs_utimes(ino, &spec);
	inode_put(ino);
	return err;
}

long
sys_truncate(const char __user *upath, long length)
{
	struct inode *ino;
	long err;

	if (length < 0)
		return -EINVAL;
	err = user_path_at(AT_FDCWD, upath, 0, false, &ino);
	if (err)
		return err;
	err = vfs_truncate(ino, (uint64_t)length);
	inode_put(ino);
	return err;
}

long
sys_ftruncate(unsigned int fd, long length)
{
	struct file *f;
	long err;

	if (length < 0)
		return -EINVAL;
	f = fdget((int)fd);
	if (!f)
		return -EBADF;
	/* As Linux: only a regular file open for writing. */
	if (!S_ISREG(f->inode->mode) || !(f->mode & FMODE_WRITE))
		err = -EINVAL;
	else
		err = vfs_truncate(f->inode, (uint64_t)length);
	file_put(f);
	return err;
}
