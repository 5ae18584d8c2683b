/*
 * Copying an address space for fork: VMAs are duplicated, and every
 * present page is shared. Pages of private writable mappings become
 * read-only in both parent and child and are copied on the first write
 * (mm/fault.c); shared mappings keep their permissions.
 */
#include <asm-generic/errno.h>
#include <asm-generic/mman-common.h>

#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/shmem.h"
#include "mm/slab.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "mm/vm_internal.h"

struct cow_ctx {
	struct mm *child;
	const struct vma *vma;
};

static int
share_pte(pte_t *pte, vaddr_t va, void *arg)
{
	struct cow_ctx *c = arg;
	unsigned perm = pte_perm(*pte);
	pte_t *dst = arch_pte_walk(&c->child->arch, va, true);

	if (!dst)
		return -ENOMEM;
	if (!(c->vma->flags & VMA_SHARED) && (perm & MAP_PERM_W)) {
		perm &= ~MAP_PERM_W;
		pte_set(pte, pte_make(pte_pa(*pte), perm));
	}
	page_get(pa_to_page(pte_pa(*pte)));
	pte_set(dst, pte_make(pte_pa(*pte), perm));
	return 0;
}

static struct vma *
copy_vma(const struct vma *v)
{
	struct vma *n = vma_alloc();

	if (!n)
		return NULL;
	*n = *v;
	if (n->file)
		vm_file->get(n->file);
	if (n->shm)
		shmem_get(n->shm);
	return n;
}

struct mm *
mm_dup(struct mm *src)
{
	struct mm *mm = mm_create();
	struct vma *v;
	int err = mm ? 0 : -ENOMEM;

	if (!mm)
		return NULL;
	mutex_lock(&src->mmap_lock);
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->mmap_base = src->mmap_base;
	mm->stack_top = src->stack_top;
	mm->stack_limit = src->stack_limit;
	mm->sigreturn_va = src->sigreturn_va;
	if (src->exe_file && !vm_file->deny_write(src->exe_file)) {
		vm_file->get(src->exe_file);
		mm->exe_file = src->exe_file;
	}
	list_for_each_entry(v, &src->vmas, vma_link) {
		struct vma *n = copy_vma(v);
		struct cow_ctx c = { mm, n };

		if (!n) {
			err = -ENOMEM;
			break;
		}
		list_add_tail(&n->vma_link, &mm->vmas);
		err = arch_pte_range(&src->arch, v->start, v->end, share_pte, &c);
		if (err)
			break;
	}
	/* The parent's writable PTEs just became read-only. */
	tlb_flush_mm(src);
	mutex_unlock(&src->mmap_lock);
	if (err) {
		mm_put(mm);
		return NULL;
	}
	return mm;
}
