/*
 * Path walking. Each step looks a name up in the current directory under
 * that directory's lock, then moves on holding only a reference, so a walk
 * never holds two locks. A symlink in the middle of a path is walked by a
 * nested walk (depth bounded by SYMLINK_MAX); one at the end of a path
 * replaces the rest of the walk, as Linux's trailing-symlink loop does.
 *
 * Linux rules kept here: an empty path is -ENOENT; a component longer than
 * NAME_MAX is -ENAMETOOLONG when it is looked up (so "missing/<long>" is
 * -ENOENT); walking through a non-directory is -ENOTDIR; a trailing slash
 * follows a final symlink and demands a directory; ".." of the root is the
 * root; more than 40 symlinks in one lookup is -ELOOP.
 */
#include <linux/fcntl.h>
#include <asm-generic/errno.h>
#include <linux/stat.h>

#include "sched/task.h"
#include "mm/uaccess.h"
#include "fs/fs_context.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "lib/string.h"
#include "mm/slab.h"

#define LOOKUP_PARENT 0x100u /* internal: stop before the last component */

/* Next component of *p: returns its length, sets *start, and advances *p
 * past it (to the slash or NUL after it). */
static size_t
next_component(const char **p, const char **start)
{
	const char *s = *p;
	size_t n;

	while (*s == '/')
		s++;
	*start = s;
	for (n = 0; s[n] && s[n] != '/'; n++)
		;
	*p = s + n;
	return n;
}

static bool
only_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

static bool
is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool
is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

int
lookup_locked(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	assert_mutex_held(&dir->inode_lock);
	if (inode_is_dead(dir))
		return -ENOENT;
	if (len > NAME_MAX_LEN)
		return -ENAMETOOLONG;
	return dir->iops->lookup(dir, name, len, out);
}

/* One step from directory dir to its entry name. */
static int
step(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int err = 0;

	if (is_dot(name, len)) {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	mutex_lock(&dir->inode_lock);
	if (is_dotdot(name, len)) {
		*out = dir->parent ? dir->parent : dir;
		inode_get(*out);
	} else {
		err = lookup_locked(dir, name, len, out);
	}
	mutex_unlock(&dir->inode_lock);
	return err;
}

static void
set_dir(struct nameidata *nd, struct inode *next)
{
	inode_put(nd->dir);
	nd->dir = next;
}

/* Count one more symlink, then read link's target into a new buffer.
 * Drops the caller's reference on link. */
static int
get_link(struct nameidata *nd, struct inode *link, char **out)
{
	char *body;
	ssize_t n;

	if (++nd->links > SYMLINK_MAX) {
		inode_put(link);
		return -ELOOP;
	}
	body = kmalloc(PATH_MAX_LEN);
	if (!body) {
		inode_put(link);
		return -ENOMEM;
	}
	mutex_lock(&link->inode_lock);
	n = link->iops->readlink(link, body, PATH_MAX_LEN - 1);
	mutex_unlock(&link->inode_lock);
	inode_put(link);
	if (n <= 0) {
		kfree(body);
		return n < 0 ? (int)n : -ENOENT; /* as Linux: an empty target */
	}
	body[n] = '\0';
	*out = body;
	return 0;
}

static void
record_last(struct nameidata *nd, const char *name, size_t len, bool slash)
{
	nd->last = name;
	nd->last_len = len;
	nd->trailing_slash = slash;
	if (is_dot(name, len))
		nd->last_type = LAST_DOT;
	else if (is_dotdot(name, len))
		nd->last_type = LAST_DOTDOT;
	else
		nd->last_type = LAST_NORM;
}

static int walk(struct nameidata *nd, const char *path, unsigned flags);

/* The symlink link was reached at a component; continue through it. A
 * link in the middle is walked by a nested walk; one at the end becomes
 * the new path (*path, *body). */
static int
walk_link(struct nameidata *nd, struct inode *link, bool last, const char **path, char **body)
{
	char *target;
	int err = get_link(nd, link, &target);

	if (err)
		return err;
	if (!last) {
		err = walk(nd, target, LOOKUP_FOLLOW);
		kfree(target);
		return err;
	}
	kfree(*body);
	*body = target;
	*path = target;
	return 0;
}

static int
walk(struct nameidata *nd, const char *path, unsigned flags)
{
	char *body = NULL; /* a final symlink's target, walked in place of path */
	bool restart = true;
	int err = 0;

	for (;;) {
		const char *name;
		size_t len;
		bool last, slash;
		struct inode *next;

		if (restart && *path == '/') {
			inode_get(vfs_root);
			set_dir(nd, vfs_root);
		}
		restart = false;
		len = next_component(&path, &name);
		if (!len)
			break;
		if (!S_ISDIR(nd->dir->mode)) {
			err = -ENOTDIR;
			break;
		}
		last = only_slashes(path);
		slash = *path == '/';
		if (last && (flags & LOOKUP_PARENT)) {
			record_last(nd, name, len, slash);
			nd->body = body;
			return 0;
		}
		err = step(nd->dir, name, len, &next);
		if (err)
			break;
		if (S_ISLNK(next->mode) && (!last || slash || (flags & LOOKUP_FOLLOW))) {
			err = walk_link(nd, next, last, &path, &body);
			if (err)
				break;
			/* As Linux's lookup_last(): a trailing slash follows
			 * the links the target leads to as well. */
			if (last && slash)
				flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
			restart = last;
			continue;
		}
		set_dir(nd, next);
		if (last && slash)
			flags |= LOOKUP_DIRECTORY;
	}
	kfree(body);
	if (!err && (flags & LOOKUP_PARENT)) {
		/* The path was only slashes: "/" itself. */
		nd->last = "";
		nd->last_len = 0;
		nd->last_type = LAST_ROOT;
		nd->trailing_slash = false;
		nd->body = NULL;
	}
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(nd->dir->mode))
		err = -ENOTDIR;
	return err;
}

