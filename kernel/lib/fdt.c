/*
 * Flattened device tree reader (devicetree specification v0.4, chapter 5).
 *
 * Layout: a 40-byte big-endian header; a memory reservation map of
 * (address, size) pairs ending in (0, 0); a structure block of 4-byte
 * aligned tokens (BEGIN_NODE name, PROP len nameoff value, END_NODE, NOP,
 * END); a strings block holding property names.
 *
 * Defence: fdt_init() checks every header field against the caller's
 * bound and then walks the entire structure block with next_tag(), the
 * one function that decodes a token. next_tag() checks the token lies in
 * the structure block, that a node name is NUL-terminated inside it, that
 * a property's value fits in it and that its name offset points at a
 * NUL-terminated string inside the strings block. Every later walk goes
 * through next_tag() again, so no code here reads a byte it has not
 * bounds-checked, whatever the blob holds. Offsets are kept below
 * INT32_MAX so that int node offsets and uint32_t sums cannot overflow.
 */
#include <asm-generic/errno.h>

#include "lib/fdt.h"
#include "lib/string.h"

enum fdt_token {
	FDT_BEGIN_NODE = 1,
	FDT_END_NODE = 2,
	FDT_PROP = 3,
	FDT_NOP = 4,
	FDT_END = 9,
};

/* Byte offsets of the header fields (devicetree spec 5.2). */
enum fdt_header_field {
	HDR_MAGIC = 0,
	HDR_TOTALSIZE = 4,
	HDR_OFF_STRUCT = 8,
	HDR_OFF_STRINGS = 12,
	HDR_OFF_RSVMAP = 16,
	HDR_VERSION = 20,
	HDR_LAST_COMP = 24,
	HDR_BOOT_CPUID = 28,
	HDR_SIZE_STRINGS = 32,
	HDR_SIZE_STRUCT = 36,
};

#define RSVMAP_ENTRY_SIZE 16

/* Is [off, off + size) inside [0, total)? Overflow-safe. */
static bool
in_bounds(uint32_t off, uint32_t size, uint32_t total)
{
	return off <= total && size <= total - off;
}

static const char *
string_at(const struct fdt *fdt, uint32_t nameoff)
{
	const char *s;
	size_t room;

	if (nameoff >= fdt->strings_size)
		return NULL;
	s = (const char *)fdt->blob + fdt->strings_off + nameoff;
	room = fdt->strings_size - nameoff;
	if (strnlen(s, room) == room)
		return NULL;
	return s;
}

/* Offset after the name that starts at @off, or 0 if unterminated. */
static uint32_t
skip_name(const struct fdt *fdt, uint32_t off)
{
	size_t room = fdt->struct_end - off;
	size_t len = strnlen((const char *)fdt->blob + off, room);

	if (len == room)
		return 0;
	return off + ALIGN_UP((uint32_t)len + 1, 4);
}

/* Offset after the property body that starts at @off, or 0 if bad. */
static uint32_t
skip_prop(const struct fdt *fdt, uint32_t off)
{
	uint32_t len, nameoff;

	if (fdt->struct_end - off < 8)
		return 0;
	len = fdt_be32(fdt->blob + off);
	nameoff = fdt_be32(fdt->blob + off + 4);
	off += 8;
	if (len > fdt->struct_end - off || !string_at(fdt, nameoff))
		return 0;
	return off + ALIGN_UP(len, 4);
}

/*
 * Decode the token at @off. Returns its tag and sets *@nextp to the offset
 * of the token after it; -EINVAL if anything about it is out of bounds.
 */
