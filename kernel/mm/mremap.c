/*
 * mremap: grow or shrink a mapping in place, or move it (with
 * MREMAP_MAYMOVE) by moving its page-table entries, so the pages keep
 * their contents and sharing without a copy.
 */
#include <asm-generic/errno.h>
#include <linux/mman.h>

#include "fs/file.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "mm/vm_internal.h"

struct move_ctx {
	struct mm *mm;
	vaddr_t from;
	vaddr_t to;
	int err;
};

static int
move_pte(pte_t *pte, vaddr_t va, void *arg)
{
	struct move_ctx *m = arg;
	pte_t *dst = arch_pte_walk(&m->mm->arch, va - m->from + m->to, true);

	if (!dst)
		return -ENOMEM;
	pte_set(dst, *pte);
	pte_set(pte, 0);
	return 0;
}

/* Move v (exactly [old, old+len)) to new; the page references move too. */
static long
move_vma(struct mm *mm, struct vma *v, vaddr_t to, size_t new_len)
{
	struct move_ctx m = { mm, v->start, to, 0 };
	struct vma *n = vma_alloc();
	int err;

	if (!n)
		return -ENOMEM;
	*n = *v;
	n->start = to;
	n->end = to + new_len;
	err = arch_pte_range(&mm->arch, v->start, v->end, move_pte, &m);
	if (err) {
		/* Put back what moved already. */
		struct move_ctx back = { mm, to, v->start, 0 };

		arch_pte_range(&mm->arch, to, to + (v->end - v->start), move_pte, &back);
		n->file = NULL;
		n->shm = NULL;
		vma_destroy(n);
		return err;
	}
	tlb_flush_mm(mm);
	list_del(&v->link);
	/* Its references on the file or the shared memory moved to n. */
	v->file = NULL;
	v->shm = NULL;
	vma_destroy(v);
	vma_insert(mm, n);
	return (long)to;
}

static long
remap_locked(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len, unsigned flags,
	     vaddr_t new_addr)
{
	struct vma *v = vma_find(mm, old);
	long err;

	if (!v || old + old_len > v->end)
		return -EFAULT;
	if (new_len <= old_len && !(flags & MREMAP_FIXED)) {
		err = vm_unmap_locked(mm, old + new_len, old_len - new_len);
		return err ? err : (long)old;
	}
	if (!(flags & MREMAP_FIXED) && old + old_len == v->end &&
	    vm_range_free(mm, v->end, old + new_len) && old + new_len <= USER_SPACE_TOP) {
		v->end = old + new_len;
		return (long)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (flags & MREMAP_FIXED) {
		if (new_addr < old + old_len && old < new_addr + new_len)
			return -EINVAL;
		err = vm_unmap_locked(mm, new_addr, new_len);
		if (err)
			return err;
	} else if (!(new_addr = vm_find_gap(mm, new_len))) {
		return -ENOMEM;
	}
	/* Make [old, old+old_len) a VMA of its own, then move it. */
	err = vm_split_range(mm, old, old + old_len);
	if (err)
		return err;
	if (new_len < old_len && (err = vm_unmap_locked(mm, old + new_len, old_len - new_len)))
		return err;
	return move_vma(mm, vma_find(mm, old), new_addr, new_len);
}

long
vm_remap(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len, unsigned flags,
	 vaddr_t new_addr)
{
	long ret;

	mutex_lock(&mm->lock);
	ret = remap_locked(mm, old, old_len, new_len, flags, new_addr);
	mutex_unlock(&mm->lock);
	return ret;
}
