"""Processes: fork, clone, vfork, execve, exit and wait, orphans, process
groups and sessions, umask and credentials, resource limits, CPU
affinity, a fork bomb and a leak check (issue 3, item 1; the programs
are in user/tests/proc/).

Each program checks its own observations (exits 0 and ends with "PASS"
only if every one held) and prints them one per line: values, errno
names and wait statuses, never pids or addresses. Where qemu-riscv64 (the
Linux oracle) can run a program, Tern's output must equal it; with the
argument "strict" a program adds the checks where qemu-user itself
differs from Linux, which run on Tern only. The programs qemu-user
cannot run at all -- vfork and CLONE_VM (it forks instead), exec of
riscv64 programs (no binfmt_misc registration here), init's orphans (not
init there, and no PR_SET_CHILD_SUBREAPER), the fork bomb and the leak
check (Tern's own counters, and the host's memory) -- are held to the
man pages by their own checks, and the exec output to the lines below.
"""

import os
import re

import pytest

SMP = pytest.mark.parametrize("smp", [1, 4])


def assert_passed(result):
    """The program ran to its end on Tern and every check held."""
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    assert "(expected" not in result.user_output
    assert ": NO\n" not in result.user_output


def linux(reference, prog, args=()):
    """The program's output under qemu-riscv64, started as Linux starts
    init: umask 0022 (the credential checks also need root)."""
    old = os.umask(0o022)
    try:
        status, output = reference(prog, args)
    finally:
        os.umask(old)
    assert status == 0, "the program fails under qemu-riscv64 itself"
    return output


@SMP
def test_wait_statuses_groups_siginfo_and_errors_as_on_linux(boot, reference, smp):
    """Exit codes and deaths by signal, 64 children, WNOHANG, one pid, a
    process group, waitid's siginfo, WNOWAIT, ECHILD/EINVAL/ESRCH, EFAULT
    (the child reaped all the same), 32-bit pid arguments."""
    result = boot("/tests/proc/wait", smp=smp)
    assert result.user_output == linux(reference, "tests/proc/wait")
    assert_passed(result)


def test_clone_flags_without_shared_memory_as_on_linux(boot, reference):
    result = boot("/tests/proc/clone")
    assert result.user_output == linux(reference, "tests/proc/clone")
    assert_passed(result)


def test_clone_parent_settid_stores_in_the_parent_only(boot):
    """qemu-user stores CLONE_PARENT_SETTID in the child's memory instead."""
    assert_passed(boot("/tests/proc/clone", args=("strict",)))


@SMP
def test_clone_vm_files_fs_exit_signal_and_clone3(boot, smp):
    """Linux's clone(2) behaviour; qemu-user refuses CLONE_VM without
    CLONE_THREAD, forks every clone with SIGCHLD and lacks clone3."""
    assert_passed(boot("/tests/proc/clone_vm", smp=smp))


@SMP
def test_vfork_shares_memory_and_suspends_the_parent(boot, smp):
    """vfork(2); qemu-user runs vfork as a plain fork."""
    assert_passed(boot("/tests/proc/vfork", smp=smp))


def test_failed_execve_gives_each_linux_errno(boot, reference):
    result = boot("/tests/proc/exec_errors")
    assert result.user_output == linux(reference, "tests/proc/exec_errors")
    assert_passed(result)


def test_execve_opens_the_file_before_reading_argv(boot):
    """qemu-user reads argv first and so gives EFAULT, not ENOENT."""
    assert_passed(boot("/tests/proc/exec_errors", args=("strict",)))


EXEC_HELPER_LINES = """\
  helper: argc 5
  helper: argv[0] = "exec_helper"
  helper: argv[1] = "one"
  helper: argv[2] = ""
  helper: argv[3] = "two words"
  helper: argv[4] = "{x100}"
  helper: 4 environment strings
  helper: env "A=1"
  helper: env "B=two words"
  helper: env "EMPTY="
  helper: env "NOEQUALS"
argv and envp round trip: exit 0
  helper: argc 1
  helper: argv[0] = "exec_helper"
  helper: 0 environment strings
no arguments, empty environment: exit 0
  helper: argc 5002, 55018 bytes of arguments, 0 environment strings
5000 arguments of 10 bytes: exit 0
  helper: argc 3, 131090 bytes of arguments, 0 environment strings
one argument of 131071 bytes (the most): exit 0
  helper: argc 15, 1597471 bytes of arguments, 0 environment strings
1.5 MiB of arguments, 8 MiB stack limit: exit 0
2.5 MiB of arguments, 8 MiB stack limit (over a quarter): exit 7
  helper: argc 12, 102428 bytes of arguments, 0 environment strings
100 KiB of arguments, 256 KiB stack limit (the floor is 128 KiB): exit 0
200 KiB of arguments, 256 KiB stack limit: exit 7
opened /tmp as fds 3 (O_CLOEXEC) and 4: yes
  helper: fd 0: open
  helper: fd 1: open
  helper: fd 2: open
  helper: fd 3: EBADF
  helper: fd 4: open
fds after exec: exit 0
  helper: umask 0027, RLIMIT_NOFILE 100/200, RLIMIT_STACK 4194304
umask and rlimits survive exec: exit 0
  helper: argc 4
  helper: argv[0] = "exec_helper"
  helper: argv[1] = "tern-exec-noarg"
  helper: argv[2] = "a1"
  helper: argv[3] = "a2"
  helper: 0 environment strings
#! script without an argument: exit 0
  helper: argc 5
  helper: argv[0] = "exec_helper"
  helper: argv[1] = "-x"
  helper: argv[2] = "tern-exec-arg"
  helper: argv[3] = "a1"
  helper: argv[4] = "a2"
  helper: 0 environment strings
#! script with an argument: exit 0
  helper: argc 5
  helper: argv[0] = "exec_helper"
  helper: argv[1] = "one two"
  helper: argv[2] = "tern-exec-blanks"
  helper: argv[3] = "a1"
  helper: argv[4] = "a2"
  helper: 0 environment strings
#! script with blanks around one argument holding a space: exit 0
  helper: argc 7
  helper: argv[0] = "exec_helper"
  helper: argv[1] = "tern-exec-nest1"
  helper: argv[2] = "tern-exec-nest2"
  helper: argv[3] = "tern-exec-nest3"
  helper: argv[4] = "tern-exec-nest4"
  helper: argv[5] = "a1"
  helper: argv[6] = "a2"
  helper: 0 environment strings
4 nested scripts: exit 0
  helper: argc 8
  helper: argv[0] = "exec_helper"
  helper: argv[1] = "tern-exec-nest1"
  helper: argv[2] = "tern-exec-nest2"
  helper: argv[3] = "tern-exec-nest3"
  helper: argv[4] = "tern-exec-nest4"
  helper: argv[5] = "tern-exec-nest5"
  helper: argv[6] = "a1"
  helper: argv[7] = "a2"
  helper: 0 environment strings
5 nested scripts: exit 0
setpgid(child, child) before it has exec'd = 0
setpgid(child, child) after it has exec'd = -1 EACCES
getpgid(child) is still its own = 1
the helper: exit 7
PASS
""".format(x100="x" * 100)


