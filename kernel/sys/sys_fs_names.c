/*
 * Names: mkdirat, mknodat, unlinkat, renameat2, linkat, symlinkat. Each
 * copies its paths in, resolves the starting directories, and hands over
 * to fs/fsops.h, which has the semantics.
 */
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>

#include "fs/fsops.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

/* A user path and the directory it starts from, both held. */
struct upath {
	char *path;
	struct inode *start;
};

static int
upath_get(int dfd, const char __user *upath, struct upath *p)
{
	int err = getname(upath, &p->path);

	if (err)
		return err;
	err = path_start(dfd, p->path, &p->start);
	if (err)
		putname(p->path);
	return err;
}

static void
upath_put(struct upath *p)
{
	inode_put(p->start);
	putname(p->path);
}

long
sys_mkdirat(int dfd, const char __user *upath, mode_t mode)
{
	struct upath p;
	long err = upath_get(dfd, upath, &p);

	if (err)
		return err;
	err = vfs_mknod(
		p.start, p.path,
		S_IFDIR | (mode & (S_IRWXU | S_IRWXG | S_IRWXO | S_ISVTX) & ~current_umask()), 0);
	upath_put(&p);
	return err;
}

/* dev is narrowed here (a 32-bit argument that may come zero-extended:
 * see sys_statx()). */
long
sys_mknodat(int dfd, const char __user *upath, mode_t mode, unsigned long udev)
{
	unsigned int dev = (unsigned int)udev;
	struct upath p;
	long err;

	/* As Linux's may_mknod(), before the path: directories need mkdir. */
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return -EPERM;
	case 0:
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	default:
		return -EINVAL;
	}
	err = upath_get(dfd, upath, &p);
	if (err)
		return err;
	err = vfs_mknod(p.start, p.path, (mode & S_IFMT) | (mode & 07777 & ~current_umask()), dev);
	upath_put(&p);
	return err;
}

long
sys_unlinkat(int dfd, const char __user *upath, int flags)
{
	struct upath p;
	long err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	err = upath_get(dfd, upath, &p);
	if (err)
		return err;
	err = (flags & AT_REMOVEDIR) ? vfs_rmdir(p.start, p.path) : vfs_unlink(p.start, p.path);
	upath_put(&p);
	return err;
}

long
sys_renameat2(int olddfd, const char __user *oldpath, int newdfd, const char __user *newpath,
	      unsigned int flags)
{
	struct upath o, n;
	long err;

	/* As Linux: bad flags before any path. */
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	err = upath_get(olddfd, oldpath, &o);
	if (err)
		return err;
	err = upath_get(newdfd, newpath, &n);
	if (!err) {
		err = vfs_rename(o.start, o.path, n.start, n.path, flags);
		upath_put(&n);
	}
	upath_put(&o);
	return err;
}

long
sys_linkat(int olddfd, const char __user *oldpath, int newdfd, const char __user *newpath,
	   int flags)
{
	struct inode *src;
	struct upath n;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_at(olddfd, oldpath, flags, true, &src);
	if (err)
		return err;
	err = upath_get(newdfd, newpath, &n);
	if (!err) {
		err = vfs_link(src, n.start, n.path);
		upath_put(&n);
	}
	inode_put(src);
	return err;
}

long
sys_symlinkat(const char __user *target, int newdfd, const char __user *linkpath)
{
	struct upath n;
	char *body;
	long err = getname(target, &body);

	if (err)
		return err;
	err = *body ? upath_get(newdfd, linkpath, &n) : -ENOENT;
	if (!err) {
		err = vfs_symlink(n.start, n.path, body);
		upath_put(&n);
	}
	putname(body);
	return err;
}
