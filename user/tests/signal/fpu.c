/*
 * fpu: the FP registers across signal handlers. fp_trap() loads all 32 f
 * registers and fcsr with a pattern, takes a signal -- from an ebreak
 * (a trap) or from tgkill (on the way out of a system call) -- and
 * stores them again after the handler. The handler finds the pattern in
 * uc_mcontext.__fpregs, clobbers every f register and fcsr, and in the
 * ebreak case also changes f9 and fcsr in the ucontext: after return the
 * registers hold the pattern, plus exactly the handler's changes. A
 * nested signal inside the handler (with its own pattern and clobbering
 * handler) leaves the outer handler's registers intact too.
 */
#include "sig_test.h"

#include <math.h>

struct fpt {
	uint64_t in[32];   /* 0 */
	uint64_t out[32];  /* 256 */
	uint64_t fcsr_in;  /* 512 */
	uint64_t fcsr_out; /* 520 */
	long pid;	   /* 528 */
	long tid;	   /* 536 */
	long sig;	   /* 544 */
	long mode;	   /* 552: 0 ebreak, 1 tgkill */
};

_Static_assert(SYS_tgkill == 131, "tgkill is 131 in the generic table");
_Static_assert(__builtin_offsetof(struct fpt, mode) == 552, "fpt layout");

void fp_trap(struct fpt *p);
void fp_clobber(const uint64_t *garbage);
extern const char fp_trap_point[];

#define FLD_ALL(base)                                                                        \
	"fld f0, " #base "+0(s0)\n fld f1, " #base "+8(s0)\n fld f2, " #base "+16(s0)\n"     \
	"fld f3, " #base "+24(s0)\n fld f4, " #base "+32(s0)\n fld f5, " #base "+40(s0)\n"   \
	"fld f6, " #base "+48(s0)\n fld f7, " #base "+56(s0)\n fld f8, " #base "+64(s0)\n"   \
	"fld f9, " #base "+72(s0)\n fld f10, " #base "+80(s0)\n fld f11, " #base "+88(s0)\n" \
	"fld f12, " #base "+96(s0)\n fld f13, " #base "+104(s0)\n"                           \
	"fld f14, " #base "+112(s0)\n fld f15, " #base "+120(s0)\n"                          \
	"fld f16, " #base "+128(s0)\n fld f17, " #base "+136(s0)\n"                          \
	"fld f18, " #base "+144(s0)\n fld f19, " #base "+152(s0)\n"                          \
	"fld f20, " #base "+160(s0)\n fld f21, " #base "+168(s0)\n"                          \
	"fld f22, " #base "+176(s0)\n fld f23, " #base "+184(s0)\n"                          \
	"fld f24, " #base "+192(s0)\n fld f25, " #base "+200(s0)\n"                          \
	"fld f26, " #base "+208(s0)\n fld f27, " #base "+216(s0)\n"                          \
	"fld f28, " #base "+224(s0)\n fld f29, " #base "+232(s0)\n"                          \
	"fld f30, " #base "+240(s0)\n fld f31, " #base "+248(s0)\n"
#define FSD_ALL(base)                                                                        \
	"fsd f0, " #base "+0(s0)\n fsd f1, " #base "+8(s0)\n fsd f2, " #base "+16(s0)\n"     \
	"fsd f3, " #base "+24(s0)\n fsd f4, " #base "+32(s0)\n fsd f5, " #base "+40(s0)\n"   \
	"fsd f6, " #base "+48(s0)\n fsd f7, " #base "+56(s0)\n fsd f8, " #base "+64(s0)\n"   \
	"fsd f9, " #base "+72(s0)\n fsd f10, " #base "+80(s0)\n fsd f11, " #base "+88(s0)\n" \
	"fsd f12, " #base "+96(s0)\n fsd f13, " #base "+104(s0)\n"                           \
	"fsd f14, " #base "+112(s0)\n fsd f15, " #base "+120(s0)\n"                          \
	"fsd f16, " #base "+128(s0)\n fsd f17, " #base "+136(s0)\n"                          \
	"fsd f18, " #base "+144(s0)\n fsd f19, " #base "+152(s0)\n"                          \
	"fsd f20, " #base "+160(s0)\n fsd f21, " #base "+168(s0)\n"                          \
	"fsd f22, " #base "+176(s0)\n fsd f23, " #base "+184(s0)\n"                          \
	"fsd f24, " #base "+192(s0)\n fsd f25, " #base "+200(s0)\n"                          \
	"fsd f26, " #base "+208(s0)\n fsd f27, " #base "+216(s0)\n"                          \
	"fsd f28, " #base "+224(s0)\n fsd f29, " #base "+232(s0)\n"                          \
	"fsd f30, " #base "+240(s0)\n fsd f31, " #base "+248(s0)\n"

