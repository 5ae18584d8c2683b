/*
 * The initramfs unpacker: entries are created in archive order, as Linux
 * does; an existing directory is kept (its mode updated), and a later
 * regular file replaces an earlier one of the same name.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/stat.h>

#include "printk/printk.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/initramfs.h"
#include "fs/vfs.h"
#include "lib/cpio.h"
#include "lib/string.h"

static int
unpack_file(const struct cpio_entry *e)
{
	struct file *f;
	struct uio u;
	uint64_t pos = 0;
	int err = vfs_open(vfs_root, e->name, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 07777, &f);

	if (err)
		return err;
	vfs_chmod(f->inode, e->mode);
	uio_init_kernel(&u, (void *)e->data, e->filesize);
	err = u.len ? (int)file_write(f, &u, &pos) : 0;
	file_put(f);
	return err < 0 ? err : 0;
}

static int
unpack_symlink(const struct cpio_entry *e)
{
	char target[256];

	if (e->filesize >= sizeof(target))
		return -ENAMETOOLONG;
	memcpy(target, e->data, e->filesize);
	target[e->filesize] = '\0';
	return vfs_symlink(vfs_root, e->name, target);
}

static int
unpack_entry(const struct cpio_entry *e)
{
	uint32_t rdev = e->rdevmajor << 8 | e->rdevminor;

	if (e->namelen == 0)
		return 0; /* "." : the root itself */
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		return unpack_file(e);
	case S_IFDIR: {
		int err = vfs_mknod(vfs_root, e->name, e->mode, 0);

		return err == -EEXIST ? 0 : err;
	}
	case S_IFLNK:
		return unpack_symlink(e);
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return vfs_mknod(vfs_root, e->name, e->mode, rdev);
	default:
		return -EINVAL;
	}
}

int
initramfs_unpack(const void *archive, size_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	unsigned count = 0;
	int ret;

	cpio_iter_init(&it, archive, len);
	while ((ret = cpio_next(&it, &e)) == 1) {
		int err = unpack_entry(&e);

		if (err)
			pr_warn("initramfs: %s: error %d, skipped", e.name, err);
		else
			count++;
	}
	if (ret < 0) {
		pr_err("initramfs: malformed archive after %u entries", count);
		return ret;
	}
	pr_info("initramfs: unpacked %u entries", count);
	return 0;
}
