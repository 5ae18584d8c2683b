/*
 * true: the smallest static program there is, for fork_exec_wait to
 * execve. No libc and no start-up code: _start calls exit_group(0) at
 * once, so fork_exec_wait measures the kernel's exec and not glibc's
 * initialisation. Built with -nostdlib -nostartfiles (user/build.mk).
 */
#include <asm/unistd.h>

#define STR_(x) #x
#define STR(x)	STR_(x)

void _start(void);

/* clang-format off */
__asm__(".text\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	li a0, 0\n"
	"	li a7, " STR(__NR_exit_group) "\n"
	"	ecall\n"
	"1:	j 1b\n");
/* clang-format on */
