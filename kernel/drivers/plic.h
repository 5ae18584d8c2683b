/*
 * The platform-level interrupt controller (RISC-V PLIC spec 1.0).
 */
#pragma once

#include <types.h>

#define PLIC_MAX_IRQS 128

void plic_init(paddr_t base, unsigned ndev);
/* Route this hart's S-mode context: threshold 0. */
void plic_init_hart(uint32_t context);
/* Call handler(arg) on every interrupt from irq, on any hart. Boot only. */
void plic_register(unsigned irq, void (*handler)(void *arg), void *arg);

/* Claim, handle and complete this hart's pending external interrupts.
 * Interrupt context: called by the trap handler. */
void plic_handle_irq(void);
