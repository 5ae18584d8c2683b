/*
 * File descriptor tables. The table grows by doubling up to the caller's
 * RLIMIT_NOFILE; slots hold a file reference and the close-on-exec bit,
 * or are reserved for a file being opened (fd_reserve), so an open that
 * fails after choosing its descriptor leaves no trace another thread
 * could have seen.
 */
#include <linux/resource.h>
#include <asm-generic/errno.h>
#include <atomic.h>
#include <kassert.h>

#include "sched/task.h"
#include "fs/file.h"
#include "lib/string.h"
#include "mm/slab.h"

#define FD_INITIAL 64

struct files *
files_create(void)
{
	struct files *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->table = kzalloc(FD_INITIAL * sizeof(*fs->table));
	if (!fs->table) {
		kfree(fs);
		return NULL;
	}
	fs->refcount = 1;
	fs->size = FD_INITIAL;
	spin_init(&fs->file_lock, "files");
	return fs;
}

struct files *
files_dup(struct files *src)
{
	struct files *fs = files_create();
	struct fd_entry *t;
	unsigned size;

	if (!fs)
		return NULL;
	/* Size the copy without holding the lock across the allocation. */
	for (;;) {
		spin_lock(&src->file_lock);
		size = src->size;
		spin_unlock(&src->file_lock);
		t = kzalloc(size * sizeof(*t));
		if (!t) {
			files_put(fs);
			return NULL;
		}
		spin_lock(&src->file_lock);
		if (size == src->size)
			break;
		spin_unlock(&src->file_lock);
		kfree(t);
	}
	for (unsigned i = 0; i < size; i++) {
		if (!src->table[i].file)
			continue; /* free, or reserved by an open in progress */
		t[i] = src->table[i];
		file_get(t[i].file);
	}
	spin_unlock(&src->file_lock);
	kfree(fs->table);
	fs->table = t;
	fs->size = size;
	return fs;
}

void
files_get(struct files *fs)
{
	atomic_inc_relaxed(&fs->refcount);
}

void
files_put(struct files *fs)
{
	if (atomic_dec_acq_rel(&fs->refcount) != 0)
		return;
	for (unsigned i = 0; i < fs->size; i++)
		if (fs->table[i].file)
			file_put(fs->table[i].file);
	kfree(fs->table);
	kfree(fs);
}

/* Make the table hold at least want slots. Called and returns with the
 * lock held; drops it around the allocation. */
static int
grow_locked(struct files *fs, unsigned want)
{
	unsigned size = fs->size;
	struct fd_entry *t, *old;

	assert_held(&fs->file_lock);
	while (size < want)
		size *= 2;
	spin_unlock(&fs->file_lock);
	t = kzalloc(size * sizeof(*t));
	spin_lock(&fs->file_lock);
	if (!t)
		return -ENOMEM;
	if (fs->size >= want) {
		spin_unlock(&fs->file_lock);
		kfree(t);
		spin_lock(&fs->file_lock);
		return 0;
	}
	memcpy(t, fs->table, fs->size * sizeof(*t));
	old = fs->table;
	fs->table = t;
	fs->size = size;
	spin_unlock(&fs->file_lock);
	kfree(old);
	spin_lock(&fs->file_lock);
	return 0;
}

static bool
slot_free(const struct fd_entry *e)
{
	return !e->file && !e->reserved;
}

/* Find and reserve the lowest free slot >= min; called and returns with
 * the lock held. */
static int
reserve_locked(struct files *fs, unsigned min, unsigned limit)
{
	unsigned fd;
	int err;

	assert_held(&fs->file_lock);
	limit = MIN(limit, FD_NR_OPEN);
	for (;;) {
		for (fd = min; fd < fs->size && !slot_free(&fs->table[fd]); fd++)
			;
		if (fd >= limit)
			return -EMFILE;
		if (fd < fs->size)
			break;
		if ((err = grow_locked(fs, fd + 1)) < 0)
			return err;
	}
	fs->table[fd].reserved = true;
	return (int)fd;
}

int
fd_reserve(struct files *fs, int min, unsigned limit)
{
	int fd;

	if (min < 0)
		return -EINVAL;
	spin_lock(&fs->file_lock);
	fd = reserve_locked(fs, (unsigned)min, limit);
	spin_unlock(&fs->file_lock);
	return fd;
}

void
fd_commit(struct files *fs, int fd, struct file *f, bool cloexec)
{
	spin_lock(&fs->file_lock);
	KASSERT((unsigned)fd < fs->size && fs->table[fd].reserved);
	fs->table[fd] = (struct fd_entry){ f, cloexec, false };
	spin_unlock(&fs->file_lock);
}

