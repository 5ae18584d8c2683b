/*
 * The boot page table, built by the boot hart before the MMU is on.
 *
 * This code runs at the image's physical address: every global it
 * touches is reached pc-relative, and it must not use jump tables or any
 * absolute address (build.mk compiles it with -fno-jump-tables).
 * The table maps with 1 GiB pages: the identity of the image's gigabyte
 * (so the instruction after the satp write still fetches), the image at
 * KIMAGE_VBASE, and the first 128 GiB of physical space at
 * DIRECT_MAP_OFFSET (where the FDT and RAM are read until arch_mmu_init
 * replaces this table). Secondary harts reuse it to reach the kernel.
 */
#include <compiler.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/early.h"
#include <arch/memlayout.h>
#include "arch/riscv/pte.h"

uint64_t boot_pgtable[PT_ENTRIES] __aligned(4096);

static uint64_t
gigapage(uint64_t pa)
{
	return ((pa >> 12) << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D |
	       PTE_G;
}

uint64_t
early_map(void)
{
	uint64_t image_pa = KIMAGE_PBASE;

	boot_pgtable[vpn(image_pa, 2)] = gigapage(image_pa);
	boot_pgtable[vpn(KIMAGE_VBASE, 2)] = gigapage(image_pa);
	for (uint64_t gb = 0; gb < DIRECT_MAP_SIZE >> 30; gb++)
		boot_pgtable[vpn(DIRECT_MAP_OFFSET, 2) + gb] = gigapage(gb << 30);
	return SATP_MODE_SV39 | ((uint64_t)boot_pgtable >> 12);
}
