/*
 * ELF64 executable checker: turns an untrusted ELF header and program-
 * header table into a struct elf_image for exec's loader. The rules and
 * their errnos are listed in proc/elf.h; every sum of two file-supplied
 * numbers is checked for wrap-around before it is formed.
 */
#include <asm-generic/errno.h>
#include <kassert.h>

#include "lib/string.h"
#include "proc/elf.h"

/* True when the @len bytes at @off lie inside a file of @file_size bytes. */
static bool
in_file(uint64_t off, uint64_t len, uint64_t file_size)
{
	return len <= file_size && off <= file_size - len;
}

static bool
ident_ok(const Elf64_Ehdr *eh)
{
	return memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	       eh->e_ident[EI_DATA] == ELFDATA2LSB && eh->e_ident[EI_VERSION] == EV_CURRENT &&
	       eh->e_version == EV_CURRENT;
}

/*
 * Check an ELF header; see proc/elf.h. Returns 0 or -ENOEXEC.
 * Context: any; no locks.
 */
int
elf_check_ehdr(const Elf64_Ehdr *eh, uint64_t file_size)
{
	uint64_t table_size;

	/* Nothing of *eh may be read before we know the file holds it. */
	if (file_size < sizeof(*eh))
		return -ENOEXEC;
	if (!ident_ok(eh))
		return -ENOEXEC;
	if (eh->e_machine != EM_RISCV)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	/* As Linux's load_elf_phdrs(): 1 <= size <= 64 KiB. */
	table_size = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (table_size == 0 || table_size > ELF_PHDRS_MAX_BYTES)
		return -ENOEXEC;
	if (!in_file(eh->e_phoff, table_size, file_size))
		return -ENOEXEC;
	return 0;
}

static int
flags_to_prot(uint32_t p_flags)
{
	int prot = 0;

	if (p_flags & PF_R)
		prot |= PROT_READ;
	if (p_flags & PF_W)
		prot |= PROT_WRITE;
	if (p_flags & PF_X)
		prot |= PROT_EXEC;
	return prot;
}

/* The checks one PT_LOAD passes on its own, empty or not. */
static int
check_load(uint16_t e_type, const Elf64_Phdr *p, uint64_t file_size, uint64_t user_top)
{
	if (p->p_filesz > p->p_memsz)
		return -EINVAL;
	/* File page and memory page must line up for the mapping to work. */
	if ((p->p_offset ^ p->p_vaddr) & (ELF_PAGE_SIZE - 1))
		return -EINVAL;
	if (!in_file(p->p_offset, p->p_filesz, file_size))
		return -EINVAL;
	if (p->p_memsz > UINT64_MAX - p->p_vaddr)
		return -EINVAL;
	if (e_type != ET_EXEC || p->p_memsz == 0)
		return 0;
	/* As Linux's TASK_SIZE test in load_elf_binary(). */
	if (p->p_memsz > user_top || p->p_vaddr > user_top - p->p_memsz)
		return -EINVAL;
	/* As Linux's mmap_min_addr: page 0 stays unmapped so NULL faults. */
	if (p->p_vaddr < ELF_PAGE_SIZE)
		return -EPERM;
	return 0;
}

/* Record a checked PT_LOAD; loads must come sorted and disjoint. */
static int
add_load(struct elf_image *img, const Elf64_Phdr *p)
{
	const struct elf_segment *prev;
	struct elf_segment *seg;

	if (p->p_memsz == 0)
		return 0;
	if (img->nr_loads > 0) {
		prev = &img->loads[img->nr_loads - 1];
		/* No wrap: check_load() bounded both ends. */
		if (p->p_vaddr < prev->seg_vaddr + prev->seg_memsz)
			return -EINVAL;
	}
	if (img->nr_loads == ELF_MAX_LOADS)
		return -ENOEXEC;
	seg = &img->loads[img->nr_loads++];
	seg->seg_vaddr = p->p_vaddr;
	seg->seg_memsz = p->p_memsz;
	seg->seg_offset = p->p_offset;
	seg->seg_filesz = p->p_filesz;
	seg->seg_prot = flags_to_prot(p->p_flags);
	/* As Linux's maximum_alignment(): only powers of two count. */
	if (p->p_align > img->load_align && (p->p_align & (p->p_align - 1)) == 0)
		img->load_align = p->p_align;
	return 0;
}

