# User programs: NAME builds from user/NAME.c into build/user/NAME (static
# glibc, riscv64); the initramfs holds each at /NAME. USER_EXTRA_<basename>
# adds flags for one program.
USER_PROGS += init
USER_PROGS += tests/hello tests/hello_pie tests/argv_envp tests/exit_status \
	tests/null_deref tests/efault tests/enosys tests/malloc tests/console_echo tests/log_flood

# ET_DYN without glibc (Debian's riscv64 glibc has no static-pie support):
# "-static" in UCFLAGS would win over "-static-pie", so ask ld for the PIE.
USER_EXTRA_hello_pie := -nostdlib -nostartfiles -ffreestanding -fPIE -mno-relax \
	-fno-tree-loop-distribute-patterns \
	-Wl,-pie,--no-dynamic-linker,-z,text,-z,noexecstack

# The kernel log (tests/system/test_kernel.py): /tests/printk/NAME.
USER_PROGS += tests/printk/syslog

# Micro-benchmarks (tools/bench.py, docs/benchmarks.md): /bench/NAME.
# bench/true is the tiny program fork_exec_wait execs: no libc at all.
USER_PROGS += bench/null_syscall bench/fork_exit_wait bench/fork_exec_wait \
	bench/true bench/pipe_round_trip bench/pipe_bandwidth bench/page_fault \
	bench/file_create_unlink bench/file_rw_1m
USER_EXTRA_true := -nostdlib -nostartfiles -ffreestanding

# Time tests (tests/system/test_time.py): /tests/time/NAME.
TIME_TESTS := clock_ids efault errno_order monotonic realtime sleep sleep_idle sleepers \
	children sleep_signal threads
USER_PROGS += $(addprefix tests/time/,$(TIME_TESTS))
$(addprefix $(B)/user/tests/time/,$(TIME_TESTS)): user/tests/time/time_test.h

# File-system tests (tests/system/test_fs.py): /tests/fs/NAME.
FS_TESTS := open rw dir names attr pipe
USER_PROGS += $(addprefix tests/fs/,$(FS_TESTS))
$(addprefix $(B)/user/tests/fs/,$(FS_TESTS)): user/tests/fs/fs_test.h

# Thread tests (tests/system/test_thread.py): /tests/thread/NAME.
THREAD_TESTS := create_join group sync tls many robust futex fp_switch exec_thread
USER_PROGS += $(addprefix tests/thread/,$(THREAD_TESTS))
$(addprefix $(B)/user/tests/thread/,$(THREAD_TESTS)): user/tests/thread/mt_test.h
USER_EXTRA_fp_switch := -lm

# Stress test (tests/system/test_stress.py, tools/stress-loop.sh):
# /tests/stress/stress, built from several files, and the helper it execs.
STRESS_SRCS := $(addprefix user/tests/stress/,common.c locks.c spawn.c signals.c mm.c)
USER_PROGS += tests/stress/stress tests/stress/child
USER_EXTRA_stress := $(STRESS_SRCS)
$(B)/user/tests/stress/stress: $(STRESS_SRCS) user/tests/stress/stress.h

# Process and memory tests (tests/system/test_proc.py, test_mm.py):
# /tests/proc/NAME and /tests/mm/NAME. leak and forkbomb read Tern's
# kernel counters (kernel/include/uapi/tern_abi.h).
PROC_TESTS := smp_progress wait clone clone_vm vfork exec exec_errors exec_helper orphan pgrp cred \
	rlimit affinity forkbomb leak
MM_TESTS := mmap_errors vma mprotect_hole filemap cow big_mmap prot_implied mremap_shared
USER_PROGS += $(addprefix tests/proc/,$(PROC_TESTS)) $(addprefix tests/mm/,$(MM_TESTS))
$(addprefix $(B)/user/tests/proc/,$(PROC_TESTS)) $(addprefix $(B)/user/tests/mm/,$(MM_TESTS)): \
	user/tests/proc/checks.h
USER_EXTRA_leak := -Ikernel/include/uapi
USER_EXTRA_forkbomb := -Ikernel/include/uapi
# Minimal reproducers of what the stress test found (see their head comments).
USER_PROGS += tests/stress/repro_texec
USER_EXTRA_big_mmap := -Ikernel/include/uapi
# TLB shootdowns seen from a thread on another hart (test_mm.py).
USER_PROGS += tests/mm/shootdown
$(B)/user/tests/mm/shootdown: user/tests/thread/mt_test.h
USER_PROGS += tests/stress/repro_vma_churn
USER_PROGS += tests/stress/repro_wake_migrate

# Signal tests (tests/system/test_signal.py): /tests/signal/NAME.
SIGNAL_TESTS := ucontext altstack segv fpu eintr sigwait stop kill actions hostile kill_all
USER_PROGS += $(addprefix tests/signal/,$(SIGNAL_TESTS))
$(addprefix $(B)/user/tests/signal/,$(SIGNAL_TESTS)): user/tests/signal/sig_test.h \
	user/tests/thread/mt_test.h
USER_PROGS += tests/stress/repro_signal_flood

# Timer tests (tests/system/test_timer.py): /tests/timer/NAME.
TIMER_TESTS := alarm itimer posix overrun thread_id cputimer lifetime errors errno_order noleak
USER_PROGS += $(addprefix tests/timer/,$(TIMER_TESTS))
$(addprefix $(B)/user/tests/timer/,$(TIMER_TESTS)): user/tests/timer/timer_test.h
USER_PROGS += tests/stress/repro_fault_exit
# A reproducer of two execve bugs, now a regression test (see its head comment).
USER_PROGS += tests/timer/repro_exec_sighand
$(B)/user/tests/timer/repro_exec_sighand: user/tests/timer/timer_test.h
USER_PROGS += tests/stress/repro_pipe_exec
# A reproducer of a task reference race at exec from a thread and autoreap.
USER_PROGS += tests/stress/repro_leader_put
# A reproducer of a signal bug at thread exit (see its head comment); not run by make test.
USER_PROGS += tests/timer/repro_exit_signal
$(B)/user/tests/timer/repro_exit_signal: user/tests/timer/timer_test.h
