/*
 * Tern-wide basic types. Portable: compiles both for the kernel
 * (freestanding) and for host unit tests.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t; /* a physical address */
typedef uint64_t vaddr_t; /* a virtual address held as a number */
typedef long ssize_t;
typedef int pid_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
