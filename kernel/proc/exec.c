/*
 * Program loading: "#!" scripts and static ELF executables (ET_EXEC and
 * static-pie ET_DYN), a new address space, and Linux's initial stack.
 *
 * Check, then commit: the new address space is built completely while
 * the old one stays in place; only then is the old one dropped, so a
 * failed exec leaves the caller as it was.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/mman-common.h>
#include <linux/stat.h>

#include <atomic.h>
#include <arch/memlayout.h>
#include "fs/file.h"
#include "fs/fs_context.h"
#include "fs/fsops.h"
#include "fs/vfs.h"
#include "lib/string.h"
#include "mm/page.h"
#include "mm/shmem.h"
#include <arch/signal.h>
#include "proc/signal.h"
#include "mm/slab.h"
#include "mm/tlb.h"
#include "mm/vm.h"
#include "proc/elf.h"
#include "proc/exec.h"
#include "proc/exec_stack.h"
#include "mm/uaccess.h"
#include <arch/thread.h>
#include "proc/posix_timer.h"
#include "proc/task.h"

#define ARG_MAX_BYTES  (2ul << 20)	/* as Linux with an 8 MiB stack: rlimit / 4 */
#define ARG_STRLEN_MAX (32 * PAGE_SIZE) /* MAX_ARG_STRLEN */
#define SCRIPT_DEPTH   5		/* interpreters of interpreters: Linux runs five */
#define SHEBANG_MAX    256		/* BINPRM_BUF_SIZE */
#define PATH_MAX_BYTES 4096

int
exec_strings_add(struct exec_strings *s, const char *str, size_t len)
{
	if (len + 1 > ARG_STRLEN_MAX || s->used + len + 1 > ARG_MAX_BYTES)
		return -E2BIG;
	if (s->used + len + 1 > s->size) {
		size_t size = s->size ? s->size : PAGE_SIZE;
		char *buf;

		while (size < s->used + len + 1)
			size *= 2;
		buf = kmalloc(size);
		if (!buf)
			return -ENOMEM;
		if (s->buf)
			memcpy(buf, s->buf, s->used);
		kfree(s->buf);
		s->buf = buf;
		s->size = size;
	}
	memcpy(s->buf + s->used, str, len);
	s->buf[s->used + len] = '\0';
	s->used += len + 1;
	return 0;
}

void
exec_strings_free(struct exec_strings *s)
{
	kfree(s->buf);
	*s = (struct exec_strings){ 0 };
}

static int open_exec(const char *path, struct file **out);

int
exec_check_file(const char *path)
{
	struct file *f;
	int err = open_exec(path, &f);

	if (!err)
		file_put(f);
	return err;
}

/* Open path for execution: a regular file with an execute bit. */
static int
open_exec(const char *path, struct file **out)
{
	struct inode *cwd = fs_context_cwd(current_task()->fs);
	int err = vfs_open(cwd, path, O_RDONLY, 0, out);

	inode_put(cwd);
	if (err)
		return err;
	if (!S_ISREG((*out)->inode->mode) || !((*out)->inode->mode & 0111)) {
		file_put(*out);
		return -EACCES;
	}
	return 0;
}

/* Map one PT_LOAD segment at bias: file part, then zero-filled part. */
static long
map_segment(struct mm *mm, struct file *f, const struct elf_segment *s, uint64_t bias)
{
	vaddr_t start = ALIGN_DOWN(s->seg_vaddr + bias, PAGE_SIZE);
	vaddr_t file_end = s->seg_vaddr + bias + s->seg_filesz;
	vaddr_t end = ALIGN_UP(s->seg_vaddr + bias + s->seg_memsz, PAGE_SIZE);
	vaddr_t fmap_end = ALIGN_UP(file_end, PAGE_SIZE);
	long ret = 0;

	if (s->seg_filesz) {
		file_get(f);
		ret = vm_map_locked(mm, start, fmap_end - start, s->seg_prot, 0, true, false, f,
				    ALIGN_DOWN(s->seg_offset, PAGE_SIZE), file_end - start);
		if (ret < 0) {
			file_put(f);
			return ret;
		}
	} else {
		fmap_end = start;
	}
	if (end > fmap_end)
		ret = vm_map_locked(mm, fmap_end, end - fmap_end, s->seg_prot, 0, true, false, NULL,
				    0, 0);
	return ret < 0 ? ret : 0;
}

static int
load_elf(struct mm *mm, struct file *f, const struct elf_image *img, uint64_t bias)
{
	long err = 0;

	mutex_lock(&mm->mmap_lock);
	for (unsigned i = 0; i < img->nr_loads && !err; i++)
		err = map_segment(mm, f, &img->loads[i], bias);
	mm->brk_start = mm->brk = img->load_hi + bias;
	mutex_unlock(&mm->mmap_lock);
	return (int)err;
}

