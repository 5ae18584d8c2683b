/*
 * Powering the machine off through the sifive,test finisher, with the
 * exit code QEMU reports (DESIGN.md §1), falling back to SBI SRST.
 */
#pragma once

#include <compiler.h>
#include <types.h>

void power_init(paddr_t finisher_base);
/* QEMU exits with status (0..255). Never returns. */
__noreturn void power_off(int status);
