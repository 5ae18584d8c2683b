/*
 * Host tests of kernel/lib/fdt.c: the reader on QEMU's own device trees
 * (dumped by the build), on a dtc-compiled synthetic tree, on trees built
 * token by token, and on corrupt blobs (every truncation, seeded random
 * byte flips, hand-made header and structure damage) under ASan/UBSan.
 */
#include <asm-generic/errno.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "fdt_builder.h"
#include "fixture.h"
#include "lib/fdt.h"

#define SMP1 "build/host/fixtures/virt-smp1.dtb"
#define SMP4 "build/host/fixtures/virt-smp4.dtb"
#define CHOSEN "build/host/fixtures/virt-chosen.dtb"
#define SYNTH "build/host/fixtures/synthetic.dtb"

static uint8_t *
load_fdt(const char *path, struct fdt *fdt, size_t *sizep)
{
	size_t size;
	uint8_t *blob = fixture_load(path, &size);

	cr_assert_eq(fdt_init(fdt, blob, size), 0, "%s does not parse", path);
	if (sizep)
		*sizep = size;
	return blob;
}

static int
path(const struct fdt *fdt, const char *p)
{
	int node = fdt_path_offset(fdt, p);

	cr_assert_geq(node, 0, "%s: %d", p, node);
	return node;
}

static const char *
name_of(const struct fdt *fdt, int node)
{
	const char *name = fdt_node_name(fdt, node, NULL);

	cr_assert_not_null(name);
	return name;
}

/* ---- QEMU's trees ------------------------------------------------------- */

Test(fdt, init_accepts_the_qemu_virt_tree_and_reads_its_header)
{
	struct fdt fdt;
	size_t size;
	uint8_t *blob = load_fdt(SMP4, &fdt, &size);

	cr_assert_eq(fdt.version, 17);
	cr_assert_eq(fdt.totalsize, fdtb_get32(blob, 4));
	cr_assert_leq(fdt.totalsize, size);
	cr_assert_eq(fdt.boot_cpuid, 0);
	cr_assert_str_eq(name_of(&fdt, fdt_root(&fdt)), "");
	cr_assert_eq(fdt_path_offset(&fdt, "/"), fdt_root(&fdt));
	free(blob);
}

Test(fdt, path_offset_finds_nodes_by_full_and_unit_less_names)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int serial = path(&fdt, "/soc/serial@10000000");

	cr_assert_str_eq(name_of(&fdt, serial), "serial@10000000");
	cr_assert_eq(path(&fdt, "/soc/serial"), serial);
	cr_assert_eq(path(&fdt, "//soc//serial/"), serial);
	cr_assert_str_eq(name_of(&fdt, path(&fdt, "/memory")), "memory@80000000");
	cr_assert_str_eq(name_of(&fdt, path(&fdt, "/cpus/cpu@3/interrupt-controller")),
			 "interrupt-controller");
	cr_assert_eq(fdt_path_offset(&fdt, "/soc/serial@1"), -ENOENT);
	cr_assert_eq(fdt_path_offset(&fdt, "/soc/seria"), -ENOENT);
	cr_assert_eq(fdt_path_offset(&fdt, "/nonexistent/x"), -ENOENT);
	cr_assert_eq(fdt_path_offset(&fdt, "/cpus/cpu@0/@"), -ENOENT);
	free(blob);
}

Test(fdt, path_offset_without_aliases_node_rejects_relative_paths)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP1, &fdt, NULL);

	cr_assert_eq(fdt_path_offset(&fdt, "serial0"), -ENOENT);
	cr_assert_eq(fdt_path_offset(&fdt, ""), -EINVAL);
	free(blob);
}

Test(fdt, first_child_and_next_sibling_visit_the_cpus_in_order)
{
	static const char *const want[] = { "cpu@0", "cpu@1", "cpu@2", "cpu@3", "cpu-map" };
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int node, i = 0;

	for (node = fdt_first_child(&fdt, path(&fdt, "/cpus")); node >= 0;
	     node = fdt_next_sibling(&fdt, node)) {
		cr_assert_lt(i, 5);
		cr_assert_str_eq(name_of(&fdt, node), want[i]);
		i++;
	}
	cr_assert_eq(node, -ENOENT);
	cr_assert_eq(i, 5);
	cr_assert_eq(fdt_first_child(&fdt, path(&fdt, "/cpus/cpu@0/interrupt-controller")),
		     -ENOENT);
	cr_assert_eq(fdt_next_sibling(&fdt, fdt_root(&fdt)), -ENOENT);
	free(blob);
}

