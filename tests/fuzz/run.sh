#!/bin/sh
# run.sh — `make fuzz`'s driver: runs libFuzzer harnesses one after the other.
#
#   sh tests/fuzz/run.sh BUILD SECONDS HARNESS...
#   sh tests/fuzz/run.sh --merge BUILD HARNESS...
#
# For each HARNESS (built by `make fuzz` as BUILD/fuzz/fuzz_HARNESS), the
# working corpus BUILD/fuzz/corpus-HARNESS/ is seeded with
# tests/fuzz/corpus/HARNESS/ and the harness's other seeds (the shipped
# policies, caseloads, mappings, goldens; the language server's scripted
# session), then the harness runs for SECONDS from the repository root, on
# one core, with at most 10 s on one input (longer is a hang, a finding like
# a crash). Its log is BUILD/fuzz/HARNESS.log; a crash, leak, hang or
# sanitizer report leaves its reproducer as BUILD/fuzz/HARNESS-crash-SHA1
# (or -leak-, -timeout-, -oom-). One line per harness says what ran:
#   fuzz parse: 60 s, 123456 executions, corpus 1234 inputs (56 new), peak 410 MB
# and FAIL with the reproducer's name when it found something. Exits 1 when
# any harness did (the others still run).
#
# --merge adds to tests/fuzz/corpus/HARNESS/ the inputs of the working
# corpus that reach code (edges) the checked-in corpus does not
# (libFuzzer's -merge=1 -use_counters=0), named lf-SHA1 as the others,
# leaving out any that names this checkout's directory; review them, keep
# the replay of `make test` fast (seconds), and commit.

cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)

# The largest input each harness is given.
max_len() {
    case $1 in
        date) echo 64 ;;
        date_args) echo 256 ;;
        parse | fmt | policy) echo 4096 ;;
        mapping | lsp) echo 16384 ;;
        *) echo 8192 ;;
    esac
}

if [ "$1" = --merge ]; then
    build=$2
    shift 2
    for h in "$@"; do
        bin=$build/fuzz/fuzz_$h
        [ -x "$bin" ] || { echo "run.sh: $bin is missing: run make fuzz FUZZ=$h first"; exit 2; }
        into=$build/fuzz/merge-$h
        rm -rf "$into" && mkdir -p "$into" tests/fuzz/corpus/"$h"
        # The checked-in corpus first, so that only what the working corpus
        # adds is written beside it; edges only (no hit counts), so that an
        # input is kept for code it reaches, not for looping more.
        cp tests/fuzz/corpus/"$h"/* "$into"/ 2>/dev/null
        "$bin" -merge=1 -use_counters=0 -timeout=10 -max_len="$(max_len "$h")" "$into" "$build/fuzz/corpus-$h" \
            >"$build/fuzz/merge-$h.log" 2>&1 || { echo "run.sh: merge of $h failed, see $build/fuzz/merge-$h.log"; exit 1; }
        n=0
        for f in "$into"/*; do
            name=$(basename "$f")
            [ -e tests/fuzz/corpus/"$h"/"$name" ] && continue
            # Not an input naming this checkout (the language server's
            # session seeds): the corpus replays the same on every machine.
            grep -q -F "$root" "$f" && continue
            cp "$f" tests/fuzz/corpus/"$h"/lf-"$name"
            n=$((n + 1))
        done
        echo "fuzz $h: $n inputs added to tests/fuzz/corpus/$h/"
    done
    exit 0
fi

if [ $# -lt 3 ]; then
    echo "usage: sh tests/fuzz/run.sh BUILD SECONDS HARNESS..." >&2
    exit 2
fi
build=$1
seconds=$2
shift 2

# Copy the seeds of harness $1 into directory $2, besides its corpus.
seeds() {
    case $1 in
        parse) cp policies/examples/*.docket tests/golden/check/*.docket "$2"/ ;;
        table) cp tests/unit/fixtures/csv-spectrum/csvs/*.csv policies/*/examples/*.csv \
               tests/golden/eval/data/*.csv tests/golden/eval/data/*.jsonl "$2"/ 2>/dev/null ;;
        mapping) cp policies/mappings/*.docket tests/golden/map/data/*.docket "$2"/ ;;
        policy) cp policies/examples/*.docket tests/golden/check/*.docket tests/formats/*.docket \
                tests/golden/doc/data/*.docket "$2"/ ;;
        # The scripted session of tests/lsp/, as in the corpus: its file URIs
        # under a root that does not exist, the same on every machine.
        lsp) sed "s|@ROOT@|/docket-fuzz|g" tests/lsp/session.txt | "$build"/frames wrap >"$2"/session ;;
    esac
    return 0
}

# The value of libFuzzer's final statistic $2 in log $1.
stat() {
    sed -n "s/^stat::$2: *\\([0-9]*\\).*/\\1/p" "$1" | tail -n 1
}

failed=0
for h in "$@"; do
    bin=$build/fuzz/fuzz_$h
    log=$build/fuzz/$h.log
    corpus=$build/fuzz/corpus-$h
    [ -x "$bin" ] || { echo "run.sh: $bin is missing: run make fuzz"; exit 2; }
    mkdir -p "$corpus"
    [ -d tests/fuzz/corpus/"$h" ] && cp tests/fuzz/corpus/"$h"/* "$corpus"/
    seeds "$h" "$corpus"
    before=$(find "$corpus" -type f | wc -l)
    rm -f "$build/fuzz/$h"-crash-* "$build/fuzz/$h"-leak-* "$build/fuzz/$h"-timeout-* "$build/fuzz/$h"-oom-*
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$h")" \
        -print_final_stats=1 -artifact_prefix="$build/fuzz/$h-" "$corpus" >"$log" 2>&1
    rc=$?
    after=$(find "$corpus" -type f | wc -l)
    line="fuzz $h: $seconds s, $(stat "$log" number_of_executed_units) executions, corpus $after inputs ($((after - before)) new), peak $(stat "$log" peak_rss_mb) MB"
    if [ $rc -ne 0 ]; then
        found=$(ls "$build/fuzz/$h"-crash-* "$build/fuzz/$h"-leak-* "$build/fuzz/$h"-timeout-* "$build/fuzz/$h"-oom-* 2>/dev/null | head -n 1)
        echo "FAIL $line: exit status $rc, reproducer ${found:-none}; the report:"
        grep -m 1 -A 30 -E '^==[0-9]+==|^(ERROR|SUMMARY|INFO: .*timeout)|runtime error|ALARM' "$log" | head -n 40
        [ -n "$found" ] && echo "reproduce: $bin $found (then add it to tests/fuzz/corpus/$h/)"
        failed=$((failed + 1))
    else
        echo "$line"
    fi
done
[ "$failed" -eq 0 ]
