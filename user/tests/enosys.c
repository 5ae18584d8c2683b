/*
 * enosys: calls system-call numbers that no Linux has and checks that
 * each returns -1 with errno ENOSYS (the kernel also logs one line per
 * number, naming it). Exits 0 only if both did.
 */
#include "tern_test.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

static bool ok = true;

static void
try(long nr)
{
	long ret;

	errno = 0;
	ret = syscall(nr);
	if (ret == -1)
		printf("syscall(%ld) = -1 %s\n", nr, err_name(errno));
	else
		printf("syscall(%ld) = %ld\n", nr, ret);
	ok = ok && ret == -1 && errno == ENOSYS;
}

int
main(void)
{
	try(4000);
	try(-1);
	printf("%s\n", ok ? "all ENOSYS" : "FAIL");
	return ok ? 0 : 1;
}
