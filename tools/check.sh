#!/bin/sh
# Static checks over kernel/, run by `make check` (and so by `make test`).
# Exits non-zero when any check fails, after running all of them, and
# says which failed. A missing tool is a failure, never a skipped check.
#
#  1. sparse over every kernel .c file, for riscv64, with the kernel's
#     include paths and defines (__CHECKER__ turns on the __user address
#     space in compiler.h). Any sparse output fails: address-space mixes,
#     noderef dereferences, undeclared non-static symbols...
#  2. Every header under kernel/ compiles on its own (included twice, so a
#     missing #pragma once shows) with the kernel's flags, and has
#     #pragma once.
#  3. No include cycles between kernel headers, and every #include goes
#     down the table of layers (LAYERS below, docs/architecture.md): a
#     lower layer never includes an upper one.
#  4. clang-format --dry-run --Werror over kernel/**/*.[ch] (.clang-format).
#  5. Grep rules: no asm/__asm__ or CSR instruction (csrr, csrw, ...) in
#     kernel/ outside kernel/arch/riscv/, no assembly files there either;
#     no #include of another directory's internal.h; no #include of hosted
#     (libc) headers: only freestanding C headers, Linux UAPI headers
#     (linux/, asm/, asm-generic/) and Tern's own.
#  6. Lock and atomic rules (STYLE.md section 8): no __atomic_ builtin
#     outside kernel/include/atomic.h (use its atomic_* forms); every
#     function named *_locked (a definition: `name_locked(` at the start
#     of a line) has as its first statement, after its declarations,
#     assert_held() or assert_mutex_held() (or KASSERT of spin_held or
#     mutex_held).
#
# The compiler and flags come from the Makefile (KCC, KCFLAGS, B), so they
# cannot drift from the build. See docs/build.md.
set -u

# ---- per-file workers, run in parallel through xargs ----------------------
# Each prints its diagnostics in one piece and exits non-zero on failure.
if [ "${1-}" = "--sparse-one" ]; then
	# shellcheck disable=SC2086
	out=$(sparse $CHECK_SPARSE_FLAGS "$2" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$out" ]; then
		printf 'sparse: %s\n%s\n' "$2" "$out"
		exit 1
	fi
	exit 0
fi
if [ "${1-}" = "--header-one" ]; then
	rel=${2#kernel/}
	src="$CHECK_TMP/hdr_$(printf '%s' "$rel" | tr '/.' '__').c"
	printf '#include "%s"\n#include "%s"\n' "$rel" "$rel" > "$src"
	# shellcheck disable=SC2086
	out=$($CHECK_KCC $CHECK_KCFLAGS -c -o /dev/null "$src" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$out" ]; then
		printf 'header does not compile on its own: %s\n%s\n' "$2" "$out"
		exit 1
	fi
	exit 0
fi
if [ "${1-}" = "--format-one" ]; then
	out=$(clang-format --style=file --dry-run --Werror --ferror-limit=3 "$2" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$out" ]; then
		printf 'not clang-formatted: %s (run clang-format -i %s)\n%s\n' "$2" "$2" "$out"
		exit 1
	fi
	exit 0
fi

# ---- driver ------------------------------------------------------------------
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$SELF")/.." || exit 1
failed=""
fail() {
	failed="$failed
  - $1"
	echo "check: FAILED: $1"
}
section() {
	echo "== $1"
}

CHECK_TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$CHECK_TMP"' EXIT
trap 'exit 130' INT TERM
export CHECK_TMP
JOBS=$(nproc 2>/dev/null || echo 2)

missing=""
for tool in make xargs; do
	command -v "$tool" > /dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	fail "missing tools:$missing (scripts/setup.sh installs them)"
fi

# The build's compiler and flags, read from the Makefile itself. A nested
# make must not inherit the outer make's jobserver or level.
cat > "$CHECK_TMP/vars.mk" <<'EOF'
.PHONY: check-print-vars
check-print-vars:
	$(file >$(CHECK_OUT),$(KCC))
	$(file >>$(CHECK_OUT),$(B))
	$(file >>$(CHECK_OUT),$(KCFLAGS))
	@:
EOF
submake() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory "$@"
}
if ! submake -s -f Makefile -f "$CHECK_TMP/vars.mk" CHECK_OUT="$CHECK_TMP/vars" \
		check-print-vars; then
	fail "could not read KCC/KCFLAGS from the Makefile"
	echo "check: cannot continue without the build flags"
	exit 1
fi
KCC=$(sed -n 1p "$CHECK_TMP/vars")
B=$(sed -n 2p "$CHECK_TMP/vars")
KCFLAGS_ALL=$(sed -n 3p "$CHECK_TMP/vars")

# Compile flags without dependency-file output (-MMD would write /dev/null.d).
CHECK_KCFLAGS=""
# Sparse gets what shapes the preprocessor and the target: -I/-D/-U/-std,
# -ffreestanding, -mabi/-mcmodel, and -march cut to its single-letter base
# (sparse 0.6.4 rejects the _zicsr_zifencei extension names).
SPARSE_KFLAGS=""
for f in $KCFLAGS_ALL; do
	case $f in
	-MMD | -MD | -MP) continue ;;
	esac
	CHECK_KCFLAGS="$CHECK_KCFLAGS $f"
	case $f in
	-march=*) SPARSE_KFLAGS="$SPARSE_KFLAGS ${f%%_*}" ;;
	-I* | -D* | -U* | -std=* | -ffreestanding | -mabi=* | -mcmodel=*)
		SPARSE_KFLAGS="$SPARSE_KFLAGS $f" ;;
	esac
