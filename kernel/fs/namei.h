/*
 * Path lookup: from a starting directory (the cwd or a dirfd) through
 * ".", "..", symlinks (at most 40 per lookup, then -ELOOP) and the root.
 */
#pragma once

#include <types.h>

struct inode;

#define LOOKUP_FOLLOW	 0x1u /* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 0x2u /* the result must be a directory */

#define NAME_MAX_LEN 255
#define PATH_MAX_LEN 4096
#define SYMLINK_MAX  40

/*
 * Resolve path from dir (referenced by the caller, not consumed).
 * Returns 0 and a referenced *out, or -ENOENT, -ENOTDIR, -ELOOP,
 * -ENAMETOOLONG. Context: may sleep (takes directory locks).
 */
int vfs_lookup(struct inode *dir, const char *path, unsigned flags, struct inode **out);

/*
 * Resolve all but the last component: *parent (referenced) and the last
 * name (*name, *len point into path). A path ending in "/" names its last
 * directory with *trailing_slash set. "/" alone, "." or ".." as the last
 * component give -EEXIST-style cases to the caller: *len is 0 for "/".
 */
int vfs_lookup_parent(struct inode *dir, const char *path, struct inode **parent, const char **name,
		      size_t *len, bool *trailing_slash);