__asm__(".text\n"
	".globl fp_trap\n"
	".type fp_trap, @function\n"
	"fp_trap:\n"
	"	addi sp, sp, -16\n"
	"	sd ra, 0(sp)\n"
	"	sd s0, 8(sp)\n"
	"	mv s0, a0\n" FLD_ALL(0) "	ld t0, 512(s0)\n"
					"	fscsr t0\n"
					"	ld t1, 552(s0)\n"
					"	bnez t1, 1f\n"
					"	.option push\n"
					"	.option norvc\n"
					".globl fp_trap_point\n"
					"fp_trap_point:\n"
					"	ebreak\n"
					"	.option pop\n"
					"	j 2f\n"
					"1:	ld a0, 528(s0)\n"
					"	ld a1, 536(s0)\n"
					"	ld a2, 544(s0)\n"
					"	li a7, 131\n"
					"	ecall\n"
					"2:\n" FSD_ALL(
						256) "	frcsr t0\n"
						     "	sd t0, 520(s0)\n"
						     "	ld ra, 0(sp)\n"
						     "	ld s0, 8(sp)\n"
						     "	addi sp, sp, 16\n"
						     "	ret\n"
						     ".size fp_trap, .-fp_trap\n"
						     ".globl fp_clobber\n"
						     ".type fp_clobber, @function\n"
						     "fp_clobber:\n"
						     "	addi sp, sp, -16\n"
						     "	sd s0, 8(sp)\n"
						     "	mv s0, a0\n" FLD_ALL(
							     0) "	li t0, 0x9f\n"
								"	fscsr t0\n"
								"	ld s0, 8(sp)\n"
								"	addi sp, sp, 16\n"
								"	ret\n"
								".size fp_clobber, .-fp_clobber\n");

static uint64_t
dbits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

/* Pattern k: a mix of ordinary values, -0, a subnormal, inf and a NaN
 * with a payload, different in every register and for every k. */
static void
pattern(struct fpt *p, int k)
{
	for (int n = 0; n < 32; n++)
		p->in[n] = dbits(n * 1.25 + k * 1000.5);
	p->in[3] = dbits(-0.0);
	p->in[7] = 0x0000000000000001ull + (uint64_t)k; /* subnormal */
	p->in[11] = dbits(k ? -INFINITY : INFINITY);
	p->in[13] = 0x7ff8000000abcd00ull + (uint64_t)k; /* quiet NaN, payload */
	p->in[31] = 0x3ff0000000000000ull ^ ((uint64_t)k << 40);
	p->fcsr_in = k ? 0x45 : 0x23; /* rm and some accrued flags */
	p->pid = getpid();
	p->tid = gettid_raw();
}

static uint64_t garbage[32];

static struct {
	struct fpt *expect;
	bool ctx_ok;
	bool nested_ok;
	bool change;
} outer, inner;

static bool
ctx_matches(void *uc, const struct fpt *p)
{
	bool ok = (UC_FCSR(uc) & 0xff) == p->fcsr_in;

	for (int n = 0; n < 32; n++)
		ok = ok && UC_FREG(uc, n) == p->in[n];
	return ok;
}

static void
on_inner(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	inner.ctx_ok = ctx_matches(uc, inner.expect);
	fp_clobber(garbage);
}

static void
on_outer(int sig, siginfo_t *si, void *uc)
{
	static struct fpt nested;

	(void)si;
	outer.ctx_ok = ctx_matches(uc, outer.expect);
	fp_clobber(garbage);
	if (outer.change) {
		pattern(&nested, 1);
		nested.mode = 1;
		nested.sig = SIGUSR2;
		inner.expect = &nested;
		fp_trap(&nested);
		outer.nested_ok = !memcmp(nested.out, nested.in, sizeof(nested.in)) &&
				  (nested.fcsr_out & 0xff) == nested.fcsr_in;
		fp_clobber(garbage);
		UC_FREG(uc, 9) = dbits(123.5);
		UC_FCSR(uc) = 0x41;
	}
	if (sig == SIGTRAP)
		UC_PC(uc) += 4;
}

static void
run(int mode, bool change)
{
	static struct fpt p;
	bool regs_ok = true;
	uint64_t want_fcsr;

	memset(&p, 0, sizeof(p));
	pattern(&p, 0);
	p.mode = mode;
	p.sig = SIGUSR1;
	outer = (typeof(outer)){ .expect = &p, .change = change };
	fp_trap(&p);
	for (int n = 0; n < 32; n++)
		regs_ok = regs_ok && p.out[n] == (change && n == 9 ? dbits(123.5) : p.in[n]);
	want_fcsr = change ? 0x41 : p.fcsr_in;
	if (mode == 0) {
		check("ebreak: uc_mcontext holds the 32 f registers and fcsr", outer.ctx_ok);
		check("  after a clobbering handler: all 32 restored, f9 as the handler set it",
		      regs_ok);
		check("  fcsr as the handler set it", (p.fcsr_out & 0xff) == want_fcsr);
		check("  a nested signal's handler saw its own registers in its ucontext",
		      inner.ctx_ok);
		check("  and the outer handler's registers survived it", outer.nested_ok);
	} else {
		check("tgkill: uc_mcontext holds the 32 f registers and fcsr", outer.ctx_ok);
		check("  after a clobbering handler: all 32 f registers restored", regs_ok);
		check("  fcsr restored", (p.fcsr_out & 0xff) == want_fcsr);
	}
}

int
main(void)
{
	test_setup();
	for (int n = 0; n < 32; n++)
		garbage[n] = 0xdeadbeef00000000ull | (uint64_t)n;
	on_siginfo(SIGTRAP, on_outer, 0);
	on_siginfo(SIGUSR1, on_outer, 0);
	on_siginfo(SIGUSR2, on_inner, 0);
	run(0, true);
	run(1, false);
	return test_result();
}