done
CHECK_KCC=$KCC
export CHECK_KCC CHECK_KCFLAGS

# Sparse must see the headers the cross compiler sees, not the host's.
SPARSE_INC=""
if ! "$KCC" -std=gnu11 -ffreestanding -xc -E -v /dev/null -o /dev/null \
		> "$CHECK_TMP/inc" 2>&1; then
	fail "$KCC does not run"
fi
sed -n '/<\.\.\.> search starts here:/,/End of search list/p' "$CHECK_TMP/inc" |
	sed '1d;$d' > "$CHECK_TMP/incdirs"
while read -r d; do
	SPARSE_INC="$SPARSE_INC -isystem $d"
done < "$CHECK_TMP/incdirs"
CHECK_SPARSE_FLAGS="--arch=riscv64 -m64 -nostdinc $SPARSE_INC $SPARSE_KFLAGS"
export CHECK_SPARSE_FLAGS

find kernel -name '*.c' | LC_ALL=C sort > "$CHECK_TMP/cfiles"
find kernel -name '*.h' | LC_ALL=C sort > "$CHECK_TMP/hfiles"

# Files that include the generated offsets need the header built first.
if [ -f kernel/arch/riscv/asm-offsets.c ]; then
	section "generated headers"
	submake -s "$B/generated/asm-offsets.h" || fail "generating $B/generated/asm-offsets.h"
	submake -s "$B/generated/syscall_wrappers.h" || fail "generating $B/generated/syscall_wrappers.h"
fi

section "sparse ($(wc -l < "$CHECK_TMP/cfiles") files)"
if command -v sparse > /dev/null 2>&1; then
	xargs -P "$JOBS" -n 1 "$SELF" --sparse-one < "$CHECK_TMP/cfiles" ||
		fail "sparse (see the warnings above)"
else
	fail "sparse: not installed"
fi

section "headers compile on their own ($(wc -l < "$CHECK_TMP/hfiles") headers)"
xargs -P "$JOBS" -n 1 "$SELF" --header-one < "$CHECK_TMP/hfiles" ||
	fail "standalone header compiles (see above)"

section "include cycles, #pragma once and grep rules"
if command -v python3 > /dev/null 2>&1; then
	python3 - "$B" <<'EOF' || fail "include, atomic and lock rules (see above)"
import os
import re
import sys

GEN = sys.argv[1] + "/generated"
INC_DIRS = ["kernel/include", "kernel", "kernel/include/uapi", "kernel/arch/riscv/include"]
ARCH = "kernel/arch/riscv/"
FREESTANDING = {"float.h", "iso646.h", "limits.h", "stdalign.h", "stdarg.h",
                "stdbool.h", "stddef.h", "stdint.h", "stdnoreturn.h"}
UAPI = ("linux/", "asm/", "asm-generic/")
GENERATED = {"asm-offsets.h", "syscall_wrappers.h"}
INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]', re.M)
ASM_RE = re.compile(r"\b(asm|__asm__|__asm)\b")
CSR_RE = re.compile(r"\bcsr(r[wsc]?|[wsc])i?\b")
ATOMIC_RE = re.compile(r"\b__atomic_\w+")
ATOMIC_HOME = "kernel/include/atomic.h"
LOCKED_DEF_RE = re.compile(r"^(\w+_locked)\(", re.M)
LOCK_ASSERT_RE = re.compile(r"^\t(assert_held|assert_mutex_held)\(|"
                            r"^\tKASSERT\((spin_held|mutex_held)\(")
