/*
 * Working directory and umask.
 */
#include <atomic.h>
#include "fs/fs_context.h"
#include "fs/vfs.h"
#include "mm/slab.h"

struct fs_context *
fs_context_create(struct inode *cwd)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refcount = 1;
	spin_init(&fs->fs_lock, "fs_context");
	inode_get(cwd);
	fs->cwd = cwd;
	fs->umask = 022;
	return fs;
}

struct fs_context *
fs_context_dup(struct fs_context *src)
{
	struct inode *cwd = fs_context_cwd(src);
	struct fs_context *fs = fs_context_create(cwd);

	inode_put(cwd);
	if (fs) {
		spin_lock(&src->fs_lock);
		fs->umask = src->umask;
		spin_unlock(&src->fs_lock);
	}
	return fs;
}

void
fs_context_put(struct fs_context *fs)
{
	if (atomic_dec_acq_rel(&fs->refcount) != 0)
		return;
	inode_put(fs->cwd);
	kfree(fs);
}

struct inode *
fs_context_cwd(struct fs_context *fs)
{
	struct inode *cwd;

	spin_lock(&fs->fs_lock);
	cwd = fs->cwd;
	inode_get(cwd);
	spin_unlock(&fs->fs_lock);
	return cwd;
}

void
fs_context_set_cwd(struct fs_context *fs, struct inode *dir)
{
	struct inode *old;

	inode_get(dir);
	spin_lock(&fs->fs_lock);
	old = fs->cwd;
	fs->cwd = dir;
	spin_unlock(&fs->fs_lock);
	inode_put(old);
}

mode_t
fs_context_umask(struct fs_context *fs)
{
	mode_t m;

	spin_lock(&fs->fs_lock);
	m = fs->umask;
	spin_unlock(&fs->fs_lock);
	return m;
}
