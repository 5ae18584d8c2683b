/*
 * Shared by the files of mm/ only.
 */
#pragma once

#include <types.h>

#include "mm/vm.h"

struct vma;

struct mm;

struct vma *vma_alloc(void);
/* No VMA overlaps [start, end). Caller holds mm->mmap_lock. */
bool vm_range_free(struct mm *mm, vaddr_t start, vaddr_t end);
/* Free a VMA struct, dropping its file reference. */
void vma_destroy(struct vma *v);
/* Split VMAs so start and end fall on VMA boundaries: 0 or -ENOMEM. */
int vm_split_range(struct mm *mm, vaddr_t start, vaddr_t end);
/* Insert a VMA in address order. Caller holds mm->mmap_lock. */
void vma_insert(struct mm *mm, struct vma *n);

/* The file layer's operations (vm_set_file_ops()). */
extern const struct vm_file_ops *vm_file;
