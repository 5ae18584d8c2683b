/*
 * What a panic prints about the machine state.
 */
#pragma once

#include <types.h>

struct trapframe;

/* Print cause, sepc, stval and every register of a trap frame. */
void arch_dump_trapframe(const struct trapframe *tf);
/* Print this hart's call chain from the caller's frame, symbolized. */
void arch_dump_backtrace(void);
const char *trap_cause_name(uint64_t scause);