static int
next_tag(const struct fdt *fdt, int off, int *nextp)
{
	uint32_t o = (uint32_t)off, tag;

	if (off < 0 || o < fdt->struct_off || !IS_ALIGNED(o, 4) || fdt->struct_end - o < 4)
		return -EINVAL;
	tag = fdt_be32(fdt->blob + o);
	o += 4;
	switch (tag) {
	case FDT_BEGIN_NODE:
		o = skip_name(fdt, o);
		break;
	case FDT_PROP:
		o = skip_prop(fdt, o);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return -EINVAL;
	}
	/* The padding after a name or value must stay inside the block too. */
	if (o == 0 || o > fdt->struct_end)
		return -EINVAL;
	*nextp = (int)o;
	return (int)tag;
}

static int
check_header(struct fdt *fdt, const uint8_t *b, size_t max_size)
{
	uint32_t total, struct_size;

	if (max_size < FDT_HEADER_SIZE || fdt_be32(b + HDR_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	total = fdt_be32(b + HDR_TOTALSIZE);
	fdt->version = fdt_be32(b + HDR_VERSION);
	if (total < FDT_HEADER_SIZE || total > max_size || total > INT32_MAX)
		return -EINVAL;
	/* We read the v17 layout; v16 only lacks size_dt_struct. */
	if (fdt->version < 16 || fdt_be32(b + HDR_LAST_COMP) > 17)
		return -EINVAL;
	fdt->blob = b;
	fdt->totalsize = total;
	fdt->boot_cpuid = fdt_be32(b + HDR_BOOT_CPUID);
	fdt->struct_off = fdt_be32(b + HDR_OFF_STRUCT);
	fdt->strings_off = fdt_be32(b + HDR_OFF_STRINGS);
	fdt->strings_size = fdt_be32(b + HDR_SIZE_STRINGS);
	fdt->rsvmap_off = fdt_be32(b + HDR_OFF_RSVMAP);
	if (fdt->struct_off < FDT_HEADER_SIZE || fdt->struct_off > total)
		return -EINVAL;
	struct_size = fdt->version >= 17 ? fdt_be32(b + HDR_SIZE_STRUCT) : total - fdt->struct_off;
	/* Spec 5.1: the map is 8-byte aligned, the structure block 4-byte. */
	if (!IS_ALIGNED(fdt->rsvmap_off, 8) || !IS_ALIGNED(fdt->struct_off, 4) ||
	    fdt->rsvmap_off < FDT_HEADER_SIZE || !in_bounds(fdt->struct_off, struct_size, total) ||
	    !in_bounds(fdt->strings_off, fdt->strings_size, total))
		return -EINVAL;
	fdt->struct_end = fdt->struct_off + struct_size;
	return 0;
}

static int
check_rsvmap(struct fdt *fdt)
{
	uint32_t off = fdt->rsvmap_off;

	for (uint32_t n = 0;; n++, off += RSVMAP_ENTRY_SIZE) {
		if (!in_bounds(off, RSVMAP_ENTRY_SIZE, fdt->totalsize))
			return -EINVAL;
		if (fdt_be64(fdt->blob + off) == 0 && fdt_be64(fdt->blob + off + 8) == 0) {
			fdt->rsvmap_count = n;
			return 0;
		}
	}
}

/*
 * Walk the whole structure block: NOPs, one root node holding properties
 * and nested nodes no deeper than FDT_MAX_DEPTH, NOPs, then FDT_END.
 */
static int
check_structure(struct fdt *fdt)
{
	int off = (int)fdt->struct_off, next, tag, open = 0;
	bool root_done = false;

	for (;; off = next) {
		tag = next_tag(fdt, off, &next);
		if (tag < 0)
			return tag;
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (root_done || ++open > FDT_MAX_DEPTH + 1)
				return -EINVAL;
			if (open == 1)
				fdt->root = off;
			break;
		case FDT_END_NODE:
			if (open == 0)
				return -EINVAL;
			root_done = --open == 0;
			break;
		case FDT_PROP:
			if (open == 0)
				return -EINVAL;
			break;
		case FDT_END:
			return root_done ? 0 : -EINVAL;
		}
	}
}

int
fdt_init(struct fdt *fdt, const void *blob, size_t max_size)
{
	int ret;

	memset(fdt, 0, sizeof(*fdt));
	ret = check_header(fdt, blob, max_size);
	if (!ret)
		ret = check_rsvmap(fdt);
	if (!ret)
		ret = check_structure(fdt);
	if (ret)
		memset(fdt, 0, sizeof(*fdt));
	return ret;
}

/* Offset just after @node's BEGIN_NODE token, or -EINVAL if not a node. */
static int
node_body(const struct fdt *fdt, int node)
{
	int next;

	if (next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return -EINVAL;
	return next;
}

int
fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int off = node_body(fdt, node), cur, tag;

	while (off >= 0) {
		cur = off;
		tag = next_tag(fdt, cur, &off);
		if (tag < 0)
			return tag;
		if (tag == FDT_END)
			return -ENOENT;
		if (tag == FDT_BEGIN_NODE) {
			if (depth && ++*depth > FDT_MAX_DEPTH + 1)
				return -EINVAL;
			return cur;
		}
		if (tag == FDT_END_NODE && depth && --*depth < 0)
			return -ENOENT;
	}
	return off;
}

int
fdt_first_child(const struct fdt *fdt, int node)
{
	int depth = 0;

	return fdt_next_node(fdt, node, &depth);
}

int
fdt_next_sibling(const struct fdt *fdt, int node)
{
	int depth = 1, off = node;

	/* Children come back at depth 2; the parent's end drops to -1. */
	do {
		off = fdt_next_node(fdt, off, &depth);
	} while (off >= 0 && depth > 1);
	return off;
}

int
fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH + 2];
	int depth = 0, off = fdt->root;

	if (node == fdt->root)
		return -ENOENT;
	stack[0] = off;
	while (off < node) {
		off = fdt_next_node(fdt, off, &depth);
		if (off < 0)
			return -EINVAL;
		stack[depth] = off;
		if (off == node)
			return stack[depth - 1];
	}
	return -EINVAL;
}

