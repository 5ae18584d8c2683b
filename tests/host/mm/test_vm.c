/*
 * Unit tests of address spaces and their VMAs (kernel/mm/vm.c, mremap.c,
 * cow.c): placing mappings in holes, MAP_FIXED and MAP_FIXED_NOREPLACE,
 * splitting on munmap and mprotect, merging anonymous neighbours (never
 * file or shared ones), brk, mremap and fork's copy. The page tables are
 * the host fake's (tests/host/fakes/fake_mmu.c); pages come from the real
 * buddy allocator on fake RAM, so every test can check that what it
 * unmaps is freed.
 */
/* UAPI headers first, as the kernel sees them. */
#include <asm-generic/errno.h>
#include <asm-generic/mman-common.h>
#include <linux/mman.h>

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <arch/memlayout.h>

#include "fakes/fake_mm_ram.h"
#include "fakes/fake_mmu.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/shmem.h"
#include "mm/slab.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "mm/vm_internal.h"

#define RAM_BYTES (4 * (PAGE_SIZE << BUDDY_MAX_ORDER))
#define P	  PAGE_SIZE
#define BASE	  0x10000000ul /* well below mmap_base */
#define RW	  (PROT_READ | PROT_WRITE)

static struct mm *mm;

/* A file as mm sees it: opaque, reference-counted through vm_file_ops. */
struct file {
	int refs;
	uint64_t size;
};

static void
file_get(struct file *f)
{
	f->refs++;
}

static void
file_put(struct file *f)
{
	cr_assert_gt(f->refs, 0, "a file put more often than got");
	f->refs--;
}

static struct page *
file_page(struct file *f, uint64_t index)
{
	return NULL;
}

static uint64_t
file_size(struct file *f)
{
	return f->size;
}

static int
file_deny(struct file *f)
{
	return 0;
}

static void
file_allow(struct file *f)
{
}

static const struct vm_file_ops test_file_ops = {
	.get = file_get,
	.put = file_put,
	.get_page = file_page,
	.size = file_size,
	.deny_write = file_deny,
	.allow_write = file_allow,
};

static void
setup(void)
{
	fake_ram_init(RAM_BYTES);
	vm_set_file_ops(&test_file_ops);
	mm = mm_create();
	cr_assert_not_null(mm);
}

TestSuite(vm_map, .init = setup);
TestSuite(vm_split, .init = setup);
TestSuite(vm_merge, .init = setup);
TestSuite(vm_remap, .init = setup);
TestSuite(vm_mm, .init = setup);

/* ---- helpers: the only places that know mm's lock and list ----------------------- */

static void
lock_mm(struct mm *m)
{
	mutex_lock(&m->mmap_lock);
}

static void
unlock_mm(struct mm *m)
{
	mutex_unlock(&m->mmap_lock);
}

struct span {
	vaddr_t start, end;
	unsigned prot;
};

/* The VMAs of m, in order (at most max): how many there are. */
static int
vmas_of(struct mm *m, struct span *out, int max)
{
	struct vma *v;
	int n = 0;

	list_for_each_entry(v, &m->vmas, vma_link) {
		if (n < max)
			out[n] = (struct span){ v->start, v->end, v->prot };
		n++;
	}
	return n;
}

/* ---- helpers ------------------------------------------------------------------------ */

static long
map_vma(vaddr_t addr, size_t len, unsigned prot, unsigned flags, bool fixed, bool noreplace,
	struct file *f, uint64_t off)
{
	long ret;

	if (f)
		file_get(f); /* the VMA's reference, as sys_mmap's */
	lock_mm(mm);
	ret = vm_map_locked(mm, addr, len, prot, flags, fixed, noreplace, f, off,
			    f ? UINT64_MAX : 0);
	unlock_mm(mm);
	if (ret < 0 && f)
		file_put(f);
	return ret;
}

static long
map_anon(vaddr_t addr, size_t len, unsigned prot)
{
	return map_vma(addr, len, prot, 0, false, false, NULL, 0);
}

static void
map_fixed(vaddr_t addr, size_t len, unsigned prot)
{
	long ret = map_vma(addr, len, prot, 0, true, false, NULL, 0);

	cr_assert_eq(ret, (long)addr, "map %#lx+%#zx: %ld", (unsigned long)addr, len, ret);
}

