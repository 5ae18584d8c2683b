/*
 * efault: hands the kernel bad user pointers and checks each call fails
 * with EFAULT, neither crashing nor succeeding: a low unmapped address,
 * NULL (for the kernel to read from and to write to), a range that
 * starts below the top of Sv39 user space (0x4000000000) and runs past
 * it, and a kernel address. Exits 0 only if every case gave EFAULT.
 */
#include "tern_test.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* 16 bytes below the top of Sv39 user space: 64 bytes cross into the hole. */
#define STRADDLE_TOP	0x3ffffffff0UL
/* The first address of the kernel half under Sv39. */
#define KERNEL_ADDR	0xffffffc000000000UL

static bool ok = true;

static void
report(const char *call, long ret)
{
	if (ret == -1) {
		printf("%s = -1 %s\n", call, err_name(errno));
		ok = ok && errno == EFAULT;
	} else {
		printf("%s = %ld (expected -1 EFAULT)\n", call, ret);
		ok = false;
	}
}

int
main(void)
{
	/* volatile: keep the compiler from reasoning about these pointers. */
	void *volatile null = NULL;
	char *volatile low = (char *)1;
	char *volatile top = (char *)STRADDLE_TOP;
	char *volatile kern = (char *)KERNEL_ADDR;

	setvbuf(stdout, NULL, _IOLBF, 0);
	report("write(1, 0x1, 5)", write(1, low, 5));
	report("write(1, NULL, 5)", write(1, null, 5));
	report("getrandom(NULL, 16, 0)", getrandom(null, 16, 0));
	report("fstat(1, NULL)", fstat(1, null));
	report("write(1, 0x3ffffffff0, 64)", write(1, top, 64));
	report("getrandom(0x3ffffffff0, 64, 0)", getrandom(top, 64, 0));
	report("write(1, 0xffffffc000000000, 5)", write(1, kern, 5));
	report("getrandom(0xffffffc000000000, 16, 0)", getrandom(kern, 16, 0));
	printf("%s\n", ok ? "all EFAULT" : "FAIL");
	return ok ? 0 : 1;
}
