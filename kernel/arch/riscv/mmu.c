/*
 * Sv39 page tables: the kernel map (built once at boot, W^X), the two
 * roots of every address space (kpti), and the leaf walks the portable
 * memory manager uses.
 *
 * Invariant: after arch_mmu_init() the root entries of the kernel half
 * (256..511) never change, so copying them into a new address space's
 * roots is enough to share every later kernel mapping (kernel stacks go
 * into tables under those entries).
 */
#include <asm-generic/errno.h>

#include <kassert.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/entry_area.h"
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include "arch/riscv/pte.h"
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "sched/cpu.h"
#include "locking/spinlock.h"

/* Off by default, as on Linux/RISC-V (docs/traps.md says when to turn it on). */
bool kpti_enabled = false;

static paddr_t kernel_root;				  /* [I] after arch_mmu_init */
static bool kernel_half_sealed;				  /* [I] root entries 256..511 fixed */
static struct spinlock kmap_lock = SPINLOCK_INIT("kmap"); /* kernel-half tables below the root */

bool
pte_present(pte_t pte)
{
	return pte & (PTE_V | PTE_HELD);
}

paddr_t
pte_pa(pte_t pte)
{
	return (pte >> PTE_PPN_SHIFT) << 12;
}

unsigned
pte_perm(pte_t pte)
{
	return ((pte & PTE_R) ? MAP_PERM_R : 0) | ((pte & PTE_W) ? MAP_PERM_W : 0) |
	       ((pte & PTE_X) ? MAP_PERM_X : 0) | ((pte & PTE_U) ? MAP_PERM_U : 0);
}

/* A and D are set up front: the kernel tracks dirtiness itself, and QEMU
 * would otherwise raise a page fault or update them on first use. */
pte_t
pte_make(paddr_t pa, unsigned perm)
{
	pte_t pte = ((pa >> 12) << PTE_PPN_SHIFT) | PTE_V | PTE_A | PTE_D;

	if (!(perm & (MAP_PERM_R | MAP_PERM_W | MAP_PERM_X)))
		return ((pa >> 12) << PTE_PPN_SHIFT) | PTE_HELD;

	if (perm & MAP_PERM_R)
		pte |= PTE_R;
	if (perm & MAP_PERM_W)
		pte |= PTE_W | PTE_R;
	if (perm & MAP_PERM_X)
		pte |= PTE_X;
	if (perm & MAP_PERM_U)
		pte |= PTE_U;
	else
		pte |= PTE_G;
	return pte;
}

static pte_t *
table_kva(paddr_t pa)
{
	return pa_to_kva(pa);
}

static paddr_t
alloc_table(void)
{
	struct page *p = page_alloc(0, GFP_ZERO);

	return p ? page_to_pa(p) : 0;
}

/*
 * Walk one root to the table at the given level (0 = leaf table) for va.
 * mirror, when non-zero, is a second root that must receive the same new
 * top-level entries (the user view).
 */
static pte_t *
walk(paddr_t root, paddr_t mirror, vaddr_t va, int to_level, bool alloc)
{
	pte_t *table = table_kva(root);

	for (int level = SV39_LEVELS - 1; level > to_level; level--) {
		pte_t *e = &table[vpn(va, level)];

		if (!(*e & PTE_V)) {
			paddr_t t;

			if (!alloc)
				return NULL;
			KASSERT(level != SV39_LEVELS - 1 || va < USER_TOP || !kernel_half_sealed);
			t = alloc_table();
			if (!t)
				return NULL;
			pte_set(e, ((t >> 12) << PTE_PPN_SHIFT) | PTE_V);
			if (level == SV39_LEVELS - 1 && mirror)
				pte_set(&((pte_t *)table_kva(mirror))[vpn(va, level)], *e);
		} else if (*e & PTE_LEAF) {
			return NULL;
		}
		table = table_kva(pte_pa(*e));
	}
	return &table[vpn(va, to_level)];
}

/* Map [va, va+size) to [pa, ...) in the kernel root with the largest
 * pages alignment allows. Boot only. */
static void
kmap_range(vaddr_t va, paddr_t pa, uint64_t size, unsigned perm)
{
	while (size) {
		int level = 0;
		pte_t *e;

		for (int l = 2; l > 0; l--) {
			uint64_t psz = 1ul << (12 + VPN_BITS * l);

			if (IS_ALIGNED(va, psz) && IS_ALIGNED(pa, psz) && size >= psz) {
				level = l;
				break;
			}
		}
		e = walk(kernel_root, 0, va, level, true);
		if (!e)
			panic("kmap_range: no memory for %lx", va);
		pte_set(e, pte_make(pa, perm));
		va += 1ul << (12 + VPN_BITS * level);
		pa += 1ul << (12 + VPN_BITS * level);
		size -= 1ul << (12 + VPN_BITS * level);
	}
}

