"""Time: clocks, sleeps, timers and CPU-time accounting (the programs in
user/tests/time/). Each program checks its own observations and exits 0
only if all hold, and its output must equal Linux's (the same binary
under qemu-riscv64) -- except errno_order, which holds the cases where
qemu-riscv64 itself departs from the Linux kernel. Timing checks have
generous bounds (QEMU on a loaded host) yet fail when a feature is
broken: a sleep that returns early or is rounded up to the 10 ms tick, a
sleep that spins, CPU time that is not counted or that counts sleeping."""

import re
import time

import pytest

KPTI = pytest.mark.parametrize("kpti", ["on", "off"])


def assert_passes_as_on_linux(result, reference, prog, args=()):
    """The program passed on Tern, and printed what it prints on Linux."""
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    assert (result.status, result.user_output) == reference(prog, args)


@pytest.mark.parametrize("smp", [1, 4])
def test_every_clock_id_reads_resolves_and_sleeps_as_on_linux(boot, reference, smp):
    result = boot("/tests/time/clock_ids", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/time/clock_ids")


@KPTI
def test_hostile_pointers_give_efault_and_bad_values_einval(boot, reference, kpti):
    result = boot("/tests/time/efault", kpti=kpti)
    assert "= -1 EFAULT" in result.user_output
    assert_passes_as_on_linux(result, reference, "tests/time/efault")


def test_errors_come_in_the_linux_kernels_order_where_qemu_user_differs(boot, reference):
    """Tern gives the Linux kernel's results (the program checks them, see
    its head comment); qemu-riscv64 gives other ones for these very calls,
    so only the calls made are compared with it."""
    result = boot("/tests/time/errno_order")
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    _, linux = reference("tests/time/errno_order")
    calls = re.compile(r"^(\S.*) = ", re.M)
    assert calls.findall(result.user_output) == calls.findall(linux)


@pytest.mark.parametrize("smp", [1, 4])
def test_clocks_never_go_backwards_and_agree(boot, reference, smp):
    result = boot("/tests/time/monotonic", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/time/monotonic")


def test_realtime_is_the_hosts_time(boot, reference):
    args = (str(int(time.time())),)
    result = boot("/tests/time/realtime", args=args)
    assert_passes_as_on_linux(result, reference, "tests/time/realtime", args)


def test_realtime_check_fails_on_a_wrong_time(boot):
    """The realtime check can fail: told the host's time is a year later."""
    result = boot("/tests/time/realtime", args=(str(int(time.time()) + 366 * 86400),))
    assert result.status == 1
    assert "CLOCK_REALTIME is within 300 s after the host's time: FAIL" in result.user_output


@pytest.mark.parametrize("smp", [1, 2])
def test_sleeps_last_as_asked_and_cost_no_cpu_time(boot, reference, smp):
    result = boot("/tests/time/sleep", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/time/sleep")


def test_a_sleeping_process_leaves_its_hart_to_others(boot):
    """One hart: a spinning child gets it while its parent sleeps. Not
    compared with qemu-riscv64, where the child's share of the CPU is the
    loaded host's to give."""
    result = boot("/tests/time/sleep_idle", smp=1)
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")


def test_many_sleepers_wake_on_time_on_every_hart(boot, reference):
    result = boot("/tests/time/sleepers", smp=4)
    assert_passes_as_on_linux(result, reference, "tests/time/sleepers")


def test_reaped_childrens_cpu_time_is_counted(boot, reference):
    result = boot("/tests/time/children", smp=2)
    assert_passes_as_on_linux(result, reference, "tests/time/children")


@pytest.mark.parametrize("smp", [1, 2])
def test_a_signal_cuts_a_sleep_short_or_the_sleep_resumes(boot, reference, smp):
    result = boot("/tests/time/sleep_signal", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/time/sleep_signal")


@pytest.mark.parametrize("smp", [1, 4])
def test_a_processs_cpu_time_is_its_threads(boot, reference, smp):
    result = boot("/tests/time/threads", smp=smp)
    assert_passes_as_on_linux(result, reference, "tests/time/threads")
