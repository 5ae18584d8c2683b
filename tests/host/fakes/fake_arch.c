/*
 * Host implementations of the arch interface functions that
 * tests/host/fakes/include/arch/cpu.h declares out of line.
 */
#include <stdio.h>

#include <arch/cpu.h>
#include <kassert.h>

#include "fakes/fake_arch.h"

/* Room for a struct cpu: only its first member (struct irq_nest) is used
 * by the code under test. */
static _Alignas(64) unsigned char cpu0[FAKE_CPU_BYTES];
static uint64_t now_ticks;

struct cpu *
this_cpu(void)
{
	return (struct cpu *)cpu0;
}

uint64_t
arch_time_ticks(void)
{
	return now_ticks;
}

uint64_t
arch_ticks_to_ns(uint64_t ticks)
{
	return ticks * 100;
}

uint64_t
arch_ns_to_ticks(uint64_t ns)
{
	return ns / 100;
}

void
fake_time_set_ticks(uint64_t ticks)
{
	now_ticks = ticks;
}

void
arch_send_ipi(unsigned cpu_index)
{
	panic("arch_send_ipi: the host has one hart, asked to interrupt hart %u", cpu_index);
}

void
arch_early_putc(char c)
{
	fputc(c, stderr);
}
