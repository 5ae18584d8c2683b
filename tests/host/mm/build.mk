HOST_TESTS += test_buddy test_slab
test_buddy_SRCS := tests/host/mm/test_buddy.c kernel/mm/buddy.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_panic.c \
	tests/host/fakes/fake_spinlock.c tests/host/fakes/fake_arch.c
test_slab_SRCS := tests/host/mm/test_slab.c kernel/mm/slab.c kernel/mm/buddy.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_panic.c \
	tests/host/fakes/fake_spinlock.c tests/host/fakes/fake_arch.c

# Address spaces and VMAs over the host page-table fake, with the real
# mutexes (tests/host/fakes/fake_sched.c: nothing may sleep).
HOST_TESTS += test_vm
test_vm_SRCS := tests/host/mm/test_vm.c kernel/mm/vm.c kernel/mm/mremap.c kernel/mm/cow.c \
	kernel/mm/tlb.c kernel/mm/shmem.c kernel/mm/slab.c kernel/mm/buddy.c \
	kernel/sched/wait.c kernel/locking/spinlock.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_mmu.c tests/host/fakes/fake_sched.c \
	tests/host/fakes/fake_arch.c tests/host/fakes/fake_panic.c

# The same tests, and those of the checks themselves, in the debug build
# (make DEBUG=1 compiles the kernel with -DTERN_DEBUG).
HOST_TESTS += test_mm_debug
test_mm_debug_CFLAGS := -DTERN_DEBUG
test_mm_debug_SRCS := tests/host/mm/test_mm_debug.c tests/host/mm/test_buddy.c \
	tests/host/mm/test_slab.c kernel/mm/slab.c kernel/mm/buddy.c kernel/mm/debug.c \
	kernel/lib/ksyms.c tests/host/fakes/fake_ksyms.c tests/host/fakes/fake_mm_ram.c \
	tests/host/fakes/fake_panic.c tests/host/fakes/fake_spinlock.c tests/host/fakes/fake_arch.c
