/*
 * The interface arch/riscv offers the portable kernel: interrupts on this
 * hart, per-hart data, time, idling, and kernel-thread contexts.
 */
#pragma once

#include <types.h>

struct cpu;

struct hart_entry;

struct arch_cpu {
	struct hart_entry *entry; /* [I] direct-map address of the entry page */
	vaddr_t entry_va;	  /* [I] its alias in the entry area (sscratch) */
	uint32_t plic_context;	  /* [I] PLIC context of S-mode external interrupts */
	uintptr_t probe_recover;  /* [o] resume address for boot self-check probes */
};

/* Callee-saved registers of a kernel thread that is not running. */
struct context { /* asm: switch.S */
	uint64_t ra, sp;
	uint64_t s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

/* Interrupts on this hart (sstatus.SIE, priv spec 4.1.1). Inline: they
 * sit on every trap and lock path. The "memory" clobbers keep memory
 * accesses inside the section they guard. */
static inline bool
arch_irq_save(void)
{
	unsigned long old;

	__asm__ volatile("csrrci %0, sstatus, 2" : "=r"(old) : : "memory");
	return old & 2;
}

static inline void
arch_irq_enable(void)
{
	__asm__ volatile("csrsi sstatus, 2" : : : "memory");
}

static inline void
arch_irq_disable(void)
{
	__asm__ volatile("csrci sstatus, 2" : : : "memory");
}

static inline void
arch_irq_restore(bool enabled)
{
	if (enabled)
		arch_irq_enable();
}

static inline bool
arch_irqs_enabled(void)
{
	unsigned long s;

	__asm__ volatile("csrr %0, sstatus" : "=r"(s));
	return s & 2;
}

/* This hart's struct cpu (tp in kernel mode). */
static inline struct cpu *
this_cpu(void)
{
	struct cpu *c;

	/* volatile: a thread can sleep on one hart and wake on another, so
	 * the compiler must never reuse a tp it read before a call. */
	__asm__ volatile("mv %0, tp" : "=r"(c));
	return c;
}

static inline void
arch_cpu_relax(void)
{
	/* Zihintpause's pause, encoded as a fence so older assemblers take it. */
	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory");
}

/* Make instruction fetch see code just written (Zifencei). */
static inline void
arch_sync_icache(void)
{
	__asm__ volatile("fence.i" : : : "memory");
}

/* Sleep until an interrupt is pending (it is taken only if enabled). */
void arch_wait_for_interrupt(void);

/* Monotonic time since boot, in timebase ticks. */
static inline uint64_t
arch_time_ticks(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}
uint64_t arch_ticks_to_ns(uint64_t ticks);
uint64_t arch_ns_to_ticks(uint64_t ns);
static inline uint64_t
arch_time_ns(void)
{
	return arch_ticks_to_ns(arch_time_ticks());
}

/* Arm this hart's timer to interrupt at the given tick count. */
void arch_timer_set(uint64_t deadline_ticks);

/* Switch kernel threads: save into from, resume to. Interrupts off. */
void arch_switch(struct context *from, struct context *to);

/* Prepare ctx so that switching to it calls fn(arg) on the stack top. */
void arch_context_init(struct context *ctx, uintptr_t stack_top, void (*fn)(void *), void *arg);

/* Send an inter-processor interrupt to the hart with the given index. */
void arch_send_ipi(unsigned cpu_index);

/* Write one byte through the firmware's console (before drivers are up). */
void arch_early_putc(char c);

struct trapframe;
/* Leave the kernel for the user context in tf. Never returns. */
__attribute__((noreturn)) void arch_return_to_user(struct trapframe *tf);

/* Stop this hart for good (panic, power-off fallback). */
__attribute__((noreturn)) void arch_halt(void);

/* Ask the firmware to power off; status 0 = success (SBI SRST). */
void arch_firmware_poweroff(int failure);