@SMP
def test_execve_passes_arguments_closes_cloexec_and_runs_scripts(boot, smp):
    """What the exec'd helper receives, as Linux gives it: argv and envp
    intact, the argument limit a quarter of RLIMIT_STACK but at least
    128 KiB, O_CLOEXEC fds closed, umask and rlimits kept, #! with and
    without an argument and nested five deep (Linux's limit)."""
    result = boot("/tests/proc/exec", smp=smp)
    assert result.user_output == EXEC_HELPER_LINES
    assert_passed(result)


@SMP
def test_orphans_are_reparented_to_init_and_reaped(boot, smp):
    assert_passed(boot("/tests/proc/orphan", smp=smp))


def test_process_groups_and_sessions_follow_linux_rules(boot, reference):
    result = boot("/tests/proc/pgrp")
    assert result.user_output == linux(reference, "tests/proc/pgrp")
    assert_passed(result)


def test_umask_and_credentials_as_on_linux(boot, reference):
    result = boot("/tests/proc/cred")
    if os.geteuid() == 0:
        assert result.user_output == linux(reference, "tests/proc/cred")
    assert "initial umask: 0022\n" in result.user_output
    assert_passed(result)


def test_resource_limits_as_on_linux(boot, reference):
    """get/set/prlimit64 and their errors, RLIMIT_NOFILE enforced, the
    stack growing to its 8 MiB limit and SIGSEGV past it."""
    result = boot("/tests/proc/rlimit")
    assert result.user_output == linux(reference, "tests/proc/rlimit")
    assert_passed(result)


def test_stack_limit_set_at_run_time_and_hard_limit_raised_by_root(boot):
    """qemu-user ignores a guest's RLIMIT_STACK; the reference may lack
    CAP_SYS_RESOURCE, which root has on Linux."""
    result = boot("/tests/proc/rlimit", args=("strict",))
    assert "child growing its stack to 1.5 MiB (limit 1 MiB): killed by SIGSEGV\n" \
        in result.user_output
    assert_passed(result)


@SMP
def test_cpu_affinity_as_on_linux(boot, reference, smp):
    cpus = re.compile(r"^cpus: (\d+)\n", re.M)
    result = boot("/tests/proc/affinity", smp=smp)
    ref = linux(reference, "tests/proc/affinity")
    assert cpus.search(result.user_output).group(1) == str(smp)
    assert cpus.search(ref).group(1) == str(len(os.sched_getaffinity(0)))
    assert cpus.sub("", result.user_output) == cpus.sub("", ref)
    assert_passed(result)


@SMP
def test_fork_bomb_fails_cleanly_and_the_system_recovers(boot, smp):
    """fork fails with EAGAIN or ENOMEM (no process is killed), then fork
    works, and memory and the kernel's counters are back, twice over."""
    result = boot("/tests/proc/forkbomb", smp=smp, timeout=120)
    assert "bomb 2: the chain ended" in result.user_output, "the kernel did not survive"
    assert not result.log_lines_matching("panic")
    assert_passed(result)


@SMP
def test_fork_exec_exit_workload_leaks_nothing(boot, smp):
    """Ten rounds after a warm-up: free pages, kernel counters and the
    process count exactly as before."""
    assert_passed(boot("/tests/proc/leak", smp=smp))


def test_four_cpu_bound_processes_all_make_progress_at_once_on_four_harts(boot):
    """Each of four spinning processes gets most of a CPU for its second of
    wall time (rusage from wait4): they ran on all four harts at once."""
    result = boot("/tests/proc/smp_progress", smp=4, timeout=120)
    assert result.status == 0, result.describe()
    assert result.user_output.count("at least 0.6 s of CPU in its 1 s: yes") == 4
