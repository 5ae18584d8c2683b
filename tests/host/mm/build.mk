HOST_TESTS += test_buddy test_slab
test_buddy_SRCS := tests/host/mm/test_buddy.c kernel/mm/buddy.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_panic.c \
	tests/host/fakes/fake_spinlock.c tests/host/fakes/fake_arch.c
test_slab_SRCS := tests/host/mm/test_slab.c kernel/mm/slab.c kernel/mm/buddy.c \
	tests/host/fakes/fake_mm_ram.c tests/host/fakes/fake_panic.c \
	tests/host/fakes/fake_spinlock.c tests/host/fakes/fake_arch.c
