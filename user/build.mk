# User programs: NAME builds from user/NAME.c into build/user/NAME (static
# glibc, riscv64); the initramfs holds each at /NAME. USER_EXTRA_<basename>
# adds flags for one program.
USER_PROGS += init
USER_PROGS += tests/hello tests/hello_pie tests/argv_envp tests/exit_status \
	tests/null_deref tests/efault tests/enosys tests/malloc tests/console_echo

# ET_DYN without glibc (Debian's riscv64 glibc has no static-pie support):
# "-static" in UCFLAGS would win over "-static-pie", so ask ld for the PIE.
USER_EXTRA_hello_pie := -nostdlib -nostartfiles -ffreestanding -fPIE -mno-relax \
	-fno-tree-loop-distribute-patterns \
	-Wl,-pie,--no-dynamic-linker,-z,text,-z,noexecstack
