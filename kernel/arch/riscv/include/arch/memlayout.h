/*
 * The Sv39 virtual address map (see docs/memory.md for the diagram).
 *
 *   0x0000_0000_0000_0000 .. 0x0000_003f_ffff_ffff   user space (256 GiB)
 *   0xffff_ffc0_0000_0000 .. 0xffff_ffdf_ffff_ffff   direct map: kva = pa + DIRECT_MAP_OFFSET
 *   0xffff_ffe0_0000_0000 .. 0xffff_ffef_ffff_ffff   kernel stacks, 32 KiB slots, each
 *                                                    16 KiB of stack over an unmapped guard
 *   0xffff_ffff_8000_0000 .. 0xffff_ffff_bfff_ffff   kernel image (.text RX, .rodata R, .data/.bss RW)
 *   0xffff_ffff_ffe0_0000 .. 0xffff_ffff_ffff_efff   per-hart entry areas (one page each)
 *   0xffff_ffff_ffff_f000                            trampoline page (uservec/userret)
 *
 * The top 1 GiB slot (root entry 511) holds only the entry areas and the
 * trampoline, so the user view of an address space can share it whole.
 */
#pragma once

#define USER_TOP	   0x0000004000000000ul
#define DIRECT_MAP_OFFSET  0xffffffc000000000ul
#define DIRECT_MAP_SIZE	   0x0000002000000000ul
#define KSTACK_REGION	   0xffffffe000000000ul
#define KSTACK_REGION_SIZE 0x0000001000000000ul
#define KIMAGE_VBASE	   0xffffffff80000000ul
#define ENTRY_AREA_BASE	   0xffffffffffe00000ul
#define TRAMPOLINE_VA	   0xfffffffffffff000ul

#define KSTACK_SIZE (16ul << 10)
#define KSTACK_SLOT (32ul << 10)

#define MAX_HARTS    64
#define KIMAGE_PBASE 0x80000000ul /* physical base of KIMAGE_VBASE (the image loads at +2 MiB) */
#define KSTACK_SHIFT 14		  /* log2(KSTACK_SIZE): set in every in-stack address */
