/*
 * Helpers shared by Tern's test programs. Each program prints one line per
 * observation, in a form that is the same on Linux (qemu-riscv64, the
 * reference) and on Tern, and exits 0 only if every observation was the
 * expected one. Include it first: it defines _GNU_SOURCE, which must come
 * before any libc header.
 */
#pragma once

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

/* "EFAULT" for EFAULT; "E?" for a number glibc has no name for. */
static inline const char *
err_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}
