/*
 * Boot information: reads the machine description out of the device tree
 * (through lib/fdt, which has already rejected structurally bad blobs)
 * into struct bootinfo.
 *
 * Each step below reads one part of the tree, checks the length of every
 * property it decodes, and fails the whole parse rather than keep a
 * partial or truncated answer. The bindings followed are the devicetree
 * specification (memory, reserved-memory, cpus, chosen) and Linux's
 * Documentation/devicetree/bindings for riscv cpus, the SiFive PLIC,
 * ns16550, virtio-mmio, goldfish RTC and sifive,test.
 */
#include <asm-generic/errno.h>

#include <arch/bootinfo.h>
#include "lib/fdt.h"
#include "lib/string.h"

/* 1 if @node is enabled (status absent, "okay" or "ok"), 0 if not. */
static int
node_enabled(const struct fdt *fdt, int node)
{
	const char *s;
	int len;

	s = fdt_getprop_str(fdt, node, "status", &len);
	if (!s)
		return len == -ENOENT ? 1 : len;
	return strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

/* Next enabled node after @start (-1: from the root) compatible with @compat. */
static int
find_enabled(const struct fdt *fdt, int start, const char *compat)
{
	int node, ok;

	for (node = fdt_node_by_compatible(fdt, start, compat); node >= 0;
	     node = fdt_node_by_compatible(fdt, node, compat)) {
		ok = node_enabled(fdt, node);
		if (ok)
			return ok < 0 ? ok : node;
	}
	return node;
}

/* Copy string property @name into @dst (@size bytes); absent gives "". */
static int
copy_str(char *dst, size_t size, const struct fdt *fdt, int node, const char *name)
{
	const char *s;
	int len;

	s = fdt_getprop_str(fdt, node, name, &len);
	if (!s)
		return len == -ENOENT ? 0 : len;
	if ((size_t)len >= size)
		return -E2BIG;
	memcpy(dst, s, (size_t)len + 1);
	return 0;
}

static int
add_range(struct bootinfo_range *r, unsigned int *n, unsigned int max, uint64_t base, uint64_t size)
{
	if (size == 0)
		return 0;
	if (base + size < base)
		return -EINVAL;
	if (*n == max)
		return -E2BIG;
	r[*n].base = base;
	r[*n].size = size;
	(*n)++;
	return 0;
}

/* Reg entry @index of @node as a CPU physical range; -ENOENT past the end. */
static int
phys_reg(const struct fdt *fdt, int node, int index, uint64_t *base, uint64_t *size)
{
	int ret;

	ret = fdt_reg(fdt, node, index, base, size);
	if (ret)
		return ret;
	/* A device we cannot reach through the buses' ranges is a bad tree. */
	return fdt_translate(fdt, node, base) ? -EINVAL : 0;
}

/* Add every reg entry of @node to the range array @r. */
static int
add_reg_ranges(struct bootinfo_range *r, unsigned int *n, unsigned int max, const struct fdt *fdt,
	       int node)
{
	uint64_t base, size;
	int ret;

	for (int i = 0;; i++) {
		ret = phys_reg(fdt, node, i, &base, &size);
		if (ret)
			return ret == -ENOENT ? 0 : ret;
		ret = add_range(r, n, max, base, size);
		if (ret)
			return ret;
	}
}

/* RAM: the root's children with device_type = "memory" (spec 3.4). */
static int
parse_memory(struct bootinfo *bi, const struct fdt *fdt)
{
	const char *type;
	int node, len, ret;

	for (node = fdt_first_child(fdt, fdt_root(fdt)); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		type = fdt_getprop_str(fdt, node, "device_type", &len);
		if (!type && len != -ENOENT)
			return len;
		if (!type || strcmp(type, "memory") != 0)
			continue;
		ret = node_enabled(fdt, node);
		if (ret > 0)
			ret = add_reg_ranges(bi->mem, &bi->nmem, BOOTINFO_MAX_MEM, fdt, node);
		if (ret < 0)
			return ret;
	}
	if (node != -ENOENT)
		return node;
	return bi->nmem ? 0 : -ENOENT;
}

/* The memreserve block, then the static regions of /reserved-memory. */
static int
parse_reserved(struct bootinfo *bi, const struct fdt *fdt)
{
	uint64_t base, size;
	int node, ret;

	for (int i = 0; fdt_get_memrsv(fdt, i, &base, &size) == 0; i++) {
		ret = add_range(bi->reserved, &bi->nreserved, BOOTINFO_MAX_RESERVED, base, size);
		if (ret)
			return ret;
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node < 0)
		return node == -ENOENT ? 0 : node;
	/* Children without reg are allocation requests, not placed regions. */
	for (node = fdt_first_child(fdt, node); node >= 0; node = fdt_next_sibling(fdt, node)) {
		ret = node_enabled(fdt, node);
		if (ret > 0)
			ret = add_reg_ranges(bi->reserved, &bi->nreserved, BOOTINFO_MAX_RESERVED,
					     fdt, node);
		if (ret < 0)
			return ret;
	}
	return node == -ENOENT ? 0 : node;
}

/* The phandle of @cpu's riscv,cpu-intc child, 0 if it has none. */
static int
hart_intc(const struct fdt *fdt, int cpu, uint32_t *phandle)
{
	int child, r;

	for (child = fdt_first_child(fdt, cpu); child >= 0; child = fdt_next_sibling(fdt, child)) {
		r = fdt_node_is_compatible(fdt, child, "riscv,cpu-intc");
		if (r < 0)
			return r;
		if (r) {
			*phandle = fdt_get_phandle(fdt, child);
			return 0;
		}
	}
	return child == -ENOENT ? 0 : child;
}

static int
add_hart(struct bootinfo *bi, const struct fdt *fdt, int cpu)
{
	struct bootinfo_hart *h = &bi->harts[bi->nharts];
	const char *exts;
	uint64_t unused;
	int ret, len;

	if (bi->nharts == BOOTINFO_MAX_HARTS)
		return -E2BIG;
	ret = fdt_reg(fdt, cpu, 0, &h->hartid, &unused);
	if (ret)
		return -EINVAL;
	for (unsigned int i = 0; i < bi->nharts; i++)
		if (bi->harts[i].hartid == h->hartid)
			return -EINVAL;
	ret = copy_str(h->isa, sizeof(h->isa), fdt, cpu, "riscv,isa");
	if (!ret)
		ret = hart_intc(fdt, cpu, &h->intc_phandle);
	if (ret)
		return ret;
	/* Newer trees also list extensions one per string (riscv,isa-extensions). */
	exts = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);
	h->has_sstc = bootinfo_isa_has_ext(h->isa, "sstc") ||
		      (exts && fdt_stringlist_contains(exts, len, "sstc"));
	h->plic_s_context = -1;
	bi->nharts++;
	return 0;
}

