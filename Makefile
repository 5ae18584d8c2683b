# Tern: one Makefile; each directory lists its sources in its own build.mk.
# Outputs and generated files live in build/; `make DEBUG=1` builds the
# debug kernel (memory debugging: docs/build.md) and all else in build-debug/.

CROSS    ?= riscv64-linux-gnu-
KCC      := $(CROSS)gcc
KOBJCOPY := $(CROSS)objcopy
KNM      := $(CROSS)nm
HOSTCC   ?= gcc
PYTHON   := /usr/bin/python3
QEMU     := qemu-system-riscv64
DEBUG    ?= 0
ifeq ($(DEBUG),1)
B        := build-debug
KDEBUG   := -DTERN_DEBUG
else
B        := build
KDEBUG   :=
endif

SMP      ?= 4
MEM      ?= 256M
INIT     ?= /init
APPEND   ?= init=$(INIT)

KCFLAGS := -std=gnu11 -ffreestanding -nostdlib -mcmodel=medany \
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -fno-omit-frame-pointer -O2 -g \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wmissing-declarations \
	-Wstrict-prototypes -Wundef -Wvla -Wframe-larger-than=1024 \
	-fno-tree-loop-distribute-patterns -fno-stack-protector -fno-pie \
	-fno-common -Ikernel/include -Ikernel/include/uapi -Ikernel/arch/riscv/include -Ikernel -I$(B)/generated -MMD -MP \
	$(KDEBUG)
KASFLAGS := $(KCFLAGS) -D__ASSEMBLY__
KLDFLAGS := -nostdlib -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-T,kernel/arch/riscv/kernel.ld

HOSTCFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -Ikernel/include -Ikernel/include/uapi -Itests/host/fakes/include -Ikernel -Itests/host
HOSTLDLIBS := -lcriterion

UCC     := $(CROSS)gcc
UCFLAGS := -static -O2 -g -Wall -Wextra -Werror -Iuser/include -Ikernel/include/uapi

