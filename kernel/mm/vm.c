/*
 * Address spaces and their VMAs.
 *
 * VMAs are kept in a list sorted by address, never overlapping. A VMA is
 * split when an operation covers only part of it. Page-table entries
 * exist only inside VMAs; removing or shrinking a VMA unmaps and releases
 * its pages first.
 */
#include <asm-generic/errno.h>
#include <asm-generic/mman-common.h>

#include <atomic.h>
#include <kassert.h>

#include <arch/memlayout.h>
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/shmem.h"
#include "mm/slab.h"
#include "lib/string.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "mm/vm_internal.h"

/* Page aligned: the gap search places mappings down from it. */
#define MMAP_BASE_DEFAULT ALIGN_DOWN(USER_TOP / 3 * 2, PAGE_SIZE)

static struct kmem_cache *vma_cache;
static struct kmem_cache *mm_cache;

static void
caches_init(void)
{
	if (!vma_cache) {
		vma_cache = kmem_cache_create("vma", sizeof(struct vma), 8);
		mm_cache = kmem_cache_create("mm", sizeof(struct mm), 8);
		if (!vma_cache || !mm_cache)
			panic("vm: cannot create caches");
	}
}

struct mm *
mm_create(void)
{
	struct mm *mm;

	caches_init();
	mm = kmem_cache_zalloc(mm_cache);
	if (!mm)
		return NULL;
	if (arch_mm_init(&mm->arch) < 0) {
		kmem_cache_free(mm_cache, mm);
		return NULL;
	}
	mutex_init(&mm->mmap_lock, "mm");
	list_init(&mm->vmas);
	mm->users = 1;
	mm->mmap_base = MMAP_BASE_DEFAULT;
	return mm;
}

void
mm_get(struct mm *mm)
{
	atomic_inc_relaxed(&mm->users);
}

/* For a dying address space: the page goes at once, the table next. */
static int
put_pte(pte_t *pte, vaddr_t va __unused, void *arg __unused)
{
	page_put(pa_to_page(pte_pa(*pte)));
	return 0;
}

void
mm_put(struct mm *mm)
{
	struct vma *v, *tmp;

	might_sleep();
	if (atomic_dec_acq_rel(&mm->users) != 0)
		return;
	/* Every hart that ran mm cleared its bit, then switched satp (which
	 * flushed), before its task dropped its reference: no TLB holds a
	 * translation of mm, so neither the pages nor the tables need a
	 * flush before they go (mm/tlb.h). */
	KASSERT(atomic_load_relaxed(&mm->active_harts) == 0);
	list_for_each_entry_safe(v, tmp, &mm->vmas, vma_link) {
		arch_pte_range(&mm->arch, v->start, v->end, put_pte, NULL);
		list_del(&v->vma_link);
		vma_destroy(v);
	}
	arch_mm_destroy(&mm->arch);
	if (mm->exe_file) {
		vm_file->allow_write(mm->exe_file);
		vm_file->put(mm->exe_file);
	}
	kmem_cache_free(mm_cache, mm);
}

struct vma *
vma_alloc(void)
{
	return kmem_cache_alloc(vma_cache);
}

void
vma_destroy(struct vma *v)
{
	if (v->file)
		vm_file->put(v->file);
	if (v->shm)
		shmem_put(v->shm);
	kmem_cache_free(vma_cache, v);
}

struct vma *
vma_find(struct mm *mm, vaddr_t addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, vma_link) {
		if (addr < v->start)
			return NULL;
		if (addr < v->end)
			return v;
	}
	return NULL;
}

/* The first VMA that ends above addr, or NULL. */
static struct vma *
vma_next_above(struct mm *mm, vaddr_t addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, vma_link)
		if (v->end > addr)
			return v;
	return NULL;
}

static int
unmap_pte(pte_t *pte, vaddr_t va __unused, void *arg)
{
	struct page *p = pa_to_page(pte_pa(*pte));

	pte_set(pte, 0);
	tlb_gather_page(arg, p);
	return 0;
}

/* Clear the PTEs of [start, end); their pages go once the TLBs that may
 * hold them are flushed (by the gather). Caller holds mm->mmap_lock. */
static void
unmap_pages(struct tlb_gather *g, vaddr_t start, vaddr_t end)
{
	tlb_gather_range(g, start, end);
	arch_pte_range(&g->mm->arch, start, end, unmap_pte, g);
}