/* Harts: the enabled /cpus children with device_type = "cpu". */
static int
parse_cpus(struct bootinfo *bi, const struct fdt *fdt)
{
	const char *type;
	int cpus, node, len, ret;

	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return cpus;
	ret = fdt_getprop_uint(fdt, cpus, "timebase-frequency", &bi->timebase_freq);
	if (ret)
		return ret;
	for (node = fdt_first_child(fdt, cpus); node >= 0; node = fdt_next_sibling(fdt, node)) {
		type = fdt_getprop_str(fdt, node, "device_type", &len);
		if (!type && len != -ENOENT)
			return len;
		if (!type || strcmp(type, "cpu") != 0)
			continue;
		ret = node_enabled(fdt, node);
		if (ret > 0)
			ret = add_hart(bi, fdt, node);
		if (ret < 0)
			return ret;
	}
	if (node != -ENOENT)
		return node;
	return bi->nharts ? 0 : -ENOENT;
}

/* Base, size and first interrupt of a device node. */
static int
fill_dev(struct bootinfo_dev *dev, const struct fdt *fdt, int node)
{
	const void *irq;
	int ret, len;

	ret = phys_reg(fdt, node, 0, &dev->base, &dev->size);
	if (ret)
		return -EINVAL;
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (irq && len < 4)
		return -EINVAL;
	if (!irq && len != -ENOENT)
		return len;
	dev->irq = irq ? fdt_be32(irq) : 0;
	dev->present = true;
	return 0;
}

/* Read u32 property @name into *@out, or @dflt if it is absent. */
static int
u32_or(const struct fdt *fdt, int node, const char *name, uint32_t dflt, uint32_t *out)
{
	int ret;

	ret = fdt_getprop_u32(fdt, node, name, out);
	if (ret == -ENOENT)
		*out = dflt;
	return ret == -ENOENT ? 0 : ret;
}

/* The UART that /chosen/stdout-path names ("path[:options]"), if a 16550. */
static int
stdout_uart(const struct bootinfo *bi, const struct fdt *fdt)
{
	char path[BOOTINFO_PATH_MAX];
	char *colon;
	int node;

	_Static_assert(sizeof(path) == sizeof(bi->stdout_path), "same size");
	memcpy(path, bi->stdout_path, sizeof(path));
	colon = strchr(path, ':');
	if (colon)
		*colon = '\0';
	if (!path[0])
		return -ENOENT;
	node = fdt_path_offset(fdt, path);
	if (node >= 0 && fdt_node_is_compatible(fdt, node, "ns16550a") == 1 &&
	    node_enabled(fdt, node) == 1)
		return node;
	return -ENOENT;
}

