/*
 * A small vsnprintf. Output goes through struct out, which counts every
 * character the format produces but stores only what fits.
 */
#include "lib/printf.h"
#include "lib/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	int width;
	int prec; /* -1: none */
	bool left;
	bool zero;
	bool plus;
	bool space;
	bool alt;
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void
put_str(struct out *o, const char *s, const struct spec *sp)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = sp->prec >= 0 ? strnlen(s, sp->prec) : strlen(s);
	if (!sp->left)
		pad(o, ' ', sp->width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - (int)n);
}

static void
put_num(struct out *o, uint64_t v, bool neg, unsigned base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, zeros, total;
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
	const char *prefix = sp->alt && base == 16 && v ? (upper ? "0X" : "0x") : "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	zeros = sp->prec > n ? sp->prec - n : 0;
	total = n + zeros + (sign ? 1 : 0) + (int)strlen(prefix);
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		pad(o, ' ', sp->width - total);
	if (sign)
		put(o, sign);
	for (; *prefix; prefix++)
		put(o, *prefix);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - total);
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		sp->prec = 0;
		if (*++f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	return f;
}

/* Fetch an integer argument of the given length modifier (0 h, 1 l, 2 ll/z). */
static uint64_t
fetch(va_list *ap, int len, bool is_signed, bool *neg)
{
	int64_t s;

	*neg = false;
	if (!is_signed)
		return len >= 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
	s = len >= 1 ? va_arg(*ap, long) : va_arg(*ap, int);
	if (s < 0) {
		*neg = true;
		return -(uint64_t)s;
	}
	return s;
}

static void
convert(struct out *o, char c, int len, const struct spec *sp, va_list *ap)
{
	bool neg;
	uint64_t v;
	struct spec p;

	switch (c) {
	case 'd':
	case 'i':
		v = fetch(ap, len, true, &neg);
		put_num(o, v, neg, 10, false, sp);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		v = fetch(ap, len, false, &neg);
		put_num(o, v, false, c == 'u' ? 10 : c == 'o' ? 8 : 16, c == 'X', sp);
		break;
	case 'p':
		p = *sp;
		p.alt = true;
		put_num(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, &p);
		break;
	case 's':
		put_str(o, va_arg(*ap, const char *), sp);
		break;
	case 'c':
		p = *sp;
		p.prec = -1;
		pad(o, ' ', sp->left ? 0 : sp->width - 1);
		put(o, (char)va_arg(*ap, int));
		pad(o, ' ', sp->left ? sp->width - 1 : 0);
		break;
	default:
		put(o, '%');
		if (c)
			put(o, c);
		break;
	}
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list args;
	int len;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		if (*++fmt == '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt, &sp, &args);
		for (len = 0; *fmt == 'l' || *fmt == 'z' || *fmt == 'h' || *fmt == 't'; fmt++)
			len += *fmt != 'h';
		convert(&o, *fmt, len, &sp, &args);
		if (*fmt)
			fmt++;
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