void
fd_unreserve(struct files *fs, int fd)
{
	spin_lock(&fs->file_lock);
	KASSERT((unsigned)fd < fs->size && fs->table[fd].reserved);
	fs->table[fd].reserved = false;
	spin_unlock(&fs->file_lock);
}

int
fd_install(struct files *fs, struct file *f, int min, bool cloexec, unsigned limit)
{
	int fd = fd_reserve(fs, min, limit);

	if (fd >= 0)
		fd_commit(fs, fd, f, cloexec);
	return fd;
}

int
fd_install_at(struct files *fs, struct file *f, int fd, bool cloexec, unsigned limit)
{
	struct file *old;
	int err;

	if (fd < 0 || (unsigned)fd >= MIN(limit, FD_NR_OPEN))
		return -EBADF;
	spin_lock(&fs->file_lock);
	while ((unsigned)fd >= fs->size) {
		if ((err = grow_locked(fs, fd + 1)) < 0) {
			spin_unlock(&fs->file_lock);
			return err;
		}
	}
	if (fs->table[fd].reserved) {
		spin_unlock(&fs->file_lock);
		return -EBUSY; /* as Linux: an open is installing a file there */
	}
	old = fs->table[fd].file;
	fs->table[fd] = (struct fd_entry){ f, cloexec, false };
	spin_unlock(&fs->file_lock);
	if (old)
		file_put(old);
	return fd;
}

struct file *
fd_get(struct files *fs, int fd)
{
	struct file *f = NULL;

	spin_lock(&fs->file_lock);
	if (fd >= 0 && (unsigned)fd < fs->size && (f = fs->table[fd].file))
		file_get(f);
	spin_unlock(&fs->file_lock);
	return f;
}

/* Take the file out of slot fd (NULL if none). Lock held. */
static struct file *
take_locked(struct files *fs, unsigned fd)
{
	struct file *f = NULL;

	assert_held(&fs->file_lock);
	if (fd < fs->size && (f = fs->table[fd].file))
		fs->table[fd] = (struct fd_entry){ NULL, false, false };
	return f;
}

int
fd_close(struct files *fs, int fd)
{
	struct file *f = NULL;

	spin_lock(&fs->file_lock);
	if (fd >= 0)
		f = take_locked(fs, (unsigned)fd);
	spin_unlock(&fs->file_lock);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

void
fd_close_range(struct files *fs, unsigned first, unsigned last, bool cloexec_only)
{
	for (unsigned fd = first; fd <= last; fd++) {
		struct file *f = NULL;

		spin_lock(&fs->file_lock);
		if (fd >= fs->size) {
			spin_unlock(&fs->file_lock);
			return;
		}
		if (cloexec_only && fs->table[fd].file)
			fs->table[fd].cloexec = true;
		else if (!cloexec_only)
			f = take_locked(fs, fd);
		spin_unlock(&fs->file_lock);
		if (f)
			file_put(f);
		if (fd == UINT32_MAX)
			return;
	}
}

void
fd_close_on_exec(struct files *fs)
{
	for (unsigned fd = 0;; fd++) {
		struct file *f = NULL;

		spin_lock(&fs->file_lock);
		if (fd >= fs->size) {
			spin_unlock(&fs->file_lock);
			return;
		}
		if (fs->table[fd].cloexec)
			f = take_locked(fs, fd);
		spin_unlock(&fs->file_lock);
		if (f)
			file_put(f);
	}
}

int
fd_set_cloexec(struct files *fs, int fd, bool on)
{
	int ret = -EBADF;

	spin_lock(&fs->file_lock);
	if (fd >= 0 && (unsigned)fd < fs->size && fs->table[fd].file) {
		fs->table[fd].cloexec = on;
		ret = 0;
	}
	spin_unlock(&fs->file_lock);
	return ret;
}

int
fd_get_cloexec(struct files *fs, int fd)
{
	int ret = -EBADF;

	spin_lock(&fs->file_lock);
	if (fd >= 0 && (unsigned)fd < fs->size && fs->table[fd].file)
		ret = fs->table[fd].cloexec;
	spin_unlock(&fs->file_lock);
	return ret;
}

struct file *
fdget_raw(int fd)
{
	return fd_get(current_task()->files, fd);
}

struct file *
fdget(int fd)
{
	struct file *f = fdget_raw(fd);

	if (f && (f->mode & FMODE_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

unsigned
fd_limit(void)
{
	uint64_t cur = current_task()->rlim[RLIMIT_NOFILE].rlim_cur;

	return cur < FD_NR_OPEN ? (unsigned)cur : FD_NR_OPEN;
}
