/*
 * open, mknod and symlink over path lookup and the file system's
 * inode operations.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/stat.h>

#include "fs/devfs/chardev.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "fs/vfs.h"

/* Look up the last component in parent, creating it if asked. */
static int
open_last(struct inode *parent, const char *name, size_t len, int flags, mode_t mode,
	  struct inode **out)
{
	int err;

	mutex_lock(&parent->lock);
	err = parent->iops->lookup(parent, name, len, out);
	if (err == -ENOENT && (flags & O_CREAT))
		err = parent->iops->create(parent, name, len, S_IFREG | (mode & 07777), 0, out);
	else if (!err && (flags & O_CREAT) && (flags & O_EXCL))
		err = -EEXIST, inode_put(*out);
	mutex_unlock(&parent->lock);
	return err;
}

static int
resolve_for_open(struct inode *dir, const char *path, int flags, mode_t mode, struct inode **out)
{
	struct inode *parent, *ino;
	const char *name;
	size_t len;
	bool slash;
	int err;

	if (!(flags & O_CREAT))
		return vfs_lookup(dir, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, out);
	err = vfs_lookup_parent(dir, path, &parent, &name, &len, &slash);
	if (err)
		return err;
	if (slash || len == 0) {
		inode_put(parent);
		return -EISDIR;
	}
	err = open_last(parent, name, len, flags, mode, &ino);
	if (!err && S_ISLNK(ino->mode) && !(flags & O_EXCL) && !(flags & O_NOFOLLOW)) {
		inode_put(ino);
		err = vfs_lookup(dir, path, LOOKUP_FOLLOW, &ino);
	}
	inode_put(parent);
	if (!err)
		*out = ino;
	return err;
}

static int
check_open(struct inode *ino, int flags)
{
	if (S_ISLNK(ino->mode))
		return -ELOOP; /* O_NOFOLLOW on a symlink, as Linux */
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	if (S_ISDIR(ino->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	return 0;
}

int
vfs_open(struct inode *dir, const char *path, int flags, mode_t mode, struct file **out)
{
	struct inode *ino;
	int err = resolve_for_open(dir, path, flags, mode, &ino);

	if (err)
		return err;
	err = check_open(ino, flags);
	if (!err && S_ISREG(ino->mode) && (flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY) {
		mutex_lock(&ino->lock);
		err = ino->iops->truncate(ino, 0);
		mutex_unlock(&ino->lock);
	}
	if (!err && (S_ISCHR(ino->mode) || S_ISBLK(ino->mode)) && !chardev_ops(ino->rdev))
		err = -ENXIO;
	if (!err)
		err = file_open_inode(ino, flags, out);
	if (!err && S_ISCHR(ino->mode))
		(*out)->fops = chardev_ops(ino->rdev);
	inode_put(ino);
	return err;
}

int
vfs_mknod(struct inode *dir, const char *path, mode_t mode, uint32_t rdev)
{
	struct inode *parent, *ino;
	const char *name;
	size_t len;
	bool slash;
	int err = vfs_lookup_parent(dir, path, &parent, &name, &len, &slash);

	if (err)
		return err;
	if (len == 0 || (slash && !S_ISDIR(mode))) {
		inode_put(parent);
		return len == 0 ? -EEXIST : -ENOENT;
	}
	mutex_lock(&parent->lock);
	err = parent->iops->create(parent, name, len, mode, rdev, &ino);
	mutex_unlock(&parent->lock);
	inode_put(parent);
	if (!err)
		inode_put(ino);
	return err;
}

int
vfs_symlink(struct inode *dir, const char *path, const char *target)
{
	struct inode *parent;
	const char *name;
	size_t len;
	bool slash;
	int err = vfs_lookup_parent(dir, path, &parent, &name, &len, &slash);

	if (err)
		return err;
	if (len == 0 || slash) {
		inode_put(parent);
		return -EEXIST;
	}
	mutex_lock(&parent->lock);
	err = parent->iops->symlink(parent, name, len, target);
	mutex_unlock(&parent->lock);
	inode_put(parent);
	return err;
}
