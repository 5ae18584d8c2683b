/*
 * The console terminal: /dev/console and /dev/tty. Input bytes arrive
 * from the UART's interrupt; output goes to the kernel's console sink
 * (printk/printk.h), which the UART driver provides.
 */
#pragma once

/* A byte arrived from the console device. Context: interrupt. */
void console_input(char c);

/* Register /dev/console (5:1) and /dev/tty (5:0). Boot, before devfs is
 * populated. */
void console_tty_init(void);