/* A shared anonymous mapping with its memory object, as sys_mmap makes. */
static void
map_shared_anon(vaddr_t addr, size_t len)
{
	struct shmem *shm = shmem_create(len / P);
	long ret;

	cr_assert_not_null(shm);
	lock_mm(mm);
	ret = vm_map_locked(mm, addr, len, RW, VMA_SHARED | VMA_MAYWRITE, true, false, NULL, 0, 0);
	cr_assert_eq(ret, (long)addr);
	vma_find(mm, addr)->shm = shm;
	unlock_mm(mm);
}

static int
unmap(vaddr_t addr, size_t len)
{
	int err;

	lock_mm(mm);
	err = vm_unmap_locked(mm, addr, len);
	unlock_mm(mm);
	return err;
}

static bool
range_free(vaddr_t start, vaddr_t end)
{
	bool ret;

	lock_mm(mm);
	ret = vm_range_free(mm, start, end);
	unlock_mm(mm);
	return ret;
}

/* Assert mm's VMAs are exactly want[0..n). */
static void
assert_vmas(const struct span *want, int n)
{
	struct span got[16];
	int have = vmas_of(mm, got, 16);
	char desc[512] = "";

	for (int i = 0; i < have && i < 16; i++)
		snprintf(desc + strlen(desc), sizeof(desc) - strlen(desc), " [%#lx,%#lx) %u",
			 (unsigned long)got[i].start, (unsigned long)got[i].end, got[i].prot);
	cr_assert_eq(have, n, "%d VMAs, not %d:%s", have, n, desc);
	for (int i = 0; i < n; i++)
		cr_assert(got[i].start == want[i].start && got[i].end == want[i].end &&
				  got[i].prot == want[i].prot,
			  "VMA %d differs:%s", i, desc);
}

/* Assert mm's VMAs are exactly the spans given. */
#define ASSERT_VMAS(...)                                  \
	assert_vmas((const struct span[]){ __VA_ARGS__ }, \
		    (int)(sizeof((const struct span[]){ __VA_ARGS__ }) / sizeof(struct span)))

/* Put byte c at va, allocating the page (vm_write_remote). */
static void
poke(vaddr_t va, char c)
{
	cr_assert_eq(vm_write_remote(mm, va, &c, 1), 0, "poke %#lx", (unsigned long)va);
}

static pte_t *
pte_at(struct mm *m, vaddr_t va)
{
	pte_t *pte = arch_pte_walk(&m->arch, va, false);

	return pte && pte_present(*pte) ? pte : NULL;
}

/* The byte at va, or -1 when no page is mapped there. */
static int
peek(struct mm *m, vaddr_t va)
{
	pte_t *pte = pte_at(m, va);

	return pte ? *((unsigned char *)pa_to_kva(pte_pa(*pte)) + va % P) : -1;
}

static size_t
free_pages(void)
{
	kmem_cache_shrink_all();
	return buddy_free_pages();
}

/* ---- placing mappings ------------------------------------------------------------------ */

Test(vm_map, a_free_hint_is_taken_as_is)
{
	cr_assert_eq(map_anon(BASE, 2 * P, RW), (long)BASE);
	ASSERT_VMAS({ BASE, BASE + 2 * P, RW });
}

Test(vm_map, without_a_hint_mappings_go_down_from_mmap_base)
{
	long a = map_anon(0, 2 * P, RW), b = map_anon(0, P, PROT_READ);

	cr_assert_eq(a, (long)(mm->mmap_base - 2 * P));
	cr_assert(IS_ALIGNED(a, P), "%#lx is not page aligned", a);
	cr_assert_eq(b, a - (long)P, "the next one right below");
}

Test(vm_map, a_taken_hint_is_moved_to_a_free_gap)
{
	long ret;

	map_fixed(BASE, 4 * P, RW);
	ret = map_anon(BASE + P, P, RW);
	cr_assert_neq(ret, (long)(BASE + P));
	cr_assert_eq(ret, (long)(mm->mmap_base - P));
	cr_assert_eq(vma_find(mm, BASE + P)->start, BASE, "the old mapping is untouched");
}

