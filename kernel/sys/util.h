/*
 * Helpers the system calls share: descriptors, directory fds and user
 * path strings.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct file;
struct inode;

/* The current task's file at fd, referenced, or NULL. */
struct file *fdget(int fd);
/* The directory dfd names (AT_FDCWD: the cwd), referenced, or -EBADF /
 * -ENOTDIR. */
int dirfd_inode(int dfd, struct inode **out);
/* Copy a user path into a new kmalloc'd string: -EFAULT, -ENAMETOOLONG. */
int getname(const char __user *upath, char **out);
void putname(char *name);
