/*
 * Unit tests of the ELF checker (kernel/proc/elf.c): real riscv64
 * executables compared with what riscv64-linux-gnu-readelf says about
 * them, and synthetic headers breaking one rule at a time.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm-generic/errno.h>

#include "lib/fixture.h"
#include "proc/elf.h"

#define USER_TOP	0x4000000000UL	/* Sv39: user space is [0, 256 GiB) */
#define PAGE		ELF_PAGE_SIZE
#define HELLO		"build/user/tests/hello"
#define HELLO_PIE	"build/user/tests/hello_pie"
#define FIX		"build/host/fixtures/elf/"

/* ---- synthetic executables ------------------------------------------- */

/*
 * A valid ET_EXEC: the table of 2 program headers at offset 64, a text
 * load RX [0x10000, 0x11000) from file offset 0, and a data load RW
 * [0x11800, 0x13800) whose first 0x400 bytes come from offset 0x1800 of
 * a 0x2000-byte file. The ET_DYN variant is the same linked at 0.
 */
struct synth {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[ELF_MAX_LOADS + 4];
	uint64_t file_size;
};

static Elf64_Phdr *
add_ph(struct synth *s, uint32_t type, uint32_t flags, uint64_t offset,
       uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *p = &s->ph[s->eh.e_phnum++];

	cr_assert_leq(s->eh.e_phnum, ARRAY_SIZE(s->ph));
	*p = (Elf64_Phdr){ .p_type = type, .p_flags = flags, .p_offset = offset,
			   .p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz,
			   .p_memsz = memsz, .p_align = PAGE };
	return p;
}

static void
synth_init(struct synth *s, uint16_t type)
{
	uint64_t base = type == ET_EXEC ? 0x10000 : 0;

	memset(s, 0, sizeof(*s));
	memcpy(s->eh.e_ident, ELFMAG, SELFMAG);
	s->eh.e_ident[EI_CLASS] = ELFCLASS64;
	s->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	s->eh.e_ident[EI_VERSION] = EV_CURRENT;
	s->eh.e_type = type;
	s->eh.e_machine = EM_RISCV;
	s->eh.e_version = EV_CURRENT;
	s->eh.e_entry = base + 0x100;
	s->eh.e_phoff = sizeof(Elf64_Ehdr);
	s->eh.e_ehsize = sizeof(Elf64_Ehdr);
	s->eh.e_phentsize = sizeof(Elf64_Phdr);
	s->file_size = 0x2000;
	add_ph(s, PT_LOAD, PF_R | PF_X, 0, base, 0x1000, 0x1000);
	add_ph(s, PT_LOAD, PF_R | PF_W, 0x1800, base + 0x1800, 0x400, 0x2000);
}

static int
parse(const struct synth *s, struct elf_image *img)
{
	return elf_parse_phdrs(&s->eh, s->ph, s->file_size, USER_TOP, img);
}

/* Parse, expecting @err; returns nothing, fails the test otherwise. */
static void
expect(const struct synth *s, int err)
{
	struct elf_image img;
	int got = parse(s, &img);

	cr_assert_eq(got, err, "expected %d, got %d", err, got);
}

/* ---- the ELF header ---------------------------------------------------- */

Test(elf_ehdr, a_minimal_executable_is_accepted)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), 0);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.type, ET_EXEC);
	cr_assert_eq(img.entry, 0x10100);
	cr_assert_eq(img.phnum, 2);
	cr_assert_eq(img.nr_loads, 2);
	cr_assert_eq(img.load_lo, 0x10000);
	cr_assert_eq(img.load_hi, 0x14000);
	cr_assert_eq(img.phdr_vaddr, 0x10040);
	cr_assert_eq(img.loads[1].seg_offset, 0x1800);
	cr_assert_eq(img.loads[1].seg_filesz, 0x400);
	cr_assert_eq(img.loads[1].seg_memsz, 0x2000);
	cr_assert_not(img.has_interp);
}

Test(elf_ehdr, each_wrong_magic_byte_is_enoexec)
{
	struct synth s;

	for (int i = 0; i < SELFMAG; i++) {
		synth_init(&s, ET_EXEC);
		s.eh.e_ident[i] ^= 0x20;
		cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC, "byte %d", i);
		expect(&s, -ENOEXEC);
	}
}

