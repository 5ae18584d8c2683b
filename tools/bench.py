#!/usr/bin/env python3
"""Run Tern's micro-benchmarks in QEMU and record the results (`make bench`).

Usage: bench.py [--only PROG[,PROG...]] [--kpti on|off] [--quick]
                [--timeout S] [--jobs N] [--repeat N] [--json PATH]
       bench.py --profile PROG [--kpti on|off] [--top N]

Each benchmark is a static program under user/bench/ that lands in the
initramfs as /bench/PROG, times its loop with the user-readable counters
and prints lines like

    BENCH name=null_syscall ops=50000 unit=op instret=... cycle=... time=... ns=...

or, when a call fails, `BENCH-FAIL prog=... call=... errno=...` (then
exits non-zero; QEMU's exit status is init's). Every program is booted
as init, for kpti=on and kpti=off, three ways:

  * `-smp 1 -icount shift=0,align=off,sleep=off`: instret is QEMU's
    virtual clock, with one hart an exact count of guest instructions
    (kernel, user and firmware alike): instructions_per_op. These boots
    are deterministic and run in parallel (--jobs);
  * `-smp 1` and `-smp 4` without icount: the time counter (10 MHz
    timebase) follows the host's clock: ns_per_op, the median of
    --repeat boots (default 3). These boots run one at a time and never
    beside another boot.

build/bench.json receives one record per (name, kpti, smp):

    {"name": ..., "kpti": "on"|"off", "smp": 1|4,
     "instructions_per_op": float|null, "ns_per_op": float|null}

instructions_per_op comes from the icount boot and exists only for smp 1
(null for smp 4); ns_per_op comes from the plain boot with that smp.
"op" is the benchmark's unit: one byte for pipe_bandwidth, one page for
page_fault, one 1 MiB file for file_write_1m/file_read_1m. A value is
null when its boot failed (for ns_per_op: when all its --repeat boots
failed; the median is over those that succeeded), and a record any of
whose boots failed carries an "error" string. Any failed
or hung boot makes the exit status 1; the other results are still written.
Each boot's console output is kept in build/bench-logs/.

--profile PROG boots PROG under icount twice, with a small and a larger
iteration count, logging every executed translation block (-d
in_asm,exec,nochain), and prints where the instructions of one operation
go, by function (kernel symbols from build/kernel.elf, user symbols from
build/user/bench/PROG): the difference of the two runs divided by the
difference of the counts, so start-up and warm-up cancel out.
"""

import argparse
import bisect
import concurrent.futures
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "kernel.elf")
INITRD = os.path.join(BUILD, "initramfs.cpio")
LOGDIR = os.path.join(BUILD, "bench-logs")
QEMU = "qemu-system-riscv64"
NM = "riscv64-linux-gnu-nm"
TIMEBASE_HZ = 10_000_000  # QEMU virt's timebase-frequency (the FDT says so)
ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]

# Programs in the order they run, with the metrics each one prints.
PROGRAMS = [
    ("null_syscall", ["null_syscall"]),
    ("fork_exit_wait", ["fork_exit_wait"]),
    ("fork_exec_wait", ["fork_exec_wait"]),
    ("pipe_round_trip", ["pipe_round_trip"]),
    ("pipe_bandwidth", ["pipe_bandwidth"]),
    ("page_fault", ["page_fault"]),
    ("file_create_unlink", ["file_create_unlink"]),
    ("file_rw_1m", ["file_write_1m", "file_read_1m"]),
]

# Per metric: what one op is, the target (instructions per op with
# kpti=on; None: no target) and xv6-riscv's figure on the same QEMU.
METRICS = {
    "null_syscall": ("call", 300, 1130),
    "fork_exit_wait": ("op", 100_000, 564_628),
    "fork_exec_wait": ("op", 400_000, 1_638_396),
    "pipe_round_trip": ("round trip", 10_000, 95_795),
    "pipe_bandwidth": ("byte", 2, 683),
    "page_fault": ("page", 4_000, 37_600),
    "file_create_unlink": ("op", None, None),
    "file_write_1m": ("MiB file", None, None),
    "file_read_1m": ("MiB file", None, None),
}

