"""Tern's system-test harness (conftest.py hands it to tests as fixtures).

``boot(init, args=(), smp=1, mem="128M", kpti=None, extra_append="",
timeout=60)`` boots Tern in QEMU as DESIGN.md section 1 says
(``build/kernel.elf`` with ``build/initramfs.cpio``, ``init=INIT`` and the
words of ``args`` after `` -- ``) and returns a :class:`Boot`: ``.status``
is QEMU's exit code (init's exit status), ``.output`` the whole serial log
and ``.user_output`` what the program itself printed. A boot still running
at ``timeout`` seconds is killed and fails the test. Each boot prints its
command line and serial log, which pytest shows when the test fails.
Identical boots within one session run once (the result is cached), so
several tests can look at one boot.

``reference(prog, args=())`` runs ``build/user/PROG`` under qemu-riscv64 --
user-mode QEMU on the host's Linux kernel, the oracle -- with the
environment Tern gives init (``HOME=/``, ``TERM=linux``) and argv[0] equal
to the path the guest uses (``/PROG``); it returns ``(status, stdout)``.

The build booted is ``build/`` (``make``), or the directory named by the
environment variable ``TERN_BUILD`` (``make DEBUG=1 system-test`` sets
``build-debug``, so every test boots the debug kernel). ``DEBUG_KERNEL`` is
the debug build's kernel (``make debug-kernel``, which ``make system-test``
runs): pass it as ``kernel=`` to boot it with the usual initramfs.

Nothing is ever skipped: a missing kernel, initramfs or program fails.
"""

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest
from pexpect.popen_spawn import PopenSpawn

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("TERN_BUILD", "build")
DEBUG_KERNEL = ROOT / "build-debug" / "kernel.elf"
KERNEL = BUILD / "kernel.elf"
INITRD = BUILD / "initramfs.cpio"
USER = BUILD / "user"
QEMU = "qemu-system-riscv64"
QEMU_USER = "qemu-riscv64"

# A kernel log line: "[    1.234567] message" at the start of a line.
LOG_LINE = re.compile(r"^\[\s*\d+\.\d{6}\] ")
# The last line of OpenSBI's banner, for boots that log nothing (quiet).
SBI_BANNER_END = re.compile(r"^Boot HART ")


def _normalize(text):
    """Serial output with the console's CR LF line ends made LF."""
    return text.replace("\r\n", "\n")


def user_output_of(output):
    """What user space printed: everything from the first kernel log line
    on, minus the kernel's log lines. A boot with no kernel log line at all
    (quiet) falls back to everything after OpenSBI's banner."""
    lines = _normalize(output).splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if LOG_LINE.match(line)]
    if starts:
        first = starts[0]
    else:
        ends = [i for i, line in enumerate(lines) if SBI_BANNER_END.match(line)]
        first = ends[-1] + 1 if ends else 0
    return "".join(line for line in lines[first:] if not LOG_LINE.match(line))


@dataclass
class Boot:
    """The result of one boot of Tern in QEMU."""

    command: list
    status: int
    output: str
    kernel_log: list = field(init=False)

    def __post_init__(self):
        self.kernel_log = [
            LOG_LINE.sub("", line)
            for line in _normalize(self.output).splitlines()
            if LOG_LINE.match(line)
        ]

    @property
    def user_output(self):
        return user_output_of(self.output)

    def log_lines_matching(self, pattern):
        """Kernel log lines (timestamps stripped) matching a regex."""
        return [line for line in self.kernel_log if re.search(pattern, line)]

    def describe(self):
        """The command line, the status and the whole serial log."""
        return (
            f"$ {' '.join(_quote(a) for a in self.command)}\n"
            f"QEMU exit status: {self.status}\n"
            f"---- serial log ----\n{self.output}\n---- end of serial log ----"
        )


def _quote(arg):
    return arg if re.fullmatch(r"[\w@%+=:,./-]+", arg) else repr(arg)


def _require(path, what):
    if not path.exists():
        pytest.fail(f"{path} is missing: build {what} first (`make`)", pytrace=False)


def _append_line(init, args, kpti, extra_append):
    for word in args:
        if not word or re.search(r"\s", word):
            raise ValueError(f"boot argument {word!r}: one non-empty word each")
    words = [f"init={init}"] if init is not None else []
    if kpti is not None:
        words.append(f"kpti={kpti}")
    if extra_append:
        words.append(extra_append)
    if args:
        words.append("--")
        words.extend(args)
    return " ".join(words)


