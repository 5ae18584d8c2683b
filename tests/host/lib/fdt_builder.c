/*
 * Test-side FDT writer; see fdt_builder.h. Buffers grow as needed.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "fdt_builder.h"

struct fdtb {
	uint8_t *st;		/* structure block */
	size_t st_len, st_cap;
	char *str;		/* strings block */
	size_t str_len, str_cap;
	uint64_t rsv[64][2];
	int nrsv;
};

static void *
grow(void *p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return p;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 4096;
	p = realloc(p, *cap);
	cr_assert_not_null(p);
	return p;
}

void
fdtb_put32(uint8_t *blob, size_t off, uint32_t v)
{
	blob[off] = (uint8_t)(v >> 24);
	blob[off + 1] = (uint8_t)(v >> 16);
	blob[off + 2] = (uint8_t)(v >> 8);
	blob[off + 3] = (uint8_t)v;
}

uint32_t
fdtb_get32(const uint8_t *blob, size_t off)
{
	return (uint32_t)blob[off] << 24 | (uint32_t)blob[off + 1] << 16 |
	       (uint32_t)blob[off + 2] << 8 | blob[off + 3];
}

struct fdtb *
fdtb_new(void)
{
	struct fdtb *b = calloc(1, sizeof(*b));

	cr_assert_not_null(b);
	return b;
}

void
fdtb_free(struct fdtb *b)
{
	free(b->st);
	free(b->str);
	free(b);
}

void
fdtb_memrsv(struct fdtb *b, uint64_t addr, uint64_t size)
{
	cr_assert_lt(b->nrsv, 64);
	b->rsv[b->nrsv][0] = addr;
	b->rsv[b->nrsv][1] = size;
	b->nrsv++;
}

static void
put_bytes(struct fdtb *b, const void *p, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	b->st = grow(b->st, &b->st_cap, b->st_len + padded);
	if (n)
		memcpy(b->st + b->st_len, p, n);
	memset(b->st + b->st_len + n, 0, padded - n);
	b->st_len += padded;
}

void
fdtb_raw32(struct fdtb *b, uint32_t word)
{
	b->st = grow(b->st, &b->st_cap, b->st_len + 4);
	fdtb_put32(b->st, b->st_len, word);
	b->st_len += 4;
}

uint32_t
fdtb_string(struct fdtb *b, const char *name)
{
	size_t n = strlen(name) + 1, off;

	for (off = 0; off < b->str_len; off += strlen(b->str + off) + 1)
		if (strcmp(b->str + off, name) == 0)
			return (uint32_t)off;
	b->str = grow(b->str, &b->str_cap, b->str_len + n);
	memcpy(b->str + b->str_len, name, n);
	b->str_len += n;
	return (uint32_t)off;
}

void
fdtb_begin(struct fdtb *b, const char *name)
{
	fdtb_raw32(b, 1);
	put_bytes(b, name, strlen(name) + 1);
}

void
fdtb_end(struct fdtb *b)
{
	fdtb_raw32(b, 2);
}

void
fdtb_prop(struct fdtb *b, const char *name, const void *val, size_t len)
{
	fdtb_raw32(b, 3);
	fdtb_raw32(b, (uint32_t)len);
	fdtb_raw32(b, fdtb_string(b, name));
	put_bytes(b, val, len);
}

void
fdtb_prop_str(struct fdtb *b, const char *name, const char *s)
{
	fdtb_prop(b, name, s, strlen(s) + 1);
}

void
fdtb_prop_u32(struct fdtb *b, const char *name, uint32_t v)
{
	fdtb_prop_cells(b, name, 1, v);
}

void
fdtb_prop_u64(struct fdtb *b, const char *name, uint64_t v)
{
	fdtb_prop_cells(b, name, 2, (uint32_t)(v >> 32), (uint32_t)v);
}

void
fdtb_prop_cells(struct fdtb *b, const char *name, int n, ...)
{
	uint8_t buf[4 * 64];
	va_list ap;

	cr_assert_leq(n, 64);
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		fdtb_put32(buf, 4 * (size_t)i, va_arg(ap, uint32_t));
	va_end(ap);
	fdtb_prop(b, name, buf, 4 * (size_t)n);
}

uint8_t *
fdtb_finish(struct fdtb *b, size_t *size, int no_end)
{
	size_t rsv_off = 40, st_off, str_off, total;
	uint8_t *blob;

	if (!no_end)
		fdtb_raw32(b, 9);
	st_off = rsv_off + 16 * ((size_t)b->nrsv + 1);
	str_off = st_off + b->st_len;
	total = str_off + b->str_len;
	blob = calloc(1, total);
	cr_assert_not_null(blob);
	fdtb_put32(blob, 0, 0xd00dfeed);
	fdtb_put32(blob, 4, (uint32_t)total);
	fdtb_put32(blob, 8, (uint32_t)st_off);
	fdtb_put32(blob, 12, (uint32_t)str_off);
	fdtb_put32(blob, 16, (uint32_t)rsv_off);
	fdtb_put32(blob, 20, 17);
	fdtb_put32(blob, 24, 16);
	fdtb_put32(blob, 28, 0);
	fdtb_put32(blob, 32, (uint32_t)b->str_len);
	fdtb_put32(blob, 36, (uint32_t)b->st_len);
	for (int i = 0; i < b->nrsv; i++) {
		size_t e = rsv_off + 16 * (size_t)i;

		fdtb_put32(blob, e, (uint32_t)(b->rsv[i][0] >> 32));
		fdtb_put32(blob, e + 4, (uint32_t)b->rsv[i][0]);
		fdtb_put32(blob, e + 8, (uint32_t)(b->rsv[i][1] >> 32));
		fdtb_put32(blob, e + 12, (uint32_t)b->rsv[i][1]);
	}
	if (b->st_len)
		memcpy(blob + st_off, b->st, b->st_len);
	if (b->str_len)
		memcpy(blob + str_off, b->str, b->str_len);
	*size = total;
	return blob;
}
