#!/bin/sh
# Install the Debian packages Tern's build and tests need, if any is
# missing. Idempotent and quick when everything is present: it asks dpkg
# first and runs apt only for what is absent.
set -eu

PACKAGES="make gcc gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
linux-libc-dev-riscv64-cross qemu-system-misc qemu-system-data qemu-user
cpio e2fsprogs util-linux gdb-multiarch python3 python3-pytest
python3-pexpect sparse libcriterion-dev pkg-config device-tree-compiler"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
