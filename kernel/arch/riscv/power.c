/*
 * The sifive,test finisher: writing 0x5555 ends QEMU with exit code 0,
 * 0x3333 | code << 16 with exit code `code` (QEMU hw/misc/sifive_test.c).
 */
#include <arch/cpu.h>
#include "drivers/mmio.h"
#include <arch/power.h>

#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555

static uint32_t *finisher; /* [I] */

void
power_init(paddr_t finisher_base)
{
	finisher = mmio_map(finisher_base);
}

void
power_off(int status)
{
	if (finisher) {
		if (status == 0)
			mmio_write32(finisher, FINISHER_PASS);
		else
			mmio_write32(finisher, FINISHER_FAIL | (uint32_t)(status & 0xffff) << 16);
	}
	arch_firmware_poweroff(status != 0);
	arch_halt();
}
