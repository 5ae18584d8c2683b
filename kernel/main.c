/*
 * The boot sequence. arch_boot() hands over on the boot hart with the
 * boot page table and stack; the steps below bring up, in order: the
 * machine description (FDT), the console, physical memory and the
 * kernel map, the allocators, traps and interrupts, the other harts, the
 * root file system, and pid 1. Then this hart becomes idle.
 */
#include <asm-generic/errno.h>
#include <linux/stat.h>

#include <arch/cpu.h>
#include <arch/boot.h>
#include <arch/mmu.h>
#include "printk/printk.h"
#include "drivers/plic.h"
#include <arch/power.h>
#include "drivers/rtc.h"
#include "drivers/uart16550.h"
#include "fs/file.h"
#include "tty/console.h"
#include "fs/initramfs.h"
#include "fs/devfs/chardev.h"
#include "fs/fsops.h"
#include "fs/namei.h"
#include "fs/ramfs/ramfs.h"
#include "fs/vfs.h"
#include <arch/bootinfo.h>
#include "lib/cmdline.h"
#include "random/random.h"
#include "lib/string.h"
#include "main.h"
#include "mm/boot_mem.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "sched/cpu.h"
#include "proc/init.h"
#include "sched/sched.h"
#include "sched/task.h"
#include "time/time.h"

#define FDT_MAX_SIZE (1u << 20)

struct bootinfo boot_info;
struct cmdline boot_cmdline;
static char cmdline_buf[BOOTINFO_BOOTARGS_MAX];
static struct boot_mem boot_mem;

static void
parse_machine(paddr_t fdt_pa)
{
	int err = bootinfo_parse(&boot_info, pa_to_kva(fdt_pa), FDT_MAX_SIZE);

	if (err)
		panic("kernel_main: cannot read the device tree at %#lx: error %d", fdt_pa, err);
	strlcpy(cmdline_buf, boot_info.bootargs, sizeof(cmdline_buf));
	err = cmdline_parse(cmdline_buf, &boot_cmdline);
	if (err)
		pr_err("tern: bad command line \"%s\": error %d (ignored what followed)",
		       boot_info.bootargs, err);
	if (boot_cmdline.quiet)
		console_loglevel = LOG_WARNING;
	if (boot_cmdline.loglevel >= 0)
		console_loglevel = boot_cmdline.loglevel;
	if (boot_cmdline.kpti >= 0)
		kpti_enabled = boot_cmdline.kpti;
}

static void
start_console(void)
{
	if (boot_info.uart.dev.present)
		uart16550_init(boot_info.uart.dev.base, boot_info.uart.reg_shift);
	if (boot_info.test.present)
		power_init(boot_info.test.base);
	if (boot_info.rtc.present)
		rtc_init(boot_info.rtc.base);
	pr_info("Tern RISC-V kernel, booting on hart %lu", this_cpu()->hartid);
	pr_info("command line: %s", boot_info.bootargs);
}

static void
log_machine(void)
{
	for (unsigned i = 0; i < boot_info.nmem; i++)
		pr_info("memory: %#lx-%#lx (%lu MiB)", boot_info.mem[i].base,
			boot_info.mem[i].base + boot_info.mem[i].size - 1,
			boot_info.mem[i].size >> 20);
	for (unsigned i = 0; i < boot_info.nreserved; i++)
		pr_info("reserved: %#lx-%#lx", boot_info.reserved[i].base,
			boot_info.reserved[i].base + boot_info.reserved[i].size - 1);
	pr_info("harts: %u, timebase %lu Hz, %s timer", boot_info.nharts, boot_info.timebase_freq,
		boot_info.harts[0].has_sstc ? "Sstc" : "SBI");
	pr_info("uart: ns16550a at %#lx irq %u", boot_info.uart.dev.base, boot_info.uart.dev.irq);
	pr_info("plic: %#lx, %u sources", boot_info.plic.dev.base, boot_info.plic.ndev);
	pr_info("virtio-mmio: %u slots from %#lx", boot_info.nvirtio,
		boot_info.nvirtio ? boot_info.virtio[0].base : 0);
	pr_info("rtc: goldfish at %#lx; finisher: sifive,test at %#lx", boot_info.rtc.base,
		boot_info.test.base);
	if (boot_info.has_initrd)
		pr_info("initrd: %#lx-%#lx", boot_info.initrd_start, boot_info.initrd_end - 1);
}

static void
setup_memory(paddr_t fdt_pa)
{
	for (unsigned i = 0; i < boot_info.nmem; i++)
		boot_mem_add_ram(&boot_mem, boot_info.mem[i].base,
				 boot_info.mem[i].base + boot_info.mem[i].size);
	for (unsigned i = 0; i < boot_info.nreserved; i++)
		boot_mem_reserve(&boot_mem, boot_info.reserved[i].base,
				 boot_info.reserved[i].base + boot_info.reserved[i].size);
	boot_mem_reserve(&boot_mem, arch_kernel_image_start(), arch_kernel_image_end());
	boot_mem_reserve(&boot_mem, fdt_pa, fdt_pa + boot_info.fdt_size);
	if (boot_info.has_initrd)
		boot_mem_reserve(&boot_mem, boot_info.initrd_start, boot_info.initrd_end);
	if (boot_mem_init_buddy(&boot_mem) < 0)
		panic("setup_memory: no room for the page array");
	pr_info("memory: %lu pages free of %lu", buddy_free_pages(), buddy_total_pages());
}

static __noreturn void kernel_main_late(void *arg);

void
kernel_main(unsigned long boot_hartid, paddr_t fdt_pa)
{
	parse_machine(fdt_pa);
	start_console();
	log_machine();
	random_seed(boot_info.rng_seed, boot_info.rng_seed_len);
	setup_memory(fdt_pa);
	arch_setup_mmu(&boot_info);
	time_init(rtc_read_ns());
	arch_boot_continue(&boot_info, boot_hartid, kernel_main_late);
}

static void
mount_root(void)
{
	struct inode *dev;
	int err;

	file_init();
	console_tty_init();
	vfs_root = ramfs_create_root();
	if (!vfs_root)
		panic("mount_root: no memory for the root");
	if (boot_info.has_initrd &&
	    initramfs_unpack(pa_to_kva(boot_info.initrd_start),
			     boot_info.initrd_end - boot_info.initrd_start) == 0)
		buddy_free_range(ALIGN_UP(boot_info.initrd_start, PAGE_SIZE),
				 ALIGN_DOWN(boot_info.initrd_end, PAGE_SIZE));
	err = vfs_mknod(vfs_root, "/dev", S_IFDIR | 0755, 0);
	if ((err && err != -EEXIST) || vfs_lookup(vfs_root, "/dev", LOOKUP_DIRECTORY, &dev))
		panic("mount_root: cannot create /dev: error %d", err);
	if (devfs_populate(dev) < 0)
		pr_err("tern: cannot create the device nodes in /dev");
	inode_put(dev);
}

/* Runs as hart 0's idle task, on a guarded kernel stack. */
static void
kernel_main_late(void *arg)
{
	(void)arg;
	arch_check_wx();
	if (boot_cmdline.selftest)
		arch_run_selftest(boot_cmdline.selftest);
	arch_start_secondary_harts(&boot_info);
	if (boot_info.uart.dev.present && boot_info.uart.dev.irq)
		uart16550_enable_rx(boot_info.uart.dev.irq);
	mount_root();
	init_start(&boot_cmdline);
	sched_idle_loop();
}