static int
parse_uart(struct bootinfo *bi, const struct fdt *fdt)
{
	struct bootinfo_uart *u = &bi->uart;
	int node, ret;

	node = stdout_uart(bi, fdt);
	if (node < 0)
		node = find_enabled(fdt, -1, "ns16550a");
	if (node < 0)
		return node == -ENOENT ? 0 : node;
	ret = fill_dev(&u->dev, fdt, node);
	if (!ret)
		ret = u32_or(fdt, node, "clock-frequency", 0, &u->clock_freq);
	if (!ret)
		ret = u32_or(fdt, node, "reg-shift", 0, &u->reg_shift);
	if (!ret)
		ret = u32_or(fdt, node, "reg-io-width", 1, &u->reg_io_width);
	return ret;
}

/* #interrupt-cells of the interrupt controller with phandle @ph. */
static int
intc_cells(const struct fdt *fdt, uint32_t ph)
{
	uint32_t cells;
	int node, ret;

	node = fdt_node_by_phandle(fdt, ph);
	if (node < 0)
		return -EINVAL;
	ret = fdt_getprop_u32(fdt, node, "#interrupt-cells", &cells);
	if (ret || cells < 1 || cells > 4)
		return -EINVAL;
	return (int)cells;
}

/*
 * PLIC contexts, per the sifive,plic-1.0.0 binding: the n-th entry of
 * interrupts-extended (a hart's intc phandle, then its irq) is context n.
 * The entry whose irq is the S-mode external interrupt is the hart's
 * S-mode context.
 */
static int
plic_contexts(struct bootinfo *bi, const struct fdt *fdt, int plic)
{
	const uint8_t *p;
	uint32_t ph;
	int len, cells;

	p = fdt_getprop(fdt, plic, "interrupts-extended", &len);
	if (!p)
		return len == -ENOENT ? 0 : len;
	for (int ctx = 0; len > 0; ctx++) {
		ph = len >= 4 ? fdt_be32(p) : 0;
		cells = intc_cells(fdt, ph);
		if (cells < 0 || len < (cells + 1) * 4)
			return -EINVAL;
		for (unsigned int i = 0; i < bi->nharts; i++) {
			struct bootinfo_hart *h = &bi->harts[i];

			if (h->intc_phandle == ph && h->plic_s_context < 0 &&
			    fdt_be32(p + 4) == BOOTINFO_IRQ_S_EXT)
				h->plic_s_context = ctx;
		}
		p += (cells + 1) * 4;
		len -= (cells + 1) * 4;
	}
	return 0;
}

static int
parse_plic(struct bootinfo *bi, const struct fdt *fdt)
{
	int node, ret;

	node = find_enabled(fdt, -1, "riscv,plic0");
	if (node == -ENOENT)
		node = find_enabled(fdt, -1, "sifive,plic-1.0.0");
	if (node < 0)
		return node == -ENOENT ? 0 : node;
	ret = fill_dev(&bi->plic.dev, fdt, node);
	if (!ret)
		ret = fdt_getprop_u32(fdt, node, "riscv,ndev", &bi->plic.ndev);
	if (!ret)
		ret = plic_contexts(bi, fdt, node);
	return ret == -ENOENT ? -EINVAL : ret;
}

/* Every enabled virtio,mmio slot, sorted by base address. */
static int
parse_virtio(struct bootinfo *bi, const struct fdt *fdt)
{
	struct bootinfo_dev d;
	unsigned int i;
	int node, ret;

	for (node = find_enabled(fdt, -1, "virtio,mmio"); node >= 0;
	     node = find_enabled(fdt, node, "virtio,mmio")) {
		if (bi->nvirtio == BOOTINFO_MAX_VIRTIO)
			return -E2BIG;
		memset(&d, 0, sizeof(d));
		ret = fill_dev(&d, fdt, node);
		if (ret)
			return ret;
		for (i = bi->nvirtio; i > 0 && bi->virtio[i - 1].base > d.base; i--)
			bi->virtio[i] = bi->virtio[i - 1];
		bi->virtio[i] = d;
		bi->nvirtio++;
	}
	return node == -ENOENT ? 0 : node;
}

/* The first enabled node compatible with @compat (or @alt) into @dev. */
static int
parse_one_dev(struct bootinfo_dev *dev, const struct fdt *fdt, const char *compat, const char *alt)
{
	int node;

	node = find_enabled(fdt, -1, compat);
	if (node == -ENOENT && alt)
		node = find_enabled(fdt, -1, alt);
	if (node < 0)
		return node == -ENOENT ? 0 : node;
	return fill_dev(dev, fdt, node);
}

