/*
 * Data movement: read, write, readv, writev, pread64, pwrite64, preadv,
 * pwritev, lseek, getdents64, ioctl, fsync, fdatasync, sync.
 *
 * Each call checks in Linux's order (vfs_read() and friends): a bad
 * descriptor (-EBADF), a file not open for it (-EBADF) or without the
 * operation (-EINVAL), a buffer outside user space (-EFAULT), a bad
 * offset (-EINVAL), a stream where an offset is needed (-ESPIPE); then it
 * moves at most MAX_RW_COUNT bytes.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/ioctls.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/uio.h>

#include "fs/file.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "proc/signal.h"
#include "sched/task.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

/* As Linux: one call moves at most MAX_RW_COUNT bytes. */
#define MAX_RW_COUNT (0x7ffff000ul)

/* vfs_read()/vfs_write()'s first checks. */
static long
rw_check(const struct file *f, bool write)
{
	if (!(f->mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!f->fops || !(write ? f->fops->write : f->fops->read))
		return -EINVAL;
	return 0;
}

static long
do_rw(struct file *f, struct uio *u, uint64_t *pos, bool write)
{
	long ret = write ? file_write(f, u, pos) : file_read(f, u, pos);

	/* As Linux: the writer of a pipe nobody reads gets SIGPIPE as well. */
	if (u->broken_pipe)
		signal_send(current_task(), SIGPIPE);
	return ret;
}

/* read/write/pread/pwrite of one buffer; pos NULL for the file offset. */
static long
rw_one(int fd, void __user *buf, size_t count, uint64_t *pos, bool write)
{
	struct file *f = fdget(fd);
	struct uio u;
	long ret;

	if (!f)
		return -EBADF;
	if (pos && (!f->fops || !f->fops->llseek))
		ret = -ESPIPE; /* pread/pwrite need a seekable file */
	else if ((ret = rw_check(f, write)) == 0 && !user_range_ok(buf, count))
		ret = -EFAULT;
	if (!ret) {
		uio_init_user(&u, buf, MIN(count, MAX_RW_COUNT));
		ret = do_rw(f, &u, pos, write);
	}
	file_put(f);
	return ret;
}

long
sys_read(int fd, char __user *buf, size_t count)
{
	return rw_one(fd, buf, count, NULL, false);
}

long
sys_write(int fd, const char __user *buf, size_t count)
{
	return rw_one(fd, (void __user *)buf, count, NULL, true);
}

long
sys_pread64(int fd, char __user *buf, size_t count, off_t pos)
{
	uint64_t p = (uint64_t)pos;

	if (pos < 0)
		return -EINVAL;
	return rw_one(fd, buf, count, &p, false);
}

long
sys_pwrite64(int fd, const char __user *buf, size_t count, off_t pos)
{
	uint64_t p = (uint64_t)pos;

	if (pos < 0)
		return -EINVAL;
	return rw_one(fd, (void __user *)buf, count, &p, true);
}

/*
 * Copy in and check an iovec array as Linux's import_iovec(): -EINVAL for
 * a bad count or a negative length, -EFAULT for a bad array or segment;
 * the total is capped at MAX_RW_COUNT (later segments shortened).
 */
static long
fetch_iov(const struct iovec __user *uiov, unsigned long cnt, struct iovec **block,
	  struct uio_seg **out, size_t *total)
{
	struct iovec *iov;
	struct uio_seg *segs;

	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	/* One block: the iovecs as copied in, then the checked segments. */
	iov = kmalloc(MAX(cnt, 1) * (sizeof(*iov) + sizeof(*segs)));
	if (!iov)
		return -ENOMEM;
	segs = (struct uio_seg *)(iov + cnt);
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov))) {
		kfree(iov);
		return -EFAULT;
	}
	*total = 0;
	for (unsigned long i = 0; i < cnt; i++) {
		/* The UAPI iovec has no __user marking; its base is a user pointer. */
		void __user *base = (void __force __user *)iov[i].iov_base;
		size_t len = iov[i].iov_len;

		if ((ssize_t)len < 0 || !user_range_ok(base, len)) {
			kfree(iov);
			return (ssize_t)len < 0 ? -EINVAL : -EFAULT;
		}
		len = MIN(len, MAX_RW_COUNT - *total);
		segs[i] = (struct uio_seg){ .ubuf = base, .len = len };
		*total += len;
	}
	*block = iov;
	*out = segs;
	return 0;
}

