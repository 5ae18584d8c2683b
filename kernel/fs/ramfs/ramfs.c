/*
 * ramfs: files are arrays of pages, directories are lists of entries,
 * symlinks hold their target string. Everything lives until unlinked and
 * unreferenced.
 *
 * Each directory entry holds one reference on its inode, and a directory
 * holds one on its parent, so an inode whose last reference drops is
 * unreachable and evict() frees it whole. nlink counts the entries (and,
 * for directories, the "." and the children's ".."). The VFS calls every
 * operation with the locks fs/vfs.h lists, and keeps its own reference on
 * every victim, so no inode is evicted under a lock here.
 *
 * Directory entries carry a position assigned at insertion from a
 * per-directory counter and stay in insertion order, so readdir positions
 * survive creations and removals (as Linux's tmpfs offsets do).
 *
 * A file's page array has its own spinlock, so the page-fault path can
 * fetch pages without the inode lock (which a read() holds while it
 * copies to user memory, which may fault: see docs/locking.md). Bytes past
 * EOF in an allocated page are always zero, so growing a file exposes
 * zeros. Pages are allocated on write; a page never written is a hole.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <atomic.h>
#include <kassert.h>
#include <linux/fs.h>
#include <linux/stat.h>

#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/ramfs/ramfs.h"
#include "fs/vfs.h"
#include "lib/list.h"
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/slab.h"

/* The page array is one kmalloc block: that bounds a file's size. */
#define RAMFS_MAX_PAGES	 (KMALLOC_MAX_SIZE / sizeof(struct page *))
#define RAMFS_MAX_SIZE	 ((uint64_t)RAMFS_MAX_PAGES << PAGE_SHIFT)
#define RAMFS_DEV	 1 /* st_dev of every ramfs inode */
#define FIRST_POS	 2 /* readdir positions 0 and 1 are "." and ".." */
/* As tmpfs: a directory's size is 20 bytes per entry, "." and ".." too. */
#define BOGO_DIRENT_SIZE 20
#define PAGE_BLOCKS	 (PAGE_SIZE / 512)

struct ramfs_dirent {
	struct list_head dirent_link;
	struct inode *inode; /* referenced */
	uint64_t pos;	     /* readdir position */
	size_t len;
	char name[];
};

/* Locks: [L] vfs inode lock  [S] pages_lock (and [L] to resize) */
struct ramfs_inode {
	struct inode vfs;
	struct spinlock pages_lock; /* pages, npages; a leaf lock */
	struct page **pages;	    /* [S] regular files: page i holds bytes [i*PAGE, ...) */
	size_t npages;		    /* [S] slots in pages */
	struct list_head entries;   /* [L] directories: struct ramfs_dirent, by pos */
	uint64_t next_pos;	    /* [L] directories: position of the next entry */
	char *target;		    /* [I] symlinks */
};

static const struct inode_ops ramfs_iops;
static const struct file_ops ramfs_file_ops, ramfs_dir_ops;
static uint64_t next_ino = 1;

static struct ramfs_inode *
RI(struct inode *ino)
{
	return container_of(ino, struct ramfs_inode, vfs);
}

static const struct file_ops *
fops_for(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return &ramfs_file_ops;
	case S_IFDIR:
		return &ramfs_dir_ops;
	case S_IFIFO:
		return &pipe_fifo_ops;
	default:
		return NULL; /* devices: the VFS picks the driver; sockets: -ENXIO */
	}
}

static struct inode *
ramfs_new_inode(mode_t mode)
{
	struct ramfs_inode *ri = kzalloc(sizeof(*ri));

	if (!ri)
		return NULL;
	inode_init(&ri->vfs, mode, &ramfs_iops, fops_for(mode));
	ri->vfs.ino = atomic_fetch_add_relaxed(&next_ino, 1);
	ri->vfs.dev = RAMFS_DEV;
	list_init(&ri->entries);
	ri->next_pos = FIRST_POS;
	spin_init(&ri->pages_lock, "ramfs_pages");
	if (S_ISDIR(mode)) {
		ri->vfs.nlink = 2;
		ri->vfs.size = 2 * BOGO_DIRENT_SIZE;
	}
	return &ri->vfs;
}

