KERNEL_SRCS += kernel/arch/riscv/head.S kernel/arch/riscv/early.c \
	kernel/arch/riscv/trampoline.S kernel/arch/riscv/entry.S \
	kernel/arch/riscv/switch.S kernel/arch/riscv/uaccess.S \
	kernel/arch/riscv/boot.c kernel/arch/riscv/smp.c kernel/arch/riscv/hart.c \
	kernel/arch/riscv/timer.c kernel/arch/riscv/sbi.c kernel/arch/riscv/mmu.c \
	kernel/arch/riscv/trap.c kernel/arch/riscv/context.c \
	kernel/arch/riscv/panic_arch.c kernel/arch/riscv/selftest.c \
	kernel/arch/riscv/asm-check.c kernel/arch/riscv/fpregs.S \
	kernel/arch/riscv/fpu.c kernel/arch/riscv/signal.c \
	kernel/arch/riscv/bootinfo.c kernel/arch/riscv/power.c

# early.c runs before the MMU is on, at the physical address: no jump
# tables (they hold absolute addresses).
$(B)/kernel/arch/riscv/early.o: KCFLAGS += -fno-jump-tables

# The FP save/restore routines need the F and D instructions the rest of
# the kernel is built without.
$(B)/kernel/arch/riscv/fpregs.o: KASFLAGS += -march=rv64imafdc_zicsr_zifencei
