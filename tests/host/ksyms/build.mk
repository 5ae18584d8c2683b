HOST_TESTS += test_ksyms
test_ksyms_SRCS := tests/host/ksyms/test_ksyms.c kernel/lib/ksyms.c
