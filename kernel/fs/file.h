/*
 * Open files and per-process file descriptor tables.
 *
 * A struct file is one open of an inode (offset, flags); descriptors
 * refer to it, and dup/fork share it. A file table (struct files) maps
 * descriptors to files and is shared by CLONE_FILES.
 *
 * Locks: [a] atomic ops  [I] set at open  [p] file->pos_lock
 *        [F] files->lock (a spinlock: never held across I/O)
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "fs/vfs.h"
#include "proc/mutex.h"
#include "proc/spinlock.h"

struct page;

struct file {
	uint32_t refcount;	     /* [a] */
	struct inode *inode;	     /* [I] referenced */
	const struct file_ops *fops; /* [I] */
	unsigned flags;		     /* [a] O_* status flags (O_APPEND, O_NONBLOCK...) */
	unsigned mode;		     /* [I] FMODE_READ | FMODE_WRITE */
	uint64_t pos;		     /* [p] */
	struct mutex pos_lock;
	void *private; /* [I] the file's own (pipes) */
	char *path;    /* [I] kmalloc'd absolute path when known, else NULL */
};

#define FMODE_READ  0x1u
#define FMODE_WRITE 0x2u

/* Open an inode; takes a reference on the inode. 0 or -errno. */
int file_open_inode(struct inode *ino, unsigned flags, struct file **out);
void file_get(struct file *f);
void file_put(struct file *f);
/* The page of f's data at pgoff, referenced, or NULL (zeros). */
struct page *file_get_page(struct file *f, uint64_t pgoff);

/* Read/write through the file's ops at *pos, or at its own offset when
 * pos is NULL (updating it). Return bytes moved or -errno. May sleep. */
ssize_t file_read(struct file *f, struct uio *u, uint64_t *pos);
ssize_t file_write(struct file *f, struct uio *u, uint64_t *pos);
/* Read into a kernel buffer at an offset (exec). */
ssize_t kernel_read(struct file *f, void *buf, size_t len, uint64_t pos);

#define FD_MAX_DEFAULT 1024 /* RLIMIT_NOFILE default, as Linux */

struct fd_entry {
	struct file *file;
	bool cloexec;
};

struct files {
	uint32_t refcount;	/* [a] tasks sharing it */
	struct spinlock lock;	/* the table below */
	unsigned size;		/* [F] slots in table */
	struct fd_entry *table; /* [F] */
};

struct files *files_create(void);
/* A copy (fork without CLONE_FILES): every file gets one more reference. */
struct files *files_dup(struct files *src);
void files_get(struct files *fs);
void files_put(struct files *fs);

/* Install f at the lowest free descriptor >= min; consumes the caller's
 * reference on success. Returns the fd, -EMFILE or -ENOMEM. */
int fd_install(struct files *fs, struct file *f, int min, bool cloexec, unsigned limit);
/* Put f at exactly fd (dup2), closing what was there. */
int fd_install_at(struct files *fs, struct file *f, int fd, bool cloexec, unsigned limit);
/* The file at fd with a new reference, or NULL. */
struct file *fd_get(struct files *fs, int fd);
/* Close fd: 0 or -EBADF. */
int fd_close(struct files *fs, int fd);
/* Close every descriptor marked close-on-exec. */
void fd_close_on_exec(struct files *fs);
int fd_set_cloexec(struct files *fs, int fd, bool on);
int fd_get_cloexec(struct files *fs, int fd);
