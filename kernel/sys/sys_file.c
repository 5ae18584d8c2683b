/*
 * Descriptors: openat, close, close_range, dup, dup3, fcntl.
 *
 * openat reserves its descriptor before it opens (as Linux: -EMFILE comes
 * before any lookup error) and installs the file only once it is open, so
 * a failed open leaves nothing another thread could have seen.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/close_range.h>
#include <linux/fcntl.h>

#include <atomic.h>
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/pipe.h"
#include "sched/task.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

/* Flags open(2) ignores without complaint, as Linux's VALID_OPEN_FLAGS. */
#define OPEN_FLAGS_KNOWN                                                                       \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | \
	 FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC |  \
	 __O_SYNC | O_PATH | __O_TMPFILE)

long
sys_openat(int dfd, const char __user *upath, int flags, mode_t mode)
{
	struct files *files = current_task()->files;
	struct inode *dir;
	struct file *f;
	char *path;
	long fd, err = getname(upath, &path);

	if (err)
		return err;
	fd = fd_reserve(files, 0, fd_limit());
	if (fd < 0)
		goto out_putname;
	err = path_start(dfd, path, &dir);
	if (!err) {
		/* As Linux on 64-bit: every open is O_LARGEFILE. */
		err = vfs_open(dir, path, (flags & OPEN_FLAGS_KNOWN) | O_LARGEFILE,
			       mode & 07777 & ~current_umask(), &f);
		inode_put(dir);
	}
	if (err) {
		fd_unreserve(files, (int)fd);
		fd = err;
	} else {
		fd_commit(files, (int)fd, f, flags & O_CLOEXEC);
	}
out_putname:
	putname(path);
	return fd;
}

long
sys_close(int fd)
{
	return fd_close(current_task()->files, fd);
}

long
sys_close_range(unsigned int first, unsigned int last, unsigned int flags)
{
	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	/* CLOSE_RANGE_UNSHARE: the table is changed in place; a table shared
	 * with other threads sees the change too. */
	fd_close_range(current_task()->files, first, last, flags & CLOSE_RANGE_CLOEXEC);
	return 0;
}

long
sys_dup(unsigned int oldfd)
{
	struct file *f = fdget_raw((int)oldfd);
	long fd;

	if (!f)
		return -EBADF;
	fd = fd_install(current_task()->files, f, 0, false, fd_limit());
	if (fd < 0)
		file_put(f);
	return fd;
}

long
sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *f;
	long fd;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= fd_limit())
		return -EBADF;
	f = fdget_raw((int)oldfd);
	if (!f)
		return -EBADF;
	fd = fd_install_at(current_task()->files, f, (int)newfd, flags & O_CLOEXEC, fd_limit());
	if (fd < 0)
		file_put(f);
	return fd;
}

static long
fcntl_dupfd(struct file *f, unsigned long from, bool cloexec)
{
	unsigned limit = fd_limit();
	long fd;

	if (from >= limit)
		return -EINVAL;
	file_get(f);
	fd = fd_install(current_task()->files, f, (int)from, cloexec, limit);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long
do_fcntl(int fd, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct files *files = current_task()->files;
	int ret;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return fcntl_dupfd(f, arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		ret = fd_get_cloexec(files, fd);
		return ret < 0 ? ret : (ret ? FD_CLOEXEC : 0);
	case F_SETFD:
		return fd_set_cloexec(files, fd, arg & FD_CLOEXEC);
	case F_GETFL:
		return atomic_load_relaxed(&f->flags);
	case F_SETFL:
		file_set_flags(f, (unsigned)arg);
		return 0;
	case F_GETPIPE_SZ:
		return file_is_pipe(f) ? PIPE_CAPACITY : -EBADF;
	default:
		return -EINVAL;
	}
}

long
sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fdget_raw((int)fd);
	long ret;

	if (!f)
		return -EBADF;
	/* As Linux: an O_PATH descriptor allows only these. */
	if ((f->mode & FMODE_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC && cmd != F_GETFD &&
	    cmd != F_SETFD && cmd != F_GETFL)
		ret = -EBADF;
	else
		ret = do_fcntl((int)fd, f, cmd, arg);
	file_put(f);
	return ret;
}
