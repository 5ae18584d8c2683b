/*
 * Page faults on user addresses, from user mode or from a uaccess
 * routine.
 */
#pragma once

#include <types.h>

#define FAULT_READ  0x1u
#define FAULT_WRITE 0x2u
#define FAULT_EXEC  0x4u

/*
 * Resolve a fault of the current task at addr: map the page if the
 * access is allowed (demand paging, copy on write, stack growth).
 * Returns 0, -EFAULT (no mapping: SEGV_MAPERR), -EACCES (not allowed:
 * SEGV_ACCERR), -EIO (a file mapping past the file's end: SIGBUS,
 * BUS_ADRERR) or -ENOMEM. Context: process, may sleep; interrupts on.
 */
int vm_fault(vaddr_t addr, unsigned access);
