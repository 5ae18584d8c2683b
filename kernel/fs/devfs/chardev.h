/*
 * Character devices by number: the operations behind /dev nodes.
 */
#pragma once

#include <types.h>

struct file_ops;
struct inode;

#define MKDEV(major, minor) ((uint32_t)(major) << 8 | (minor))
#define DEV_MAJOR(dev)	    ((dev) >> 8)
#define DEV_MINOR(dev)	    ((dev)&0xff)

/* The operations for a device number, or NULL (open gives -ENXIO). */
const struct file_ops *chardev_ops(uint32_t rdev);

/* Add a device (at boot, before devfs_populate()): 0, -EEXIST (the number
 * is taken) or -ENOSPC. name and ops must live for ever. */
int chardev_register(const char *name, uint32_t rdev, const struct file_ops *ops);

/* Create the standard nodes (/dev/console, null, zero, ...) under dev. */
int devfs_populate(struct inode *dev);
