/*
 * Character devices by number: the ones every system has built in --
 * null (1:3), zero (1:5), random (1:8) and urandom (1:9) -- and those
 * other layers register at boot (the console, 5:1, and tty, 5:0, from
 * tty/console.c). Linux's numbers, so tools that look at st_rdev see what
 * they expect, and Linux's behaviour for each (reads, writes, seeks).
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/termbits.h>
#include <linux/stat.h>

#include "fs/devfs/chardev.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "random/random.h"
#include "lib/string.h"
#include "mm/uaccess.h"

static ssize_t
null_read(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)f, (void)u, (void)pos;
	return 0;
}

static ssize_t
null_write(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)f, (void)pos;
	u->done += u->len;
	u->len = 0;
	return (ssize_t)u->done;
}

static ssize_t
fill_read(struct uio *u, bool random)
{
	char buf[256];
	int err = 0;

	memset(buf, 0, sizeof(buf));
	while (u->len && !err) {
		size_t n = MIN(u->len, sizeof(buf));

		if (random)
			random_bytes(buf, n);
		err = uio_copy_out(u, buf, n);
	}
	return u->done ? (ssize_t)u->done : err;
}

static ssize_t
zero_read(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)f, (void)pos;
	return fill_read(u, false);
}

static ssize_t
random_read(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)f, (void)pos;
	return fill_read(u, true);
}

/* As Linux's null_lseek: /dev/null and /dev/zero stay at offset 0. */
static int64_t
null_llseek(struct file *f, int64_t off, int whence)
{
	(void)f, (void)off, (void)whence;
	return 0;
}

/* As Linux's noop_llseek (random devices): the offset does not move. */
static int64_t
noop_llseek(struct file *f, int64_t off, int whence)
{
	(void)off, (void)whence;
	return (int64_t)f->pos;
}

static const struct file_ops null_ops = {
	.read = null_read,
	.write = null_write,
	.llseek = null_llseek,
};
static const struct file_ops zero_ops = {
	.read = zero_read,
	.write = null_write,
	.llseek = null_llseek,
};
static const struct file_ops random_ops = {
	.read = random_read,
	.write = null_write,
	.llseek = noop_llseek,
};
#define MAX_CHARDEVS 16

/* Devices: the built-in ones, then those registered at boot. */
struct chardev {
	const char *name;
	uint32_t rdev;
	const struct file_ops *ops;
};

static struct chardev devices[MAX_CHARDEVS] = {
	{ "null", MKDEV(1, 3), &null_ops },
	{ "zero", MKDEV(1, 5), &zero_ops },
	{ "random", MKDEV(1, 8), &random_ops },
	{ "urandom", MKDEV(1, 9), &random_ops },
};
static size_t ndevices = 4; /* [I] after boot */

int
chardev_register(const char *name, uint32_t rdev, const struct file_ops *ops)
{
	if (chardev_ops(rdev))
		return -EEXIST;
	if (ndevices == MAX_CHARDEVS)
		return -ENOSPC;
	devices[ndevices++] = (struct chardev){ name, rdev, ops };
	return 0;
}

const struct file_ops *
chardev_ops(uint32_t rdev)
{
	for (size_t i = 0; i < ndevices; i++)
		if (devices[i].rdev == rdev)
			return devices[i].ops;
	return NULL;
}

int
devfs_populate(struct inode *dev)
{
	for (size_t i = 0; i < ndevices; i++) {
		struct inode *ino;
		int err;

		mutex_lock(&dev->inode_lock);
		err = dev->iops->create(dev, devices[i].name, strlen(devices[i].name),
					S_IFCHR | 0666, devices[i].rdev, &ino);
		mutex_unlock(&dev->inode_lock);
		if (err == -EEXIST)
			continue;
		if (err)
			return err;
		inode_put(ino);
	}
	return 0;
}
