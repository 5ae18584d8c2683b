/*
 * ELF64 executable checker: validates the ELF header and program headers
 * of a RISC-V executable and distils them into a struct elf_image, the
 * plan exec's loader follows. Nothing here reads files or touches memory
 * maps: the caller reads the header and the program-header table into
 * kernel buffers and passes them in with the file's size, so every rule
 * below can be tested on the host with real and hostile binaries.
 *
 * The file is never trusted. Rules, each with the errno it gives (Linux's
 * fs/binfmt_elf.c is the model; where we differ, it says so):
 *
 * elf_check_ehdr() — all -ENOEXEC ("not an executable of ours"):
 *  - the file is shorter than an Elf64_Ehdr;
 *  - e_ident: not "\177ELF", not ELFCLASS64, not ELFDATA2LSB, or
 *    EI_VERSION is not EV_CURRENT; e_version is not EV_CURRENT
 *    (Linux checks only the magic and the class; we are stricter);
 *  - e_machine is not EM_RISCV; e_type is neither ET_EXEC nor ET_DYN;
 *  - e_phentsize != sizeof(Elf64_Phdr); e_phnum == 0, or the table is
 *    larger than 64 KiB (so PN_XNUM extended numbering is refused);
 *  - the program-header table does not lie wholly inside the file
 *    (Linux gives -EIO from its short read; we say -ENOEXEC).
 *
 * elf_parse_phdrs() — first elf_check_ehdr(), then, per program header:
 *  - PT_LOAD with p_filesz > p_memsz: -EINVAL (as Linux);
 *  - PT_LOAD with p_offset and p_vaddr not congruent modulo
 *    ELF_PAGE_SIZE: -EINVAL (Linux's mmap fails with -EINVAL);
 *  - PT_LOAD whose file bytes [p_offset, p_offset + p_filesz) are not
 *    inside the file: -EINVAL (Linux maps them and the program later
 *    dies of SIGBUS; we refuse up front);
 *  - PT_LOAD whose extent [p_vaddr, p_vaddr + p_memsz) wraps: -EINVAL.
 *    ET_EXEC: the extent must end at or below @user_top (as Linux's
 *    TASK_SIZE check, -EINVAL) and must not touch page 0 (-EPERM, as
 *    Linux's mmap_min_addr). ET_DYN: the whole image, from the first
 *    load's page to the last load's end rounded up, must fit in
 *    @user_top bytes (the load bias is chosen later);
 *  - PT_LOADs overlapping or out of ascending p_vaddr order: -EINVAL
 *    (the ELF spec requires the order; Linux would silently map one over
 *    the other). Two loads may share the page at their boundary, as
 *    every linker's output does; the loader must map that page once;
 *  - a PT_LOAD with p_memsz == 0 is checked as above and then ignored
 *    (it maps nothing);
 *  - more than ELF_MAX_LOADS non-empty PT_LOADs: -ENOEXEC; none: -ENOEXEC;
 *  - PT_INTERP: the first one counts (as Linux); p_filesz outside
 *    [2, ELF_INTERP_MAX] gives -ENOEXEC (as Linux), bytes outside the
 *    file -EINVAL (Linux: -EIO). Its NUL terminator is the reader's job;
 *  - PT_GNU_STACK: the last one sets the stack's protection (as Linux);
 *    without one the stack is not executable (Linux on RISC-V too);
 *  - PT_PHDR: the first one gives the in-memory address of the program
 *    headers (AT_PHDR); otherwise it is the PT_LOAD whose file bytes hold
 *    the whole table; otherwise 0. The address is not checked further:
 *    the kernel never dereferences it, so a lie hurts only the program;
 *  - e_entry must lie inside an executable (PF_X) PT_LOAD: -EINVAL.
 *    Linux only checks that the entry is below TASK_SIZE and lets a bad
 *    one die of SIGSEGV on its first instruction; we refuse it in execve.
 * Other program-header types (PT_NOTE, PT_TLS, PT_DYNAMIC, PT_GNU_RELRO,
 * processor-specific ones...) are ignored, as Linux does.
 *
 * All addresses in struct elf_image are the file's own (unbiased): for
 * ET_DYN the loader adds its chosen bias to every one of them.
 *
 * Context: pure functions of their arguments: any context, never sleep,
 * take no locks, allocate nothing.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include <asm-generic/mman-common.h>
#include <linux/elf-em.h>
#include <linux/elf.h>

/* The ELF page: RISC-V's base page (psABI: max-page-size 4 KiB). */
#define ELF_PAGE_SIZE	    4096UL
/* Largest program-header table accepted, in bytes (as Linux). */
#define ELF_PHDRS_MAX_BYTES 65536UL
/* Non-empty PT_LOADs kept: glibc programs have 2 to 4, Linux has no limit. */
#define ELF_MAX_LOADS	    8
/* Longest PT_INTERP accepted, NUL included (Linux: PATH_MAX). */
#define ELF_INTERP_MAX	    4096UL

