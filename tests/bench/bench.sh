#!/bin/sh
# bench.sh — `make bench`: speed and peak memory of docket on synthetic
# caseloads, against a read-and-split floor built and run alongside.
#
#   sh tests/bench/bench.sh build/docket
#
# Builds tests/bench/{gen,floor,measure}.c (cc -O2), writes
# build/bench/caseload-N.csv for N in $BENCH_SIZES (default 10000 20000
# 40000; the same bytes every time: the generator's seed is fixed), and
# for each size runs, each under measure (wall time, peak RSS from wait4,
# bytes written):
#   floor      read and split every field, nothing else (tests/bench/floor.c)
#   reading    eval of a policy with Islington's events and no rules
#   eval       Islington and Lincolnshire, --format json, text and csv
#              (default --jobs: the online CPUs) and json with --jobs 1
#   diff       diff --events of Islington against itself (both evaluated)
# and prints one line per run: wall seconds, peak MiB, rows/s, MB/s of
# output and the ratio to the floor's wall time (diff: also to one text
# eval). Each figure is the fastest of $BENCH_REPEAT runs (default 1): the
# machine is shared, so prefer instruction counts from callgrind for
# before/after comparisons (docs/performance.md says how).
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
mkdir -p "$out"
for tool in gen floor measure; do
    if [ ! -x "$out/$tool" ] || [ "tests/bench/$tool.c" -nt "$out/$tool" ]; then
        ${CC:-cc} -O2 -o "$out/$tool" "tests/bench/$tool.c" || exit 1
        [ "$tool" = gen ] && rm -f "$out"/caseload-*.csv
    fi
done
# A policy with Islington's vocabulary and no rules: what reading costs.
# It lives in a policy tree of its own (imports may not leave the tree),
# with a copy of policies/common beside it.
mkdir -p "$out/policies/bench"
rm -rf "$out/policies/common"
cp -R policies/common "$out/policies/common"
{
    printf 'policy bench.reading_only\n  title "Islington vocabulary, no rules: reading alone"\n\n'
    printf 'import "../common/statutory.docket"\n\n'
    grep '^event' policies/islington/supervision_orders.docket
} >"$out/policies/bench/reading-only.docket"

isl=policies/islington/supervision_orders.docket
lin=policies/lincolnshire/cp_plans_and_isos.docket
as_of=2026-01-01
repeat=${BENCH_REPEAT:-1}

# best CMD...: the fastest of $repeat runs under measure, as
# "wall maxrss_kib out_bytes status".
best() {
    b=
    i=0
    while [ $i -lt "$repeat" ]; do
        r=$("$out/measure" - "$@" 2>/dev/null | awk '{ print $2, $4, $6, $8 }')
        if [ -z "$b" ] || awk -v a="$r" -v b="$b" 'BEGIN { split(a, x); split(b, y); exit !(x[1] < y[1]) }'; then
            b=$r
        fi
        i=$((i + 1))
    done
    echo "$b"
}

printf '%-8s %-12s %-8s %-5s %8s %9s %11s %9s %8s\n' cases run format jobs wall_s peak_MiB rows/s out_MB/s x_floor
for n in ${BENCH_SIZES:-10000 20000 40000}; do
    data=$out/caseload-$n.csv
    if [ ! -s "$data" ]; then
        "$out/gen" "$n" >"$data.tmp" && mv "$data.tmp" "$data" || exit 1
    fi
    rows=$(($(wc -l <"$data") - 1))
    floor=$(best "$out/floor" "$data")
    fw=${floor%% *}
    # line NAME FORMAT JOBS RESULT [BASE_WALL]
    line() {
        set -- "$1" "$2" "$3" $4 "$5"
        awk -v n="$n" -v name="$1" -v f="$2" -v j="$3" -v w="$4" -v kb="$5" -v o="$6" -v st="$7" \
            -v rows="$rows" -v fw="$fw" -v base="$8" 'BEGIN {
            if (w <= 0) w = 0.001
            printf "%-8s %-12s %-8s %-5s %8.3f %9.1f %11.0f %9.1f %8.1f", n, name, f, j, w, kb / 1024,
                   rows / w, o / w / 1e6, w / fw
            if (base != "") printf "  (%.2fx one eval)", w / base
            if (st != 0) printf "  EXIT %d", st
            printf "\n"
        }'
    }
    line floor split 1 "$floor"
    line reading csv default "$(best "$docket" eval "$out/policies/bench/reading-only.docket" "$data" --as-of $as_of --format csv)"
    for p in "$isl" "$lin"; do
        name=$(basename "$(dirname "$p")")
        for f in json text csv; do
            line "$name" $f default "$(best "$docket" eval "$p" "$data" --as-of $as_of --format $f)"
        done
        line "$name" json 1 "$(best "$docket" eval "$p" "$data" --as-of $as_of --format json --jobs 1)"
    done
    one=$(best "$docket" eval "$isl" "$data" --as-of $as_of --format text)
    diff=$(best "$docket" diff "$isl" "$isl" --events "$data" --as-of $as_of)
    line diff-events text default "$diff" "${one%% *}"
done
