/*
 * Path lookup: from a starting directory (the cwd or a dirfd) through
 * ".", "..", symlinks (at most 40 per lookup, then -ELOOP) and the root,
 * with Linux's rules for trailing slashes and name lengths.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct inode;

#define LOOKUP_FOLLOW	 0x1u /* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 0x2u /* the result must be a directory */

#define NAME_MAX_LEN 255  /* bytes in one component (NAME_MAX) */
#define PATH_MAX_LEN 4096 /* bytes in a path, NUL included (PATH_MAX) */
#define SYMLINK_MAX  40	  /* symlinks one lookup may follow (MAXSYMLINKS) */

enum last_type {
	LAST_NORM,   /* a name */
	LAST_DOT,    /* "." */
	LAST_DOTDOT, /* ".." */
	LAST_ROOT,   /* the path was only slashes */
};

/*
 * A walk to the parent of a path's last component. After a successful
 * vfs_lookup_parent() the caller owns it and ends it with nd_release().
 */
struct nameidata {
	struct inode *dir;	  /* referenced: where the last component is */
	unsigned links;		  /* symlinks followed so far */
	const char *last;	  /* the last component, not NUL-terminated */
	size_t last_len;	  /* its length (may exceed NAME_MAX_LEN) */
	enum last_type last_type; /* what it is */
	bool trailing_slash;	  /* the path ended in '/' */
	char *body;		  /* kmalloc'd symlink body last points into */
};

/*
 * Resolve path from dir (referenced by the caller, not consumed; unused
 * for absolute paths). Returns 0 and a referenced *out, or -ENOENT
 * (also for an empty path), -ENOTDIR, -ELOOP, -ENAMETOOLONG, -ENOMEM.
 * A trailing slash follows a final symlink and requires a directory.
 * Context: may sleep (takes one directory lock at a time).
 */
int __must_check vfs_lookup(struct inode *dir, const char *path, unsigned flags,
			    struct inode **out);

/*
 * Resolve all but the last component of path into nd (see struct
 * nameidata). Returns 0, or the errors of vfs_lookup() (nd then needs no
 * release). Context: may sleep.
 */
int __must_check vfs_lookup_parent(struct inode *dir, const char *path, struct nameidata *nd);

/*
 * nd's last component turned out to be the symlink link: walk its target
 * instead, replacing nd's last component with the target's (open with
 * O_CREAT through a dangling link). Counts toward SYMLINK_MAX (-ELOOP).
 * On failure nd is released. Context: may sleep.
 */
int __must_check vfs_follow_last(struct nameidata *nd, struct inode *link);

/* The directory a ".", ".." or root last component names, referenced. */
struct inode *nd_dots_target(struct nameidata *nd);

void nd_release(struct nameidata *nd);

/*
 * Look name up in dir, whose lock the caller holds: -ENOENT in a dead
 * directory, -ENAMETOOLONG past NAME_MAX_LEN, else the file system's
 * answer (0 and a referenced *out, or -ENOENT).
 */
int __must_check lookup_locked(struct inode *dir, const char *name, size_t len, struct inode **out);

/* Does dir lie below (or is it) anc? Walks parent pointers; caller holds
 * vfs_rename_lock so they cannot change. */
bool vfs_is_ancestor(const struct inode *anc, const struct inode *dir);

/*
 * Write the absolute path of directory dir into buf (size bytes),
 * returning its length without the NUL: -ENOENT if dir was removed,
 * -ENAMETOOLONG if it does not fit. Takes vfs_rename_lock, then one
 * directory lock at a time. Context: may sleep.
 */
ssize_t __must_check vfs_dir_path(struct inode *dir, char *buf, size_t size);

/* The current task's umask. */
mode_t current_umask(void);

/* The directory dfd names (AT_FDCWD: the cwd), referenced, or -EBADF /
 * -ENOTDIR. */
int __must_check dirfd_inode(int dfd, struct inode **out);

/*
 * The directory a path starts from, referenced: the root for an absolute
 * path (dfd unused), the cwd for AT_FDCWD, else dfd's directory: -EBADF,
 * -ENOTDIR. An empty path is -ENOENT, as Linux.
 */
int __must_check path_start(int dfd, const char *path, struct inode **out);

/* Copy a user path into a new kmalloc'd string (possibly empty):
 * -EFAULT, -ENAMETOOLONG (no NUL within PATH_MAX), -ENOMEM. */
int __must_check getname(const char __user *upath, char **out);

void putname(char *name);

/* The inode an empty path names with AT_EMPTY_PATH: dfd's file (any
 * kind, O_PATH included) or the cwd; referenced, or -EBADF. */
int __must_check empty_path_inode(int dfd, struct inode **out);

/*
 * Resolve a user path for an *at() call: AT_SYMLINK_NOFOLLOW (or, with
 * follow_flag, AT_SYMLINK_FOLLOW: follow only when asked) and
 * AT_EMPTY_PATH (an empty path names dfd's file itself). at_flags must
 * already be checked. Returns 0 and a referenced inode, or getname's and
 * lookup's errors. Context: may sleep.
 */
int __must_check user_path_at(int dfd, const char __user *upath, int at_flags, bool follow_flag,
			      struct inode **out);
