KERNEL_SRCS += kernel/mm/buddy.c kernel/mm/slab.c
KERNEL_SRCS += kernel/mm/debug.c kernel/mm/selftest.c
KERNEL_SRCS += kernel/mm/boot_mem.c kernel/mm/vm.c kernel/mm/fault.c kernel/mm/uaccess.c kernel/mm/kstack.c kernel/mm/cow.c kernel/mm/tlb.c kernel/mm/mremap.c kernel/mm/shmem.c
