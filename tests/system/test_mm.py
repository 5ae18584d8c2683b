"""Memory: mmap, munmap, mprotect, madvise and brk, file and shared
mappings, copy on write, and running out of memory (issue 3, item 2; the
programs are in user/tests/mm/).

As in test_proc.py: each program checks its own observations and must
print what it prints under qemu-riscv64 (Linux); "strict" adds the checks
where qemu-user differs from Linux (its address space is not Sv39's,
MAP_FIXED_NOREPLACE is a hint to it, it keeps a shrunk heap mapped, its
free memory is the host's), run on Tern only. mprotect_hole (qemu-user
loops forever on it), big_mmap (depends on the machine's memory) and
prot_implied (qemu-user refuses system calls on PROT_WRITE pages) run on
Tern only.
"""

import pytest

import harness

SMP = pytest.mark.parametrize("smp", [1, 4])


def assert_passed(result):
    """The program ran to its end on Tern and every check held."""
    assert result.status == 0
    assert result.user_output.endswith("PASS\n")
    assert "(expected" not in result.user_output
    assert ": NO\n" not in result.user_output


def linux(reference, prog):
    status, output = reference(prog)
    assert status == 0, "the program fails under qemu-riscv64 itself"
    return output


def test_mmap_munmap_mprotect_madvise_brk_errors_as_on_linux(boot, reference):
    result = boot("/tests/mm/mmap_errors")
    assert result.user_output == linux(reference, "tests/mm/mmap_errors")
    assert_passed(result)


def test_sv39_limits_noreplace_and_zero_lengths_as_linux_gives_them(boot):
    assert_passed(boot("/tests/mm/mmap_errors", args=("strict",)))


@SMP
def test_unmap_fixed_hints_protections_dontneed_and_brk_as_on_linux(boot, reference, smp):
    result = boot("/tests/mm/vma", smp=smp)
    assert result.user_output == linux(reference, "tests/mm/vma")
    assert_passed(result)


def test_a_shrunk_heap_is_unmapped(boot):
    assert_passed(boot("/tests/mm/vma", args=("strict",)))


def test_mprotect_over_a_hole_changes_the_part_before_it(boot):
    assert_passed(boot("/tests/mm/mprotect_hole"))


@SMP
def test_private_and_shared_file_mappings_as_on_linux(boot, reference, smp):
    result = boot("/tests/mm/filemap", smp=smp, timeout=90)
    assert result.user_output == linux(reference, "tests/mm/filemap")
    assert_passed(result)


@pytest.mark.parametrize("kpti", ["on", "off"])
@SMP
def test_fork_copies_on_write(boot, reference, smp, kpti):
    """Each side sees only its own writes, as on Linux (and with
    kpti=on, through both views of every address space)."""
    result = boot("/tests/mm/cow", smp=smp, kpti=kpti)
    assert result.user_output == linux(reference, "tests/mm/cow")
    assert_passed(result)


@SMP
def test_pages_stay_shared_until_written(boot, smp):
    """8 MiB touched before fork: free memory barely moves at fork and
    drops by 8 MiB when the child writes them."""
    assert_passed(boot("/tests/mm/cow", args=("strict",), smp=smp))


@SMP
def test_running_out_of_memory_kills_only_the_process(boot, smp):
    result = boot("/tests/mm/big_mmap", smp=smp, mem="256M", timeout=120)
    assert "then a child using 16 MiB" in result.user_output, "the kernel did not survive"
    assert_passed(result)


def test_other_harts_forget_a_page_before_it_is_freed(boot, reference):
    """A thread on another hart reads a word while the main thread copies
    its page on write, unmaps it, discards it or shrinks it away: once the
    call has returned the reader reaches only the new page or faults, and
    never sees the child's copy or a freed page (TLB shootdown before the
    free)."""
    result = boot("/tests/mm/shootdown", smp=4)
    assert result.user_output == linux(reference, "tests/mm/shootdown")
    assert_passed(result)


def test_no_hart_reads_a_freed_page_on_the_debug_kernel(boot):
    """The debug kernel poisons a page as it is freed, so a reader whose
    TLB still reached a freed page would see the poison."""
    assert_passed(boot("/tests/mm/shootdown", smp=4, kernel=harness.DEBUG_KERNEL))


def test_write_implies_read_and_exec_alone_is_not_readable(boot):
    """As Linux on RISC-V (arch/riscv/mm/fault.c, access_error()): a
    PROT_WRITE page is readable, by the program and by system calls; a
    PROT_EXEC page is not, and a system call copying from it fails with
    EFAULT. Tern only: qemu-user refuses system calls on a PROT_WRITE page
    (it demands PAGE_READ), unlike Linux."""
    result = boot("/tests/mm/prot_implied", timeout=30)
    assert "PROT_WRITE page, read by write(2): ok\n" in result.user_output
    assert "PROT_EXEC page, read by write(2): EFAULT\n" in result.user_output
    assert_passed(result)


@SMP
def test_moving_a_shared_mapping_keeps_its_memory(boot, reference, smp):
    """mremap(MREMAP_MAYMOVE | MREMAP_FIXED) of a MAP_SHARED mapping that
    a child maps too: the child sees writes through the moved mapping and
    keeps the memory after the parent unmaps it (as on Linux); on Tern the
    shared object and its pages stay allocated meanwhile (tern_kstat)."""
    result = boot("/tests/mm/mremap_shared", smp=smp)
    status, linux_output = reference("tests/mm/mremap_shared")
    assert status == 0
    assert [line for line in result.user_output.splitlines() if "stay" not in line
            and "second round" not in line] == linux_output.splitlines()
    assert "its pages and its shared object stay while the child maps them: yes\n" \
        in result.user_output
    assert_passed(result)