C_KEYWORDS = ("return", "goto", "if", "else", "while", "for", "do", "switch",
              "case", "break", "continue", "sizeof")
# A local declaration at the top of a body: [qualifiers] type [*]name
# [array] then '=', ';' or ',' (a statement has no second identifier).
DECL_RE = re.compile(r"^\t(?!(?:%s)\b)(?:(?:const|static|volatile|unsigned|signed|"
                     r"struct|enum|union)\s+)*[A-Za-z_]\w*(?:\s+|\s*\*+\s*)\**"
                     r"[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*[=;,]" % "|".join(C_KEYWORDS))
TOKEN_RE = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'
                      r"'(?:\\.|[^'\\\n])*'", re.S)

errors = []

# The layers, lowest first (docs/architecture.md draws them). A file may
# include headers of its own layer and of the layers below it, never
# above: the directory include graph is then a DAG. LAYER_ONLY narrows
# a layer further (lib/ depends on nothing but include/).
LAYERS = [
    ("include", "kernel/include/"),
    ("arch-api", "kernel/arch/riscv/include/"),
    ("lib", "kernel/lib/"),
    ("locking", "kernel/locking/"),
    ("printk", "kernel/printk/"),
    ("random", "kernel/random/"),
    ("sched", "kernel/sched/"),
    ("mm", "kernel/mm/"),
    ("time", "kernel/time/"),
    ("fs", "kernel/fs/"),
    ("tty", "kernel/tty/"),
    ("drivers", "kernel/drivers/"),
    ("proc", "kernel/proc/"),
    ("sys", "kernel/sys/"),
    ("main", "kernel/main"),
    ("main", "kernel/panic"),
    ("arch", "kernel/arch/riscv/"),
]
LAYER_ONLY = {"lib": {"include"}}
RANK = {}
for name, _ in LAYERS:
    RANK.setdefault(name, len(RANK))


def layer_of(path):
    """The layer a kernel file belongs to (longest matching prefix)."""
    best = None
    for name, prefix in LAYERS:
        if path.startswith(prefix) and (best is None or len(prefix) > len(best[1])):
            best = (name, prefix)
    return best[0] if best else None


def edge_allowed(src_layer, dst_layer):
    if src_layer == dst_layer:
        return True
    if src_layer in LAYER_ONLY:
        return dst_layer in LAYER_ONLY[src_layer]
    return RANK[dst_layer] < RANK[src_layer]



def blank(text, keep_strings):
    """Replace comments (and string/char literals unless keep_strings)
    with spaces, keeping newlines so line numbers stay right."""
    def sub(m):
        s = m.group(0)
        if keep_strings and s[0] in "\"'":
            return s
        return re.sub(r"[^\n]", " ", s)
    return TOKEN_RE.sub(sub, text)


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def check_locked_functions(src, code):
    """Each *_locked definition must open with its lock assertion (after
    its declarations). code has comments and literals blanked."""
    found = []
    lines = code.split("\n")
    for m in LOCKED_DEF_RE.finditer(code):
        name, i = m.group(1), line_of(code, m.start()) - 1
        # The end of the parameter list: a prototype ends with ';'.
        while i < len(lines) and not lines[i].rstrip().endswith((")", ";")):
            i += 1
        if i >= len(lines) or lines[i].rstrip().endswith(";"):
            continue
        i += 1
        if i >= len(lines) or lines[i].strip() != "{":
            continue
        i += 1
        # Skip declarations, their continuation lines and blank lines.
        while i < len(lines) and (not lines[i].strip() or DECL_RE.match(lines[i]) or
                                  lines[i].startswith(("\t\t", "\t "))):
            i += 1
        if i >= len(lines) or not LOCK_ASSERT_RE.match(lines[i]):
            found.append(f"{src}:{i + 1}: {name}() does not start with its lock "
                         f"assertion (assert_held() or assert_mutex_held(); "
                         f"STYLE.md section 8)")
    return found


def resolve(src, kind, name):
    """The kernel/ file an include names, or None when it is not one."""
    dirs = ([os.path.dirname(src)] if kind == '"' else []) + INC_DIRS
    for d in dirs:
        p = os.path.normpath(os.path.join(d, name))
        if os.path.isfile(p):
            return p
    return None


files = []
for root, _, names in os.walk("kernel"):
    for n in names:
        if n.endswith((".c", ".h", ".S", ".s", ".inc")):
            files.append(os.path.join(root, n))
files.sort()