/* Split v at addr (strictly inside it); the new VMA is the upper part. */
static int
vma_split(struct vma *v, vaddr_t addr)
{
	struct vma *hi = kmem_cache_alloc(vma_cache);
	uint64_t delta = addr - v->start;

	if (!hi)
		return -ENOMEM;
	*hi = *v;
	hi->start = addr;
	hi->file_off = v->file_off + delta;
	hi->file_bytes = v->file_bytes > delta ? v->file_bytes - delta : 0;
	if (hi->file)
		vm_file->get(hi->file);
	if (hi->shm)
		shmem_get(hi->shm);
	v->end = addr;
	list_add(&hi->vma_link, &v->vma_link);
	return 0;
}

/* Split VMAs so that start and end fall on VMA boundaries. */
int
vm_split_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vma *v = vma_find(mm, start);
	int err;

	if (v && v->start < start && (err = vma_split(v, start)) < 0)
		return err;
	v = vma_find(mm, end);
	if (v && v->start < end && (err = vma_split(v, end)) < 0)
		return err;
	return 0;
}

int
vm_unmap_locked(struct mm *mm, vaddr_t addr, size_t len)
{
	vaddr_t end = addr + len;
	struct tlb_gather g;
	struct vma *v, *tmp;
	int err;

	assert_mutex_held(&mm->mmap_lock);
	err = vm_split_range(mm, addr, end);
	if (err)
		return err;
	tlb_gather_init(&g, mm);
	list_for_each_entry_safe(v, tmp, &mm->vmas, vma_link) {
		if (v->start >= end)
			break;
		if (v->end <= addr)
			continue;
		unmap_pages(&g, v->start, v->end);
		list_del(&v->vma_link);
		/* The gathered PTE references keep its pages until the flush,
		 * even if this drops the file's or shared object's last one. */
		vma_destroy(v);
	}
	tlb_gather_finish(&g);
	return 0;
}

bool
vm_range_free(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vma *v = vma_next_above(mm, start);

	return !v || v->start >= end;
}

vaddr_t
vm_find_gap(struct mm *mm, size_t len)
{
	vaddr_t top = mm->mmap_base;
	struct vma *v;

	/* Walk down from the top: the highest gap below mmap_base wins. */
	list_for_each_entry_reverse(v, &mm->vmas, vma_link)
	{
		if (v->start >= top)
			continue;
		if (v->end <= top && top - v->end >= len)
			return top - len;
		top = v->start;
	}
	return top >= len + PAGE_SIZE ? top - len : 0;
}

void
vma_insert(struct mm *mm, struct vma *n)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, vma_link) {
		if (v->start > n->start) {
			list_add_tail(&n->vma_link, &v->vma_link);
			return;
		}
	}
	list_add_tail(&n->vma_link, &mm->vmas);
}

/* Anonymous private neighbours with the same attributes become one VMA,
 * so a heap grown by brk stays a single mapping. */
static void
merge_with_prev(struct mm *mm, struct vma *n)
{
	struct vma *prev;

	if (n->vma_link.prev == &mm->vmas || n->file || (n->flags & (VMA_SHARED | VMA_GROWSDOWN)))
		return;
	prev = list_entry(n->vma_link.prev, struct vma, vma_link);
	if (prev->end != n->start || prev->file || prev->flags != n->flags || prev->prot != n->prot)
		return;
	prev->end = n->end;
	list_del(&n->vma_link);
	vma_destroy(n);
}

long
vm_map_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned prot, unsigned flags, bool fixed,
	      bool noreplace, struct file *file, uint64_t off, uint64_t file_bytes)
{
	struct vma *n;
	int err;

	assert_mutex_held(&mm->mmap_lock);
	if (!fixed && (!addr || addr + len > mm->mmap_base || !vm_range_free(mm, addr, addr + len)))
		addr = vm_find_gap(mm, len);
	if (!addr && !fixed)
		return -ENOMEM;
	if (addr + len > USER_TOP || addr + len < addr)
		return -ENOMEM;
	if (noreplace && !vm_range_free(mm, addr, addr + len))
		return -EEXIST;
	n = kmem_cache_zalloc(vma_cache);
	if (!n)
		return -ENOMEM;
	err = vm_unmap_locked(mm, addr, len);
	if (err) {
		kmem_cache_free(vma_cache, n);
		return err;
	}
	*n = (struct vma){ .start = addr,
			   .end = addr + len,
			   .prot = prot,
			   .flags = flags,
			   .file = file,
			   .file_off = off,
			   .file_bytes = file_bytes };
	vma_insert(mm, n);
	merge_with_prev(mm, n);
	return (long)addr;
}

