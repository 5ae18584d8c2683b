/*
 * An empty kernel symbol table for host tests that link
 * kernel/lib/ksyms.c only to format addresses: every lookup fails, so
 * addresses print as "0x...".
 */
#include "lib/ksyms.h"

static const uint64_t no_addrs[1];
static const uint32_t no_names[1];

const uint64_t ksyms_count = 0;
const uint64_t *const ksyms_addrs = no_addrs;
const uint32_t *const ksyms_names = no_names;
const char *const ksyms_strings = "";
const char *const ksyms_end = "";
