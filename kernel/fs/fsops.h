/*
 * Path-based file-system operations shared by the system calls and the
 * initramfs unpacker. Paths are kernel strings; dir is the directory a
 * relative path starts from (referenced by the caller).
 * All return 0 (or a referenced result) or a negative errno, and may sleep.
 */
#pragma once

#include <types.h>

struct inode;
struct file;

/* open(2) semantics: O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY, O_NOFOLLOW. */
int vfs_open(struct inode *dir, const char *path, int flags, mode_t mode, struct file **out);
/* Create a node (regular file, directory, device, FIFO). */
int vfs_mknod(struct inode *dir, const char *path, mode_t mode, uint32_t rdev);
int vfs_symlink(struct inode *dir, const char *path, const char *target);