static int
read_elf(struct file *f, Elf64_Ehdr *eh, struct elf_image *img)
{
	uint64_t size = f->inode->size;
	Elf64_Phdr *ph;
	size_t phbytes;
	int err;

	if (kernel_read(f, eh, sizeof(*eh), 0) != sizeof(*eh))
		return -ENOEXEC;
	err = elf_check_ehdr(eh, size);
	if (err)
		return err;
	phbytes = (size_t)eh->e_phnum * eh->e_phentsize;
	ph = kmalloc(phbytes);
	if (!ph)
		return -ENOMEM;
	if (kernel_read(f, ph, phbytes, eh->e_phoff) != (ssize_t)phbytes)
		err = -EIO;
	else
		err = elf_parse_phdrs(eh, ph, size, USER_TOP, img);
	kfree(ph);
	/* Dynamically linked programs need their interpreter (not yet). */
	if (!err && img->has_interp)
		err = -ENOEXEC;
	return err;
}

static uint64_t
choose_bias(const struct elf_image *img)
{
	if (img->type != ET_DYN)
		return 0;
	/* As Linux's ELF_ET_DYN_BASE: two thirds of the way up. */
	return ALIGN_DOWN(USER_TOP / 3 * 2, img->load_align) - img->load_lo;
}

/* The page with the code signal handlers return through (rt_sigreturn),
 * shared by every process, as Linux's vDSO sigreturn trampoline. */
static struct shmem *sigreturn_page;
static struct spinlock sigreturn_lock = SPINLOCK_INIT("sigreturn_page"); /* sigreturn_page */

static struct shmem *
get_sigreturn_page(void)
{
	struct shmem *s = shmem_create(1);
	struct page *p = s ? shmem_page(s, 0) : NULL;

	if (!p) {
		if (s)
			shmem_put(s);
		return NULL;
	}
	arch_write_sigreturn_trampoline(page_to_kva(p));
	page_put(p);
	spin_lock(&sigreturn_lock);
	if (!sigreturn_page) {
		sigreturn_page = s;
		s = NULL;
	}
	shmem_get(sigreturn_page);
	spin_unlock(&sigreturn_lock);
	if (s)
		shmem_put(s);
	return sigreturn_page;
}

/* Map the trampoline page just above the mmap area. */
static int
map_sigreturn(struct mm *mm)
{
	struct shmem *s = get_sigreturn_page();
	vaddr_t va = mm->mmap_base;
	long ret;

	if (!s)
		return -ENOMEM;
	mutex_lock(&mm->mmap_lock);
	ret = vm_map_locked(mm, va, PAGE_SIZE, PROT_READ | PROT_EXEC, VMA_SHARED, true, false, NULL,
			    0, 0);
	if (ret >= 0)
		vma_find(mm, va)->shm = s;
	mutex_unlock(&mm->mmap_lock);
	if (ret < 0) {
		shmem_put(s);
		return (int)ret;
	}
	mm->sigreturn_va = va;
	return 0;
}

/* Build the new image for an ELF file; on success *out is ready to run. */
static int
build_image(struct file *f, struct exec_strings *args, const char *path, struct exec_image *out)
{
	struct elf_image *img = kmalloc(sizeof(*img));
	Elf64_Ehdr eh;
	int err;

	if (!img)
		return -ENOMEM;
	err = read_elf(f, &eh, img);
	if (err)
		goto out_free;
	out->mm = mm_create();
	if (!out->mm) {
		err = -ENOMEM;
		goto out_free;
	}
	out->bias = choose_bias(img);
	err = load_elf(out->mm, f, img, out->bias);
	if (!err)
		err = exec_setup_stack(out, img, args, path);
	if (!err)
		err = map_sigreturn(out->mm);
	if (err) {
		mm_put(out->mm);
		out->mm = NULL;
	}
out_free:
	kfree(img);
	return err;
}

int
exec_strings_add_user(struct exec_strings *s, const char __user *const __user *arr, int *count)
{
	char *tmp;
	int err = 0;

	if (!arr)
		return 0; /* as Linux: a NULL argv or envp is an empty list */
	tmp = kmalloc(ARG_STRLEN_MAX);
	if (!tmp)
		return -ENOMEM;
	for (;; arr++) {
		const char __user *str;
		ssize_t len;

		if (get_user(str, arr)) {
			err = -EFAULT;
			break;
		}
		if (!str)
			break;
		len = strncpy_from_user(tmp, str, ARG_STRLEN_MAX);
		if (len < 0) {
			err = len == -ENAMETOOLONG ? -E2BIG : (int)len;
			break;
		}
		err = exec_strings_add(s, tmp, (size_t)len);
		if (err)
			break;
		(*count)++;
	}
	kfree(tmp);
	return err;
}

/* Parse "#!interp [arg]" from the first line of a script. Returns 1 and
 * fills interp/arg for a script, 0 if not a script, or -ENOEXEC. */
