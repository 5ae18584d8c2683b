/*
 * Pipes and FIFOs.
 *
 * A pipe is a ring of PIPE_SLOTS page slots (tail: the next slot to
 * drain, head: the next to fill; head - tail slots hold data), as Linux's:
 * a write first tops up the last slot if its whole remainder
 * (length % PAGE_SIZE) fits there, then fills fresh pages. So a write of
 * at most PIPE_BUF bytes lands in one slot in one step under the pipe
 * lock (atomic), and the capacity is 16 slots: 64 KiB written in 4 KiB or
 * in 1-byte pieces, as on Linux. In packet mode (pipe2 O_DIRECT) every
 * write of up to a page is one slot, never merged, and a read takes at
 * most one packet (discarding what does not fit), as Linux's.
 *
 * Life of a pipe: made by pipe2() (both ends open) or by the first open
 * of a FIFO inode -> readers/writers count the open ends (an O_RDWR FIFO
 * file counts in both) -> freed when the last end is released, so a FIFO
 * starts empty at its next open, as Linux.
 *
 * Locks: [p] pipe->pipe_lock (a mutex, held across uaccess: a fault may take
 *        mm->mmap_lock inside it)  [a] also read without the lock by the wait
 *        conditions, so written with WRITE_ONCE
 * Order: the FIFO inode's lock -> pipe->pipe_lock -> mm->mmap_lock; the wait-queue
 * locks are leaves. Nobody sleeps holding pipe->pipe_lock except on mm->mmap_lock.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/signal.h>
#include <linux/stat.h>

#include <asm-generic/poll.h>

#include <atomic.h>
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include <kerrno.h>
#include "sched/task.h"
#include "sched/wait.h"

#define PIPE_SLOTS (PIPE_CAPACITY / PAGE_SIZE)
#define PIPEFS_DEV 12 /* st_dev of anonymous pipes (Linux's pipefs is anonymous too) */

_Static_assert(PIPE_BUF_ATOMIC <= PAGE_SIZE, "an atomic write must fit one slot");

struct pipe_slot {
	struct page *page;
	uint32_t off;
	uint32_t len;
};

struct pipe {
	struct mutex pipe_lock;
	struct pipe_slot slots[PIPE_SLOTS]; /* [p] */
	unsigned head, tail;		    /* [p][a] */
	unsigned readers, writers;	    /* [p][a] open ends */
	unsigned r_counter, w_counter;	    /* [p][a] ends ever opened (FIFO partner waits) */
	bool packet;			    /* [p] O_DIRECT: packet mode */
	struct page *spare;		    /* [p] a drained page kept for the next write */
	struct wait_queue rd_wait;	    /* readers: data, EOF, or a FIFO writer */
	struct wait_queue wr_wait;	    /* writers: room, no reader, or a FIFO reader */
};

static const struct file_ops pipe_anon_ops;
static unsigned pipe_poll(struct file *f, struct poll_table *pt);
static uint64_t pipefs_next_ino = 1;

static struct pipe *
pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	mutex_init(&p->pipe_lock, "pipe");
	wq_init(&p->rd_wait, "pipe_rd");
	wq_init(&p->wr_wait, "pipe_wr");
	return p;
}

static void
pipe_free(struct pipe *p)
{
	for (unsigned i = p->tail; i != p->head; i++)
		page_put(p->slots[i % PIPE_SLOTS].page);
	if (p->spare)
		page_put(p->spare);
	kfree(p);
}

static bool
pipe_readable(const struct pipe *p)
{
	return READ_ONCE(p->head) != READ_ONCE(p->tail) || !READ_ONCE(p->writers);
}

static bool
pipe_writable(const struct pipe *p)
{
	return READ_ONCE(p->head) - READ_ONCE(p->tail) < PIPE_SLOTS || !READ_ONCE(p->readers);
}

static void
release_slot(struct pipe *p, struct pipe_slot *s)
{
	if (!p->spare)
		p->spare = s->page;
	else
		page_put(s->page);
	s->page = NULL;
	WRITE_ONCE(p->tail, p->tail + 1);
}