Test(fdt, next_node_with_depth_walks_one_subtree_only)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int cpus = path(&fdt, "/cpus"), node, depth = 0, count = 0, deepest = 0;

	for (node = fdt_next_node(&fdt, cpus, &depth); node >= 0;
	     node = fdt_next_node(&fdt, node, &depth)) {
		count++;
		if (depth > deepest)
			deepest = depth;
	}
	cr_assert_eq(node, -ENOENT);
	/* 4 cpus + 4 intcs + cpu-map + cluster0 + 4 cores. */
	cr_assert_eq(count, 14);
	cr_assert_eq(deepest, 3);
	free(blob);
}

Test(fdt, parent_is_found_and_the_root_has_none)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int intc = path(&fdt, "/cpus/cpu@2/interrupt-controller");

	cr_assert_eq(fdt_parent(&fdt, intc), path(&fdt, "/cpus/cpu@2"));
	cr_assert_eq(fdt_parent(&fdt, path(&fdt, "/cpus")), fdt_root(&fdt));
	cr_assert_eq(fdt_parent(&fdt, fdt_root(&fdt)), -ENOENT);
	/* An offset inside a node's body is not a node. */
	cr_assert_eq(fdt_parent(&fdt, intc + 4), -EINVAL);
	cr_assert_eq(fdt_parent(&fdt, -4), -EINVAL);
	cr_assert_null(fdt_node_name(&fdt, intc + 4, NULL));
	free(blob);
}

Test(fdt, getprop_returns_the_value_and_its_length)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int plic = path(&fdt, "/soc/plic@c000000"), len;
	const uint8_t *p;

	p = fdt_getprop(&fdt, plic, "interrupts-extended", &len);
	cr_assert_not_null(p);
	cr_assert_eq(len, 16 * 4);
	cr_assert_eq(fdt_be32(p + 4), 11);
	cr_assert_eq(fdt_be32(p + 12), 9);
	p = fdt_getprop(&fdt, plic, "interrupt-controller", &len);
	cr_assert_not_null(p);
	cr_assert_eq(len, 0);
	cr_assert_null(fdt_getprop(&fdt, plic, "interrupt", &len));
	cr_assert_eq(len, -ENOENT);
	cr_assert_null(fdt_getprop(&fdt, plic + 4, "reg", &len));
	cr_assert_eq(len, -EINVAL);
	free(blob);
}

Test(fdt, getprop_str_and_integer_helpers_check_lengths)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int cpus = path(&fdt, "/cpus"), mem = path(&fdt, "/memory"), len;
	uint32_t v32;
	uint64_t v64;

	cr_assert_eq(fdt_getprop_u32(&fdt, cpus, "timebase-frequency", &v32), 0);
	cr_assert_eq(v32, 10000000);
	cr_assert_eq(fdt_getprop_uint(&fdt, cpus, "timebase-frequency", &v64), 0);
	cr_assert_eq(v64, 10000000);
	cr_assert_eq(fdt_getprop_u32(&fdt, mem, "reg", &v32), -EINVAL);
	cr_assert_eq(fdt_getprop_uint(&fdt, mem, "reg", &v64), -EINVAL);
	cr_assert_eq(fdt_getprop_u32(&fdt, mem, "nope", &v32), -ENOENT);
	cr_assert_str_eq(fdt_getprop_str(&fdt, mem, "device_type", &len), "memory");
	cr_assert_eq(len, 6);
	/* A string list gives its first string. */
	cr_assert_str_eq(fdt_getprop_str(&fdt, path(&fdt, "/soc/test"), "compatible", &len),
			 "sifive,test1");
	cr_assert_null(fdt_getprop_str(&fdt, mem, "nope", &len));
	cr_assert_eq(len, -ENOENT);
	free(blob);
}

Test(fdt, cell_counts_come_from_the_node_or_the_spec_defaults)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);

	cr_assert_eq(fdt_address_cells(&fdt, fdt_root(&fdt)), 2);
	cr_assert_eq(fdt_size_cells(&fdt, fdt_root(&fdt)), 2);
	cr_assert_eq(fdt_address_cells(&fdt, path(&fdt, "/cpus")), 1);
	cr_assert_eq(fdt_size_cells(&fdt, path(&fdt, "/cpus")), 0);
	cr_assert_eq(fdt_address_cells(&fdt, path(&fdt, "/chosen")), 2);
	cr_assert_eq(fdt_size_cells(&fdt, path(&fdt, "/chosen")), 1);
	free(blob);
}

