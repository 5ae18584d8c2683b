/*
 * ucontext: the riscv64 signal frame seen and changed by a handler. An
 * ebreak with every general register set to a pattern: the handler finds
 * each register, the pc of the ebreak (also si_addr) and the interrupted
 * sp in uc_mcontext; it moves the pc past the ebreak and changes s5, and
 * after rt_sigreturn every register holds the pattern except s5, which
 * holds the handler's value. A handler that sets a0 and the pc makes a
 * faulting load "return" a value at a landing address. uc_sigmask holds
 * the mask from before the signal, and a handler's change to it becomes
 * the mask after return (SIGSTOP silently excluded); uc_stack reports no
 * alternate stack; uc_link is NULL. A handler that sends the pc to an
 * unmapped address gets SIGSEGV there, and rt_sigreturn with an
 * unreadable frame kills with SIGSEGV.
 */
#include "sig_test.h"

/* all_regs_trap(): x1 and x5-x31 := 0x1000 + n, ebreak (at
 * all_regs_point), then store x0-x31 into after_regs[] and return.
 * Callee-saved registers and ra are preserved for the caller. */
long after_regs[32];
void all_regs_trap(void);
extern const char all_regs_point[];
__asm__(".text\n"
	".globl all_regs_trap\n"
	".type all_regs_trap, @function\n"
	"all_regs_trap:\n"
	"	addi sp, sp, -112\n"
	"	sd ra, 0(sp)\n	sd s0, 8(sp)\n	sd s1, 16(sp)\n	sd s2, 24(sp)\n"
	"	sd s3, 32(sp)\n	sd s4, 40(sp)\n	sd s5, 48(sp)\n	sd s6, 56(sp)\n"
	"	sd s7, 64(sp)\n	sd s8, 72(sp)\n	sd s9, 80(sp)\n	sd s10, 88(sp)\n"
	"	sd s11, 96(sp)\n"
	"	li x1, 0x1001\n	li x5, 0x1005\n	li x6, 0x1006\n	li x7, 0x1007\n"
	"	li x8, 0x1008\n	li x9, 0x1009\n	li x10, 0x100a\n	li x11, 0x100b\n"
	"	li x12, 0x100c\n	li x13, 0x100d\n	li x14, 0x100e\n	li x15, 0x100f\n"
	"	li x16, 0x1010\n	li x17, 0x1011\n	li x18, 0x1012\n	li x19, 0x1013\n"
	"	li x20, 0x1014\n	li x21, 0x1015\n	li x22, 0x1016\n	li x23, 0x1017\n"
	"	li x24, 0x1018\n	li x25, 0x1019\n	li x26, 0x101a\n	li x27, 0x101b\n"
	"	li x28, 0x101c\n	li x29, 0x101d\n	li x30, 0x101e\n	li x31, 0x101f\n"
	"	.option push\n"
	"	.option norvc\n"
	".globl all_regs_point\n"
	"all_regs_point:\n"
	"	ebreak\n"
	"	.option pop\n"
	"	addi sp, sp, -256\n"
	"	sd x1, 8(sp)\n	sd x3, 24(sp)\n	sd x4, 32(sp)\n"
	"	sd x5, 40(sp)\n	sd x6, 48(sp)\n	sd x7, 56(sp)\n	sd x8, 64(sp)\n"
	"	sd x9, 72(sp)\n	sd x10, 80(sp)\n	sd x11, 88(sp)\n	sd x12, 96(sp)\n"
	"	sd x13, 104(sp)\n	sd x14, 112(sp)\n	sd x15, 120(sp)\n	sd x16, 128(sp)\n"
	"	sd x17, 136(sp)\n	sd x18, 144(sp)\n	sd x19, 152(sp)\n	sd x20, 160(sp)\n"
	"	sd x21, 168(sp)\n	sd x22, 176(sp)\n	sd x23, 184(sp)\n	sd x24, 192(sp)\n"
	"	sd x25, 200(sp)\n	sd x26, 208(sp)\n	sd x27, 216(sp)\n	sd x28, 224(sp)\n"
	"	sd x29, 232(sp)\n	sd x30, 240(sp)\n	sd x31, 248(sp)\n"
	"	addi t0, sp, 256\n"
	"	sd t0, 16(sp)\n"
	"	sd zero, 0(sp)\n"
	"	la t0, after_regs\n"
	"	li t1, 32\n"
	"	mv t2, sp\n"
	"1:	ld t3, 0(t2)\n"
	"	sd t3, 0(t0)\n"
	"	addi t0, t0, 8\n"
	"	addi t2, t2, 8\n"
	"	addi t1, t1, -1\n"
	"	bnez t1, 1b\n"
	"	addi sp, sp, 256\n"
	"	ld ra, 0(sp)\n	ld s0, 8(sp)\n	ld s1, 16(sp)\n	ld s2, 24(sp)\n"
	"	ld s3, 32(sp)\n	ld s4, 40(sp)\n	ld s5, 48(sp)\n	ld s6, 56(sp)\n"
	"	ld s7, 64(sp)\n	ld s8, 72(sp)\n	ld s9, 80(sp)\n	ld s10, 88(sp)\n"
	"	ld s11, 96(sp)\n"
	"	addi sp, sp, 112\n"
	"	ret\n"
	".size all_regs_trap, .-all_regs_trap\n");

