/*
 * argv_envp: prints what exec put on the initial stack: argc, every argv
 * and envp string, and the auxiliary-vector entries whose values are the
 * same on every Linux: AT_PAGESZ, AT_PHENT, AT_PHNUM, AT_ENTRY and AT_PHDR
 * (checked against the program's own ELF header) and whether AT_RANDOM
 * points at 16 bytes. Exits 0 only if each of those is as Linux gives it.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char **environ;
extern const Elf64_Ehdr __ehdr_start;	/* the linker puts the ELF header here */
extern void _start(void);		/* the entry point, from crt1.o */

static bool ok = true;

static void
check(const char *what, bool good)
{
	printf("%s: %s\n", what, good ? "yes" : "NO");
	ok = ok && good;
}

static void
print_auxv(void)
{
	const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
	static const unsigned char zero[16];
	uintptr_t phdr = (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff;

	printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));
	printf("AT_PHENT = %lu\n", getauxval(AT_PHENT));
	printf("AT_PHNUM = %lu\n", getauxval(AT_PHNUM));
	ok = ok && getauxval(AT_PAGESZ) == 4096 &&
	     getauxval(AT_PHENT) == sizeof(Elf64_Phdr);
	check("AT_PHNUM is e_phnum", getauxval(AT_PHNUM) == __ehdr_start.e_phnum);
	check("AT_ENTRY is _start", getauxval(AT_ENTRY) == (uintptr_t)_start);
	check("AT_PHDR is the program headers", getauxval(AT_PHDR) == phdr);
	check("AT_RANDOM is not NULL", random != NULL);
	if (random)
		check("AT_RANDOM bytes are not all zero", memcmp(random, zero, 16) != 0);
}

int
main(int argc, char **argv)
{
	printf("argc = %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	if (argv[argc] != NULL)
		check("argv[argc] is NULL", false);
	for (int i = 0; environ[i]; i++)
		printf("envp[%d] = \"%s\"\n", i, environ[i]);
	print_auxv();
	return ok ? 0 : 1;
}
