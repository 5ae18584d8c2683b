"""The kernel's own promises: the boot-time W^X check, clean panics with
registers and a symbolized backtrace (kernel fault, kernel stack overflow
hitting its guard page, kernel access to user memory outside uaccess), the
log levels, and interrupt-driven console input."""

import re

import harness

PANIC_STATUS = 255


def test_boot_verifies_the_kernel_map_is_w_xor_x(boot):
    result = boot("/tests/hello")
    assert result.log_lines_matching(r"W\^X verified")


def test_a_kernel_fault_panics_with_registers_and_a_symbolized_backtrace(boot):
    result = boot("/tests/hello", extra_append="selftest=kernel_fault")
    assert result.status == PANIC_STATUS
    out = result.output
    assert "--- kernel panic on hart" in out
    assert re.search(r"cause 15 \(store page fault\)", out)
    assert re.search(r"sepc: [0-9a-f]{16} arch_run_selftest\+0x[0-9a-f]+", out)
    assert re.search(r"stval: ffffffdffffff000", out)
    assert re.search(r"\bs11 [0-9a-f]{16}", out)
    assert re.search(r"backtrace:\n(\s+\[[0-9a-f]{16}\] \w+\+0x[0-9a-f]+\n)+", out.replace("\r", ""))
    assert "kernel_main_late" in out
    assert "hello, world" not in out


def test_a_kernel_stack_overflow_hits_the_guard_page_and_panics_cleanly(boot):
    result = boot("/tests/hello", extra_append="selftest=kstack_overflow")
    assert result.status == PANIC_STATUS
    assert re.search(r"kernel stack overflow on hart \d+: sp 0x[0-9a-f]+ hit the guard page",
                     result.output)
    assert re.search(r"store page fault at recurse[\w.]*\+0x", result.output)
    assert "hello, world" not in result.output


def test_a_kernel_access_to_user_memory_outside_uaccess_panics_after_a_sleeping_uaccess_fault(boot):
    # selftest=user_deref (kernel/arch/riscv/selftest.c): a copy_to_user
    # whose page fault sleeps on mm->lock, then the thread that runs next
    # loads from a mapped user page directly. Trap entry clears
    # sstatus.SUM, so the load faults; had the sleeping fault left SUM set,
    # the load would succeed and the selftest panics with "SUM leaked".
    result = boot("/tests/hello", extra_append="selftest=user_deref")
    assert result.status == PANIC_STATUS
    out = result.output
    assert result.log_lines_matching(r"selftest: a uaccess fault sleeps; loading from user "
                                     r"memory outside uaccess$")
    assert re.search(r"cause 13 \(load page fault\)", out)
    assert re.search(r"sepc: [0-9a-f]{16} user_deref_holder\+0x[0-9a-f]+", out)
    assert re.search(r"kernel_trap: kernel access to user address 0x10001000 outside uaccess "
                     r"\(load page fault at 0x[0-9a-f]+\)", out)
    assert "SUM leaked" not in out
    assert "assertion" not in out
    assert "hello, world" not in out


def test_quiet_prints_no_kernel_log_but_the_program_runs(boot):
    result = boot("/tests/hello", extra_append="quiet")
    assert result.status == 0
    assert result.kernel_log == []
    assert result.user_output == "hello, world\n"


def test_loglevel_filters_by_level(boot):
    # loglevel=6 keeps notices (5) (init's exit line) but drops info (6: the banner).
    result = boot("/tests/exit_status", args=("3",), extra_append="loglevel=6")
    assert result.status == 3
    assert result.log_lines_matching(r"tern: init exited with status 3$")
    assert not result.log_lines_matching(r"Tern RISC-V kernel")


def test_console_input_reaches_a_reading_program(boot):
    child = harness.start(harness.qemu_command("/tests/console_echo"), timeout=60)
    try:
        child.expect("ready")
        child.send(b"hello tern\r")
        child.expect(r"\[hello tern\]")
        child.send(b"second line\r")
        child.expect(r"\[second line\]")
        child.send(b"quit\r")
        child.expect("bye")
        child.expect(harness.pexpect.EOF)
    finally:
        child.kill(9)
    child.wait()
    assert child.exitstatus == 0


def _stamped_lines(result, pattern):
    """(seconds, text) of the kernel log lines matching pattern."""
    found = []
    for line in result.output.replace("\r\n", "\n").splitlines():
        m = re.match(r"^\[\s*(\d+\.\d{6})\] (.*)$", line)
        if m and re.search(pattern, m.group(2)):
            found.append((float(m.group(1)), m.group(2)))
    return found


def test_a_flood_of_user_triggered_log_lines_is_rate_limited(boot):
    # user/tests/log_flood.c: 1000 unknown system calls (plus one number
    # 1000 times) and 1000 children killed by SIGSEGV, then one more of
    # each after the 5 s interval. Each call site logs at most 10 lines
    # per interval, and its "N messages suppressed" reports account for
    # every line it held back.
    result = boot("/tests/log_flood", timeout=180)
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    assert len(result.log_lines_matching(r"unknown syscall 7000$")) == 1, "once per number"
    sites = {  # call site: (its lines, how many it was asked to log)
        "log_unknown_syscall": (r"unknown syscall \d+$", 1 + 1000 + 1),
        "signal_fault": (r"SIGSEGV \(store page fault\)", 1000 + 1),
        "log_fatal": (r"killed by SIGSEGV$", 1000 + 1),
    }
    for site, (pattern, asked) in sites.items():
        lines = _stamped_lines(result, pattern)
        reports = _stamped_lines(result, rf"^{site}: \d+ messages suppressed$")
        suppressed = sum(int(text.split()[1]) for _, text in reports)
        assert reports, f"{site}: no suppressed-messages report"
        assert len(lines) + suppressed == asked, site
        # A burst of 10 per interval, and an interval lasts 5 s.
        assert len(lines) <= 10 * (len(reports) + 1), site
        span = lines[-1][0] - lines[0][0]
        assert len(reports) <= span / 5 + 1, site


def test_syslog_reads_clears_and_guards_the_kernel_log(boot):
    # quiet: the console shows only errors, but the log keeps every level.
    result = boot("/tests/printk/syslog", extra_append="quiet")
    assert result.status == 0, result.output
    assert "syslog: PASS" in result.output
    # ... while the console itself showed none of the info lines.
    assert "Tern RISC-V kernel, booting" not in result.output