/* Move data from the slots to u while both have some; *freed is set when
 * a slot empties. 0 or -EFAULT (what was copied stays counted). */
static int
drain(struct pipe *p, struct uio *u, bool *freed)
{
	while (p->head != p->tail && u->len) {
		struct pipe_slot *s = &p->slots[p->tail % PIPE_SLOTS];
		size_t before = u->done, copied;
		int err = uio_copy_out(u, (char *)page_to_kva(s->page) + s->off,
				       MIN((size_t)s->len, u->len));

		copied = u->done - before;
		s->off += copied;
		s->len -= copied;
		if (err)
			return err;
		if (!s->len || p->packet) {
			release_slot(p, s); /* packet mode: the rest is discarded */
			*freed = true;
		}
		if (p->packet)
			break;
	}
	return 0;
}

static ssize_t
pipe_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct pipe *p = f->private;
	bool freed = false;
	int err = 0;

	(void)pos;
	if (!u->len)
		return 0;
	mutex_lock(&p->pipe_lock);
	for (;;) {
		err = drain(p, u, &freed);
		/* Done with some data, at EOF (no writer), or on a fault. */
		if (err || u->done || !p->writers)
			break;
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		mutex_unlock(&p->pipe_lock);
		err = wait_event_interruptible(&p->rd_wait, pipe_readable(p));
		mutex_lock(&p->pipe_lock);
		if (err) {
			err = -ERESTARTSYS;
			break;
		}
	}
	mutex_unlock(&p->pipe_lock);
	if (freed)
		wake_up_all(&p->wr_wait);
	if (!u->done)
		return err;
	inode_touch_atime(f->inode, false);
	return (ssize_t)u->done;
}

/* A write's first step: append its remainder (len % PAGE_SIZE) to the
 * last slot if it all fits there, as Linux merges. */
static int
merge(struct pipe *p, struct uio *u)
{
	size_t chars = u->len % PAGE_SIZE, before = u->done;
	struct pipe_slot *s;
	int err;

	if (!chars || p->head == p->tail || p->packet)
		return 0;
	s = &p->slots[(p->head - 1) % PIPE_SLOTS];
	if (s->off + s->len + chars > PAGE_SIZE)
		return 0;
	err = uio_copy_in(u, (char *)page_to_kva(s->page) + s->off + s->len, chars);
	s->len += u->done - before;
	return err;
}

/* Fill fresh slots from u until it is done or the pipe is full. Returns
 * 0, -EFAULT or -ENOMEM (what was copied stays in the pipe). */
static int
fill(struct pipe *p, struct uio *u)
{
	while (u->len && p->head - p->tail < PIPE_SLOTS) {
		struct page *pg = p->spare ? p->spare : page_alloc(0, 0);
		size_t before = u->done, copied;
		int err;

		if (!pg)
			return -ENOMEM;
		p->spare = NULL;
		err = uio_copy_in(u, page_to_kva(pg), MIN(u->len, PAGE_SIZE));
		copied = u->done - before;
		if (!copied) {
			p->spare = pg;
			return err;
		}
		p->slots[p->head % PIPE_SLOTS] = (struct pipe_slot){ pg, 0, (uint32_t)copied };
		WRITE_ONCE(p->head, p->head + 1);
		if (err)
			return err;
	}
	return 0;
}

static int
broken_pipe(struct uio *u)
{
	u->broken_pipe = true;
	return -EPIPE;
}

/* The write loop, pipe locked: fill, and wait for room while blocking. */
static int
write_locked(struct pipe *p, struct file *f, struct uio *u)
{
	int err;

	assert_mutex_held(&p->pipe_lock);
	err = p->readers ? merge(p, u) : broken_pipe(u);
	while (!err && u->len) {
		if (!p->readers)
			return broken_pipe(u);
		err = fill(p, u);
		if (err || !u->len)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending_current())
			return -ERESTARTSYS;
		mutex_unlock(&p->pipe_lock);
		wake_up_all(&p->rd_wait); /* let readers make room */
		(void)wait_event_interruptible(&p->wr_wait, pipe_writable(p));
		mutex_lock(&p->pipe_lock);
	}
	return err;
}

