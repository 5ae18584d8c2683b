/*
 * Host tests for kernel/lib/ksyms.c: address to name+offset lookup and
 * formatting, over a small table laid out as tools/gen-ksyms.py lays out
 * the kernel's.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/ksyms.h"

/* alpha [0x1000, 0x1010), beta [0x1010, 0x1040), gamma [0x1040, 0x1100). */
static const uint64_t test_addrs[] = { 0x1000, 0x1010, 0x1040, 0x1100 };
static const uint32_t test_names[] = { 0, 6, 11 };
static const char test_strings[] = "alpha\0beta\0gamma";

const uint64_t ksyms_count = 3;
const uint64_t *const ksyms_addrs = test_addrs;
const uint32_t *const ksyms_names = test_names;
const char *const ksyms_strings = test_strings;
const char *const ksyms_end = test_strings + sizeof(test_strings);

Test(ksyms, an_address_below_the_first_symbol_has_no_name)
{
	uintptr_t off = 77;

	cr_assert_null(ksyms_lookup(0xfff, &off));
	cr_assert_null(ksyms_lookup(0, &off));
	cr_assert_eq(off, 77, "offset must be left alone on failure");
}

Test(ksyms, the_first_symbol_s_own_address_gives_offset_zero)
{
	uintptr_t off = 77;

	cr_assert_str_eq(ksyms_lookup(0x1000, &off), "alpha");
	cr_assert_eq(off, 0);
}

Test(ksyms, an_address_exactly_at_a_later_symbol_names_that_symbol)
{
	uintptr_t off = 77;

	cr_assert_str_eq(ksyms_lookup(0x1010, &off), "beta");
	cr_assert_eq(off, 0);
	cr_assert_str_eq(ksyms_lookup(0x1040, &off), "gamma");
	cr_assert_eq(off, 0);
}

Test(ksyms, an_address_between_symbols_names_the_one_below)
{
	uintptr_t off = 0;

	cr_assert_str_eq(ksyms_lookup(0x100f, &off), "alpha");
	cr_assert_eq(off, 0xf);
	cr_assert_str_eq(ksyms_lookup(0x102c, &off), "beta");
	cr_assert_eq(off, 0x1c);
}

Test(ksyms, the_last_byte_of_the_last_symbol_still_names_it)
{
	uintptr_t off = 0;

	cr_assert_str_eq(ksyms_lookup(0x10ff, &off), "gamma");
	cr_assert_eq(off, 0xbf);
}

Test(ksyms, an_address_at_or_after_the_end_of_the_last_symbol_has_no_name)
{
	uintptr_t off = 77;

	cr_assert_null(ksyms_lookup(0x1100, &off));
	cr_assert_null(ksyms_lookup(0x1101, &off));
	cr_assert_null(ksyms_lookup(UINTPTR_MAX, &off));
	cr_assert_eq(off, 77);
}

Test(ksyms, lookup_accepts_a_null_offset_pointer)
{
	cr_assert_str_eq(ksyms_lookup(0x1041, NULL), "gamma");
}

Test(ksyms, format_gives_name_plus_hex_offset)
{
	char buf[32];

	cr_assert_eq(ksyms_format(0x102c, buf, sizeof(buf)), 9);
	cr_assert_str_eq(buf, "beta+0x1c");
	ksyms_format(0x1040, buf, sizeof(buf));
	cr_assert_str_eq(buf, "gamma+0x0");
}

Test(ksyms, format_of_an_unknown_address_gives_the_bare_address)
{
	char buf[32];

	cr_assert_eq(ksyms_format(0xabc, buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "0xabc");
	ksyms_format(0x1100, buf, sizeof(buf));
	cr_assert_str_eq(buf, "0x1100");
}

Test(ksyms, format_truncates_to_the_buffer_and_returns_the_full_length)
{
	char buf[6];

	memset(buf, 'X', sizeof(buf));
	cr_assert_eq(ksyms_format(0x102c, buf, sizeof(buf)), 9);
	cr_assert_str_eq(buf, "beta+");
}

Test(ksyms, the_table_end_is_the_byte_after_the_table)
{
	cr_assert_eq(ksyms_table_end(), (uintptr_t)ksyms_end);
}