Test(fdt, reg_decodes_every_entry_with_the_parent_cells)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int flash = path(&fdt, "/flash"), cpu = path(&fdt, "/cpus/cpu@3");
	uint64_t a, s;

	cr_assert_eq(fdt_reg(&fdt, path(&fdt, "/memory"), 0, &a, &s), 0);
	cr_assert_eq(a, 0x80000000);
	cr_assert_eq(s, 1ULL << 30);
	cr_assert_eq(fdt_reg(&fdt, flash, 1, &a, &s), 0);
	cr_assert_eq(a, 0x22000000);
	cr_assert_eq(s, 0x2000000);
	cr_assert_eq(fdt_reg(&fdt, flash, 2, &a, &s), -ENOENT);
	cr_assert_eq(fdt_reg(&fdt, flash, -1, &a, &s), -ENOENT);
	cr_assert_eq(fdt_reg(&fdt, cpu, 0, &a, &s), 0);
	cr_assert_eq(a, 3);
	cr_assert_eq(s, 0);
	cr_assert_eq(fdt_reg(&fdt, path(&fdt, "/chosen"), 0, &a, &s), -ENOENT);
	cr_assert_eq(fdt_reg(&fdt, fdt_root(&fdt), 0, &a, &s), -EINVAL);
	free(blob);
}

Test(fdt, compatible_lists_match_whole_strings_only)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int test = path(&fdt, "/soc/test");

	cr_assert_eq(fdt_node_is_compatible(&fdt, test, "sifive,test0"), 1);
	cr_assert_eq(fdt_node_is_compatible(&fdt, test, "syscon"), 1);
	cr_assert_eq(fdt_node_is_compatible(&fdt, test, "sifive,test"), 0);
	cr_assert_eq(fdt_node_is_compatible(&fdt, test, "test0"), 0);
	cr_assert_eq(fdt_node_is_compatible(&fdt, path(&fdt, "/chosen"), "x"), 0);
	cr_assert(fdt_stringlist_contains("a\0bc\0", 5, "bc"));
	cr_assert(!fdt_stringlist_contains("a\0bc", 4, "bc"));
	cr_assert(!fdt_stringlist_contains("a\0bc\0", 5, "b"));
	cr_assert(!fdt_stringlist_contains("a\0bc\0", -1, "a"));
	free(blob);
}

Test(fdt, node_by_compatible_iterates_every_match_in_tree_order)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	uint64_t a, s, expect = 0x10008000;
	int node, n = 0;

	for (node = fdt_node_by_compatible(&fdt, -1, "virtio,mmio"); node >= 0;
	     node = fdt_node_by_compatible(&fdt, node, "virtio,mmio")) {
		cr_assert_eq(fdt_reg(&fdt, node, 0, &a, &s), 0);
		cr_assert_eq(a, expect, "slot %d at %#lx", n, (unsigned long)a);
		expect -= 0x1000;
		n++;
	}
	cr_assert_eq(node, -ENOENT);
	cr_assert_eq(n, 8);
	cr_assert_eq(fdt_node_by_compatible(&fdt, -1, "riscv-virtio"), fdt_root(&fdt));
	cr_assert_eq(fdt_node_by_compatible(&fdt, -1, "no,such"), -ENOENT);
	free(blob);
}

Test(fdt, phandles_lead_to_their_nodes)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP4, &fdt, NULL);
	int plic = path(&fdt, "/soc/plic");

	cr_assert_eq(fdt_get_phandle(&fdt, plic), 9);
	cr_assert_eq(fdt_node_by_phandle(&fdt, 9), plic);
	cr_assert_eq(fdt_node_by_phandle(&fdt, 8), path(&fdt, "/cpus/cpu@0/interrupt-controller"));
	cr_assert_eq(fdt_node_by_phandle(&fdt, 0x1234), -ENOENT);
	cr_assert_eq(fdt_node_by_phandle(&fdt, 0), -EINVAL);
	cr_assert_eq(fdt_node_by_phandle(&fdt, 0xffffffff), -EINVAL);
	cr_assert_eq(fdt_get_phandle(&fdt, path(&fdt, "/soc")), 0);
	free(blob);
}

