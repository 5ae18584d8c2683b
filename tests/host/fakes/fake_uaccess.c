/*
 * Host fake of the uaccess helpers (mm/uaccess.h): a host test's "user
 * memory" is its own, so a __user pointer is a host pointer and the
 * copies are memcpy. NULL (the first page) faults, so the -EFAULT paths
 * of the code under test can be reached.
 */
#include <errno.h>
#include <string.h>

#include "mm/uaccess.h"

static bool
faults(const void __user *p)
{
	return (__force uintptr_t)p < 4096;
}

int
copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (n && faults(src))
		return -EFAULT;
	memcpy(dst, (__force const void *)src, n);
	return 0;
}

int
copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (n && faults(dst))
		return -EFAULT;
	memcpy((__force void *)dst, src, n);
	return 0;
}

int
clear_user(void __user *dst, size_t n)
{
	if (n && faults(dst))
		return -EFAULT;
	memset((__force void *)dst, 0, n);
	return 0;
}

ssize_t
strncpy_from_user(char *dst, const char __user *src, size_t size)
{
	const char *s = (__force const char *)src;
	size_t n;

	if (faults(src))
		return -EFAULT;
	n = strnlen(s, size);
	if (n == size)
		return -ENAMETOOLONG;
	memcpy(dst, s, n + 1);
	return (ssize_t)n;
}