static int
note_interp(struct elf_image *img, const Elf64_Phdr *p, uint64_t file_size)
{
	/* As Linux: the first PT_INTERP is the one used. */
	if (img->has_interp)
		return 0;
	if (p->p_filesz < 2 || p->p_filesz > ELF_INTERP_MAX)
		return -ENOEXEC;
	if (!in_file(p->p_offset, p->p_filesz, file_size))
		return -EINVAL;
	img->has_interp = true;
	img->interp_offset = p->p_offset;
	img->interp_size = p->p_filesz;
	return 0;
}

static int
parse_one(const Elf64_Ehdr *eh, const Elf64_Phdr *p, uint64_t file_size, uint64_t user_top,
	  struct elf_image *img)
{
	int err;

	switch (p->p_type) {
	case PT_LOAD:
		err = check_load(eh->e_type, p, file_size, user_top);
		if (err)
			return err;
		return add_load(img, p);
	case PT_INTERP:
		return note_interp(img, p, file_size);
	case PT_GNU_STACK:
		/* As Linux: the last one wins. */
		img->stack_prot = PROT_READ | PROT_WRITE;
		if (p->p_flags & PF_X)
			img->stack_prot |= PROT_EXEC;
		return 0;
	default:
		return 0;
	}
}

/* Page-align the image's extent and check that it fits below user_top. */
static int
set_extent(struct elf_image *img, uint64_t user_top)
{
	/* Loads are sorted and disjoint, so the last one ends highest. */
	const struct elf_segment *last = &img->loads[img->nr_loads - 1];
	uint64_t end = last->seg_vaddr + last->seg_memsz;

	if (end > UINT64_MAX - (ELF_PAGE_SIZE - 1))
		return -EINVAL;
	img->load_lo = ALIGN_DOWN(img->loads[0].seg_vaddr, ELF_PAGE_SIZE);
	img->load_hi = ALIGN_UP(end, ELF_PAGE_SIZE);
	if (img->load_hi - img->load_lo > user_top)
		return -EINVAL;
	return 0;
}

/* AT_PHDR: PT_PHDR if there is one, else the load holding the table. */
static uint64_t
phdr_vaddr(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, const struct elf_image *img)
{
	uint64_t table_size = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	const struct elf_segment *seg;

	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return ph[i].p_vaddr;
	for (unsigned int i = 0; i < img->nr_loads; i++) {
		seg = &img->loads[i];
		if (eh->e_phoff >= seg->seg_offset && table_size <= seg->seg_filesz &&
		    eh->e_phoff - seg->seg_offset <= seg->seg_filesz - table_size)
			return seg->seg_vaddr + (eh->e_phoff - seg->seg_offset);
	}
	return 0;
}

static bool
entry_is_executable(const struct elf_image *img)
{
	const struct elf_segment *seg;

	for (unsigned int i = 0; i < img->nr_loads; i++) {
		seg = &img->loads[i];
		if ((seg->seg_prot & PROT_EXEC) && img->entry >= seg->seg_vaddr &&
		    img->entry - seg->seg_vaddr < seg->seg_memsz)
			return true;
	}
	return false;
}

/*
 * Validate the program headers and fill @img; see proc/elf.h.
 * Returns 0, -ENOEXEC, -EPERM or -EINVAL.
 * Context: any; no locks.
 */
int
elf_parse_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, uint64_t file_size, uint64_t user_top,
		struct elf_image *img)
{
	int err;

	KASSERT(IS_ALIGNED(user_top, ELF_PAGE_SIZE));
	err = elf_check_ehdr(eh, file_size);
	if (err)
		return err;
	memset(img, 0, sizeof(*img));
	img->type = eh->e_type;
	img->phnum = eh->e_phnum;
	img->entry = eh->e_entry;
	img->load_align = ELF_PAGE_SIZE;
	img->stack_prot = PROT_READ | PROT_WRITE;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		err = parse_one(eh, &ph[i], file_size, user_top, img);
		if (err)
			return err;
	}
	if (img->nr_loads == 0)
		return -ENOEXEC;
	err = set_extent(img, user_top);
	if (err)
		return err;
	img->phdr_vaddr = phdr_vaddr(eh, ph, img);
	if (!entry_is_executable(img))
		return -EINVAL;
	return 0;
}
