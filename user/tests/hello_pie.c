/*
 * hello_pie: a static position-independent executable (ET_DYN with no
 * PT_INTERP), to test that exec loads ET_DYN at a load bias and describes
 * it in the auxiliary vector.
 *
 * Debian's riscv64 glibc ships no rcrt1.o, so "gcc -static-pie" cannot
 * link a glibc program; this one uses no libc at all. It is built with
 * -nostdlib -fPIE, every symbol is hidden and no pointer is stored in
 * data, so it has no dynamic relocation and needs no self-relocation:
 * it runs correctly at whatever address the kernel picks.
 *
 * It prints a greeting and checks: the bias is a non-zero multiple of the
 * page size; AT_ENTRY is the run-time address of _start; AT_PHDR and
 * AT_PHNUM describe its own program headers; AT_BASE is 0 (no
 * interpreter). Exits 0 only if all hold.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <asm/unistd.h>
#include <linux/auxvec.h>
#include <linux/elf.h>

#pragma GCC visibility push(hidden)

/* The linker defines this at the ELF header, i.e. at the load bias. */
extern const Elf64_Ehdr __ehdr_start;
void _start(void);
__attribute__((noreturn)) void pie_main(const long *sp);

/* The kernel enters with sp at argc; pass it to C and never return. */
__asm__(".text\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	mv a0, sp\n"
	"	call pie_main\n");

static long
sys3(long nr, long a0, long a1, long a2)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a7 __asm__("a7") = nr;

	__asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
	return r_a0;
}

static void
put(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	sys3(__NR_write, 1, (long)s, (long)n);
}

static bool
check(const char *what, bool good)
{
	put(what);
	put(good ? ": yes\n" : ": NO\n");
	return good;
}

/* The auxv value for @type, or 0; @sp points at argc. */
static unsigned long
auxv_get(const long *sp, unsigned long type)
{
	const long *p = sp + 1 + sp[0] + 1;	/* skip argc, argv, NULL */

	while (*p)				/* skip envp */
		p++;
	for (const unsigned long *a = (const unsigned long *)(p + 1); a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

void
pie_main(const long *sp)
{
	uintptr_t bias = (uintptr_t)&__ehdr_start;
	bool ok = true;

	put("hello, world (static-pie)\n");
	ok &= check("ELF type is ET_DYN", __ehdr_start.e_type == ET_DYN);
	ok &= check("load bias is a non-zero multiple of 4096",
		    bias != 0 && bias % 4096 == 0);
	ok &= check("AT_ENTRY is _start", auxv_get(sp, AT_ENTRY) == (uintptr_t)_start);
	ok &= check("AT_PHDR is the program headers",
		    auxv_get(sp, AT_PHDR) == bias + __ehdr_start.e_phoff);
	ok &= check("AT_PHNUM is e_phnum", auxv_get(sp, AT_PHNUM) == __ehdr_start.e_phnum);
	ok &= check("AT_BASE is 0", auxv_get(sp, AT_BASE) == 0);
	sys3(__NR_exit_group, ok ? 0 : 1, 0, 0);
	for (;;)
		;
}
