"""File-system calls and pipes over the in-memory root (issue 3, item 3).

Each program in user/tests/fs/ groups many checks of a few calls -- errno
cases, hostile pointers, timestamps, link counts -- prints one line per
observation, and exits 0 only if all were as Linux gives them. It runs as
init on Tern and under qemu-riscv64 (the oracle, working on the host's
tmpfs /dev/shm), and both must print the same.

Run with the argument "strict", a program adds the checks where qemu-user
itself differs from Linux (it copies buffers and paths in before the
kernel sees the call); those run on Tern only, and the program's comments
say which Linux behaviour they hold Tern to.
"""

import pytest

PROGRAMS = ["open", "rw", "dir", "names", "attr", "pipe"]
STRICT = ["dir", "names", "pipe"]


@pytest.mark.parametrize("name", PROGRAMS)
def test_fs_calls_behave_as_on_linux(boot, reference, name):
    prog = f"tests/fs/{name}"
    ref_status, ref_output = reference(prog)
    assert ref_status == 0, "the program fails under qemu-riscv64 itself"
    result = boot(f"/{prog}")
    assert result.user_output == ref_output
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")


@pytest.mark.parametrize("name", STRICT)
def test_fs_calls_hold_where_qemu_user_differs_from_linux(boot, name):
    result = boot(f"/tests/fs/{name}", args=("strict",))
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    assert "(expected" not in result.user_output


@pytest.mark.parametrize("kpti", ["on", "off"])
def test_pipes_between_processes_work_on_four_harts(boot, reference, kpti):
    """Blocking, wake-ups, EOF, large transfers and concurrent PIPE_BUF
    writers with the processes spread over harts."""
    ref_status, ref_output = reference("tests/fs/pipe")
    result = boot("/tests/fs/pipe", smp=4, kpti=kpti)
    assert result.status == 0
    assert result.user_output == ref_output