/* One non-empty PT_LOAD segment, as the file gives it. */
struct elf_segment {
	uint64_t seg_vaddr;  /* p_vaddr: first byte in memory */
	uint64_t seg_memsz;  /* p_memsz: bytes in memory, > 0 */
	uint64_t seg_offset; /* p_offset: where the file bytes start */
	uint64_t seg_filesz; /* p_filesz <= p_memsz; the rest is zeroed */
	int seg_prot;	     /* PROT_READ/PROT_WRITE/PROT_EXEC from p_flags */
};

/* What exec needs to know to map an executable; filled by elf_parse_phdrs(). */
struct elf_image {
	uint16_t type;		/* ET_EXEC or ET_DYN */
	uint16_t phnum;		/* e_phnum, for AT_PHNUM */
	uint64_t entry;		/* e_entry, inside an executable load */
	uint64_t phdr_vaddr;	/* program headers in memory (AT_PHDR), 0: not mapped */
	uint64_t load_lo;	/* first load's vaddr rounded down to a page */
	uint64_t load_hi;	/* highest load end rounded up to a page */
	uint64_t load_align;	/* largest power-of-two p_align, >= ELF_PAGE_SIZE */
	bool has_interp;	/* a PT_INTERP was found */
	uint64_t interp_offset; /* its file offset and size (NUL included) */
	uint64_t interp_size;
	int stack_prot;	       /* PROT_READ|PROT_WRITE, plus PROT_EXEC if asked */
	unsigned int nr_loads; /* 1..ELF_MAX_LOADS */
	/* The non-empty PT_LOADs, ascending and disjoint. */
	struct elf_segment loads[ELF_MAX_LOADS];
};

/*
 * Check the ELF header @eh of a file of @file_size bytes: the caller has
 * min(file_size, sizeof(*eh)) bytes of the file at @eh; nothing past that
 * is read. Returns 0 if the file is a RISC-V ELF64 executable whose
 * program-header table lies inside the file, otherwise -ENOEXEC (the
 * rules are in the comment at the top of this file).
 * Context: any; no locks.
 */
int __must_check elf_check_ehdr(const Elf64_Ehdr *eh, uint64_t file_size);

/*
 * Validate the program headers @ph (the eh->e_phnum entries read from
 * offset eh->e_phoff of the file) of a file of @file_size bytes whose
 * header is @eh, for an address space whose user part is [0, @user_top)
 * (@user_top a multiple of ELF_PAGE_SIZE), and fill @img.
 * Returns 0; -ENOEXEC if elf_check_ehdr() fails, there is no non-empty
 * PT_LOAD, there are more than ELF_MAX_LOADS, or PT_INTERP's size is out
 * of range; -EPERM for an ET_EXEC load on page 0; -EINVAL for every other
 * rule at the top of this file. On error @img is left partly written and
 * must not be used.
 * Context: any; no locks.
 */
int __must_check elf_parse_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, uint64_t file_size,
				 uint64_t user_top, struct elf_image *img);
