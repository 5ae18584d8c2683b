/*
 * Markers for asm-offsets.c, the file that turns C struct layouts into
 * constants for assembly. asm-offsets.c is compiled with -S only, never
 * linked; tools/gen-asm-offsets.sh reads the markers out of the assembly
 * and writes build/generated/asm-offsets.h (see docs/build.md).
 *
 * Use the macros inside the body of asm_offsets(), declared below so that
 * the function is emitted (a static unused one would be dropped, markers
 * and all):
 *
 *	void
 *	asm_offsets(void)
 *	{
 *		OFFSET(TF_A0, trapframe, a0);
 *		DEFINE(TF_SIZE, sizeof(struct trapframe));
 *	}
 *
 * Each marker is a line `.ascii "->SYM VALUE EXPR"` in the assembly, where
 * the compiler prints VALUE from an "i" (immediate) operand, so a value
 * that is not a compile-time constant fails the build.
 */
#pragma once

#include <types.h>

/* SYM becomes a #define with the constant value of expr. */
#define DEFINE(sym, expr) __asm__ volatile("\n.ascii \"->" #sym " %0 " #expr "\"" : : "i"(expr))

/* SYM becomes the byte offset of member in struct str. */
#define OFFSET(sym, str, member) DEFINE(sym, offsetof(struct str, member))

void asm_offsets(void);
