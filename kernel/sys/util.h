/*
 * Helpers the system calls share: descriptors, the descriptor limit,
 * user path strings, and resolving (dirfd, path) pairs as Linux's *at()
 * calls do.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct file;
struct inode;

/* The current task's file at fd, referenced, or NULL: fdget() leaves out
 * O_PATH files (the calls that cannot use them see -EBADF), fdget_raw()
 * does not. */
struct file *fdget(int fd);
struct file *fdget_raw(int fd);
/* The descriptor limit: RLIMIT_NOFILE's soft value, capped. */
unsigned fd_limit(void);
/* The current task's umask. */
mode_t current_umask(void);

/* Copy a user path into a new kmalloc'd string (possibly empty):
 * -EFAULT, -ENAMETOOLONG (no NUL within PATH_MAX), -ENOMEM. */
int __must_check getname(const char __user *upath, char **out);
void putname(char *name);

/*
 * The directory a path starts from, referenced: the root for an absolute
 * path (dfd unused), the cwd for AT_FDCWD, else dfd's directory: -EBADF,
 * -ENOTDIR. An empty path is -ENOENT, as Linux.
 */
int __must_check path_start(int dfd, const char *path, struct inode **out);

/* The directory dfd names (AT_FDCWD: the cwd), referenced, or -EBADF /
 * -ENOTDIR. */
int __must_check dirfd_inode(int dfd, struct inode **out);

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
