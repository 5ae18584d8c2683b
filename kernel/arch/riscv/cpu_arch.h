/*
 * The riscv part of struct cpu (proc/cpu.h).
 */
#pragma once

#include <types.h>

struct hart_entry;

struct arch_cpu {
	struct hart_entry *entry; /* [I] direct-map address of the entry page */
	vaddr_t entry_va;	  /* [I] its alias in the entry area (sscratch) */
	uint32_t plic_context;	  /* [I] PLIC context of S-mode external interrupts */
	uintptr_t probe_recover;  /* [o] resume address for boot self-check probes */
};
