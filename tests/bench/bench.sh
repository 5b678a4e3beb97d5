#!/bin/sh
# bench.sh — evaluation speed and peak memory on a synthetic caseload.
#
#   sh tests/bench/bench.sh build/docket
#
# Builds tests/bench/gen.c (cc -O2) and writes build/bench/caseload.csv
# (10,000 cases, about a million events, fixed seed) when missing, then runs
#   docket eval policies/examples/sample.docket build/bench/caseload.csv \
#       --as-of 2026-01-01 --format csv > /dev/null
# under /usr/bin/time -v and prints events per second and peak RSS in MB.
# Without /usr/bin/time (Debian package `time`), the shell's clock is used
# and memory is not measured.

if [ $# -ne 1 ]; then
    echo "usage: sh tests/bench/bench.sh DOCKET-BINARY" >&2
    exit 2
fi
docket=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
case $docket in
    /*) ;;
    *) docket=$root/$docket ;;
esac

out=build/bench
data=$out/caseload.csv
mkdir -p "$out"
if [ ! -x "$out/gen" ] || [ tests/bench/gen.c -nt "$out/gen" ]; then
    ${CC:-cc} -O2 -o "$out/gen" tests/bench/gen.c || exit 1
    rm -f "$data"
fi
if [ ! -s "$data" ]; then
    echo "bench: generating $data"
    "$out/gen" 10000 >"$data.tmp" && mv "$data.tmp" "$data" || exit 1
fi
# Data rows (the file has no quoted newlines).
events=$(($(wc -l <"$data") - 1))
policy=policies/examples/sample.docket
log=$out/time.log

if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$docket" eval "$policy" "$data" --as-of 2026-01-01 --format csv \
        >/dev/null 2>"$log"
    rc=$?
    secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
else
    echo "bench: /usr/bin/time not found (Debian package 'time'); memory not measured"
    start=$(date +%s.%N)
    "$docket" eval "$policy" "$data" --as-of 2026-01-01 --format csv >/dev/null 2>"$log"
    rc=$?
    end=$(date +%s.%N)
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    kb=
fi
if [ "$rc" -ne 0 ]; then
    echo "bench: docket eval failed (exit $rc):"
    cat "$log"
    exit 1
fi
awk -v n="$events" -v s="$secs" -v kb="$kb" 'BEGIN {
    if (s <= 0) s = 0.01
    printf "events:          %d\n", n
    printf "time:            %.2f s\n", s
    printf "events/second:   %.0f\n", n / s
    if (kb != "") printf "peak RSS:        %.1f MB\n", kb / 1024
}'
