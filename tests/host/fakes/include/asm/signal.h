/*
 * riscv64's UAPI <asm/signal.h> is the generic one; the host's (x86-64)
 * is not, and would clash with <asm-generic/signal.h>, which kernel code
 * includes directly. So host tests see riscv64's.
 */
#pragma once

#include <asm-generic/signal.h>
