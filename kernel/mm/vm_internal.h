/*
 * Shared by the files of mm/ only.
 */
#pragma once

struct vma;

struct vma *vma_alloc(void);