static struct ramfs_dirent *
find_entry(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *d;

	list_for_each_entry(d, &RI(dir)->entries, dirent_link)
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

static struct ramfs_dirent *
new_dirent(const char *name, size_t len)
{
	struct ramfs_dirent *d = kmalloc(sizeof(*d) + len + 1);

	if (!d)
		return NULL;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->len = len;
	return d;
}

/* Append d (holding a reference on ino) to dir; touches dir's times. */
static void
insert_dirent(struct inode *dir, struct ramfs_dirent *d, struct inode *ino)
{
	d->inode = ino;
	d->pos = RI(dir)->next_pos++;
	list_add_tail(&d->dirent_link, &RI(dir)->entries);
	dir->size += BOGO_DIRENT_SIZE;
	dir->mtime = dir->ctime = vfs_now();
}

static int
ramfs_create(struct inode *dir, const char *name, size_t len, mode_t mode, uint32_t rdev,
	     struct inode **out)
{
	struct ramfs_dirent *d;
	struct inode *ino;

	if (find_entry(dir, name, len))
		return -EEXIST;
	d = new_dirent(name, len);
	ino = d ? ramfs_new_inode(mode) : NULL;
	if (!ino) {
		kfree(d);
		return -ENOSPC; /* as tmpfs when memory runs out */
	}
	ino->rdev = rdev;
	if (S_ISDIR(mode)) {
		ino->parent = dir;
		inode_get(dir);
		dir->nlink++;
	}
	inode_get(ino); /* the entry's reference; the caller gets the first */
	insert_dirent(dir, d, ino);
	*out = ino;
	return 0;
}

static int
ramfs_symlink(struct inode *dir, const char *name, size_t len, const char *target)
{
	size_t tlen = strlen(target);
	char *copy = kmalloc(tlen + 1);
	struct inode *ino;
	int err;

	if (!copy)
		return -ENOSPC;
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
	struct ramfs_dirent *d;

	if (find_entry(dir, name, len))
		return -EEXIST;
	d = new_dirent(name, len);
	if (!d)
		return -ENOSPC;
	inode_get(target);
	insert_dirent(dir, d, target);
	target->nlink++;
	target->ctime = dir->mtime;
	return 0;
}

/* The victim lost its entry in dir (the entry is freed; its reference
 * moves to the caller's put): update sizes, links and times. */
static void
unlinked(struct inode *dir, struct inode *victim, struct timespec64 now)
{
	dir->size -= BOGO_DIRENT_SIZE;
	if (S_ISDIR(victim->mode)) {
		victim->nlink = 0; /* dead: its "." and its entry are gone */
		dir->nlink--;	   /* its ".." */
	} else {
		victim->nlink--;
	}
	victim->ctime = dir->mtime = dir->ctime = now;
}

static void
drop_entry(struct inode *dir, struct ramfs_dirent *d)
{
	struct inode *ino = d->inode;

	list_del(&d->dirent_link);
	kfree(d);
	unlinked(dir, ino, vfs_now());
	inode_put(ino); /* the entry's; the VFS holds another */
}

static int
ramfs_unlink(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	struct ramfs_dirent *d = find_entry(dir, name, len);

	KASSERT(d && d->inode == victim && !S_ISDIR(victim->mode));
	drop_entry(dir, d);
	return 0;
}

static int
ramfs_rmdir(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	struct ramfs_dirent *d = find_entry(dir, name, len);

	KASSERT(d && d->inode == victim && S_ISDIR(victim->mode));
	if (!list_empty(&RI(victim)->entries))
		return -ENOTEMPTY;
	drop_entry(dir, d);
	return 0;
}

/* Directory ino now lives in to instead of from: fix its ".." link
 * count and parent pointer. */
static void
reparent(struct inode *ino, struct inode *from, struct inode *to)
{
	if (!S_ISDIR(ino->mode) || from == to)
		return;
	from->nlink--;
	to->nlink++;
	inode_get(to);
	ino->parent = to;
	inode_put(from); /* the VFS holds a reference on both directories */
}

static void
touch_dirs(struct inode *odir, struct inode *ndir, struct timespec64 now)
{
	odir->mtime = odir->ctime = ndir->mtime = ndir->ctime = now;
}

static int
rename_exchange(struct inode *odir, struct ramfs_dirent *od, struct inode *ndir,
		struct ramfs_dirent *nd)
{
	struct inode *src = od->inode, *tgt = nd->inode;
	struct timespec64 now = vfs_now();

	od->inode = tgt;
	nd->inode = src;
	reparent(src, odir, ndir);
	reparent(tgt, ndir, odir);
	touch_dirs(odir, ndir, now);
	src->ctime = tgt->ctime = now;
	return 0;
}

static int
ramfs_rename(struct inode *odir, const char *oname, size_t olen, struct inode *src,
	     struct inode *ndir, const char *nname, size_t nlen, struct inode *tgt, unsigned flags)
{
	struct ramfs_dirent *od = find_entry(odir, oname, olen);
	struct ramfs_dirent *nd = find_entry(ndir, nname, nlen), *moved;
	struct timespec64 now;

	KASSERT(od && od->inode == src && (tgt ? nd && nd->inode == tgt : !nd));
	if (flags & RENAME_EXCHANGE)
		return rename_exchange(odir, od, ndir, nd);
	if (tgt && S_ISDIR(tgt->mode) && !list_empty(&RI(tgt)->entries))
		return -ENOTEMPTY;
	/* As tmpfs: the entry gets a new position at the end of ndir. */
	moved = new_dirent(nname, nlen);
	if (!moved)
		return -ENOSPC;
	now = vfs_now();
	if (nd) {
		list_del(&nd->dirent_link);
		kfree(nd);
		unlinked(ndir, tgt, now);
		inode_put(tgt); /* the entry's; the VFS holds another */
	}
	list_del(&od->dirent_link);
	kfree(od);
	odir->size -= BOGO_DIRENT_SIZE;
	insert_dirent(ndir, moved, src); /* the old entry's reference moves */
	reparent(src, odir, ndir);
	touch_dirs(odir, ndir, now);
	src->ctime = now;
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
ramfs_readdir(struct inode *dir, uint64_t *pos, readdir_emit_t emit, void *ctx)
{
	struct ramfs_dirent *d;

	if (*pos == 0) {
		if (emit(ctx, ".", 1, dir->ino, dirent_type(S_IFDIR), 1))
			return 0;
		*pos = 1;
	}
	if (*pos == 1) {
		struct inode *p = dir->parent ? dir->parent : dir;

		if (emit(ctx, "..", 2, p->ino, dirent_type(S_IFDIR), FIRST_POS))
			return 0;
		*pos = FIRST_POS;
	}
	list_for_each_entry(d, &RI(dir)->entries, dirent_link) {
		if (d->pos < *pos)
			continue;
		if (emit(ctx, d->name, d->len, d->inode->ino, dirent_type(d->inode->mode),
			 d->pos + 1))
			return 0;
		*pos = d->pos + 1;
	}
	return 0;
}

/* Make room for page index idx (inode lock held: the only resizer). */
static int
ensure_slots(struct ramfs_inode *ri, size_t idx)
{
	size_t n = ri->npages ? ri->npages : 4;
	struct page **pages, **old;

	if (idx < ri->npages)
		return 0;
	while (n <= idx)
		n *= 2;
	n = MIN(n, RAMFS_MAX_PAGES);
	pages = kzalloc(n * sizeof(*pages));
	if (!pages)
		return -ENOSPC;
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

/* Free the pages from index first on. */
static void
free_pages_from(struct ramfs_inode *ri, size_t first)
{
	for (size_t i = first; i < ri->npages; i++) {
		struct page *p;

		spin_lock(&ri->pages_lock);
		p = ri->pages[i];
		ri->pages[i] = NULL;
		spin_unlock(&ri->pages_lock);
		if (p) {
			page_put(p);
			ri->vfs.blocks -= PAGE_BLOCKS;
		}
	}
}

static int
ramfs_truncate(struct inode *ino, uint64_t size)
{
	struct ramfs_inode *ri = RI(ino);
	size_t keep = (size_t)((size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	size_t tail = size % PAGE_SIZE;

	if (size > RAMFS_MAX_SIZE)
		return -EFBIG;
	if (size < ino->size) {
		free_pages_from(ri, keep);
		/* Keep bytes past EOF zero, so a later extension reads 0. */
		if (tail && keep - 1 < ri->npages && ri->pages[keep - 1])
			memset((char *)page_to_kva(ri->pages[keep - 1]) + tail, 0,
			       PAGE_SIZE - tail);
	}
	ino->size = size;
	return 0;
}

static int64_t
ramfs_seek_data(struct inode *ino, uint64_t pos, bool hole)
{
	struct ramfs_inode *ri = RI(ino);
	size_t last = (size_t)((ino->size - 1) >> PAGE_SHIFT);

	/* As tmpfs: data and holes are whole pages; EOF ends the last hole. */
	for (size_t i = (size_t)(pos >> PAGE_SHIFT); i <= last; i++) {
		bool present = i < ri->npages && ri->pages[i];

		if (present != hole)
			return (int64_t)MAX(pos, (uint64_t)i << PAGE_SHIFT);
	}
	return hole ? (int64_t)ino->size : -ENXIO;
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

	/* Unreachable: a directory has no entries left (each held a
	 * reference), a file's pages go back to the allocator; inode_put()
	 * drops the parent. */
	KASSERT(list_empty(&ri->entries));
	free_pages_from(ri, 0);
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
	ri->vfs.blocks += PAGE_BLOCKS;
	return 0;
}

static ssize_t
ramfs_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct inode *ino = f->inode;
	static const char zeros[256];
	int err = 0;

	mutex_lock(&ino->inode_lock);
	while (u->len && *pos < ino->size && !err) {
		size_t idx = *pos >> PAGE_SHIFT, off = *pos % PAGE_SIZE;
		size_t n = MIN(MIN(u->len, PAGE_SIZE - off), ino->size - *pos);
		struct page *p = ramfs_get_page(ino, idx);

		if (!p)
			n = MIN(n, sizeof(zeros)); /* a hole */
		err = uio_copy_out(u, p ? (char *)page_to_kva(p) + off : zeros, n);
		if (p)
			page_put(p);
		if (!err)
			*pos += n;
	}
	/* As tmpfs: every read, even one at EOF, counts as an access. */
	inode_touch_atime(ino, true);
	mutex_unlock(&ino->inode_lock);
	return u->done ? (ssize_t)u->done : err;
}

/* Copy n bytes from the uio into page idx at off; a failed copy leaves
 * the bytes past EOF zero. */
static int
write_chunk(struct inode *ino, struct uio *u, size_t idx, size_t off, size_t n)
{
	struct ramfs_inode *ri = RI(ino);
	uint64_t at = ((uint64_t)idx << PAGE_SHIFT) + off;
	size_t before = u->done;
	char *kva;
	int err;

	err = ensure_slots(ri, idx);
	if (!err && !ri->pages[idx])
		err = add_page(ri, idx);
	if (err)
		return err;
	kva = page_to_kva(ri->pages[idx]);
	err = uio_copy_in(u, kva + off, n);
	if (err) {
		/* A fault may have left part of the chunk copied: clear what
		 * lies past EOF. */
		uint64_t from = MAX(at + (u->done - before), ino->size);

		if (from < at + n)
			memset(kva + (from - ((uint64_t)idx << PAGE_SHIFT)), 0, at + n - from);
	}
	return err;
}

static ssize_t
ramfs_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct inode *ino = f->inode;
	int err = 0;

	mutex_lock(&ino->inode_lock);
	if (f->flags & O_APPEND)
		*pos = ino->size; /* as Linux: even for pwrite */
	if (*pos >= RAMFS_MAX_SIZE && u->len)
		err = -EFBIG;
	else if (u->len)
		ino->mtime = ino->ctime = vfs_now();
	while (u->len && !err) {
		size_t idx = *pos >> PAGE_SHIFT, off = *pos % PAGE_SIZE;
		size_t n = MIN(u->len, PAGE_SIZE - off);
		size_t before = u->done;

		if (*pos >= RAMFS_MAX_SIZE)
			break; /* a short write up to the limit, as Linux */
		err = write_chunk(ino, u, idx, off, n);
		*pos += u->done - before;
		if (*pos > ino->size)
			ino->size = *pos;
	}
	mutex_unlock(&ino->inode_lock);
	return u->done ? (ssize_t)u->done : err;
}

static int
ramfs_fsync(struct file *f)
{
	(void)f;
	return 0; /* nothing to write back */
}

static const struct inode_ops ramfs_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.readlink = ramfs_readlink,
	.readdir = ramfs_readdir,
	.truncate = ramfs_truncate,
	.seek_data = ramfs_seek_data,
	.get_page = ramfs_get_page,
	.evict = ramfs_evict,
};

static const struct file_ops ramfs_file_ops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = generic_file_llseek,
	.fsync = ramfs_fsync,
};

static const struct file_ops ramfs_dir_ops = {
	.read = generic_dir_read,
	.llseek = generic_dir_llseek,
	.fsync = ramfs_fsync,
};

struct inode *
ramfs_create_root(void)
{
	return ramfs_new_inode(S_IFDIR | 0755);
}
