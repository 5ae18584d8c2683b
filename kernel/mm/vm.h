/*
 * Address spaces: a page table (arch_mm) plus the sorted list of virtual
 * memory areas that say what may be mapped where. Pages are mapped on
 * demand by vm_fault(); private file pages are shared with the file
 * until written (copy on write).
 *
 * Locks: [m] mm->mmap_lock (a sleeping lock)  [a] atomic ops  [I] constant
 * mm->mmap_lock comes before any file-system lock and before spinlocks.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include <arch/mmu.h>
#include "lib/list.h"
#include "sched/mutex.h"

struct file;
struct shmem;

#define VMA_SHARED    0x1u /* writes go to the file / are seen by other mappers */
#define VMA_MAYWRITE  0x4u /* shared mapping of a file open for writing (or anonymous) */
#define VMA_GROWSDOWN 0x2u /* the stack: faults just below extend it */

/*
 * What mm needs of the files it maps, and of the program file an
 * address space runs. The file layer registers them at boot
 * (file_init(), fs/file.c), so mm never names fs.
 */
struct vm_file_ops {
	void (*get)(struct file *f);
	void (*put)(struct file *f);
	/* The page at index of f's contents, referenced; NULL: zeros. */
	struct page *(*get_page)(struct file *f, uint64_t index);
	/* f's size in bytes (mapped pages wholly past it are SIGBUS). */
	uint64_t (*size)(struct file *f);
	/* Writes to a running program's file fail with ETXTBSY while it is
	 * denied: 0, or -ETXTBSY when the file is open for writing. */
	int (*deny_write)(struct file *f);
	void (*allow_write)(struct file *f);
};

/* Register the file layer's operations. Boot, before the first mapping. */
void vm_set_file_ops(const struct vm_file_ops *ops);

struct vma {
	vaddr_t start;		   /* [m] page aligned */
	vaddr_t end;		   /* [m] exclusive, page aligned */
	unsigned prot;		   /* [m] PROT_READ | PROT_WRITE | PROT_EXEC */
	unsigned flags;		   /* [m] VMA_* */
	struct file *file;	   /* [m] referenced; NULL for anonymous memory */
	uint64_t file_off;	   /* [m] file offset of start */
	uint64_t file_bytes;	   /* [m] bytes from start backed by the file; zero past it */
	struct shmem *shm;	   /* [m] shared anonymous memory, referenced, or NULL */
	struct list_head vma_link; /* [m] mm->vmas, sorted by start */
};

struct mm {
	struct arch_mm arch; /* [m] page tables */
	struct mutex mmap_lock;
	uint32_t users;	       /* [a] tasks sharing it */
	struct list_head vmas; /* [m] */
	vaddr_t brk_start;     /* [m] */
	vaddr_t brk;	       /* [m] */
	vaddr_t mmap_base;     /* [m] top-down mmap search starts below this */
	vaddr_t stack_top;     /* [I] */
	uint64_t stack_limit;  /* [m] RLIMIT_STACK at exec */
	uint64_t active_harts; /* [a] bit i: cpus[i] runs this address space */
	vaddr_t sigreturn_va;  /* [I] the signal-return trampoline page */
	struct file *exe_file; /* [I] the program it runs; writes to it are denied */
};

/* A new empty address space with one user, or NULL on no memory. */
struct mm *mm_create(void);
void mm_get(struct mm *mm);
/* Drop a user; the last one frees every page and table, with no TLB
 * flush: a task drops its reference only after its hart has switched
 * away from mm (tlb_switch_mm(), then satp). May sleep. */
void mm_put(struct mm *mm);

/*
 * Map len bytes. MAP_FIXED semantics when fixed (replacing what is
 * there), else addr is a hint. file may be NULL (anonymous). The file
 * reference is taken by the VMA. Returns the address or a negative errno
 * (-ENOMEM, -EEXIST for noreplace). Caller holds mm->mmap_lock.
 */
long vm_map_locked(struct mm *mm, vaddr_t addr, size_t len, unsigned prot, unsigned flags,
		   bool fixed, bool noreplace, struct file *file, uint64_t off,
		   uint64_t file_bytes);
/* Remove mappings in [addr, addr+len). Caller holds mm->mmap_lock. */
int vm_unmap_locked(struct mm *mm, vaddr_t addr, size_t len);
/* Change protection on [addr, addr+len); -ENOMEM if any part is unmapped. */
int vm_protect(struct mm *mm, vaddr_t addr, size_t len, unsigned prot);
/* Move the break; returns the new (or unchanged) break. */
vaddr_t vm_brk(struct mm *mm, vaddr_t new_brk);
/* Drop the pages of [addr, addr+len) (MADV_DONTNEED). */
int vm_discard(struct mm *mm, vaddr_t addr, size_t len);

/* The VMA containing addr, or NULL. Caller holds mm->mmap_lock. */
struct vma *vma_find(struct mm *mm, vaddr_t addr);

/* Lowest address of a free gap of len bytes at or below the hint rules
 * (top-down from mm->mmap_base), or 0. Caller holds mm->mmap_lock. */
vaddr_t vm_find_gap(struct mm *mm, size_t len);

/*
 * Write into an address space that is not running (exec builds the new
 * stack this way): pages are allocated as needed inside existing VMAs.
 * Returns 0, -EFAULT outside a VMA, or -ENOMEM.
 */
int vm_write_remote(struct mm *mm, vaddr_t addr, const void *src, size_t len);

/* mremap(2) on mm: the new address or -EFAULT, -ENOMEM, -EINVAL. */
long vm_remap(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len, unsigned flags,
	      vaddr_t new_addr);

/* A copy-on-write copy of src (fork), or NULL on no memory. May sleep. */
struct mm *mm_dup(struct mm *src);
