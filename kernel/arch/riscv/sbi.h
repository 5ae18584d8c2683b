/*
 * SBI calls (RISC-V SBI spec v1.0) used by the kernel. Only arch/riscv/
 * includes this header.
 */
#pragma once

#include <types.h>

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(long ext, long fid, unsigned long a0, unsigned long a1, unsigned long a2);

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494d45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM    0x48534d
#define SBI_EXT_SRST   0x53525354

bool sbi_probe(long ext);
void sbi_set_timer(uint64_t deadline);
int sbi_hart_start(unsigned long hartid, paddr_t start, unsigned long opaque);
/* Send a software interrupt to the harts in mask (bit i = hart base + i). */
void sbi_send_ipi(unsigned long mask, unsigned long base);
void sbi_system_reset(unsigned type, unsigned reason);
