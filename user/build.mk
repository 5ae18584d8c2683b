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

# Micro-benchmarks (tools/bench.py, docs/benchmarks.md): /bench/NAME.
# bench/true is the tiny program fork_exec_wait execs: no libc at all.
USER_PROGS += bench/null_syscall bench/fork_exit_wait bench/fork_exec_wait \
	bench/true bench/pipe_round_trip bench/pipe_bandwidth bench/page_fault \
	bench/file_create_unlink bench/file_rw_1m
USER_EXTRA_true := -nostdlib -nostartfiles -ffreestanding

# Time tests (tests/system/test_time.py): /tests/time/NAME.
TIME_TESTS := clock_ids efault errno_order monotonic realtime sleep sleep_idle sleepers \
	children sleep_signal
USER_PROGS += $(addprefix tests/time/,$(TIME_TESTS))
$(addprefix $(B)/user/tests/time/,$(TIME_TESTS)): user/tests/time/time_test.h

# File-system tests (tests/system/test_fs.py): /tests/fs/NAME.
FS_TESTS := open rw dir names attr pipe
USER_PROGS += $(addprefix tests/fs/,$(FS_TESTS))
$(addprefix $(B)/user/tests/fs/,$(FS_TESTS)): user/tests/fs/fs_test.h
