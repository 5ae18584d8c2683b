/*
 * hello: the smallest glibc program. Exercises glibc's static start-up
 * (brk, TLS set-up, getrandom, RELRO mprotect, fstat of stdout) and write.
 */
#include <stdio.h>

int
main(void)
{
	printf("hello, world\n");
	return 0;
}
