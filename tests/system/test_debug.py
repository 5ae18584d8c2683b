"""The debug kernel (``make DEBUG=1``; ``make system-test`` builds
build-debug/kernel.elf and boots it with the usual initramfs): page
poisoning catches a write to a freed page when the page is handed out
again, slab red zones catch an overrun when the object is freed, object
poisoning a write to a freed object when it is allocated again -- each a
panic naming the page or object, the first bad byte and its last owner,
symbolized (docs/memory-allocators.md). The selftest= words break the
rules on purpose (kernel/mm/selftest.c); the normal kernel refuses them.
"""

import re

import harness

PANIC_STATUS = 255


def debug_boot(boot, init, **kwargs):
    return boot(init, kernel=harness.DEBUG_KERNEL, **kwargs)


def panic_line(result):
    """The panic message (the line after the panic header)."""
    out = result.output.replace("\r", "")
    found = re.search(r"--- kernel panic on hart \d+ ---\n(.*)\n", out)
    assert found, "no panic"
    return found[1]


def test_the_debug_kernel_runs_programs(boot):
    result = debug_boot(boot, "/tests/hello", smp=2)
    assert result.status == 0
    assert result.user_output == "hello, world\n"


def test_a_write_to_a_freed_page_panics_when_the_page_is_handed_out(boot):
    result = debug_boot(boot, "/tests/hello", extra_append="selftest=page_poison")
    assert result.status == PANIC_STATUS
    line = panic_line(result)
    assert re.fullmatch(
        r"page_alloc: pa 0x[0-9a-f]+ was written after it was freed: byte \+0x123 is 0x5a, "
        rf"not 0xaa; last allocated by selftest_page_poison\+0x[0-9a-f]+, freed by "
        rf"selftest_page_poison\+0x[0-9a-f]+", line), line
    # The backtrace shows where the page was handed out.
    assert re.search(r"\] page_debug_alloc\+0x[0-9a-f]+\n\s+\[[0-9a-f]+\] page_alloc\+0x",
                     result.output.replace("\r", ""))
    assert "hello, world" not in result.output


def test_an_overrun_of_a_kmalloc_object_panics_when_it_is_freed(boot):
    result = debug_boot(boot, "/tests/hello", extra_append="selftest=slab_redzone")
    assert result.status == PANIC_STATUS
    line = panic_line(result)
    assert re.fullmatch(
        r"slab kmalloc-64: object 0x[0-9a-f]+ \(64 bytes\) overrun: red zone after it changed: "
        r"byte \+0x40 is 0x5a, not 0xcc; last allocated by selftest_slab_redzone\+0x[0-9a-f]+, "
        r"freed by nobody", line), line
    assert "hello, world" not in result.output


def test_a_write_to_a_freed_object_panics_when_it_is_allocated_again(boot):
    result = debug_boot(boot, "/tests/hello", extra_append="selftest=slab_poison")
    assert result.status == PANIC_STATUS
    line = panic_line(result)
    assert re.fullmatch(
        r"slab selftest-obj: object 0x[0-9a-f]+ \(40 bytes\) written after it was freed: "
        r"byte \+0x8 is 0x5a, not 0x6b; last allocated by selftest_slab_poison\+0x[0-9a-f]+, "
        r"freed by selftest_slab_poison\+0x[0-9a-f]+", line), line


def test_the_normal_kernel_refuses_the_memory_selftests_and_runs_on(boot):
    for name in ("page_poison", "slab_redzone", "slab_poison"):
        result = boot("/tests/hello", extra_append=f"selftest={name}")
        assert result.status == 0
        assert result.log_lines_matching(rf"selftest: {name} needs a kernel built with DEBUG=1")
        assert result.user_output == "hello, world\n"
