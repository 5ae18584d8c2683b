/*
 * goldfish RTC (QEMU hw/rtc/goldfish_rtc.c): reading TIME_LOW latches
 * TIME_HIGH, so the low word is read first.
 */
#include "drivers/mmio.h"
#include "drivers/rtc.h"

#define RTC_TIME_LOW  0x00
#define RTC_TIME_HIGH 0x04

static uint8_t *rtc_base; /* [I] */

void
rtc_init(paddr_t base)
{
	rtc_base = mmio_map(base);
}

uint64_t
rtc_read_ns(void)
{
	uint64_t lo, hi;

	if (!rtc_base)
		return 0;
	lo = mmio_read32(rtc_base + RTC_TIME_LOW);
	hi = mmio_read32(rtc_base + RTC_TIME_HIGH);
	return hi << 32 | lo;
}
