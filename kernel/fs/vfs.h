/*
 * The virtual file system: inodes, the operations a file system provides,
 * and path lookup. File systems implement struct inode_ops (namespace)
 * and struct file_ops (data); the VFS owns reference counting, permission
 * checks and path walking.
 *
 * Inode life cycle: created by a file system with refcount 1 -> shared by
 * references (open files, lookups, mappings, directory entries count as
 * nlink, not as references) -> when the last reference drops and nlink
 * is 0, the file system's evict() frees its data.
 *
 * Locks: [a] atomic ops  [I] set at creation  [L] inode->lock (sleeping)
 * Lock order: a directory's lock before its children's; two directories
 * (rename) in address order; mm->lock before any inode lock.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "proc/mutex.h"

struct file;
struct inode;
struct page;
struct uio;
struct kstat;

struct timespec64 {
	int64_t sec;
	int64_t nsec;
};

struct inode_ops {
	/* Find name in dir: 0 and a referenced *out, or -ENOENT. dir locked. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* Create a regular file, directory, device node, FIFO or socket node. */
	int (*create)(struct inode *dir, const char *name, size_t len, mode_t mode, uint32_t rdev,
		      struct inode **out);
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target);
	int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
	/* Remove an entry (not a directory / only an empty directory). */
	int (*unlink)(struct inode *dir, const char *name, size_t len);
	int (*rmdir)(struct inode *dir, const char *name, size_t len);
	int (*rename)(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
		      const char *nname, size_t nlen, unsigned flags);
	/* Copy the target of a symlink into buf; returns its length. */
	ssize_t (*readlink)(struct inode *ino, char *buf, size_t len);
	/* Directory iteration: call emit for entries from *pos on. */
	int (*readdir)(struct inode *dir, uint64_t *pos,
		       int (*emit)(void *ctx, const char *name, size_t len, uint64_t ino,
				   unsigned type),
		       void *ctx);
	int (*truncate)(struct inode *ino, uint64_t size);
	/* The page of file data at pgoff, referenced; NULL for a hole past
	 * EOF. For mmap and exec. */
	struct page *(*get_page)(struct inode *ino, uint64_t pgoff);
	/* Last reference gone and no links: free the file system's data. */
	void (*evict)(struct inode *ino);
};

struct file_ops {
	int (*open)(struct inode *ino, struct file *f);
	void (*release)(struct file *f);
	ssize_t (*read)(struct file *f, struct uio *u, uint64_t *pos);
	ssize_t (*write)(struct file *f, struct uio *u, uint64_t *pos);
	long (*ioctl)(struct file *f, unsigned cmd, unsigned long arg);
};

struct inode {
	uint32_t refcount;		       /* [a] */
	uint64_t ino;			       /* [I] */
	mode_t mode;			       /* [L] type bits [I] */
	uint32_t nlink;			       /* [L] */
	uid_t uid;			       /* [L] */
	gid_t gid;			       /* [L] */
	uint64_t size;			       /* [L] */
	uint32_t rdev;			       /* [I] device number of device nodes */
	uint32_t dev;			       /* [I] device of the file system */
	struct timespec64 atime, mtime, ctime; /* [L] */
	struct inode *parent;	      /* [L] directories: the parent (for ".."), referenced */
	const struct inode_ops *iops; /* [I] */
	const struct file_ops *fops;  /* [I] */
	struct mutex lock;
	void *fs_data; /* [L] the file system's own */
};

void inode_init(struct inode *ino, mode_t mode, const struct inode_ops *iops,
		const struct file_ops *fops);
void inode_get(struct inode *ino);
/* Drop a reference; frees the inode when unreferenced and unlinked. */
void inode_put(struct inode *ino);
/* Current time for timestamps. */
struct timespec64 vfs_now(void);

/* The root directory. */
extern struct inode *vfs_root;

/* Copies between a kernel buffer and a user or kernel buffer. */
struct uio {
	bool user;
	union {
		void __user *ubuf;
		void *kbuf;
	};
	size_t len;  /* bytes left */
	size_t done; /* bytes moved so far */
};

/* Move up to n bytes between kbuf and the uio (to it for reads); advances
 * the uio. Returns 0 or -EFAULT. */
int uio_copy_out(struct uio *u, const void *kbuf, size_t n);
int uio_copy_in(struct uio *u, void *kbuf, size_t n);