Test(elf_ehdr, a_32_bit_file_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_ident[EI_CLASS] = ELFCLASS32;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, a_big_endian_file_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, a_wrong_ident_or_header_version_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_ident[EI_VERSION] = 2;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
	synth_init(&s, ET_EXEC);
	s.eh.e_version = 0;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, another_machine_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_machine = EM_X86_64;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
	s.eh.e_machine = EM_AARCH64;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, only_exec_and_dyn_types_are_accepted)
{
	static const uint16_t bad[] = { ET_NONE, ET_REL, ET_CORE, ET_LOPROC, 0x1234 };
	struct synth s;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		synth_init(&s, ET_EXEC);
		s.eh.e_type = bad[i];
		cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC, "type %u", bad[i]);
	}
	synth_init(&s, ET_DYN);
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), 0);
	expect(&s, 0);
}

Test(elf_ehdr, a_wrong_program_header_size_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_phentsize = sizeof(Elf32_Phdr);
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
	s.eh.e_phentsize = sizeof(Elf64_Phdr) + 8;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, no_program_headers_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_phnum = 0;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, a_table_up_to_64_kib_is_accepted_and_larger_is_enoexec)
{
	struct synth s;
	uint16_t most = ELF_PHDRS_MAX_BYTES / sizeof(Elf64_Phdr);

	synth_init(&s, ET_EXEC);
	s.file_size = 1 << 20;
	s.eh.e_phnum = most;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), 0);
	s.eh.e_phnum = most + 1;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
	/* Extended numbering (the count in section 0) is refused too. */
	s.eh.e_phnum = PN_XNUM;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, a_table_not_inside_the_file_is_enoexec)
{
	struct synth s;
	uint64_t end;

	synth_init(&s, ET_EXEC);
	end = s.eh.e_phoff + 2 * sizeof(Elf64_Phdr);
	s.eh.e_phoff = s.file_size - end + s.eh.e_phoff;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), 0, "table ends at EOF");
	s.eh.e_phoff++;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
	/* An offset whose sum with the table size wraps around. */
	s.eh.e_phoff = UINT64_MAX - 16;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
	s.eh.e_phoff = UINT64_MAX;
	cr_assert_eq(elf_check_ehdr(&s.eh, s.file_size), -ENOEXEC);
}

Test(elf_ehdr, every_truncation_of_the_header_is_enoexec_and_reads_nothing_past_it)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	for (size_t len = 0; len < sizeof(Elf64_Ehdr); len++) {
		/* Exactly len bytes on the heap: ASan catches any over-read. */
		uint8_t *copy = fixture_dup(&s.eh, len);

		cr_assert_eq(elf_check_ehdr((const Elf64_Ehdr *)copy, len), -ENOEXEC,
			     "len %zu", len);
		free(copy);
	}
}

Test(elf_ehdr, every_truncation_of_the_program_headers_is_enoexec)
{
	struct synth s;
	uint64_t end;

	synth_init(&s, ET_EXEC);
	end = s.eh.e_phoff + s.eh.e_phnum * sizeof(Elf64_Phdr);
	for (uint64_t size = sizeof(Elf64_Ehdr); size < end; size++)
		cr_assert_eq(elf_check_ehdr(&s.eh, size), -ENOEXEC, "size %lu", size);
	cr_assert_eq(elf_check_ehdr(&s.eh, end), 0);
}

/* ---- PT_LOAD rules --------------------------------------------------- */

Test(elf_load, filesz_above_memsz_is_einval)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.ph[1].p_filesz = s.ph[1].p_memsz + 1;
	expect(&s, -EINVAL);
}

Test(elf_load, offset_and_vaddr_not_congruent_modulo_the_page_is_einval)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.ph[1].p_offset += 8;
	expect(&s, -EINVAL);
	/* Congruent but on a different page is fine. */
	synth_init(&s, ET_EXEC);
	s.ph[1].p_vaddr += 3 * PAGE;
	expect(&s, 0);
}

