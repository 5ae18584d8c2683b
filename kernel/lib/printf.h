/*
 * Formatted output into buffers. Supports the conversions the kernel
 * uses: %d %i %u %x %X %o %p %s %c %%, the l/ll/z/h length modifiers,
 * width, '0' and '-' flags, and precision for %s and integers.
 */
#pragma once

#include <compiler.h>
#include <stdarg.h>
#include <types.h>

/*
 * Format into buf (always NUL-terminated when size > 0). Returns the
 * length the whole output would have had, as C's vsnprintf does, so a
 * caller can tell truncation.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
