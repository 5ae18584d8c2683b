/*
 * Boot information: everything the kernel learns about the machine, read
 * once from the flattened device tree into a plain struct (fixed-size
 * arrays, nothing allocated, no pointers into the blob), so the blob need
 * not stay mapped afterwards.
 *
 * Nothing is dropped silently: a tree with more harts, memory ranges,
 * reserved ranges or virtio slots than the arrays hold, or a bootargs or
 * stdout-path longer than its buffer, makes bootinfo_parse() fail.
 *
 * Addresses are CPU physical addresses (translated through the "ranges"
 * of the buses above each device).
 */
#pragma once

#include <compiler.h>
#include <types.h>

#define BOOTINFO_MAX_HARTS    64
#define BOOTINFO_MAX_MEM      16
#define BOOTINFO_MAX_RESERVED 32
#define BOOTINFO_MAX_VIRTIO   16
#define BOOTINFO_BOOTARGS_MAX 1024 /* bytes with the NUL; riscv COMMAND_LINE_SIZE */
#define BOOTINFO_ISA_MAX      256  /* bytes with the NUL */
#define BOOTINFO_PATH_MAX     128  /* stdout-path, bytes with the NUL */
#define BOOTINFO_RNG_SEED_MAX 64

/* PLIC interrupt numbers of a hart's local interrupt controller. */
#define BOOTINFO_IRQ_S_EXT 9
#define BOOTINFO_IRQ_M_EXT 11

struct bootinfo_range {
	paddr_t base;
	uint64_t size;
};

struct bootinfo_hart {
	uint64_t hartid;	    /* the cpu node's reg */
	uint32_t intc_phandle;	    /* its interrupt-controller; 0 if none */
	int plic_s_context;	    /* PLIC context of its S-mode external irq; -1 if none */
	bool has_sstc;		    /* ISA string lists the Sstc extension */
	char isa[BOOTINFO_ISA_MAX]; /* riscv,isa; "" if absent */
};

/* A memory-mapped device; irq 0 means none (PLIC source 0 does not exist). */
struct bootinfo_dev {
	bool present;
	paddr_t base;
	uint64_t size;
	uint32_t irq;
};

struct bootinfo_uart {
	struct bootinfo_dev dev;
	uint32_t clock_freq;   /* 0 if not given */
	uint32_t reg_shift;    /* default 0 */
	uint32_t reg_io_width; /* default 1 */
};

struct bootinfo_plic {
	struct bootinfo_dev dev; /* dev.irq unused */
	uint32_t ndev;		 /* riscv,ndev: highest source number */
};

struct bootinfo {
	struct bootinfo_range mem[BOOTINFO_MAX_MEM]; /* RAM, tree order */
	unsigned int nmem;
	struct bootinfo_range reserved[BOOTINFO_MAX_RESERVED]; /* memreserve, reserved-memory */
	unsigned int nreserved;
	struct bootinfo_hart harts[BOOTINFO_MAX_HARTS]; /* enabled harts, tree order */
	unsigned int nharts;
	uint64_t timebase_freq; /* Hz */
	uint32_t boot_cpuid;	/* boot_cpuid_phys from the FDT header */
	uint32_t fdt_size;	/* the blob's totalsize */

	struct bootinfo_uart uart; /* stdout-path's ns16550a, else the first */
	struct bootinfo_plic plic;
	struct bootinfo_dev virtio[BOOTINFO_MAX_VIRTIO]; /* ascending base */
	unsigned int nvirtio;
	struct bootinfo_dev rtc;  /* google,goldfish-rtc */
	struct bootinfo_dev test; /* sifive,test0/test1 finisher */

	char bootargs[BOOTINFO_BOOTARGS_MAX]; /* "" if absent */
	bool has_initrd;
	paddr_t initrd_start; /* [start, end) */
	paddr_t initrd_end;
	uint8_t rng_seed[BOOTINFO_RNG_SEED_MAX];
	size_t rng_seed_len;		     /* 0 if absent */
	char stdout_path[BOOTINFO_PATH_MAX]; /* "" if absent */
};

/*
 * Fill @bi from the device tree at @fdt_blob, of which at most @max_size
 * bytes may be read. Devices whose status is neither "okay" nor "ok" are
 * ignored. Returns 0 or:
 *   -EINVAL  the blob or a property we read is malformed (a reg or
 *            interrupts-extended of the wrong length, a string without
 *            its NUL, initrd end before start, two harts with one id...);
 *   -ENOENT  no memory node, no /cpus, no enabled hart or no
 *            timebase-frequency in /cpus;
 *   -E2BIG   more harts, memory/reserved ranges or virtio slots than the
 *            arrays hold, or bootargs, stdout-path or an ISA string longer
 *            than its buffer (never truncated).
 * On failure *bi is left zeroed. @bi is large (~20 KiB): keep it static,
 * not on a kernel stack.
 * Context: any, never sleeps; no locks.
 */
int __must_check bootinfo_parse(struct bootinfo *bi, const void *fdt_blob, size_t max_size);

/*
 * Does the RISC-V ISA string @isa ("rv64imafdc_zicsr_sstc") name the
 * extension @ext? Single letters are looked up among the single-letter
 * extensions; longer names must match a whole '_'-separated multi-letter
 * extension, optionally followed by a version ("sstc1p0"), case-insensitive
 * (ISA manual, "ISA Extension Naming Conventions"). False if @isa does not
 * start with "rv32"/"rv64".
 * Context: any; no locks.
 */
bool bootinfo_isa_has_ext(const char *isa, const char *ext);
