/*
 * Host tests of kernel/lib/bootinfo.c: exact values from QEMU's virt
 * trees (1 and 4 harts, /chosen with bootargs and initrd), a synthetic
 * dtc tree (reservations, 32-bit cells, disabled nodes, ranges), trees
 * built to overflow each array or miss a mandatory node, the ISA-string
 * parser, and corrupt blobs (truncations and random flips).
 */
#include <asm-generic/errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "fdt_builder.h"
#include "fixture.h"
#include <arch/bootinfo.h>

#define SMP1 "build/host/fixtures/virt-smp1.dtb"
#define SMP4 "build/host/fixtures/virt-smp4.dtb"
#define CHOSEN "build/host/fixtures/virt-chosen.dtb"
#define SYNTH "build/host/fixtures/synthetic.dtb"
#define INITRD "build/host/fixtures/initramfs-newc.cpio"

static const char qemu_isa[] = "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc";

/* Parse the fixture at @path into a heap bootinfo (too big for a stack). */
static struct bootinfo *
parse_fixture(const char *path)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	size_t size;
	uint8_t *blob = fixture_load(path, &size);
	int ret;

	cr_assert_not_null(bi);
	ret = bootinfo_parse(bi, blob, size);
	cr_assert_eq(ret, 0, "%s: %d", path, ret);
	free(blob);
	return bi;
}

static void
check_qemu_devices(const struct bootinfo *bi)
{
	cr_assert(bi->uart.dev.present);
	cr_assert_eq(bi->uart.dev.base, 0x10000000);
	cr_assert_eq(bi->uart.dev.size, 0x100);
	cr_assert_eq(bi->uart.dev.irq, 10);
	cr_assert_eq(bi->uart.clock_freq, 3686400);
	cr_assert_eq(bi->uart.reg_shift, 0);
	cr_assert_eq(bi->uart.reg_io_width, 1);
	cr_assert(bi->plic.dev.present);
	cr_assert_eq(bi->plic.dev.base, 0x0c000000);
	cr_assert_eq(bi->plic.dev.size, 0x600000);
	/* QEMU 7.2 virt: VIRT_IRQCHIP_NUM_SOURCES = 96 (checked with dtc). */
	cr_assert_eq(bi->plic.ndev, 96);
	cr_assert_eq(bi->nvirtio, 8);
	for (unsigned int i = 0; i < 8; i++) {
		cr_assert(bi->virtio[i].present);
		cr_assert_eq(bi->virtio[i].base, 0x10001000 + 0x1000 * i);
		cr_assert_eq(bi->virtio[i].size, 0x1000);
		cr_assert_eq(bi->virtio[i].irq, i + 1);
	}
	cr_assert(bi->rtc.present);
	cr_assert_eq(bi->rtc.base, 0x101000);
	cr_assert_eq(bi->rtc.irq, 11);
	cr_assert(bi->test.present);
	cr_assert_eq(bi->test.base, 0x100000);
	cr_assert_str_eq(bi->stdout_path, "/soc/serial@10000000");
	cr_assert_eq(bi->rng_seed_len, 32);
	cr_assert_eq(bi->nreserved, 0);
	cr_assert_eq(bi->timebase_freq, 10000000);
}

Test(bootinfo, qemu_virt_with_one_hart_and_64m)
{
	struct bootinfo *bi = parse_fixture(SMP1);

	cr_assert_eq(bi->nmem, 1);
	cr_assert_eq(bi->mem[0].base, 0x80000000);
	cr_assert_eq(bi->mem[0].size, 64 << 20);
	cr_assert_eq(bi->nharts, 1);
	cr_assert_eq(bi->harts[0].hartid, 0);
	cr_assert_str_eq(bi->harts[0].isa, qemu_isa);
	cr_assert(bi->harts[0].has_sstc);
	cr_assert_eq(bi->harts[0].plic_s_context, 1);
	check_qemu_devices(bi);
	cr_assert_str_eq(bi->bootargs, "");
	cr_assert(!bi->has_initrd);
	cr_assert_eq(bi->boot_cpuid, 0);
	cr_assert_gt(bi->fdt_size, 0);
	free(bi);
}

