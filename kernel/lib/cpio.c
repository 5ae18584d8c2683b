/*
 * cpio "newc" archive reader.
 *
 * An entry is a 110-byte ASCII header ("070701" or "070702", then
 * thirteen 8-digit hex fields), the name (namesize bytes with its NUL),
 * zero padding to a multiple of 4 bytes from the start of the archive,
 * the data (filesize bytes) and zero padding again. The archive ends with
 * an entry named "TRAILER!!!". (Format: cpio(5), Linux's
 * Documentation/driver-api/early-userspace/buffer-format.rst.)
 *
 * Defence: every piece is taken through take(), which checks it and its
 * padding against the bytes left before anything reads it; sizes are
 * compared against what remains, never added to an offset first, so no
 * header value can make an offset wrap. A malformed archive sticks the
 * iterator in its error state.
 */
#include <asm-generic/errno.h>

#include "lib/cpio.h"
#include "lib/string.h"

enum cpio_field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NR_FIELDS,
};

#define MAGIC_LEN 6
#define FIELD_LEN 8
_Static_assert(MAGIC_LEN + NR_FIELDS * FIELD_LEN == CPIO_HEADER_SIZE, "newc header layout");

void
cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->off = 0;
	it->state = 1;
}

static int
parse_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < FIELD_LEN; i++) {
		uint8_t c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static int
parse_header(const uint8_t *h, uint32_t f[NR_FIELDS], bool *has_check)
{
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return -EINVAL;
	*has_check = h[5] == '2';
	for (int i = 0; i < NR_FIELDS; i++)
		if (parse_hex8(h + MAGIC_LEN + i * FIELD_LEN, &f[i]))
			return -EINVAL;
	return 0;
}

/*
 * Take the next @n bytes of the archive and, if @pad, the zero bytes that
 * align the offset to 4. Returns a pointer to the @n bytes, or NULL if
 * they or the padding run past the end or the padding is not zero.
 */
static const uint8_t *
take(struct cpio_iter *it, size_t n, bool pad)
{
	const uint8_t *p;
	size_t npad;

	if (n > it->len - it->off)
		return NULL;
	p = it->buf + it->off;
	it->off += n;
	npad = pad ? (4 - (it->off & 3)) & 3 : 0;
	if (npad > it->len - it->off)
		return NULL;
	for (size_t i = 0; i < npad; i++)
		if (it->buf[it->off + i] != 0)
			return NULL;
	it->off += npad;
	return p;
}

static uint32_t
data_sum(const uint8_t *data, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += data[i];
	return sum;
}

/* Strip leading "./" and "/" (and a lone "."): see the head of cpio.h. */
static const char *
strip_root(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && (name[1] == '/' || name[1] == '\0'))
			name++;
		else
			return name;
	}
}

static void
fill_entry(struct cpio_entry *e, const uint32_t f[NR_FIELDS], const char *name, const uint8_t *data)
{
	e->name = strip_root(name);
	e->namelen = strlen(e->name);
	e->data = data;
	e->filesize = f[F_FILESIZE];
	e->ino = f[F_INO];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->devmajor = f[F_DEVMAJOR];
	e->devminor = f[F_DEVMINOR];
	e->rdevmajor = f[F_RDEVMAJOR];
	e->rdevminor = f[F_RDEVMINOR];
	e->check = f[F_CHECK];
}

/* Returns 1 for an entry (in *e), 0 for the trailer, -EINVAL if bad. */
static int
next_entry(struct cpio_iter *it, struct cpio_entry *e)
{
	uint32_t f[NR_FIELDS];
	const uint8_t *hdr, *data;
	const char *name;
	bool has_check;

	hdr = take(it, CPIO_HEADER_SIZE, false);
	if (!hdr || parse_header(hdr, f, &has_check))
		return -EINVAL;
	if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > CPIO_NAME_MAX)
		return -EINVAL;
	/* The header and name are padded together, to 4 from the start. */
	name = (const char *)take(it, f[F_NAMESIZE], true);
	if (!name || strnlen(name, f[F_NAMESIZE]) != f[F_NAMESIZE] - 1)
		return -EINVAL;
	data = take(it, f[F_FILESIZE], true);
	if (!data)
		return -EINVAL;
	if (has_check && (f[F_MODE] & CPIO_MODE_TYPE) == CPIO_MODE_REG &&
	    data_sum(data, f[F_FILESIZE]) != f[F_CHECK])
		return -EINVAL;
	if (strcmp(name, "TRAILER!!!") == 0)
		return 0;
	fill_entry(e, f, name, data);
	return 1;
}

int
cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	int ret;

	if (it->state != 1)
		return it->state;
	ret = next_entry(it, e);
	if (ret <= 0)
		it->state = ret;
	return ret;
}
