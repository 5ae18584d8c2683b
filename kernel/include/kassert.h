/*
 * Invariant checks. panic() is for broken kernel invariants only, never
 * for anything user space can cause.
 */
#pragma once

#include <compiler.h>

/*
 * Print the message, the hart, the registers and a symbolized backtrace,
 * stop every hart and make QEMU exit non-zero.
 * Context: any; never returns.
 */
__noreturn __printf(1, 2) void panic(const char *fmt, ...);

#define KASSERT(cond)                                                                           \
	do {                                                                                    \
		if (unlikely(!(cond)))                                                          \
			panic("%s:%d: %s: assertion '%s' failed", __FILE__, __LINE__, __func__, \
			      #cond);                                                           \
	} while (0)
