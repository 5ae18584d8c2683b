#!/bin/sh
# Build Tern's initramfs: a newc cpio archive (what -initrd hands the
# kernel) holding each user program PROG (built as BUILD_USER_DIR/PROG)
# at /PROG -- so "init" becomes /init and "tests/hello" /tests/hello --
# plus the empty directories /dev, /tmp and /proc that the kernel mounts
# on. The archive is reproducible: entries sorted, owner root:root, mode
# 0755, every mtime 0, inode numbers renumbered by cpio. Programs are
# stripped: the unstripped ones stay in BUILD_USER_DIR for debugging.
#
# usage: tools/mkinitramfs.sh OUT BUILD_USER_DIR PROG...
set -eu

if [ $# -lt 3 ]; then
	echo "usage: $0 OUT BUILD_USER_DIR PROG..." >&2
	exit 2
fi
out=$1
src=$2
shift 2

stage=$(mktemp -d "${TMPDIR:-/tmp}/tern-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir "$stage/dev" "$stage/tmp" "$stage/proc"
for prog in "$@"; do
	case $prog in
	/* | *..*)
		echo "$0: $prog: program names are relative and stay inside $src" >&2
		exit 1
		;;
	esac
	mkdir -p "$stage/$(dirname "$prog")"
	# Debug info stays in build/user (for gdb); the image carries code.
	${STRIP:-riscv64-linux-gnu-strip} -o "$stage/$prog" "$src/$prog"
done

find "$stage" -exec chmod 0755 {} +
find "$stage" -exec touch -h -d @0 {} +
tmp="$out.tmp.$$"
(
	cd "$stage"
	# "." itself is left out: the kernel's root directory already exists.
	find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc --quiet --owner=0:0 --reproducible
) > "$tmp"
mv "$tmp" "$out"
