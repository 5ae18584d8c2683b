/*
 * ramfs: files are arrays of pages, directories are lists of entries,
 * symlinks hold their target string. Everything lives until unlinked
 * and unreferenced.
 *
 * Each directory entry holds one reference on its inode; nlink counts
 * the entries (and, for directories, the "." and the children's "..").
 * All operations run with the directory's / file's inode lock held by
 * the VFS caller ([L] in fs/vfs.h), except evict (last reference).
 * A file's page array has its own spinlock, so the page-fault path can
 * fetch pages without the inode lock (which a read() holds while it
 * copies to user memory, which may fault: mm->lock comes first).
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/stat.h>

#include "fs/file.h"
#include "fs/ramfs/ramfs.h"
#include "fs/vfs.h"
#include "lib/list.h"
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/slab.h"

struct ramfs_dirent {
	struct list_head link;
	struct inode *inode; /* referenced */
	size_t len;
	char name[];
};

struct ramfs_inode {
	struct inode vfs;
	struct spinlock pages_lock; /* pages, npages */
	struct page **pages;	    /* regular files: page i holds bytes [i*PAGE, ...) */
	size_t npages;		    /* slots in pages */
	struct list_head entries;   /* directories: struct ramfs_dirent */
	char *target;		    /* symlinks */
};

static const struct inode_ops ramfs_iops;
static const struct file_ops ramfs_file_ops, ramfs_dir_ops;
static uint64_t next_ino = 1;

static struct ramfs_inode *
RI(struct inode *ino)
{
	return container_of(ino, struct ramfs_inode, vfs);
}

static struct inode *
ramfs_new_inode(mode_t mode)
{
	struct ramfs_inode *ri = kzalloc(sizeof(*ri));
	const struct file_ops *fops = NULL;

	if (!ri)
		return NULL;
	if (S_ISREG(mode))
		fops = &ramfs_file_ops;
	else if (S_ISDIR(mode))
		fops = &ramfs_dir_ops;
	inode_init(&ri->vfs, mode, &ramfs_iops, fops);
	ri->vfs.ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	list_init(&ri->entries);
	spin_init(&ri->pages_lock, "ramfs_pages");
	if (S_ISDIR(mode))
		ri->vfs.nlink = 2;
	return &ri->vfs;
}

static struct ramfs_dirent *
find_entry(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *d;

	list_for_each_entry(d, &RI(dir)->entries, link)
		if (d->len == len && !memcmp(d->name, name, len))
			return d;
	return NULL;
}

static int
ramfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct ramfs_dirent *d = find_entry(dir, name, len);

	if (!d)
		return -ENOENT;
	inode_get(d->inode);
	*out = d->inode;
	return 0;
}

/* Add an entry for ino (taking a new reference on it). */
static int
add_entry(struct inode *dir, const char *name, size_t len, struct inode *ino)
{
	struct ramfs_dirent *d;

	if (find_entry(dir, name, len))
		return -EEXIST;
	d = kmalloc(sizeof(*d) + len + 1);
	if (!d)
		return -ENOMEM;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->len = len;
	d->inode = ino;
	inode_get(ino);
	list_add_tail(&d->link, &RI(dir)->entries);
	dir->mtime = dir->ctime = vfs_now();
	return 0;
}

static int
ramfs_create(struct inode *dir, const char *name, size_t len, mode_t mode, uint32_t rdev,
	     struct inode **out)
{
	struct inode *ino = ramfs_new_inode(mode);
	int err;

	if (!ino)
		return -ENOMEM;
	ino->rdev = rdev;
	if (S_ISDIR(mode)) {
		ino->parent = dir;
		inode_get(dir);
	}
	err = add_entry(dir, name, len, ino);
	if (err) {
		ino->nlink = 0;
		inode_put(ino);
		return err;
	}
	if (S_ISDIR(mode))
		dir->nlink++;
	*out = ino;
	return 0;
}

