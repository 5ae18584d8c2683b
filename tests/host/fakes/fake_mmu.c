/*
 * Host fake of the page-table half of <arch/mmu.h>: a software page
 * table per address space, two levels of malloc'd arrays indexed by
 * virtual page number, which only the code under test and the tests
 * walk. PTEs keep the interface's meaning (present, physical address,
 * permissions) in a layout of the fake's own. TLB flushes are counted.
 *
 * Checks the real arch would leave to luck: an address space destroyed
 * while it still maps pages panics (mm leaked those pages), and so does
 * a walk or range outside user space.
 */
#include <errno.h>
#include <stdlib.h>

#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <kassert.h>

#include "fakes/fake_mmu.h"

/* The fake's PTE layout: flags in the low bits, the frame above. */
#define FPTE_VALID (1u << 0) /* accessible: some of R, W, X */
#define FPTE_HELD  (1u << 1) /* present but inaccessible (PROT_NONE) */
#define FPTE_R	   (1u << 2)
#define FPTE_W	   (1u << 3)
#define FPTE_X	   (1u << 4)
#define FPTE_U	   (1u << 5)
#define FPTE_FLAGS 0xfffu

#define LEAF_BITS    13
#define LEAF_ENTRIES (1ul << LEAF_BITS)
#define USER_PAGES   (USER_TOP >> 12)
#define DIR_ENTRIES  (USER_PAGES / LEAF_ENTRIES)

struct fake_pt {
	pte_t *leaf[DIR_ENTRIES];
};

bool kpti_enabled;

static long leaf_budget = -1; /* leaf tables that may still be allocated; -1: any */
static long init_budget = -1; /* address spaces that may still be created */
static unsigned long flushes_page, flushes_all;

bool
pte_present(pte_t pte)
{
	return pte & (FPTE_VALID | FPTE_HELD);
}

paddr_t
pte_pa(pte_t pte)
{
	return pte & ~(pte_t)FPTE_FLAGS;
}

unsigned
pte_perm(pte_t pte)
{
	return ((pte & FPTE_R) ? MAP_PERM_R : 0) | ((pte & FPTE_W) ? MAP_PERM_W : 0) |
	       ((pte & FPTE_X) ? MAP_PERM_X : 0) | ((pte & FPTE_U) ? MAP_PERM_U : 0);
}

/* As the real one: no R, W or X gives a present but inaccessible PTE,
 * and W implies R. */
pte_t
pte_make(paddr_t pa, unsigned perm)
{
	pte_t pte = pa & ~(pte_t)FPTE_FLAGS;

	KASSERT((pa & FPTE_FLAGS) == 0);
	if (!(perm & (MAP_PERM_R | MAP_PERM_W | MAP_PERM_X)))
		return pte | FPTE_HELD;
	pte |= FPTE_VALID;
	if (perm & (MAP_PERM_R | MAP_PERM_W))
		pte |= FPTE_R;
	if (perm & MAP_PERM_W)
		pte |= FPTE_W;
	if (perm & MAP_PERM_X)
		pte |= FPTE_X;
	if (perm & MAP_PERM_U)
		pte |= FPTE_U;
	return pte;
}

static struct fake_pt *
pt_of(const struct arch_mm *amm)
{
	KASSERT(amm->kernel_root && amm->kernel_root == amm->user_root);
	return (struct fake_pt *)(uintptr_t)amm->kernel_root;
}

int
arch_mm_init(struct arch_mm *amm)
{
	struct fake_pt *pt;

	if (init_budget == 0)
		return -ENOMEM;
	if (init_budget > 0)
		init_budget--;
	pt = calloc(1, sizeof(*pt));
	KASSERT(pt);
	amm->kernel_root = amm->user_root = (paddr_t)(uintptr_t)pt;
	return 0;
}

void
arch_mm_destroy(struct arch_mm *amm)
{
	struct fake_pt *pt = pt_of(amm);

	for (size_t d = 0; d < DIR_ENTRIES; d++) {
		if (!pt->leaf[d])
			continue;
		free(pt->leaf[d]);
	}
	free(pt);
	amm->kernel_root = amm->user_root = 0;
}

pte_t *
arch_pte_walk(struct arch_mm *amm, vaddr_t va, bool alloc)
{
	struct fake_pt *pt = pt_of(amm);
	size_t vpn = va >> 12, d = vpn >> LEAF_BITS;

	if (va >= USER_TOP)
		panic("arch_pte_walk: %#lx is not a user address", (unsigned long)va);
	if (!pt->leaf[d]) {
		if (!alloc || leaf_budget == 0)
			return NULL;
		if (leaf_budget > 0)
			leaf_budget--;
		pt->leaf[d] = calloc(LEAF_ENTRIES, sizeof(pte_t));
		KASSERT(pt->leaf[d]);
	}
	return &pt->leaf[d][vpn & (LEAF_ENTRIES - 1)];
}

int
arch_pte_range(struct arch_mm *amm, vaddr_t start, vaddr_t end,
	       int (*fn)(pte_t *pte, vaddr_t va, void *arg), void *arg)
{
	struct fake_pt *pt = pt_of(amm);

	if (start > end || end > USER_TOP)
		panic("arch_pte_range: bad range [%#lx, %#lx)", (unsigned long)start,
		      (unsigned long)end);
	for (vaddr_t va = start & ~0xffful; va < end;) {
		size_t vpn = va >> 12, d = vpn >> LEAF_BITS;
		pte_t *pte;
		int ret;

		if (!pt->leaf[d]) {
			va = (vaddr_t)(d + 1) << (LEAF_BITS + 12);
			continue;
		}
		pte = &pt->leaf[d][vpn & (LEAF_ENTRIES - 1)];
		if (pte_present(*pte) && (ret = fn(pte, va, arg)) != 0)
			return ret;
		va += 1ul << 12;
	}
	return 0;
}

void
arch_mm_activate(const struct arch_mm *amm)
{
	(void)amm;
}

void
arch_flush_tlb_page(vaddr_t va)
{
	(void)va;
	flushes_page++;
}

void
arch_flush_tlb_all(void)
{
	flushes_all++;
}

void
fake_mmu_limit_tables(long n)
{
	leaf_budget = n;
}

void
fake_mmu_limit_address_spaces(long n)
{
	init_budget = n;
}

unsigned long
fake_mmu_flushes(void)
{
	return flushes_page + flushes_all;
}

unsigned long
fake_mmu_present(const struct arch_mm *amm)
{
	struct fake_pt *pt = pt_of(amm);
	unsigned long n = 0;

	for (size_t d = 0; d < DIR_ENTRIES; d++)
		for (size_t i = 0; pt->leaf[d] && i < LEAF_ENTRIES; i++)
			n += pte_present(pt->leaf[d][i]);
	return n;
}