Test(vm_map, a_hole_of_exactly_the_size_is_used)
{
	vaddr_t top = mm->mmap_base;

	map_fixed(top - P, P, RW);
	map_fixed(top - 4 * P, P, PROT_READ); /* a hole of two pages between */
	cr_assert_eq(vm_find_gap(mm, 2 * P), top - 3 * P);
	cr_assert_eq(map_anon(0, 2 * P, PROT_EXEC), (long)(top - 3 * P));
	cr_assert_eq(map_anon(0, 2 * P, PROT_EXEC), (long)(top - 6 * P),
		     "no hole left: below the lowest mapping");
}

Test(vm_map, a_hole_too_small_is_skipped)
{
	vaddr_t top = mm->mmap_base;

	map_fixed(top - P, P, RW);
	map_fixed(top - 3 * P, P, RW); /* a one-page hole */
	cr_assert_eq(map_anon(0, 2 * P, RW), (long)(top - 5 * P));
	cr_assert(range_free(top - 2 * P, top - P));
}

Test(vm_map, no_room_below_mmap_base_is_enomem)
{
	cr_assert_eq(map_anon(0, mm->mmap_base, RW), -ENOMEM, "page 0 stays free");
	cr_assert_eq(vmas_of(mm, NULL, 0), 0);
}

Test(vm_map, fixed_replaces_what_was_there_and_frees_its_pages)
{
	size_t before = free_pages();

	map_fixed(BASE, 4 * P, RW);
	poke(BASE + P, 1);
	poke(BASE + 2 * P, 2);
	map_fixed(BASE + P, 2 * P, PROT_READ);
	ASSERT_VMAS({ BASE, BASE + P, RW }, { BASE + P, BASE + 3 * P, PROT_READ },
		    { BASE + 3 * P, BASE + 4 * P, RW });
	cr_assert_eq(peek(mm, BASE + P), -1, "the old page is gone");
	cr_assert_eq(unmap(BASE, 4 * P), 0);
	cr_assert_eq(free_pages(), before);
}

Test(vm_map, fixed_noreplace_over_any_mapping_is_eexist)
{
	map_fixed(BASE + P, P, RW);
	cr_assert_eq(map_vma(BASE + P, P, RW, 0, true, true, NULL, 0), -EEXIST);
	cr_assert_eq(map_vma(BASE, 2 * P, RW, 0, true, true, NULL, 0), -EEXIST, "overlap");
	cr_assert_eq(map_vma(BASE, P, RW, 0, true, true, NULL, 0), (long)BASE, "adjacent is fine");
}

Test(vm_map, a_mapping_past_user_space_is_enomem)
{
	cr_assert_eq(map_vma(USER_TOP - P, 2 * P, RW, 0, true, false, NULL, 0), -ENOMEM);
	cr_assert_eq(map_vma(USER_TOP - P, P, RW, 0, true, false, NULL, 0), (long)(USER_TOP - P));
	cr_assert_eq(map_vma(~0ul - P + 1, 2 * P, RW, 0, true, false, NULL, 0), -ENOMEM,
		     "a range that wraps");
}

Test(vm_map, find_and_range_free_treat_end_as_exclusive)
{
	map_fixed(BASE, 2 * P, RW);
	cr_assert_null(vma_find(mm, BASE - 1));
	cr_assert_eq(vma_find(mm, BASE)->start, BASE);
	cr_assert_eq(vma_find(mm, BASE + 2 * P - 1)->start, BASE);
	cr_assert_null(vma_find(mm, BASE + 2 * P));
	cr_assert(range_free(BASE - P, BASE));
	cr_assert(range_free(BASE + 2 * P, BASE + 3 * P));
	cr_assert_not(range_free(BASE - P, BASE + 1));
	cr_assert_not(range_free(BASE + P, BASE + P + 1));
	cr_assert_not(range_free(0, USER_TOP));
}

/* ---- splitting: munmap and mprotect ---------------------------------------------------------- */

Test(vm_split, unmapping_the_middle_leaves_two_mappings)
{
	map_fixed(BASE, 3 * P, RW);
	cr_assert_eq(unmap(BASE + P, P), 0);
	ASSERT_VMAS({ BASE, BASE + P, RW }, { BASE + 2 * P, BASE + 3 * P, RW });
}

