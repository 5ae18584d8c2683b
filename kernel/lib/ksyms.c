/*
 * Kernel symbol lookup over the table tools/gen-ksyms.py generates: a
 * binary search of the sorted addresses, then name+offset formatting.
 * The table is constant once linked, so nothing here locks.
 */
#include "lib/ksyms.h"

#include "lib/printf.h"

const char *
ksyms_lookup(uintptr_t addr, uintptr_t *offset)
{
	uint64_t lo = 0;
	uint64_t hi = ksyms_count;

	if (hi == 0 || addr < ksyms_addrs[0] || addr >= ksyms_addrs[hi])
		return NULL;
	/* Invariant: ksyms_addrs[lo] <= addr < ksyms_addrs[hi]. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (offset)
		*offset = addr - ksyms_addrs[lo];
	return ksyms_strings + ksyms_names[lo];
}

int
ksyms_format(uintptr_t addr, char *buf, size_t len)
{
	uintptr_t offset;
	const char *name = ksyms_lookup(addr, &offset);

	if (!name)
		return snprintf(buf, len, "0x%lx", (unsigned long)addr);
	return snprintf(buf, len, "%s+0x%lx", name, (unsigned long)offset);
}

uintptr_t
ksyms_table_end(void)
{
	return (uintptr_t)ksyms_end;
}
