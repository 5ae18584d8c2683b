"""Tests of the harness itself, so that a green system test means Tern
worked and not that the harness looked away. They boot a stand-in kernel
(standin/standin.S: prints a fixed text, then powers off with a fixed
status or hangs) built here, and run the oracle on real programs."""

import subprocess
import time
from pathlib import Path

import pytest

from harness import Boot, user_output_of

STANDIN = Path(__file__).resolve().parent / "standin" / "standin.S"
TS1 = "[    0.000100] "
TS2 = "[   12.345678] "


def build_standin(tmp_path, message, status=0, hang=False):
    """Assemble the stand-in kernel printing MESSAGE; returns its path."""
    literal = message.replace("\\", "\\\\").replace('"', '\\"')
    literal = literal.replace("\n", "\\n").replace("\r", "\\r")
    out = tmp_path / f"standin-{status}-{int(hang)}.elf"
    cmd = ["riscv64-linux-gnu-gcc", "-nostdlib", "-static", "-Wl,-N",
           "-Wl,-Ttext=0x80200000", "-Wl,--build-id=none",
           "-Wl,--no-warn-rwx-segments", f"-DSTATUS={status}",
           f'-DMESSAGE="{literal}"', "-o", str(out), str(STANDIN)]
    if hang:
        cmd.insert(1, "-DHANG")
    subprocess.run(cmd, check=True)
    return out


@pytest.fixture(name="initrd")
def initrd_fixture(tmp_path):
    path = tmp_path / "initrd.cpio"
    path.write_bytes(b"\0" * 512)
    return path


def test_boot_reports_status_output_and_user_output(boot, tmp_path, initrd):
    message = (f"{TS1}tern: stand-in kernel\r\nhello\r\n  world\r\n"
               f"{TS2}tern: init exited with status 3\r\n")
    kernel = build_standin(tmp_path, message, status=3)
    result = boot("/tests/x", args=("a", "b"), kernel=kernel, initrd=initrd)
    assert result.status == 3
    assert "OpenSBI" in result.output
    assert result.user_output == "hello\n  world\n"
    assert result.kernel_log == ["tern: stand-in kernel", "tern: init exited with status 3"]
    assert result.log_lines_matching(r"init exited with status 3$")
    assert result.command[-1] == "init=/tests/x -- a b"


def test_boot_gives_status_zero_through_the_pass_code(boot, tmp_path, initrd):
    kernel = build_standin(tmp_path, f"{TS1}tern: bye\r\n", status=0)
    result = boot("/init", kernel=kernel, initrd=initrd)
    assert result.status == 0
    assert result.user_output == ""


def test_boot_builds_the_append_line_from_its_arguments(boot, tmp_path, initrd):
    kernel = build_standin(tmp_path, f"{TS1}x\r\n", status=0)
    result = boot("tests/y", kpti="off", extra_append="quiet", kernel=kernel, initrd=initrd)
    assert result.command[-1] == "init=/tests/y kpti=off quiet"
    assert boot(None, kernel=kernel, initrd=initrd).command[-1] == ""
    with pytest.raises(ValueError):
        boot("/x", args=("two words",), kernel=kernel, initrd=initrd)


def test_a_hung_boot_fails_at_its_timeout(boot, tmp_path, initrd):
    kernel = build_standin(tmp_path, f"{TS1}spinning\r\n", hang=True)
    start = time.monotonic()
    with pytest.raises(pytest.fail.Exception, match="did not finish within 2 s"):
        boot("/x", kernel=kernel, initrd=initrd, timeout=2)
    assert time.monotonic() - start < 15


def test_a_missing_kernel_fails_rather_than_skips(boot, tmp_path, initrd):
    with pytest.raises(pytest.fail.Exception, match="missing"):
        boot("/x", kernel=tmp_path / "no-such-kernel.elf", initrd=initrd)


def test_user_output_drops_the_banner_and_every_kernel_line():
    log = ("OpenSBI v1.1\r\nBoot HART ID : 0\r\nBoot HART MEDELEG : 0x1\r\n"
           f"{TS1}tern: booting\r\nabc\r\n{TS2}tern: a log line\r\ndef\r\n"
           f"{TS2}tern: init exited with status 0\r\n")
    assert user_output_of(log) == "abc\ndef\n"
    # Text that merely contains a timestamp is user output.
    assert user_output_of(f"{TS1}k\nsay {TS2}x\n") == f"say {TS2}x\n"
    # With no kernel line at all (quiet), everything after OpenSBI's banner.
    assert user_output_of("Boot HART ID : 0\r\nBoot HART X : 1\r\nhi\r\n") == "hi\n"


def test_boot_kernel_log_strips_timestamps():
    result = Boot(command=[], status=0, output=f"x\n{TS1}one\nuser\n{TS2}two 4000\n")
    assert result.kernel_log == ["one", "two 4000"]
    assert result.log_lines_matching(r"\b4000\b") == ["two 4000"]


def test_reference_runs_a_program_as_tern_runs_init(reference):
    status, out = reference("tests/argv_envp", ("alpha", "beta"))
    assert status == 0, out
    assert out.startswith('argc = 3\nargv[0] = "/tests/argv_envp"\nargv[1] = "alpha"\n')
    assert 'envp[0] = "HOME=/"\nenvp[1] = "TERM=linux"\nAT_PAGESZ' in out


def test_reference_reports_death_by_signal_as_128_plus_signo(reference):
    assert reference("/tests/null_deref") == (139, "writing through NULL\n")
    assert reference("tests/exit_status", ("42",)) == (42, "exiting with status 42\n")
