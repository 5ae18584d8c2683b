/*
 * futex(2): the argument decoding lives with the futexes (proc/futex.c).
 */
#include "proc/futex.h"
#include "sys/sys.h"

long
sys_futex(uint32_t __user *uaddr, int op, uint32_t val,
	  const struct __kernel_timespec __user *timeout, uint32_t __user *uaddr2, uint32_t val3)
{
	return futex_op(uaddr, op, val, timeout, uaddr2, val3);
}