static ssize_t
pipe_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct pipe *p = f->private;
	struct inode *ino = f->inode;
	int err;

	(void)pos;
	if (!u->len)
		return 0;
	mutex_lock(&p->pipe_lock);
	err = write_locked(p, f, u);
	mutex_unlock(&p->pipe_lock);
	if (!u->done)
		return err;
	wake_up_all(&p->rd_wait);
	mutex_lock(&ino->inode_lock);
	ino->mtime = ino->ctime = vfs_now();
	mutex_unlock(&ino->inode_lock);
	return (ssize_t)u->done;
}

static long
pipe_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	struct pipe *p = f->private;
	int count = 0;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&p->pipe_lock);
	for (unsigned i = p->tail; i != p->head; i++)
		count += (int)p->slots[i % PIPE_SLOTS].len;
	mutex_unlock(&p->pipe_lock);
	return put_user(count, (int __user *)arg) ? -EFAULT : 0;
}

static void
pipe_release(struct file *f)
{
	struct inode *ino = f->inode;
	struct pipe *p = f->private;
	bool last;

	mutex_lock(&ino->inode_lock);
	mutex_lock(&p->pipe_lock);
	if (f->mode & FMODE_READ)
		WRITE_ONCE(p->readers, p->readers - 1);
	if (f->mode & FMODE_WRITE)
		WRITE_ONCE(p->writers, p->writers - 1);
	last = !p->readers && !p->writers;
	if (last)
		ino->pipe = NULL;
	mutex_unlock(&p->pipe_lock);
	mutex_unlock(&ino->inode_lock);
	if (last) {
		pipe_free(p);
		return;
	}
	wake_up_all(&p->rd_wait);
	wake_up_all(&p->wr_wait);
}

/* Sleep until *counter moves past seen (a partner opened), pipe locked
 * on entry and return. 0, or -ERESTARTSYS on a signal. */
static int
wait_for_partner(struct pipe *p, struct wait_queue *wq, const unsigned *counter, unsigned seen)
{
	int err;

	mutex_unlock(&p->pipe_lock);
	err = wait_event_interruptible(wq, READ_ONCE(*counter) != seen);
	mutex_lock(&p->pipe_lock);
	return err ? -ERESTARTSYS : 0;
}

/* Count f as a new end of p, waiting for the partner as fifo(7) says. */
static int
fifo_attach(struct pipe *p, struct file *f)
{
	bool nonblock = f->flags & O_NONBLOCK;
	int err = 0;

	switch (f->mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		WRITE_ONCE(p->r_counter, p->r_counter + 1);
		WRITE_ONCE(p->readers, p->readers + 1);
		wake_up_all(&p->wr_wait);
		if (!p->writers && !nonblock)
			err = wait_for_partner(p, &p->rd_wait, &p->w_counter, p->w_counter);
		if (err)
			WRITE_ONCE(p->readers, p->readers - 1);
		return err;
	case FMODE_WRITE:
		if (!p->readers && nonblock)
			return -ENXIO; /* as Linux: no reader for a non-blocking writer */
		WRITE_ONCE(p->w_counter, p->w_counter + 1);
		WRITE_ONCE(p->writers, p->writers + 1);
		wake_up_all(&p->rd_wait);
		if (!p->readers)
			err = wait_for_partner(p, &p->wr_wait, &p->r_counter, p->r_counter);
		if (err)
			WRITE_ONCE(p->writers, p->writers - 1);
		return err;
	case FMODE_READ | FMODE_WRITE:
		WRITE_ONCE(p->r_counter, p->r_counter + 1);
		WRITE_ONCE(p->w_counter, p->w_counter + 1);
		WRITE_ONCE(p->readers, p->readers + 1);
		WRITE_ONCE(p->writers, p->writers + 1);
		wake_up_all(&p->rd_wait);
		wake_up_all(&p->wr_wait);
		return 0;
	default:
		return -EINVAL; /* as Linux: O_ACCMODE 3 on a FIFO */
	}
}