Test(elf_load, file_bytes_past_the_end_of_the_file_are_einval)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.ph[1].p_filesz = s.file_size - s.ph[1].p_offset;
	expect(&s, 0);
	s.ph[1].p_filesz++;
	expect(&s, -EINVAL);
	/* An offset that wraps when the size is added. */
	synth_init(&s, ET_EXEC);
	s.ph[1].p_offset = UINT64_MAX - PAGE + 0x801;
	expect(&s, -EINVAL);
}

Test(elf_load, a_segment_wrapping_the_address_space_is_einval)
{
	struct synth s;

	for (uint16_t type = ET_EXEC; type <= ET_DYN; type++) {
		synth_init(&s, type);
		s.ph[1].p_vaddr = UINT64_MAX - PAGE + 0x801;
		s.ph[1].p_memsz = 0x2000;
		expect(&s, -EINVAL);
	}
}

Test(elf_load, an_exec_segment_must_end_at_or_below_user_top)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.ph[1].p_memsz = USER_TOP - s.ph[1].p_vaddr;
	expect(&s, 0);
	s.ph[1].p_memsz++;
	expect(&s, -EINVAL);
	synth_init(&s, ET_EXEC);
	s.ph[1].p_vaddr += USER_TOP;
	expect(&s, -EINVAL);
}

Test(elf_load, an_exec_segment_on_page_zero_is_eperm)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.ph[0].p_vaddr = 0;
	s.eh.e_entry = 0x100;
	expect(&s, -EPERM);
}

Test(elf_load, a_dyn_image_is_bounded_by_its_size_not_its_addresses)
{
	struct synth s;
	struct elf_image img;

	/* Linked far above user_top: the load bias will move it down. */
	synth_init(&s, ET_DYN);
	for (int i = 0; i < 2; i++)
		s.ph[i].p_vaddr += 2 * USER_TOP;
	s.eh.e_entry += 2 * USER_TOP;
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.load_lo, 2 * USER_TOP);
	cr_assert_eq(img.load_hi, 2 * USER_TOP + 0x4000);
	/* Spanning exactly user_top is fine, a byte more is not. */
	synth_init(&s, ET_DYN);
	s.ph[1].p_memsz = USER_TOP - s.ph[1].p_vaddr;
	expect(&s, 0);
	s.ph[1].p_memsz++;
	expect(&s, -EINVAL);
}

Test(elf_load, a_dyn_image_ending_in_the_last_page_of_the_address_space_is_einval)
{
	struct synth s;

	synth_init(&s, ET_DYN);
	s.ph[1].p_vaddr = UINT64_MAX - PAGE + 0x801;
	s.ph[1].p_filesz = s.ph[1].p_memsz = 0x100;
	s.ph[0].p_vaddr = s.ph[1].p_vaddr & ~(PAGE - 1);
	s.ph[0].p_filesz = s.ph[0].p_memsz = 0x100;
	s.eh.e_entry = s.ph[0].p_vaddr;
	/* Its end, 0x...f900, cannot be rounded up to a page. */
	expect(&s, -EINVAL);
	/* The same image a page lower is fine. */
	s.ph[0].p_vaddr -= PAGE;
	s.ph[1].p_vaddr -= PAGE;
	s.eh.e_entry -= PAGE;
	expect(&s, 0);
}

Test(elf_load, overlapping_loads_are_einval)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.ph[1].p_vaddr = 0x10ff8;
	s.ph[1].p_offset = 0xff8;
	expect(&s, -EINVAL);
}

Test(elf_load, loads_out_of_ascending_order_are_einval)
{
	struct synth s;
	Elf64_Phdr text;

	synth_init(&s, ET_EXEC);
	text = s.ph[0];
	s.ph[0] = s.ph[1];
	s.ph[1] = text;
	expect(&s, -EINVAL);
}

Test(elf_load, loads_sharing_a_page_at_their_boundary_are_accepted)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	s.ph[0].p_filesz = s.ph[0].p_memsz = 0x800;
	s.ph[1].p_vaddr = 0x10800;
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.load_hi, 0x13000);
}

