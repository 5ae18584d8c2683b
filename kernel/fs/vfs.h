/*
 * The virtual file system: inodes, the operations a file system provides,
 * and the I/O descriptor (struct uio) reads and writes move data through.
 * File systems implement struct inode_ops (namespace) and struct file_ops
 * (data); the VFS (fs/namei.c, fs/fsops.c, fs/file.c) owns reference
 * counting, path walking and the Linux semantics of each call, and calls
 * the file system with the locks each operation documents below.
 *
 * Inode life cycle: a file system creates an inode with refcount 1 ->
 * references are held by open files, walks in progress, mappings, the
 * directory entries of an in-memory file system and a directory's
 * children (through `parent`) -> the last inode_put() calls evict(),
 * which frees the in-memory inode (and, when nlink is 0, its data).
 * A directory whose nlink dropped to 0 (rmdir) is dead: lookups and
 * creations in it fail with -ENOENT, as on Linux.
 *
 * Locks: [a] atomic ops  [I] set at creation  [L] inode->inode_lock (sleeping)
 *        [P] the parent directory's lock and the inode's own lock
 *        [R] vfs_rename_lock and the inode's own lock (either suffices to
 *            read)
 * Order (docs/locking.md): vfs_rename_lock -> directory locks (a parent
 * before its children; two unrelated directories only under
 * vfs_rename_lock, in address order) -> locks of non-directories (two in
 * address order) -> pipe->pipe_lock -> mm->mmap_lock (a uaccess made while holding
 * an inode lock may fault) -> spinlocks.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include "sched/mutex.h"

struct file;
struct poll_table;
struct inode;
struct page;
struct pipe;
struct uio;

struct timespec64 {
	int64_t sec;
	int64_t nsec;
};

/* readdir's callback for one entry (type: DT_*; next: the position just
 * after it, for d_off): returns nonzero to stop (the entry was not taken). */
typedef int (*readdir_emit_t)(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type,
			      uint64_t next);

/*
 * Namespace operations. Unless noted, the VFS calls them with dir's lock
 * held, after checking name length (<= NAME_MAX_LEN) and that dir is a
 * live directory; they update nlink and the timestamps of what they
 * change, as Linux's tmpfs does. Each returns 0 or a negative errno.
 */
struct inode_ops {
	/* Find name in dir: 0 and a referenced *out, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* Create a regular file, directory, device node, FIFO or socket
	 * (mode holds the type); 0 and a referenced *out, -EEXIST, -ENOMEM. */
	int (*create)(struct inode *dir, const char *name, size_t len, mode_t mode, uint32_t rdev,
		      struct inode **out);
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target);
	/* Add an entry for target (a non-directory; its lock held too). */
	int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
	/* Remove the entry for victim (its lock held too): a non-directory /
	 * an empty directory (else -ENOTEMPTY). */
	int (*unlink)(struct inode *dir, const char *name, size_t len, struct inode *victim);
	int (*rmdir)(struct inode *dir, const char *name, size_t len, struct inode *victim);
	/*
	 * Move the entry oname of odir to nname in ndir, replacing the target
	 * (tgt, NULL if none) or, with RENAME_EXCHANGE, swapping the two.
	 * Called under vfs_rename_lock with both directories, src and tgt
	 * locked; the VFS has checked types, loops and flags. May fail only
	 * with -ENOTEMPTY (a non-empty target directory) or -ENOMEM.
	 */
	int (*rename)(struct inode *odir, const char *oname, size_t olen, struct inode *src,
		      struct inode *ndir, const char *nname, size_t nlen, struct inode *tgt,
		      unsigned flags);
	/* Copy up to len bytes of a symlink's target into buf; returns the
	 * count. The symlink's lock held. */
	ssize_t (*readlink)(struct inode *ino, char *buf, size_t len);
	/* Emit the entries from *pos on (0 ".", 1 "..", then entries in
	 * creation order), advancing *pos past each one taken. Positions
	 * stay valid across creations and removals. dir's lock held. */
	int (*readdir)(struct inode *dir, uint64_t *pos, readdir_emit_t emit, void *ctx);
	/* Set the size of a regular file (zeroing what a later extension
	 * exposes); times are the VFS's. The inode's lock held. */
	int (*truncate)(struct inode *ino, uint64_t size);
	/* SEEK_DATA/SEEK_HOLE: the first data (or hole) offset at or after
	 * pos < size. The inode's lock held. Optional. */
	int64_t (*seek_data)(struct inode *ino, uint64_t pos, bool hole);
	/* The page of file data at pgoff, referenced; NULL for a hole. For
	 * mmap and exec. Context: may be called with mm->mmap_lock held; takes no
	 * inode lock. */
	struct page *(*get_page)(struct inode *ino, uint64_t pgoff);
	/* The last reference is gone: free the inode (and its data). No
	 * lock held; nothing can find the inode any more. The VFS drops the
	 * parent reference itself (after evict, iteratively). */
	void (*evict)(struct inode *ino);
};

/*
 * Data operations of an open file. read/write get a position (the file's
 * offset, under file->pos_lock, or pread's) and return the bytes moved or
 * a negative errno (-EFAULT only if nothing moved). Context: may sleep.
 */