Test(fdt, property_iteration_lists_every_property_of_a_node)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(CHOSEN, &fdt, NULL);
	int chosen = path(&fdt, "/chosen"), prop, len, n = 0;
	const char *name, *bootargs = NULL;
	const void *val;

	for (prop = fdt_first_prop(&fdt, chosen); prop >= 0; prop = fdt_next_prop(&fdt, prop)) {
		val = fdt_prop(&fdt, prop, &name, &len);
		cr_assert_not_null(val);
		cr_assert_eq(fdt_getprop(&fdt, chosen, name, NULL), val);
		if (strcmp(name, "bootargs") == 0)
			bootargs = val;
		n++;
	}
	cr_assert_eq(prop, -ENOENT);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(bootargs, "init=/x -- a b");
	cr_assert_null(fdt_prop(&fdt, chosen, &name, &len));
	cr_assert_eq(fdt_next_prop(&fdt, chosen), -EINVAL);
	cr_assert_eq(fdt_first_prop(&fdt, path(&fdt, "/cpus/cpu-map/cluster0")), -ENOENT);
	free(blob);
}

Test(fdt, qemu_tree_has_no_memory_reservations)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP1, &fdt, NULL);
	uint64_t a, s;

	cr_assert_eq(fdt_num_memrsv(&fdt), 0);
	cr_assert_eq(fdt_get_memrsv(&fdt, 0, &a, &s), -ENOENT);
	free(blob);
}

/* ---- the dtc-compiled synthetic tree ----------------------------------- */

Test(fdt, memreserve_entries_are_iterated_in_order)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SYNTH, &fdt, NULL);
	uint64_t a, s;

	cr_assert_eq(fdt_num_memrsv(&fdt), 2);
	cr_assert_eq(fdt_get_memrsv(&fdt, 0, &a, &s), 0);
	cr_assert_eq(a, 0x80000000);
	cr_assert_eq(s, 0x80000);
	cr_assert_eq(fdt_get_memrsv(&fdt, 1, &a, &s), 0);
	cr_assert_eq(a, 0x9ff00000);
	cr_assert_eq(s, 0x100000);
	cr_assert_eq(fdt_get_memrsv(&fdt, 2, &a, &s), -ENOENT);
	cr_assert_eq(fdt_get_memrsv(&fdt, -1, &a, &s), -ENOENT);
	free(blob);
}

Test(fdt, aliases_resolve_to_their_paths)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SYNTH, &fdt, NULL);

	cr_assert_eq(path(&fdt, "serial1"), path(&fdt, "/soc/uart@1000"));
	cr_assert_eq(path(&fdt, "serial0"), path(&fdt, "/soc/uart@0"));
	cr_assert_eq(fdt_path_offset(&fdt, "serial2"), -ENOENT);
	cr_assert_eq(fdt_path_offset(&fdt, "serial1/x"), -ENOENT);
	free(blob);
}

Test(fdt, translate_maps_bus_addresses_through_ranges)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SYNTH, &fdt, NULL);
	int uart = path(&fdt, "/soc/uart@1000"), thing = path(&fdt, "/isolated-bus/thing");
	uint64_t a, s;

	cr_assert_eq(fdt_reg(&fdt, uart, 0, &a, &s), 0);
	cr_assert_eq(a, 0x1000);
	cr_assert_eq(fdt_translate(&fdt, uart, &a), 0);
	cr_assert_eq(a, 0x10001000);
	/* Outside the one range of /soc. */
	a = 0x100000;
	cr_assert_eq(fdt_translate(&fdt, uart, &a), -ENOENT);
	/* A bus without ranges is not mapped into the CPU's space. */
	cr_assert_eq(fdt_reg(&fdt, thing, 0, &a, &s), 0);
	cr_assert_eq(fdt_translate(&fdt, thing, &a), -ENOENT);
	/* Children of the root need no translation. */
	a = 0x1234;
	cr_assert_eq(fdt_translate(&fdt, path(&fdt, "/memory@c0000000"), &a), 0);
	cr_assert_eq(a, 0x1234);
	free(blob);
}

Test(fdt, empty_ranges_translate_as_identity)
{
	struct fdt fdt;
	uint8_t *blob = load_fdt(SMP1, &fdt, NULL);
	uint64_t a = 0x10000000;

	cr_assert_eq(fdt_translate(&fdt, path(&fdt, "/soc/serial"), &a), 0);
	cr_assert_eq(a, 0x10000000);
	free(blob);
}

