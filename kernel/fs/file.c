/*
 * Open files: reference counting, reads and writes through the file's
 * operations, and the offset.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>

#include "fs/file.h"
#include "lib/string.h"
#include "mm/slab.h"

int
file_open_inode(struct inode *ino, unsigned flags, struct file **out)
{
	struct file *f = kzalloc(sizeof(*f));
	int err;

	if (!f)
		return -ENOMEM;
	f->refcount = 1;
	f->inode = ino;
	f->fops = ino->fops;
	f->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		f->mode = FMODE_READ;
		break;
	case O_WRONLY:
		f->mode = FMODE_WRITE;
		break;
	default:
		f->mode = FMODE_READ | FMODE_WRITE;
	}
	mutex_init(&f->pos_lock, "file_pos");
	inode_get(ino);
	if (f->fops && f->fops->open && (err = f->fops->open(ino, f)) < 0) {
		inode_put(ino);
		kfree(f);
		return err;
	}
	*out = f;
	return 0;
}

void
file_get(struct file *f)
{
	__atomic_add_fetch(&f->refcount, 1, __ATOMIC_RELAXED);
}

void
file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (f->fops && f->fops->release)
		f->fops->release(f);
	inode_put(f->inode);
	kfree(f->path);
	kfree(f);
}

struct page *
file_get_page(struct file *f, uint64_t pgoff)
{
	if (!f->inode->iops || !f->inode->iops->get_page)
		return NULL;
	return f->inode->iops->get_page(f->inode, pgoff);
}

/* Run op at *pos, or at the file's own offset under its lock. */
static ssize_t
file_io(struct file *f, struct uio *u, uint64_t *pos,
	ssize_t (*op)(struct file *, struct uio *, uint64_t *))
{
	ssize_t n;

	if (pos)
		return op(f, u, pos);
	mutex_lock(&f->pos_lock);
	n = op(f, u, &f->pos);
	mutex_unlock(&f->pos_lock);
	return n;
}

ssize_t
file_read(struct file *f, struct uio *u, uint64_t *pos)
{
	if (!(f->mode & FMODE_READ))
		return -EBADF;
	if (!f->fops || !f->fops->read)
		return -EINVAL;
	return file_io(f, u, pos, f->fops->read);
}

ssize_t
file_write(struct file *f, struct uio *u, uint64_t *pos)
{
	if (!(f->mode & FMODE_WRITE))
		return -EBADF;
	if (!f->fops || !f->fops->write)
		return -EINVAL;
	return file_io(f, u, pos, f->fops->write);
}

ssize_t
kernel_read(struct file *f, void *buf, size_t len, uint64_t pos)
{
	struct uio u = { .user = false, .kbuf = buf, .len = len };

	if (!f->fops || !f->fops->read)
		return -EINVAL;
	return f->fops->read(f, &u, &pos);
}