Test(bootinfo, qemu_virt_with_four_harts_and_1g)
{
	struct bootinfo *bi = parse_fixture(SMP4);

	cr_assert_eq(bi->nmem, 1);
	cr_assert_eq(bi->mem[0].base, 0x80000000);
	cr_assert_eq(bi->mem[0].size, 1ULL << 30);
	cr_assert_eq(bi->nharts, 4);
	for (unsigned int i = 0; i < 4; i++) {
		cr_assert_eq(bi->harts[i].hartid, i);
		cr_assert(bi->harts[i].has_sstc);
		cr_assert_str_eq(bi->harts[i].isa, qemu_isa);
		cr_assert_neq(bi->harts[i].intc_phandle, 0);
		/* Contexts go M, S per hart: S-mode of hart i is 2i + 1. */
		cr_assert_eq(bi->harts[i].plic_s_context, (int)(2 * i + 1), "hart %u", i);
	}
	check_qemu_devices(bi);
	free(bi);
}

Test(bootinfo, qemu_chosen_gives_bootargs_and_the_initrd_range)
{
	struct bootinfo *bi = parse_fixture(CHOSEN);
	struct stat st;

	cr_assert_str_eq(bi->bootargs, "init=/x -- a b");
	cr_assert(bi->has_initrd);
	cr_assert_eq(stat(INITRD, &st), 0);
	cr_assert_eq(bi->initrd_end - bi->initrd_start, (uint64_t)st.st_size);
	cr_assert_geq(bi->initrd_start, bi->mem[0].base);
	cr_assert_leq(bi->initrd_end, bi->mem[0].base + bi->mem[0].size);
	cr_assert_eq(bi->rng_seed_len, 32);
	free(bi);
}

Test(bootinfo, synthetic_tree_reservations_memory_and_32_bit_cells)
{
	struct bootinfo *bi = parse_fixture(SYNTH);
	static const struct bootinfo_range mem[] = {
		{ 0x80000000, 0x10000000 }, { 0x90000000, 0x10000000 }, { 0xc0000000, 0x1000000 },
	};
	static const struct bootinfo_range rsv[] = {
		{ 0x80000000, 0x80000 }, { 0x9ff00000, 0x100000 },	/* /memreserve/ */
		{ 0x80000000, 0x40000 }, { 0x80040000, 0x20000 },	/* reserved-memory */
	};

	cr_assert_eq(bi->nmem, 3);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(bi->mem[i].base, mem[i].base, "mem %d", i);
		cr_assert_eq(bi->mem[i].size, mem[i].size, "mem %d", i);
	}
	cr_assert_eq(bi->nreserved, 4);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(bi->reserved[i].base, rsv[i].base, "rsv %d", i);
		cr_assert_eq(bi->reserved[i].size, rsv[i].size, "rsv %d", i);
	}
	cr_assert_eq(bi->timebase_freq, 25000000);
	cr_assert(bi->has_initrd);
	cr_assert_eq(bi->initrd_start, 0x88000000);
	cr_assert_eq(bi->initrd_end, 0x88100000);
	cr_assert_str_eq(bi->bootargs, "console=ttyS1 init=/sbin/init quiet");
	/* A 72-byte seed: its first 64 bytes are kept. */
	cr_assert_eq(bi->rng_seed_len, 64);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(bi->rng_seed[i], i);
	free(bi);
}

