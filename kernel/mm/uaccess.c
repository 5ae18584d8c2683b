/*
 * The range checks in front of the arch copy routines (arch/riscv/uaccess.S).
 */
#include <asm-generic/errno.h>

#include "arch/riscv/memlayout.h"
#include "mm/uaccess.h"

_Static_assert(USER_SPACE_TOP == USER_TOP, "uaccess and the memory layout agree");

unsigned long arch_copy_user(void *dst, const void *src, size_t n);
long arch_strncpy_user(char *dst, const void *src, size_t n);
unsigned long arch_clear_user(void *dst, size_t n);

int
copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return arch_copy_user(dst, (__force const void *)src, n) ? -EFAULT : 0;
}

int
copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return arch_copy_user((__force void *)dst, src, n) ? -EFAULT : 0;
}

int
clear_user(void __user *dst, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return arch_clear_user((__force void *)dst, n) ? -EFAULT : 0;
}

ssize_t
strncpy_from_user(char *dst, const char __user *src, size_t size)
{
	uintptr_t a = (__force uintptr_t)src;
	size_t n;
	long ret;

	if (a >= USER_SPACE_TOP)
		return -EFAULT;
	/* Read no further than the end of user space. */
	n = MIN(size, USER_SPACE_TOP - a);
	ret = arch_strncpy_user(dst, (__force const void *)src, n);
	if (ret < 0)
		return ret;
	if ((size_t)ret == n)
		return n == size ? -ENAMETOOLONG : -EFAULT;
	return ret;
}
