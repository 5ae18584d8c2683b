/*
 * The Linux riscv64 signal frame: struct rt_sigframe { siginfo; ucontext }
 * on the user stack (16-byte aligned), with the interrupted registers in
 * uc_mcontext.sc_regs (user_regs_struct: pc, then x1..x31) and the
 * floating-point state in sc_fpregs.d. The handler returns through the
 * sigreturn trampoline the address space maps (ra), which calls
 * rt_sigreturn.
 */
#include <asm-generic/errno.h>
#include <linux/signal.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#include <asm/unistd.h>

#include <arch/fpu.h>
#include <arch/trapframe.h>
#include "lib/string.h"
#include "mm/slab.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include <arch/signal.h>
#include "proc/signal.h"
#include "sched/task.h"

struct rt_sigframe {
	siginfo_t info;
	struct ucontext uc;
};

_Static_assert(sizeof(struct user_regs_struct) == 32 * 8, "sc_regs is pc + x1..x31");
_Static_assert(sizeof(struct __riscv_d_ext_state) == sizeof(struct fp_regs),
	       "fp_regs holds a __riscv_d_ext_state");

static bool
on_altstack(const struct task *t, uintptr_t sp)
{
	return t->sig.altstack_size && sp > t->sig.altstack_sp &&
	       sp - t->sig.altstack_sp <= t->sig.altstack_size;
}

static uintptr_t
frame_address(struct task *t, const struct trapframe *tf, const struct k_sigaction *ka)
{
	uintptr_t sp = tf->sp;

	if ((ka->flags & SA_ONSTACK) && !(t->sig.altstack_flags & SS_DISABLE) &&
	    !on_altstack(t, sp)) {
		sp = t->sig.altstack_sp + t->sig.altstack_size;
	}
	return ALIGN_DOWN(sp - sizeof(struct rt_sigframe), 16);
}

static void
fill_frame(struct task *t, struct rt_sigframe *f, const struct trapframe *tf, const siginfo_t *info,
	   sigset64_t saved_mask)
{
	memset(f, 0, sizeof(*f));
	f->info = *info;
	f->uc.uc_stack.ss_sp = (void *)t->sig.altstack_sp;
	f->uc.uc_stack.ss_size = t->sig.altstack_size;
	f->uc.uc_stack.ss_flags = ((t->sig.altstack_flags & SS_DISABLE) ? SS_DISABLE :
				   on_altstack(t, tf->sp)		? SS_ONSTACK :
									  0) |
				  (t->sig.altstack_flags & SS_AUTODISARM);
	memcpy(&f->uc.uc_sigmask, &saved_mask, sizeof(saved_mask));
	memcpy(&f->uc.uc_mcontext.sc_regs, tf, sizeof(struct user_regs_struct));
	arch_fp_flush(&t->fp);
	memcpy(&f->uc.uc_mcontext.sc_fpregs.d, &t->fp.regs, sizeof(f->uc.uc_mcontext.sc_fpregs.d));
}

int
arch_signal_frame_setup(struct task *t, struct trapframe *tf, int sig, const siginfo_t *info,
			const struct k_sigaction *ka, sigset64_t saved_mask)
{
	uintptr_t addr = frame_address(t, tf, ka);
	struct rt_sigframe *f = kmalloc(sizeof(*f));
	int err;

	if (!f)
		return -EFAULT;
	fill_frame(t, f, tf, info, saved_mask);
	err = copy_to_user((void __user *)addr, f, sizeof(*f));
	kfree(f);
	if (err)
		return -EFAULT;
	/* SS_AUTODISARM: the handler runs with no alternate stack; the
	 * frame's uc_stack brings it back at sigreturn. */
	if (on_altstack(t, addr + 1) && (t->sig.altstack_flags & SS_AUTODISARM)) {
		t->sig.altstack_sp = 0;
		t->sig.altstack_size = 0;
		t->sig.altstack_flags = SS_DISABLE;
	}
	tf->epc = ka->handler;
	tf->sp = addr;
	tf->ra = t->mm->sigreturn_va;
	tf->a0 = sig;
	tf->a1 = addr + offsetof(struct rt_sigframe, info);
	tf->a2 = addr + offsetof(struct rt_sigframe, uc);
	return 0;
}

uintptr_t
arch_user_sp(const struct trapframe *tf)
{
	return tf->sp;
}

int
arch_signal_frame_restore(struct task *t, struct trapframe *tf)
{
	struct rt_sigframe *f = kmalloc(sizeof(*f));
	sigset64_t mask;

	if (!f)
		return -EFAULT;
	if (copy_from_user(f, (const void __user *)tf->sp, sizeof(*f))) {
		kfree(f);
		return -EFAULT;
	}
	memcpy(tf, &f->uc.uc_mcontext.sc_regs, sizeof(struct user_regs_struct));
	memcpy(&t->fp.regs, &f->uc.uc_mcontext.sc_fpregs.d, sizeof(f->uc.uc_mcontext.sc_fpregs.d));
	t->fp.used = true;
	arch_fp_invalidate(&t->fp);
	memcpy(&mask, &f->uc.uc_sigmask, sizeof(mask));
	signal_set_blocked(t, mask);
	signal_restore_altstack(t, (uintptr_t)f->uc.uc_stack.ss_sp, f->uc.uc_stack.ss_size,
				f->uc.uc_stack.ss_flags, tf->sp);
	kfree(f);
	return 0;
}

void
arch_write_sigreturn_trampoline(void *page)
{
	/* li a7, __NR_rt_sigreturn; ecall */
	const uint32_t code[] = { 0x00000893u | (__NR_rt_sigreturn << 20), 0x00000073u };

	_Static_assert(__NR_rt_sigreturn < 2048, "fits an addi immediate");
	memcpy(page, code, sizeof(code));
	arch_sync_icache();
}

long
arch_syscall_retval(const struct trapframe *tf)
{
	return (long)tf->a0;
}

void
arch_syscall_set_retval(struct trapframe *tf, long ret)
{
	tf->a0 = (uint64_t)ret;
}

void
arch_syscall_restart(struct trapframe *tf, bool via_restart_syscall)
{
	tf->a0 = tf->orig_a0;
	if (via_restart_syscall)
		tf->a7 = __NR_restart_syscall;
	tf->epc -= 4; /* back onto the ecall */
}
