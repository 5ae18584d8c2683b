/*
 * open(2) over path lookup: the O_CREAT walk (which follows a final
 * symlink to create its target), the checks Linux's do_open() makes, in
 * its order, then truncation and the file itself.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/stat.h>

#include "fs/devfs/chardev.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/internal.h"
#include "fs/namei.h"
#include "fs/vfs.h"

/* Look up nd's last component in its locked directory, creating a
 * regular file if it is missing. */
static int
lookup_or_create(struct nameidata *nd, mode_t mode, struct inode **out, bool *created)
{
	struct inode *dir = nd->dir;
	int err;

	mutex_lock(&dir->inode_lock);
	err = lookup_locked(dir, nd->last, nd->last_len, out);
	if (err == -ENOENT && !inode_is_dead(dir)) {
		err = dir->iops->create(dir, nd->last, nd->last_len, S_IFREG | (mode & 07777), 0,
					out);
		if (!err) {
			inherit_owner(dir, *out);
			*created = true;
		}
	}
	mutex_unlock(&dir->inode_lock);
	return err;
}

/* Resolve path for O_CREAT: 0 and a referenced *out, *created if made. */
static int
open_create(struct inode *dir, const char *path, int flags, mode_t mode, struct inode **out,
	    bool *created)
{
	struct nameidata nd;
	struct inode *ino = NULL;
	int err = vfs_lookup_parent(dir, path, &nd);

	if (err)
		return err;
	for (;;) {
		if (nd.last_type != LAST_NORM) {
			/* ".", ".." or "/": a directory (-EISDIR below). */
			ino = nd_dots_target(&nd);
			break;
		}
		if (nd.trailing_slash) {
			err = -EISDIR; /* as Linux: O_CREAT with a trailing slash */
			break;
		}
		err = lookup_or_create(&nd, mode, &ino, created);
		if (err || *created || !S_ISLNK(ino->mode) || (flags & (O_EXCL | O_NOFOLLOW)))
			break;
		/* A symlink: create (or open) its target instead. */
		err = vfs_follow_last(&nd, ino);
		inode_put(ino);
		if (err)
			return err;
	}
	nd_release(&nd);
	if (!err && !*created && (flags & O_EXCL)) {
		inode_put(ino);
		err = -EEXIST; /* a symlink too: O_EXCL never follows */
	}
	if (!err)
		*out = ino;
	return err;
}

/* The checks of Linux's do_open() and may_open(), in their order. */
static int
may_open(struct inode *ino, int flags)
{
	bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if ((flags & O_CREAT) && S_ISDIR(ino->mode))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	if (flags & O_PATH)
		return 0;
	switch (ino->mode & S_IFMT) {
	case S_IFLNK:
		return -ELOOP; /* O_NOFOLLOW met a symlink */
	case S_IFDIR:
		return writes ? -EISDIR : 0;
	case S_IFSOCK:
	case S_IFBLK:
		return -ENXIO; /* no sockets or block devices to open */
	default:
		return 0;
	}
}

static int
open_fops(struct inode *ino, int flags, const struct file_ops **fops)
{
	*fops = ino->fops;
	if (!(flags & O_PATH) && S_ISCHR(ino->mode) && !(*fops = chardev_ops(ino->rdev)))
		return -ENXIO; /* as Linux: no driver for the device number */
	return 0;
}

static int
open_truncate(struct inode *ino, int flags, bool created)
{
	/* As Linux: O_TRUNC truncates an existing regular file, whatever the
	 * access mode, and always touches its times. */
	if (created || !(flags & O_TRUNC) || (flags & O_PATH) || !S_ISREG(ino->mode))
		return 0;
	return vfs_truncate(ino, 0);
}

int
vfs_open(struct inode *dir, const char *path, int flags, mode_t mode, struct file **out)
{
	const struct file_ops *fops;
	struct inode *ino;
	bool created = false;
	int err;

	if ((flags & __O_TMPFILE) == __O_TMPFILE)
		return -EOPNOTSUPP;
	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL; /* as Linux since 6.4 */
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (flags & O_CREAT)
		err = open_create(dir, path, flags, mode, &ino, &created);
	else
		err = vfs_lookup(dir, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ino);
	if (err)
		return err;
	err = may_open(ino, flags);
	if (!err)
		err = open_fops(ino, flags, &fops);
	if (!err)
		err = file_open_inode(ino, (unsigned)flags, fops, out);
	/* As Linux: truncate once the file is open (-ETXTBSY came first). */
	if (!err && (err = open_truncate(ino, flags, created)))
		file_put(*out);
	inode_put(ino);
	return err;
}
