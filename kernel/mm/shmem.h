/*
 * Shared anonymous memory (MAP_SHARED | MAP_ANONYMOUS): pages that stay
 * shared between every mapping of the object, including across fork.
 * The object is referenced by each VMA that maps it.
 */
#pragma once

#include <types.h>

struct page;
struct shmem;

/* A zero-filled object of npages pages, or NULL on no memory. */
struct shmem *shmem_create(size_t npages);
void shmem_get(struct shmem *s);
void shmem_put(struct shmem *s);
/* The page at index, allocated zeroed on first use; referenced, or NULL
 * (no memory, or past the object's end). Context: any but interrupt. */
struct page *shmem_page(struct shmem *s, uint64_t index);
