/*
 * System-call dispatch: the Linux riscv64 numbers (asm-generic/unistd.h)
 * map to sys_* functions through one table.
 */
#pragma once

#include <types.h>

/* Run system call nr; returns the value for a0 (-errno on failure). */
long syscall_dispatch(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
		      unsigned long a3, unsigned long a4, unsigned long a5);