def _guest_path(prog):
    return "/" + str(prog).lstrip("/")


def qemu_command(init, args=(), smp=1, mem="128M", kpti=None, extra_append="",
                 kernel=None, initrd=None):
    """The QEMU command line of DESIGN.md section 1 for these boot options;
    fails the test if the kernel or the initramfs is missing."""
    kernel = Path(kernel) if kernel else KERNEL
    initrd = Path(initrd) if initrd else INITRD
    _require(kernel, "the kernel")
    _require(initrd, "the initramfs")
    init = _guest_path(init) if init is not None else None
    append = _append_line(init, tuple(args), kpti, extra_append)
    return [QEMU, "-machine", "virt", "-smp", str(smp), "-m", str(mem),
            "-nographic", "-bios", "default", "-kernel", str(kernel),
            "-initrd", str(initrd), "-append", append]


def start(command, timeout=60):
    """Start QEMU and return the pexpect child, for interactive tests
    (child.expect(), child.send(); child.wait() gives the exit status).
    QEMU's stdio is a pair of pipes, not a terminal, so the bytes read are
    exactly the bytes the guest wrote to its UART."""
    return PopenSpawn(command, timeout=timeout)


def _kill(child):
    child.kill(signal.SIGKILL)
    child.wait()
    child.proc.stdin.close()


def _run_qemu(command, timeout):
    """Run QEMU to the end; returns (status, output) or fails at the timeout."""
    child = start(command, timeout)
    try:
        child.expect(pexpect.EOF, timeout=timeout)
    except pexpect.TIMEOUT:
        output = (child.before or b"").decode(errors="replace")
        _kill(child)
        print(f"$ {' '.join(_quote(a) for a in command)}\n---- serial log ----\n{output}")
        pytest.fail(f"the boot did not finish within {timeout} s (serial log above)",
                    pytrace=False)
    except BaseException:
        _kill(child)  # ^C or an error in pexpect: leave no QEMU behind
        raise
    output = child.before.decode(errors="replace")
    child.wait()
    child.proc.stdin.close()
    if child.exitstatus is not None:
        return child.exitstatus, output
    return 128 + child.signalstatus, output


_boot_cache = {}


def _mtime(path):
    return Path(path).stat().st_mtime_ns


def boot(init, args=(), smp=1, mem="128M", kpti=None, extra_append="", timeout=60,
         kernel=None, initrd=None):
    """Boot Tern with INIT as pid 1 and return a Boot (see the module doc).
    init=None passes no init= at all (the kernel's default, /init);
    kernel/initrd replace build/kernel.elf and build/initramfs.cpio (the
    harness's own tests use a stand-in kernel)."""
    command = qemu_command(init, args, smp, mem, kpti, extra_append, kernel, initrd)
    key = (tuple(command), _mtime(command[command.index("-kernel") + 1]),
           _mtime(command[command.index("-initrd") + 1]))
    if key not in _boot_cache:
        status, output = _run_qemu(command, timeout)
        _boot_cache[key] = Boot(command=command, status=status, output=output)
    result = _boot_cache[key]
    print(result.describe())
    return result


def reference(prog, args=(), timeout=60):
    """Run build/user/PROG under qemu-riscv64; returns (status, stdout).
    A program killed by signal N gives 128 + N, as on Tern."""
    path = USER / str(prog).lstrip("/")
    _require(path, "the user programs")
    qemu_user = shutil.which(QEMU_USER)
    if qemu_user is None:
        pytest.fail(f"{QEMU_USER} not found: install qemu-user (`make setup`)",
                    pytrace=False)
    # qemu-user hands its own environment to the guest in reverse order
    # (its envlist pushes each entry at the head), so give it reversed to
    # get Linux's init order, HOME first.
    env = ["env", "-i", "TERM=linux", "HOME=/"]
    command = env + [qemu_user, "-0", _guest_path(prog), str(path), *args]
    run = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=timeout, check=False)
    status = run.returncode if run.returncode >= 0 else 128 - run.returncode
    stdout = run.stdout.decode(errors="replace")
    print(f"$ {' '.join(command)}\nreference status: {status}\n---- stdout ----\n"
          f"{stdout}---- stderr ----\n{run.stderr.decode(errors='replace')}")
    return status, stdout