static int
protect_pte(pte_t *pte, vaddr_t va __unused, void *arg)
{
	const struct vma *v = arg;
	unsigned perm = MAP_PERM_U;

	/* Write implies read, as in the fault path (mm/fault.c). */
	if (v->prot & (PROT_READ | PROT_WRITE))
		perm |= MAP_PERM_R;
	if (v->prot & PROT_EXEC)
		perm |= MAP_PERM_X;
	/* Writable PTEs only for pages the mapping owns alone; the others
	 * take a write fault and are copied first (vm_fault). */
	if ((v->prot & PROT_WRITE) && (pte_perm(*pte) & MAP_PERM_W))
		perm |= MAP_PERM_W;
	/* PROT_NONE keeps the page (pte_make gives an inaccessible PTE). */
	if (!(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		perm = 0;
	/* vm_protect() flushes the TLBs once the whole range is done. */
	pte_set(pte, pte_make(pte_pa(*pte), perm));
	return 0;
}

int
vm_protect(struct mm *mm, vaddr_t addr, size_t len, unsigned prot)
{
	vaddr_t end = addr + len, at = addr;
	struct vma *v;
	int err = 0, split_err = 0;

	mutex_lock(&mm->mmap_lock);
	/* As Linux: the range is changed up to the first hole, which gives
	 * -ENOMEM; writing a shared mapping needs a file open for writing. */
	for (v = vma_find(mm, at); v && at < end; v = vma_find(mm, at)) {
		if ((prot & PROT_WRITE) && (v->flags & VMA_SHARED) && !(v->flags & VMA_MAYWRITE)) {
			err = -EACCES;
			break;
		}
		at = v->end;
	}
	if (!err && at < end)
		err = -ENOMEM;
	if (err != -EACCES && at > addr && !(split_err = vm_split_range(mm, addr, MIN(at, end)))) {
		list_for_each_entry(v, &mm->vmas, vma_link) {
			if (v->start >= MIN(at, end) || v->end <= addr)
				continue;
			v->prot = prot;
			arch_pte_range(&mm->arch, v->start, v->end, protect_pte, v);
		}
		tlb_flush_mm(mm);
	}
	mutex_unlock(&mm->mmap_lock);
	/* No memory to split a VMA: nothing changed, and the call fails. */
	return split_err ? split_err : err;
}

int
vm_discard(struct mm *mm, vaddr_t addr, size_t len)
{
	struct tlb_gather g;

	mutex_lock(&mm->mmap_lock);
	tlb_gather_init(&g, mm);
	unmap_pages(&g, addr, addr + len);
	tlb_gather_finish(&g);
	mutex_unlock(&mm->mmap_lock);
	return 0;
}

vaddr_t
vm_brk(struct mm *mm, vaddr_t new_brk)
{
	vaddr_t old_end, new_end, ret;

	mutex_lock(&mm->mmap_lock);
	ret = mm->brk;
	if (new_brk < mm->brk_start)
		goto out;
	old_end = ALIGN_UP(mm->brk, PAGE_SIZE);
	new_end = ALIGN_UP(new_brk, PAGE_SIZE);
	if (new_end > old_end) {
		/* As Linux: the heap may not run into another mapping. */
		if (!vm_range_free(mm, old_end, new_end) || new_end >= mm->mmap_base)
			goto out;
		if (vm_map_locked(mm, old_end, new_end - old_end, PROT_READ | PROT_WRITE, 0, true,
				  false, NULL, 0, 0) < 0)
			goto out;
	} else if (new_end < old_end && vm_unmap_locked(mm, new_end, old_end - new_end) < 0) {
		goto out;
	}
	mm->brk = ret = new_brk;
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

int
vm_write_remote(struct mm *mm, vaddr_t addr, const void *src, size_t len)
{
	int err = 0;

	mutex_lock(&mm->mmap_lock);
	while (len && !err) {
		vaddr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
		size_t off = addr - va, n = MIN(len, PAGE_SIZE - off);
		pte_t *pte = vma_find(mm, addr) ? arch_pte_walk(&mm->arch, va, true) : NULL;
		struct page *p;

		if (!pte) {
			err = vma_find(mm, addr) ? -ENOMEM : -EFAULT;
			break;
		}
		if (!pte_present(*pte)) {
			p = page_alloc(0, GFP_ZERO);
			if (!p) {
				err = -ENOMEM;
				break;
			}
			pte_set(pte, pte_make(page_to_pa(p), MAP_PERM_U | MAP_PERM_R | MAP_PERM_W));
		}
		memcpy((char *)pa_to_kva(pte_pa(*pte)) + off, src, n);
		addr += n;
		src = (const char *)src + n;
		len -= n;
	}
	mutex_unlock(&mm->mmap_lock);
	return err;
}

const struct vm_file_ops *vm_file;

void
vm_set_file_ops(const struct vm_file_ops *ops)
{
	vm_file = ops;
}