Test(elf_load, empty_loads_are_checked_then_ignored)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	/* Empty, and inside the text: maps nothing, so no overlap. */
	add_ph(&s, PT_LOAD, PF_R, 0x200, 0x10200, 0, 0);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.nr_loads, 2);
	s.ph[2].p_filesz = 1;
	expect(&s, -EINVAL);
}

Test(elf_load, no_non_empty_load_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.ph[0].p_type = PT_NOTE;
	s.ph[1].p_type = PT_NULL;
	expect(&s, -ENOEXEC);
	synth_init(&s, ET_EXEC);
	s.ph[0].p_filesz = s.ph[0].p_memsz = 0;
	s.ph[1].p_filesz = s.ph[1].p_memsz = 0;
	expect(&s, -ENOEXEC);
}

Test(elf_load, the_maximum_number_of_loads_is_accepted_and_one_more_is_enoexec)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	s.file_size = 0x100000;
	while (s.eh.e_phnum < ELF_MAX_LOADS) {
		uint64_t at = 0x10000 * s.eh.e_phnum;

		add_ph(&s, PT_LOAD, PF_R, at, 0x100000 + at, 0x100, 0x100);
	}
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.nr_loads, ELF_MAX_LOADS);
	add_ph(&s, PT_LOAD, PF_R, 0x90000, 0x190000, 0x100, 0x100);
	expect(&s, -ENOEXEC);
}

Test(elf_load, p_flags_become_mmap_protections)
{
	static const struct {
		uint32_t flags;
		int prot;
	} cases[] = {
		{ 0, 0 },
		{ PF_R, PROT_READ },
		{ PF_R | PF_W, PROT_READ | PROT_WRITE },
		{ PF_R | PF_X, PROT_READ | PROT_EXEC },
		{ PF_R | PF_W | PF_X, PROT_READ | PROT_WRITE | PROT_EXEC },
	};
	struct synth s;
	struct elf_image img;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		synth_init(&s, ET_EXEC);
		s.ph[1].p_flags = cases[i].flags;
		cr_assert_eq(parse(&s, &img), 0);
		cr_assert_eq(img.loads[1].seg_prot, cases[i].prot, "flags %#x", cases[i].flags);
		cr_assert_eq(img.loads[0].seg_prot, PROT_READ | PROT_EXEC);
	}
}

Test(elf_load, the_largest_power_of_two_alignment_is_kept)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_DYN);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.load_align, PAGE);
	s.ph[0].p_align = 0x10000;
	s.ph[1].p_align = 0x30000;	/* not a power of two: ignored */
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.load_align, 0x10000);
	s.ph[1].p_align = 0x200000;
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.load_align, 0x200000);
}

Test(elf_load, a_user_top_not_page_aligned_is_a_kernel_bug, .signal = SIGABRT)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	cr_assert_eq(elf_parse_phdrs(&s.eh, s.ph, s.file_size, USER_TOP - 1, &img), 0);
	cr_assert_fail("a misaligned user_top was not caught");
}

/* ---- the entry point ------------------------------------------------- */

Test(elf_entry, an_entry_inside_an_executable_load_is_accepted_to_its_last_byte)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_entry = 0x10000;
	expect(&s, 0);
	s.eh.e_entry = 0x10fff;
	expect(&s, 0);
	s.eh.e_entry = 0x11000;
	expect(&s, -EINVAL);
}

Test(elf_entry, an_entry_outside_every_load_is_einval)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_entry = 0;
	expect(&s, -EINVAL);
	s.eh.e_entry = 0x0fff0;
	expect(&s, -EINVAL);
	s.eh.e_entry = UINT64_MAX;
	expect(&s, -EINVAL);
}

Test(elf_entry, an_entry_in_a_non_executable_load_is_einval)
{
	struct synth s;

	synth_init(&s, ET_EXEC);
	s.eh.e_entry = 0x11800;
	expect(&s, -EINVAL);
	s.ph[1].p_flags |= PF_X;
	expect(&s, 0);
}

/* ---- PT_INTERP, PT_GNU_STACK, PT_PHDR -------------------------------- */

