/*
 * MMIO accessors for drivers. Device registers are reached through the
 * direct map (arch maps every device the FDT names there at boot).
 */
#pragma once

#include <types.h>

#include "mm/page.h"

static inline void *
mmio_map(paddr_t pa)
{
	return pa_to_kva(pa);
}

static inline uint8_t
mmio_read8(const volatile void *addr)
{
	return *(const volatile uint8_t *)addr;
}

static inline void
mmio_write8(volatile void *addr, uint8_t v)
{
	*(volatile uint8_t *)addr = v;
}

static inline uint32_t
mmio_read32(const volatile void *addr)
{
	return *(const volatile uint32_t *)addr;
}

static inline void
mmio_write32(volatile void *addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}