int
arch_mm_init(struct arch_mm *amm)
{
	pte_t *k = table_kva(kernel_root);
	pte_t *kr, *ur;

	amm->kernel_root = alloc_table();
	if (!amm->kernel_root)
		return -ENOMEM;
	kr = table_kva(amm->kernel_root);
	memcpy(&kr[PT_ENTRIES / 2], &k[PT_ENTRIES / 2], PT_ENTRIES / 2 * sizeof(pte_t));
	if (!kpti_enabled) {
		amm->user_root = amm->kernel_root;
		return 0;
	}
	amm->user_root = alloc_table();
	if (!amm->user_root) {
		page_free(pa_to_page(amm->kernel_root), 0);
		return -ENOMEM;
	}
	ur = table_kva(amm->user_root);
	ur[PT_ENTRIES - 1] = k[PT_ENTRIES - 1];
	return 0;
}

static void
free_tables(paddr_t table, int level)
{
	pte_t *t = table_kva(table);

	if (level > 0) {
		for (int i = 0; i < PT_ENTRIES; i++)
			if ((t[i] & PTE_V) && !(t[i] & PTE_LEAF))
				free_tables(pte_pa(t[i]), level - 1);
	}
	page_free(pa_to_page(table), 0);
}

void
arch_mm_destroy(struct arch_mm *amm)
{
	pte_t *kr = table_kva(amm->kernel_root);

	for (int i = 0; i < PT_ENTRIES / 2; i++)
		if ((kr[i] & PTE_V) && !(kr[i] & PTE_LEAF))
			free_tables(pte_pa(kr[i]), SV39_LEVELS - 2);
	if (amm->user_root != amm->kernel_root)
		page_free(pa_to_page(amm->user_root), 0);
	page_free(pa_to_page(amm->kernel_root), 0);
}

pte_t *
arch_pte_walk(struct arch_mm *amm, vaddr_t va, bool alloc)
{
	paddr_t mirror = amm->user_root != amm->kernel_root ? amm->user_root : 0;

	KASSERT(va < USER_TOP);
	return walk(amm->kernel_root, mirror, va, 0, alloc);
}

