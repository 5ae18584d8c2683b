/*
 * A minimal flattened-device-tree writer for tests: it lays out exactly
 * the tokens it is told to (including malformed sequences), so tests can
 * build trees dtc would refuse to emit. Output is a v17 blob in a heap
 * block of exactly totalsize bytes.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct fdtb;

struct fdtb *fdtb_new(void);
void fdtb_free(struct fdtb *b);

void fdtb_memrsv(struct fdtb *b, uint64_t addr, uint64_t size);
void fdtb_begin(struct fdtb *b, const char *name);
void fdtb_end(struct fdtb *b);
void fdtb_prop(struct fdtb *b, const char *name, const void *val, size_t len);
void fdtb_prop_str(struct fdtb *b, const char *name, const char *s);
void fdtb_prop_u32(struct fdtb *b, const char *name, uint32_t v);
void fdtb_prop_u64(struct fdtb *b, const char *name, uint64_t v);
/* A property of @n 32-bit cells given as varargs (uint32_t each). */
void fdtb_prop_cells(struct fdtb *b, const char *name, int n, ...);
/* Append a raw big-endian word to the structure block. */
void fdtb_raw32(struct fdtb *b, uint32_t word);
/* Offset of @name in the strings block (adding it if new). */
uint32_t fdtb_string(struct fdtb *b, const char *name);

/*
 * Emit the blob: header, memreserve map, structure block (FDT_END added
 * unless @no_end), strings. Returns a malloc'd blob; size in *@size.
 */
uint8_t *fdtb_finish(struct fdtb *b, size_t *size, int no_end);

/* Header field helpers for corrupting blobs. */
uint32_t fdtb_get32(const uint8_t *blob, size_t off);
void fdtb_put32(uint8_t *blob, size_t off, uint32_t v);