const char *
fdt_node_name(const struct fdt *fdt, int node, int *lenp)
{
	const char *name;

	if (node_body(fdt, node) < 0)
		return NULL;
	name = (const char *)fdt->blob + node + 4;
	if (lenp)
		*lenp = (int)strlen(name);
	return name;
}

/* First property token at or after @off inside one node's body. */
static int
prop_from(const struct fdt *fdt, int off)
{
	int tag, next;

	for (; off >= 0; off = next) {
		tag = next_tag(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_PROP)
			return off;
		if (tag != FDT_NOP)
			return -ENOENT;
	}
	return off;
}

int
fdt_first_prop(const struct fdt *fdt, int node)
{
	return prop_from(fdt, node_body(fdt, node));
}

int
fdt_next_prop(const struct fdt *fdt, int prop)
{
	int next;

	if (next_tag(fdt, prop, &next) != FDT_PROP)
		return -EINVAL;
	return prop_from(fdt, next);
}

const void *
fdt_prop(const struct fdt *fdt, int prop, const char **namep, int *lenp)
{
	int next;

	if (next_tag(fdt, prop, &next) != FDT_PROP)
		return NULL;
	if (namep)
		*namep = string_at(fdt, fdt_be32(fdt->blob + prop + 8));
	if (lenp)
		*lenp = (int)fdt_be32(fdt->blob + prop + 4);
	return fdt->blob + prop + 12;
}

/* Find the property whose name is the @len bytes at @name. */
static const void *
getprop_n(const struct fdt *fdt, int node, const char *name, size_t len, int *lenp)
{
	const char *pname;
	const void *val;
	int prop, plen;

	for (prop = fdt_first_prop(fdt, node); prop >= 0; prop = fdt_next_prop(fdt, prop)) {
		val = fdt_prop(fdt, prop, &pname, &plen);
		if (strlen(pname) == len && memcmp(pname, name, len) == 0) {
			if (lenp)
				*lenp = plen;
			return val;
		}
	}
	if (lenp)
		*lenp = prop;
	return NULL;
}

