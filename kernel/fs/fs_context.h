/*
 * A task's file-system context: its working directory and umask
 * (shared by CLONE_FS).
 *
 * Locks: [a] atomic ops  [c] fs_context->fs_lock
 */
#pragma once

#include <types.h>

#include "locking/spinlock.h"

struct inode;

struct fs_context {
	uint32_t refcount;	 /* [a] */
	struct spinlock fs_lock; /* cwd, umask */
	struct inode *cwd;	 /* [c] referenced */
	mode_t umask;		 /* [c] */
};

struct fs_context *fs_context_create(struct inode *cwd);
struct fs_context *fs_context_dup(struct fs_context *src);
void fs_context_put(struct fs_context *fs);
/* The working directory, referenced (inode_put it). */
struct inode *fs_context_cwd(struct fs_context *fs);
/* Make dir (referenced by the caller, who keeps its reference) the
 * working directory. */
void fs_context_set_cwd(struct fs_context *fs, struct inode *dir);
/* The umask. */
mode_t fs_context_umask(struct fs_context *fs);
