/*
 * Functions and data shared between head.S and the early boot C code.
 * Each names its caller.
 */
#pragma once

#include <types.h>

/* Called from head.S (_start) with the MMU off; returns the boot satp. */
uint64_t early_map(void);
extern uint64_t boot_pgtable[];

/* Filled by the boot hart for one starting secondary hart at a time;
 * read by head.S (secondary_start). */
struct secondary_boot {
	uint64_t satp;	      /* asm: head.S */
	uint64_t sp;	      /* asm: head.S */
	uint64_t tp;	      /* asm: head.S */
	uint64_t kernel_satp; /* asm: head.S: the kernel map, once at the high alias */
};
extern struct secondary_boot secondary_boot;