const void *
fdt_getprop(const struct fdt *fdt, int node, const char *name, int *lenp)
{
	return getprop_n(fdt, node, name, strlen(name), lenp);
}

const char *
fdt_getprop_str(const struct fdt *fdt, int node, const char *name, int *lenp)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, node, name, &len);
	if (s && strnlen(s, (size_t)len) == (size_t)len) {
		s = NULL;
		len = -EINVAL;
	} else if (s) {
		len = (int)strlen(s);
	}
	if (lenp)
		*lenp = len;
	return s;
}

int
fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p)
		return len;
	if (len != 4)
		return -EINVAL;
	*out = fdt_be32(p);
	return 0;
}

int
fdt_getprop_uint(const struct fdt *fdt, int node, const char *name, uint64_t *out)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p)
		return len;
	if (len != 4 && len != 8)
		return -EINVAL;
	*out = fdt_read_cells(p, len / 4);
	return 0;
}

static int
cells_prop(const struct fdt *fdt, int node, const char *name, int dflt)
{
	uint32_t v;
	int ret;

	ret = fdt_getprop_u32(fdt, node, name, &v);
	if (ret == -ENOENT)
		return dflt;
	if (ret)
		return ret;
	return v > 4 ? -EINVAL : (int)v;
}

int
fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int
fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

int
fdt_reg(const struct fdt *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
	const uint8_t *reg;
	int parent, ac, sc, len, entry;

	parent = fdt_parent(fdt, node);
	if (parent < 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	entry = (ac + sc) * 4;
	if (len % entry)
		return -EINVAL;
	if (index < 0 || index >= len / entry)
		return -ENOENT;
	reg += index * entry;
	*addr = fdt_read_cells(reg, ac);
	*size = fdt_read_cells(reg + ac * 4, sc);
	return 0;
}

/* Map *@addr from @bus's child address space into its parent's. */
static int
translate_one(const struct fdt *fdt, int bus, int parent, uint64_t *addr)
{
	const uint8_t *r;
	int len, cac, pac, csc, entry;
	uint64_t child, size;

	r = fdt_getprop(fdt, bus, "ranges", &len);
	if (!r)
		return len;
	if (len == 0)
		return 0;
	cac = fdt_address_cells(fdt, bus);
	csc = fdt_size_cells(fdt, bus);
	pac = fdt_address_cells(fdt, parent);
	if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || csc < 1 || csc > 2)
		return -EINVAL;
	entry = (cac + pac + csc) * 4;
	if (len % entry)
		return -EINVAL;
	for (; len > 0; len -= entry, r += entry) {
		child = fdt_read_cells(r, cac);
		size = fdt_read_cells(r + (cac + pac) * 4, csc);
		if (*addr >= child && *addr - child < size) {
			*addr = *addr - child + fdt_read_cells(r + cac * 4, pac);
			return 0;
		}
	}
	return -ENOENT;
}

int
fdt_translate(const struct fdt *fdt, int node, uint64_t *addr)
{
	int bus, parent, ret;

	bus = fdt_parent(fdt, node);
	if (bus < 0)
		return -EINVAL;
	/* The root's children use CPU addresses; every bus below maps. */
	while (bus != fdt->root) {
		parent = fdt_parent(fdt, bus);
		if (parent < 0)
			return -EINVAL;
		ret = translate_one(fdt, bus, parent, addr);
		if (ret)
			return ret;
		bus = parent;
	}
	return 0;
}

bool
fdt_stringlist_contains(const char *list, int len, const char *str)
{
	size_t want = strlen(str), rem = len > 0 ? (size_t)len : 0, n;

	while (rem > 0) {
		n = strnlen(list, rem);
		if (n == rem)
			return false;
		if (n == want && memcmp(list, str, n) == 0)
			return true;
		list += n + 1;
		rem -= n + 1;
	}
	return false;
}

