"""Timers: alarm, setitimer/getitimer and POSIX timers (the programs in
user/tests/timer/). Each program checks its own observations and exits 0
only if all hold, and its output must equal Linux's (the same binary under
qemu-riscv64) -- except errno_order, which holds the cases where
qemu-riscv64 itself departs from the Linux kernel. Timing checks have
generous bounds (QEMU on a loaded host) yet fail when a feature is
broken: a timer that never fires, fires early, keeps firing once stopped,
loses its overruns, signals the wrong thread, or counts time the process
did not use. Programs with threads run on one hart and on four."""

import re

import pytest

KPTI = pytest.mark.parametrize("kpti", ["on", "off"])
SMP = pytest.mark.parametrize("smp", [1, 4])


def assert_passes_as_on_linux(result, reference, prog, args=()):
    """The program passed on Tern, and printed what it prints on Linux."""
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    assert (result.status, result.user_output) == reference(prog, args)


def test_alarm_interrupts_blocking_calls_and_survives_exec_not_fork(boot, reference):
    result = boot("/tests/timer/alarm")
    assert_passes_as_on_linux(result, reference, "tests/timer/alarm")


@SMP
def test_setitimer_and_getitimer_follow_linux_for_every_itimer(boot, reference, smp):
    result = boot("/tests/timer/itimer", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/timer/itimer")


def test_posix_timers_signal_read_and_stop_as_on_linux(boot, reference):
    result = boot("/tests/timer/posix")
    assert_passes_as_on_linux(result, reference, "tests/timer/posix")


def test_expiries_while_the_signal_is_pending_are_overruns(boot, reference):
    result = boot("/tests/timer/overrun")
    assert_passes_as_on_linux(result, reference, "tests/timer/overrun")


@SMP
def test_sigev_thread_id_signals_only_its_thread(boot, reference, smp):
    result = boot("/tests/timer/thread_id", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/timer/thread_id")


@SMP
def test_cpu_time_timers_count_only_time_on_a_hart(boot, reference, smp):
    result = boot("/tests/timer/cputimer", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/timer/cputimer")


@SMP
def test_timers_belong_to_the_process_across_fork_exec_and_threads(boot, reference, smp):
    result = boot("/tests/timer/lifetime", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/timer/lifetime")


@KPTI
def test_hostile_pointers_give_efault_and_bad_values_linux_errors(boot, reference, kpti):
    result = boot("/tests/timer/errors", kpti=kpti)
    assert "= -1 EFAULT" in result.user_output
    assert "= -1 EOPNOTSUPP" in result.user_output
    assert_passes_as_on_linux(result, reference, "tests/timer/errors")


def test_errors_come_in_the_linux_kernels_order_where_qemu_user_differs(boot, reference):
    """Tern gives the Linux kernel's results (the program checks them, see
    its head comment); qemu-riscv64 gives other ones for these very calls,
    so only the calls made are compared with it."""
    result = boot("/tests/timer/errno_order")
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    _, linux = reference("tests/timer/errno_order")
    calls = re.compile(r"^(\S.*) = ", re.M)
    assert calls.findall(result.user_output) == calls.findall(linux)


@pytest.mark.parametrize("smp", [2, 4])
def test_execve_from_a_threaded_process_keeps_its_interval_timer(boot, reference, smp):
    """A regression test: the execve bugs repro_exec_sighand reproduced."""
    result = boot("/tests/timer/repro_exec_sighand", smp=smp, timeout=120)
    assert result.status == 0
    assert result.user_output == "rounds ok: 100\n"
    assert (result.status, result.user_output) == reference("tests/timer/repro_exec_sighand")


@SMP
def test_processes_with_timers_armed_leak_nothing(boot, smp):
    """Tern only: the counters are Tern's own system call (tern_kstat)."""
    result = boot("/tests/timer/noleak", smp=smp)
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")


def test_a_process_with_timers_leaves_no_kernel_error(boot):
    """No timer callback may outlive its process: the boots above log no
    kernel warning or panic (a freed timer firing would)."""
    for prog in ("lifetime", "thread_id", "cputimer"):
        result = boot(f"/tests/timer/{prog}", smp=4)
        assert result.status == 0
        assert not result.log_lines_matching(r"panic|BUG|unknown syscall|KASSERT")
