/*
 * Building the initial stack. From the top of user space down:
 *   execfn string, environment strings, argument strings,
 *   16 random bytes (AT_RANDOM), padding to 16 bytes,
 *   auxv pairs, NULL, envp[], NULL, argv[], argc  <- sp (16-byte aligned)
 * The pages are filled through the new address space's page tables; the
 * new image is not running yet.
 */
#include <asm-generic/errno.h>
#include <asm-generic/mman-common.h>
#include <linux/auxvec.h>
#include <linux/elf.h>
#include <linux/resource.h>

#include <arch/memlayout.h>
#include "random/random.h"
#include "lib/string.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/vm.h"
#include "proc/elf.h"
#include "proc/exec.h"
#include "proc/exec_stack.h"
#include "sched/task.h"

#define STACK_INITIAL (128ul << 10)
#define MMAP_GAP      (128ul << 20) /* Linux's minimum gap below the stack */
#define AUXV_MAX      24

/* The hardware capabilities Linux reports on riscv: one bit per base
 * ISA letter it supports (I, M, A, F, D, C). */
#define HWCAP_ISA(c) (1ul << ((c) - 'a'))
#define RISCV_HWCAP                                                                           \
	(HWCAP_ISA('i') | HWCAP_ISA('m') | HWCAP_ISA('a') | HWCAP_ISA('f') | HWCAP_ISA('d') | \
	 HWCAP_ISA('c'))

struct stack_builder {
	struct mm *mm;
	vaddr_t sp;
};

static int
push_bytes(struct stack_builder *b, const void *data, size_t len)
{
	b->sp -= len;
	return vm_write_remote(b->mm, b->sp, data, len);
}

static size_t
fill_auxv(uint64_t *av, const struct exec_image *out, const struct elf_image *img, vaddr_t random,
	  vaddr_t execfn)
{
	size_t n = 0;
#define AUX(k, v) (av[n++] = (k), av[n++] = (uint64_t)(v))
	AUX(AT_HWCAP, RISCV_HWCAP);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, img->phdr_vaddr ? img->phdr_vaddr + out->bias : 0);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, img->phnum);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, img->entry + out->bias);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, execfn);
	AUX(AT_NULL, 0);
#undef AUX
	return n;
}

/* Push the string table (execfn, env, args) and return their addresses. */
static int
push_strings(struct stack_builder *b, const struct exec_strings *args, const char *execfn,
	     vaddr_t *ptrs, vaddr_t *execfn_at)
{
	size_t off = 0;
	int err = push_bytes(b, execfn, strlen(execfn) + 1);

	*execfn_at = b->sp;
	if (!err)
		err = push_bytes(b, args->buf, args->used);
	for (int i = 0; !err && i < args->argc + args->envc; i++) {
		ptrs[i] = b->sp + off;
		off += strlen(args->buf + off) + 1;
	}
	return err;
}

static int
push_vectors(struct stack_builder *b, const struct exec_strings *args, const vaddr_t *ptrs,
	     const uint64_t *auxv, size_t nauxv)
{
	size_t words = 1 + args->argc + 1 + args->envc + 1 + nauxv;
	uint64_t *v = kmalloc(words * sizeof(uint64_t));
	size_t n = 0;
	int err;

	if (!v)
		return -ENOMEM;
	v[n++] = args->argc;
	for (int i = 0; i < args->argc; i++)
		v[n++] = ptrs[i];
	v[n++] = 0;
	for (int i = 0; i < args->envc; i++)
		v[n++] = ptrs[args->argc + i];
	v[n++] = 0;
	memcpy(&v[n], auxv, nauxv * sizeof(uint64_t));
	b->sp = ALIGN_DOWN(b->sp - words * sizeof(uint64_t), 16);
	err = vm_write_remote(b->mm, b->sp, v, words * sizeof(uint64_t));
	kfree(v);
	return err;
}

static int
map_stack(struct mm *mm, size_t strings)
{
	size_t size = ALIGN_UP(strings, PAGE_SIZE) + STACK_INITIAL;
	long ret;

	mm->stack_top = USER_TOP;
	mm->stack_limit = MIN(current_task()->rlim[RLIMIT_STACK].rlim_cur, USER_TOP / 4);
	/* As Linux's mmap_base(): page aligned, whatever the limit. */
	mm->mmap_base =
		ALIGN_DOWN(USER_TOP - MAX(MMAP_GAP, mm->stack_limit) - PAGE_SIZE, PAGE_SIZE);
	mutex_lock(&mm->mmap_lock);
	ret = vm_map_locked(mm, USER_TOP - size, size, PROT_READ | PROT_WRITE, VMA_GROWSDOWN, true,
			    false, NULL, 0, 0);
	mutex_unlock(&mm->mmap_lock);
	return ret < 0 ? (int)ret : 0;
}

int
exec_setup_stack(struct exec_image *out, const struct elf_image *img,
		 const struct exec_strings *args, const char *execfn)
{
	struct stack_builder b = { out->mm, USER_TOP };
	uint64_t auxv[2 * AUXV_MAX];
	uint8_t rnd[16];
	vaddr_t *ptrs, execfn_at, rnd_at;
	size_t nauxv;
	int err;

	/* As Linux: arguments may take a quarter of the stack limit. */
	if (args->used + strlen(execfn) + 1 >
	    MAX(current_task()->rlim[RLIMIT_STACK].rlim_cur / 4, 128 * 1024ul))
		return -E2BIG;
	err = map_stack(out->mm, args->used + strlen(execfn) + 1);
	if (err)
		return err;
	ptrs = kmalloc((args->argc + args->envc + 1) * sizeof(*ptrs));
	if (!ptrs)
		return -ENOMEM;
	err = push_strings(&b, args, execfn, ptrs, &execfn_at);
	random_bytes(rnd, sizeof(rnd));
	b.sp = ALIGN_DOWN(b.sp, 16);
	if (!err)
		err = push_bytes(&b, rnd, sizeof(rnd));
	rnd_at = b.sp;
	nauxv = fill_auxv(auxv, out, img, rnd_at, execfn_at);
	if (!err)
		err = push_vectors(&b, args, ptrs, auxv, nauxv);
	kfree(ptrs);
	out->entry = img->entry + out->bias;
	out->sp = b.sp;
	return err;
}
