/*
 * Host fake of panic(): print the message and abort, so Criterion reports
 * the test as crashed (or, with .signal = SIGABRT, as passing).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <kassert.h>

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}
