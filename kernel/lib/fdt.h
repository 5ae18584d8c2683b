/*
 * Flattened device tree (DTB, versions 16 and 17) reader.
 *
 * The blob is never trusted: fdt_init() checks the header and walks the
 * whole structure block once (token stream, name termination, property
 * lengths, string offsets, nesting depth) before anything else looks at
 * it, and every later walk re-checks each step anyway, so a corrupt blob
 * gives -EINVAL, never an out-of-bounds read. Nothing is allocated and
 * nothing is written to the blob.
 *
 * A node is named by an int: the byte offset of its FDT_BEGIN_NODE token
 * from the start of the blob (>= 0). Functions returning a node give a
 * negative errno instead: -ENOENT when there is no such node, -EINVAL
 * when the blob is corrupt or the argument is not a node.
 *
 * Context: all functions are pure readers: any context, never sleep,
 * take no locks; a struct fdt is not changed after fdt_init().
 */
#pragma once

#include <compiler.h>
#include <types.h>

#define FDT_MAGIC	0xd00dfeedU
#define FDT_HEADER_SIZE 40
/* Deepest nesting accepted (the root is depth 0); QEMU's trees use 4. */
#define FDT_MAX_DEPTH	32

/* A validated view of one blob; filled by fdt_init(), then read-only. */
struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t struct_off; /* structure block: [struct_off, struct_end) */
	uint32_t struct_end;
	uint32_t strings_off; /* strings block: [strings_off, +strings_size) */
	uint32_t strings_size;
	uint32_t rsvmap_off;
	uint32_t rsvmap_count; /* entries before the (0, 0) terminator */
	uint32_t version;
	uint32_t boot_cpuid; /* boot_cpuid_phys from the header */
	int root;	     /* node offset of "/" */
};

/* Big-endian loads that need no alignment (DTB cells are big-endian). */
static inline uint32_t
fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t
fdt_be64(const void *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32((const uint8_t *)p + 4);
}

/*
 * Read a value of @ncells (0, 1 or 2) big-endian cells at @p. The caller
 * has checked that the bytes exist and that ncells <= 2.
 */
static inline uint64_t
fdt_read_cells(const void *p, int ncells)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < ncells; i++)
		v = v << 32 | fdt_be32(b + 4 * i);
	return v;
}

/*
 * Validate the blob at @blob, of which at most @max_size bytes may be read,
 * and fill @fdt. Returns 0, or -EINVAL if the header or structure block is
 * malformed (bad magic, version < 16 or last compatible version > 17,
 * totalsize > max_size, a block or the memreserve map outside totalsize,
 * misaligned offsets, a bad token, an unterminated name, a property
 * running past the block, a string offset outside the strings block,
 * unbalanced or deeper than FDT_MAX_DEPTH nesting).
 */
int __must_check fdt_init(struct fdt *fdt, const void *blob, size_t max_size);

/* Offset of the root node (always valid after fdt_init()). */
static inline int
fdt_root(const struct fdt *fdt)
{
	return fdt->root;
}

/*
 * Next node after @node in document order. If @depth is not NULL it is
 * adjusted by the levels moved (+1 into a child, -n out of n nodes) and
 * the walk stops with -ENOENT when it would leave the node *depth levels
 * above (start with *depth = 0 to walk @node's subtree only). With @depth
 * NULL the walk covers the rest of the tree. Returns the node, -ENOENT at
 * the end, -EINVAL on corruption.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);

/* First child / next sibling of @node; -ENOENT if none, -EINVAL if corrupt. */
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);

/* Parent of @node; -ENOENT for the root, -EINVAL if @node is not a node. */
int fdt_parent(const struct fdt *fdt, int node);

/*
 * Name of @node ("cpu@0"; "" for the root), NUL-terminated inside the
 * blob; its length goes to *@lenp if not NULL. NULL if @node is not a node.
 */
const char *fdt_node_name(const struct fdt *fdt, int node, int *lenp);

