/*
 * Descriptor and path helpers for system calls.
 */
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/resource.h>
#include <linux/stat.h>

#include "fs/file.h"
#include "fs/fs_context.h"
#include "fs/namei.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "sched/task.h"
#include "sys/util.h"

struct file *
fdget_raw(int fd)
{
	return fd_get(current_task()->files, fd);
}

struct file *
fdget(int fd)
{
	struct file *f = fdget_raw(fd);

	if (f && (f->mode & FMODE_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

unsigned
fd_limit(void)
{
	uint64_t cur = current_task()->rlim[RLIMIT_NOFILE].rlim_cur;

	return cur < FD_NR_OPEN ? (unsigned)cur : FD_NR_OPEN;
}

mode_t
current_umask(void)
{
	return fs_context_umask(current_task()->fs);
}

int
dirfd_inode(int dfd, struct inode **out)
{
	struct file *f;

	if (dfd == AT_FDCWD) {
		*out = fs_context_cwd(current_task()->fs);
		return 0;
	}
	f = fdget_raw(dfd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode)) {
		file_put(f);
		return -ENOTDIR;
	}
	inode_get(f->inode);
	*out = f->inode;
	file_put(f);
	return 0;
}

int
path_start(int dfd, const char *path, struct inode **out)
{
	if (!*path)
		return -ENOENT;
	if (*path == '/') {
		inode_get(vfs_root);
		*out = vfs_root;
		return 0;
	}
	return dirfd_inode(dfd, out);
}

int
getname(const char __user *upath, char **out)
{
	char *buf = kmalloc(PATH_MAX_LEN);
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	n = strncpy_from_user(buf, upath, PATH_MAX_LEN);
	if (n < 0) {
		kfree(buf);
		return n == -ENAMETOOLONG ? -ENAMETOOLONG : -EFAULT;
	}
	*out = buf;
	return 0;
}

void
putname(char *name)
{
	kfree(name);
}

int
empty_path_inode(int dfd, struct inode **out)
{
	struct file *f;

	if (dfd == AT_FDCWD) {
		*out = fs_context_cwd(current_task()->fs);
		return 0;
	}
	f = fdget_raw(dfd);
	if (!f)
		return -EBADF;
	inode_get(f->inode);
	*out = f->inode;
	file_put(f);
	return 0;
}

int
user_path_at(int dfd, const char __user *upath, int at_flags, bool follow_flag, struct inode **out)
{
	unsigned lookup = follow_flag ? ((at_flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) :
					((at_flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
	struct inode *dir;
	char *path;
	int err;

	err = getname(upath, &path);
	if (err)
		return err;
	if (!*path && (at_flags & AT_EMPTY_PATH))
		err = empty_path_inode(dfd, out);
	else if (!(err = path_start(dfd, path, &dir))) {
		err = vfs_lookup(dir, path, lookup, out);
		inode_put(dir);
	}
	putname(path);
	return err;
}
