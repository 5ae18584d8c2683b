/*
 * Inode reference counting, timestamps, and the uio copies between kernel
 * buffers and the user (or kernel) segments of a read or write.
 */
#include <asm-generic/errno.h>
#include <linux/stat.h>

#include <atomic.h>
#include "time/time.h"
#include "fs/vfs.h"
#include "lib/string.h"
#include "mm/uaccess.h"

struct inode *vfs_root;
struct mutex vfs_rename_lock = MUTEX_INIT(vfs_rename_lock);

#define RELATIME_MAX_AGE (24 * 60 * 60) /* seconds: Linux's relatime refresh */

void
inode_init(struct inode *ino, mode_t mode, const struct inode_ops *iops,
	   const struct file_ops *fops)
{
	struct timespec64 now = vfs_now();

	ino->refcount = 1;
	ino->mode = mode;
	ino->nlink = 1;
	ino->iops = iops;
	ino->fops = fops;
	ino->atime = ino->mtime = ino->ctime = now;
	mutex_init(&ino->inode_lock, "inode");
}

void
inode_get(struct inode *ino)
{
	atomic_inc_relaxed(&ino->refcount);
}

void
inode_put(struct inode *ino)
{
	might_sleep();
	/* A loop, not recursion: a dead directory holds its parent, which may
	 * be dead too, and so on up a tree of any depth. */
	while (ino && atomic_dec_acq_rel(&ino->refcount) == 0) {
		struct inode *parent = ino->parent;

		ino->parent = NULL;
		if (ino->iops && ino->iops->evict)
			ino->iops->evict(ino);
		ino = parent;
	}
}

int
inode_get_write_access(struct inode *ino)
{
	int32_t n = atomic_load_relaxed(&ino->writecount);

	do {
		if (n < 0)
			return -ETXTBSY;
	} while (!atomic_cmpxchg_acq_rel(&ino->writecount, &n, n + 1));
	return 0;
}

void
inode_put_write_access(struct inode *ino)
{
	atomic_dec_acq_rel(&ino->writecount);
}

int
inode_deny_write_access(struct inode *ino)
{
	int32_t n = atomic_load_relaxed(&ino->writecount);

	do {
		if (n > 0)
			return -ETXTBSY;
	} while (!atomic_cmpxchg_acq_rel(&ino->writecount, &n, n - 1));
	return 0;
}

void
inode_allow_write_access(struct inode *ino)
{
	atomic_inc_acq_rel(&ino->writecount);
}

bool
inode_is_dead(const struct inode *ino)
{
	return S_ISDIR(ino->mode) && ino->nlink == 0;
}

struct timespec64
vfs_now(void)
{
	uint64_t ns = time_realtime_ns();
	return (struct timespec64){ (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) };
}

static bool
ts_le(struct timespec64 a, struct timespec64 b)
{
	return a.sec < b.sec || (a.sec == b.sec && a.nsec <= b.nsec);
}

void
inode_touch_atime(struct inode *ino, bool locked)
{
	struct timespec64 now = vfs_now();

	if (!locked)
		mutex_lock(&ino->inode_lock);
	if (ts_le(ino->atime, ino->mtime) || ts_le(ino->atime, ino->ctime) ||
	    now.sec - ino->atime.sec >= RELATIME_MAX_AGE)
		ino->atime = now;
	if (!locked)
		mutex_unlock(&ino->inode_lock);
}

void
uio_init_user(struct uio *u, void __user *buf, size_t len)
{
	*u = (struct uio){ .user = true, .nsegs = 1, .len = len };
	u->one.ubuf = buf;
	u->one.len = len;
	u->segs = &u->one;
}

void
uio_init_kernel(struct uio *u, void *buf, size_t len)
{
	*u = (struct uio){ .user = false, .nsegs = 1, .len = len };
	u->one.kbuf = buf;
	u->one.len = len;
	u->segs = &u->one;
}

void
uio_init_vec(struct uio *u, const struct uio_seg *segs, unsigned nsegs, size_t total)
{
	*u = (struct uio){ .user = true, .segs = segs, .nsegs = nsegs, .len = total };
}

/* Copy up to n bytes between kbuf and the uio, segment by segment. */
static int
uio_move(struct uio *u, void *kbuf, size_t n, bool out)
{
	char *k = kbuf;

	n = MIN(n, u->len);
	while (n) {
		const struct uio_seg *s;
		size_t chunk;
		int err = 0;

		/* n <= len, so a segment with bytes left follows. */
		while (u->seg_off == u->segs[u->seg].len) {
			u->seg++;
			u->seg_off = 0;
		}
		s = &u->segs[u->seg];
		chunk = MIN(n, s->len - u->seg_off);
		if (u->user && out)
			err = copy_to_user((char __user *)s->ubuf + u->seg_off, k, chunk);
		else if (u->user)
			err = copy_from_user(k, (const char __user *)s->ubuf + u->seg_off, chunk);
		else if (out)
			memcpy((char *)s->kbuf + u->seg_off, k, chunk);
		else
			memcpy(k, (const char *)s->kbuf + u->seg_off, chunk);
		if (err)
			return -EFAULT;
		k += chunk;
		n -= chunk;
		u->done += chunk;
		u->len -= chunk;
		u->seg_off += chunk;
	}
	return 0;
}

int
uio_copy_out(struct uio *u, const void *kbuf, size_t n)
{
	return uio_move(u, (void *)kbuf, n, true);
}

int
uio_copy_in(struct uio *u, void *kbuf, size_t n)
{
	return uio_move(u, kbuf, n, false);
}
