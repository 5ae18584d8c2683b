/*
 * Lazy floating-point switching over sstatus.FS (priv spec 3.1.6.6).
 */
#include "arch/riscv/csr.h"
#include <arch/fpu.h>
#include <arch/trapframe.h>
#include "lib/string.h"

void arch_fp_save(struct fp_regs *r);
void arch_fp_load(const struct fp_regs *r);

static unsigned long
fs_state(void)
{
	return csr_read(sstatus) & SSTATUS_FS;
}

static void
set_fs(unsigned long fs)
{
	csr_clear(sstatus, SSTATUS_FS);
	csr_set(sstatus, fs);
}

void
arch_fp_switch_out(struct fp_state *prev)
{
	if (fs_state() == SSTATUS_FS_DIRTY) {
		arch_fp_save(&prev->regs);
		prev->saved = true;
	}
	set_fs(SSTATUS_FS_OFF);
}

bool
arch_fp_first_use(struct fp_state *fp, struct trapframe *tf)
{
	if ((tf->sstatus & SSTATUS_FS) != SSTATUS_FS_OFF)
		return false;
	set_fs(SSTATUS_FS_CLEAN);
	if (!fp->used) {
		memset(&fp->regs, 0, sizeof(fp->regs));
		fp->used = true;
	}
	arch_fp_load(&fp->regs);
	fp->saved = false;
	set_fs(SSTATUS_FS_CLEAN);
	/* The frame's sstatus goes back on sret: let it carry FS on. */
	tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	return true;
}

void
arch_fp_flush(struct fp_state *fp)
{
	if (fs_state() == SSTATUS_FS_OFF)
		return;
	if (fs_state() == SSTATUS_FS_DIRTY || !fp->saved)
		arch_fp_save(&fp->regs);
	fp->saved = true;
	set_fs(SSTATUS_FS_CLEAN);
}

void
arch_fp_invalidate(struct fp_state *fp)
{
	fp->saved = true;
	set_fs(SSTATUS_FS_OFF);
}