static void
nd_start(struct nameidata *nd, struct inode *dir)
{
	*nd = (struct nameidata){ .dir = dir };
	inode_get(dir);
}

int
vfs_lookup(struct inode *dir, const char *path, unsigned flags, struct inode **out)
{
	struct nameidata nd;
	int err;

	/* As Linux: an empty path is -ENOENT (AT_EMPTY_PATH is the caller's). */
	if (!*path)
		return -ENOENT;
	nd_start(&nd, *path == '/' ? vfs_root : dir);
	err = walk(&nd, path, flags & (LOOKUP_FOLLOW | LOOKUP_DIRECTORY));
	if (err) {
		inode_put(nd.dir);
		return err;
	}
	*out = nd.dir;
	return 0;
}

int
vfs_lookup_parent(struct inode *dir, const char *path, struct nameidata *nd)
{
	int err;

	if (!*path)
		return -ENOENT;
	nd_start(nd, *path == '/' ? vfs_root : dir);
	err = walk(nd, path, LOOKUP_PARENT);
	if (err)
		inode_put(nd->dir);
	return err;
}

int
vfs_follow_last(struct nameidata *nd, struct inode *link)
{
	char *target;
	int err;

	inode_get(link);
	err = get_link(nd, link, &target);
	if (err) {
		nd_release(nd);
		return err;
	}
	kfree(nd->body);
	nd->body = NULL;
	err = walk(nd, target, LOOKUP_PARENT);
	if (err) {
		kfree(target);
		inode_put(nd->dir);
		return err;
	}
	/* walk() left body NULL: the last component points into target. */
	nd->body = target;
	return 0;
}

struct inode *
nd_dots_target(struct nameidata *nd)
{
	struct inode *dir = nd->dir, *out = dir;

	if (nd->last_type == LAST_DOTDOT) {
		mutex_lock(&dir->inode_lock);
		out = dir->parent ? dir->parent : dir;
		inode_get(out);
		mutex_unlock(&dir->inode_lock);
		return out;
	}
	inode_get(out);
	return out;
}

void
nd_release(struct nameidata *nd)
{
	inode_put(nd->dir);
	kfree(nd->body);
	nd->dir = NULL;
	nd->body = NULL;
}

bool
vfs_is_ancestor(const struct inode *anc, const struct inode *dir)
{
	for (const struct inode *d = dir; d; d = d->parent)
		if (d == anc)
			return true;
	return false;
}

struct name_search {
	uint64_t ino;
	char *name;
	size_t len;
};

