/*
 * The ramfs root of the fs/ host tests; see ramfs_root.h.
 */
/* UAPI headers first: <linux/stat.h> hides S_IF* once glibc's are in. */
#include <asm-generic/fcntl.h>
#include <linux/stat.h>

#include <criterion/criterion.h>

#include "fakes/fake_mm_ram.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "fs/ramfs/ramfs.h"
#include "fs/vfs.h"
#include "mm/buddy.h"
#include "mm/slab.h"
#include "ramfs_root.h"

#define RAM_BYTES (8 * (PAGE_SIZE << BUDDY_MAX_ORDER))

void
fs_setup(void)
{
	fake_ram_init(RAM_BYTES);
	vfs_root = ramfs_create_root();
	cr_assert_not_null(vfs_root);
}

void
fs_mkdir(const char *path)
{
	int err = vfs_mknod(vfs_root, path, S_IFDIR | 0755, 0);

	cr_assert_eq(err, 0, "mkdir %s: %d", path, err);
}

void
fs_touch(const char *path)
{
	int err = vfs_mknod(vfs_root, path, S_IFREG | 0644, 0);

	cr_assert_eq(err, 0, "mknod %s: %d", path, err);
}

void
fs_symlink(const char *target, const char *path)
{
	int err = vfs_symlink(vfs_root, path, target);

	cr_assert_eq(err, 0, "symlink %s -> %s: %d", path, target, err);
}

struct inode *
fs_lookup_at(struct inode *dir, const char *path, unsigned flags)
{
	struct inode *ino = NULL;
	int err = vfs_lookup(dir, path, flags, &ino);

	cr_assert_eq(err, 0, "lookup %s: %d", path, err);
	cr_assert_not_null(ino);
	return ino;
}

struct inode *
fs_lookup(const char *path, unsigned flags)
{
	return fs_lookup_at(vfs_root, path, flags);
}

int
fs_lookup_err(const char *path, unsigned flags)
{
	struct inode *ino;
	int err = vfs_lookup(vfs_root, path, flags, &ino);

	if (!err)
		inode_put(ino);
	return err;
}

struct file *
fs_open(const char *path, int flags)
{
	struct file *f = NULL;
	int err = vfs_open(vfs_root, path, flags, 0644, &f);

	cr_assert_eq(err, 0, "open %s: %d", path, err);
	return f;
}

ssize_t
fs_write(struct file *f, const void *buf, size_t len)
{
	struct uio u;

	uio_init_kernel(&u, (void *)buf, len);
	return file_write(f, &u, NULL);
}

ssize_t
fs_read(struct file *f, void *buf, size_t len)
{
	struct uio u;

	uio_init_kernel(&u, buf, len);
	return file_read(f, &u, NULL);
}

void
fs_write_at(const char *path, uint64_t off, const void *buf, size_t len)
{
	struct file *f = fs_open(path, O_RDWR);
	struct uio u;
	ssize_t n;

	uio_init_kernel(&u, (void *)buf, len);
	n = file_write(f, &u, &off);
	cr_assert_eq(n, (ssize_t)len, "write %zu at %s: %zd", len, path, n);
	file_put(f);
}

static struct kstat
stat_nofollow(const char *path)
{
	struct inode *ino = fs_lookup(path, 0);
	struct kstat st;

	vfs_getattr(ino, &st);
	inode_put(ino);
	return st;
}

uint32_t
fs_nlink(const char *path)
{
	return stat_nofollow(path).nlink;
}

uint64_t
fs_size(const char *path)
{
	return stat_nofollow(path).size;
}

static void
count_objects(const struct kmem_cache_stats *st, void *arg)
{
	*(size_t *)arg += st->inuse;
}

struct fs_usage
fs_usage(void)
{
	struct fs_usage u = { 0, 0 };

	/* Caches keep empty slabs: give them back before counting pages. */
	kmem_cache_shrink_all();
	u.free_pages = buddy_free_pages();
	kmem_cache_for_each(count_objects, &u.objects);
	return u;
}

void
fs_assert_usage(struct fs_usage before)
{
	struct fs_usage now = fs_usage();

	cr_assert_eq(now.objects, before.objects, "slab objects: %zu, were %zu", now.objects,
		     before.objects);
	cr_assert_eq(now.free_pages, before.free_pages, "free pages: %zu, were %zu", now.free_pages,
		     before.free_pages);
}
