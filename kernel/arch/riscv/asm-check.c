/*
 * Cross-check of the generated assembly offsets against the C structs:
 * a stale build/generated/asm-offsets.h fails the build here.
 */
#include <linux/futex.h>

#include <arch/cpu.h>
#include "arch/riscv/csr.h"
#include "arch/riscv/early.h"
#include "arch/riscv/entry_area.h"
#include <arch/fpu.h>
#include <arch/trapframe.h>
#include "asm-offsets.h"

_Static_assert(TF_EPC == offsetof(struct trapframe, epc), "TF_EPC is stale");
_Static_assert(TF_RA == offsetof(struct trapframe, ra), "TF_RA is stale");
_Static_assert(TF_SP == offsetof(struct trapframe, sp), "TF_SP is stale");
_Static_assert(TF_GP == offsetof(struct trapframe, gp), "TF_GP is stale");
_Static_assert(TF_TP == offsetof(struct trapframe, tp), "TF_TP is stale");
_Static_assert(TF_T0 == offsetof(struct trapframe, t0), "TF_T0 is stale");
_Static_assert(TF_T1 == offsetof(struct trapframe, t1), "TF_T1 is stale");
_Static_assert(TF_T2 == offsetof(struct trapframe, t2), "TF_T2 is stale");
_Static_assert(TF_S0 == offsetof(struct trapframe, s0), "TF_S0 is stale");
_Static_assert(TF_S1 == offsetof(struct trapframe, s1), "TF_S1 is stale");
_Static_assert(TF_A0 == offsetof(struct trapframe, a0), "TF_A0 is stale");
_Static_assert(TF_A1 == offsetof(struct trapframe, a1), "TF_A1 is stale");
_Static_assert(TF_A2 == offsetof(struct trapframe, a2), "TF_A2 is stale");
_Static_assert(TF_A3 == offsetof(struct trapframe, a3), "TF_A3 is stale");
_Static_assert(TF_A4 == offsetof(struct trapframe, a4), "TF_A4 is stale");
_Static_assert(TF_A5 == offsetof(struct trapframe, a5), "TF_A5 is stale");
_Static_assert(TF_A6 == offsetof(struct trapframe, a6), "TF_A6 is stale");
_Static_assert(TF_A7 == offsetof(struct trapframe, a7), "TF_A7 is stale");
_Static_assert(TF_S2 == offsetof(struct trapframe, s2), "TF_S2 is stale");
_Static_assert(TF_S3 == offsetof(struct trapframe, s3), "TF_S3 is stale");
_Static_assert(TF_S4 == offsetof(struct trapframe, s4), "TF_S4 is stale");
_Static_assert(TF_S5 == offsetof(struct trapframe, s5), "TF_S5 is stale");
_Static_assert(TF_S6 == offsetof(struct trapframe, s6), "TF_S6 is stale");
_Static_assert(TF_S7 == offsetof(struct trapframe, s7), "TF_S7 is stale");
_Static_assert(TF_S8 == offsetof(struct trapframe, s8), "TF_S8 is stale");
_Static_assert(TF_S9 == offsetof(struct trapframe, s9), "TF_S9 is stale");
_Static_assert(TF_S10 == offsetof(struct trapframe, s10), "TF_S10 is stale");
_Static_assert(TF_S11 == offsetof(struct trapframe, s11), "TF_S11 is stale");
_Static_assert(TF_T3 == offsetof(struct trapframe, t3), "TF_T3 is stale");
_Static_assert(TF_T4 == offsetof(struct trapframe, t4), "TF_T4 is stale");
_Static_assert(TF_T5 == offsetof(struct trapframe, t5), "TF_T5 is stale");
_Static_assert(TF_T6 == offsetof(struct trapframe, t6), "TF_T6 is stale");
_Static_assert(TF_SSTATUS == offsetof(struct trapframe, sstatus), "TF_SSTATUS is stale");
_Static_assert(TF_SCAUSE == offsetof(struct trapframe, scause), "TF_SCAUSE is stale");
_Static_assert(TF_STVAL == offsetof(struct trapframe, stval), "TF_STVAL is stale");
_Static_assert(TF_SIZE == sizeof(struct trapframe), "TF_SIZE is stale");
_Static_assert(HE_KERNEL_SATP == offsetof(struct hart_entry, kernel_satp),
	       "HE_KERNEL_SATP is stale");
