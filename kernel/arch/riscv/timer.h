/*
 * The supervisor timer: Sstc's stimecmp when the ISA has it, the SBI
 * TIME extension otherwise. Only arch/riscv/ includes this header.
 */
#pragma once

#include <types.h>

extern uint64_t timebase_hz; /* [I] from /cpus timebase-frequency */
extern bool timer_has_sstc;  /* [I] */

void timer_init_boot(uint64_t hz, bool sstc);
void timer_init_hart(void);