Test(bootinfo, synthetic_tree_skips_disabled_harts_and_parses_isa_extensions)
{
	struct bootinfo *bi = parse_fixture(SYNTH);

	cr_assert_eq(bi->nharts, 3);
	cr_assert_eq(bi->harts[0].hartid, 2);
	cr_assert_eq(bi->harts[1].hartid, 5);
	cr_assert_eq(bi->harts[2].hartid, 9);
	/* "xsstcx" is a vendor extension, not Sstc. */
	cr_assert(!bi->harts[0].has_sstc);
	cr_assert(bi->harts[1].has_sstc);
	/* Found in riscv,isa-extensions though riscv,isa lacks it. */
	cr_assert(bi->harts[2].has_sstc);
	cr_assert_eq(bi->harts[0].plic_s_context, 1);
	cr_assert_eq(bi->harts[1].plic_s_context, 3);
	/* cpu@7 (disabled) holds contexts 4 and 5. */
	cr_assert_eq(bi->harts[2].plic_s_context, 6);
	free(bi);
}

Test(bootinfo, synthetic_tree_devices_are_translated_and_stdout_picks_the_uart)
{
	struct bootinfo *bi = parse_fixture(SYNTH);
	static const struct bootinfo_dev virtio[] = {
		{ true, 0x10008000, 0x1000, 10 },
		{ true, 0x10020000, 0x1000, 11 },
		{ true, 0x10030000, 0x1000, 12 },
	};

	/* stdout-path "serial1:115200n8" names the second UART. */
	cr_assert_eq(bi->uart.dev.base, 0x10001000);
	cr_assert_eq(bi->uart.dev.irq, 4);
	cr_assert_eq(bi->uart.clock_freq, 24000000);
	cr_assert_eq(bi->uart.reg_shift, 2);
	cr_assert_eq(bi->uart.reg_io_width, 4);
	cr_assert_str_eq(bi->stdout_path, "serial1:115200n8");
	cr_assert_eq(bi->plic.dev.base, 0x100c0000);
	cr_assert_eq(bi->plic.ndev, 53);
	cr_assert_eq(bi->nvirtio, 3);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(bi->virtio[i].base, virtio[i].base, "slot %d", i);
		cr_assert_eq(bi->virtio[i].irq, virtio[i].irq, "slot %d", i);
	}
	cr_assert(!bi->rtc.present);
	cr_assert(bi->test.present);
	cr_assert_eq(bi->test.base, 0x100f0000);
	free(bi);
}

/* ---- built trees: capacity, missing nodes, malformed properties ---------- */

struct machine {
	int harts, virtio, mem, rsv;
	const char *bootargs;
	const char *isa;
	const char *hart_status;
	bool no_memory, no_cpus, no_timebase, dup_hartid, bad_mem_reg;
	bool bad_plic_phandle, unterminated_bootargs, initrd_backwards;
};

static void
build_cpus(struct fdtb *b, const struct machine *m)
{
	char name[32];

	fdtb_begin(b, "cpus");
	fdtb_prop_u32(b, "#address-cells", 1);
	fdtb_prop_u32(b, "#size-cells", 0);
	if (!m->no_timebase)
		fdtb_prop_u32(b, "timebase-frequency", 1000000);
	for (int i = 0; i < m->harts; i++) {
		snprintf(name, sizeof(name), "cpu@%d", i);
		fdtb_begin(b, name);
		fdtb_prop_str(b, "device_type", "cpu");
		fdtb_prop_u32(b, "reg", m->dup_hartid ? 0 : (uint32_t)i);
		fdtb_prop_str(b, "riscv,isa", m->isa ? m->isa : "rv64imac_sstc");
		if (m->hart_status)
			fdtb_prop_str(b, "status", m->hart_status);
		fdtb_begin(b, "interrupt-controller");
		fdtb_prop_str(b, "compatible", "riscv,cpu-intc");
		fdtb_prop_u32(b, "#interrupt-cells", 1);
		fdtb_prop_u32(b, "phandle", 100 + (uint32_t)i);
		fdtb_end(b);
		fdtb_end(b);
	}
	fdtb_end(b);
}

