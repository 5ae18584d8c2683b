/*
 * Tern's own system calls: the ABI user programs see beyond Linux's.
 * Numbers start at TERN_SYSCALL_BASE, far above any Linux number, and
 * are listed in docs/abi.md. Plain C with fixed-width types: user
 * programs include this header too.
 */
#pragma once

#include <stdint.h>

#define TERN_SYSCALL_BASE 16384

/* tern_kstat(struct tern_kstat *buf, size_t size): kernel counters for
 * leak checks. Fills min(size, sizeof) bytes; returns the full size. */
#define TERN_SYS_KSTAT (TERN_SYSCALL_BASE + 0)

struct tern_kstat {
	uint64_t total_pages;	      /* pages the page allocator manages */
	uint64_t free_pages;	      /* free after empty slabs are given back */
	uint64_t kstack_cached_pages; /* kernel stacks kept for reuse (not leaked) */
	uint64_t slab_objects;	      /* allocated objects over all caches */
	uint64_t tasks;		      /* live tasks created by clone */
};
