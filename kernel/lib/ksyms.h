/*
 * Kernel symbol lookup: maps a code address to the function that contains
 * it, as "name+0xoff", for backtraces and panic messages.
 *
 * The table is generated at link time by tools/gen-ksyms.py from the first
 * link pass's symbols and linked, read-only, as the last part of the image
 * (see docs/build.md). It holds one name per text address, sorted; the
 * range of a symbol runs up to the next one, and the last symbol's range
 * ends where the first non-text symbol after it starts. In the first link
 * pass the table is empty and every lookup fails.
 *
 * Context: all functions are pure readers of constant data: any context,
 * interrupts on or off, never sleep, take no locks.
 */
#pragma once

#include <types.h>

/*
 * The generated table. Only ksyms.c (and host tests, which supply their
 * own) use these. ksyms_addrs has ksyms_count + 1 entries: the last one is
 * the end of the last symbol's range. ksyms_names[i] is the offset of
 * entry i's NUL-terminated name in ksyms_strings. ksyms_end is the first
 * byte after the table, and so the end of the kernel image.
 */
extern const uint64_t ksyms_count;
extern const uint64_t *const ksyms_addrs;
extern const uint32_t *const ksyms_names;
extern const char *const ksyms_strings;
extern const char *const ksyms_end;

/*
 * Find the symbol containing addr. Returns its NUL-terminated name and,
 * when offset is not NULL, stores addr's distance from the symbol's start
 * there. Returns NULL (offset untouched) when addr is below the first
 * symbol, at or past the end of the last symbol's range, or the table is
 * empty.
 */
const char *ksyms_lookup(uintptr_t addr, uintptr_t *offset);

/*
 * Write "name+0xoff" for addr into buf, or "0x<addr>" when no symbol
 * contains it. buf is always NUL-terminated when len > 0 and truncated
 * to fit. Returns, as snprintf() does, the length the whole text has, so
 * a result >= len means it was truncated.
 */
int ksyms_format(uintptr_t addr, char *buf, size_t len);

/*
 * The address just past the symbol table, which is the last thing in the
 * kernel image: memory from here on is not part of the image. Use it
 * instead of a linker-script symbol placed after .ksyms, which would move
 * between the two link passes.
 */
uintptr_t ksyms_table_end(void);
