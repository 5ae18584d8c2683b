/* Controls of the host page-table fake (fake_mmu.c). */
#pragma once

#include <arch/mmu.h>

/* From now on at most n more page-table leaves / address spaces can be
 * allocated (arch_pte_walk() with alloc returns NULL, arch_mm_init()
 * -ENOMEM); -1 lifts the limit. */
void fake_mmu_limit_tables(long n);
void fake_mmu_limit_address_spaces(long n);

/* TLB flushes (of a page or of everything) asked for so far. */
unsigned long fake_mmu_flushes(void);

/* Present PTEs in an address space. */
unsigned long fake_mmu_present(const struct arch_mm *amm);
