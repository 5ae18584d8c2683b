/*
 * Open files: reference counting, reads and writes through the file's
 * operations, the offset (lseek) and directory reading.
 *
 * The offset of a seekable file moves under file->pos_lock, which is held
 * across the whole read or write (as Linux's f_pos_lock), so two threads
 * sharing a file description never read the same bytes. Streams (no
 * llseek: pipes, the console) have no offset and take no pos_lock, so a
 * reader blocked in a pipe holds nothing another thread needs.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>

#include <atomic.h>
#include "fs/file.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "mm/vm.h"

static unsigned
open_fmode(unsigned flags)
{
	if (flags & O_PATH)
		return FMODE_PATH;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	default:
		return 0; /* as Linux: mode 3 allows neither (ioctl only) */
	}
}

int
file_open_inode(struct inode *ino, unsigned flags, const struct file_ops *fops, struct file **out)
{
	struct file *f = kzalloc(sizeof(*f));
	int err;

	if (!f)
		return -ENOMEM;
	f->refcount = 1;
	f->inode = ino;
	f->mode = open_fmode(flags);
	f->fops = (f->mode & FMODE_PATH) ? NULL : fops;
	/* As Linux: creation-time flags are not kept for F_GETFL. */
	f->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	mutex_init(&f->pos_lock, "file_pos");
	/* As Linux: a regular file being executed cannot be opened to write. */
	if ((f->mode & FMODE_WRITE) && S_ISREG(ino->mode) && (err = inode_get_write_access(ino))) {
		kfree(f);
		return err;
	}
	inode_get(ino);
	if (f->fops && f->fops->open && (err = f->fops->open(ino, f)) < 0) {
		if ((f->mode & FMODE_WRITE) && S_ISREG(ino->mode))
			inode_put_write_access(ino);
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
	atomic_inc_relaxed(&f->refcount);
}

void
file_put(struct file *f)
{
	might_sleep();
	if (atomic_dec_acq_rel(&f->refcount) != 0)
		return;
	if (f->fops && f->fops->release)
		f->fops->release(f);
	if ((f->mode & FMODE_WRITE) && S_ISREG(f->inode->mode))
		inode_put_write_access(f->inode);
	inode_put(f->inode);
	kfree(f->path);
	kfree(f);
}

void
file_set_flags(struct file *f, unsigned flags)
{
	const unsigned mask = O_APPEND | O_NONBLOCK;
	unsigned old = atomic_load_relaxed(&f->flags);

	while (!atomic_cmpxchg_relaxed(&f->flags, &old, (old & ~mask) | (flags & mask)))
		;
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
	uint64_t stream_pos = 0;
	ssize_t n;

	if (!f->fops->llseek)
		return op(f, u, pos ? pos : &stream_pos);
	/* As Linux's rw_verify_area(): the end must fit in a loff_t. */
	if (pos)
		return *pos > (uint64_t)INT64_MAX - u->len ? -EINVAL : op(f, u, pos);
	mutex_lock(&f->pos_lock);
	n = f->pos > (uint64_t)INT64_MAX - u->len ? -EINVAL : op(f, u, &f->pos);
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
	struct uio u;

	if (!f->fops || !f->fops->read)
		return -EINVAL;
	uio_init_kernel(&u, buf, len);
	return f->fops->read(f, &u, &pos);
}

int64_t
file_llseek(struct file *f, int64_t off, int whence)
{
	int64_t ret;

	if (!f->fops || !f->fops->llseek)
		return -ESPIPE;
	mutex_lock(&f->pos_lock);
	ret = f->fops->llseek(f, off, whence);
	if (ret >= 0)
		f->pos = (uint64_t)ret;
	mutex_unlock(&f->pos_lock);
	return ret;
}

int
file_readdir(struct file *f, readdir_emit_t emit, void *ctx)
{
	struct inode *dir = f->inode;
	int err;

	if (!S_ISDIR(dir->mode) || !dir->iops || !dir->iops->readdir)
		return -ENOTDIR;
	mutex_lock(&f->pos_lock);
	mutex_lock(&dir->inode_lock);
	/* As Linux: reading a removed directory is -ENOENT. */
	err = inode_is_dead(dir) ? -ENOENT : dir->iops->readdir(dir, &f->pos, emit, ctx);
	if (!err)
		inode_touch_atime(dir, true);
	mutex_unlock(&dir->inode_lock);
	mutex_unlock(&f->pos_lock);
	return err;
}

/* off + base as Linux computes it (wrapping), then vfs_setpos()'s check:
 * a negative result is -EINVAL. */
static int64_t
setpos(uint64_t base, int64_t off)
{
	int64_t pos = (int64_t)(base + (uint64_t)off);

	return pos < 0 ? -EINVAL : pos;
}

int64_t
generic_file_llseek(struct file *f, int64_t off, int whence)
{
	struct inode *ino = f->inode;
	uint64_t size;
	int64_t ret;

	switch (whence) {
	case SEEK_SET:
		return setpos(0, off);
	case SEEK_CUR:
		return setpos(f->pos, off);
	case SEEK_END:
	case SEEK_DATA:
	case SEEK_HOLE:
		break;
	default:
		return -EINVAL;
	}
	mutex_lock(&ino->inode_lock);
	size = ino->size;
	if (whence == SEEK_END)
		ret = setpos(size, off);
	else if (off < 0 || (uint64_t)off >= size)
		ret = -ENXIO; /* as Linux: no data or hole at or past EOF */
	else if (ino->iops && ino->iops->seek_data)
		ret = ino->iops->seek_data(ino, (uint64_t)off, whence == SEEK_HOLE);
	else
		ret = whence == SEEK_DATA ? off : (int64_t)size;
	mutex_unlock(&ino->inode_lock);
	return ret;
}

int64_t
generic_dir_llseek(struct file *f, int64_t off, int whence)
{
	switch (whence) {
	case SEEK_CUR:
		return setpos(f->pos, off);
	case SEEK_SET:
		return off < 0 ? -EINVAL : off;
	default:
		return -EINVAL; /* as Linux's tmpfs: directories seek by position only */
	}
}

ssize_t
generic_dir_read(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)f, (void)u, (void)pos;
	return -EISDIR;
}

static uint64_t
file_size(struct file *f)
{
	return READ_ONCE(f->inode->size);
}

static int
file_deny_write(struct file *f)
{
	return inode_deny_write_access(f->inode);
}

static void
file_allow_write(struct file *f)
{
	inode_allow_write_access(f->inode);
}

static const struct vm_file_ops file_vm_ops = {
	.get = file_get,
	.put = file_put,
	.get_page = file_get_page,
	.size = file_size,
	.deny_write = file_deny_write,
	.allow_write = file_allow_write,
};

void
file_init(void)
{
	vm_set_file_ops(&file_vm_ops);
}
