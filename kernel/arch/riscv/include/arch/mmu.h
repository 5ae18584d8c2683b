/*
 * Page tables (Sv39) as the portable memory manager sees them: opaque
 * PTEs with helpers, per-address-space roots, and the kernel map.
 *
 * Every address space has two roots sharing the user half's lower-level
 * tables (DESIGN.md, kernel page-table isolation): the kernel view (user
 * half + the whole kernel) and the user view (user half + the entry
 * areas and trampoline). With kpti=off both are the kernel view.
 */
#pragma once

#include <compiler.h>
#include <types.h>

typedef uint64_t pte_t;

/* Mapping permissions for arch_map_page and friends. */
#define MAP_PERM_R 0x1u
#define MAP_PERM_W 0x2u
#define MAP_PERM_X 0x4u
#define MAP_PERM_U 0x8u

struct arch_mm {
	paddr_t kernel_root; /* [I] */
	paddr_t user_root;   /* [I] == kernel_root when kpti is off */
};

bool pte_present(pte_t pte);
paddr_t pte_pa(pte_t pte);
unsigned pte_perm(pte_t pte);
pte_t pte_make(paddr_t pa, unsigned perm);

/* Whether kernel page-table isolation is on (boot argument kpti=; off by default). */
extern bool kpti_enabled;

/*
 * Build an empty address space: roots with the kernel half installed.
 * Returns 0 or -ENOMEM. Context: may allocate; no locks needed.
 */
int __must_check arch_mm_init(struct arch_mm *amm);

/* Free the page-table pages of the user half and the roots (not the
 * pages they map: the caller has unmapped those). */
void arch_mm_destroy(struct arch_mm *amm);

/*
 * The PTE for va, allocating missing tables when alloc is set. Returns
 * NULL when a table is missing and !alloc, or on no memory.
 * Caller holds the address space's lock.
 */
pte_t *arch_pte_walk(struct arch_mm *amm, vaddr_t va, bool alloc);

/*
 * Call fn on every present leaf PTE in [start, end); stop early and
 * return fn's value when it is non-zero.
 */
int arch_pte_range(struct arch_mm *amm, vaddr_t start, vaddr_t end,
		   int (*fn)(pte_t *pte, vaddr_t va, void *arg), void *arg);

static inline void
pte_set(pte_t *ptep, pte_t pte)
{
	*(volatile pte_t *)ptep = pte;
}

/* Make amm the address space of this hart (kernel view now, user view
 * at the next return to user mode). */
void arch_mm_activate(const struct arch_mm *amm);

/* Flush this hart's TLB entries for one page, or for everything. */
void arch_flush_tlb_page(vaddr_t va);
void arch_flush_tlb_all(void);

/* The kernel-only root (no user half), for kernel threads. */
paddr_t arch_kernel_root(void);

struct mem_region {
	paddr_t base;
	uint64_t size;
};
struct hart_entry;

/*
 * Build the kernel map (image W^X, direct map of RAM, device MMIO, the
 * trampoline and the harts' entry areas) and switch this hart to it.
 * Boot hart only, before any other hart or address space exists.
 */
void arch_mmu_init(const struct mem_region *ram, int nram, const struct mem_region *mmio, int nmmio,
		   unsigned nharts, struct hart_entry **entries);

/* Map / unmap a kernel-stack page in the shared kernel half. */
int __must_check arch_kmap_page(vaddr_t va, paddr_t pa);
void arch_kunmap_page(vaddr_t va);
/* The physical page a kernel-stack address maps, or 0. */
paddr_t arch_kmap_lookup(vaddr_t va);