# Small iteration counts for --quick (a smoke test, not a measurement).
QUICK_ARGS = {
    "null_syscall": "2000",
    "fork_exit_wait": "20",
    "fork_exec_wait": "10",
    "pipe_round_trip": "200",
    "pipe_bandwidth": "1",
    "page_fault": "256",
    "file_create_unlink": "100",
    "file_rw_1m": "2",
}

# Iteration counts for the two --profile boots.
PROFILE_ARGS = {
    "null_syscall": (1000, 3000),
    "fork_exit_wait": (10, 30),
    "fork_exec_wait": (10, 30),
    "pipe_round_trip": (100, 300),
    "pipe_bandwidth": (1, 3),
    "page_fault": (256, 768),
    "file_create_unlink": (50, 150),
    "file_rw_1m": (2, 6),
}

BENCH_RE = re.compile(
    r"^BENCH name=(\S+) ops=(\d+) unit=(\S+) instret=(\d+) cycle=(\d+) time=(\d+) ns=(\d+)\s*$"
)
FAIL_RE = re.compile(r"^BENCH-FAIL (.*?)\s*$")


class Boot:
    """One QEMU boot of one benchmark program and what came of it."""

    def __init__(self, prog, kpti, smp, icount, rep=0):
        self.prog, self.kpti, self.smp, self.icount = prog, kpti, smp, icount
        self.rep = rep  # which of the --repeat wall-time boots
        self.metrics = {}  # name -> dict(ops, instret, cycle, time, ns)
        self.error = None  # None when the boot succeeded
        self.warnings = []
        self.seconds = 0.0

    @property
    def mode(self):
        return "icount" if self.icount else f"wall#{self.rep + 1}"

    @property
    def label(self):
        return f"{self.prog} kpti={self.kpti} smp={self.smp} {self.mode}"

    @property
    def logname(self):
        mode = self.mode.replace("#", "")
        return os.path.join(LOGDIR, f"{self.prog}-kpti{self.kpti}-smp{self.smp}-{mode}.log")


def qemu_cmd(prog, kpti, smp, icount, args=None, extra=()):
    """The QEMU command line that boots /bench/PROG as init."""
    append = f"init=/bench/{prog} quiet kpti={kpti}"
    if args:
        append += " -- " + args
    cmd = [QEMU, "-machine", "virt", "-smp", str(smp), "-m", "256M", "-nographic",
           "-bios", "default", "-kernel", KERNEL, "-initrd", INITRD, "-append", append]
    if icount:
        cmd += ICOUNT
    return cmd + list(extra)