static int
parse_devices(struct bootinfo *bi, const struct fdt *fdt)
{
	int ret;

	ret = parse_uart(bi, fdt);
	if (!ret)
		ret = parse_plic(bi, fdt);
	if (!ret)
		ret = parse_virtio(bi, fdt);
	if (!ret)
		ret = parse_one_dev(&bi->rtc, fdt, "google,goldfish-rtc", NULL);
	if (!ret)
		ret = parse_one_dev(&bi->test, fdt, "sifive,test0", "sifive,test1");
	return ret;
}

/* As Linux: the initrd is used only if both ends are given. */
static int
parse_initrd(struct bootinfo *bi, const struct fdt *fdt, int chosen)
{
	uint64_t start, end;
	int ret;

	ret = fdt_getprop_uint(fdt, chosen, "linux,initrd-start", &start);
	if (!ret)
		ret = fdt_getprop_uint(fdt, chosen, "linux,initrd-end", &end);
	if (ret)
		return ret == -ENOENT ? 0 : ret;
	if (end < start)
		return -EINVAL;
	bi->has_initrd = true;
	bi->initrd_start = start;
	bi->initrd_end = end;
	return 0;
}

static int
parse_chosen(struct bootinfo *bi, const struct fdt *fdt)
{
	const void *seed;
	int chosen, ret, len;

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return chosen == -ENOENT ? 0 : chosen;
	ret = copy_str(bi->bootargs, sizeof(bi->bootargs), fdt, chosen, "bootargs");
	if (!ret)
		ret = copy_str(bi->stdout_path, sizeof(bi->stdout_path), fdt, chosen,
			       "stdout-path");
	if (!ret)
		ret = parse_initrd(bi, fdt, chosen);
	if (ret)
		return ret;
	/* Entropy: a longer seed is fine to use in part. */
	seed = fdt_getprop(fdt, chosen, "rng-seed", &len);
	if (!seed)
		return len == -ENOENT ? 0 : len;
	bi->rng_seed_len = MIN((size_t)len, sizeof(bi->rng_seed));
	memcpy(bi->rng_seed, seed, bi->rng_seed_len);
	return 0;
}

int
bootinfo_parse(struct bootinfo *bi, const void *fdt_blob, size_t max_size)
{
	/* /chosen comes before the devices: stdout-path picks the UART. */
	static int (*const steps[])(struct bootinfo *, const struct fdt *) = {
		parse_memory, parse_reserved, parse_cpus, parse_chosen, parse_devices,
	};
	struct fdt fdt;
	int ret;

	memset(bi, 0, sizeof(*bi));
	ret = fdt_init(&fdt, fdt_blob, max_size);
	for (size_t i = 0; !ret && i < ARRAY_SIZE(steps); i++)
		ret = steps[i](bi, &fdt);
	if (ret) {
		memset(bi, 0, sizeof(*bi));
		return ret;
	}
	bi->boot_cpuid = fdt.boot_cpuid;
	bi->fdt_size = fdt.totalsize;
	return 0;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the version suffix ("2", "2p0") at the start of @s. */
static size_t
version_len(const char *s)
{
	size_t i = 0;

	while (is_digit(s[i]))
		i++;
	if (i > 0 && lower(s[i]) == 'p' && is_digit(s[i + 1]))
		for (i++; is_digit(s[i]); i++)
			;
	return i;
}

/* Is the multi-letter extension @p (@len bytes) @ext, maybe versioned? */
static bool
multi_matches(const char *p, size_t len, const char *ext, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (i >= len || lower(p[i]) != lower(ext[i]))
			return false;
	return n == len || version_len(p + n) == len - n;
}

/* Does single-letter extension @c grant @e? ("g" is "imafd", ISA manual.) */
static bool
letter_matches(char c, char e)
{
	c = lower(c);
	e = lower(e);
	return c == e || (c == 'g' && e && strchr("imafd", e));
}

bool
bootinfo_isa_has_ext(const char *isa, const char *ext)
{
	size_t n = strlen(ext), len;
	const char *p = isa, *end;

	if (n == 0 || lower(p[0]) != 'r' || lower(p[1]) != 'v' || !is_digit(p[2]))
		return false;
	for (p += 2; is_digit(*p); p++)
		;
	while (*p) {
		char c = lower(*p);

		if (c == '_') {
			p++;
		} else if (c == 's' || c == 'z' || c == 'x') {
			/* A multi-letter extension runs to the next '_'. */
			end = strchr(p, '_');
			len = end ? (size_t)(end - p) : strlen(p);
			if (n > 1 && multi_matches(p, len, ext, n))
				return true;
			p += len;
		} else {
			if (n == 1 && letter_matches(c, ext[0]))
				return true;
			p++;
			p += version_len(p);
		}
	}
	return false;
}
