/*
 * What the system tells about itself: uname, sysinfo, and Tern's own
 * tern_kstat counters (docs/abi.md).
 */
#include <asm-generic/errno.h>
#include <linux/sysinfo.h>
#include <linux/utsname.h>
#include <tern_abi.h>

#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "time/time.h"
#include "sys/sys.h"

long
sys_uname(struct new_utsname __user *name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	strlcpy(u.nodename, "tern", sizeof(u.nodename));
	/* A Linux release number, so libc feature checks pass. */
	strlcpy(u.release, "6.1.0-tern", sizeof(u.release));
	strlcpy(u.version, "#1 SMP Tern", sizeof(u.version));
	strlcpy(u.machine, "riscv64", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(name, &u, sizeof(u));
}

long
sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(time_monotonic_ns() / 1000000000);
	si.totalram = buddy_total_pages() * PAGE_SIZE;
	si.freeram = buddy_free_pages() * PAGE_SIZE;
	si.procs = (unsigned short)task_count();
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si));
}

static void
count_objects(const struct kmem_cache_stats *st, void *arg)
{
	*(uint64_t *)arg += st->inuse;
}

long
sys_tern_kstat(struct tern_kstat __user *ubuf, size_t size)
{
	struct tern_kstat k;

	memset(&k, 0, sizeof(k));
	kmem_cache_shrink_all();
	k.total_pages = buddy_total_pages();
	k.free_pages = buddy_free_pages();
	k.kstack_cached_pages = kstack_cached_pages();
	kmem_cache_for_each(count_objects, &k.slab_objects);
	k.tasks = task_count();
	if (copy_to_user(ubuf, &k, MIN(size, sizeof(k))))
		return -EFAULT;
	return sizeof(k);
}