def run_qemu(cmd, timeout):
    """Run cmd in its own process group; returns (exit status or None on timeout, output)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        return proc.returncode, out.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return None, out.decode("utf-8", "replace")


def describe_failure(rc, out, timeout):
    """A one-line reason for a failed boot, from its BENCH-FAIL lines or its end."""
    fails = [m.group(1) for m in map(FAIL_RE.match, out.splitlines()) if m]
    if fails:
        reason = "; ".join(fails)
        if "errno=ENOSYS" in reason:
            calls = re.findall(r"call=(\S+) errno=ENOSYS", reason)
            reason = f"waits on a missing system call: {', '.join(calls)} (ENOSYS) [{reason}]"
        return reason
    if rc is None:
        return f"hung: no exit within {timeout:g} s (--timeout)"
    lines = out.splitlines()
    for i, ln in enumerate(lines):
        if "kernel panic" in ln:
            return f"kernel panic: {' | '.join(lines[i + 1:i + 3])}"
    tail = [ln for ln in out.strip().splitlines() if ln.strip()][-3:]
    return f"QEMU exit status {rc}; last output: {' | '.join(tail) or '(none)'}"


def check_counters(boot, m):
    """Cross-check the counters of one metric; adds warnings, never fails."""
    ticks_ns = m["time"] * 1e9 / TIMEBASE_HZ
    if abs(ticks_ns - m["ns"]) > 0.10 * m["ns"] + 1_000_000:
        boot.warnings.append(f"{boot.label}: time counter says {ticks_ns:.0f} ns, "
                             f"CLOCK_MONOTONIC {m['ns']} ns")
    if boot.icount and abs(m["time"] * 100 - m["instret"]) > 0.01 * m["instret"] + 1000:
        boot.warnings.append(f"{boot.label}: instret does not follow the icount clock "
                             f"(instret {m['instret']}, time {m['time']})")


def run_boot(boot, timeout, args):
    """Boot boot.prog once; fills boot.metrics or boot.error and writes the log."""
    cmd = qemu_cmd(boot.prog, boot.kpti, boot.smp, boot.icount, args)
    start = time.monotonic()
    rc, out = run_qemu(cmd, timeout)
    boot.seconds = time.monotonic() - start
    with open(boot.logname, "w") as f:
        f.write("$ " + " ".join(cmd) + "\n" + out)
        f.write(f"\n[exit status {rc}, {boot.seconds:.2f} s]\n")
    for line in out.splitlines():
        m = BENCH_RE.match(line.strip())
        if m:
            boot.metrics[m.group(1)] = dict(ops=int(m.group(2)), unit=m.group(3),
                                            instret=int(m.group(4)), cycle=int(m.group(5)),
                                            time=int(m.group(6)), ns=int(m.group(7)))
    expected = dict(PROGRAMS)[boot.prog]
    missing = [n for n in expected if n not in boot.metrics]
    if rc != 0 or missing:
        boot.error = describe_failure(rc, out, timeout)
        if rc == 0:
            boot.error = f"exit status 0 but no result for {', '.join(missing)}"
        return boot
    for m in boot.metrics.values():
        if m["ops"] <= 0:
            boot.error = "a result with ops=0"
        check_counters(boot, m)
    return boot


def plan(progs, kptis, repeat):
    """All boots: the icount ones (parallel) and the wall-time ones (serial,
    each configuration @repeat times, one round after the other)."""
    icount = [Boot(p, k, 1, True) for p in progs for k in kptis]
    wall = [Boot(p, k, s, False, r) for r in range(repeat) for p in progs for k in kptis
            for s in (1, 4)]
    return icount, wall


def run_all(progs, kptis, opts):
    """Run every boot; returns the list of Boot objects."""
    os.makedirs(LOGDIR, exist_ok=True)
    icount, wall = plan(progs, kptis, opts.repeat)

    def args_for(prog):
        return QUICK_ARGS[prog] if opts.quick else None

    def note(b):
        state = "ok" if not b.error else "FAILED"
        print(f"  {b.label:<50} {state:>6}  {b.seconds:6.2f} s", flush=True)

    print(f"icount boots ({len(icount)}, {opts.jobs} at a time):", flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        futs = [pool.submit(run_boot, b, opts.timeout, args_for(b.prog)) for b in icount]
        for fut in concurrent.futures.as_completed(futs):
            note(fut.result())
    # A hang costs a whole --timeout: once a program has hung, its boots
    # that would most likely hang again are skipped.
    hung = {(b.prog, b.kpti) for b in icount if b.error and b.error.startswith("hung")}
    hung_wall = set()
    print(f"wall-time boots ({len(wall)}, one at a time):", flush=True)
    for b in wall:
        if (b.prog, b.kpti) in hung:
            b.error = "skipped: the icount boot of this program hung"
        elif (b.prog, b.kpti, b.smp) in hung_wall:
            b.error = "skipped: an earlier boot of this configuration hung"
        else:
            run_boot(b, opts.timeout, args_for(b.prog))
            if b.error and b.error.startswith("hung"):
                hung_wall.add((b.prog, b.kpti, b.smp))
        note(b)
    return icount + wall


def per_op(m, field):
    """A counter per op; time ticks become ns through the timebase."""
    if field == "time":
        return m["time"] * (1e9 / TIMEBASE_HZ) / m["ops"]
    return m[field] / m["ops"]


def records(boots, progs, kptis):
    """The bench.json records: one per (metric, kpti, smp)."""
    by_key = {(b.prog, b.kpti, b.smp, b.icount): b for b in boots if b.icount}
    walls = {}
    for b in boots:
        if not b.icount:
            walls.setdefault((b.prog, b.kpti, b.smp), []).append(b)
    out = []
    for prog, names in PROGRAMS:
        if prog not in progs:
            continue
        for name in names:
            for kpti in kptis:
                for smp in (1, 4):
                    rec = {"name": name, "kpti": kpti, "smp": smp,
                           "instructions_per_op": None, "ns_per_op": None}
                    errors = []
                    if smp == 1:
                        ib = by_key[(prog, kpti, 1, True)]
                        if ib.error:
                            errors.append(f"icount boot: {ib.error}")
                        else:
                            rec["instructions_per_op"] = round(per_op(ib.metrics[name], "instret"), 3)
                    wbs = walls[(prog, kpti, smp)]
                    good = [b for b in wbs if not b.error]
                    errors += [f"wall-time boot {b.rep + 1}/{len(wbs)}: {b.error}"
                               for b in wbs if b.error]
                    if good:
                        rec["ns_per_op"] = round(statistics.median(
                            per_op(b.metrics[name], "time") for b in good), 3)
                    if errors:
                        rec["error"] = "; ".join(errors)
                    out.append(rec)
    return out


def fmt_insns(v):
    if v is None:
        return "-"
    return f"{v:,.2f}" if v < 100 else f"{v:,.0f}"


def fmt_ns(v):
    if v is None:
        return "-"
    if v < 1_000:
        return f"{v:.3g} ns"
    if v < 1_000_000:
        return f"{v / 1e3:.3g} us"
    return f"{v / 1e6:.3g} ms"


def print_table(recs, kptis):
    """The human-readable table of recs, with targets and xv6's figures."""
    get = {(r["name"], r["kpti"], r["smp"]): r for r in recs}
    names = list(dict.fromkeys(r["name"] for r in recs))
    head = f"{'benchmark':<19} {'per':<10}"
    for k in kptis:
        head += f" | {'insns kpti=' + k:>17} {'smp1':>9} {'smp4':>9}"
    head += f" | {'target':>9} {'xv6':>10}"
    print()
    print(head)
    print("-" * len(head))
    for name in names:
        per, target, xv6 = METRICS[name]
        line = f"{name:<19} {per:<10}"
        for k in kptis:
            r1, r4 = get.get((name, k, 1)), get.get((name, k, 4))
            line += (f" | {fmt_insns(r1 and r1['instructions_per_op']):>17}"
                     f" {fmt_ns(r1 and r1['ns_per_op']):>9} {fmt_ns(r4 and r4['ns_per_op']):>9}")
        line += f" | {'<= ' + format(target, ',') if target else '':>9} {format(xv6, ',') if xv6 else '':>10}"
        print(line)
    print()
    for k in kptis:
        for smp in (1, 4):
            r = get.get(("pipe_bandwidth", k, smp))
            if r and r["ns_per_op"]:
                print(f"pipe bandwidth kpti={k} smp={smp}: "
                      f"{1e9 / r['ns_per_op'] / (1 << 20):,.0f} MiB/s")
    if "on" in kptis:
        for name in names:
            target = METRICS[name][1]
            r = get.get((name, "on", 1))
            v = r and r["instructions_per_op"]
            if target and v is not None and v > target:
                print(f"target missed: {name} {fmt_insns(v)} instructions per "
                      f"{METRICS[name][0]} with kpti=on (target <= {target:,})")


