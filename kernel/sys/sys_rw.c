/*
 * read, write, readv, writev, lseek, ioctl, close.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/uio.h>

#include "fs/file.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "sys/sys.h"
#include "sys/util.h"

/* As Linux: one call moves at most MAX_RW_COUNT bytes. */
#define MAX_RW_COUNT  (0x7ffff000ul)
#define SSIZE_MAX_VAL (0x7ffffffffffffffful)

static long
rw_one(int fd, void __user *buf, size_t count, bool write)
{
	struct file *f = fdget(fd);
	struct uio u = { .user = true, .ubuf = buf, .len = MIN(count, MAX_RW_COUNT) };
	long ret;

	if (!f)
		return -EBADF;
	if (!user_range_ok(buf, u.len))
		ret = -EFAULT;
	else if (write)
		ret = file_write(f, &u, NULL);
	else
		ret = file_read(f, &u, NULL);
	file_put(f);
	return ret;
}

long
sys_read(int fd, char __user *buf, size_t count)
{
	return rw_one(fd, buf, count, false);
}

long
sys_write(int fd, const char __user *buf, size_t count)
{
	return rw_one(fd, (void __user *)buf, count, true);
}

/* Copy in and check an iovec array: -EINVAL for a bad count or a total
 * that overflows ssize_t, -EFAULT for a bad array. */
static long
fetch_iov(const struct iovec __user *uiov, int cnt, struct iovec **out)
{
	struct iovec *iov;
	size_t total = 0;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	iov = kmalloc(MAX(cnt, 1) * sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov))) {
		kfree(iov);
		return -EFAULT;
	}
	for (int i = 0; i < cnt; i++) {
		if ((ssize_t)iov[i].iov_len < 0 || total + iov[i].iov_len > (size_t)SSIZE_MAX_VAL) {
			kfree(iov);
			return -EINVAL;
		}
		total += iov[i].iov_len;
	}
	*out = iov;
	return 0;
}

static long
rw_vec(int fd, const struct iovec __user *uiov, int cnt, bool write)
{
	struct file *f = fdget(fd);
	struct iovec *iov;
	long ret, done = 0;

	if (!f)
		return -EBADF;
	ret = fetch_iov(uiov, cnt, &iov);
	if (ret) {
		file_put(f);
		return ret;
	}
	for (int i = 0; i < cnt; i++) {
		/* The UAPI iovec has no __user marking; its base is a user pointer. */
		struct uio u = { .user = true,
				 .ubuf = (void __force __user *)iov[i].iov_base,
				 .len = iov[i].iov_len };

		if (!u.len)
			continue;
		ret = write ? file_write(f, &u, NULL) : file_read(f, &u, NULL);
		if (ret < 0)
			break;
		done += ret;
		if ((size_t)ret < iov[i].iov_len)
			break;
	}
	kfree(iov);
	file_put(f);
	return done ? done : ret;
}

long
sys_readv(int fd, const struct iovec __user *iov, int iovcnt)
{
	return rw_vec(fd, iov, iovcnt, false);
}

long
sys_writev(int fd, const struct iovec __user *iov, int iovcnt)
{
	return rw_vec(fd, iov, iovcnt, true);
}

long
sys_lseek(int fd, off_t offset, unsigned int whence)
{
	struct file *f = fdget(fd);
	int64_t base;
	long ret;

	if (!f)
		return -EBADF;
	if (S_ISFIFO(f->inode->mode) || S_ISSOCK(f->inode->mode)) {
		file_put(f);
		return -ESPIPE;
	}
	mutex_lock(&f->pos_lock);
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = (int64_t)f->inode->size;
		break;
	default:
		base = -1;
	}
	if (base < 0)
		ret = -EINVAL;
	else if (offset < 0 ? base + offset < 0 : base > INT64_MAX - offset)
		ret = offset < 0 ? -EINVAL : -EOVERFLOW;
	else
		ret = (long)(f->pos = (uint64_t)(base + offset));
	mutex_unlock(&f->pos_lock);
	file_put(f);
	return ret;
}

long
sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fdget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->fops && f->fops->ioctl ? f->fops->ioctl(f, cmd, arg) : -ENOTTY;
	file_put(f);
	return ret;
}

long
sys_close(int fd)
{
	return fd_close(current_task()->files, fd);
}