Test(vm_split, unmapping_across_mappings_trims_and_removes_them)
{
	map_fixed(BASE, 2 * P, RW);
	map_fixed(BASE + 3 * P, P, PROT_READ);
	map_fixed(BASE + 5 * P, 2 * P, PROT_EXEC);
	cr_assert_eq(unmap(BASE + P, 5 * P), 0);
	ASSERT_VMAS({ BASE, BASE + P, RW }, { BASE + 6 * P, BASE + 7 * P, PROT_EXEC });
}

Test(vm_split, unmapping_frees_exactly_the_pages_of_the_range)
{
	size_t before = free_pages();

	map_fixed(BASE, 4 * P, RW);
	for (int i = 0; i < 4; i++)
		poke(BASE + (vaddr_t)i * P, (char)(i + 1));
	cr_assert_eq(unmap(BASE + P, 2 * P), 0);
	cr_assert_eq(peek(mm, BASE), 1);
	cr_assert_eq(peek(mm, BASE + P), -1);
	cr_assert_eq(peek(mm, BASE + 2 * P), -1);
	cr_assert_eq(peek(mm, BASE + 3 * P), 4);
	cr_assert_eq(fake_mmu_present(&mm->arch), 2);
	cr_assert_eq(unmap(BASE, 4 * P), 0);
	cr_assert_eq(free_pages(), before);
}

Test(vm_split, unmapping_flushes_the_tlb_of_a_hart_running_the_mm)
{
	unsigned long flushes;

	map_fixed(BASE, P, RW);
	poke(BASE, 1);
	tlb_switch_mm(NULL, mm); /* this "hart" runs mm: it may cache it */
	flushes = fake_mmu_flushes();
	cr_assert_eq(unmap(BASE, P), 0);
	cr_assert_gt(fake_mmu_flushes(), flushes);
	tlb_switch_mm(mm, NULL);
}

Test(vm_split, unmapping_an_mm_no_hart_runs_needs_no_flush)
{
	unsigned long flushes;
	size_t before = free_pages();

	map_fixed(BASE, P, RW);
	poke(BASE, 1);
	flushes = fake_mmu_flushes();
	cr_assert_eq(unmap(BASE, P), 0);
	cr_assert_eq(fake_mmu_flushes(), flushes);
	cr_assert_eq(free_pages(), before, "the page is freed all the same");
}

Test(vm_split, unmapping_a_hole_does_nothing)
{
	map_fixed(BASE, P, RW);
	cr_assert_eq(unmap(BASE + 4 * P, 4 * P), 0);
	ASSERT_VMAS({ BASE, BASE + P, RW });
}

Test(vm_split, mprotect_in_the_middle_makes_three_mappings)
{
	map_fixed(BASE, 3 * P, RW);
	cr_assert_eq(vm_protect(mm, BASE + P, P, PROT_READ), 0);
	ASSERT_VMAS({ BASE, BASE + P, RW }, { BASE + P, BASE + 2 * P, PROT_READ },
		    { BASE + 2 * P, BASE + 3 * P, RW });
}

Test(vm_split, mprotect_changes_the_present_ptes)
{
	pte_t *pte;

	map_fixed(BASE, 2 * P, RW);
	poke(BASE, 7);
	cr_assert(pte_perm(*pte_at(mm, BASE)) & MAP_PERM_W);
	cr_assert_eq(vm_protect(mm, BASE, 2 * P, PROT_READ), 0);
	pte = pte_at(mm, BASE);
	cr_assert_eq(pte_perm(*pte), MAP_PERM_R | MAP_PERM_U);
	cr_assert_eq(vm_protect(mm, BASE, 2 * P, PROT_NONE), 0);
	pte = pte_at(mm, BASE);
	cr_assert_not_null(pte, "PROT_NONE keeps the page");
	cr_assert_eq(pte_perm(*pte) & (MAP_PERM_R | MAP_PERM_W | MAP_PERM_X), 0);
	cr_assert_eq(peek(mm, BASE), 7);
}

