/*
 * Descriptor and path helpers for system calls.
 */
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "fs/file.h"
#include "fs/fs_context.h"
#include "fs/namei.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "sys/util.h"

struct file *
fdget(int fd)
{
	return fd_get(current_task()->files, fd);
}

int
dirfd_inode(int dfd, struct inode **out)
{
	struct file *f;

	if (dfd == AT_FDCWD) {
		*out = fs_context_cwd(current_task()->fs);
		return 0;
	}
	f = fdget(dfd);
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
getname(const char __user *upath, char **out)
{
	char *buf = kmalloc(PATH_MAX_LEN);
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	n = strncpy_from_user(buf, upath, PATH_MAX_LEN);
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}

void
putname(char *name)
{
	kfree(name);
}