static void
build_soc(struct fdtb *b, const struct machine *m)
{
	char name[32];

	fdtb_begin(b, "soc");
	fdtb_prop_u32(b, "#address-cells", 2);
	fdtb_prop_u32(b, "#size-cells", 2);
	fdtb_prop(b, "ranges", "", 0);
	fdtb_begin(b, "plic@c000000");
	fdtb_prop_str(b, "compatible", "riscv,plic0");
	fdtb_prop_cells(b, "reg", 4, 0, 0x0c000000, 0, 0x4000000);
	fdtb_prop_u32(b, "riscv,ndev", 31);
	/* A second S-mode context for hart 0: as Linux, the first one counts. */
	fdtb_prop_cells(b, "interrupts-extended", 6, m->bad_plic_phandle ? 77 : 100, 11, 100, 9,
			100, 9);
	fdtb_end(b);
	for (int i = m->virtio - 1; i >= 0; i--) {
		snprintf(name, sizeof(name), "virtio_mmio@%x", 0x10001000 + 0x1000 * i);
		fdtb_begin(b, name);
		fdtb_prop_str(b, "compatible", "virtio,mmio");
		fdtb_prop_cells(b, "reg", 4, 0, 0x10001000 + 0x1000 * i, 0, 0x1000);
		fdtb_prop_u32(b, "interrupts", 1 + (uint32_t)i);
		fdtb_end(b);
	}
	fdtb_end(b);
}

static void
build_top(struct fdtb *b, const struct machine *m)
{
	char name[32];

	fdtb_begin(b, "chosen");
	if (m->bootargs)
		fdtb_prop_str(b, "bootargs", m->bootargs);
	if (m->unterminated_bootargs)
		fdtb_prop(b, "bootargs", "abc", 3);
	if (m->initrd_backwards) {
		fdtb_prop_u32(b, "linux,initrd-start", 0x82000000);
		fdtb_prop_u32(b, "linux,initrd-end", 0x81000000);
	}
	fdtb_end(b);
	for (int i = 0; !m->no_memory && i < m->mem; i++) {
		snprintf(name, sizeof(name), "memory@%x", 0x80000000 + 0x100000 * i);
		fdtb_begin(b, name);
		fdtb_prop_str(b, "device_type", "memory");
		if (m->bad_mem_reg)
			fdtb_prop_cells(b, "reg", 3, 0, 0x80000000 + 0x100000 * i, 0);
		else
			fdtb_prop_cells(b, "reg", 4, 0, 0x80000000 + 0x100000 * i, 0, 0x100000);
		fdtb_end(b);
	}
}

/* Build the machine @m and parse it; returns bootinfo_parse()'s result. */
static int
parse_machine(const struct machine *m, struct bootinfo *bi)
{
	struct fdtb *b = fdtb_new();
	size_t size;
	uint8_t *blob;
	int ret;

	for (int i = 0; i < m->rsv; i++)
		fdtb_memrsv(b, 0x80000000 + 0x1000 * (uint64_t)i, 0x1000);
	fdtb_begin(b, "");
	fdtb_prop_u32(b, "#address-cells", 2);
	fdtb_prop_u32(b, "#size-cells", 2);
	build_top(b, m);
	if (!m->no_cpus)
		build_cpus(b, m);
	build_soc(b, m);
	fdtb_end(b);
	blob = fdtb_finish(b, &size, 0);
	fdtb_free(b);
	ret = bootinfo_parse(bi, blob, size);
	free(blob);
	return ret;
}

static const struct machine base = { .harts = 1, .virtio = 1, .mem = 1 };

static int
parse_with(struct machine m)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	int ret;

	cr_assert_not_null(bi);
	ret = parse_machine(&m, bi);
	free(bi);
	return ret;
}

Test(bootinfo, a_minimal_built_machine_parses)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));

	cr_assert_eq(parse_machine(&base, bi), 0);
	cr_assert_eq(bi->nharts, 1);
	cr_assert_eq(bi->harts[0].plic_s_context, 1);
	cr_assert_eq(bi->plic.ndev, 31);
	cr_assert(!bi->uart.dev.present);
	free(bi);
}

