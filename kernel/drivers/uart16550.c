/*
 * NS16550A UART: polled transmit (the console writes whole lines with
 * its lock held), interrupt-driven receive into the console input queue.
 */
#include "printk/printk.h"
#include "drivers/mmio.h"
#include "drivers/plic.h"
#include "drivers/uart16550.h"
#include "tty/console.h"

#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1 /* interrupt enable */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_LSR 5 /* line status */

#define IER_RX_AVAILABLE 0x01
#define FCR_ENABLE_CLEAR 0x07
#define LCR_8N1		 0x03
#define LSR_DATA_READY	 0x01
#define LSR_THR_EMPTY	 0x20

static volatile uint8_t *uart_base; /* [I] */
static unsigned uart_shift;	    /* [I] reg-shift */

static uint8_t
reg_read(unsigned reg)
{
	return mmio_read8(uart_base + (reg << uart_shift));
}

static void
reg_write(unsigned reg, uint8_t v)
{
	mmio_write8(uart_base + (reg << uart_shift), v);
}

static void
uart_putc(char c)
{
	while (!(reg_read(UART_LSR) & LSR_THR_EMPTY))
		;
	reg_write(UART_THR, (uint8_t)c);
}

static void
uart_irq(void *arg)
{
	(void)arg;
	while (reg_read(UART_LSR) & LSR_DATA_READY)
		console_input((char)reg_read(UART_RBR));
}

void
uart16550_init(paddr_t base, unsigned reg_shift)
{
	uart_base = mmio_map(base);
	uart_shift = reg_shift;
	/* QEMU's firmware has set the baud rate; keep it, set 8N1 and FIFOs. */
	reg_write(UART_LCR, LCR_8N1);
	reg_write(UART_FCR, FCR_ENABLE_CLEAR);
	console_set_output(uart_putc);
}

void
uart16550_enable_rx(unsigned irq)
{
	plic_register(irq, uart_irq, NULL);
	reg_write(UART_IER, IER_RX_AVAILABLE);
}
