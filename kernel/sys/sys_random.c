/*
 * getrandom(2) over the kernel's random pool (random/random.h).
 */
#include <asm-generic/errno.h>
#include <linux/random.h>

#include "lib/string.h"
#include "mm/uaccess.h"
#include "random/random.h"
#include "sys/sys.h"

long
sys_getrandom(char __user *buf, size_t count, unsigned int flags)
{
	char chunk[256];
	size_t done = 0;

	if (flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	count = MIN(count, (size_t)0x1ffffff); /* as Linux: at most 32 MiB - 1 */
	while (done < count) {
		size_t n = MIN(count - done, sizeof(chunk));

		random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