Test(vm_split, mprotect_stops_at_a_hole_with_enomem)
{
	/* As Linux: the mappings before the hole are changed. */
	map_fixed(BASE, P, RW);
	map_fixed(BASE + 2 * P, P, RW);
	cr_assert_eq(vm_protect(mm, BASE, 3 * P, PROT_READ), -ENOMEM);
	ASSERT_VMAS({ BASE, BASE + P, PROT_READ }, { BASE + 2 * P, BASE + 3 * P, RW });
	cr_assert_eq(vm_protect(mm, BASE + 3 * P, P, PROT_READ), -ENOMEM, "all hole");
}

Test(vm_split, mprotect_writable_on_a_shared_read_only_file_is_eacces)
{
	struct file f = { .size = 4 * P };

	cr_assert_eq(map_vma(BASE, 2 * P, PROT_READ, VMA_SHARED, true, false, &f, 0), (long)BASE);
	cr_assert_eq(vm_protect(mm, BASE + P, P, RW), -EACCES);
	ASSERT_VMAS({ BASE, BASE + 2 * P, PROT_READ });
	cr_assert_eq(unmap(BASE, 2 * P), 0);
	cr_assert_eq(f.refs, 0);
}

Test(vm_split, mprotect_without_memory_to_split_is_enomem)
{
	struct vma *held[4096];
	int n = 0;

	map_fixed(BASE, 3 * P, RW);
	fake_ram_exhaust();
	while (n < 4096 && (held[n] = vma_alloc()) != NULL)
		n++;
	cr_assert_lt(n, 4096);
	cr_assert_eq(vm_protect(mm, BASE + P, P, PROT_READ), -ENOMEM);
	while (n--) {
		*held[n] = (struct vma){ 0 };
		vma_destroy(held[n]);
	}
	fake_ram_release();
}

Test(vm_split, splitting_a_file_mapping_moves_the_offset_and_takes_a_reference)
{
	struct file f = { .size = 16 * P };
	struct vma *hi;

	cr_assert_eq(map_vma(BASE, 4 * P, PROT_READ, 0, true, false, &f, 8 * P), (long)BASE);
	cr_assert_eq(f.refs, 1);
	cr_assert_eq(vm_protect(mm, BASE + P, P, PROT_NONE), 0);
	cr_assert_eq(f.refs, 3, "one per part");
	hi = vma_find(mm, BASE + 2 * P);
	cr_assert_eq(hi->start, BASE + 2 * P);
	cr_assert_eq(hi->file_off, 10 * P);
	cr_assert_eq(vma_find(mm, BASE + P)->file_off, 9 * P);
	cr_assert_eq(vma_find(mm, BASE)->file_off, 8 * P);
	cr_assert_eq(unmap(BASE, 4 * P), 0);
	cr_assert_eq(f.refs, 0);
}

/* ---- merging -------------------------------------------------------------------------------- */

Test(vm_merge, an_anonymous_mapping_joins_an_equal_one_just_below)
{
	map_fixed(BASE, P, RW);
	map_fixed(BASE + P, 2 * P, RW);
	ASSERT_VMAS({ BASE, BASE + 3 * P, RW });
}

Test(vm_merge, different_protections_do_not_merge)
{
	map_fixed(BASE, P, RW);
	map_fixed(BASE + P, P, PROT_READ);
	cr_assert_eq(vmas_of(mm, NULL, 0), 2);
}

Test(vm_merge, different_flags_do_not_merge)
{
	map_fixed(BASE, P, RW);
	cr_assert_eq(map_vma(BASE + P, P, RW, VMA_GROWSDOWN, true, false, NULL, 0),
		     (long)(BASE + P));
	cr_assert_eq(map_vma(BASE + 2 * P, P, RW, VMA_MAYWRITE, true, false, NULL, 0),
		     (long)(BASE + 2 * P));
	cr_assert_eq(vmas_of(mm, NULL, 0), 3);
}

Test(vm_merge, a_gap_prevents_merging)
{
	map_fixed(BASE, P, RW);
	map_fixed(BASE + 2 * P, P, RW);
	cr_assert_eq(vmas_of(mm, NULL, 0), 2);
}

