/*
 * Host fake of panic(): print the message and abort, so Criterion reports
 * the test as crashed (or, with .signal = SIGABRT, as passing). A test
 * may catch a panic instead (fake_panic.h) to check its message.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <kassert.h>

#include "fakes/fake_panic.h"

char fake_panic_message[512];
jmp_buf *fake_panic_catch;

void
panic(const char *fmt, ...)
{
	jmp_buf *catch = fake_panic_catch;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fake_panic_message, sizeof(fake_panic_message), fmt, ap);
	va_end(ap);
	fprintf(stderr, "panic: %s\n", fake_panic_message);
	if (catch) {
		fake_panic_catch = NULL;
		longjmp(*catch, 1);
	}
	abort();
}

const char *
fake_panic_run(void (*fn)(void *arg), void *arg)
{
	jmp_buf env;

	if (setjmp(env))
		return fake_panic_message;
	fake_panic_catch = &env;
	fn(arg);
	fake_panic_catch = NULL;
	return NULL;
}