_Static_assert(HE_KERNEL_SP == offsetof(struct hart_entry, kernel_sp), "HE_KERNEL_SP is stale");
_Static_assert(HE_KERNEL_TP == offsetof(struct hart_entry, kernel_tp), "HE_KERNEL_TP is stale");
_Static_assert(HE_USER_TRAP == offsetof(struct hart_entry, user_trap), "HE_USER_TRAP is stale");
_Static_assert(HE_USER_SATP == offsetof(struct hart_entry, user_satp), "HE_USER_SATP is stale");
_Static_assert(HE_SCRATCH0 == offsetof(struct hart_entry, scratch0), "HE_SCRATCH0 is stale");
_Static_assert(HE_SCRATCH1 == offsetof(struct hart_entry, scratch1), "HE_SCRATCH1 is stale");
_Static_assert(HE_OVERFLOW_SP == offsetof(struct hart_entry, overflow_sp),
	       "HE_OVERFLOW_SP is stale");
_Static_assert(HE_SWITCH_SATP == offsetof(struct hart_entry, switch_satp),
	       "HE_SWITCH_SATP is stale");
_Static_assert(CTX_RA == offsetof(struct context, ra), "CTX_RA is stale");
_Static_assert(CTX_SP == offsetof(struct context, sp), "CTX_SP is stale");
_Static_assert(CTX_S0 == offsetof(struct context, s0), "CTX_S0 is stale");
_Static_assert(CTX_S1 == offsetof(struct context, s1), "CTX_S1 is stale");
_Static_assert(CTX_S2 == offsetof(struct context, s2), "CTX_S2 is stale");
_Static_assert(CTX_S3 == offsetof(struct context, s3), "CTX_S3 is stale");
_Static_assert(CTX_S4 == offsetof(struct context, s4), "CTX_S4 is stale");
_Static_assert(CTX_S5 == offsetof(struct context, s5), "CTX_S5 is stale");
_Static_assert(CTX_S6 == offsetof(struct context, s6), "CTX_S6 is stale");
_Static_assert(CTX_S7 == offsetof(struct context, s7), "CTX_S7 is stale");
_Static_assert(CTX_S8 == offsetof(struct context, s8), "CTX_S8 is stale");
_Static_assert(CTX_S9 == offsetof(struct context, s9), "CTX_S9 is stale");
_Static_assert(CTX_S10 == offsetof(struct context, s10), "CTX_S10 is stale");
_Static_assert(CTX_S11 == offsetof(struct context, s11), "CTX_S11 is stale");
_Static_assert(SB_SATP == offsetof(struct secondary_boot, satp), "SB_SATP is stale");
_Static_assert(SB_SP == offsetof(struct secondary_boot, sp), "SB_SP is stale");
_Static_assert(SB_TP == offsetof(struct secondary_boot, tp), "SB_TP is stale");
_Static_assert(SB_KERNEL_SATP == offsetof(struct secondary_boot, kernel_satp),
	       "SB_KERNEL_SATP is stale");
_Static_assert(FP_FCSR == offsetof(struct fp_regs, fcsr), "FP_FCSR is stale");
_Static_assert(SR_SUM == SSTATUS_SUM, "SR_SUM is stale");
_Static_assert(UAPI_FUTEX_OP_SET == FUTEX_OP_SET, "UAPI_FUTEX_OP_SET is stale");
_Static_assert(UAPI_FUTEX_OP_ADD == FUTEX_OP_ADD, "UAPI_FUTEX_OP_ADD is stale");
_Static_assert(UAPI_FUTEX_OP_OR == FUTEX_OP_OR, "UAPI_FUTEX_OP_OR is stale");
_Static_assert(UAPI_FUTEX_OP_ANDN == FUTEX_OP_ANDN, "UAPI_FUTEX_OP_ANDN is stale");
_Static_assert(UAPI_FUTEX_OP_XOR == FUTEX_OP_XOR, "UAPI_FUTEX_OP_XOR is stale");
