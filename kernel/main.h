/*
 * The portable boot sequence, entered by arch code on the boot hart.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct bootinfo;
struct cmdline;

/* Boot hart, boot stack, boot page table: parse the machine description,
 * bring up memory, then continue on a proper kernel stack. */
__noreturn void kernel_main(unsigned long boot_hartid, paddr_t fdt_pa);

extern struct bootinfo boot_info;
extern struct cmdline boot_cmdline;
