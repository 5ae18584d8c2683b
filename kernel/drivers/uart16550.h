/*
 * The NS16550A console UART.
 */
#pragma once

#include <types.h>

/* Take over console output. Boot hart, before other harts start. */
void uart16550_init(paddr_t base, unsigned reg_shift);
/* Route received bytes to console_input() through the PLIC. */
void uart16550_enable_rx(unsigned irq);
