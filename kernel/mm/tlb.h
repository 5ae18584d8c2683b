/*
 * TLB maintenance for address spaces that may be live on several harts.
 * A hart records in mm->active_harts that it runs the address space;
 * changes that remove or restrict a mapping flush this hart and send
 * the others an IPI that flushes theirs, waiting until they have.
 */
#pragma once

#include <types.h>

struct mm;

/* Flush one page / everything of mm on every hart that runs it.
 * Context: any but interrupt; interrupts on (it waits for other harts). */
void tlb_flush_page(struct mm *mm, vaddr_t va);
void tlb_flush_mm(struct mm *mm);

/* Flush kernel mappings (a freed kernel stack) on every hart. */
void tlb_flush_kernel(void);

/* The IPI side: flush what was asked of this hart. Interrupt context. */
void tlb_shootdown_handle(void);

/* A hart stops running prev and starts running next (either may be NULL).
 * Called with interrupts off, before the hart loads next's page table. */
void tlb_switch_mm(struct mm *prev, struct mm *next);