/* ---- hand-built trees ---------------------------------------------------- */

/* The smallest valid tree: an empty root. */
static struct fdtb *
root_only(void)
{
	struct fdtb *b = fdtb_new();

	fdtb_begin(b, "");
	fdtb_end(b);
	return b;
}

static int
init_built(struct fdtb *b, int no_end, uint8_t **blobp, struct fdt *fdt)
{
	size_t size;
	int ret;

	*blobp = fdtb_finish(b, &size, no_end);
	fdtb_free(b);
	ret = fdt_init(fdt, *blobp, size);
	return ret;
}

Test(fdt, an_empty_root_is_a_valid_tree)
{
	struct fdt fdt;
	uint8_t *blob;

	cr_assert_eq(init_built(root_only(), 0, &blob, &fdt), 0);
	cr_assert_eq(fdt_first_child(&fdt, fdt_root(&fdt)), -ENOENT);
	cr_assert_eq(fdt_next_node(&fdt, fdt_root(&fdt), NULL), -ENOENT);
	free(blob);
}

Test(fdt, getprop_str_rejects_values_without_a_nul)
{
	struct fdtb *b = fdtb_new();
	struct fdt fdt;
	uint8_t *blob;
	int len;

	fdtb_begin(b, "");
	fdtb_prop(b, "s", "abc", 3);
	fdtb_prop(b, "e", "", 0);
	fdtb_prop(b, "ok", "", 1);
	fdtb_end(b);
	cr_assert_eq(init_built(b, 0, &blob, &fdt), 0);
	cr_assert_null(fdt_getprop_str(&fdt, fdt_root(&fdt), "s", &len));
	cr_assert_eq(len, -EINVAL);
	cr_assert_null(fdt_getprop_str(&fdt, fdt_root(&fdt), "e", &len));
	cr_assert_eq(len, -EINVAL);
	cr_assert_str_eq(fdt_getprop_str(&fdt, fdt_root(&fdt), "ok", &len), "");
	cr_assert_eq(len, 0);
	free(blob);
}

Test(fdt, a_path_component_with_a_unit_address_must_match_exactly)
{
	struct fdtb *b = fdtb_new();
	struct fdt fdt;
	uint8_t *blob;

	fdtb_begin(b, "");
	fdtb_begin(b, "dev@1@2");
	fdtb_end(b);
	fdtb_end(b);
	cr_assert_eq(init_built(b, 0, &blob, &fdt), 0);
	cr_assert_eq(fdt_path_offset(&fdt, "/dev@1"), -ENOENT);
	cr_assert_geq(fdt_path_offset(&fdt, "/dev"), 0);
	cr_assert_geq(fdt_path_offset(&fdt, "/dev@1@2"), 0);
	free(blob);
}

Test(fdt, nops_are_skipped_everywhere)
{
	struct fdtb *b = fdtb_new();
	struct fdt fdt;
	uint8_t *blob;
	int node;

	fdtb_raw32(b, 4);
	fdtb_begin(b, "");
	fdtb_raw32(b, 4);
	fdtb_prop_u32(b, "a", 1);
	fdtb_raw32(b, 4);
	fdtb_prop_u32(b, "b", 2);
	fdtb_begin(b, "child");
	fdtb_end(b);
	fdtb_raw32(b, 4);
	fdtb_end(b);
	fdtb_raw32(b, 4);
	cr_assert_eq(init_built(b, 0, &blob, &fdt), 0);
	cr_assert_not_null(fdt_getprop(&fdt, fdt_root(&fdt), "b", NULL));
	node = fdt_first_child(&fdt, fdt_root(&fdt));
	cr_assert_str_eq(name_of(&fdt, node), "child");
	cr_assert_eq(fdt_parent(&fdt, node), fdt_root(&fdt));
	free(blob);
}

Test(fdt, version_16_blobs_are_read_without_size_dt_struct)
{
	struct fdtb *b = root_only();
	struct fdt fdt;
	size_t size;
	uint8_t *blob = fdtb_finish(b, &size, 0);

	fdtb_free(b);
	fdtb_put32(blob, 20, 16);
	fdtb_put32(blob, 36, 0xdeadbeef);
	/* v16: the structure block runs to the end, strings included. */
	cr_assert_eq(fdt_init(&fdt, blob, size), 0);
	fdtb_put32(blob, 20, 15);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	free(blob);
}