/*
 * Node at @path: "/soc/serial@10000000", or by unit-less name
 * "/soc/serial" (the first child whose name matches before its '@').
 * A path not starting with '/' begins with an alias from /aliases.
 * Returns the node, -ENOENT if absent, -EINVAL if @path or the blob is bad.
 */
int fdt_path_offset(const struct fdt *fdt, const char *path);

/*
 * Value of property @name of @node, and its length in *@lenp. Returns NULL
 * with *lenp = -ENOENT when absent, -EINVAL when the blob is corrupt.
 * @lenp may be NULL.
 */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, int *lenp);

/*
 * Property @name as a string: returns it only if it is NUL-terminated
 * within its length (else NULL, *lenp = -EINVAL; absent: -ENOENT). *lenp
 * gets strlen() of the string.
 */
const char *fdt_getprop_str(const struct fdt *fdt, int node, const char *name, int *lenp);

/*
 * Read property @name as one 32-bit cell (fdt_getprop_u32: length must be
 * exactly 4) or as a 32- or 64-bit number (fdt_getprop_uint: length 4 or
 * 8). Returns 0, -ENOENT if absent, -EINVAL if the length is wrong.
 */
int __must_check fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out);
int __must_check fdt_getprop_uint(const struct fdt *fdt, int node, const char *name, uint64_t *out);

/*
 * Property iteration: the first property of @node / the one after @prop
 * (offsets of property tokens); -ENOENT past the last, -EINVAL if
 * corrupt. fdt_prop() returns the value of @prop, its name in *@namep and
 * length in *@lenp; NULL if @prop is not a property token.
 */
int fdt_first_prop(const struct fdt *fdt, int node);
int fdt_next_prop(const struct fdt *fdt, int prop);
const void *fdt_prop(const struct fdt *fdt, int prop, const char **namep, int *lenp);

/*
 * #address-cells / #size-cells that @node declares for its children
 * (defaults 2 and 1, per the devicetree spec 2.3.5). Returns the count
 * (0..4), or -EINVAL if the property is malformed or larger than 4.
 */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);

/*
 * Entry @index of @node's "reg", decoded with the parent's cell counts,
 * as a bus address (untranslated). Returns 0, -ENOENT if there is no
 * such entry (or no reg), -EINVAL if reg is malformed or needs more than
 * two cells for the address or the size.
 */
int __must_check fdt_reg(const struct fdt *fdt, int node, int index, uint64_t *addr,
			 uint64_t *size);

/*
 * Translate *@addr, a bus address as seen in @node's reg, to a CPU
 * physical address through the "ranges" of each ancestor bus (empty
 * ranges: identity). Returns 0, -ENOENT if a bus has no ranges or no
 * range covers the address, -EINVAL if a ranges property is malformed.
 */
int __must_check fdt_translate(const struct fdt *fdt, int node, uint64_t *addr);

/* True if the string list @list of @len bytes holds the string @str. */
bool fdt_stringlist_contains(const char *list, int len, const char *str);

/*
 * Returns 1 if @node's "compatible" list contains @compat, 0 if not (or
 * it has none), -EINVAL if the blob is corrupt.
 */
int fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compat);

/*
 * The first node after @start (document order; -1 to start with the root)
 * compatible with @compat. Returns it, -ENOENT if none, -EINVAL if corrupt.
 */
int fdt_node_by_compatible(const struct fdt *fdt, int start, const char *compat);

/* Phandle of @node ("phandle" or "linux,phandle"), 0 if it has none. */
uint32_t fdt_get_phandle(const struct fdt *fdt, int node);

/*
 * The node whose phandle is @phandle. Returns it, -ENOENT if none,
 * -EINVAL for the invalid phandles 0 and 0xffffffff or a corrupt blob.
 */
int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle);

/* Number of memory reservation block entries (before the terminator). */
static inline int
fdt_num_memrsv(const struct fdt *fdt)
{
	return (int)fdt->rsvmap_count;
}

/*
 * Memory reservation entry @index: 0 with *@addr, *@size set, or -ENOENT
 * past the last entry.
 */
int __must_check fdt_get_memrsv(const struct fdt *fdt, int index, uint64_t *addr, uint64_t *size);