static int
range_level(paddr_t table, int level, vaddr_t base, vaddr_t start, vaddr_t end,
	    int (*fn)(pte_t *, vaddr_t, void *), void *arg)
{
	pte_t *t = table_kva(table);
	unsigned shift = 12 + VPN_BITS * level;
	uint64_t span = 1ul << shift;
	/* Visit only the entries that overlap [start, end). */
	unsigned first = start > base ? (start - base) >> shift : 0;
	unsigned last = MIN((end - 1 - base) >> shift, PT_ENTRIES - 1ul);

	for (unsigned i = first; i <= last; i++) {
		vaddr_t va = base + i * span;
		int ret;

		if (!pte_present(t[i]))
			continue;
		if (level == 0)
			ret = fn(&t[i], va, arg);
		else
			ret = range_level(pte_pa(t[i]), level - 1, va, start, end, fn, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int
arch_pte_range(struct arch_mm *amm, vaddr_t start, vaddr_t end,
	       int (*fn)(pte_t *pte, vaddr_t va, void *arg), void *arg)
{
	KASSERT(end <= USER_TOP && start <= end);
	return range_level(amm->kernel_root, SV39_LEVELS - 1, 0, start, end, fn, arg);
}

static uint64_t
make_satp(paddr_t root)
{
	return SATP_MODE_SV39 | (root >> 12);
}

void
arch_mm_activate(const struct arch_mm *amm)
{
	struct hart_entry *he = this_cpu()->arch.entry;
	paddr_t kroot = amm ? amm->kernel_root : kernel_root;
	paddr_t uroot = amm ? amm->user_root : kernel_root;

	he->kernel_satp = make_satp(kroot);
	he->user_satp = make_satp(uroot);
	he->switch_satp = kroot != uroot;
	if (csr_read(satp) != he->kernel_satp) {
		csr_write(satp, he->kernel_satp);
		sfence_vma_all();
	}
}

void
arch_flush_tlb_page(vaddr_t va)
{
	sfence_vma_page(va);
}

void
arch_flush_tlb_all(void)
{
	sfence_vma_all();
}

paddr_t
arch_kernel_root(void)
{
	return kernel_root;
}

int
arch_kmap_page(vaddr_t va, paddr_t pa)
{
	pte_t *e;

	spin_lock(&kmap_lock);
	e = walk(kernel_root, 0, va, 0, true);
	if (e)
		pte_set(e, pte_make(pa, MAP_PERM_R | MAP_PERM_W));
	spin_unlock(&kmap_lock);
	if (!e)
		return -ENOMEM;
	sfence_vma_page(va);
	return 0;
}

paddr_t
arch_kmap_lookup(vaddr_t va)
{
	pte_t *e;
	paddr_t pa = 0;

	spin_lock(&kmap_lock);
	e = walk(kernel_root, 0, va, 0, false);
	if (e && (*e & PTE_V))
		pa = pte_pa(*e);
	spin_unlock(&kmap_lock);
	return pa;
}

void
arch_kunmap_page(vaddr_t va)
{
	pte_t *e;

	spin_lock(&kmap_lock);
	e = walk(kernel_root, 0, va, 0, false);
	if (e)
		pte_set(e, 0);
	spin_unlock(&kmap_lock);
	sfence_vma_page(va);
}

/* Linker-script boundaries of the image's permission classes. */
extern char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern char _data_start[], _bss_end[], _ksyms_start[], _end[];
extern char _trampoline_start[];

static paddr_t
image_pa(const void *va)
{
	return (uintptr_t)va - KIMAGE_VBASE + KIMAGE_PBASE;
}

static void
map_image(void)
{
	kmap_range((vaddr_t)_text_start, image_pa(_text_start), _text_end - _text_start,
		   MAP_PERM_R | MAP_PERM_X);
	kmap_range((vaddr_t)_rodata_start, image_pa(_rodata_start), _rodata_end - _rodata_start,
		   MAP_PERM_R);
	kmap_range((vaddr_t)_data_start, image_pa(_data_start), _bss_end - _data_start,
		   MAP_PERM_R | MAP_PERM_W);
	kmap_range((vaddr_t)_ksyms_start, image_pa(_ksyms_start), _end - _ksyms_start, MAP_PERM_R);
}

/* The direct map of one RAM range; the alias of the image's text and
 * read-only data stays read-only so W^X holds through it too. */
static void
map_ram(paddr_t start, paddr_t end)
{
	paddr_t ro_start = image_pa(_text_start), ro_end = image_pa(_rodata_end);
	unsigned rw = MAP_PERM_R | MAP_PERM_W;

	if (end <= ro_start || start >= ro_end) {
		kmap_range(start + DIRECT_MAP_OFFSET, start, end - start, rw);
		return;
	}
	if (start < ro_start)
		kmap_range(start + DIRECT_MAP_OFFSET, start, ro_start - start, rw);
	kmap_range(MAX(start, ro_start) + DIRECT_MAP_OFFSET, MAX(start, ro_start),
		   MIN(end, ro_end) - MAX(start, ro_start), MAP_PERM_R);
	if (end > ro_end)
		kmap_range(ro_end + DIRECT_MAP_OFFSET, ro_end, end - ro_end, rw);
}

/* Make sure every root slot of the kernel half that later mappings can
 * use exists now, so the slots can be copied into address spaces. */
static void
prefill_root(vaddr_t va)
{
	pte_t *root = table_kva(kernel_root);

	if (!(root[vpn(va, 2)] & PTE_V) && !walk(kernel_root, 0, va, 1, true))
		panic("prefill_root: no memory");
}

void
arch_mmu_init(const struct mem_region *ram, int nram, const struct mem_region *mmio, int nmmio,
	      unsigned nharts, struct hart_entry **entries)
{
	kernel_root = alloc_table();
	if (!kernel_root)
		panic("arch_mmu_init: no memory for the root table");
	map_image();
	for (int i = 0; i < nram; i++)
		map_ram(ALIGN_DOWN(ram[i].base, PAGE_SIZE),
			ALIGN_UP(ram[i].base + ram[i].size, PAGE_SIZE));
	for (int i = 0; i < nmmio; i++)
		kmap_range(ALIGN_DOWN(mmio[i].base, PAGE_SIZE) + DIRECT_MAP_OFFSET,
			   ALIGN_DOWN(mmio[i].base, PAGE_SIZE),
			   ALIGN_UP(mmio[i].base + mmio[i].size, PAGE_SIZE) -
				   ALIGN_DOWN(mmio[i].base, PAGE_SIZE),
			   MAP_PERM_R | MAP_PERM_W);
	kmap_range(TRAMPOLINE_VA, image_pa(_trampoline_start), PAGE_SIZE, MAP_PERM_R | MAP_PERM_X);
	for (unsigned i = 0; i < nharts; i++)
		kmap_range(ENTRY_AREA_BASE + i * PAGE_SIZE, kva_to_pa(entries[i]), PAGE_SIZE,
			   MAP_PERM_R | MAP_PERM_W);
	for (vaddr_t va = KSTACK_REGION; va < KSTACK_REGION + KSTACK_REGION_SIZE; va += 1ul << 30)
		prefill_root(va);
	kernel_half_sealed = true;
	csr_write(satp, make_satp(kernel_root));
	sfence_vma_all();
}