int
fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	const char *list;
	int len;

	list = fdt_getprop(fdt, node, "compatible", &len);
	if (!list)
		return len == -ENOENT ? 0 : len;
	return fdt_stringlist_contains(list, len, compat);
}

int
fdt_node_by_compatible(const struct fdt *fdt, int start, const char *compat)
{
	int node, r;

	node = start < 0 ? fdt->root : fdt_next_node(fdt, start, NULL);
	for (; node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		r = fdt_node_is_compatible(fdt, node, compat);
		if (r)
			return r > 0 ? node : r;
	}
	return node;
}

uint32_t
fdt_get_phandle(const struct fdt *fdt, int node)
{
	uint32_t ph;

	if (fdt_getprop_u32(fdt, node, "phandle", &ph) == 0 ||
	    fdt_getprop_u32(fdt, node, "linux,phandle", &ph) == 0)
		return ph;
	return 0;
}

int
fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle)
{
	int node;

	if (phandle == 0 || phandle == 0xffffffffU)
		return -EINVAL;
	for (node = fdt->root; node >= 0; node = fdt_next_node(fdt, node, NULL))
		if (fdt_get_phandle(fdt, node) == phandle)
			return node;
	return node;
}

int
fdt_get_memrsv(const struct fdt *fdt, int index, uint64_t *addr, uint64_t *size)
{
	const uint8_t *e;

	if (index < 0 || (uint32_t)index >= fdt->rsvmap_count)
		return -ENOENT;
	e = fdt->blob + fdt->rsvmap_off + (uint32_t)index * RSVMAP_ENTRY_SIZE;
	*addr = fdt_be64(e);
	*size = fdt_be64(e + 8);
	return 0;
}

/* Does node name @cname (@clen bytes) match path component @p (@len)? */
static bool
name_matches(const char *cname, int clen, const char *p, int len)
{
	if (clen == len)
		return memcmp(cname, p, (size_t)len) == 0;
	if (clen < len || cname[len] != '@' || memcmp(cname, p, (size_t)len) != 0)
		return false;
	/* "memory" matches "memory@80000000" when the path gives no unit. */
	for (int i = 0; i < len; i++)
		if (p[i] == '@')
			return false;
	return true;
}

static int
find_child(const struct fdt *fdt, int parent, const char *p, int len)
{
	const char *cname;
	int child, clen;

	for (child = fdt_first_child(fdt, parent); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		cname = fdt_node_name(fdt, child, &clen);
		if (!cname)
			return -EINVAL;
		if (name_matches(cname, clen, p, len))
			return child;
	}
	return child;
}

/* Resolve the alias that starts *@pathp and advance it past the alias. */
static int
resolve_alias(const struct fdt *fdt, const char **pathp)
{
	const char *alias = *pathp, *slash = strchr(alias, '/'), *target;
	size_t len = slash ? (size_t)(slash - alias) : strlen(alias);
	int aliases, tlen;

	aliases = fdt_path_offset(fdt, "/aliases");
	if (len == 0 || aliases < 0)
		return len == 0 ? -EINVAL : aliases;
	target = getprop_n(fdt, aliases, alias, len, &tlen);
	if (!target)
		return tlen;
	/* An alias must name an absolute path, which bounds the recursion. */
	if (tlen < 2 || target[0] != '/' || strnlen(target, (size_t)tlen) != (size_t)tlen - 1)
		return -EINVAL;
	*pathp = alias + len;
	return fdt_path_offset(fdt, target);
}

int
fdt_path_offset(const struct fdt *fdt, const char *path)
{
	const char *p = path, *end;
	int node = fdt->root;

	if (*p != '/') {
		node = resolve_alias(fdt, &p);
		if (node < 0)
			return node;
	}
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		node = find_child(fdt, node, p, (int)(end - p));
		if (node < 0)
			return node;
		p = end;
	}
	return node;
}