Test(elf_interp, the_interpreter_location_is_recorded)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_DYN);
	add_ph(&s, PT_INTERP, PF_R, 0x200, 0x200, 28, 28);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert(img.has_interp);
	cr_assert_eq(img.interp_offset, 0x200);
	cr_assert_eq(img.interp_size, 28);
}

Test(elf_interp, only_the_first_interpreter_counts)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_DYN);
	add_ph(&s, PT_INTERP, PF_R, 0x200, 0x200, 28, 28);
	add_ph(&s, PT_INTERP, PF_R, 0x300, 0x300, 1, 1);	/* bad, but ignored */
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.interp_offset, 0x200);
}

Test(elf_interp, a_size_out_of_range_is_enoexec)
{
	struct synth s;

	synth_init(&s, ET_DYN);
	s.file_size = 0x10000;
	add_ph(&s, PT_INTERP, PF_R, 0x200, 0x200, 1, 1);
	expect(&s, -ENOEXEC);
	s.ph[2].p_filesz = 2;
	expect(&s, 0);
	s.ph[2].p_filesz = ELF_INTERP_MAX;
	expect(&s, 0);
	s.ph[2].p_filesz = ELF_INTERP_MAX + 1;
	expect(&s, -ENOEXEC);
}

Test(elf_interp, bytes_outside_the_file_are_einval)
{
	struct synth s;

	synth_init(&s, ET_DYN);
	add_ph(&s, PT_INTERP, PF_R, s.file_size - 10, 0, 11, 11);
	expect(&s, -EINVAL);
	s.ph[2].p_offset = UINT64_MAX - 5;
	expect(&s, -EINVAL);
}

Test(elf_stack, the_stack_is_not_executable_by_default)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.stack_prot, PROT_READ | PROT_WRITE);
}

Test(elf_stack, pt_gnu_stack_sets_the_stack_protection_and_the_last_one_wins)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	add_ph(&s, PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.stack_prot, PROT_READ | PROT_WRITE | PROT_EXEC);
	add_ph(&s, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.stack_prot, PROT_READ | PROT_WRITE);
}

Test(elf_phdr, pt_phdr_gives_the_address_of_the_program_headers)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	add_ph(&s, PT_PHDR, PF_R, 64, 0x10080, 56 * 3, 56 * 3);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.phdr_vaddr, 0x10080);
}

Test(elf_phdr, without_pt_phdr_the_load_holding_the_table_gives_its_address)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	/* The table moved into the data load's file bytes. */
	s.eh.e_phoff = 0x1900;
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.phdr_vaddr, 0x11900);
}

Test(elf_phdr, a_table_not_wholly_inside_a_load_has_no_address)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	/* Starts in the data load's file bytes but runs past them. */
	s.eh.e_phoff = 0x1800 + 0x400 - 56;
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.phdr_vaddr, 0);
	/* In the file but in no load at all. */
	s.eh.e_phoff = 0x1400;
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.phdr_vaddr, 0);
	/* A load with fewer file bytes than the table is long. */
	synth_init(&s, ET_EXEC);
	s.ph[0].p_filesz = 0x60;
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.phdr_vaddr, 0);
}

Test(elf_phdr, other_program_header_types_are_ignored)
{
	struct synth s;
	struct elf_image img;

	synth_init(&s, ET_EXEC);
	add_ph(&s, PT_NOTE, PF_R, UINT64_MAX, UINT64_MAX, UINT64_MAX, 0);
	add_ph(&s, PT_TLS, PF_R, 0x1800, 0x11800, 0x10, 0x60);
	add_ph(&s, PT_GNU_RELRO, PF_R, 0x1800, 0x11800, 0x400, 0x400);
	add_ph(&s, PT_LOPROC + 3, PF_R, UINT64_MAX, 0, 0, 0);
	cr_assert_eq(parse(&s, &img), 0);
	cr_assert_eq(img.nr_loads, 2);
}

/* ---- real executables, checked against readelf ----------------------- */