Test(fdt, nesting_to_the_depth_limit_is_accepted_and_deeper_is_not)
{
	for (int extra = 0; extra <= 1; extra++) {
		struct fdtb *b = fdtb_new();
		int levels = FDT_MAX_DEPTH + 1 + extra, node, depth = 0;
		struct fdt fdt;
		uint8_t *blob;

		for (int i = 0; i < levels; i++)
			fdtb_begin(b, i ? "n" : "");
		for (int i = 0; i < levels; i++)
			fdtb_end(b);
		if (extra) {
			cr_assert_eq(init_built(b, 0, &blob, &fdt), -EINVAL);
			free(blob);
			continue;
		}
		cr_assert_eq(init_built(b, 0, &blob, &fdt), 0);
		for (node = fdt_root(&fdt); fdt_first_child(&fdt, node) >= 0;
		     node = fdt_first_child(&fdt, node))
			depth++;
		cr_assert_eq(depth, FDT_MAX_DEPTH);
		cr_assert_geq(fdt_parent(&fdt, node), 0);
		free(blob);
	}
}

/* ---- corrupt blobs --------------------------------------------------------- */

static void
expect_einval(struct fdtb *b, int no_end)
{
	struct fdt fdt;
	uint8_t *blob;

	cr_assert_eq(init_built(b, no_end, &blob, &fdt), -EINVAL);
	free(blob);
}

Test(fdt, unbalanced_or_unterminated_structures_are_rejected)
{
	struct fdtb *b;

	b = fdtb_new();				/* no root at all */
	expect_einval(b, 0);
	b = fdtb_new();				/* root never closed */
	fdtb_begin(b, "");
	expect_einval(b, 0);
	b = root_only();			/* one END_NODE too many */
	fdtb_end(b);
	expect_einval(b, 0);
	b = root_only();			/* no FDT_END */
	expect_einval(b, 1);
	b = root_only();			/* a second root */
	fdtb_begin(b, "again");
	fdtb_end(b);
	expect_einval(b, 0);
	b = root_only();			/* a property outside any node */
	fdtb_prop_u32(b, "stray", 1);
	expect_einval(b, 0);
	b = root_only();			/* an unknown token */
	fdtb_raw32(b, 7);
	expect_einval(b, 0);
	b = fdtb_new();				/* END inside the root */
	fdtb_begin(b, "");
	fdtb_raw32(b, 9);
	fdtb_end(b);
	expect_einval(b, 0);
}

Test(fdt, a_property_name_offset_outside_the_strings_block_is_rejected)
{
	struct fdtb *b = fdtb_new();
	struct fdt fdt;
	size_t size;
	uint8_t *blob;
	uint32_t st, nstr;

	fdtb_begin(b, "");
	fdtb_prop_u32(b, "abc", 1);
	fdtb_end(b);
	blob = fdtb_finish(b, &size, 0);
	fdtb_free(b);
	cr_assert_eq(fdt_init(&fdt, blob, size), 0);
	st = fdtb_get32(blob, 8);
	nstr = fdtb_get32(blob, 32);
	/* nameoff sits after BEGIN_NODE "" (8 bytes), PROP, len. */
	fdtb_put32(blob, st + 16, nstr);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	fdtb_put32(blob, st + 16, 0xfffffffc);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	/* A name whose NUL lies beyond the strings block. */
	fdtb_put32(blob, st + 16, 0);
	fdtb_put32(blob, 32, 3);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	free(blob);
}

Test(fdt, a_property_running_past_the_structure_block_is_rejected)
{
	struct fdtb *b = fdtb_new();
	struct fdt fdt;
	size_t size;
	uint8_t *blob;
	uint32_t st;

	fdtb_begin(b, "");
	fdtb_prop_u32(b, "abc", 1);
	fdtb_end(b);
	blob = fdtb_finish(b, &size, 0);
	fdtb_free(b);
	st = fdtb_get32(blob, 8);
	for (uint32_t len = 5; len < 16; len++) {
		fdtb_put32(blob, st + 12, len);
		cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL, "len %u", len);
	}
	fdtb_put32(blob, st + 12, 0xffffffff);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	fdtb_put32(blob, st + 12, 0x7ffffffd);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	free(blob);
}