Test(bootinfo, sixty_four_harts_fit_and_sixty_five_are_too_many)
{
	struct machine m = base;

	m.harts = BOOTINFO_MAX_HARTS;
	cr_assert_eq(parse_with(m), 0);
	m.harts++;
	cr_assert_eq(parse_with(m), -E2BIG);
}

Test(bootinfo, sixteen_virtio_slots_fit_and_seventeen_are_too_many)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	struct machine m = base;

	m.virtio = BOOTINFO_MAX_VIRTIO;
	cr_assert_eq(parse_machine(&m, bi), 0);
	cr_assert_eq(bi->nvirtio, 16);
	/* Built in descending order, returned ascending. */
	for (unsigned int i = 1; i < bi->nvirtio; i++)
		cr_assert_gt(bi->virtio[i].base, bi->virtio[i - 1].base);
	cr_assert_eq(bi->virtio[15].irq, 16);
	m.virtio++;
	cr_assert_eq(parse_machine(&m, bi), -E2BIG);
	free(bi);
}

Test(bootinfo, memory_and_reserved_ranges_beyond_the_arrays_are_errors)
{
	struct machine m = base;

	m.mem = BOOTINFO_MAX_MEM;
	cr_assert_eq(parse_with(m), 0);
	m.mem++;
	cr_assert_eq(parse_with(m), -E2BIG);
	m = base;
	m.rsv = BOOTINFO_MAX_RESERVED;
	cr_assert_eq(parse_with(m), 0);
	m.rsv++;
	cr_assert_eq(parse_with(m), -E2BIG);
}

Test(bootinfo, bootargs_longer_than_the_buffer_are_an_error_not_truncated)
{
	char *args = malloc(BOOTINFO_BOOTARGS_MAX + 1);
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	struct machine m = base;

	memset(args, 'a', BOOTINFO_BOOTARGS_MAX);
	args[BOOTINFO_BOOTARGS_MAX - 1] = '\0';
	m.bootargs = args;
	cr_assert_eq(parse_machine(&m, bi), 0);
	cr_assert_eq(strlen(bi->bootargs), BOOTINFO_BOOTARGS_MAX - 1);
	args[BOOTINFO_BOOTARGS_MAX - 1] = 'a';
	args[BOOTINFO_BOOTARGS_MAX] = '\0';
	cr_assert_eq(parse_machine(&m, bi), -E2BIG);
	free(args);
	free(bi);
}

Test(bootinfo, an_isa_string_longer_than_the_buffer_is_an_error)
{
	char isa[BOOTINFO_ISA_MAX + 1] = "rv64imac";
	struct machine m = base;

	memset(isa + 8, 'x', sizeof(isa) - 9);
	isa[BOOTINFO_ISA_MAX] = '\0';
	m.isa = isa;
	cr_assert_eq(parse_with(m), -E2BIG);
	isa[BOOTINFO_ISA_MAX - 1] = '\0';
	cr_assert_eq(parse_with(m), 0);
}

Test(bootinfo, missing_memory_cpus_or_timebase_is_enoent)
{
	struct machine m = base;

	m.no_memory = true;
	cr_assert_eq(parse_with(m), -ENOENT);
	m = base;
	m.no_cpus = true;
	cr_assert_eq(parse_with(m), -ENOENT);
	m = base;
	m.no_timebase = true;
	cr_assert_eq(parse_with(m), -ENOENT);
	m = base;
	m.hart_status = "disabled";
	cr_assert_eq(parse_with(m), -ENOENT);
	m.hart_status = "okay";
	cr_assert_eq(parse_with(m), 0);
}

Test(bootinfo, malformed_properties_are_einval)
{
	struct machine m = base;

	m.bad_mem_reg = true;
	cr_assert_eq(parse_with(m), -EINVAL);
	m = base;
	m.harts = 2;
	m.dup_hartid = true;
	cr_assert_eq(parse_with(m), -EINVAL);
	m = base;
	m.bad_plic_phandle = true;
	cr_assert_eq(parse_with(m), -EINVAL);
	m = base;
	m.unterminated_bootargs = true;
	cr_assert_eq(parse_with(m), -EINVAL);
	m = base;
	m.initrd_backwards = true;
	cr_assert_eq(parse_with(m), -EINVAL);
}

