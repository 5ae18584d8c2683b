/*
 * What the signal code needs from arch: the signal frame and the system
 * call's result and restart in a trap frame.
 */
#pragma once

#include <asm-generic/siginfo.h>
#include <types.h>

struct k_sigaction;

struct task;
struct trapframe;

/* Push a struct rt_sigframe for sig on the user stack (or the alternate
 * stack) and point the registers at the handler. 0 or -EFAULT. */
int arch_signal_frame_setup(struct task *t, struct trapframe *tf, int sig, const siginfo_t *info,
			    const struct k_sigaction *ka, uint64_t saved_mask);
/* rt_sigreturn: restore registers, FP state, mask and alternate stack
 * from the frame at the user sp. 0, or -EFAULT when the frame cannot be
 * read (the caller kills with SIGSEGV). */
int arch_signal_frame_restore(struct task *t, struct trapframe *tf);
/* The user stack pointer in a trap frame. */
uintptr_t arch_user_sp(const struct trapframe *tf);

/* Write the code that calls rt_sigreturn at the start of a page. */
void arch_write_sigreturn_trampoline(void *page);

long arch_syscall_retval(const struct trapframe *tf);
void arch_syscall_set_retval(struct trapframe *tf, long ret);
/* Re-run the system call (the original a0, pc back on the ecall);
 * via_restart_syscall runs restart_syscall instead. */
void arch_syscall_restart(struct trapframe *tf, bool via_restart_syscall);
