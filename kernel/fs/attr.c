/*
 * Inode attributes: stat, chmod, chown, utimes, truncate, access and
 * readlink, each under the inode's lock, with the timestamp rules of
 * Linux's tmpfs (ctime on every attribute change; every truncate touches
 * mtime and ctime).
 */
#include <asm-generic/errno.h>
#include <linux/stat.h>

#include "fs/fsops.h"
#include "fs/vfs.h"

void
vfs_getattr(struct inode *ino, struct kstat *st)
{
	mutex_lock(&ino->inode_lock);
	*st = (struct kstat){
		.dev = ino->dev,
		.ino = ino->ino,
		.mode = ino->mode,
		.nlink = ino->nlink,
		.uid = ino->uid,
		.gid = ino->gid,
		.rdev = ino->rdev,
		.size = ino->size,
		.blksize = 4096,
		.blocks = ino->blocks,
		.atime = ino->atime,
		.mtime = ino->mtime,
		.ctime = ino->ctime,
	};
	mutex_unlock(&ino->inode_lock);
}

void
vfs_chmod(struct inode *ino, mode_t mode)
{
	mutex_lock(&ino->inode_lock);
	ino->mode = (ino->mode & S_IFMT) | (mode & 07777);
	ino->ctime = vfs_now();
	mutex_unlock(&ino->inode_lock);
}

void
vfs_chown(struct inode *ino, uid_t uid, gid_t gid)
{
	mutex_lock(&ino->inode_lock);
	if (uid != (uid_t)-1)
		ino->uid = uid;
	if (gid != (gid_t)-1)
		ino->gid = gid;
	/* As Linux's chown_common(): even root's chown drops set-user-ID,
	 * and set-group-ID when the group may execute. */
	if (!S_ISDIR(ino->mode)) {
		ino->mode &= ~(mode_t)S_ISUID;
		if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			ino->mode &= ~(mode_t)S_ISGID;
	}
	ino->ctime = vfs_now();
	mutex_unlock(&ino->inode_lock);
}

void
vfs_utimes(struct inode *ino, const struct utimes_spec *spec)
{
	struct timespec64 now = vfs_now();

	mutex_lock(&ino->inode_lock);
	if (spec->set_atime)
		ino->atime = spec->atime;
	if (spec->set_mtime)
		ino->mtime = spec->mtime;
	ino->ctime = now;
	mutex_unlock(&ino->inode_lock);
}

int
vfs_truncate(struct inode *ino, uint64_t size)
{
	int err = 0;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode) || !ino->iops->truncate)
		return -EINVAL;
	err = inode_get_write_access(ino); /* -ETXTBSY while executed */
	if (err)
		return err;
	mutex_lock(&ino->inode_lock);
	if (size != ino->size)
		err = ino->iops->truncate(ino, size);
	/* As Linux 6.x's tmpfs: even a truncate to the same size touches
	 * mtime and ctime. */
	if (!err)
		ino->mtime = ino->ctime = vfs_now();
	mutex_unlock(&ino->inode_lock);
	inode_put_write_access(ino);
	return err;
}

int
vfs_access(struct inode *ino, bool exec)
{
	bool exec_bit;

	if (!exec)
		return 0; /* root may read and write anything */
	mutex_lock(&ino->inode_lock);
	exec_bit = S_ISDIR(ino->mode) || (ino->mode & (S_IXUSR | S_IXGRP | S_IXOTH));
	mutex_unlock(&ino->inode_lock);
	return exec_bit ? 0 : -EACCES;
}

ssize_t
vfs_readlink(struct inode *ino, char *buf, size_t size)
{
	ssize_t n;

	if (!S_ISLNK(ino->mode))
		return -EINVAL;
	mutex_lock(&ino->inode_lock);
	n = ino->iops->readlink(ino, buf, size);
	inode_touch_atime(ino, true);
	mutex_unlock(&ino->inode_lock);
	return n;
}
