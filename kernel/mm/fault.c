/*
 * The page-fault handler: demand paging of anonymous and file-backed
 * memory, copy on write, and growing the stack.
 *
 * A page mapped from a file privately starts out shared with the file
 * (read-only PTE, the file's page referenced); the first write copies it.
 * Anonymous pages shared after fork are handled the same way through
 * the page reference count: a write fault on a page referenced once just
 * makes the PTE writable.
 */
#include <asm-generic/errno.h>
#include <asm-generic/mman-common.h>

#include <atomic.h>
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/fault.h"
#include "mm/page.h"
#include "mm/shmem.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "mm/vm_internal.h"
#include "sched/task.h"

/* As Linux's stack_guard_gap: a stack may not grow within 256 pages
 * of the mapping below it. */
#define STACK_GUARD_GAP (256ul * PAGE_SIZE)

static unsigned
vma_perm(const struct vma *v, bool writable)
{
	unsigned perm = MAP_PERM_U;

	/* Write implies read (see access_allowed()). */
	if (v->prot & (PROT_READ | PROT_WRITE))
		perm |= MAP_PERM_R;
	if (v->prot & PROT_EXEC)
		perm |= MAP_PERM_X;
	if ((v->prot & PROT_WRITE) && writable)
		perm |= MAP_PERM_W;
	return perm;
}

static bool
access_allowed(const struct vma *v, unsigned access)
{
	if (access & FAULT_WRITE)
		return v->prot & PROT_WRITE;
	if (access & FAULT_EXEC)
		return v->prot & PROT_EXEC;
	/* As Linux on RISC-V (access_error(): "write implies read"): a
	 * PROT_WRITE page is readable, a PROT_EXEC one is not. */
	return v->prot & (PROT_READ | PROT_WRITE);
}

/* Find the VMA for addr, extending a stack VMA down to it if allowed. */
static struct vma *
fault_vma(struct mm *mm, vaddr_t addr)
{
	struct vma *v, *prev = NULL;

	list_for_each_entry(v, &mm->vmas, vma_link) {
		if (addr < v->start)
			break;
		if (addr < v->end)
			return v;
		prev = v;
	}
	if (&v->vma_link == &mm->vmas || !(v->flags & VMA_GROWSDOWN))
		return NULL;
	addr = ALIGN_DOWN(addr, PAGE_SIZE);
	if (v->end - addr > mm->stack_limit)
		return NULL;
	if (prev && addr < prev->end + STACK_GUARD_GAP)
		return NULL;
	v->start = addr;
	return v;
}

/* The page a file-backed VMA shows at va, referenced, or NULL for zeros.
 * Sets *partial when the page must be copied (file data ends inside it). */
static struct page *
file_page(const struct vma *v, vaddr_t va, bool *partial)
{
	uint64_t rel = va - v->start;

	*partial = false;
	if (v->shm)
		return shmem_page(v->shm, (v->file_off + rel) >> PAGE_SHIFT);
	if (!v->file || rel >= v->file_bytes)
		return NULL;
	*partial = v->file_bytes - rel < PAGE_SIZE;
	return vm_file->get_page(v->file, (v->file_off + rel) >> PAGE_SHIFT);
}

static struct page *
new_page_from(struct page *src, size_t valid)
{
	struct page *p = page_alloc(0, src ? 0 : GFP_ZERO);

	if (p && src) {
		memcpy(page_to_kva(p), page_to_kva(src), valid);
		memset((char *)page_to_kva(p) + valid, 0, PAGE_SIZE - valid);
	}
	return p;
}

/* Map a page where none is: share the file page if we can, else copy. */
static int
fault_missing(struct mm *mm, struct vma *v, pte_t *pte, vaddr_t va, unsigned access)
{
	bool partial;
	struct page *src = file_page(v, va, &partial);
	struct page *p;
	bool share = src && !partial && ((v->flags & VMA_SHARED) || !(access & FAULT_WRITE));

	if (v->shm && !src)
		return -ENOMEM;
	/* As Linux: an mmap'd page wholly past the end of its file is SIGBUS
	 * (exec's segments say exactly how many file bytes they map). */
	if (v->file && v->file_bytes == UINT64_MAX &&
	    v->file_off + (va - v->start) >= ALIGN_UP(vm_file->size(v->file), PAGE_SIZE)) {
		if (src)
			page_put(src);
		return -EIO;
	}
	if (share) {
		pte_set(pte, pte_make(page_to_pa(src), vma_perm(v, (v->flags & VMA_SHARED) != 0)));
		return 0;
	}
	p = new_page_from(src, partial ? v->file_bytes - (va - v->start) : PAGE_SIZE);
	if (src)
		page_put(src);
	if (!p)
		return -ENOMEM;
	pte_set(pte, pte_make(page_to_pa(p), vma_perm(v, true)));
	(void)mm;
	return 0;
}

/* A write to a read-only PTE of a writable shared mapping (made
 * read-only by an mprotect that has since been undone): the page itself
 * takes the write. */
static int
make_writable(const struct vma *v, pte_t *pte, vaddr_t va)
{
	pte_set(pte, pte_make(pte_pa(*pte), vma_perm(v, true)));
	arch_flush_tlb_page(va);
	return 0;
}

/*
 * A write to a present read-only page of a writable private mapping.
 * A page this mapping alone references just becomes writable (harts
 * with the read-only entry fault and find it so). Otherwise the PTE
 * moves to a copy, and the old page may be put only after every hart
 * running mm has forgotten it: a sibling thread could otherwise go on
 * reading it, and see what its other owner (a fork child) writes there
 * once it owns it alone, or what its next owner writes once it is freed.
 */
static int
fault_cow(struct mm *mm, struct vma *v, pte_t *pte, vaddr_t va)
{
	struct page *old = pa_to_page(pte_pa(*pte));
	struct page *p;

	if (atomic_load_acquire(&old->refcount) == 1 && !v->file) {
		pte_set(pte, pte_make(pte_pa(*pte), vma_perm(v, true)));
		arch_flush_tlb_page(va);
		return 0;
	}
	p = new_page_from(old, PAGE_SIZE);
	if (!p)
		return -ENOMEM;
	pte_set(pte, pte_make(page_to_pa(p), vma_perm(v, true)));
	tlb_flush_page(mm, va);
	page_put(old);
	return 0;
}

int
vm_fault(vaddr_t addr, unsigned access)
{
	struct task *t = current_task();
	struct mm *mm = t->mm;
	vaddr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
	struct vma *v;
	pte_t *pte;
	int ret;

	might_sleep();
	if (!mm)
		return -EFAULT;
	mutex_lock(&mm->mmap_lock);
	v = fault_vma(mm, addr);
	if (!v) {
		ret = -EFAULT;
	} else if (!access_allowed(v, access)) {
		ret = -EACCES;
	} else if (!(pte = arch_pte_walk(&mm->arch, va, true))) {
		ret = -ENOMEM;
	} else if (!pte_present(*pte)) {
		ret = fault_missing(mm, v, pte, va, access);
	} else if ((access & FAULT_WRITE) && !(pte_perm(*pte) & MAP_PERM_W)) {
		ret = (v->flags & VMA_SHARED) ? make_writable(v, pte, va) :
						fault_cow(mm, v, pte, va);
	} else {
		/* Another thread mapped it first, or a stale TLB entry. */
		arch_flush_tlb_page(va);
		ret = 0;
	}
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
