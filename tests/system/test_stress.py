"""Stress (issue 4, item 5): every workload at once on four harts for a
bounded time -- threads hammering futex-based mutexes, condition
variables and raw futexes; processes forking and exec-ing from threaded
processes; signals flying between all of their threads and processes;
mmap/munmap/mprotect churn and fork snapshots in a threaded process
(TLB shootdown) -- with every result checked and, afterwards, the
kernel's free pages, slab objects and tasks back at their baseline
(tern_kstat). The program is user/tests/stress/stress.c; it prints
"stress: FAIL ..." for every check that fails, a table of operations per
second, and "stress: PASS" last only if all held.

One boot per kpti setting here, short enough for `make test`, and one
more of the debug kernel (make DEBUG=1: freed pages and slab objects
poisoned, red zones around every object), where a use after free or an
overrun that the load provokes panics instead of passing unnoticed;
tools/stress-loop.sh runs it N times in a row (the issue asks for 20
passing runs before calling the work done; KPTI=on selects kpti=on).
The same program also runs under qemu-riscv64 -- Linux, the oracle --
without the spawn workload (qemu-user cannot exec a riscv64 program
here) and without the leak check (Tern's own counters), so that a
failure on Tern is Tern's and not the test's.
"""

import re

import pytest

import harness

PROG = "tests/stress/stress"
SECONDS = 8  # the main round; a 2 s warm-up comes first
# warm-up + main round + the end of both, with room for a slow host; the
# program's own watchdog gives up 15 s after a round's deadline.
TIMEOUT = 40

WORKLOADS = {
    "locks": ["mutex lock/unlock", "condvar queue items", "condvar ping-pong",
              "cross-process ping-pong", "futex token passes"],
    "spawn": ["fork/spawn+exec+wait", "fork+exit+wait"],
    "signals": ["signals sent", "signals received", "sigqueue ping-pong"],
    "mm": ["mmap/mprotect/munmap", "shared-region changes", "cross-thread probes",
           "fork snapshots (COW)"],
}
ROW = re.compile(r"^stress: (\S.*?) +(\d+) +(\d+)$", re.M)


def rates(output):
    """The summary table: {workload: (operations, per second)}."""
    return {name: (int(ops), int(rate)) for name, ops, rate in ROW.findall(output)}


def assert_passed(output, workloads):
    """Every check held, and every workload got somewhere."""
    assert "FAIL" not in output
    assert output.endswith("stress: PASS\n")
    table = rates(output)
    for workload in workloads:
        for name in WORKLOADS[workload]:
            assert name in table, f"no summary line for {name}"
            assert table[name][0] > 0, f"{name}: no progress"


KPTI = pytest.mark.parametrize("kpti", ["off", "on"])


def stress(boot, kpti="off", kernel=None):
    """The one boot per kpti setting and kernel (the harness runs
    identical boots once a session)."""
    return boot("/" + PROG, args=(str(SECONDS),), smp=4, mem="512M", kpti=kpti,
                timeout=TIMEOUT, kernel=kernel)


def assert_no_leak(out):
    """tern_kstat's counters are back at their baseline."""
    base = re.search(r"^stress: baseline: (\d+) free \+ (\d+) cached pages, (\d+) slab "
                     r"objects, (\d+) tasks$", out, re.M)
    after = re.search(r"^stress: after the run: (\d+) free \+ (\d+) cached pages, (\d+) "
                      r"slab objects, (\d+) tasks$", out, re.M)
    assert base and after, "no tern_kstat lines"
    assert int(base[1]) + int(base[2]) == int(after[1]) + int(after[2])
    assert (base[3], base[4]) == (after[3], after[4])
    assert "stress: leak check: as before\n" in out


@KPTI
def test_every_workload_passes_its_checks_on_four_harts(boot, kpti):
    result = stress(boot, kpti)
    assert result.status == 0
    assert "on 4 harts" in result.user_output
    assert_passed(result.user_output, WORKLOADS)


@KPTI
def test_nothing_leaks_free_pages_objects_and_tasks_return_to_the_baseline(boot, kpti):
    assert_no_leak(stress(boot, kpti).user_output)


def test_every_workload_passes_on_the_debug_kernel_and_nothing_leaks(boot):
    result = stress(boot, kernel=harness.DEBUG_KERNEL)
    assert result.status == 0, "a memory check failed (see the panic in the serial log)"
    assert_passed(result.user_output, WORKLOADS)
    assert_no_leak(result.user_output)


def test_the_program_itself_passes_on_linux(reference):
    status, output = reference(PROG, ("3", "--warmup", "1", "--only", "locks,signals,mm"))
    assert status == 0
    assert "no leak check" in output
    assert_passed(output, ["locks", "signals", "mm"])


def test_a_task_woken_while_its_harts_change_runs_on_one_hart_only(boot):
    """repro_wake_migrate: a task woken on its way into schedule(), after
    another process took its hart out of its allowed set, used to be
    queued on another hart that ran it while it still ran (a deadlock)
    or after it exited (a panic). A regression test for what the
    system-call fuzzer found; with the bug it hangs or panics within a
    few hundred rounds."""
    result = boot("/tests/stress/repro_wake_migrate", args=("600",), smp=4, mem="256M",
                  timeout=120)
    assert result.status == 0
    assert "600 rounds: ok\n" in result.user_output
