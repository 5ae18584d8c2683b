"""pytest wiring for Tern's system tests: the ``boot`` and ``reference``
fixtures (see harness.py for what they do) and a report header saying
which kernel is under test."""

import os
import sys

import pexpect
import pytest

import harness


@pytest.fixture(name="boot")
def boot_fixture():
    """harness.boot: boot Tern in QEMU with a given init; returns a Boot."""
    return harness.boot


@pytest.fixture(name="reference")
def reference_fixture():
    """harness.reference: run a program under qemu-riscv64 (the oracle)."""
    return harness.reference


def pytest_report_header(config):
    have = "present" if harness.KERNEL.exists() else "MISSING"
    return [f"tern: kernel {harness.KERNEL} {have}; python {sys.version.split()[0]}; "
            f"pexpect {pexpect.__version__}; cwd {os.getcwd()}"]
