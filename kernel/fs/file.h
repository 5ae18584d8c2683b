/*
 * Open files and per-process file descriptor tables.
 *
 * A struct file is one open of an inode (offset, flags); descriptors
 * refer to it, and dup/fork share it. A file table (struct files) maps
 * descriptors to files and is shared by CLONE_FILES. A slot is free,
 * reserved (a descriptor number handed out by fd_reserve() whose file is
 * not installed yet: lookups see -EBADF, dup2 onto it -EBUSY), or holds a
 * file reference and its close-on-exec bit.
 *
 * Locks: [a] atomic ops  [I] set at open  [p] file->pos_lock
 *        [F] files->file_lock (a spinlock: never held across I/O or uaccess;
 *            after every sleeping lock in docs/locking.md)
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "fs/vfs.h"
#include "sched/mutex.h"
#include "locking/spinlock.h"

struct page;

struct file {
	uint32_t refcount;	     /* [a] */
	struct inode *inode;	     /* [I] referenced */
	const struct file_ops *fops; /* [I] */
	unsigned flags;		     /* [a] O_* flags as F_GETFL reports them */
	unsigned mode;		     /* [I] FMODE_* */
	uint64_t pos;		     /* [p] */
	struct mutex pos_lock;
	void *private; /* [I] the file's own (pipes) */
	char *path;    /* [I] kmalloc'd absolute path when known, else NULL */
};

#define FMODE_READ  0x1u
#define FMODE_WRITE 0x2u
#define FMODE_PATH  0x4u /* O_PATH: names the inode, allows no I/O */

/*
 * Open ino with open(2) flags through fops (NULL for O_PATH; a device's
 * operations for device nodes), calling fops->open. Takes a reference on
 * the inode. Returns 0 and *out (one reference), or fops->open's error
 * or -ENOMEM. Context: may sleep (a FIFO open waits for its partner).
 */
int __must_check file_open_inode(struct inode *ino, unsigned flags, const struct file_ops *fops,
				 struct file **out);
void file_get(struct file *f);
/* Drop a reference; the last one releases the file. Context: may sleep. */
void file_put(struct file *f);
/* F_SETFL: take O_APPEND and O_NONBLOCK from flags, keep the rest. */
void file_set_flags(struct file *f, unsigned flags);
/* The page of f's data at pgoff, referenced, or NULL (zeros). */
struct page *file_get_page(struct file *f, uint64_t pgoff);
/* Hand mm the operations it uses on mapped files. Boot, before init runs. */
void file_init(void);

/*
 * Read/write through the file's ops at *pos, or at its own offset when
 * pos is NULL (updating it under pos_lock). Return bytes moved, or
 * -EBADF (not open for it), -EINVAL (no such op), -EISDIR, or the op's
 * error. Context: may sleep.
 */
ssize_t __must_check file_read(struct file *f, struct uio *u, uint64_t *pos);
ssize_t __must_check file_write(struct file *f, struct uio *u, uint64_t *pos);
/* Read into a kernel buffer at an offset (exec). */
ssize_t __must_check kernel_read(struct file *f, void *buf, size_t len, uint64_t pos);
/* lseek(2): the new offset, or -ESPIPE (a stream), -EINVAL, -ENXIO. */
int64_t __must_check file_llseek(struct file *f, int64_t off, int whence);
/*
 * Emit directory entries from the file's position on, advancing it past
 * each entry taken; touches the directory's atime. Returns 0, -ENOTDIR
 * (not a directory) or -ENOENT (removed). Context: may sleep; emit runs
 * under the directory's lock and must not touch user memory.
 */
int __must_check file_readdir(struct file *f, readdir_emit_t emit, void *ctx);

/*
 * Helpers for file systems' file_ops. generic_file_llseek: SEEK_SET,
 * SEEK_CUR, SEEK_END and SEEK_DATA/SEEK_HOLE (through iops->seek_data,
 * else the whole file is data); takes the inode lock. generic_dir_llseek:
 * SEEK_SET/SEEK_CUR over readdir positions. generic_dir_read: -EISDIR.
 */
int64_t generic_file_llseek(struct file *f, int64_t off, int whence);
int64_t generic_dir_llseek(struct file *f, int64_t off, int whence);
ssize_t generic_dir_read(struct file *f, struct uio *u, uint64_t *pos);

#define FD_MAX_DEFAULT 1024    /* RLIMIT_NOFILE default, as Linux */
#define FD_NR_OPEN     1048576 /* ceiling of any table, as Linux's nr_open */

struct fd_entry {
	struct file *file;
	bool cloexec;
	bool reserved;
};

struct files {
	uint32_t refcount;	   /* [a] tasks sharing it */
	struct spinlock file_lock; /* the table below */
	unsigned size;		   /* [F] slots in table */
	struct fd_entry *table;	   /* [F] */
};

struct files *files_create(void);
/* A copy (fork without CLONE_FILES): every file gets one more reference. */
struct files *files_dup(struct files *src);
void files_get(struct files *fs);
void files_put(struct files *fs);

/*
 * Descriptor tables. limit is the caller's RLIMIT_NOFILE (descriptors
 * must be below it). Context: may sleep (tables grow with kmalloc);
 * files->file_lock is taken inside and never held on return.
 */
/* Install f at the lowest free descriptor >= min; consumes the caller's
 * reference on success. Returns the fd, -EMFILE or -ENOMEM. */
int __must_check fd_install(struct files *fs, struct file *f, int min, bool cloexec,
			    unsigned limit);
/* Reserve the lowest free descriptor >= min: the fd, -EMFILE, -ENOMEM.
 * Then fd_commit() installs a file there, or fd_unreserve() frees it. */
int __must_check fd_reserve(struct files *fs, int min, unsigned limit);
void fd_commit(struct files *fs, int fd, struct file *f, bool cloexec);
void fd_unreserve(struct files *fs, int fd);
/* Put f at exactly fd (dup2), closing what was there: the fd, -EBADF
 * (fd out of range), -EBUSY (fd reserved), -ENOMEM. Consumes f's
 * reference on success. */
int __must_check fd_install_at(struct files *fs, struct file *f, int fd, bool cloexec,
			       unsigned limit);
/* The file at fd with a new reference, or NULL. */
struct file *fd_get(struct files *fs, int fd);
/* Close fd: 0 or -EBADF. */
int fd_close(struct files *fs, int fd);
/* Close (or, with cloexec_only, mark close-on-exec) every open fd in
 * [first, last]. */
void fd_close_range(struct files *fs, unsigned first, unsigned last, bool cloexec_only);
/* Close every descriptor marked close-on-exec. */
void fd_close_on_exec(struct files *fs);
/* Set / read the close-on-exec bit: 0 / the bit, or -EBADF. */
int fd_set_cloexec(struct files *fs, int fd, bool on);
int fd_get_cloexec(struct files *fs, int fd);

/* The current task's file at fd, referenced, or NULL: fdget() leaves out
 * O_PATH files (the calls that cannot use them see -EBADF), fdget_raw()
 * does not. */
struct file *fdget(int fd);
struct file *fdget_raw(int fd);

/* The descriptor limit: RLIMIT_NOFILE's soft value, capped. */
unsigned fd_limit(void);
