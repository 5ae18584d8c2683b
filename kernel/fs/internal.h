/*
 * Declarations shared by the files of fs/ (not for other directories).
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct inode;
struct nameidata;

/*
 * Give a new inode its owner as Linux's inode_init_owner() does for root:
 * uid 0; the directory's group and, for a directory, its set-group-ID bit
 * when the directory has S_ISGID, else gid 0. dir locked; ino not yet
 * visible to anyone else.
 */
void inherit_owner(struct inode *dir, struct inode *ino);

/*
 * Start creating path's last component (Linux's filename_create()): walk
 * to the parent, lock it, and check the name is free. Returns 0 with nd
 * filled and nd->dir locked (end with create_end()), or -EEXIST (the name
 * exists, or is ".", ".." or "/"), -ENOENT (removed directory, or a
 * trailing slash when want_dir is false), lookup errors.
 */
int __must_check create_start(struct inode *dir, const char *path, bool want_dir,
			      struct nameidata *nd);
void create_end(struct nameidata *nd);
