# Host unit tests of kernel/proc: the ELF checker, run on real riscv64
# executables (the user programs tests/hello, static glibc ET_EXEC, and
# tests/hello_pie, ET_DYN) and on readelf's description of them, made here.

ELF_FIX := $(B)/host/fixtures/elf
ELF_FIXTURES := $(B)/user/tests/hello $(B)/user/tests/hello_pie \
	$(ELF_FIX)/hello.readelf $(ELF_FIX)/hello_pie.readelf
HOST_FIXTURES += $(ELF_FIXTURES)

HOST_TESTS += test_elf
test_elf_SRCS := tests/host/proc/test_elf.c tests/host/lib/fixture.c \
	kernel/proc/elf.c tests/host/fakes/fake_panic.c

# The test opens the fixtures, so building it builds them too (the pattern
# rule in the Makefile still supplies the recipe).
$(B)/host/test_elf: $(ELF_FIXTURES) tests/host/lib/fixture.h

$(ELF_FIX)/%.readelf: $(B)/user/tests/%
	@mkdir -p $(dir $@)
	$(CROSS)readelf -hlW $< > $@

# The signal state machine, with tasks the test builds, the real spinlocks,
# slab and wait queues, and the scheduler and arch signal frames faked.
HOST_TESTS += test_signal
test_signal_SRCS := tests/host/proc/test_signal.c kernel/proc/signal.c \
	kernel/proc/signal_deliver.c kernel/sched/task.c kernel/sched/wait.c \
	kernel/locking/spinlock.c kernel/printk/printk.c kernel/printk/logbuf.c kernel/printk/ratelimit.c kernel/mm/slab.c kernel/mm/buddy.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_mem.c tests/host/fakes/fake_sched.c \
	tests/host/fakes/fake_proc.c tests/host/fakes/fake_arch.c tests/host/fakes/fake_panic.c