Test(vm_merge, file_mappings_never_merge)
{
	struct file f = { .size = 16 * P };

	cr_assert_eq(map_vma(BASE, P, PROT_READ, 0, true, false, &f, 0), (long)BASE);
	cr_assert_eq(map_vma(BASE + P, P, PROT_READ, 0, true, false, &f, P), (long)(BASE + P));
	map_fixed(BASE + 2 * P, P, PROT_READ);
	cr_assert_eq(vmas_of(mm, NULL, 0), 3, "anonymous memory does not join a file either");
	cr_assert_eq(f.refs, 2);
}

Test(vm_merge, shared_mappings_never_merge)
{
	map_shared_anon(BASE, P);
	map_shared_anon(BASE + P, P);
	cr_assert_eq(vmas_of(mm, NULL, 0), 2);
}

Test(vm_merge, a_growing_heap_stays_one_mapping)
{
	mm->brk_start = mm->brk = BASE;
	cr_assert_eq(vm_brk(mm, BASE + 100), BASE + 100);
	cr_assert_eq(vm_brk(mm, BASE + 3 * P + 1), BASE + 3 * P + 1);
	cr_assert_eq(vm_brk(mm, BASE + 8 * P), BASE + 8 * P);
	ASSERT_VMAS({ BASE, BASE + 8 * P, RW });
	cr_assert_eq(vm_brk(mm, BASE + P), BASE + P);
	ASSERT_VMAS({ BASE, BASE + P, RW });
}

Test(vm_merge, the_heap_may_not_grow_into_a_mapping_or_below_its_start)
{
	mm->brk_start = mm->brk = BASE;
	map_fixed(BASE + 2 * P, P, PROT_READ);
	cr_assert_eq(vm_brk(mm, BASE + 3 * P), BASE, "refused: the break stays");
	cr_assert_eq(vm_brk(mm, BASE + 2 * P), BASE + 2 * P, "up to the mapping is fine");
	cr_assert_eq(vm_brk(mm, BASE - 1), BASE + 2 * P);
}

/* ---- mremap ------------------------------------------------------------------------------------ */

Test(vm_remap, shrinking_unmaps_the_tail_in_place)
{
	map_fixed(BASE, 4 * P, RW);
	poke(BASE + 3 * P, 1);
	cr_assert_eq(vm_remap(mm, BASE, 4 * P, P, 0, 0), (long)BASE);
	ASSERT_VMAS({ BASE, BASE + P, RW });
	cr_assert_eq(fake_mmu_present(&mm->arch), 0);
}

Test(vm_remap, growing_in_place_needs_the_room_above)
{
	map_fixed(BASE, P, RW);
	cr_assert_eq(vm_remap(mm, BASE, P, 3 * P, 0, 0), (long)BASE);
	ASSERT_VMAS({ BASE, BASE + 3 * P, RW });
	map_fixed(BASE + 4 * P, P, PROT_READ);
	cr_assert_eq(vm_remap(mm, BASE, 3 * P, 5 * P, 0, 0), -ENOMEM, "no room, may not move");
	ASSERT_VMAS({ BASE, BASE + 3 * P, RW }, { BASE + 4 * P, BASE + 5 * P, PROT_READ });
}

