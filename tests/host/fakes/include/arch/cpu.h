/*
 * The host's stand-in for <arch/cpu.h>: host unit tests compile portable
 * kernel code against this instead of arch/riscv's interface, which
 * proves that code reaches the hardware only through that interface.
 * One "hart", interrupts that are never on, and a clock that stands
 * still unless a test moves it (fakes/fake_arch.c).
 */
#pragma once

#include <types.h>

struct cpu;

struct context {
	uint64_t ra, sp;
	uint64_t s[12];
};

struct arch_cpu {
	int unused;
};

static inline bool
arch_irq_save(void)
{
	return false;
}

static inline void
arch_irq_enable(void)
{
}

static inline void
arch_irq_disable(void)
{
}

static inline void
arch_irq_restore(bool enabled)
{
	(void)enabled;
}

static inline bool
arch_irqs_enabled(void)
{
	return false;
}

static inline void
arch_cpu_relax(void)
{
}

/* The one host "hart" (fakes/fake_arch.c). */
struct cpu *this_cpu(void);

/* There is no other hart to interrupt: panics (fakes/fake_arch.c). */
void arch_send_ipi(unsigned cpu_index);

/* The early console: stderr (fakes/fake_arch.c). */
void arch_early_putc(char c);

/* Time in ticks of a 10 MHz time base, as on QEMU virt; a test sets it
 * with fake_time_set_ticks() (fakes/fake_arch.c). */
uint64_t arch_time_ticks(void);
uint64_t arch_ticks_to_ns(uint64_t ticks);
uint64_t arch_ns_to_ticks(uint64_t ns);
static inline uint64_t
arch_time_ns(void)
{
	return arch_ticks_to_ns(arch_time_ticks());
}