struct file_ops {
	/* Called when a file is opened (FIFOs wait for a partner here). */
	int (*open)(struct inode *ino, struct file *f);
	/* The last reference to the file is gone. */
	void (*release)(struct file *f);
	ssize_t (*read)(struct file *f, struct uio *u, uint64_t *pos);
	ssize_t (*write)(struct file *f, struct uio *u, uint64_t *pos);
	/* New offset for lseek(off, whence) (file->pos_lock held), or
	 * -errno. NULL: the file is a stream (lseek, pread, pwrite give
	 * -ESPIPE). */
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	long (*ioctl)(struct file *f, unsigned cmd, unsigned long arg);
	/* fsync/fdatasync; NULL gives -EINVAL, as Linux for special files. */
	int (*fsync)(struct file *f);
	/* The POLL* events ready now; calls poll_wait() (fs/poll.h) on each
	 * wait queue a change would be signalled on. NULL: always ready for
	 * reading and writing, as a regular file. */
	unsigned (*poll)(struct file *f, struct poll_table *pt);
};

struct inode {
	uint32_t refcount;		       /* [a] */
	int32_t writecount;		       /* [a] >0 writers; <0 exec denies writing */
	uint64_t ino;			       /* [I] */
	mode_t mode;			       /* [L] type bits [I] */
	uint32_t nlink;			       /* [L] */
	uid_t uid;			       /* [L] */
	gid_t gid;			       /* [L] */
	uint64_t size;			       /* [L] */
	uint64_t blocks;		       /* [L] 512-byte units of data stored */
	uint32_t rdev;			       /* [I] device number of device nodes */
	uint32_t dev;			       /* [I] device of the file system */
	struct timespec64 atime, mtime, ctime; /* [L] */
	struct inode *parent;	      /* [R] directories: the parent (for ".."), referenced */
	const struct inode_ops *iops; /* [I] */
	const struct file_ops *fops;  /* [I] */
	struct mutex inode_lock;
	struct pipe *pipe; /* [L] FIFOs: the pipe while the FIFO is open */
	void *fs_data;	   /* [L] the file system's own */
};

void inode_init(struct inode *ino, mode_t mode, const struct inode_ops *iops,
		const struct file_ops *fops);
void inode_get(struct inode *ino);
/* Drop a reference; the last one evicts the inode. Context: may sleep. */
void inode_put(struct inode *ino);
/* A directory removed by rmdir (nlink 0): nothing can be created in it.
 * Caller holds ino->inode_lock (or the parent's, which rmdir takes too). */
bool inode_is_dead(const struct inode *ino);
/*
 * Write access and execution exclude each other (Linux's i_writecount):
 * a regular file open for writing cannot be executed, and one being
 * executed cannot be opened for writing or truncated. get_write_access:
 * 0 or -ETXTBSY (being executed); deny_write_access: 0 or -ETXTBSY (open
 * for writing). Each success pairs with its put/allow. Context: any.
 */
int __must_check inode_get_write_access(struct inode *ino);
void inode_put_write_access(struct inode *ino);
int __must_check inode_deny_write_access(struct inode *ino);
void inode_allow_write_access(struct inode *ino);
/* Current time for timestamps. Context: any. */
struct timespec64 vfs_now(void);
/* Touch the access time after a read, as Linux's relatime does: only if
 * it is not later than mtime or ctime, or is a day old. Takes ino->inode_lock
 * unless locked is set (then the caller holds it). */
void inode_touch_atime(struct inode *ino, bool locked);

/* The root directory. */
extern struct inode *vfs_root;

/*
 * Serialises every rename against the others and against getcwd, so the
 * directory tree (every directory's parent pointer) cannot change while
 * one is checked for loops or walked upwards. First in the lock order.
 */
extern struct mutex vfs_rename_lock;

/* One segment of an I/O: a user or kernel buffer. */
struct uio_seg {
	union {
		void __user *ubuf;
		void *kbuf;
	};
	size_t len;
};

/*
 * Copies between kernel buffers and the segments of one read or write
 * (a plain buffer, or readv/writev's vector). Fill with uio_init_*;
 * user segments must have passed user_range_ok() (uaccess still
 * recovers from faults).
 */
struct uio {
	bool user;
	struct uio_seg one;	    /* the segment of a plain read/write */
	const struct uio_seg *segs; /* all segments */
	unsigned nsegs;
	unsigned seg;	/* current segment */
	size_t seg_off; /* bytes moved in segs[seg] */
	size_t len;	/* bytes left */
	size_t done;	/* bytes moved so far */
	/* A write found a pipe without readers: the system call raises
	 * SIGPIPE (sys/sys_rw.c), as Linux's pipe_write() does, even when
	 * some bytes went in first. */
	bool broken_pipe;
};

void uio_init_user(struct uio *u, void __user *buf, size_t len);
void uio_init_kernel(struct uio *u, void *buf, size_t len);
/* A vector of user segments totalling total bytes (segs outlives u). */
void uio_init_vec(struct uio *u, const struct uio_seg *segs, unsigned nsegs, size_t total);

/* Move up to n bytes between kbuf and the uio (to it for reads),
 * advancing it. Returns 0 or -EFAULT (what was moved before the fault
 * stays counted in done). Context: may sleep (user faults). */
int __must_check uio_copy_out(struct uio *u, const void *kbuf, size_t n);
int __must_check uio_copy_in(struct uio *u, void *kbuf, size_t n);