.DEFAULT_GOAL := all
KERNEL_SRCS :=
HOST_TESTS  :=
USER_PROGS  :=
include kernel/build.mk
include $(wildcard kernel/*/build.mk kernel/*/*/build.mk kernel/*/*/*/build.mk)
include $(wildcard tests/host/*/build.mk)
include user/build.mk

KOBJS := $(patsubst %.c,$(B)/%.o,$(filter %.c,$(KERNEL_SRCS))) \
	 $(patsubst %.S,$(B)/%.o,$(filter %.S,$(KERNEL_SRCS)))

.PHONY: all setup run gdb test check host-test system-test bench clean debug-kernel
all: setup-quiet $(B)/kernel.elf $(B)/initramfs.cpio $(B)/initramfs-min.cpio

setup:
	@scripts/setup.sh
setup-quiet:
	@scripts/setup.sh
.PHONY: setup-quiet

# ---- kernel -------------------------------------------------------------
$(B)/generated/asm-offsets.h: kernel/arch/riscv/asm-offsets.c tools/gen-asm-offsets.sh $(wildcard kernel/*/*.h kernel/*/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(KCC) $(KCFLAGS) -S -o $(B)/generated/asm-offsets.s $<
	@tools/gen-asm-offsets.sh < $(B)/generated/asm-offsets.s > $@.tmp && mv $@.tmp $@

# Typed entry wrappers for every system call (tools/gen-syscalls.py).
$(B)/generated/syscall_wrappers.h: kernel/sys/sys.h kernel/sys/syscall_list.inc tools/gen-syscalls.py
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(PYTHON) tools/gen-syscalls.py kernel/sys/sys.h kernel/sys/syscall_list.inc > $@.tmp && mv $@.tmp $@

$(B)/kernel/sys/table.o: $(B)/generated/syscall_wrappers.h

$(B)/kernel/%.o: kernel/%.c | $(B)/generated/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(KCC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel/%.o: kernel/%.S | $(B)/generated/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(KCC) $(KASFLAGS) -c -o $@ $<

# Two links: the first finds every symbol's address, the second adds the
# symbol table (which sits last in the image, so nothing before it moves).
$(B)/kernel.pass1.elf: $(KOBJS) kernel/arch/riscv/kernel.ld tools/gen-ksyms.py
	@echo "  LD      $@"
	@$(PYTHON) tools/gen-ksyms.py /dev/null > $(B)/ksyms.pass1.S
	@$(KCC) $(KASFLAGS) -c -o $(B)/ksyms.pass1.o $(B)/ksyms.pass1.S
	@$(KCC) $(KCFLAGS) $(KLDFLAGS) -o $@ $(KOBJS) $(B)/ksyms.pass1.o

$(B)/kernel.elf: $(B)/kernel.pass1.elf
	@echo "  LD      $@"
	@$(KNM) -n $< > $(B)/kernel.pass1.map
	@$(PYTHON) tools/gen-ksyms.py $(B)/kernel.pass1.map > $(B)/ksyms.S
	@$(KCC) $(KASFLAGS) -c -o $(B)/ksyms.o $(B)/ksyms.S
	@$(KCC) $(KCFLAGS) $(KLDFLAGS) -o $@ $(KOBJS) $(B)/ksyms.o
	@$(KNM) -n $@ | cmp -s - $(B)/kernel.pass1.map || \
		{ echo "kernel symbols moved between link passes"; exit 1; }

-include $(KOBJS:.o=.d)

# ---- user programs and the initramfs ------------------------------------
USER_BINS := $(patsubst %,$(B)/user/%,$(USER_PROGS))

$(B)/user/%: user/%.c $(wildcard user/include/*.h)
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -o $@ $< $(USER_EXTRA_$(notdir $@))

$(B)/initramfs.cpio: $(USER_BINS) tools/mkinitramfs.sh
	@echo "  CPIO    $@"
	@tools/mkinitramfs.sh $@ $(B)/user $(USER_PROGS)

# A small image (init and hello) for machines too small to hold every test.
$(B)/initramfs-min.cpio: $(B)/user/init $(B)/user/tests/hello tools/mkinitramfs.sh
	@echo "  CPIO    $@"
	@tools/mkinitramfs.sh $@ $(B)/user init tests/hello

# ---- running --------------------------------------------------------------
QEMU_ARGS = -machine virt -smp $(SMP) -m $(MEM) -nographic -bios default \
	-kernel $(B)/kernel.elf -initrd $(B)/initramfs.cpio -append "$(APPEND)"

run: all
	$(QEMU) $(QEMU_ARGS)

gdb: all
	$(QEMU) $(QEMU_ARGS) -S -gdb tcp::1234 & \
	gdb-multiarch -q $(B)/kernel.elf -ex "target remote :1234"; \
	kill %1 2>/dev/null || true

# ---- tests ----------------------------------------------------------------
HOST_BINS := $(patsubst %,$(B)/host/%,$(HOST_TESTS))

.SECONDEXPANSION:
$(B)/host/%: $$(%_SRCS) $(wildcard tests/host/fakes/*.h kernel/*/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) $($*_CFLAGS) -o $@ $($*_SRCS) $(HOSTLDLIBS)

host-test: setup-quiet $(HOST_BINS) $(HOST_FIXTURES)
	@set -e; for t in $(HOST_BINS); do echo "== $$t"; $$t --jobs 2; done

# The debug kernel, for the system tests that boot it (with build/'s
# initramfs): build-debug/kernel.elf.
debug-kernel:
	@$(MAKE) --no-print-directory DEBUG=1 build-debug/kernel.elf

# TERN_BUILD tells the harness which build to boot (build-debug/ under DEBUG=1).
system-test: all debug-kernel
	TERN_BUILD=$(B) $(PYTHON) -m pytest -q tests/system $(PYTEST_ARGS)

check: setup-quiet
	tools/check.sh

test: setup-quiet check host-test system-test

bench: all
	$(PYTHON) tools/bench.py

clean:
	rm -rf build build-debug