/* What readelf -hlW printed about one executable. */
struct readelf_view {
	uint16_t type;
	uint64_t entry;
	unsigned int phnum;
	unsigned int nr_loads;
	struct {
		uint64_t offset, vaddr, filesz, memsz;
		int prot;
	} loads[16];
	bool has_interp;
	uint64_t interp_offset, interp_size;
	int stack_prot;
	bool has_pt_phdr;
	uint64_t pt_phdr_vaddr;
};

/* readelf's flags column is three characters: "R", "W", "E" or blanks. */
static int
readelf_prot(const char *flags)
{
	return (flags[0] == 'R' ? PROT_READ : 0) | (flags[1] == 'W' ? PROT_WRITE : 0) |
	       (flags[2] == 'E' ? PROT_EXEC : 0);
}

static void
readelf_phdr_line(const char *line, struct readelf_view *v)
{
	char type[32];
	uint64_t off, vaddr, paddr, filesz, memsz;
	int flags_at = 0;

	if (sscanf(line, " %31s %lx %lx %lx %lx %lx %n", type, &off, &vaddr, &paddr,
		   &filesz, &memsz, &flags_at) != 6 || flags_at == 0)
		return;
	v->phnum++;
	if (strcmp(type, "LOAD") == 0) {
		cr_assert_lt(v->nr_loads, ARRAY_SIZE(v->loads));
		v->loads[v->nr_loads].offset = off;
		v->loads[v->nr_loads].vaddr = vaddr;
		v->loads[v->nr_loads].filesz = filesz;
		v->loads[v->nr_loads].memsz = memsz;
		v->loads[v->nr_loads++].prot = readelf_prot(line + flags_at);
	} else if (strcmp(type, "INTERP") == 0) {
		v->has_interp = true;
		v->interp_offset = off;
		v->interp_size = filesz;
	} else if (strcmp(type, "GNU_STACK") == 0) {
		v->stack_prot = readelf_prot(line + flags_at);
	} else if (strcmp(type, "PHDR") == 0) {
		v->has_pt_phdr = true;
		v->pt_phdr_vaddr = vaddr;
	}
}

static void
readelf_load(const char *path, struct readelf_view *v)
{
	FILE *f = fopen(path, "r");
	char line[512];

	cr_assert_not_null(f, "cannot open %s: run `make host-test` to generate it", path);
	memset(v, 0, sizeof(*v));
	v->stack_prot = PROT_READ | PROT_WRITE;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "Type:"))
			v->type = strstr(line, "DYN (") ? ET_DYN :
				  strstr(line, "EXEC (") ? ET_EXEC : ET_NONE;
		else if (strstr(line, "Entry point address:"))
			v->entry = strtoull(strchr(line, ':') + 1, NULL, 16);
		else if (strncmp(line, "  ", 2) == 0 && strstr(line, " 0x"))
			readelf_phdr_line(line, v);
	}
	fclose(f);
}

/* A real file: its bytes, and its program headers copied out aligned. */
struct real_file {
	uint8_t *bytes;
	size_t size;
	const Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
};

static void
real_load(const char *path, struct real_file *rf)
{
	rf->bytes = fixture_load(path, &rf->size);
	rf->eh = (const Elf64_Ehdr *)rf->bytes;
	cr_assert_eq(elf_check_ehdr(rf->eh, rf->size), 0, "%s", path);
	rf->ph = (Elf64_Phdr *)fixture_dup(rf->bytes + rf->eh->e_phoff,
					   rf->eh->e_phnum * sizeof(Elf64_Phdr));
}

static void
real_free(struct real_file *rf)
{
	free(rf->ph);
	free(rf->bytes);
}

static void
assert_matches_readelf(const struct elf_image *img, const struct readelf_view *v)
{
	cr_assert_eq(img->type, v->type);
	cr_assert_eq(img->entry, v->entry);
	cr_assert_eq(img->phnum, v->phnum);
	cr_assert_eq(img->nr_loads, v->nr_loads);
	for (unsigned int i = 0; i < v->nr_loads; i++) {
		cr_assert_eq(img->loads[i].seg_vaddr, v->loads[i].vaddr, "load %u", i);
		cr_assert_eq(img->loads[i].seg_offset, v->loads[i].offset, "load %u", i);
		cr_assert_eq(img->loads[i].seg_filesz, v->loads[i].filesz, "load %u", i);
		cr_assert_eq(img->loads[i].seg_memsz, v->loads[i].memsz, "load %u", i);
		cr_assert_eq(img->loads[i].seg_prot, v->loads[i].prot, "load %u", i);
	}
	cr_assert_eq(img->has_interp, v->has_interp);
	cr_assert_eq(img->stack_prot, v->stack_prot);
	cr_assert_eq(img->load_lo, v->loads[0].vaddr & ~(PAGE - 1));
}

