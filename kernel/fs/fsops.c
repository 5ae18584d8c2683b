/*
 * Creating and removing names: mknod/mkdir, symlink, link, unlink and
 * rmdir over path lookup and the file system's inode operations, with
 * Linux's checks in Linux's order (fs/namei.c there: filename_create(),
 * may_create(), may_delete()).
 *
 * Locks: the parent directory, then the victim or link target, as
 * fs/vfs.h orders them. The VFS keeps its own reference on every victim
 * while the file system drops the entry's, so nothing is evicted under a
 * lock.
 */
#include <asm-generic/errno.h>
#include <linux/stat.h>

#include "fs/fsops.h"
#include "fs/internal.h"
#include "fs/namei.h"
#include "fs/vfs.h"

void
inherit_owner(struct inode *dir, struct inode *ino)
{
	ino->uid = 0;
	ino->gid = 0;
	if (dir->mode & S_ISGID) {
		ino->gid = dir->gid;
		if (S_ISDIR(ino->mode))
			ino->mode |= S_ISGID;
	}
}

int
create_start(struct inode *dir, const char *path, bool want_dir, struct nameidata *nd)
{
	struct inode *old;
	int err = vfs_lookup_parent(dir, path, nd);

	if (err)
		return err;
	if (nd->last_type != LAST_NORM) {
		nd_release(nd);
		return -EEXIST;
	}
	mutex_lock(&nd->dir->inode_lock);
	err = lookup_locked(nd->dir, nd->last, nd->last_len, &old);
	if (!err) {
		inode_put(old);
		err = -EEXIST;
	} else if (err == -ENOENT && !inode_is_dead(nd->dir)) {
		/* As Linux: "name/" for a new non-directory is -ENOENT. */
		err = nd->trailing_slash && !want_dir ? -ENOENT : 0;
	}
	if (err)
		create_end(nd);
	return err;
}

void
create_end(struct nameidata *nd)
{
	mutex_unlock(&nd->dir->inode_lock);
	nd_release(nd);
}

int
vfs_mknod(struct inode *dir, const char *path, mode_t mode, uint32_t rdev)
{
	struct nameidata nd;
	struct inode *ino;
	int err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG; /* as Linux: type 0 is a regular file */
		break;
	case S_IFREG:
	case S_IFDIR:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	default:
		return -EINVAL;
	}
	err = create_start(dir, path, S_ISDIR(mode), &nd);
	if (err)
		return err;
	err = nd.dir->iops->create(nd.dir, nd.last, nd.last_len, mode, rdev, &ino);
	if (!err) {
		inherit_owner(nd.dir, ino);
		inode_put(ino);
	}
	create_end(&nd);
	return err;
}

int
vfs_symlink(struct inode *dir, const char *path, const char *target)
{
	struct nameidata nd;
	int err;

	if (!*target)
		return -ENOENT; /* as Linux: an empty target */
	err = create_start(dir, path, false, &nd);
	if (err)
		return err;
	err = nd.dir->iops->symlink(nd.dir, nd.last, nd.last_len, target);
	create_end(&nd);
	return err;
}

int
vfs_link(struct inode *src, struct inode *dir, const char *path)
{
	struct nameidata nd;
	int err = create_start(dir, path, false, &nd);

	if (err)
		return err;
	if (src->dev != nd.dir->dev)
		err = -EXDEV;
	else if (S_ISDIR(src->mode))
		err = -EPERM; /* no hard links to directories */
	if (!err) {
		mutex_lock(&src->inode_lock);
		/* As Linux: a file whose last link is gone cannot get one back. */
		err = src->nlink ? nd.dir->iops->link(nd.dir, nd.last, nd.last_len, src) : -ENOENT;
		mutex_unlock(&src->inode_lock);
	}
	create_end(&nd);
	return err;
}

/* Why victim cannot be unlinked, or 0. */
static int
unlink_type_error(const struct nameidata *nd, const struct inode *victim)
{
	if (S_ISDIR(victim->mode))
		return -EISDIR; /* as Linux (POSIX says EPERM) */
	if (nd->trailing_slash)
		return -ENOTDIR;
	return 0;
}

/* Why victim cannot be removed by rmdir, or 0. */
static int
rmdir_type_error(const struct nameidata *nd, const struct inode *victim)
{
	(void)nd;
	if (!S_ISDIR(victim->mode))
		return -ENOTDIR;
	if (victim == vfs_root)
		return -EBUSY;
	return 0;
}

/* Remove nd's last component from its directory with op, after check. */
static int
remove_last(struct nameidata *nd, bool dir_op)
{
	struct inode *dir = nd->dir, *victim;
	int err;

	mutex_lock(&dir->inode_lock);
	err = lookup_locked(dir, nd->last, nd->last_len, &victim);
	if (err) {
		mutex_unlock(&dir->inode_lock);
		return err;
	}
	err = dir_op ? rmdir_type_error(nd, victim) : unlink_type_error(nd, victim);
	if (!err) {
		mutex_lock(&victim->inode_lock);
		if (dir_op)
			err = dir->iops->rmdir(dir, nd->last, nd->last_len, victim);
		else
			err = dir->iops->unlink(dir, nd->last, nd->last_len, victim);
		mutex_unlock(&victim->inode_lock);
	}
	mutex_unlock(&dir->inode_lock);
	inode_put(victim); /* may free it, now that no lock is held */
	return err;
}

int
vfs_unlink(struct inode *dir, const char *path)
{
	struct nameidata nd;
	int err = vfs_lookup_parent(dir, path, &nd);

	if (err)
		return err;
	/* As Linux: ".", ".." and "/" are directories to unlink(). */
	err = nd.last_type != LAST_NORM ? -EISDIR : remove_last(&nd, false);
	nd_release(&nd);
	return err;
}

int
vfs_rmdir(struct inode *dir, const char *path)
{
	struct nameidata nd;
	int err = vfs_lookup_parent(dir, path, &nd);

	if (err)
		return err;
	switch (nd.last_type) {
	case LAST_DOTDOT:
		err = -ENOTEMPTY; /* as Linux */
		break;
	case LAST_DOT:
		err = -EINVAL;
		break;
	case LAST_ROOT:
		err = -EBUSY;
		break;
	default:
		err = remove_last(&nd, true);
	}
	nd_release(&nd);
	return err;
}