/* fault_and_land(): a0 := 1, load from address 0 (at fault_point),
 * a0 := 2, then landing: return a0. */
long fault_and_land(void);
extern const char fault_point[], landing[];
__asm__(".text\n"
	".globl fault_and_land\n"
	".type fault_and_land, @function\n"
	"fault_and_land:\n"
	"	li a0, 1\n"
	"	.option push\n"
	"	.option norvc\n"
	".globl fault_point\n"
	"fault_point:\n"
	"	ld a0, 0(zero)\n"
	"	.option pop\n"
	"	li a0, 2\n"
	".globl landing\n"
	"landing:\n"
	"	ret\n"
	".size fault_and_land, .-fault_and_land\n");

/* What the SIGTRAP handler saw. */
static struct {
	long regs[32];
	uintptr_t pc;
	void *addr;
	int code;
	uintptr_t sp;
} seen;

static void
on_trap(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	for (int n = 1; n < 32; n++)
		seen.regs[n] = (long)UC_GREG(uc, n);
	seen.pc = UC_PC(uc);
	seen.addr = si->si_addr;
	seen.code = si->si_code;
	UC_PC(uc) += 4;
	UC_GREG(uc, 21) = 0xabc; /* s5 */
}

static void
registers(void)
{
	bool saved = true, restored = true;

	on_siginfo(SIGTRAP, on_trap, 0);
	all_regs_trap();
	for (int n = 1; n < 32; n++) {
		if (n >= 2 && n <= 4)
			continue; /* sp, gp, tp */
		saved = saved && seen.regs[n] == 0x1000 + n;
		restored = restored && after_regs[n] == (n == 21 ? 0xabc : 0x1000 + n);
	}
	check("SIGTRAP from ebreak: si_code TRAP_BRKPT", seen.code == TRAP_BRKPT);
	check("si_addr and the saved pc are the ebreak's address",
	      seen.pc == (uintptr_t)all_regs_point && seen.addr == all_regs_point);
	check("uc_mcontext holds every general register", saved);
	check("the saved sp is the interrupted sp", seen.regs[2] == after_regs[2]);
	check("the saved gp and tp are the thread's",
	      seen.regs[3] == after_regs[3] && seen.regs[4] == after_regs[4]);
	check("after return: every register restored, s5 as the handler set it", restored);
}

static void
on_segv_land(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	seen.pc = UC_PC(uc);
	seen.addr = si->si_addr;
	seen.code = si->si_code;
	UC_PC(uc) = (uintptr_t)landing;
	UC_A0(uc) = 77;
}