Test(vm_remap, maymove_moves_the_pages_themselves)
{
	pte_t *pte;
	paddr_t pa;
	long to;

	map_fixed(BASE, 2 * P, RW);
	map_fixed(BASE + 2 * P, P, PROT_READ);
	poke(BASE, 'a');
	poke(BASE + P, 'b');
	pa = pte_pa(*pte_at(mm, BASE));
	to = vm_remap(mm, BASE, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
	cr_assert_gt(to, 0);
	cr_assert_neq(to, (long)BASE);
	cr_assert_eq(peek(mm, (vaddr_t)to), 'a');
	cr_assert_eq(peek(mm, (vaddr_t)to + P), 'b');
	pte = pte_at(mm, (vaddr_t)to);
	cr_assert_eq(pte_pa(*pte), pa, "moved, not copied");
	cr_assert_null(vma_find(mm, BASE));
	cr_assert_eq(peek(mm, BASE), -1);
	cr_assert_eq(vma_find(mm, (vaddr_t)to)->end, (vaddr_t)to + 4 * P);
}

Test(vm_remap, fixed_moves_to_the_address_replacing_what_is_there)
{
	size_t before = free_pages();

	map_fixed(BASE, P, RW);
	map_fixed(BASE + 8 * P, 2 * P, PROT_READ);
	poke(BASE, 'x');
	poke(BASE + 8 * P, 'y');
	cr_assert_eq(vm_remap(mm, BASE, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 8 * P),
		     (long)(BASE + 8 * P));
	cr_assert_eq(peek(mm, BASE + 8 * P), 'x');
	ASSERT_VMAS({ BASE + 8 * P, BASE + 9 * P, RW }, { BASE + 9 * P, BASE + 10 * P, PROT_READ });
	cr_assert_eq(unmap(BASE, 16 * P), 0);
	cr_assert_eq(free_pages(), before);
}

Test(vm_remap, fixed_onto_the_old_range_is_einval)
{
	map_fixed(BASE, 2 * P, RW);
	cr_assert_eq(vm_remap(mm, BASE, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + P),
		     -EINVAL);
	cr_assert_eq(vm_remap(mm, BASE, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE - P),
		     -EINVAL);
}

Test(vm_remap, an_unmapped_or_straddling_range_is_efault)
{
	map_fixed(BASE, 2 * P, RW);
	map_fixed(BASE + 2 * P, P, PROT_READ);
	cr_assert_eq(vm_remap(mm, BASE + 4 * P, P, 2 * P, MREMAP_MAYMOVE, 0), -EFAULT);
	cr_assert_eq(vm_remap(mm, BASE + P, 2 * P, 3 * P, MREMAP_MAYMOVE, 0), -EFAULT,
		     "two mappings");
}

Test(vm_remap, moving_part_of_a_mapping_splits_it)
{
	long to;

	map_fixed(BASE, 3 * P, RW);
	poke(BASE + P, 'm');
	to = vm_remap(mm, BASE + P, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 16 * P);
	cr_assert_eq(to, (long)(BASE + 16 * P));
	ASSERT_VMAS({ BASE, BASE + P, RW }, { BASE + 2 * P, BASE + 3 * P, RW },
		    { BASE + 16 * P, BASE + 17 * P, RW });
	cr_assert_eq(peek(mm, BASE + 16 * P), 'm');
}

Test(vm_remap, a_move_that_runs_out_of_page_tables_puts_everything_back)
{
	long ret;

	map_fixed(BASE, 2 * P, RW);
	poke(BASE, 'a');
	poke(BASE + P, 'b');
	fake_mmu_limit_tables(0);
	/* 64 MiB away: a page-table leaf of its own, which cannot be had. */
	ret = vm_remap(mm, BASE, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + (64ul << 20));
	fake_mmu_limit_tables(-1);
	cr_assert_eq(ret, -ENOMEM);
	cr_assert_eq(peek(mm, BASE), 'a');
	cr_assert_eq(peek(mm, BASE + P), 'b');
	ASSERT_VMAS({ BASE, BASE + 2 * P, RW });
}

Test(vm_remap, moving_a_file_mapping_keeps_one_reference)
{
	struct file f = { .size = 4 * P };

	cr_assert_eq(map_vma(BASE, 2 * P, PROT_READ, 0, true, false, &f, 0), (long)BASE);
	cr_assert_eq(vm_remap(mm, BASE, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 8 * P),
		     (long)(BASE + 8 * P));
	cr_assert_eq(f.refs, 1);
	cr_assert_eq(vma_find(mm, BASE + 8 * P)->file, &f);
	cr_assert_eq(unmap(BASE + 8 * P, 2 * P), 0);
	cr_assert_eq(f.refs, 0);
}

Test(vm_remap, moving_a_shared_anonymous_mapping_keeps_its_memory)
{
	size_t before = free_pages();
	struct page *pg;
	struct vma *v;

	map_shared_anon(BASE, 2 * P);
	cr_assert_eq(vm_remap(mm, BASE, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 8 * P),
		     (long)(BASE + 8 * P));
	v = vma_find(mm, BASE + 8 * P);
	cr_assert_not_null(v->shm);
	/* The object must still be alive: its page is still there to get. */
	pg = shmem_page(v->shm, 1);
	cr_assert_not_null(pg);
	page_put(pg);
	cr_assert_eq(unmap(BASE + 8 * P, 2 * P), 0);
	cr_assert_eq(free_pages(), before, "the object went with its last mapping");
}

Test(vm_remap, a_failed_move_of_a_shared_anonymous_mapping_keeps_its_memory)
{
	size_t before = free_pages();
	struct page *pg;
	long ret;

	map_shared_anon(BASE, 2 * P);
	poke(BASE, 's'); /* a page to move */
	fake_mmu_limit_tables(0);
	ret = vm_remap(mm, BASE, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + (64ul << 20));
	fake_mmu_limit_tables(-1);
	cr_assert_eq(ret, -ENOMEM);
	cr_assert_eq(peek(mm, BASE), 's');
	pg = shmem_page(vma_find(mm, BASE)->shm, 1);
	cr_assert_not_null(pg, "the object is alive");
	page_put(pg);
	cr_assert_eq(unmap(BASE, 2 * P), 0);
	cr_assert_eq(free_pages(), before);
}

/* ---- whole address spaces ----------------------------------------------------------------------- */

Test(vm_mm, the_last_put_frees_every_page_and_mapping)
{
	size_t before;
	struct file f = { .size = 4 * P };

	mm_put(mm);
	before = free_pages();
	mm = mm_create();
	map_fixed(BASE, 4 * P, RW);
	map_fixed(BASE + 8 * P, P, PROT_READ);
	cr_assert_eq(map_vma(BASE + 16 * P, P, PROT_READ, 0, true, false, &f, 0),
		     (long)(BASE + 16 * P));
	map_shared_anon(BASE + 32 * P, 2 * P);
	poke(BASE, 1);
	poke(BASE + 3 * P, 2);
	poke(BASE + 8 * P, 3);
	mm_get(mm);
	mm_put(mm);
	cr_assert_eq(peek(mm, BASE), 1, "one user left");
	mm_put(mm);
	cr_assert_eq(f.refs, 0);
	cr_assert_eq(free_pages(), before);
	mm = NULL;
}

Test(vm_mm, creating_an_address_space_without_memory_fails_cleanly)
{
	size_t before = free_pages();

	fake_mmu_limit_address_spaces(0);
	cr_assert_null(mm_create());
	fake_mmu_limit_address_spaces(-1);
	cr_assert_eq(free_pages(), before);
}

Test(vm_mm, discarding_drops_pages_but_keeps_the_mapping)
{
	map_fixed(BASE, 2 * P, RW);
	poke(BASE, 1);
	poke(BASE + P, 2);
	cr_assert_eq(vm_discard(mm, BASE, P), 0);
	cr_assert_eq(peek(mm, BASE), -1);
	cr_assert_eq(peek(mm, BASE + P), 2);
	ASSERT_VMAS({ BASE, BASE + 2 * P, RW });
}

Test(vm_mm, writing_outside_any_mapping_is_efault)
{
	char c = 0;

	map_fixed(BASE, P, RW);
	cr_assert_eq(vm_write_remote(mm, BASE + P, &c, 1), -EFAULT);
	cr_assert_eq(vm_write_remote(mm, BASE + P - 1, "ab", 2), -EFAULT, "runs off the end");
}

Test(vm_mm, fork_shares_pages_and_write_protects_private_ones)
{
	struct mm *child;

	map_fixed(BASE, P, RW);
	map_shared_anon(BASE + 4 * P, P);
	poke(BASE, 'p');
	poke(BASE + 4 * P, 's');
	child = mm_dup(mm);
	cr_assert_not_null(child);
	cr_assert_eq(peek(child, BASE), 'p');
	cr_assert_eq(pte_pa(*pte_at(child, BASE)), pte_pa(*pte_at(mm, BASE)),
		     "shared until written");
	cr_assert_eq(pte_perm(*pte_at(mm, BASE)) & MAP_PERM_W, 0, "the parent's copy on write");
	cr_assert_eq(pte_perm(*pte_at(child, BASE)) & MAP_PERM_W, 0);
	cr_assert_neq(pte_perm(*pte_at(child, BASE + 4 * P)) & MAP_PERM_W, 0,
		      "shared stays writable");
	cr_assert_eq(page_refcount(pa_to_page(pte_pa(*pte_at(mm, BASE)))), 2);
	mm_put(child);
	cr_assert_eq(page_refcount(pa_to_page(pte_pa(*pte_at(mm, BASE)))), 1);
}
