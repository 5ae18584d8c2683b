/*
 * The initial user stack of a new image (argc, argv, envp, auxv and the
 * strings they point to), as Linux's ELF loader lays it out.
 */
#pragma once

#include <types.h>

struct mm;
struct elf_image;
struct exec_strings;

struct exec_image {
	struct mm *mm;	/* the new address space */
	uint64_t bias;	/* load bias (static-pie) */
	uint64_t entry; /* first instruction */
	uint64_t sp;	/* initial stack pointer */
};

/* Map the stack VMA of img->mm and fill it; sets out->entry and out->sp.
 * Returns 0, -E2BIG or -ENOMEM. */
int exec_setup_stack(struct exec_image *out, const struct elf_image *img,
		     const struct exec_strings *args, const char *execfn);
