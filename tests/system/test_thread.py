"""Threads and futexes (the programs in user/tests/thread/): clone with
glibc's flags, thread groups and how they exit, TLS, glibc's
synchronisation objects, 64 threads, robust mutexes, raw futex operations
and their errno cases, FP registers across context switches, execve from
a thread. Each program checks its own observations and exits 0 only if
all hold. The concurrent ones run on 1 and on 4 harts.

Where the output is deterministic it must equal Linux's: the same binary
under qemu-riscv64, except for the lines listed with each test where
qemu-riscv64 itself departs from the Linux kernel (each says why; the
Linux behaviour is what the program checks). robust and exec_thread cannot
run on the oracle at all (their docstrings say why)."""

import pytest

SMP = pytest.mark.parametrize("smp", [1, 4])


def linux_lines(reference, prog, args=(), qemu_fixes=()):
    """The oracle's output lines, with each (qemu's line, Linux's line) of
    qemu_fixes replaced by what the Linux kernel does."""
    _, out = reference(prog, args)
    fixes = dict(qemu_fixes)
    return [fixes.get(line, line) for line in out.splitlines()]


def assert_passes_like_linux(result, reference, prog, args=(), qemu_fixes=()):
    """Tern printed, line for line, what Linux prints (all but the final
    PASS/FAIL verdict, which on the oracle reflects qemu's departures),
    and passed its own checks."""
    tern = result.user_output.splitlines()
    assert tern[:-1] == linux_lines(reference, prog, args, qemu_fixes)[:-1]
    assert tern[-1:] == ["PASS"]
    assert result.status == 0


def assert_passes(result):
    """For programs the oracle cannot run: every check held on Tern."""
    out = result.user_output
    assert [l for l in out.splitlines() if l.endswith(": NO") or "expected" in l] == []
    assert out.endswith("PASS\n")
    assert result.status == 0


@SMP
def test_threads_are_created_joined_and_detached_with_their_tid_words(boot, reference, smp):
    result = boot("/tests/thread/create_join", smp=smp, timeout=30)
    assert_passes_like_linux(result, reference, "tests/thread/create_join")


# qemu-riscv64 runs the last thread's SYS_exit as exit_group(9); on Linux,
# when no thread called exit_group, the status is the main thread's own
# code (wait_task_zombie: group_exit_code only with SIGNAL_GROUP_EXIT).
GROUP_QEMU_FIXES = [
    ("main raw exit(7), then the last thread raw exit(9): then: exit 9",
     "main raw exit(7), then the last thread raw exit(9): then: exit 7"),
]


@SMP
def test_a_thread_group_exits_as_one_process(boot, reference, smp):
    result = boot("/tests/thread/group", smp=smp, timeout=60)
    assert_passes_like_linux(result, reference, "tests/thread/group", qemu_fixes=GROUP_QEMU_FIXES)


@SMP
def test_mutex_condvar_rwlock_barrier_and_semaphores_under_contention(boot, reference, smp):
    result = boot("/tests/thread/sync", smp=smp, timeout=60)
    assert_passes_like_linux(result, reference, "tests/thread/sync")


@SMP
def test_thread_local_storage_follows_each_thread(boot, reference, smp):
    result = boot("/tests/thread/tls", smp=smp, timeout=30)
    assert_passes_like_linux(result, reference, "tests/thread/tls")


@SMP
def test_64_threads_at_once_and_waves_of_them(boot, reference, smp):
    result = boot("/tests/thread/many", smp=smp, timeout=60)
    assert_passes_like_linux(result, reference, "tests/thread/many")


@SMP
def test_a_robust_mutex_whose_owner_dies_gives_eownerdead(boot, smp):
    """Tern only: qemu-riscv64 refuses set_robust_list (ENOSYS: the host
    kernel cannot walk a guest's list), so glibc there refuses
    process-shared robust mutexes altogether."""
    result = boot("/tests/thread/robust", smp=smp, timeout=30)
    assert_passes(result)


@SMP
def test_futex_operations_wake_counts_and_errno_cases(boot, reference, smp):
    result = boot("/tests/thread/futex", smp=smp, timeout=60)
    assert_passes_like_linux(result, reference, "tests/thread/futex")


def test_futex_requeue_of_sleepers_onto_their_own_word(boot, reference):
    """Linux moves them in place and counts them; a kernel that relinks
    them onto the same list forever would hang here, so it boots apart."""
    args = ("requeue-self",)
    result = boot("/tests/thread/futex", args=args, smp=2, timeout=20)
    assert_passes_like_linux(result, reference, "tests/thread/futex", args)


@SMP
def test_fp_registers_survive_context_switches(boot, reference, smp):
    result = boot("/tests/thread/fp_switch", smp=smp, timeout=60)
    assert_passes_like_linux(result, reference, "tests/thread/fp_switch")


@SMP
def test_execve_from_a_thread_leaves_one_thread_with_the_process_pid(boot, smp):
    """Tern only: qemu-riscv64 cannot execve a riscv64 program without
    binfmt_misc, which the build machines do not have mounted."""
    result = boot("/tests/thread/exec_thread", smp=smp, timeout=30)
    assert_passes(result)


def test_a_leader_ending_as_another_thread_drops_it_is_freed_once(boot):
    """A make-test finding: the old leader of an execve from a thread, or a
    leader freed by the last thread of a process whose parent ignores
    SIGCHLD, was dropped both by the hart it was leaving and by that other
    thread ("task_put: task N put more often than got"). Many rounds on
    four harts give the race a chance; one failure shows it. Tern only,
    like exec_thread."""
    result = boot("/tests/stress/repro_leader_put", args=("1000",), smp=4, timeout=60)
    assert result.status == 0, "the kernel panicked (see the serial log)"
    assert result.user_output == "exec: 1000 rounds ok\nautoreap: 1000 rounds ok\n"
