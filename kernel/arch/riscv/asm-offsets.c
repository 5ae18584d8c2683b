/*
 * Struct offsets and sizes for assembly. Compiled with -S only, never
 * linked: tools/gen-asm-offsets.sh turns the markers into
 * build/generated/asm-offsets.h (docs/build.md); asm-check.c asserts
 * the generated values against the structs, so a stale header fails.
 */
#include <linux/futex.h>

#include <arch/cpu.h>
#include "arch/riscv/asm-offsets-gen.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/early.h"
#include "arch/riscv/entry_area.h"
#include <arch/fpu.h>
#include <arch/trapframe.h>

void
asm_offsets(void)
{
	OFFSET(TF_EPC, trapframe, epc);
	OFFSET(TF_RA, trapframe, ra);
	OFFSET(TF_SP, trapframe, sp);
	OFFSET(TF_GP, trapframe, gp);
	OFFSET(TF_TP, trapframe, tp);
	OFFSET(TF_T0, trapframe, t0);
	OFFSET(TF_T1, trapframe, t1);
	OFFSET(TF_T2, trapframe, t2);
	OFFSET(TF_S0, trapframe, s0);
	OFFSET(TF_S1, trapframe, s1);
	OFFSET(TF_A0, trapframe, a0);
	OFFSET(TF_A1, trapframe, a1);
	OFFSET(TF_A2, trapframe, a2);
	OFFSET(TF_A3, trapframe, a3);
	OFFSET(TF_A4, trapframe, a4);
	OFFSET(TF_A5, trapframe, a5);
	OFFSET(TF_A6, trapframe, a6);
	OFFSET(TF_A7, trapframe, a7);
	OFFSET(TF_S2, trapframe, s2);
	OFFSET(TF_S3, trapframe, s3);
	OFFSET(TF_S4, trapframe, s4);
	OFFSET(TF_S5, trapframe, s5);
	OFFSET(TF_S6, trapframe, s6);
	OFFSET(TF_S7, trapframe, s7);
	OFFSET(TF_S8, trapframe, s8);
	OFFSET(TF_S9, trapframe, s9);
	OFFSET(TF_S10, trapframe, s10);
	OFFSET(TF_S11, trapframe, s11);
	OFFSET(TF_T3, trapframe, t3);
	OFFSET(TF_T4, trapframe, t4);
	OFFSET(TF_T5, trapframe, t5);
	OFFSET(TF_T6, trapframe, t6);
	OFFSET(TF_SSTATUS, trapframe, sstatus);
	OFFSET(TF_SCAUSE, trapframe, scause);
	OFFSET(TF_STVAL, trapframe, stval);
	DEFINE(TF_SIZE, sizeof(struct trapframe));

	OFFSET(HE_KERNEL_SATP, hart_entry, kernel_satp);
	OFFSET(HE_KERNEL_SP, hart_entry, kernel_sp);
	OFFSET(HE_KERNEL_TP, hart_entry, kernel_tp);
	OFFSET(HE_USER_TRAP, hart_entry, user_trap);
	OFFSET(HE_USER_SATP, hart_entry, user_satp);
	OFFSET(HE_SCRATCH0, hart_entry, scratch0);
	OFFSET(HE_SCRATCH1, hart_entry, scratch1);
	OFFSET(HE_OVERFLOW_SP, hart_entry, overflow_sp);
	OFFSET(HE_SWITCH_SATP, hart_entry, switch_satp);

	OFFSET(CTX_RA, context, ra);
	OFFSET(CTX_SP, context, sp);
	OFFSET(CTX_S0, context, s0);
	OFFSET(CTX_S1, context, s1);
	OFFSET(CTX_S2, context, s2);
	OFFSET(CTX_S3, context, s3);
	OFFSET(CTX_S4, context, s4);
	OFFSET(CTX_S5, context, s5);
	OFFSET(CTX_S6, context, s6);
	OFFSET(CTX_S7, context, s7);
	OFFSET(CTX_S8, context, s8);
	OFFSET(CTX_S9, context, s9);
	OFFSET(CTX_S10, context, s10);
	OFFSET(CTX_S11, context, s11);

	OFFSET(SB_SATP, secondary_boot, satp);
	OFFSET(SB_SP, secondary_boot, sp);
	OFFSET(SB_TP, secondary_boot, tp);
	OFFSET(SB_KERNEL_SATP, secondary_boot, kernel_satp);

	OFFSET(FP_FCSR, fp_regs, fcsr);

	/* The user-access window: set by uaccess.S, cleared on trap entry. */
	DEFINE(SR_SUM, SSTATUS_SUM);
	/* linux/futex.h declares structs, so assembly cannot include it. */
	DEFINE(UAPI_FUTEX_OP_SET, FUTEX_OP_SET);
	DEFINE(UAPI_FUTEX_OP_ADD, FUTEX_OP_ADD);
	DEFINE(UAPI_FUTEX_OP_OR, FUTEX_OP_OR);
	DEFINE(UAPI_FUTEX_OP_ANDN, FUTEX_OP_ANDN);
	DEFINE(UAPI_FUTEX_OP_XOR, FUTEX_OP_XOR);
}