static int
parse_shebang(char *buf, size_t len, char **interp, char **arg)
{
	char *p, *end;

	if (len < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	end = memchr(buf, '\n', len);
	if (!end) {
		/* As Linux: a first line longer than the buffer is not run. */
		if (len == SHEBANG_MAX)
			return -ENOEXEC;
		end = buf + len;
	}
	*end = '\0';
	for (p = buf + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	*interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	*arg = NULL;
	if (*p) {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		for (char *q = end - 1; q >= p && (*q == ' ' || *q == '\t'); q--)
			*q = '\0';
		if (*p)
			*arg = p;
	}
	return 1;
}

/* argv of a script: interp [arg] path argv[1..], then the environment. */
static int
script_args(struct exec_strings *args, const char *interp, const char *arg, const char *path)
{
	struct exec_strings n = { 0 };
	/* The old argv[0] is replaced by the script's path. */
	int skip = args->argc > 0 ? 1 : 0;
	size_t off = skip ? strlen(args->buf) + 1 : 0;
	int err = exec_strings_add(&n, interp, strlen(interp));

	if (!err && arg)
		err = exec_strings_add(&n, arg, strlen(arg));
	if (!err)
		err = exec_strings_add(&n, path, strlen(path));
	for (int i = skip; !err && i < args->argc + args->envc; i++) {
		size_t len = strlen(args->buf + off);

		err = exec_strings_add(&n, args->buf + off, len);
		off += len + 1;
	}
	if (err) {
		exec_strings_free(&n);
		return err;
	}
	n.argc = (arg ? 3 : 2) + args->argc - skip;
	n.envc = args->envc;
	exec_strings_free(args);
	*args = n;
	return 0;
}

static void
commit_image(struct exec_image *img, const char *path, struct files *own_files)
{
	struct task *t = current_task();
	struct mm *old = t->mm;
	const char *base = path;

	t->mm = img->mm;
	arch_sched_switch_in(old, t);
	if (old)
		mm_put(old);
	if (own_files) {
		/* As Linux: exec unshares a file table shared with another task. */
		files_put(t->files);
		t->files = own_files;
	}
	fd_close_on_exec(t->files);
	posix_timers_exec(t);
	spin_lock(&tasklist_lock);
	t->did_exec = true;
	spin_unlock(&tasklist_lock);
	task_vfork_release(t);
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(t->comm, base, sizeof(t->comm));
	arch_exec_regs(t->tf, img->entry, img->sp);
	/* A fresh image starts with no FP state; its first use zeroes it. */
	t->fp = (struct fp_state){ 0 };
	arch_fp_invalidate(&t->fp);
}

int
exec_program(const char *path, struct exec_strings *args)
{
	char *buf = kmalloc(SHEBANG_MAX + PATH_MAX_BYTES);
	char *cur = buf + SHEBANG_MAX, *interp = NULL, *arg = NULL;
	struct exec_image img = { 0 };
	struct files *own_files = NULL;
	struct file *f;
	int err = -ELOOP;

	might_sleep();
	if (!buf)
		return -ENOMEM;
	strlcpy(cur, path, PATH_MAX_BYTES);
	for (int depth = 0; depth <= SCRIPT_DEPTH; depth++) {
		ssize_t n;

		err = open_exec(cur, &f);
		if (err)
			break;
		n = kernel_read(f, buf, SHEBANG_MAX, 0);
		err = n < 0 ? (int)n : parse_shebang(buf, (size_t)n, &interp, &arg);
		if (err == 0) {
			/* As Linux: no exec of a file open for writing, and no
			 * writing to it while an address space runs it. */
			err = inode_deny_write_access(f->inode);
			if (!err)
				err = build_image(f, args, cur, &img);
			if (!err) {
				img.mm->exe_file = f; /* keeps f and the denial */
				break;
			}
			if (err != -ETXTBSY)
				inode_allow_write_access(f->inode);
			file_put(f);
			break;
		}
		file_put(f);
		if (err < 0)
			break;
		err = script_args(args, interp, arg, cur);
		if (err)
			break;
		memmove(cur, interp, strlen(interp) + 1);
		err = -ELOOP;
	}
	if (!err && atomic_load_acquire(&current_task()->files->refcount) > 1 &&
	    !(own_files = files_dup(current_task()->files))) {
		mm_put(img.mm);
		err = -ENOMEM;
	}
	if (!err && (err = task_de_thread(current_task())) < 0) {
		mm_put(img.mm);
		if (own_files)
			files_put(own_files);
	}
	if (!err && (err = signal_exec_reset(current_task())) < 0) {
		mm_put(img.mm);
		if (own_files)
			files_put(own_files);
	}
	if (!err)
		commit_image(&img, path, own_files);
	kfree(buf);
	return err;
}
