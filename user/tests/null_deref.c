/*
 * null_deref: writes through a NULL pointer. It must be killed by SIGSEGV
 * (exit status 128 + 11 as the shell and Tern report it); surviving the
 * store is a failure.
 */
#include <stdio.h>

int
main(void)
{
	/* Both volatile: the compiler must really emit the load and the store. */
	volatile int *volatile p = NULL;

	printf("writing through NULL\n");
	/* The process dies below: flush now, stdout may be a pipe. */
	fflush(stdout);
	*p = 42;
	printf("FAIL: the store to NULL did not fault\n");
	return 1;
}
