/*
 * Sv39 page-table entry layout (priv spec v1.12, 4.4.1). Only
 * arch/riscv/ includes this header.
 */
#pragma once

#define PTE_V	      (1ul << 0)
#define PTE_R	      (1ul << 1)
#define PTE_W	      (1ul << 2)
#define PTE_X	      (1ul << 3)
#define PTE_U	      (1ul << 4)
#define PTE_G	      (1ul << 5)
#define PTE_A	      (1ul << 6)
#define PTE_D	      (1ul << 7)
/* RSW bit: a page kept mapped with no access (PROT_NONE); V is clear so
 * every access faults, but the address space still holds the page. */
#define PTE_HELD      (1ul << 8)
#define PTE_PPN_SHIFT 10
#define PTE_LEAF      (PTE_R | PTE_W | PTE_X)

#define SV39_LEVELS 3
#define VPN_BITS    9
#define PT_ENTRIES  512

static inline unsigned
vpn(unsigned long va, int level)
{
	return (va >> (12 + VPN_BITS * level)) & (PT_ENTRIES - 1);
}
