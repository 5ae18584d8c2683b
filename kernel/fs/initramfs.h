/*
 * Unpacking the initramfs (a cpio newc archive) into the root.
 */
#pragma once

#include <types.h>

/* Unpack the archive into vfs_root. 0, or -EINVAL for a malformed
 * archive (what was unpacked before the error stays). May sleep. */
int initramfs_unpack(const void *archive, size_t len);