Test(fdt, a_property_length_that_wraps_when_padded_is_rejected)
{
	struct fdtb *b = fdtb_new();
	struct fdt fdt;
	size_t size;
	uint8_t *blob;

	/* Padded to 4, 0xfffffffd wraps to 0: the value would then look
	 * like a well-formed END_NODE, END ending the tree. */
	fdtb_begin(b, "");
	fdtb_raw32(b, 3);
	fdtb_raw32(b, 0xfffffffd);
	fdtb_raw32(b, fdtb_string(b, "x"));
	fdtb_end(b);
	blob = fdtb_finish(b, &size, 0);
	fdtb_free(b);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	free(blob);
}

Test(fdt, a_node_name_without_its_nul_is_rejected)
{
	struct fdtb *b = fdtb_new();
	struct fdt fdt;
	size_t size;
	uint8_t *blob;

	fdtb_begin(b, "");
	fdtb_begin(b, "abcdefg");	/* 8 bytes with the NUL, no padding */
	fdtb_end(b);
	fdtb_end(b);
	blob = fdtb_finish(b, &size, 0);
	fdtb_free(b);
	cr_assert_eq(fdt_init(&fdt, blob, size), 0);
	/* End the structure block inside the child's name, before its NUL. */
	for (uint32_t cut = 8 + 4; cut < 8 + 4 + 8; cut++) {
		fdtb_put32(blob, 36, cut);
		cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL, "cut %u", cut);
	}
	free(blob);
}

static uint8_t *
smp1_copy(size_t *size)
{
	size_t fsize;
	uint8_t *file = fixture_load(SMP1, &fsize), *blob;

	*size = fdtb_get32(file, 4);
	cr_assert_leq(*size, fsize);
	blob = fixture_dup(file, *size);
	free(file);
	return blob;
}

Test(fdt, bad_header_fields_are_rejected)
{
	static const struct {
		size_t off;
		uint32_t val;
	} bad[] = {
		{ 0, 0xd00dfeee },	/* magic */
		{ 0, 0xedfe0dd0 },	/* little-endian magic */
		{ 4, 39 },		/* totalsize below the header */
		{ 4, 0x80000000 },	/* totalsize beyond any buffer */
		{ 8, 0 },		/* struct block over the header */
		{ 8, 0x3a },    	/* misaligned struct block */
		{ 8, 0x10000000 },	/* struct block outside */
		{ 12, 0x10000000 },	/* strings outside */
		{ 16, 0x2c },		/* misaligned memreserve map */
		{ 16, 0 },		/* memreserve map over the header */
		{ 16, 0x10000000 },	/* memreserve map outside */
		{ 20, 15 },		/* version */
		{ 24, 18 },		/* incompatible layout */
		{ 32, 0x7fffffff },	/* strings size */
		{ 36, 0xfffffff0 },	/* struct size (wraps) */
	};
	struct fdt fdt;
	size_t size;
	uint8_t *blob = smp1_copy(&size);

	cr_assert_eq(fdt_init(&fdt, blob, size), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t old = fdtb_get32(blob, bad[i].off);

		fdtb_put32(blob, bad[i].off, bad[i].val);
		cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL, "case %zu", i);
		fdtb_put32(blob, bad[i].off, old);
	}
	cr_assert_eq(fdt_init(&fdt, blob, size), 0);
	free(blob);
}

Test(fdt, totalsize_larger_than_the_buffer_is_rejected)
{
	struct fdt fdt;
	size_t size;
	uint8_t *blob = smp1_copy(&size);

	cr_assert_eq(fdt_init(&fdt, blob, size - 1), -EINVAL);
	cr_assert_eq(fdt_init(&fdt, blob, 39), -EINVAL);
	cr_assert_eq(fdt_init(&fdt, blob, 0), -EINVAL);
	free(blob);
}

Test(fdt, a_memreserve_map_without_terminator_is_rejected)
{
	struct fdt fdt;
	size_t size;
	uint8_t *blob = smp1_copy(&size);
	uint32_t rsv = fdtb_get32(blob, 16);

	/* Fill from the map to the end with nonzero entries. */
	for (size_t off = rsv; off + 4 <= size; off += 4)
		fdtb_put32(blob, off, 1);
	cr_assert_eq(fdt_init(&fdt, blob, size), -EINVAL);
	free(blob);
}

