#!/bin/sh
# Boot Tern N times in a row running the stress test (/tests/stress/stress,
# user/tests/stress/) on -smp 4, stopping at the first failure. A run
# passes if QEMU exits 0 (init's status) and the log ends in
# "stress: PASS". Each run's serial log is kept in $LOGDIR (build/stress
# by default) as run-I.log; a failure prints the lines that say why. At
# the end, the operations per second of each workload over the runs
# (minimum, mean, maximum).
#
# usage: tools/stress-loop.sh N [SECONDS [STRESS-ARGS...]]
#   SECONDS      length of each main round (default 20, at most 60)
#   STRESS-ARGS  passed on, e.g. --only locks,mm or --warmup 3
# environment: SMP (4), MEM (512M), KPTI (on or off; the kernel's default,
# off, if unset), LOGDIR (build/stress), KERNEL and INITRD
# (build/kernel.elf and build/initramfs.cpio: run `make` first)
set -eu

usage() {
	echo "usage: $0 N [SECONDS [STRESS-ARGS...]]" >&2
	exit 2
}

[ $# -ge 1 ] || usage
runs=$1
shift
secs=20
if [ $# -ge 1 ]; then
	secs=$1
	shift
fi
case $runs$secs in
*[!0-9]*) usage ;;
esac
smp=${SMP:-4}
mem=${MEM:-512M}
kpti=${KPTI:+ kpti=$KPTI}
logdir=${LOGDIR:-build/stress}
root=$(cd "$(dirname "$0")/.." && pwd)
kernel=${KERNEL:-$root/build/kernel.elf}
initrd=${INITRD:-$root/build/initramfs.cpio}
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "$0: $f is missing: run make first" >&2; exit 1; }
done
mkdir -p "$logdir"
# Warm-up (2 s by default), the main round, the end of each round and the
# watchdog's grace (15 s a round): far more than a healthy run needs.
limit=$((secs + 80))

i=1
while [ "$i" -le "$runs" ]; do
	log=$logdir/run-$i.log
	start=$(date +%s)
	status=0
	timeout -s KILL "$limit" qemu-system-riscv64 -machine virt -smp "$smp" -m "$mem" \
		-nographic -bios default -kernel "$kernel" -initrd "$initrd" \
		-append "init=/tests/stress/stress$kpti -- $secs $*" </dev/null >"$log" 2>&1 ||
		status=$?
	took=$(($(date +%s) - start))
	if [ "$status" -ne 0 ] || ! tr -d '\r' <"$log" | grep -q '^stress: PASS$'; then
		[ "$status" -eq 137 ] && echo "run $i/$runs: no end after $limit s, killed"
		echo "run $i/$runs: FAILED (QEMU status $status, $took s); log: $log"
		tr -d '\r' <"$log" | grep -E 'FAIL|panic|^  *\[|watchdog|stress:   ' | head -60
		echo "stress-loop: $((i - 1)) runs passed in a row before run $i failed"
		exit 1
	fi
	echo "run $i/$runs: PASS ($took s)"
	i=$((i + 1))
done

echo "stress-loop: $runs of $runs runs passed in a row (${secs} s each, -smp $smp)"
echo "operations per second over the runs: minimum, mean, maximum"
i=1
while [ "$i" -le "$runs" ]; do
	tr -d '\r' <"$logdir/run-$i.log"
	i=$((i + 1))
done | awk '
	/^stress: .* [0-9]+ +[0-9]+$/ {
		rate = $NF
		name = $0
		sub(/^stress: /, "", name)
		sub(/ +[0-9]+ +[0-9]+$/, "", name)
		if (!(name in n)) order[++k] = name
		n[name]++
		sum[name] += rate
		if (!(name in lo) || rate < lo[name]) lo[name] = rate
		if (!(name in hi) || rate > hi[name]) hi[name] = rate
	}
	END {
		for (j = 1; j <= k; j++) {
			m = order[j]
			printf "  %-28s %10d %10d %10d\n", m, lo[m], sum[m] / n[m], hi[m]
		}
	}'