static int
ramfs_symlink(struct inode *dir, const char *name, size_t len, const char *target)
{
	struct inode *ino;
	size_t tlen = strlen(target);
	char *copy = kmalloc(tlen + 1);
	int err;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, tlen + 1);
	err = ramfs_create(dir, name, len, S_IFLNK | 0777, 0, &ino);
	if (err) {
		kfree(copy);
		return err;
	}
	RI(ino)->target = copy;
	ino->size = tlen;
	inode_put(ino);
	return 0;
}

static int
ramfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	int err = add_entry(dir, name, len, target);

	if (!err) {
		target->nlink++;
		target->ctime = vfs_now();
	}
	return err;
}

static void
drop_entry(struct inode *dir, struct ramfs_dirent *d)
{
	struct inode *ino = d->inode;

	list_del(&d->link);
	kfree(d);
	ino->nlink -= S_ISDIR(ino->mode) ? 2 : 1;
	if (S_ISDIR(ino->mode))
		dir->nlink--;
	ino->ctime = dir->mtime = dir->ctime = vfs_now();
	inode_put(ino);
}

static int
ramfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *d = find_entry(dir, name, len);

	if (!d)
		return -ENOENT;
	if (S_ISDIR(d->inode->mode))
		return -EISDIR;
	drop_entry(dir, d);
	return 0;
}

static int
ramfs_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *d = find_entry(dir, name, len);

	if (!d)
		return -ENOENT;
	if (!S_ISDIR(d->inode->mode))
		return -ENOTDIR;
	if (!list_empty(&RI(d->inode)->entries))
		return -ENOTEMPTY;
	drop_entry(dir, d);
	return 0;
}

static ssize_t
ramfs_readlink(struct inode *ino, char *buf, size_t len)
{
	size_t n = MIN(len, ino->size);

	memcpy(buf, RI(ino)->target, n);
	return (ssize_t)n;
}

static unsigned
dirent_type(mode_t mode)
{
	return (mode & S_IFMT) >> 12; /* DT_* are the S_IFMT bits shifted, as Linux */
}

static int
ramfs_readdir(struct inode *dir, uint64_t *pos,
	      int (*emit)(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type),
	      void *ctx)
{
	struct ramfs_dirent *d;
	uint64_t i = 2;

	if (*pos == 0) {
		if (emit(ctx, ".", 1, dir->ino, dirent_type(dir->mode)))
			return 0;
		(*pos)++;
	}
	if (*pos == 1) {
		struct inode *p = dir->parent ? dir->parent : dir;

		if (emit(ctx, "..", 2, p->ino, dirent_type(p->mode)))
			return 0;
		(*pos)++;
	}
	list_for_each_entry(d, &RI(dir)->entries, link) {
		if (i++ < *pos)
			continue;
		if (emit(ctx, d->name, d->len, d->inode->ino, dirent_type(d->inode->mode)))
			return 0;
		(*pos)++;
	}
	return 0;
}

/* Make room for page index idx. */
static int
ensure_slots(struct ramfs_inode *ri, size_t idx)
{
	size_t n = ri->npages ? ri->npages : 4;
	struct page **pages, **old;

	if (idx < ri->npages)
		return 0;
	while (n <= idx)
		n *= 2;
	pages = kzalloc(n * sizeof(*pages));
	if (!pages)
		return -ENOMEM;
	/* Only writers (inode lock held) resize, so npages is stable here. */
	spin_lock(&ri->pages_lock);
	if (ri->pages)
		memcpy(pages, ri->pages, ri->npages * sizeof(*pages));
	old = ri->pages;
	ri->pages = pages;
	ri->npages = n;
	spin_unlock(&ri->pages_lock);
	kfree(old);
	return 0;
}