Test(bootinfo, a_failed_parse_leaves_the_struct_zeroed)
{
	struct bootinfo *bi = malloc(sizeof(*bi)), *zero = calloc(1, sizeof(*bi));
	static const char text[64] = "not a device tree, just text";
	struct machine m = base;

	memset(bi, 0xa5, sizeof(*bi));
	m.harts = BOOTINFO_MAX_HARTS + 1;
	cr_assert_eq(parse_machine(&m, bi), -E2BIG);
	cr_assert_eq(memcmp(bi, zero, sizeof(*bi)), 0);
	memset(bi, 0xa5, sizeof(*bi));
	cr_assert_eq(bootinfo_parse(bi, text, sizeof(text)), -EINVAL);
	cr_assert_eq(memcmp(bi, zero, sizeof(*bi)), 0);
	free(bi);
	free(zero);
}

/* ---- the ISA string parser ------------------------------------------------- */

Test(bootinfo, isa_parser_matches_whole_multi_letter_extensions)
{
	cr_assert(bootinfo_isa_has_ext(qemu_isa, "sstc"));
	cr_assert(bootinfo_isa_has_ext(qemu_isa, "zicsr"));
	cr_assert(bootinfo_isa_has_ext(qemu_isa, "zba"));
	cr_assert(!bootinfo_isa_has_ext(qemu_isa, "zb"));
	cr_assert(!bootinfo_isa_has_ext(qemu_isa, "sst"));
	cr_assert(!bootinfo_isa_has_ext("rv64imac_zicsr", "sstc"));
	cr_assert(!bootinfo_isa_has_ext("rv64imac_xsstc", "sstc"));
	cr_assert(!bootinfo_isa_has_ext("rv64imac_ssstc", "sstc"));
	cr_assert(!bootinfo_isa_has_ext("rv64imac_sstcx", "sstc"));
	cr_assert(!bootinfo_isa_has_ext("rv64imac_sstc_", "sstcx"));
	cr_assert(bootinfo_isa_has_ext("rv64imac_sstc1p0", "sstc"));
	cr_assert(bootinfo_isa_has_ext("rv64imac_sstc2_zicsr", "sstc"));
	cr_assert(!bootinfo_isa_has_ext("rv64imac_sstc1p", "sstc"));
	cr_assert(bootinfo_isa_has_ext("RV64IMAC_SSTC", "sstc"));
	cr_assert(bootinfo_isa_has_ext("rv64imacsstc", "sstc"));
	cr_assert(bootinfo_isa_has_ext("rv64imac__sstc", "sstc"));
}

Test(bootinfo, isa_parser_matches_single_letters_outside_multi_letter_names)
{
	cr_assert(bootinfo_isa_has_ext(qemu_isa, "h"));
	cr_assert(bootinfo_isa_has_ext(qemu_isa, "c"));
	cr_assert(!bootinfo_isa_has_ext(qemu_isa, "v"));
	/* The 's' and 'c' of "sstc" and 'z' of "zicsr" are not letters. */
	cr_assert(!bootinfo_isa_has_ext("rv64ima_sstc_zicsr", "c"));
	cr_assert(!bootinfo_isa_has_ext("rv64ima_zicsr", "z"));
	cr_assert(bootinfo_isa_has_ext("rv64i2p0_m2p0_a2p0_c", "c"));
	cr_assert(bootinfo_isa_has_ext("rv64i2p0_m2p0_a2p0_c", "m"));
	cr_assert(!bootinfo_isa_has_ext("rv64i2p0_m2p0", "p"));
	cr_assert(bootinfo_isa_has_ext("rv64gc", "d"));
	cr_assert(!bootinfo_isa_has_ext("rv64gc", "v"));
}

