/*
 * The system-call table, built from sys/syscall_list.inc. Each entry is
 * a generated wrapper (build/generated/syscall_wrappers.h) that converts
 * the six argument registers to the types sys/sys.h declares, so a
 * 32-bit argument is narrowed and extended once, as Linux's SYSCALL_DEFINE
 * does, whatever the upper half of the register held.
 */
#include <asm-generic/errno.h>
#include <asm/unistd.h>
#include <tern_abi.h>

#include <atomic.h>
#include "printk/printk.h"
#include "sched/task.h"
#include "sys/sys.h"
#include "sys/syscall.h"

typedef long (*syscall_fn)(unsigned long, unsigned long, unsigned long, unsigned long,
			   unsigned long, unsigned long);

#include "syscall_wrappers.h"

#define SYSCALL(nr, fn) [nr] = wrap_##fn,
static const syscall_fn syscall_table[__NR_syscalls] = {
#include "sys/syscall_list.inc"
};
#undef SYSCALL

/* Tern's own calls (include/uapi/tern_abi.h, docs/abi.md). */
static const syscall_fn tern_table[] = {
	[TERN_SYS_KSTAT - TERN_SYSCALL_BASE] = wrap_sys_tern_kstat,
};

/* Unknown numbers below TERN_SYSCALL_BASE that have been logged: each is
 * logged once (STYLE.md: one line). A program trying them all, or numbers
 * above, is bounded by the rate limit. */
static uint64_t enosys_logged[TERN_SYSCALL_BASE / 64]; /* [a] bit nr % 64 */

static bool
enosys_first(unsigned long nr)
{
	uint64_t bit = 1ull << (nr % 64);

	if (nr >= TERN_SYSCALL_BASE)
		return true;
	return !(atomic_fetch_or_relaxed(&enosys_logged[nr / 64], bit) & bit);
}

/* A number nothing implements is logged once (the call gives -ENOSYS).
 * Out of line, so the dispatch fast path needs no stack frame. */
static __attribute__((noinline, cold)) void
log_unknown_syscall(unsigned long nr)
{
	struct task *t = current_task();

	if (enosys_first(nr))
		pr_warn_ratelimited("%s[%d]: unknown syscall %lu", t->comm, t->tgid, nr);
}

long
syscall_dispatch(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
		 unsigned long a3, unsigned long a4, unsigned long a5)
{
	if (likely(nr < __NR_syscalls && syscall_table[nr]))
		return syscall_table[nr](a0, a1, a2, a3, a4, a5);
	if (nr - TERN_SYSCALL_BASE < ARRAY_SIZE(tern_table) && tern_table[nr - TERN_SYSCALL_BASE])
		return tern_table[nr - TERN_SYSCALL_BASE](a0, a1, a2, a3, a4, a5);
	log_unknown_syscall(nr);
	return -ENOSYS;
}