def print_failures(boots):
    """One paragraph per program and reason, naming the boots it hit."""
    groups, total = {}, {}
    for b in boots:
        total[b.prog] = total.get(b.prog, 0) + 1
        if b.error:
            groups.setdefault((b.prog, b.error), []).append(b)
    for (prog, error), bs in groups.items():
        if len(bs) == total[prog]:
            where = f"all {len(bs)} boots"
        else:
            where = ", ".join(b.label.split(" ", 1)[1] for b in bs)
        print(f"FAILED: {prog}: {error}\n    in: {where}")
        logs = [os.path.relpath(b.logname, ROOT) for b in bs if os.path.exists(b.logname)]
        if logs:
            print(f"    log: {logs[0]}" + (f" (and {len(logs) - 1} more)" if len(logs) > 1 else ""))


def bench(opts):
    for path in (KERNEL, INITRD):
        if not os.path.exists(path):
            sys.exit(f"bench.py: {path} is missing: run make first")
    progs = [p for p, _ in PROGRAMS]
    if opts.only:
        progs = [p for p in progs if p in opts.only.split(",")]
        if not progs:
            sys.exit(f"bench.py: no program among --only {opts.only}")
    kptis = [opts.kpti] if opts.kpti else ["on", "off"]
    start = time.monotonic()
    boots = run_all(progs, kptis, opts)
    recs = records(boots, progs, kptis)
    os.makedirs(os.path.dirname(opts.json), exist_ok=True)
    with open(opts.json, "w") as f:
        json.dump(recs, f, indent=1)
        f.write("\n")
    print_table(recs, kptis)
    for b in boots:
        for w in b.warnings:
            print(f"warning: {w}")
    failed = [b for b in boots if b.error]
    print_failures(boots)
    print(f"\nwrote {os.path.relpath(opts.json, ROOT)}; {len(boots)} boots, "
          f"{len(failed)} failed, {time.monotonic() - start:.0f} s")
    return 1 if failed else 0


