/*
 * The exception table: pairs (address of an instruction allowed to
 * fault on user memory, address to resume at), emitted by uaccess.S.
 */
#pragma once

#include <types.h>

struct extable_entry {
	int32_t insn;  /* offset from this field to the instruction */
	int32_t fixup; /* offset from this field to the fixup */
};

/* The fixup address for a faulting pc, or 0. */
uintptr_t extable_lookup(uintptr_t pc);