static int
ramfs_truncate(struct inode *ino, uint64_t size)
{
	struct ramfs_inode *ri = RI(ino);
	size_t keep = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;

	for (size_t i = keep; i < ri->npages; i++) {
		struct page *p;

		spin_lock(&ri->pages_lock);
		p = ri->pages[i];
		ri->pages[i] = NULL;
		spin_unlock(&ri->pages_lock);
		if (p)
			page_put(p);
	}
	/* Zero the tail of the last kept page, so a later extension reads 0. */
	if (size % PAGE_SIZE && keep - 1 < ri->npages && ri->pages[keep - 1])
		memset((char *)page_to_kva(ri->pages[keep - 1]) + size % PAGE_SIZE, 0,
		       PAGE_SIZE - size % PAGE_SIZE);
	ino->size = size;
	ino->mtime = ino->ctime = vfs_now();
	return 0;
}

static struct page *
ramfs_get_page(struct inode *ino, uint64_t pgoff)
{
	struct ramfs_inode *ri = RI(ino);
	struct page *p = NULL;

	spin_lock(&ri->pages_lock);
	if (pgoff < ri->npages && (p = ri->pages[pgoff]))
		page_get(p);
	spin_unlock(&ri->pages_lock);
	return p;
}

static void
ramfs_evict(struct inode *ino)
{
	struct ramfs_inode *ri = RI(ino);

	if (S_ISREG(ino->mode))
		ramfs_truncate(ino, 0);
	if (ino->parent)
		inode_put(ino->parent);
	kfree(ri->pages);
	kfree(ri->target);
	kfree(ri);
}

static int
add_page(struct ramfs_inode *ri, size_t idx)
{
	struct page *p = page_alloc(0, GFP_ZERO);

	if (!p)
		return -ENOSPC;
	spin_lock(&ri->pages_lock);
	ri->pages[idx] = p;
	spin_unlock(&ri->pages_lock);
	return 0;
}

static ssize_t
ramfs_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct inode *ino = f->inode;
	static const char zeros[256];
	int err = 0;

	mutex_lock(&ino->lock);
	while (u->len && *pos < ino->size && !err) {
		size_t idx = *pos >> PAGE_SHIFT, off = *pos % PAGE_SIZE;
		size_t n = MIN(MIN(u->len, PAGE_SIZE - off), ino->size - *pos);
		struct page *p = ramfs_get_page(ino, idx);

		if (!p)
			n = MIN(n, sizeof(zeros));
		err = uio_copy_out(u, p ? (char *)page_to_kva(p) + off : zeros, n);
		if (p)
			page_put(p);
		if (!err)
			*pos += n;
	}
	mutex_unlock(&ino->lock);
	return u->done ? (ssize_t)u->done : err;
}

static ssize_t
ramfs_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct inode *ino = f->inode;
	struct ramfs_inode *ri = RI(ino);
	int err = 0;

	mutex_lock(&ino->lock);
	if (f->flags & O_APPEND)
		*pos = ino->size;
	while (u->len && !err) {
		size_t idx = *pos >> PAGE_SHIFT, off = *pos % PAGE_SIZE;
		size_t n = MIN(u->len, PAGE_SIZE - off);

		err = ensure_slots(ri, idx);
		if (!err && !ri->pages[idx])
			err = add_page(ri, idx);
		if (!err)
			err = uio_copy_in(u, (char *)page_to_kva(ri->pages[idx]) + off, n);
		if (!err) {
			*pos += n;
			if (*pos > ino->size)
				ino->size = *pos;
		}
	}
	if (u->done)
		ino->mtime = ino->ctime = vfs_now();
	mutex_unlock(&ino->lock);
	return u->done ? (ssize_t)u->done : err;
}

static const struct inode_ops ramfs_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.readlink = ramfs_readlink,
	.readdir = ramfs_readdir,
	.truncate = ramfs_truncate,
	.get_page = ramfs_get_page,
	.evict = ramfs_evict,
};

static const struct file_ops ramfs_file_ops = {
	.read = ramfs_read,
	.write = ramfs_write,
};

static const struct file_ops ramfs_dir_ops = { 0 };

struct inode *
ramfs_create_root(void)
{
	return ramfs_new_inode(S_IFDIR | 0755);
}