/* Structure any linker's output has: checked against the file's own fields. */
static void
assert_well_formed(const struct elf_image *img, const struct real_file *rf)
{
	const struct elf_segment *first = &img->loads[0];
	const struct elf_segment *last = &img->loads[img->nr_loads - 1];

	cr_assert_eq(img->entry, rf->eh->e_entry);
	cr_assert_eq(img->load_hi, (last->seg_vaddr + last->seg_memsz + PAGE - 1) & ~(PAGE - 1));
	/* The headers are mapped at the start of the first load. */
	cr_assert_eq(first->seg_offset, 0);
	cr_assert_eq(img->phdr_vaddr, first->seg_vaddr + rf->eh->e_phoff);
	for (unsigned int i = 0; i < img->nr_loads; i++)
		cr_assert_eq(img->loads[i].seg_vaddr % PAGE, img->loads[i].seg_offset % PAGE);
	cr_assert(img->entry >= first->seg_vaddr && img->entry < first->seg_vaddr + first->seg_memsz);
	cr_assert(first->seg_prot & PROT_EXEC);
}

static void
check_real(const char *bin, const char *readelf_out, uint16_t type)
{
	struct real_file rf;
	struct readelf_view v;
	struct elf_image img;

	real_load(bin, &rf);
	readelf_load(readelf_out, &v);
	cr_assert_eq(elf_parse_phdrs(rf.eh, rf.ph, rf.size, USER_TOP, &img), 0, "%s", bin);
	cr_assert_eq(img.type, type);
	assert_matches_readelf(&img, &v);
	assert_well_formed(&img, &rf);
	real_free(&rf);
}

Test(elf_real, a_static_glibc_executable_matches_readelf)
{
	check_real(HELLO, FIX "hello.readelf", ET_EXEC);
}

Test(elf_real, a_static_pie_matches_readelf)
{
	check_real(HELLO_PIE, FIX "hello_pie.readelf", ET_DYN);
}

/* The smallest file holding everything the headers point into. */
static uint64_t
bytes_needed(const struct real_file *rf, const struct readelf_view *v)
{
	uint64_t need = rf->eh->e_phoff + rf->eh->e_phnum * sizeof(Elf64_Phdr);

	for (unsigned int i = 0; i < v->nr_loads; i++)
		need = MAX(need, v->loads[i].offset + v->loads[i].filesz);
	if (v->has_interp)
		need = MAX(need, v->interp_offset + v->interp_size);
	return need;
}

static void
check_every_truncation(const char *bin, const char *readelf_out)
{
	struct real_file rf;
	struct readelf_view v;
	struct elf_image img;
	uint64_t need;

	real_load(bin, &rf);
	readelf_load(readelf_out, &v);
	need = bytes_needed(&rf, &v);
	for (uint64_t size = 0; size <= rf.size; size++) {
		int err = elf_check_ehdr(rf.eh, size);

		if (err == 0)
			err = elf_parse_phdrs(rf.eh, rf.ph, size, USER_TOP, &img);
		if (size < need)
			cr_assert_neq(err, 0, "%s cut to %lu bytes was accepted", bin, size);
		else
			cr_assert_eq(err, 0, "%s cut to %lu bytes: %d", bin, size, err);
	}
	real_free(&rf);
}

Test(elf_real, a_static_executable_cut_short_anywhere_is_rejected)
{
	check_every_truncation(HELLO, FIX "hello.readelf");
}

Test(elf_real, a_static_pie_cut_short_anywhere_is_rejected)
{
	check_every_truncation(HELLO_PIE, FIX "hello_pie.readelf");
}
