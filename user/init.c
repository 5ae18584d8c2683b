/*
 * init: Tern's default pid 1 until BusyBox arrives. It greets the user,
 * shows a few facts that need no uname (its pid and parent, its argv and
 * environment) and exits 0, which powers the machine off.
 */
#include <stdio.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	printf("Tern: hello from user space\n");
	printf("pid %d, parent pid %d\n", (int)getpid(), (int)getppid());
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env: %s\n", *e);
	return 0;
}