static void
redirect(void)
{
	long r;

	on_siginfo(SIGSEGV, on_segv_land, 0);
	r = fault_and_land();
	check("SIGSEGV for a load from 0: SEGV_MAPERR, si_addr 0",
	      seen.code == SEGV_MAPERR && seen.addr == NULL);
	check("the saved pc is the faulting load", seen.pc == (uintptr_t)fault_point);
	expect_ret("the handler moved pc to the landing and set a0", r, 77);
	on_signal(SIGSEGV, SIG_DFL, 0);
}

static struct {
	bool had_usr2, had_usr1, cur_has_usr1, stack_disabled, link_null;
} mask_seen;

static void
on_usr1_mask(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig;
	(void)si;
	mask_seen.had_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
	mask_seen.had_usr1 = sigismember(&uc->uc_sigmask, SIGUSR1);
	mask_seen.cur_has_usr1 = is_blocked(SIGUSR1);
	mask_seen.stack_disabled = uc->uc_stack.ss_flags == SS_DISABLE;
	mask_seen.link_null = uc->uc_link == NULL;
	sigdelset(&uc->uc_sigmask, SIGUSR2);
	sigaddset(&uc->uc_sigmask, SIGWINCH);
	sigaddset(&uc->uc_sigmask, SIGSTOP);
}

static void
mask_in_context(void)
{
	on_siginfo(SIGUSR1, on_usr1_mask, 0);
	mask_one(SIG_BLOCK, SIGUSR2);
	raise_here(SIGUSR1);
	check("uc_sigmask is the mask before the signal (SIGUSR2 in, SIGUSR1 out)",
	      mask_seen.had_usr2 && !mask_seen.had_usr1);
	check("while the handler runs, SIGUSR1 is blocked", mask_seen.cur_has_usr1);
	check("uc_stack: no alternate stack (SS_DISABLE)", mask_seen.stack_disabled);
	check("uc_link is NULL", mask_seen.link_null);
	check("after return, the handler's uc_sigmask is the mask: SIGUSR2 unblocked",
	      !is_blocked(SIGUSR2));
	check("  SIGWINCH blocked", is_blocked(SIGWINCH));
	check("  SIGSTOP not blocked", !is_blocked(SIGSTOP));
	check("  SIGUSR1 unblocked again", !is_blocked(SIGUSR1));
	mask_one(SIG_UNBLOCK, SIGWINCH);
}

/* ---- in children ------------------------------------------------------- */

static void
on_trap_jump(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	UC_PC(uc) = 0x10;
}

static void
on_segv_report(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	_exit(si->si_addr == (void *)0x10 && si->si_code == SEGV_MAPERR ? 0 : 1);
}

static int
jump_to_unmapped(void *arg)
{
	(void)arg;
	on_siginfo(SIGTRAP, on_trap_jump, 0);
	on_siginfo(SIGSEGV, on_segv_report, 0);
	all_regs_trap();
	return 2;
}

static int
sigreturn_bad_frame(void *arg)
{
	register long a7 __asm__("a7") = SYS_rt_sigreturn;

	(void)arg;
	__asm__ __volatile__("li sp, 0x2000\n"
			     "ecall\n"
			     :
			     : "r"(a7)
			     : "memory");
	return 3;
}

int
main(void)
{
	int st;

	test_setup();
	registers();
	redirect();
	mask_in_context();
	st = in_child(jump_to_unmapped, NULL);
	printf("a handler sets pc to 0x10: SIGSEGV there, SEGV_MAPERR: %s\n", status_str(st));
	all_ok = all_ok && st == W_EXITCODE(0, 0);
	st = in_child(sigreturn_bad_frame, NULL);
	printf("rt_sigreturn with an unreadable frame: %s\n",
	       status_str(WIFSIGNALED(st) ? st & 0x7f : st));
	all_ok = all_ok && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
	return test_result();
}