graph = {}
for src in files:
    with open(src, encoding="utf-8", errors="replace") as f:
        raw = f.read()
    code = blank(raw, keep_strings=False)
    code_s = blank(raw, keep_strings=True)
    if src.endswith((".S", ".s")) and not src.startswith(ARCH):
        errors.append(f"{src}: assembly outside {ARCH}")
    if src.endswith(".h") and not re.search(r"^[ \t]*#[ \t]*pragma[ \t]+once\b",
                                            code, re.M):
        errors.append(f"{src}: header without #pragma once")
    if not src.startswith(ARCH) and src.endswith((".c", ".h")):
        # Directives name files like <asm-generic/errno.h>; skip them.
        no_pp = re.sub(r"^[ \t]*#[ \t]*include[^\n]*", "", code, flags=re.M)
        for m in ASM_RE.finditer(no_pp):
            errors.append(f"{src}:{line_of(no_pp, m.start())}: inline assembly "
                          f"outside {ARCH}")
        for m in CSR_RE.finditer(code_s):
            errors.append(f"{src}:{line_of(code_s, m.start())}: CSR "
                          f"instruction '{m.group(0)}' outside {ARCH}")
    if src != ATOMIC_HOME:
        for m in ATOMIC_RE.finditer(code):
            errors.append(f"{src}:{line_of(code, m.start())}: raw {m.group(0)}: "
                          f"atomics go through {ATOMIC_HOME} (STYLE.md section 8)")
    if src.endswith((".c", ".h")):
        errors.extend(check_locked_functions(src, code))
    deps = graph.setdefault(src, [])
    for m in INCLUDE_RE.finditer(code_s):
        kind, name = m.group(1), m.group(2).strip()
        shown = f"<{name}>" if kind == "<" else f'"{name}"'
        where = f"{src}:{line_of(code_s, m.start())}"
        target = resolve(src, kind, name)
        if os.path.basename(name) == "internal.h":
            tdir = os.path.dirname(target) if target else None
            if tdir != os.path.dirname(src):
                errors.append(f"{where}: includes {shown}, another "
                              f"directory's internal.h")
        if target:
            deps.append(target)
            sl, dl = layer_of(src), layer_of(target)
            if sl is None or dl is None:
                errors.append(f"{where}: {src if sl is None else target} is in no "
                              f"layer (add its directory to LAYERS in tools/check.sh "
                              f"and to docs/architecture.md)")
            elif not edge_allowed(sl, dl):
                errors.append(f"{where}: #include {shown}: layer {sl} may not "
                              f"include layer {dl} (above it or beside it; see "
                              f"docs/architecture.md)")
        elif kind == '"' and os.path.isdir(os.path.join("kernel", name.split("/")[0])):
            pass  # a Tern header that is missing: the compilers say so
        elif not (name in FREESTANDING or name.startswith(UAPI) or
                  name in GENERATED or os.path.isfile(os.path.join(GEN, name))):
            errors.append(f"{where}: includes {shown}: not a freestanding "
                          f"C header, a Linux UAPI header or a Tern header "
                          f"(the kernel has no libc)")

# Include cycles: depth-first search; a back edge closes a cycle.
WHITE, GREY, BLACK = 0, 1, 2
colour = {}
stack = []
cycles = set()


def visit(node):
    colour[node] = GREY
    stack.append(node)
    for nxt in graph.get(node, []):
        if colour.get(nxt, WHITE) == GREY:
            cyc = stack[stack.index(nxt):]
            k = cyc.index(min(cyc))
            cycles.add(tuple(cyc[k:] + cyc[:k]))
        elif colour.get(nxt, WHITE) == WHITE:
            visit(nxt)
    stack.pop()
    colour[node] = BLACK


sys.setrecursionlimit(10000)
for node in sorted(graph):
    if colour.get(node, WHITE) == WHITE:
        visit(node)
for cyc in sorted(cycles):
    errors.append("include cycle: " + " -> ".join(cyc + (cyc[0],)))

for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
else
	fail "python3: not installed"
fi

section "clang-format"
if command -v clang-format > /dev/null 2>&1; then
	if [ ! -f .clang-format ]; then
		fail "clang-format: no .clang-format at the top of the tree"
	else
		cat "$CHECK_TMP/cfiles" "$CHECK_TMP/hfiles" |
			xargs -P "$JOBS" -n 1 "$SELF" --format-one ||
			fail "clang-format (run clang-format -i on the files above)"
	fi
else
	fail "clang-format: not installed"
fi

if [ -n "$failed" ]; then
	echo "check: the following checks failed:$failed"
	exit 1
fi
echo "check: all checks passed"
