/*
 * openat, newfstatat, fstat, readlinkat, getcwd.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/stat.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "fs/file.h"
#include "fs/fs_context.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "sys/sys.h"
#include "sys/util.h"

long
sys_openat(int dfd, const char __user *upath, int flags, mode_t mode)
{
	struct task *t = current_task();
	struct inode *dir;
	struct file *f;
	char *path;
	long err = getname(upath, &path);

	if (err)
		return err;
	err = dirfd_inode(dfd, &dir);
	if (!err) {
		err = vfs_open(dir, path, flags, mode & ~t->fs->umask, &f);
		inode_put(dir);
	}
	putname(path);
	if (err)
		return err;
	err = fd_install(t->files, f, 0, flags & O_CLOEXEC, FD_MAX_DEFAULT);
	if (err < 0)
		file_put(f);
	return err;
}

static void
fill_stat(const struct inode *ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	st->st_size = (long)ino->size;
	st->st_blksize = 4096;
	st->st_blocks = (long)((ino->size + 511) / 512);
	st->st_atime = ino->atime.sec;
	st->st_atime_nsec = ino->atime.nsec;
	st->st_mtime = ino->mtime.sec;
	st->st_mtime_nsec = ino->mtime.nsec;
	st->st_ctime = ino->ctime.sec;
	st->st_ctime_nsec = ino->ctime.nsec;
}

static long
stat_inode(struct inode *ino, struct stat __user *ust)
{
	struct stat st;

	mutex_lock(&ino->lock);
	fill_stat(ino, &st);
	mutex_unlock(&ino->lock);
	return copy_to_user(ust, &st, sizeof(st));
}

long
sys_fstat(int fd, struct stat __user *st)
{
	struct file *f = fdget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = stat_inode(f->inode, st);
	file_put(f);
	return err;
}

long
sys_newfstatat(int dfd, const char __user *upath, struct stat __user *st, int flags)
{
	struct inode *dir, *ino;
	char *path;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	err = getname(upath, &path);
	if (err)
		return err;
	if (!*path && (flags & AT_EMPTY_PATH)) {
		putname(path);
		if (dfd == AT_FDCWD) {
			ino = fs_context_cwd(current_task()->fs);
			err = stat_inode(ino, st);
			inode_put(ino);
			return err;
		}
		return sys_fstat(dfd, st);
	}
	err = dirfd_inode(dfd, &dir);
	if (!err) {
		err = vfs_lookup(dir, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
				 &ino);
		inode_put(dir);
	}
	putname(path);
	if (err)
		return err;
	err = stat_inode(ino, st);
	inode_put(ino);
	return err;
}

long
sys_readlinkat(int dfd, const char __user *upath, char __user *buf, int bufsiz)
{
	struct inode *dir, *ino;
	char *path, *target;
	ssize_t n;
	long err;

	if (bufsiz <= 0)
		return -EINVAL;
	err = getname(upath, &path);
	if (err)
		return err;
	err = dirfd_inode(dfd, &dir);
	if (!err) {
		err = vfs_lookup(dir, path, 0, &ino);
		inode_put(dir);
	}
	putname(path);
	if (err)
		return err;
	if (!S_ISLNK(ino->mode) || !(target = kmalloc(PATH_MAX_LEN))) {
		err = S_ISLNK(ino->mode) ? -ENOMEM : -EINVAL;
		inode_put(ino);
		return err;
	}
	mutex_lock(&ino->lock);
	n = ino->iops->readlink(ino, target, MIN((size_t)bufsiz, PATH_MAX_LEN));
	mutex_unlock(&ino->lock);
	inode_put(ino);
	if (n >= 0 && copy_to_user(buf, target, (size_t)n))
		n = -EFAULT;
	kfree(target);
	return n;
}

struct name_search {
	uint64_t ino;
	char *name;
	size_t len;
};

static int
match_ino(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct name_search *s = ctx;

	(void)type;
	if (ino != s->ino || (len <= 2 && name[0] == '.' && (len == 1 || name[1] == '.')))
		return 0;
	memcpy(s->name, name, len);
	s->len = len;
	return 1;
}

/* Prepend "/name-of-ino-in-dir" at *end in buf. */
static int
prepend_name(struct inode *dir, uint64_t ino, char *buf, size_t *start)
{
	char name[NAME_MAX_LEN + 1];
	struct name_search s = { ino, name, 0 };
	uint64_t pos = 0;

	mutex_lock(&dir->lock);
	dir->iops->readdir(dir, &pos, match_ino, &s);
	mutex_unlock(&dir->lock);
	if (!s.len)
		return -ENOENT;
	if (*start < s.len + 1)
		return -ENAMETOOLONG;
	*start -= s.len;
	memcpy(buf + *start, name, s.len);
	buf[--*start] = '/';
	return 0;
}

long
sys_getcwd(char __user *ubuf, unsigned long size)
{
	char *buf = kmalloc(PATH_MAX_LEN);
	struct inode *cur = fs_context_cwd(current_task()->fs);
	size_t start = PATH_MAX_LEN - 1;
	long err = buf ? 0 : -ENOMEM;

	if (buf)
		buf[start] = '\0';
	while (!err && cur->parent && cur != vfs_root) {
		struct inode *parent = cur->parent;

		err = prepend_name(parent, cur->ino, buf, &start);
		inode_get(parent);
		inode_put(cur);
		cur = parent;
	}
	inode_put(cur);
	if (!err && start == PATH_MAX_LEN - 1)
		buf[--start] = '/';
	if (!err && PATH_MAX_LEN - start > size)
		err = -ERANGE;
	if (!err && copy_to_user(ubuf, buf + start, PATH_MAX_LEN - start))
		err = -EFAULT;
	if (!err)
		err = (long)(PATH_MAX_LEN - start);
	kfree(buf);
	return err;
}
