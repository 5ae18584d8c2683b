# Host unit tests of kernel/lib: the FDT reader, boot-info extraction and
# the cpio reader, plus the fixtures they read (generated here: QEMU's own
# device trees, a synthetic tree compiled by dtc, and cpio archives made
# by the host's cpio).

LIB_FIX := $(B)/host/fixtures
LIB_QEMU_DTB = $(QEMU) -machine virt,dumpdtb=$@ -nographic -bios default

LIB_FIXTURES := $(LIB_FIX)/virt-smp1.dtb $(LIB_FIX)/virt-smp4.dtb \
	$(LIB_FIX)/virt-chosen.dtb $(LIB_FIX)/synthetic.dtb \
	$(LIB_FIX)/initramfs-newc.cpio $(LIB_FIX)/initramfs-crc.cpio
HOST_FIXTURES += $(LIB_FIXTURES)

HOST_TESTS += test_fdt test_bootinfo test_cpio
test_fdt_SRCS := tests/host/lib/test_fdt.c tests/host/lib/fdt_builder.c \
	tests/host/lib/fixture.c kernel/lib/fdt.c tests/host/fakes/fake_panic.c
test_bootinfo_SRCS := tests/host/lib/test_bootinfo.c tests/host/lib/fdt_builder.c \
	tests/host/lib/fixture.c kernel/arch/riscv/bootinfo.c kernel/lib/fdt.c \
	tests/host/fakes/fake_panic.c
test_cpio_SRCS := tests/host/lib/test_cpio.c tests/host/lib/fixture.c \
	kernel/lib/cpio.c tests/host/fakes/fake_panic.c

# The tests open the fixtures, so building a test builds its fixtures too
# (the pattern rule in the Makefile still supplies the recipe).
$(B)/host/test_fdt $(B)/host/test_bootinfo $(B)/host/test_cpio: $(LIB_FIXTURES) \
	tests/host/lib/fdt_builder.h tests/host/lib/fixture.h

$(LIB_FIX)/virt-smp1.dtb: tests/host/lib/build.mk
	@mkdir -p $(dir $@)
	$(LIB_QEMU_DTB) -smp 1 -m 64M

$(LIB_FIX)/virt-smp4.dtb: tests/host/lib/build.mk
	@mkdir -p $(dir $@)
	$(LIB_QEMU_DTB) -smp 4 -m 1G

# QEMU accepts -append and -initrd only with -kernel; any raw image does.
$(LIB_FIX)/dummy-kernel.bin:
	@mkdir -p $(dir $@)
	head -c 4096 /dev/zero > $@

$(LIB_FIX)/virt-chosen.dtb: $(LIB_FIX)/dummy-kernel.bin $(LIB_FIX)/initramfs-newc.cpio \
		tests/host/lib/build.mk
	$(LIB_QEMU_DTB) -smp 1 -m 64M -kernel $(LIB_FIX)/dummy-kernel.bin \
		-initrd $(LIB_FIX)/initramfs-newc.cpio -append "init=/x -- a b"

$(LIB_FIX)/synthetic.dtb: tests/host/lib/synthetic.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

# A small tree with fixed modes, owners and times, archived twice.
$(LIB_FIX)/cpio-root.stamp: tests/host/lib/build.mk
	rm -rf $(LIB_FIX)/cpio-root
	mkdir -p $(LIB_FIX)/cpio-root/bin $(LIB_FIX)/cpio-root/etc
	printf 'hello, world\n' > $(LIB_FIX)/cpio-root/bin/hello
	printf 'abc' > $(LIB_FIX)/cpio-root/etc/three
	: > $(LIB_FIX)/cpio-root/etc/empty
	ln -s hello $(LIB_FIX)/cpio-root/bin/link
	chmod 0755 $(LIB_FIX)/cpio-root $(LIB_FIX)/cpio-root/bin \
		$(LIB_FIX)/cpio-root/etc $(LIB_FIX)/cpio-root/bin/hello
	chmod 0644 $(LIB_FIX)/cpio-root/etc/three $(LIB_FIX)/cpio-root/etc/empty
	find $(LIB_FIX)/cpio-root -exec touch -h -d @1700000000 {} +
	touch $@

$(LIB_FIX)/initramfs-newc.cpio: $(LIB_FIX)/cpio-root.stamp
	cd $(LIB_FIX)/cpio-root && find . | LC_ALL=C sort | \
		cpio --quiet -o -H newc -R 0:0 > $(abspath $@)

$(LIB_FIX)/initramfs-crc.cpio: $(LIB_FIX)/cpio-root.stamp
	cd $(LIB_FIX)/cpio-root && find . | LC_ALL=C sort | \
		cpio --quiet -o -H crc -R 0:0 > $(abspath $@)
