/*
 * Boot self-checks: W^X of the kernel map, and (on request, selftest=)
 * that a kernel stack overflow hits its guard page, that a bad kernel
 * pointer and a kernel access to user memory outside uaccess panic
 * cleanly, or one of the memory-debugging self-tests (mm/selftest.c).
 */
#include <asm-generic/errno.h>
#include <asm-generic/mman-common.h>

#include <arch/boot.h>
#include <atomic.h>
#include "arch/riscv/csr.h"
#include "printk/printk.h"
#include "lib/string.h"
#include "mm/debug.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/task.h"
#include "sched/cpu.h"
#include "sched/mutex.h"
#include "sched/sched.h"

int arch_probe_write(void *addr);
int arch_probe_exec(void *addr);
void arch_probe_exec_fault(void);

/* A "ret" instruction (c.jr ra) in read-only data and in data: calling
 * it must fault, because neither is executable. */
static const uint16_t rodata_ret = 0x8082;
static uint16_t data_ret = 0x8082;

extern char _text_start[], _rodata_start[];

void
arch_check_wx(void)
{
	struct cpu *c = this_cpu();
	int text_write, rodata_write, rodata_exec, data_exec;

	text_write = arch_probe_write(_text_start);
	rodata_write = arch_probe_write(_rodata_start);
	c->arch.probe_recover = (uintptr_t)arch_probe_exec_fault;
	rodata_exec = arch_probe_exec((void *)&rodata_ret);
	data_exec = arch_probe_exec(&data_ret);
	c->arch.probe_recover = 0;
	if (text_write == 0 || rodata_write == 0 || rodata_exec == 0 || data_exec == 0)
		panic("arch_check_wx: W^X broken: text write %d, rodata write %d, rodata exec %d, "
		      "data exec %d",
		      text_write, rodata_write, rodata_exec, data_exec);
	pr_info("mmu: W^X verified (.text not writable; .rodata, .data not executable)");
}

/* Each level uses a page of stack, so the recursion reaches the guard. */
static __attribute__((noinline)) int
recurse(volatile int depth)
{
	volatile char pad[1000];

	pad[0] = (char)depth;
	if (depth >= 0)
		return recurse(depth + 1) + pad[0];
	return 0;
}

/* Unmapped: the direct map's window ends below the kernel stacks. */
static volatile uintptr_t bad_pointer = 0xffffffdffffff000ul;

/*
 * selftest=user_deref: a uaccess fault that sleeps must not leave the
 * user-access window (sstatus.SUM) open for the code that runs next on
 * its hart. Two kernel threads share an address space with two
 * anonymous user pages, on the boot hart alone (no other hart runs yet):
 *   holder:  faults page 1 in through copy_to_user, takes mm->mmap_lock,
 *            starts the faulter and yields;
 *   faulter: writes page 0 with copy_to_user; the write faults inside
 *            the uaccess routine, and vm_fault() sleeps on mm->mmap_lock;
 *   holder:  runs next and loads from page 1 directly, outside uaccess.
 * Trap entry closes the window, so the load faults and kernel_trap()
 * panics naming the user address. Had the faulter's SUM leaked into the
 * holder, the load would succeed, and the holder panics saying so.
 */
#define USER_DEREF_VA 0x10000000ul /* any page of an empty user half */

struct user_deref {
	vaddr_t va;    /* two pages of anonymous memory in mm */
	struct mm *mm; /* shared by both threads */
	struct task *faulter;
};

static void
user_deref_faulter(void *arg)
{
	const struct user_deref *ud = arg;
	uint32_t v = 1;

	if (copy_to_user((uint32_t __user *)ud->va, &v, sizeof(v)))
		panic("user_deref_faulter: copy_to_user(%#lx) failed", ud->va);
	panic("user_deref_faulter: got mm->mmap_lock, which the holder never releases");
}

static void
user_deref_holder(void *arg)
{
	const struct user_deref *ud = arg;
	vaddr_t page1 = ud->va + PAGE_SIZE;
	uint32_t v = 2;

	if (copy_to_user((uint32_t __user *)page1, &v, sizeof(v)))
		panic("user_deref_holder: copy_to_user(%#lx) failed", page1);
	mutex_lock(&ud->mm->mmap_lock);
	sched_add(ud->faulter);
	/* Yield until the faulter's page fault sleeps on mm->mmap_lock. */
	while (atomic_load_acquire(&ud->faulter->state) == TASK_RUNNABLE)
		schedule();
	pr_info("selftest: a uaccess fault sleeps; loading from user memory outside uaccess");
	v = *(volatile uint32_t *)page1;
	panic("user_deref_holder: loaded %#x from user address %#lx outside uaccess: "
	      "sstatus.SUM leaked from a sleeping uaccess fault",
	      v, page1);
}

static __noreturn void
run_user_deref(void)
{
	static struct user_deref ud = { .va = USER_DEREF_VA };
	struct task *holder;
	long ret = -1;

	ud.mm = mm_create();
	if (ud.mm) {
		mutex_lock(&ud.mm->mmap_lock);
		ret = vm_map_locked(ud.mm, ud.va, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0, true,
				    false, NULL, 0, 0);
		mutex_unlock(&ud.mm->mmap_lock);
	}
	ud.faulter = task_create("sum-faulter", user_deref_faulter, &ud);
	holder = task_create("sum-holder", user_deref_holder, &ud);
	if (ret < 0 || !ud.faulter || !holder)
		panic("run_user_deref: no memory for the test (vm_map_locked: %ld)", ret);
	mm_get(ud.mm);
	ud.faulter->mm = ud.mm;
	holder->mm = ud.mm;
	pr_info("selftest: letting a uaccess fault sleep, then touching user memory directly");
	sched_add(holder);
	sched_idle_loop();
}

void
arch_run_selftest(const char *name)
{
	int err = mm_run_selftest(name);

	if (err == -EOPNOTSUPP) {
		pr_err("selftest: %s needs a kernel built with DEBUG=1", name);
		return;
	}
	if (err != -ENOENT) {
		pr_err("selftest: %s: the memory checks did not catch it (%d)", name, err);
		return;
	}
	if (!strcmp(name, "kstack_overflow")) {
		pr_info("selftest: overflowing this kernel stack");
		recurse(0);
	}
	if (!strcmp(name, "kernel_fault")) {
		pr_info("selftest: storing through a bad kernel pointer");
		*(volatile int *)bad_pointer = 1;
	}
	if (!strcmp(name, "user_deref"))
		run_user_deref();
	pr_err("selftest: unknown test \"%s\"", name);
}
