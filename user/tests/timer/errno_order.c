/*
 * errno_order: timer calls where qemu-riscv64 departs from the Linux
 * kernel, so the expected results here are the kernel's (checked on a
 * Linux 6.18 host): getitimer with a NULL buffer faults (qemu takes NULL
 * for "no buffer"); signals 63 and 64 are valid for timer_create (qemu
 * cannot map them); timer_settime reads the new value before it looks
 * up the timer (qemu looks first); timer_create writes the id before it
 * checks a CPU clock's process or an alarm clock's RTC; int arguments
 * are truncated from their registers (a timer id with bit 32 set is
 * the same timer). test_timer.py holds Tern to these results and
 * compares only the calls made with qemu-riscv64.
 */
#include "timer_test.h"

int
main(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_NONE };
	struct itimerspec its;
	int id = timer_new(CLOCK_MONOTONIC, &ev), sig_id;

	expect("getitimer(REAL, NULL)", syscall(SYS_getitimer, ITIMER_REAL, NULL), "-1 EFAULT");
	ev = sigev_signal(64, 0);
	sig_id = -1;
	expect("timer_create(MONOTONIC, {SIGNAL, signo 64}, &id)",
	       syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &sig_id), "0");
	syscall(SYS_timer_delete, sig_id);
	ev = sigev_signal(63, 0);
	expect("timer_create(MONOTONIC, {SIGNAL, signo 63}, &id)",
	       syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &sig_id), "0");
	syscall(SYS_timer_delete, sig_id);
	expect("timer_settime(0x7fffffff, 0, 0x1, NULL)",
	       syscall(SYS_timer_settime, 0x7fffffff, 0, (void *)1, NULL), "-1 EFAULT");
	expect("timer_create(process clock of pid 999999, NULL, NULL)",
	       syscall(SYS_timer_create, (clockid_t)((unsigned)~999999 << 3) | 2, NULL, NULL),
	       "-1 EFAULT");
	expect("timer_create(REALTIME_ALARM, NULL, NULL)",
	       syscall(SYS_timer_create, CLOCK_REALTIME_ALARM, NULL, NULL), "-1 EFAULT");
	expect("timer_gettime(id + 2^32, &its)",
	       syscall(SYS_timer_gettime, (long)id + (1L << 32), &its), "0");
	expect("getitimer(REAL + 2^32, &v)",
	       syscall(SYS_getitimer, (long)ITIMER_REAL + (1L << 32), &its), "0");
	syscall(SYS_timer_delete, id);
	return time_test_exit();
}