static int
fifo_open(struct inode *ino, struct file *f)
{
	struct pipe *p;
	bool last;
	int err;

	mutex_lock(&ino->inode_lock);
	p = ino->pipe;
	if (!p && !(p = ino->pipe = pipe_alloc())) {
		mutex_unlock(&ino->inode_lock);
		return -ENOMEM;
	}
	mutex_lock(&p->pipe_lock);
	mutex_unlock(&ino->inode_lock);
	f->private = p;
	err = fifo_attach(p, f);
	mutex_unlock(&p->pipe_lock);
	if (!err)
		return 0;
	/* Undo: the pipe goes if this open was all that held it. */
	mutex_lock(&ino->inode_lock);
	mutex_lock(&p->pipe_lock);
	last = !p->readers && !p->writers;
	if (last)
		ino->pipe = NULL;
	mutex_unlock(&p->pipe_lock);
	mutex_unlock(&ino->inode_lock);
	if (last)
		pipe_free(p);
	else
		wake_up_all(&p->wr_wait);
	return err;
}

static void
pipefs_evict(struct inode *ino)
{
	if (ino->pipe)
		pipe_free(ino->pipe); /* pipe_create() failed half way */
	kfree(ino);
}

static const struct inode_ops pipefs_iops = { .evict = pipefs_evict };

static struct inode *
pipefs_inode(void)
{
	struct inode *ino = kzalloc(sizeof(*ino));

	if (!ino)
		return NULL;
	/* As Linux: S_IFIFO, 0600, one link, owned by the caller (root). */
	inode_init(ino, S_IFIFO | 0600, &pipefs_iops, NULL);
	ino->ino = atomic_fetch_add_relaxed(&pipefs_next_ino, 1);
	ino->dev = PIPEFS_DEV;
	ino->pipe = pipe_alloc();
	if (!ino->pipe) {
		kfree(ino);
		return NULL;
	}
	return ino;
}

int
pipe_create(unsigned flags, struct file **rd, struct file **wr)
{
	struct inode *ino = pipefs_inode();
	struct pipe *p;
	int err;

	if (!ino)
		return -ENOMEM;
	p = ino->pipe;
	p->packet = flags & O_DIRECT;
	p->readers = p->writers = p->r_counter = p->w_counter = 1;
	err = file_open_inode(ino, O_RDONLY | (flags & O_NONBLOCK), &pipe_anon_ops, rd);
	if (err)
		goto out_put_inode;
	(*rd)->private = p;
	err = file_open_inode(ino, O_WRONLY | (flags & O_NONBLOCK), &pipe_anon_ops, wr);
	if (err) {
		file_put(*rd); /* the write end still counts: the inode frees p */
		goto out_put_inode;
	}
	(*wr)->private = p;
out_put_inode:
	inode_put(ino); /* the files hold their own references */
	return err;
}

bool
file_is_pipe(const struct file *f)
{
	return f->fops == &pipe_fifo_ops || f->fops == &pipe_anon_ops;
}

const struct file_ops pipe_fifo_ops = {
	.open = fifo_open,
	.release = pipe_release,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
};

static const struct file_ops pipe_anon_ops = {
	.release = pipe_release,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
};

/* Readable: data or no writer left (POLLHUP); writable: room, or no
 * reader (POLLERR), as Linux's pipe_poll. Lock-free: it only reads
 * counters, after registering, so a change in between wakes the poller. */
static unsigned
pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private;
	unsigned mask = 0;

	if (f->mode & FMODE_READ)
		poll_wait(pt, &p->rd_wait);
	if (f->mode & FMODE_WRITE)
		poll_wait(pt, &p->wr_wait);
	if (f->mode & FMODE_READ) {
		if (READ_ONCE(p->head) != READ_ONCE(p->tail))
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(p->writers) && READ_ONCE(p->w_counter))
			mask |= POLLHUP;
	}
	if (f->mode & FMODE_WRITE) {
		if (READ_ONCE(p->head) - READ_ONCE(p->tail) < PIPE_SLOTS)
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(p->readers))
			mask |= POLLERR;
	}
	return mask;
}
