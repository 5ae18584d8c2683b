/*
 * segv: synchronous signals from traps, caught by a handler that
 * siglongjmps out. SIGSEGV with si_addr exact and SEGV_MAPERR (nothing
 * mapped: NULL, an unmapped page, a kernel address, a non-canonical one,
 * a jump to nowhere) or SEGV_ACCERR (a write to a read-only page, a read
 * of a PROT_NONE page, a jump into a non-executable page); SIGBUS
 * BUS_ADRERR for a page of a file mapping past its end; SIGILL
 * ILL_ILLOPC with si_addr the pc, for an illegal and for a privileged
 * instruction; no SIGFPE for an integer division by zero (RISC-V has no
 * such trap). siglongjmp with a saved mask unblocks SIGSEGV again;
 * without, it stays blocked, and a fault then kills the process without
 * running the handler, as does a fault while SIGSEGV is ignored.
 */
#include "sig_test.h"

#include <fcntl.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile int handler_runs;

static void
on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	handler_runs++;
	siglongjmp(env, 1);
}

typedef void (*fault_fn)(void *);

static void
do_read(void *p)
{
	(void)*(volatile char *)p;
}

static void
do_write(void *p)
{
	*(volatile char *)p = 1;
}

static void
do_jump(void *p)
{
	((void (*)(void))p)();
}

/* Run fn(p) expecting signal sig with code at address want_addr. */
static void
expect_fault(const char *what, fault_fn fn, void *p, int sig, int code, void *want_addr)
{
	got_sig = 0;
	got_code = 0;
	got_addr = (void *)1;
	if (sigsetjmp(env, 1) == 0) {
		fn(p);
		printf("%s: no signal\n", what);
		all_ok = false;
		return;
	}
	printf("%s: SIG%s %s, si_addr %s\n", what, got_sig ? sigabbrev_np(got_sig) : "?",
	       code_name(got_sig, got_code), got_addr == want_addr ? "exact" : "WRONG");
	all_ok = all_ok && got_sig == sig && got_code == code && got_addr == want_addr;
}

/* illegal(): .4byte 0 at illegal_point; privileged(): csrr sstatus. */
void illegal(void);
void privileged(void);
extern const char illegal_point[], privileged_point[];
__asm__(".text\n"
	".globl illegal\n"
	"illegal:\n"
	".globl illegal_point\n"
	"illegal_point:\n"
	"	.4byte 0\n"
	"	ret\n"
	".globl privileged\n"
	"privileged:\n"
	".globl privileged_point\n"
	"privileged_point:\n"
	"	csrr a0, sstatus\n"
	"	ret\n");

static void
run_illegal(void *p)
{
	((void (*)(void))p)();
}

static void
faults(void)
{
	char *page =
		mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *gone = unmapped_page();

	mprotect(page, PAGE, PROT_READ);
	mprotect(page + PAGE, PAGE, PROT_NONE);
	page[2 * PAGE] = 0x00; /* rw, not executable */
	expect_fault("read from NULL", do_read, NULL, SIGSEGV, SEGV_MAPERR, NULL);
	expect_fault("write to an unmapped page + 123", do_write, gone + 123, SIGSEGV, SEGV_MAPERR,
		     gone + 123);
	expect_fault("read from the kernel address 0xffffffc000000000", do_read, KERNEL_ADDR,
		     SIGSEGV, SEGV_MAPERR, KERNEL_ADDR);
	expect_fault("read from the non-canonical 0x4000000000", do_read, (void *)0x4000000000UL,
		     SIGSEGV, SEGV_MAPERR, (void *)0x4000000000UL);
	expect_fault("write to a PROT_READ page + 8", do_write, page + 8, SIGSEGV, SEGV_ACCERR,
		     page + 8);
	expect_fault("read from a PROT_NONE page + 16", do_read, page + PAGE + 16, SIGSEGV,
		     SEGV_ACCERR, page + PAGE + 16);
	expect_fault("jump into a PROT_READ|PROT_WRITE page", do_jump, page + 2 * PAGE, SIGSEGV,
		     SEGV_ACCERR, page + 2 * PAGE);
	expect_fault("jump to an unmapped page", do_jump, gone, SIGSEGV, SEGV_MAPERR, gone);
	check("siglongjmp(env, savemask 1) leaves SIGSEGV unblocked", !is_blocked(SIGSEGV));
	expect_fault("illegal instruction (.4byte 0)", run_illegal, (void *)illegal, SIGILL,
		     ILL_ILLOPC, (void *)illegal_point);
	expect_fault("privileged instruction (csrr sstatus)", run_illegal, (void *)privileged,
		     SIGILL, ILL_ILLOPC, (void *)privileged_point);
	munmap(page, 3 * PAGE);
}

static void
bus_error(void)
{
	const char *path = "/tmp/tern_segv_bus";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *p;

	if (fd < 0 || write(fd, "0123456789", 10) != 10) {
		printf("cannot make %s: %s\n", path, err_name(errno));
		all_ok = false;
		return;
	}
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		printf("mmap of the file: %s\n", err_name(errno));
		all_ok = false;
	} else {
		check("the file's first page reads back", p[3] == '3' && p[100] == 0);
		expect_fault("read a mapped page past the end of the file", do_read, p + PAGE + 5,
			     SIGBUS, BUS_ADRERR, p + PAGE + 5);
		munmap(p, 2 * PAGE);
	}
	close(fd);
	unlink(path);
}

static void
no_sigfpe(void)
{
	volatile long zero = 0, x = 42;
	long q, r;

	handler_runs = 0;
	q = x / zero;
	r = x % zero;
	check("integer division by zero: no signal, quotient -1, remainder the dividend",
	      q == -1 && r == 42 && handler_runs == 0);
}

/* ---- in children: faults nobody may catch ------------------------------ */

static int
fault_with_segv_blocked(void *arg)
{
	(void)arg;
	if (sigsetjmp(env, 0) == 0)
		do_read(NULL);
	/* savemask 0: the handler's automatic block of SIGSEGV stays */
	if (!is_blocked(SIGSEGV))
		return 4;
	handler_runs = 0;
	do_read(NULL);
	return 5;
}

static int
fault_with_segv_ignored(void *arg)
{
	(void)arg;
	signal(SIGSEGV, SIG_IGN);
	do_read(NULL);
	return 6;
}

int
main(void)
{
	int st;

	test_setup();
	on_siginfo(SIGSEGV, on_fault, 0);
	on_siginfo(SIGBUS, on_fault, 0);
	on_siginfo(SIGILL, on_fault, 0);
	faults();
	bus_error();
	no_sigfpe();
	st = in_child(fault_with_segv_blocked, NULL);
	printf("siglongjmp(savemask 0) leaves SIGSEGV blocked; the next fault: %s\n",
	       status_str(WIFSIGNALED(st) ? st & 0x7f : st));
	all_ok = all_ok && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
	st = in_child(fault_with_segv_ignored, NULL);
	printf("a fault while SIGSEGV is ignored: %s\n",
	       status_str(WIFSIGNALED(st) ? st & 0x7f : st));
	all_ok = all_ok && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
	return test_result();
}
