#!/bin/sh
# jobs.sh — the output does not depend on --jobs. For every shipped caseload
# (each policy with its examples/*.csv), every report format, `eval` with
# --jobs 1, 2 and 7 must print the same bytes on standard output and
# standard error and exit alike. Reading a named file (two passes, one case
# at a time) must give what reading standard input (every event held in
# memory) gives, with the rows grouped by case and with them reversed. A
# generated caseload of 4 MiB, whose first pass is checked in parts on
# several threads, gives with --jobs 2 and 7 what one pass gives, with bad
# rows, CRLF line ends, quoted line breaks and as JSON Lines.
#
#   sh tests/jobs.sh build/docket-san
docket=${1:?usage: sh tests/jobs.sh DOCKET}
tmp=${TMPDIR:-/tmp}/docket-jobs.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
as_of=2025-11-03
checked=0
failed=0

# same NAME CMD...: run CMD with --jobs 1, 2 and 7 and compare.
same() {
    name=$1
    shift
    for j in 1 2 7; do
        "$docket" "$@" --jobs $j >"$tmp/out.$j" 2>"$tmp/err.$j"
        echo $? >"$tmp/rc.$j"
    done
    checked=$((checked + 1))
    for j in 2 7; do
        for f in out err rc; do
            if ! cmp -s "$tmp/$f.1" "$tmp/$f.$j"; then
                echo "FAIL jobs: $name: --jobs $j changes standard $f (or status) from --jobs 1"
                failed=$((failed + 1))
                return
            fi
        done
    done
    if [ "$(cat "$tmp/rc.1")" != 0 ] && [ "$(cat "$tmp/rc.1")" != 1 ]; then
        echo "FAIL jobs: $name: exit status $(cat "$tmp/rc.1")"
        cat "$tmp/err.1"
        failed=$((failed + 1))
    fi
}

for policy in policies/examples/sample.docket policies/islington/supervision_orders.docket \
              policies/lincolnshire/cp_plans_and_isos.docket; do
    dir=$(dirname "$policy")
    for cases in "$dir"/examples/*.csv policies/examples/sample-caseload.csv; do
        [ -f "$cases" ] || continue
        for format in text json csv html; do
            same "eval $policy $cases --format $format" \
                eval "$policy" "$cases" --as-of $as_of --format $format
        done
        same "eval $policy $cases --explain" eval "$policy" "$cases" --as-of $as_of --explain
    done
done
# diff --events: both versions case by case
for new in tests/golden/diff/data/deadline-tightened.docket tests/golden/diff/data/condition-added.docket; do
    for format in text markdown json; do
        same "diff sample $new --events --format $format" diff tests/golden/diff/data/sample.docket "$new" \
            --events policies/examples/sample-caseload.csv --as-of $as_of --format $format --all
    done
done
same "diff islington lincolnshire --events" diff policies/islington/supervision_orders.docket \
    policies/lincolnshire/cp_plans_and_isos.docket --events policies/islington/examples/caseload.csv --as-of $as_of

# test --mutants: each mutant's suite on several threads
for j in 1 2 7; do
    "$docket" test --mutants --coverage --jobs $j policies/examples/sample-tests.docket \
        policies/islington/supervision_orders.docket policies/lincolnshire/cp_plans_and_isos.docket \
        >"$tmp/test.$j" 2>&1
done
checked=$((checked + 1))
if ! cmp -s "$tmp/test.1" "$tmp/test.2" || ! cmp -s "$tmp/test.1" "$tmp/test.7"; then
    echo "FAIL jobs: test --mutants --coverage: the output depends on --jobs"
    failed=$((failed + 1))
fi

# streamed: the file read twice, case by case, against standard input
for policy in policies/islington/supervision_orders.docket policies/lincolnshire/cp_plans_and_isos.docket; do
    dir=$(dirname "$policy")
    for cases in "$dir"/examples/*.csv policies/examples/sample-caseload.csv; do
        head -n 1 "$cases" >"$tmp/reversed.csv"
        tail -n +2 "$cases" | awk 'NF' | sed '1!G;h;$!d' >>"$tmp/reversed.csv"
        for f in "$cases" "$tmp/reversed.csv"; do
            for format in text json csv; do
                "$docket" eval "$policy" "$f" --as-of $as_of --format $format >"$tmp/file.out" 2>"$tmp/file.err"
                "$docket" eval "$policy" - --as-of $as_of --format $format <"$f" >"$tmp/stdin.out" 2>"$tmp/stdin.err"
                checked=$((checked + 1))
                if ! cmp -s "$tmp/file.out" "$tmp/stdin.out"; then
                    echo "FAIL jobs: eval $policy $f --format $format: the file and standard input differ"
                    failed=$((failed + 1))
                fi
            done
        done
    done
done
# A caseload of 4 MiB (tests/bench/gen.c, 1200 cases): its check pass is
# read in parts of at least 1 MiB, one a thread (interpreter/run.c), and
# must say what one pass says: good rows; bad rows spread through the file
# (more than 50: the same 50 reported, the same count of the rest); CRLF
# line ends; quoted notes holding a line break; JSON Lines.
${CC:-cc} -O2 -o "$tmp/gen" tests/bench/gen.c || exit 1
"$tmp/gen" 1200 >"$tmp/large.csv"
awk 'NR > 1 && NR % 1901 == 0 { $0 = "C-BAD,2025-01-01,visit"; print; next }
     NR > 1 && NR % 613 == 0 { sub(/,[0-9-]*,/, ",2025-02-30,") } { print }' "$tmp/large.csv" >"$tmp/large-bad.csv"
awk '{ printf "%s\r\n", $0 }' "$tmp/large.csv" >"$tmp/large-crlf.csv"
awk '{ gsub(/"seen at home, with/, "\"seen at home,\nwith"); print }' "$tmp/large.csv" >"$tmp/large-quoted.csv"
python3 -c '
import csv, json, sys
rows = csv.reader(open(sys.argv[1], newline=""))
head = next(rows)
with open(sys.argv[2], "w") as out:
    for r in rows:
        out.write(json.dumps({k: v for k, v in zip(head, r) if v}) + "\n")
' "$tmp/large.csv" "$tmp/large.jsonl" || exit 1
isl=policies/islington/supervision_orders.docket
lin=policies/lincolnshire/cp_plans_and_isos.docket
for format in text json csv html; do
    same "eval $isl large.csv --format $format" eval "$isl" "$tmp/large.csv" --as-of $as_of --format $format
done
same "eval $lin large.csv --format json" eval "$lin" "$tmp/large.csv" --as-of $as_of --format json
for f in large-bad.csv large-crlf.csv large-quoted.csv large.jsonl; do
    same "eval $isl $f" eval "$isl" "$tmp/$f" --as-of $as_of
done
"$docket" eval "$isl" "$tmp/large-bad.csv" --as-of $as_of --jobs 7 >/dev/null 2>"$tmp/bad.err"
checked=$((checked + 1))
if [ "$(grep -c 'invalid date "2025-02-30"' "$tmp/bad.err")" -ne 50 ] || ! grep -q ' more bad rows not shown$' "$tmp/bad.err"; then
    echo "FAIL jobs: eval large-bad.csv --jobs 7: not the first 50 bad rows and a count of the rest"
    failed=$((failed + 1))
fi
same "diff $isl $lin --events large.csv" diff "$isl" "$lin" --events "$tmp/large.csv" --as-of $as_of
echo "jobs: $checked runs compared (--jobs 1, 2 and 7; file and standard input): $failed differ"
[ "$failed" -eq 0 ]
