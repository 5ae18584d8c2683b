/*
 * A ramfs root for the fs/ host tests: fake RAM under the real page and
 * slab allocators, a fresh ramfs (kernel/fs/ramfs/ramfs.c) as vfs_root,
 * and helpers that make and find files through the VFS, failing the test
 * on any unexpected error.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fs/vfs.h"

struct file;

/* Criterion .init: fresh RAM and a fresh empty root. */
void fs_setup(void);

void fs_mkdir(const char *path);
void fs_touch(const char *path);
void fs_symlink(const char *target, const char *path);

/* vfs_lookup() from the root: the inode (referenced; inode_put it) or,
 * fs_lookup_err(), the error (0 after dropping the inode found). */
struct inode *fs_lookup(const char *path, unsigned flags);
int fs_lookup_err(const char *path, unsigned flags);
/* fs_lookup() from dir (a relative path's start). */
struct inode *fs_lookup_at(struct inode *dir, const char *path, unsigned flags);

/* Open path from the root (vfs_open), asserting success. */
struct file *fs_open(const char *path, int flags);
/* Read/write through file_read/file_write at the file's offset, with a
 * kernel uio: the count, or a negative errno. */
ssize_t fs_write(struct file *f, const void *buf, size_t len);
ssize_t fs_read(struct file *f, void *buf, size_t len);
/* Write len bytes at off into path's file (opened O_RDWR and closed). */
void fs_write_at(const char *path, uint64_t off, const void *buf, size_t len);

/* nlink and size of path's inode, not following a final symlink. */
uint32_t fs_nlink(const char *path);
uint64_t fs_size(const char *path);

/* What allocators have handed out: free pages and live slab objects,
 * to compare before and after an operation (leak checks). */
struct fs_usage {
	size_t free_pages;
	size_t objects;
};
struct fs_usage fs_usage(void);
/* Assert that nothing allocated since before is still held. */
void fs_assert_usage(struct fs_usage before);
