/*
 * getdents64: directory entries as struct linux_dirent64 records.
 *
 * Records are written straight to user memory from the readdir callback,
 * under the directory's lock (a mutex: a fault there may take mm->mmap_lock,
 * which comes after inode locks). A fault stops the listing at that
 * entry, which stays unread, as Linux's filldir64().
 */
#include <asm-generic/errno.h>
#include <stddef.h>

#include "fs/file.h"
#include "fs/namei.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

/* getdents64(2)'s record: Linux's struct linux_dirent64, which the UAPI
 * headers do not export (the layout is ABI: see the man page). */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

struct getdents_ctx {
	char __user *buf; /* the next record goes here */
	size_t left;	  /* bytes left in the user buffer */
	size_t used;	  /* bytes written */
	int error;
};

static int
emit_dirent64(void *arg, const char *name, size_t len, uint64_t ino, unsigned type, uint64_t next)
{
	struct getdents_ctx *c = arg;
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	union {
		struct linux_dirent64 d;
		char bytes[ALIGN_UP(sizeof(struct linux_dirent64) + NAME_MAX_LEN + 1, 8)];
	} rec;

	if (reclen > c->left) {
		if (!c->used)
			c->error = -EINVAL; /* as Linux: not even one entry fits */
		return 1;
	}
	memset(&rec, 0, reclen);
	rec.d.d_ino = ino;
	rec.d.d_off = (int64_t)next;
	rec.d.d_reclen = (uint16_t)reclen;
	rec.d.d_type = (uint8_t)type;
	memcpy(rec.d.d_name, name, len);
	if (copy_to_user(c->buf, &rec, reclen)) {
		c->error = -EFAULT;
		return 1;
	}
	c->buf += reclen;
	c->left -= reclen;
	c->used += reclen;
	return 0;
}

long
sys_getdents64(unsigned int fd, void __user *dirp, unsigned int count)
{
	struct getdents_ctx c = { .buf = dirp, .left = count };
	struct file *f = fdget((int)fd);
	long err;

	if (!f)
		return -EBADF;
	err = file_readdir(f, emit_dirent64, &c);
	file_put(f);
	if (err)
		return err;
	return c.used ? (long)c.used : c.error;
}