# ---- --profile --------------------------------------------------------------

# The trampoline page (kernel symbols _trampoline_start.._trampoline_end)
# is mapped at the top of every address space as well.
TRAMPOLINE_VA = 0xFFFFFFFFFFFFF000
IN_ASM_RE = re.compile(r"^0x([0-9a-f]+):\s")
EXEC_RE = re.compile(r"^Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/")


def tb_counts(logfile):
    """Instructions executed per guest pc from an in_asm,exec,nochain log."""
    counts = {}
    pending = {}  # pc of a block just translated -> its instruction addresses
    bound = {}  # host code pointer -> instruction addresses of that block
    block = None
    with open(logfile, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                block = []
                continue
            m = EXEC_RE.match(line)
            if m:
                if block:
                    pending[block[0]] = block
                block = None
                host, pc = m.group(1), int(m.group(2), 16)
                if pc in pending:
                    bound[host] = pending.pop(pc)
                for a in bound.get(host, ()):
                    counts[a] = counts.get(a, 0) + 1
                continue
            if block is not None:
                m = IN_ASM_RE.match(line)
                if m:
                    block.append(int(m.group(1), 16))
                elif not line.strip() and block:
                    pending[block[0]] = block
                    block = None
    return counts


class Symbols:
    """Address -> function name from `nm -n` of several ELF files."""

    def __init__(self, elves):
        syms = []
        for tag, path in elves:
            out = subprocess.run([NM, "-n", path], capture_output=True, text=True).stdout
            for ln in out.splitlines():
                parts = ln.split()
                if len(parts) == 3 and parts[1] in "tTwW" and not parts[2].startswith((".L", "$")):
                    syms.append((int(parts[0], 16), f"{tag}:{parts[2]}"))
        syms.sort()
        self.addrs = [a for a, _ in syms]
        self.names = [n for _, n in syms]
        self.trampoline = next((a for a, n in syms if n == "kernel:_trampoline_start"), None)

    def name(self, addr):
        """(function name, whether addr is its first instruction)."""
        if 0x80000000 <= addr < 0x80080000:
            return "opensbi (M mode)", False
        if addr >= TRAMPOLINE_VA and self.trampoline is not None:
            addr = addr - TRAMPOLINE_VA + self.trampoline
        i = bisect.bisect_right(self.addrs, addr) - 1
        if i < 0 or addr - self.addrs[i] > 0x100000:
            return f"? {addr:#x}", False
        return self.names[i], addr == self.addrs[i]


def rounds(pages):
    """page_fault's whole rounds of 256 pages for a PAGES argument."""
    return (pages + 255) // 256


def profile(opts):
    prog = opts.profile
    if prog not in PROFILE_ARGS:
        sys.exit(f"bench.py: no benchmark {prog}")
    kpti = opts.kpti or "on"
    small, large = PROFILE_ARGS[prog]
    pdir = os.path.join(BUILD, "bench-profile")
    os.makedirs(pdir, exist_ok=True)
    per_fn = []
    for n in (small, large):
        log = os.path.join(pdir, f"{prog}-kpti{kpti}-{n}.log")
        cmd = qemu_cmd(prog, kpti, 1, True, str(n), ["-d", "in_asm,exec,nochain", "-D", log])
        print(f"profiling {prog} kpti={kpti} with {n} iterations...", flush=True)
        rc, out = run_qemu(cmd, opts.timeout * 5)
        if rc != 0:
            sys.exit(f"bench.py: profile boot failed: {describe_failure(rc, out, opts.timeout * 5)}")
        per_fn.append((n, tb_counts(log), out))
        os.unlink(log)
    syms = Symbols([("kernel", KERNEL), ("user", os.path.join(BUILD, "user", "bench", prog))])
    (n1, c1, _), (n2, c2, out2) = per_fn
    by_fn, entries = {}, {}
    for addr in set(c1) | set(c2):
        d = c2.get(addr, 0) - c1.get(addr, 0)
        if d:
            fn, first = syms.name(addr)
            by_fn[fn] = by_fn.get(fn, 0) + d
            if first:
                entries[fn] = entries.get(fn, 0) + d
    ops = n2 - n1
    metric = dict(PROGRAMS)[prog][0]
    if prog == "pipe_bandwidth":
        ops *= 1 << 20
    elif prog == "page_fault":
        ops = (rounds(n2) - rounds(n1)) * 256
    total = sum(by_fn.values()) / ops
    print(f"\n{prog} (kpti={kpti}): {total:,.1f} instructions per {METRICS[metric][0]} "
          f"(difference of {n2} and {n1} iterations, the whole program)")
    for m in map(BENCH_RE.match, out2.splitlines()):
        if m:
            print(f"  (its own measured loop: {int(m.group(4)) / int(m.group(2)):,.1f} per op "
                  f"for {m.group(1)}; the profile also counts warm-up and set-up per iteration)")
    print(f"{'insns/op':>10}  {'share':>6}  {'entries/op':>10}  function")
    shown = [kv for kv in by_fn.items() if abs(kv[1]) / ops >= 0.05]
    for fn, d in sorted(shown, key=lambda kv: -kv[1])[:opts.top]:
        print(f"{d / ops:10.1f}  {100 * d / ops / total:5.1f}%  "
              f"{entries.get(fn, 0) / ops:10.2f}  {fn}")
    print("(entries: executions of the function's first instruction, i.e. calls,"
          " traps or jumps to it)")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="comma-separated programs to run (default: all)")
    ap.add_argument("--kpti", choices=["on", "off"], help="only this kpti setting")
    ap.add_argument("--quick", action="store_true", help="tiny iteration counts: a smoke test")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per boot (default 60)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="parallel icount boots (default: host CPUs)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="wall-time boots per configuration; the median counts (default 3)")
    ap.add_argument("--json", default=os.path.join(BUILD, "bench.json"), help="output file")
    ap.add_argument("--profile", metavar="PROG", help="profile one benchmark instead")
    ap.add_argument("--top", type=int, default=25, help="functions shown by --profile")
    opts = ap.parse_args()
    return profile(opts) if opts.profile else bench(opts)


if __name__ == "__main__":
    sys.exit(main())