/* Call every reader on every node; none may crash or read out of bounds. */
static void
exercise_node(const struct fdt *fdt, int node)
{
	const char *pname;
	const uint8_t *val;
	volatile uint8_t sink = 0;
	uint64_t a, s;
	uint32_t v, ph;
	int prop, len, n = 0;

	(void)fdt_node_name(fdt, node, &len);
	(void)fdt_parent(fdt, node);
	(void)fdt_first_child(fdt, node);
	(void)fdt_next_sibling(fdt, node);
	for (prop = fdt_first_prop(fdt, node); prop >= 0; prop = fdt_next_prop(fdt, prop)) {
		val = fdt_prop(fdt, prop, &pname, &len);
		cr_assert(val && pname && len >= 0);
		for (int i = 0; i < len; i++)
			sink ^= val[i];
		cr_assert_not_null(fdt_getprop(fdt, node, pname, NULL));
		cr_assert_lt(++n, 100000);
	}
	(void)fdt_getprop_str(fdt, node, "compatible", &len);
	sink ^= (uint8_t)fdt_getprop_u32(fdt, node, "#address-cells", &v);
	(void)fdt_address_cells(fdt, node);
	(void)fdt_size_cells(fdt, node);
	if (fdt_reg(fdt, node, 0, &a, &s) == 0)
		sink ^= (uint8_t)fdt_translate(fdt, node, &a);
	(void)fdt_node_is_compatible(fdt, node, "virtio,mmio");
	ph = fdt_get_phandle(fdt, node);
	if (ph)
		(void)fdt_node_by_phandle(fdt, ph);
}

static void
exercise(const struct fdt *fdt)
{
	static const char *const paths[] = {
		"/", "/chosen", "/cpus/cpu@0", "/soc/serial", "serial0", "/soc/plic@c000000",
	};
	uint64_t a, s;
	int node, n = 0;

	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		exercise_node(fdt, node);
		cr_assert_lt(++n, 100000);
	}
	cr_assert(node == -ENOENT || node == -EINVAL);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		(void)fdt_path_offset(fdt, paths[i]);
	for (int i = 0; fdt_get_memrsv(fdt, i, &a, &s) == 0; i++)
		cr_assert_lt(i, fdt_num_memrsv(fdt));
}

/* Shrink totalsize to @len and cut the blocks to fit inside it. */
static void
clip_to(uint8_t *blob, uint32_t len)
{
	static const size_t blocks[][2] = { { 8, 36 }, { 12, 32 } };	/* offset, size */

	fdtb_put32(blob, 4, len);
	for (int i = 0; i < 2; i++) {
		uint32_t off = fdtb_get32(blob, blocks[i][0]);
		uint32_t size = fdtb_get32(blob, blocks[i][1]);

		if (off <= len && size > len - off)
			fdtb_put32(blob, blocks[i][1], len - off);
	}
}

Test(fdt, every_truncation_of_a_real_blob_is_rejected_or_read_safely)
{
	size_t size;
	uint8_t *orig = smp1_copy(&size);
	struct fdt fdt;
	int accepted = 0;

	for (size_t len = 0; len < size; len++) {
		/* As cut off: totalsize now exceeds the buffer. */
		uint8_t *blob = fixture_dup(orig, len);

		cr_assert_eq(fdt_init(&fdt, blob, len), -EINVAL, "len %zu", len);
		/* As if whole: the header claims just the bytes that remain. */
		if (len >= FDT_HEADER_SIZE) {
			clip_to(blob, (uint32_t)len);
			if (fdt_init(&fdt, blob, len) == 0) {
				exercise(&fdt);
				accepted++;
			}
		}
		free(blob);
	}
	/* Only cuts inside the strings' unused tail can still be whole. */
	cr_assert_lt(accepted, 64);
	free(orig);
}

Test(fdt, random_byte_flips_are_rejected_or_read_safely)
{
	size_t size;
	uint8_t *orig = smp1_copy(&size);
	uint64_t seed = 0x7465726e66647431ULL;
	struct fdt fdt;
	int accepted = 0;

	for (int iter = 0; iter < 3000; iter++) {
		uint8_t *blob = fixture_dup(orig, size);
		int flips = 1 + (int)(fixture_rand(&seed) % 4);

		for (int i = 0; i < flips; i++)
			blob[fixture_rand(&seed) % size] ^= (uint8_t)(1 + fixture_rand(&seed) % 255);
		if (fdt_init(&fdt, blob, size) == 0) {
			exercise(&fdt);
			accepted++;
		}
		free(blob);
	}
	/* Flips in property values leave a valid tree: both paths ran. */
	cr_assert_gt(accepted, 100);
	cr_assert_lt(accepted, 3000);
	free(orig);
}
