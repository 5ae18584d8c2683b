/*
 * ramfs: the in-memory file system that holds the initramfs as "/".
 */
#pragma once

#include <types.h>

struct inode;

/* A new empty ramfs; returns its root directory (referenced) or NULL. */
struct inode *ramfs_create_root(void);