/* readv/writev/preadv/pwritev; pos NULL for the file offset. */
static long
rw_vec(int fd, const struct iovec __user *uiov, unsigned long cnt, uint64_t *pos, bool write)
{
	struct file *f = fdget(fd);
	struct iovec *block = NULL;
	struct uio_seg *segs;
	struct uio u;
	size_t total = 0;
	long ret;

	if (!f)
		return -EBADF;
	if (pos && (!f->fops || !f->fops->llseek))
		ret = -ESPIPE;
	else if ((ret = rw_check(f, write)) == 0)
		ret = fetch_iov(uiov, cnt, &block, &segs, &total);
	if (!ret && total) {
		uio_init_vec(&u, segs, (unsigned)cnt, total);
		ret = do_rw(f, &u, pos, write);
	}
	kfree(block);
	file_put(f);
	return ret;
}

long
sys_readv(int fd, const struct iovec __user *iov, int iovcnt)
{
	return rw_vec(fd, iov, (unsigned long)(long)iovcnt, NULL, false);
}

long
sys_writev(int fd, const struct iovec __user *iov, int iovcnt)
{
	return rw_vec(fd, iov, (unsigned long)(long)iovcnt, NULL, true);
}

long
sys_preadv(int fd, const struct iovec __user *iov, unsigned long iovcnt, unsigned long pos_l,
	   unsigned long pos_h)
{
	uint64_t pos = pos_l; /* as Linux on 64-bit: pos_h is shifted out */

	(void)pos_h;
	if ((int64_t)pos < 0)
		return -EINVAL;
	return rw_vec(fd, iov, iovcnt, &pos, false);
}

long
sys_pwritev(int fd, const struct iovec __user *iov, unsigned long iovcnt, unsigned long pos_l,
	    unsigned long pos_h)
{
	uint64_t pos = pos_l;

	(void)pos_h;
	if ((int64_t)pos < 0)
		return -EINVAL;
	return rw_vec(fd, iov, iovcnt, &pos, true);
}

long
sys_lseek(int fd, off_t offset, unsigned int whence)
{
	struct file *f = fdget(fd);
	long ret;

	if (!f)
		return -EBADF;
	/* As Linux: a bad whence is -EINVAL even on a pipe. */
	ret = whence > SEEK_MAX ? -EINVAL : file_llseek(f, offset, (int)whence);
	file_put(f);
	return ret;
}

/* The ioctls every descriptor understands (Linux's do_vfs_ioctl()). */
static long
generic_ioctl(int fd, struct file *f, unsigned int cmd, unsigned long arg, bool *done)
{
	int on;

	*done = true;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		return fd_set_cloexec(current_task()->files, fd, cmd == FIOCLEX);
	case FIONBIO:
		if (get_user(on, (int __user *)arg))
			return -EFAULT;
		file_set_flags(f, on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK);
		return 0;
	case FIONREAD:
		if (!S_ISREG(f->inode->mode))
			break;
		return put_user((int)(f->inode->size - MIN(f->pos, f->inode->size)),
				(int __user *)arg) ?
			       -EFAULT :
			       0;
	}
	*done = false;
	return 0;
}

long
sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fdget(fd);
	bool done;
	long ret;

	if (!f)
		return -EBADF;
	ret = generic_ioctl(fd, f, cmd, arg, &done);
	if (!done)
		ret = f->fops && f->fops->ioctl ? f->fops->ioctl(f, cmd, arg) : -ENOTTY;
	file_put(f);
	return ret;
}

static long
do_fsync(int fd)
{
	struct file *f = fdget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->fops && f->fops->fsync ? f->fops->fsync(f) : -EINVAL;
	file_put(f);
	return ret;
}

long
sys_fsync(int fd)
{
	return do_fsync(fd);
}

long
sys_fdatasync(int fd)
{
	return do_fsync(fd);
}

long
sys_sync(void)
{
	return 0; /* ramfs has nothing to write back */
}
