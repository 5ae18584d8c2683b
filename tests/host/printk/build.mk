# Host unit tests of kernel/printk: the log ring, over the real spinlocks
# and the host arch interface.
HOST_TESTS += test_logbuf
test_logbuf_SRCS := tests/host/printk/test_logbuf.c kernel/printk/logbuf.c \
	kernel/locking/spinlock.c tests/host/fakes/fake_arch.c tests/host/fakes/fake_panic.c
