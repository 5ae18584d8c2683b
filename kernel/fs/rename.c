/*
 * renameat2(2): RENAME_NOREPLACE and RENAME_EXCHANGE, with the checks and
 * the error order of Linux's do_renameat2() and vfs_rename().
 *
 * Locking (Linux's lock_rename()): vfs_rename_lock first, so the tree
 * cannot change shape while it is checked for loops; then the two
 * directories, an ancestor before its descendant, unrelated ones in
 * address order; then the source and the target, in address order (by
 * then neither can be an ancestor of a locked directory: those renames
 * fail with -EINVAL or -ENOTEMPTY before).
 */
#include <asm-generic/errno.h>
#include <linux/fs.h>
#include <linux/stat.h>

#include "fs/fsops.h"
#include "fs/namei.h"
#include "fs/vfs.h"

struct rename {
	struct nameidata old, new;
	struct inode *src, *tgt; /* referenced; tgt NULL if the name is free */
	unsigned flags;
};

static void
lock_pair(struct inode *a, struct inode *b)
{
	if (a == b || !b) {
		mutex_lock(&a->inode_lock);
		return;
	}
	if (!vfs_is_ancestor(b, a) && (vfs_is_ancestor(a, b) || a < b)) {
		mutex_lock(&a->inode_lock);
		mutex_lock(&b->inode_lock);
	} else {
		mutex_lock(&b->inode_lock);
		mutex_lock(&a->inode_lock);
	}
}

static void
unlock_pair(struct inode *a, struct inode *b)
{
	mutex_unlock(&a->inode_lock);
	if (b && b != a)
		mutex_unlock(&b->inode_lock);
}

/* The two lookups, directories locked. */
static int
find_both(struct rename *r)
{
	struct nameidata *o = &r->old, *n = &r->new;
	int err = lookup_locked(o->dir, o->last, o->last_len, &r->src);

	if (err)
		return err;
	err = lookup_locked(n->dir, n->last, n->last_len, &r->tgt);
	if (err == -ENOENT && !inode_is_dead(n->dir) && !(r->flags & RENAME_EXCHANGE))
		return 0;
	return err;
}

/* do_renameat2()'s and vfs_rename()'s checks, in their order. */
static int
check_rename(const struct rename *r)
{
	bool exchange = r->flags & RENAME_EXCHANGE;
	const struct inode *src = r->src, *tgt = r->tgt;

	if ((r->flags & RENAME_NOREPLACE) && tgt)
		return -EEXIST;
	if (!S_ISDIR(src->mode) && (r->old.trailing_slash || (!exchange && r->new.trailing_slash)))
		return -ENOTDIR;
	if (exchange && !S_ISDIR(tgt->mode) && r->new.trailing_slash)
		return -ENOTDIR;
	/* No directory may move into its own subtree. */
	if (S_ISDIR(src->mode) && vfs_is_ancestor(src, r->new.dir))
		return -EINVAL;
	if (tgt && S_ISDIR(tgt->mode) && vfs_is_ancestor(tgt, r->old.dir))
		return exchange ? -EINVAL : -ENOTEMPTY;
	if (!tgt || exchange)
		return 0;
	/* Replacing: the types must match (may_delete()). */
	if (S_ISDIR(src->mode) && !S_ISDIR(tgt->mode))
		return -ENOTDIR;
	if (!S_ISDIR(src->mode) && S_ISDIR(tgt->mode))
		return -EISDIR;
	return 0;
}

/* Check, lock the two inodes, and let the file system move the names. */
static int
do_rename(struct rename *r)
{
	struct nameidata *o = &r->old, *n = &r->new;
	int err = check_rename(r);

	if (err || r->src == r->tgt)
		return err; /* as Linux: two links of one inode: nothing to do */
	if (r->tgt && r->tgt < r->src)
		lock_pair(r->tgt, r->src);
	else
		lock_pair(r->src, r->tgt);
	err = o->dir->iops->rename(o->dir, o->last, o->last_len, r->src, n->dir, n->last,
				   n->last_len, r->tgt, r->flags);
	unlock_pair(r->src, r->tgt);
	return err;
}

static int
rename_locked(struct rename *r)
{
	int err;

	assert_mutex_held(&vfs_rename_lock);
	lock_pair(r->old.dir, r->new.dir);
	err = find_both(r);
	if (!err)
		err = do_rename(r);
	unlock_pair(r->old.dir, r->new.dir);
	return err;
}

static int
check_flags(unsigned flags)
{
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL; /* no overlay whiteouts in Tern's file systems */
	return 0;
}

int
vfs_rename(struct inode *odir, const char *oldpath, struct inode *ndir, const char *newpath,
	   unsigned flags)
{
	struct rename r = { .flags = flags };
	int err = check_flags(flags);

	if (err || (err = vfs_lookup_parent(odir, oldpath, &r.old)))
		return err;
	err = vfs_lookup_parent(ndir, newpath, &r.new);
	if (err)
		goto out_old;
	err = -EXDEV;
	if (r.old.dir->dev != r.new.dir->dev)
		goto out_new;
	err = -EBUSY; /* as Linux: ".", ".." and "/" cannot be renamed */
	if (r.old.last_type != LAST_NORM || r.new.last_type != LAST_NORM)
		goto out_new;
	mutex_lock(&vfs_rename_lock);
	err = rename_locked(&r);
	mutex_unlock(&vfs_rename_lock);
	if (r.src)
		inode_put(r.src);
	if (r.tgt)
		inode_put(r.tgt);
out_new:
	nd_release(&r.new);
out_old:
	nd_release(&r.old);
	return err;
}
