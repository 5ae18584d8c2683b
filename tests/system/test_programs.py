"""The first user programs, run as init: loading (ET_EXEC and ET_DYN),
the initial stack, faults, bad pointers, unknown system calls and memory.
Each program's output and status must equal Linux's (reference(): the
same binary under qemu-riscv64). The tests that exercise traps, user
memory access and page faults run with kpti=on and kpti=off."""

import pytest

KPTI = pytest.mark.parametrize("kpti", ["on", "off"])


def assert_same_as_linux(result, reference, prog, args=()):
    """Tern's status and user output equal the oracle's."""
    assert (result.status, result.user_output) == reference(prog, args)


@KPTI
def test_hello_world(boot, reference, kpti):
    result = boot("/tests/hello", kpti=kpti)
    assert result.status == 0
    assert result.user_output == "hello, world\n"
    assert_same_as_linux(result, reference, "tests/hello")


def test_a_static_pie_is_loaded_at_a_bias_and_described_in_auxv(boot, reference):
    result = boot("/tests/hello_pie")
    assert result.status == 0
    assert result.user_output.startswith("hello, world (static-pie)\n")
    assert ": NO" not in result.user_output
    assert_same_as_linux(result, reference, "tests/hello_pie")


@KPTI
def test_argv_envp_and_auxv_reach_the_program(boot, reference, kpti):
    args = ("alpha", "beta", "gamma")
    result = boot("/tests/argv_envp", args=args, kpti=kpti)
    out = result.user_output
    assert result.status == 0
    assert out.startswith('argc = 4\nargv[0] = "/tests/argv_envp"\n'
                          'argv[1] = "alpha"\nargv[2] = "beta"\nargv[3] = "gamma"\n'
                          'envp[0] = "HOME=/"\nenvp[1] = "TERM=linux"\n'
                          "AT_PAGESZ = 4096\nAT_PHENT = 56\n")
    assert_same_as_linux(result, reference, "tests/argv_envp", args)


@KPTI
def test_a_null_dereference_is_killed_by_sigsegv(boot, reference, kpti):
    result = boot("/tests/null_deref", kpti=kpti)
    assert result.status == 128 + 11
    assert result.user_output == "writing through NULL\n"
    assert result.log_lines_matching(r"\bSIGSEGV\b"), "no kernel log line names SIGSEGV"
    assert len(result.log_lines_matching(r"\btern: init exited with status 139$")) == 1
    assert_same_as_linux(result, reference, "tests/null_deref")


@KPTI
def test_bad_user_pointers_give_efault(boot, reference, kpti):
    result = boot("/tests/efault", kpti=kpti)
    assert result.status == 0
    assert result.user_output.endswith("all EFAULT\n")
    assert_same_as_linux(result, reference, "tests/efault")


def test_unknown_system_calls_give_enosys_and_one_log_line_each(boot, reference):
    result = boot("/tests/enosys")
    assert result.status == 0
    assert result.user_output.endswith("all ENOSYS\n")
    assert len(result.log_lines_matching(r"(?<![\w.])4000\b")) == 1
    minus_one = r"(?<![\w.])(-1|0xffffffffffffffff|18446744073709551615)\b"
    assert len(result.log_lines_matching(minus_one)) == 1
    assert_same_as_linux(result, reference, "tests/enosys")


@KPTI
def test_malloc_small_blocks_and_64_mib_twice(boot, reference, kpti):
    result = boot("/tests/malloc", kpti=kpti)
    assert result.status == 0
    assert result.user_output.endswith("malloc ok\n")
    assert_same_as_linux(result, reference, "tests/malloc")