Test(bootinfo, isa_parser_rejects_strings_without_the_rv_prefix)
{
	cr_assert(!bootinfo_isa_has_ext("", "i"));
	cr_assert(!bootinfo_isa_has_ext("rv", "i"));
	cr_assert(!bootinfo_isa_has_ext("imac_sstc", "sstc"));
	cr_assert(!bootinfo_isa_has_ext("rvimac_sstc", "sstc"));
	cr_assert(!bootinfo_isa_has_ext("rv64imac_sstc", ""));
}

/* ---- corrupt blobs ----------------------------------------------------------- */

static void
check_sane(const struct bootinfo *bi)
{
	cr_assert(bi->nmem >= 1 && bi->nmem <= BOOTINFO_MAX_MEM);
	cr_assert(bi->nharts >= 1 && bi->nharts <= BOOTINFO_MAX_HARTS);
	cr_assert_leq(bi->nreserved, BOOTINFO_MAX_RESERVED);
	cr_assert_leq(bi->nvirtio, BOOTINFO_MAX_VIRTIO);
	cr_assert_leq(bi->rng_seed_len, BOOTINFO_RNG_SEED_MAX);
	cr_assert_lt(strnlen(bi->bootargs, sizeof(bi->bootargs)), sizeof(bi->bootargs));
	cr_assert_lt(strnlen(bi->stdout_path, sizeof(bi->stdout_path)), sizeof(bi->stdout_path));
	for (unsigned int i = 0; i < bi->nharts; i++)
		cr_assert_lt(strnlen(bi->harts[i].isa, BOOTINFO_ISA_MAX), BOOTINFO_ISA_MAX);
	cr_assert(!bi->has_initrd || bi->initrd_start <= bi->initrd_end);
}

static uint8_t *
smp4_copy(size_t *size)
{
	size_t fsize;
	uint8_t *file = fixture_load(SMP4, &fsize), *blob;

	*size = fdtb_get32(file, 4);
	blob = fixture_dup(file, *size);
	free(file);
	return blob;
}

Test(bootinfo, truncated_blobs_are_rejected_without_reading_past_them)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	size_t size;
	uint8_t *orig = smp4_copy(&size);

	for (size_t len = 0; len < size; len++) {
		uint8_t *blob = fixture_dup(orig, len);
		int ret;

		cr_assert_eq(bootinfo_parse(bi, blob, len), -EINVAL, "len %zu", len);
		if (len >= 40) {
			/* Claim only the bytes left, blocks cut to fit. */
			fdtb_put32(blob, 4, (uint32_t)len);
			if (fdtb_get32(blob, 12) + fdtb_get32(blob, 32) > len &&
			    fdtb_get32(blob, 12) <= len)
				fdtb_put32(blob, 32, (uint32_t)len - fdtb_get32(blob, 12));
			ret = bootinfo_parse(bi, blob, len);
			cr_assert_leq(ret, 0);
			if (ret == 0)
				check_sane(bi);
		}
		free(blob);
	}
	free(orig);
	free(bi);
}

Test(bootinfo, random_byte_flips_never_crash_the_parser)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	uint64_t seed = 0x626f6f74696e666fULL;
	size_t size;
	uint8_t *orig = smp4_copy(&size);
	int ok = 0;

	for (int iter = 0; iter < 3000; iter++) {
		uint8_t *blob = fixture_dup(orig, size);
		int flips = 1 + (int)(fixture_rand(&seed) % 4), ret;

		for (int i = 0; i < flips; i++)
			blob[fixture_rand(&seed) % size] ^= (uint8_t)(1 + fixture_rand(&seed) % 255);
		ret = bootinfo_parse(bi, blob, size);
		cr_assert_leq(ret, 0);
		if (ret == 0) {
			check_sane(bi);
			ok++;
		}
		free(blob);
	}
	cr_assert_gt(ok, 100);
	cr_assert_lt(ok, 3000);
	free(orig);
	free(bi);
}
