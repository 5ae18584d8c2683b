/*
 * Memory-management system calls: brk, mmap, munmap, mprotect, madvise.
 */
#include <asm-generic/errno.h>
#include <asm-generic/mman.h>
#include <linux/mman.h>
#include <linux/stat.h>

#include "fs/file.h"
#include "mm/page.h"
#include "mm/shmem.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "sched/task.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

long
sys_brk(unsigned long brk)
{
	return (long)vm_brk(current_task()->mm, brk);
}

static bool
bad_range(unsigned long addr, size_t len)
{
	return !IS_ALIGNED(addr, PAGE_SIZE) || len == 0 || addr >= USER_SPACE_TOP ||
	       len > USER_SPACE_TOP - addr;
}

static long
check_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	   unsigned long off)
{
	unsigned long type = flags & MAP_TYPE;

	if (!len || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN |
				    PROT_GROWSUP))
		return -EINVAL;
	if (ALIGN_UP(len, PAGE_SIZE) < len || ALIGN_UP(len, PAGE_SIZE) > USER_SPACE_TOP)
		return -ENOMEM;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    (!IS_ALIGNED(addr, PAGE_SIZE) || bad_range(addr, ALIGN_UP(len, PAGE_SIZE))))
		return IS_ALIGNED(addr, PAGE_SIZE) ? -ENOMEM : -EINVAL;
	return 0;
}

/* The file for a file mapping, checked against the requested access. */
static long
mmap_file(unsigned long fd, unsigned long prot, unsigned long flags, struct file **out)
{
	struct file *f = fdget((int)fd);

	if (!f)
		return -EBADF;
	if (!S_ISREG(f->inode->mode) || !f->inode->iops || !f->inode->iops->get_page) {
		file_put(f);
		return -ENODEV;
	}
	if (!(f->mode & FMODE_READ) || ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
					!(f->mode & FMODE_WRITE))) {
		file_put(f);
		return -EACCES;
	}
	*out = f;
	return 0;
}

long
sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	 unsigned long fd, unsigned long off)
{
	struct mm *mm = current_task()->mm;
	struct file *f = NULL;
	struct shmem *shm = NULL;
	unsigned vflags = 0;
	long ret = check_mmap(addr, len, prot, flags, off);

	if (ret)
		return ret;
	if (!(flags & MAP_ANONYMOUS) && (ret = mmap_file(fd, prot, flags, &f)))
		return ret;
	if ((flags & MAP_TYPE) != MAP_PRIVATE) {
		vflags |= VMA_SHARED;
		if (!f || (f->mode & FMODE_WRITE))
			vflags |= VMA_MAYWRITE;
	}
	if (flags & MAP_GROWSDOWN)
		vflags |= VMA_GROWSDOWN;
	len = ALIGN_UP(len, PAGE_SIZE);
	/* Shared anonymous memory needs an object the mappings share. */
	if (!f && (vflags & VMA_SHARED) && !(shm = shmem_create(len / PAGE_SIZE)))
		return -ENOMEM;
	mutex_lock(&mm->mmap_lock);
	ret = vm_map_locked(mm, ALIGN_DOWN(addr, PAGE_SIZE), len,
			    prot & (PROT_READ | PROT_WRITE | PROT_EXEC), vflags,
			    flags & (MAP_FIXED | MAP_FIXED_NOREPLACE), flags & MAP_FIXED_NOREPLACE,
			    f, off, f ? UINT64_MAX : 0);
	if (ret >= 0 && shm) {
		vma_find(mm, (vaddr_t)ret)->shm = shm;
		shm = NULL;
	}
	mutex_unlock(&mm->mmap_lock);
	if (shm)
		shmem_put(shm);
	if (ret < 0 && f)
		file_put(f);
	return ret;
}

long
sys_munmap(unsigned long addr, size_t len)
{
	struct mm *mm = current_task()->mm;
	long ret;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || !len)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (bad_range(addr, len))
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	ret = vm_unmap_locked(mm, addr, len);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

long
sys_mprotect(unsigned long addr, size_t len, unsigned long prot)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	if (!len)
		return 0;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || bad_range(addr, len))
		return -ENOMEM;
	return vm_protect(current_task()->mm, addr, len, (unsigned)prot);
}

long
sys_madvise(unsigned long addr, size_t len, int advice)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len)
		return 0;
	if (bad_range(addr, len))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
		return vm_discard(current_task()->mm, addr, len);
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
		return 0; /* hints Tern may ignore, as Linux may */
	default:
		return -EINVAL;
	}
}

long
sys_mremap(unsigned long old, unsigned long old_len, unsigned long new_len, unsigned long flags,
	   unsigned long new_addr)
{
	if (flags & ~(unsigned long)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	/* Keeping the old range mapped (MREMAP_DONTUNMAP) is not supported. */
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;
	if (!IS_ALIGNED(old, PAGE_SIZE) ||
	    ((flags & MREMAP_FIXED) && !IS_ALIGNED(new_addr, PAGE_SIZE)))
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	/* old_len 0 duplicates a shared mapping in Linux; Tern has none to
	 * offer, so it refuses as Linux does for private ones. */
	if (!new_len || !old_len)
		return -EINVAL;
	if (bad_range(old, old_len) || ((flags & MREMAP_FIXED) && bad_range(new_addr, new_len)))
		return -EINVAL;
	if (new_len > USER_SPACE_TOP)
		return -ENOMEM;
	return vm_remap(current_task()->mm, old, old_len, new_len, (unsigned)flags, new_addr);
}
