/*
 * The working directory: chdir, fchdir, getcwd.
 */
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "fs/file.h"
#include "fs/fs_context.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "sched/task.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

static long
set_cwd(struct inode *dir)
{
	long err;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	err = vfs_access(dir, true); /* search permission */
	if (!err)
		fs_context_set_cwd(current_task()->fs, dir);
	return err;
}

long
sys_chdir(const char __user *upath)
{
	struct inode *dir;
	long err = user_path_at(AT_FDCWD, upath, 0, false, &dir);

	if (err)
		return err;
	err = set_cwd(dir);
	inode_put(dir);
	return err;
}

long
sys_fchdir(unsigned int fd)
{
	struct file *f = fdget_raw((int)fd);
	long err;

	if (!f)
		return -EBADF;
	err = set_cwd(f->inode);
	file_put(f);
	return err;
}

long
sys_getcwd(char __user *ubuf, unsigned long size)
{
	struct inode *cwd = fs_context_cwd(current_task()->fs);
	char *buf = kmalloc(PATH_MAX_LEN);
	ssize_t len = buf ? vfs_dir_path(cwd, buf, PATH_MAX_LEN) : -ENOMEM;

	inode_put(cwd);
	if (len >= 0) {
		len++; /* as Linux: the length returned counts the NUL */
		if ((size_t)len > size)
			len = -ERANGE;
		else if (copy_to_user(ubuf, buf, (size_t)len))
			len = -EFAULT;
	}
	kfree(buf);
	return len;
}
