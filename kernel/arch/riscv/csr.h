/*
 * Control and status registers (priv spec v1.12, supervisor level) and
 * the small inline wrappers that read and write them. Only arch/riscv/
 * includes this header.
 */
#pragma once

#include <types.h>

#define SSTATUS_SIE	   (1ul << 1)
#define SSTATUS_SPIE	   (1ul << 5)
#define SSTATUS_SPP	   (1ul << 8)
#define SSTATUS_FS	   (3ul << 13)
#define SSTATUS_FS_OFF	   (0ul << 13)
#define SSTATUS_FS_INITIAL (1ul << 13)
#define SSTATUS_FS_CLEAN   (2ul << 13)
#define SSTATUS_FS_DIRTY   (3ul << 13)
#define SSTATUS_SUM	   (1ul << 18)
#define SSTATUS_MXR	   (1ul << 19)

#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIE_SEIE (1ul << 9)

#define SCAUSE_INTR (1ul << 63)
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9

#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS	     1
#define EXC_ILLEGAL_INST     2
#define EXC_BREAKPOINT	     3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS	     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U	     8
#define EXC_ECALL_S	     9
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

#define SATP_MODE_SV39 (8ul << 60)

/* Counters user mode may read (priv spec 4.1.5, scounteren). */
#define SCOUNTEREN_CY (1ul << 0) /* cycle */
#define SCOUNTEREN_TM (1ul << 1) /* time */
#define SCOUNTEREN_IR (1ul << 2) /* instret */

#define CSR_STIMECMP 0x14d

#define csr_read(csr)                                                        \
	({                                                                   \
		unsigned long __v;                                           \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v) : : "memory"); \
		__v;                                                         \
	})

/* The "memory" clobbers keep the compiler from moving memory accesses
 * across a CSR write that changes how memory or interrupts behave. */
#define csr_write(csr, val)                                                     \
	({                                                                      \
		unsigned long __v = (unsigned long)(val);                       \
		__asm__ volatile("csrw " #csr ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_set(csr, val)                                                       \
	({                                                                      \
		unsigned long __v = (unsigned long)(val);                       \
		__asm__ volatile("csrs " #csr ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_clear(csr, val)                                                     \
	({                                                                      \
		unsigned long __v = (unsigned long)(val);                       \
		__asm__ volatile("csrc " #csr ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_read_clear(csr, val)                                                               \
	({                                                                                     \
		unsigned long __v = (unsigned long)(val);                                      \
		__asm__ volatile("csrrc %0, " #csr ", %1" : "=r"(__v) : "rK"(__v) : "memory"); \
		__v;                                                                           \
	})

/* Flush this hart's whole TLB (priv spec 4.2.1: sfence.vma orders earlier
 * page-table stores before later translations on this hart only). */
static inline void
sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma zero, zero" : : : "memory");
}

static inline void
sfence_vma_page(uintptr_t va)
{
	__asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}

static inline uint64_t
rdtime(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline void
wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}
