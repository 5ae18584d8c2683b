/*
 * The file-system operations behind the system calls, with Linux's
 * semantics and errno: open (fs/open.c); creating, linking and removing
 * names (fs/fsops.c); rename (fs/rename.c); attributes (fs/attr.c).
 *
 * Paths are kernel strings (the system calls copy them in); dir is the
 * directory a relative path starts from (referenced by the caller, not
 * consumed). Modes are taken as given: the caller applies the umask.
 * Every function may sleep and returns 0 (or a referenced result) or a
 * negative errno; each takes and releases the locks it needs, in the
 * order of fs/vfs.h, and holds none on return.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "fs/vfs.h"

struct file;

/*
 * open(2): O_CREAT (through a dangling symlink too), O_EXCL, O_TRUNC
 * (even with O_RDONLY, as Linux), O_DIRECTORY, O_NOFOLLOW, O_PATH,
 * O_NONBLOCK (FIFOs); device nodes open their driver. A regular file
 * opened to write gets write access (inode_get_write_access()) until its
 * file is released. Errors: those of
 * path lookup, -EEXIST, -EISDIR, -ENOTDIR, -ELOOP (a final symlink with
 * O_NOFOLLOW), -ENXIO (no driver, a socket, or a FIFO with no reader for
 * O_WRONLY|O_NONBLOCK), -EINVAL (O_CREAT|O_DIRECTORY), -EOPNOTSUPP
 * (O_TMPFILE), -ETXTBSY (writing a file being executed), -ENOSPC,
 * -ERESTARTSYS (a FIFO open interrupted).
 */
int __must_check vfs_open(struct inode *dir, const char *path, int flags, mode_t mode,
			  struct file **out);

/* mknod/mkdir: a node of mode's type (S_IFDIR makes a directory; type 0
 * a regular file). -EEXIST (also for ".", ".." and "/"), -ENOENT (missing
 * parent, removed directory, or a trailing slash on a non-directory),
 * -EINVAL (unknown type), lookup errors. */
int __must_check vfs_mknod(struct inode *dir, const char *path, mode_t mode, uint32_t rdev);
/* symlink(2): a link at path holding target (non-empty). */
int __must_check vfs_symlink(struct inode *dir, const char *path, const char *target);
/* link(2): a new name at path for src: -EEXIST, -EPERM (a directory),
 * -EXDEV, -ENOENT (src has no links left). */
int __must_check vfs_link(struct inode *src, struct inode *dir, const char *path);
/* unlink(2): -EISDIR (a directory, or ".", "..", "/"), -ENOTDIR (a
 * trailing slash on a non-directory), -ENOENT. */
int __must_check vfs_unlink(struct inode *dir, const char *path);
/* rmdir(2): -ENOTDIR, -ENOTEMPTY (also ".."), -EINVAL ("."), -EBUSY ("/"),
 * -ENOENT. */
int __must_check vfs_rmdir(struct inode *dir, const char *path);
/*
 * renameat2(2) with RENAME_NOREPLACE or RENAME_EXCHANGE: -EINVAL (bad
 * flags, or moving a directory into itself), -EBUSY (".", "..", "/"),
 * -ENOENT, -EEXIST (NOREPLACE), -ENOTDIR / -EISDIR (type mismatch or
 * trailing slash), -ENOTEMPTY, -EXDEV. Renaming a name onto another link
 * of the same inode does nothing, as Linux.
 */
int __must_check vfs_rename(struct inode *odir, const char *oldpath, struct inode *ndir,
			    const char *newpath, unsigned flags);

/* What stat/statx report about an inode. */
struct kstat {
	uint32_t dev;
	uint64_t ino;
	mode_t mode;
	uint32_t nlink;
	uid_t uid;
	gid_t gid;
	uint32_t rdev;
	uint64_t size;
	uint32_t blksize;
	uint64_t blocks; /* 512-byte units */
	struct timespec64 atime, mtime, ctime;
};

/* Fill st from ino (under its lock). */
void vfs_getattr(struct inode *ino, struct kstat *st);
/* chmod: the permission bits (07777) of mode; touches ctime. */
void vfs_chmod(struct inode *ino, mode_t mode);
/* chown: uid/gid, (uid_t)-1 to keep one; drops set-user-ID (and
 * set-group-ID with group exec) from non-directories, as Linux. */
void vfs_chown(struct inode *ino, uid_t uid, gid_t gid);

/* What utimensat sets: each time, or the current time, or nothing. */
struct utimes_spec {
	bool set_atime, set_mtime;
	struct timespec64 atime, mtime; /* used when set_* */
};
/* utimensat: set what spec asks, and ctime to now. */
void vfs_utimes(struct inode *ino, const struct utimes_spec *spec);

/*
 * truncate: set a regular file's size, touching mtime and ctime (even
 * for the same size, as Linux 6.x's tmpfs). -EISDIR, -EINVAL (not a
 * regular file), -ETXTBSY (being executed), -EFBIG, -ENOSPC.
 */
int __must_check vfs_truncate(struct inode *ino, uint64_t size);
/* access(2) as root: reading and writing are allowed; execution (exec)
 * needs an exec bit or a directory, else -EACCES. */
int __must_check vfs_access(struct inode *ino, bool exec);
/* readlink(2): copy up to size bytes of the target; -EINVAL if ino is not
 * a symlink. Touches atime. */
ssize_t __must_check vfs_readlink(struct inode *ino, char *buf, size_t size);