static int
match_ino(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type, uint64_t next)
{
	struct name_search *s = ctx;

	(void)type, (void)next;
	if (ino != s->ino || is_dot(name, len) || is_dotdot(name, len))
		return 0;
	memcpy(s->name, name, len);
	s->len = len;
	return 1;
}

/* Prepend "/" and child's name in dir to the string at buf + *start. */
static int
prepend_name(struct inode *dir, const struct inode *child, char *buf, size_t *start)
{
	char name[NAME_MAX_LEN + 1];
	struct name_search s = { child->ino, name, 0 };
	uint64_t pos = 0;

	mutex_lock(&dir->inode_lock);
	dir->iops->readdir(dir, &pos, match_ino, &s);
	mutex_unlock(&dir->inode_lock);
	if (!s.len)
		return -ENOENT;
	if (*start < s.len + 1)
		return -ENAMETOOLONG;
	*start -= s.len;
	memcpy(buf + *start, name, s.len);
	buf[--*start] = '/';
	return 0;
}

ssize_t
vfs_dir_path(struct inode *dir, char *buf, size_t size)
{
	size_t start = size - 1;
	bool dead;
	int err = 0;

	if (size < 2)
		return -ENAMETOOLONG;
	buf[start] = '\0';
	mutex_lock(&dir->inode_lock);
	dead = inode_is_dead(dir);
	mutex_unlock(&dir->inode_lock);
	if (dead)
		return -ENOENT; /* as Linux: getcwd() in a removed directory */
	/* Parent pointers and names change only under vfs_rename_lock. */
	mutex_lock(&vfs_rename_lock);
	for (struct inode *cur = dir; !err && cur != vfs_root && cur->parent; cur = cur->parent)
		err = prepend_name(cur->parent, cur, buf, &start);
	mutex_unlock(&vfs_rename_lock);
	if (err)
		return err;
	if (start == size - 1)
		buf[--start] = '/';
	memmove(buf, buf + start, size - start);
	return (ssize_t)(size - 1 - start);
}

mode_t
current_umask(void)
{
	return fs_context_umask(current_task()->fs);
}

int
dirfd_inode(int dfd, struct inode **out)
{
	struct file *f;

	if (dfd == AT_FDCWD) {
		*out = fs_context_cwd(current_task()->fs);
		return 0;
	}
	f = fdget_raw(dfd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode)) {
		file_put(f);
		return -ENOTDIR;
	}
	inode_get(f->inode);
	*out = f->inode;
	file_put(f);
	return 0;
}

int
path_start(int dfd, const char *path, struct inode **out)
{
	if (!*path)
		return -ENOENT;
	if (*path == '/') {
		inode_get(vfs_root);
		*out = vfs_root;
		return 0;
	}
	return dirfd_inode(dfd, out);
}

int
getname(const char __user *upath, char **out)
{
	char *buf = kmalloc(PATH_MAX_LEN);
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	n = strncpy_from_user(buf, upath, PATH_MAX_LEN);
	if (n < 0) {
		kfree(buf);
		return n == -ENAMETOOLONG ? -ENAMETOOLONG : -EFAULT;
	}
	*out = buf;
	return 0;
}

void
putname(char *name)
{
	kfree(name);
}

int
empty_path_inode(int dfd, struct inode **out)
{
	struct file *f;

	if (dfd == AT_FDCWD) {
		*out = fs_context_cwd(current_task()->fs);
		return 0;
	}
	f = fdget_raw(dfd);
	if (!f)
		return -EBADF;
	inode_get(f->inode);
	*out = f->inode;
	file_put(f);
	return 0;
}

int
user_path_at(int dfd, const char __user *upath, int at_flags, bool follow_flag, struct inode **out)
{
	unsigned lookup = follow_flag ? ((at_flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) :
					((at_flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
	struct inode *dir;
	char *path;
	int err;

	err = getname(upath, &path);
	if (err)
		return err;
	if (!*path && (at_flags & AT_EMPTY_PATH))
		err = empty_path_inode(dfd, out);
	else if (!(err = path_start(dfd, path, &dir))) {
		err = vfs_lookup(dir, path, lookup, out);
		inode_put(dir);
	}
	putname(path);
	return err;
}
