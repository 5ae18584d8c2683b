/*
 * Path walking. Each step looks a name up in the current directory
 * under that directory's lock, then moves on holding only references.
 */
#include <asm-generic/errno.h>
#include <linux/stat.h>

#include "fs/namei.h"
#include "fs/vfs.h"
#include "lib/string.h"
#include "mm/slab.h"

static int walk(struct inode *dir, const char *path, unsigned flags, int *links,
		struct inode **out);

/* Next component of *p: returns its length and advances *p past it and
 * any slashes; *start gets its start. */
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

static int
lookup_child(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int err;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (len == 1 && name[0] == '.') {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	mutex_lock(&dir->lock);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = dir->parent ? dir->parent : dir;
		inode_get(*out);
		err = 0;
	} else {
		err = dir->iops->lookup(dir, name, len, out);
	}
	mutex_unlock(&dir->lock);
	return err;
}

static int
follow(struct inode *dir, struct inode *link, int *links, struct inode **out)
{
	char *target;
	ssize_t n;
	int err;

	if (++*links > SYMLINK_MAX)
		return -ELOOP;
	target = kmalloc(PATH_MAX_LEN);
	if (!target)
		return -ENOMEM;
	mutex_lock(&link->lock);
	n = link->iops->readlink(link, target, PATH_MAX_LEN - 1);
	mutex_unlock(&link->lock);
	if (n < 0) {
		kfree(target);
		return (int)n;
	}
	target[n] = '\0';
	err = n ? walk(dir, target, LOOKUP_FOLLOW, links, out) : -ENOENT;
	kfree(target);
	return err;
}

static int
walk(struct inode *dir, const char *path, unsigned flags, int *links, struct inode **out)
{
	const char *p = path, *name;
	struct inode *cur = *path == '/' ? vfs_root : dir;
	int err = 0;

	inode_get(cur);
	for (;;) {
		size_t len = next_component(&p, &name);
		bool last = only_slashes(p);
		struct inode *next;

		if (len == 0)
			break;
		if (len > NAME_MAX_LEN) {
			err = -ENAMETOOLONG;
			break;
		}
		err = lookup_child(cur, name, len, &next);
		if (err)
			break;
		/* A trailing slash asks for a directory: follow links there too. */
		if (S_ISLNK(next->mode) && (!last || (flags & LOOKUP_FOLLOW) || *p == '/')) {
			struct inode *target;

			err = follow(cur, next, links, &target);
			inode_put(next);
			if (err)
				break;
			next = target;
		}
		inode_put(cur);
		cur = next;
		if (last && *p == '/' && !S_ISDIR(cur->mode)) {
			err = -ENOTDIR;
			break;
		}
	}
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(cur->mode))
		err = -ENOTDIR;
	if (err) {
		inode_put(cur);
		return err;
	}
	*out = cur;
	return 0;
}

int
vfs_lookup(struct inode *dir, const char *path, unsigned flags, struct inode **out)
{
	int links = 0;

	/* As Linux: an empty path is -ENOENT (AT_EMPTY_PATH is the caller's). */
	if (!*path)
		return -ENOENT;
	return walk(dir, path, flags, &links, out);
}

int
vfs_lookup_parent(struct inode *dir, const char *path, struct inode **parent, const char **name,
		  size_t *len, bool *trailing_slash)
{
	size_t n = strlen(path);
	char *head;
	int err;

	if (!n)
		return -ENOENT;
	*trailing_slash = false;
	while (n > 1 && path[n - 1] == '/') {
		n--;
		*trailing_slash = true;
	}
	/* The last component is path[i, n). */
	size_t i = n;

	while (i > 0 && path[i - 1] != '/')
		i--;
	*name = path + i;
	*len = n - i;
	if (*len > NAME_MAX_LEN)
		return -ENAMETOOLONG;
	if (i == 0) {
		inode_get(dir);
		*parent = dir;
		return 0;
	}
	head = kmalloc(i + 1);
	if (!head)
		return -ENOMEM;
	memcpy(head, path, i);
	head[i] = '\0';
	err = vfs_lookup(dir, head, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, parent);
	kfree(head);
	if (!err && (*len == 0 || (path[0] == '/' && n == 1)))
		*len = 0;
	return err;
}
