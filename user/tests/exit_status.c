/*
 * exit_status N: exits with status N (0..255), so a test can check that
 * init's exit status reaches QEMU's exit code.
 */
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	int status;

	if (argc != 2) {
		printf("usage: exit_status N\n");
		return 2;
	}
	status = atoi(argv[1]);
	printf("exiting with status %d\n", status);
	return status;
}
