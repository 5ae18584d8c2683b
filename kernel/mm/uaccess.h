/*
 * Reaching user memory. These are the only way kernel code touches a
 * __user pointer: each checks that the range lies in user space with
 * overflow-safe arithmetic, then copies through the arch routines that
 * open the user-access window and recover from faults.
 *
 * Context: process context; may sleep (a fault may allocate a page).
 * Never call with a spinlock held.
 */
#pragma once

#include <compiler.h>
#include <types.h>

/* Bytes of user address space: user pointers lie below this. */
#define USER_SPACE_TOP 0x0000004000000000ul

static inline bool
user_range_ok(const void __user *p, size_t n)
{
	uintptr_t a = (__force uintptr_t)p;

	return n <= USER_SPACE_TOP && a <= USER_SPACE_TOP - n;
}

/* 0, or -EFAULT if any byte could not be copied. */
int __must_check copy_from_user(void *dst, const void __user *src, size_t n);
int __must_check copy_to_user(void __user *dst, const void *src, size_t n);
int __must_check clear_user(void __user *dst, size_t n);

/*
 * Copy a NUL-terminated string of at most size bytes (NUL included).
 * Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL fits.
 */
ssize_t __must_check strncpy_from_user(char *dst, const char __user *src, size_t size);

/*
 * Read or update a user word while holding a spinlock: a fault is not
 * served (it would sleep) but reported as -EFAULT, and the caller drops
 * its lock, faults the page in (fault_in_user) and retries.
 */
int __must_check get_user_u32_nofault(uint32_t *val, const uint32_t __user *p);
/* Fault a user page in for reading or writing: 0 or -EFAULT. May sleep. */
int __must_check fault_in_user(const void __user *p, bool write);
/* Atomic user-word operations for futexes (aligned words only). */
int __must_check futex_cmpxchg_user(uint32_t __user *p, uint32_t old, uint32_t new, uint32_t *cur);
int __must_check futex_op_user(int op, uint32_t __user *p, uint32_t arg, uint32_t *old);

#define get_user(x, ptr) copy_from_user(&(x), (ptr), sizeof(*(ptr)))
#define put_user(x, ptr)                                        \
	({                                                      \
		__typeof__(*(ptr)) __pu_val = (x);              \
		copy_to_user((ptr), &__pu_val, sizeof(*(ptr))); \
	})
