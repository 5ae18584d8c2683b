"""Booting: harts, memory sizes, the default init, and init's exit status
becoming QEMU's exit code (DESIGN.md section 1)."""

import pytest

import harness

HELLO = "/tests/hello"


def exit_line(status):
    return rf"\btern: init exited with status {status}$"


@pytest.mark.parametrize("kpti", ["on", "off"])
@pytest.mark.parametrize("smp", [1, 4])
def test_boots_and_runs_a_program_with_n_harts(boot, smp, kpti):
    result = boot(HELLO, smp=smp, kpti=kpti)
    assert result.status == 0
    assert result.user_output == "hello, world\n"
    assert len(result.log_lines_matching(exit_line(0))) == 1


@pytest.mark.parametrize("kpti, state", [(None, "off"), ("off", "off"), ("on", "on")])
def test_kernel_page_table_isolation_is_off_unless_kpti_on(boot, kpti, state):
    # As Linux on RISC-V; docs/traps.md says when to turn it on.
    result = boot(HELLO, kpti=kpti)
    assert result.status == 0
    assert result.log_lines_matching(rf"^mmu: Sv39, kernel page-table isolation {state}$")


@pytest.mark.parametrize("mem", ["64M", "1G"])
def test_boots_with_a_small_and_a_large_memory(boot, mem):
    # Every test program together outgrows 64 MiB of RAM: the small
    # machine boots the small image (init and hello).
    initrd = harness.BUILD / "initramfs-min.cpio" if mem == "64M" else None
    result = boot(HELLO, mem=mem, initrd=initrd)
    assert result.status == 0
    assert result.user_output == "hello, world\n"


def test_the_default_init_is_slash_init_and_greets_the_user(boot):
    result = boot(None)
    assert result.status == 0
    out = result.user_output
    assert out.startswith("Tern: hello from user space\n")
    assert "pid 1, parent pid 0\n" in out
    assert 'argv[0] = "/init"\n' in out
    assert out.endswith("env: HOME=/\nenv: TERM=linux\n")


def test_init_gets_extra_arguments_after_the_double_dash(boot):
    result = boot("/init", args=("one", "two"))
    assert result.status == 0
    assert 'argv[0] = "/init"\nargv[1] = "one"\nargv[2] = "two"\n' in result.user_output


@pytest.mark.parametrize("status", [0, 1, 42])
def test_init_exit_status_becomes_qemu_exit_code(boot, reference, status):
    result = boot("/tests/exit_status", args=(str(status),))
    assert result.status == status
    assert result.user_output == f"exiting with status {status}\n"
    assert len(result.log_lines_matching(exit_line(status))) == 1
    assert (result.status, result.user_output) == reference("tests/exit_status", (str(status),))


def test_quiet_keeps_the_exit_status_and_drops_the_exit_line(boot):
    result = boot("/tests/exit_status", args=("42",), extra_append="quiet")
    assert result.status == 42
    assert "exiting with status 42" in result.output
    assert not result.log_lines_matching(r"init exited")
