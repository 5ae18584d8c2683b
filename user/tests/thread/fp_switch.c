/*
 * fp_switch: FP state survives context switches. 8 threads and 4 forked
 * processes, more than there are harts, each (a) holds its own pattern in
 * all 32 f registers and fcsr while spinning in user mode (to be
 * preempted by the timer) and making system calls (sched_yield,
 * getppid) 300 times, then checks every register bit for bit, and (b)
 * computes a chaotic FP recurrence whose result must equal, bit for bit,
 * the one main computed alone beforehand.
 */
#include "mt_test.h"

#define NTHREADS 8
#define NPROCS	 4
#define ROUNDS	 300

_Static_assert(SYS_sched_yield == 124 && SYS_getppid == 173, "generic syscall numbers");

struct hold {
	uint64_t in[32];   /* 0 */
	uint64_t out[32];  /* 256 */
	uint64_t fcsr_in;  /* 512 */
	uint64_t fcsr_out; /* 520 */
	long rounds;	   /* 528 */
};

void fp_hold(struct hold *h);

#define F_ALL(insn, base)                                                                          \
	insn " f0, " #base "+0(s0)\n " insn " f1, " #base "+8(s0)\n " insn " f2, " #base           \
	     "+16(s0)\n " insn " f3, " #base "+24(s0)\n " insn " f4, " #base "+32(s0)\n " insn     \
	     " f5, " #base "+40(s0)\n " insn " f6, " #base "+48(s0)\n " insn " f7, " #base         \
	     "+56(s0)\n " insn " f8, " #base "+64(s0)\n " insn " f9, " #base "+72(s0)\n " insn     \
	     " f10, " #base "+80(s0)\n " insn " f11, " #base "+88(s0)\n " insn " f12, " #base      \
	     "+96(s0)\n " insn " f13, " #base "+104(s0)\n " insn " f14, " #base "+112(s0)\n " insn \
	     " f15, " #base "+120(s0)\n " insn " f16, " #base "+128(s0)\n " insn " f17, " #base    \
	     "+136(s0)\n " insn " f18, " #base "+144(s0)\n " insn " f19, " #base                   \
	     "+152(s0)\n " insn " f20, " #base "+160(s0)\n " insn " f21, " #base                   \
	     "+168(s0)\n " insn " f22, " #base "+176(s0)\n " insn " f23, " #base                   \
	     "+184(s0)\n " insn " f24, " #base "+192(s0)\n " insn " f25, " #base                   \
	     "+200(s0)\n " insn " f26, " #base "+208(s0)\n " insn " f27, " #base                   \
	     "+216(s0)\n " insn " f28, " #base "+224(s0)\n " insn " f29, " #base                   \
	     "+232(s0)\n " insn " f30, " #base "+240(s0)\n " insn " f31, " #base "+248(s0)\n"

/* Load, then per round: spin 20000 times in user mode, sched_yield on
 * odd rounds and getppid on even ones; then store. */
__asm__(".text\n"
	".globl fp_hold\n"
	".type fp_hold, @function\n"
	"fp_hold:\n"
	"	addi sp, sp, -32\n"
	"	sd s0, 0(sp)\n"
	"	sd s1, 8(sp)\n"
	"	mv s0, a0\n" F_ALL("fld", 0) "	ld t0, 512(s0)\n"
					     "	fscsr t0\n"
					     "	ld s1, 528(s0)\n"
					     "1:	li t1, 20000\n"
					     "2:	addi t1, t1, -1\n"
					     "	bnez t1, 2b\n"
					     "	andi t2, s1, 1\n"
					     "	li a7, 173\n"
					     "	beqz t2, 3f\n"
					     "	li a7, 124\n"
					     "3:	ecall\n"
					     "	addi s1, s1, -1\n"
					     "	bnez s1, 1b\n" F_ALL(
						     "fsd", 256) "	frcsr t0\n"
								 "	sd t0, 520(s0)\n"
								 "	ld s0, 0(sp)\n"
								 "	ld s1, 8(sp)\n"
								 "	addi sp, sp, 32\n"
								 "	ret\n"
								 ".size fp_hold, .-fp_hold\n");

static void
make_pattern(struct hold *h, int who)
{
	for (int n = 0; n < 32; n++)
		h->in[n] = 0x4000000000000000ull ^ ((uint64_t)who << 32) ^ ((uint64_t)n << 8) ^
			   (uint64_t)(who * 131 + n);
	h->fcsr_in = (uint64_t)((who % 5) << 5 | (who % 32));
	h->rounds = ROUNDS;
}

static bool
held(int who)
{
	struct hold h;

	memset(&h, 0, sizeof(h));
	make_pattern(&h, who);
	fp_hold(&h);
	return !memcmp(h.in, h.out, sizeof(h.in)) && (h.fcsr_out & 0xff) == h.fcsr_in;
}

/* A chaotic recurrence: any lost or mixed-up register shows in the end. */
static double
compute(int who)
{
	volatile double sink;
	double x = 0.1 + who * 0.01, y = 1.0 / (who + 3), z = 0;

	for (int i = 0; i < 20000; i++) {
		x = 3.9 * x * (1.0 - x);
		y = __builtin_fma(y, x, 0.25) - __builtin_floor(y);
		z += __builtin_sqrt(x + y) / (i + 1);
		if (i % 2000 == 0)
			sched_yield();
	}
	sink = z;
	return sink + x * y;
}

static double expected[NTHREADS + NPROCS];
static bool thread_held[NTHREADS], thread_computed[NTHREADS];

static void *
worker(void *arg)
{
	long who = (long)arg;
	double r;

	thread_held[who] = held((int)who);
	r = compute((int)who);
	thread_computed[who] = !memcmp(&r, &expected[who], sizeof(r));
	return NULL;
}

int
main(void)
{
	pthread_t th[NTHREADS];
	pid_t pids[NPROCS];
	bool h = true, c = true, procs = true;

	test_setup();
	for (int i = 0; i < NTHREADS + NPROCS; i++)
		expected[i] = compute(i);
	fflush(stdout);
	for (int i = 0; i < NPROCS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int who = NTHREADS + i;
			double r;
			bool ok = held(who);

			r = compute(who);
			_exit(ok && !memcmp(&r, &expected[who], sizeof(r)) ? 0 : 1);
		}
	}
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		struct timespec dl = deadline_ms(30000);

		if (pthread_timedjoin_np(th[i], NULL, &dl)) {
			printf("a thread did not finish within 30 s\n");
			return 1;
		}
		h = h && thread_held[i];
		c = c && thread_computed[i];
	}
	for (int i = 0; i < NPROCS; i++) {
		int st = -1;

		procs = procs && waitpid_bounded(pids[i], &st, 0, 30000) == pids[i] && st == 0;
	}
	check("8 threads: 32 f registers and fcsr held across 300 switches", h);
	check("8 threads: FP results bit-exact", c);
	check("4 processes: registers held and results bit-exact", procs);
	return test_result();
}
