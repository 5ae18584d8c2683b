/*
 * The range checks in front of the arch copy routines (arch/riscv/uaccess.S).
 */
#include <asm-generic/errno.h>

#include <arch/memlayout.h>
#include "mm/fault.h"
#include "mm/uaccess.h"
#include "sched/cpu.h"
#include "sched/sched.h"

_Static_assert(USER_SPACE_TOP == USER_TOP, "uaccess and the memory layout agree");

unsigned long arch_copy_user(void *dst, const void *src, size_t n);
long arch_strncpy_user(char *dst, const void *src, size_t n);
unsigned long arch_clear_user(void *dst, size_t n);

/*
 * As Linux's might_fault(): a uaccess may fault, and the fault path
 * sleeps (vm_fault takes mm->mmap_lock), unless page faults are disabled
 * (get_user_u32_nofault: a spinlock is held and a fault goes straight to
 * the fixup).
 */
static inline void
might_fault(void)
{
	if (!this_cpu()->pagefault_disabled)
		might_sleep();
}

int
copy_from_user(void *dst, const void __user *src, size_t n)
{
	might_fault();
	if (!user_range_ok(src, n))
		return -EFAULT;
	return arch_copy_user(dst, (__force const void *)src, n) ? -EFAULT : 0;
}

int
copy_to_user(void __user *dst, const void *src, size_t n)
{
	might_fault();
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return arch_copy_user((__force void *)dst, src, n) ? -EFAULT : 0;
}

int
clear_user(void __user *dst, size_t n)
{
	might_fault();
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

	might_fault();
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

int arch_futex_cmpxchg(void *uaddr, uint32_t old, uint32_t new, uint32_t *cur);
int arch_futex_op(int op, void *uaddr, uint32_t oparg, uint32_t *old);

int
get_user_u32_nofault(uint32_t *val, const uint32_t __user *p)
{
	struct cpu *c = this_cpu();
	int err;

	c->pagefault_disabled++;
	err = copy_from_user(val, p, sizeof(*val));
	c->pagefault_disabled--;
	return err;
}

int
fault_in_user(const void __user *p, bool write)
{
	uintptr_t a = (__force uintptr_t)p;

	might_sleep();
	if (!user_range_ok(p, 1))
		return -EFAULT;
	return vm_fault(a, write ? FAULT_WRITE : FAULT_READ) ? -EFAULT : 0;
}

int
futex_cmpxchg_user(uint32_t __user *p, uint32_t old, uint32_t new, uint32_t *cur)
{
	might_fault();
	if (!user_range_ok(p, sizeof(*p)) || ((__force uintptr_t)p & 3))
		return -EFAULT;
	return arch_futex_cmpxchg((__force void *)p, old, new, cur);
}

int
futex_op_user(int op, uint32_t __user *p, uint32_t arg, uint32_t *old)
{
	might_fault();
	if (!user_range_ok(p, sizeof(*p)) || ((__force uintptr_t)p & 3))
		return -EFAULT;
	return arch_futex_op(op, (__force void *)p, arg, old);
}
