/*
 * PLIC: every source gets priority 1 and is enabled for every hart's
 * S-mode context; whichever hart claims an interrupt first handles it
 * (the claim is atomic in the PLIC).
 */
#include "drivers/mmio.h"
#include "drivers/plic.h"
#include "sched/cpu.h"

#define PLIC_PRIORITY(irq)  (4 * (irq))
#define PLIC_ENABLE(ctx)    (0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)	    (0x200004 + 0x1000 * (ctx))

struct plic_handler {
	void (*fn)(void *arg);
	void *arg;
};

static uint8_t *plic_base;			    /* [I] */
static unsigned plic_ndev;			    /* [I] */
static struct plic_handler handlers[PLIC_MAX_IRQS]; /* [I] after boot */

void
plic_init(paddr_t base, unsigned ndev)
{
	plic_base = mmio_map(base);
	plic_ndev = ndev < PLIC_MAX_IRQS ? ndev : PLIC_MAX_IRQS - 1;
}

void
plic_register(unsigned irq, void (*handler)(void *arg), void *arg)
{
	if (irq == 0 || irq > plic_ndev)
		panic("plic_register: irq %u out of range 1..%u", irq, plic_ndev);
	handlers[irq] = (struct plic_handler){ handler, arg };
	mmio_write32(plic_base + PLIC_PRIORITY(irq), 1);
	for (unsigned i = 0; i < ncpus; i++) {
		uint32_t ctx = cpus[i].arch.plic_context;
		uint8_t *en = plic_base + PLIC_ENABLE(ctx) + 4 * (irq / 32);

		mmio_write32(en, mmio_read32(en) | 1u << (irq % 32));
	}
}

void
plic_init_hart(uint32_t context)
{
	mmio_write32(plic_base + PLIC_THRESHOLD(context), 0);
}

void
plic_handle_irq(void)
{
	uint32_t ctx = this_cpu()->arch.plic_context;
	uint32_t irq;

	while ((irq = mmio_read32(plic_base + PLIC_CLAIM(ctx))) != 0) {
		if (irq < PLIC_MAX_IRQS && handlers[irq].fn)
			handlers[irq].fn(handlers[irq].arg);
		mmio_write32(plic_base + PLIC_CLAIM(ctx), irq);
	}
}
