#!/bin/sh
# run-bad.sh — the catalogue of bad inputs (tests/bad/).
#
#   sh tests/run-bad.sh build/docket-san [CASE]
#   UPDATE=1 sh tests/run-bad.sh build/docket-san [CASE]   # (re)write expectations
#
# Each folder tests/bad/CASE/ is one bad input: its input files (policies,
# case event files, symlinks, ...), and
#   cmd    one line: the arguments to docket. It is a shell command line after
#          the word `docket`, so it may redirect (`check p.docket >/dev/full`)
#          or feed standard input (`eval p.docket - < e.csv`).
#   setup  (optional) a shell script that makes large inputs, so that the
#          repository does not hold megabytes of them
#   exit   the expected exit status
#   out    the expected standard output and standard error, merged, exact
# Every case runs in a scratch copy of its folder (cp -a keeps symlinks), so
# a command that writes (fmt --write) never changes the catalogue.
# DOCKET_CALENDARS points at policies/calendars/.
# A failing case prints a diff. The run ends with "N passed, N failed" and
# exits 1 when any case failed. NO_COLOR=1 is set so output has no escapes.

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: sh tests/run-bad.sh DOCKET-BINARY [CASE]" >&2
    exit 2
fi
docket=$1
case $docket in
    /*) ;;
    *) docket=$(pwd)/$docket ;;
esac
only=${2:-*}
root=$(cd "$(dirname "$0")/.." && pwd)
NO_COLOR=1
DOCKET_CALENDARS=$root/policies/calendars
export NO_COLOR DOCKET_CALENDARS

tmp=${TMPDIR:-/tmp}/docket-bad.$$
work=${TMPDIR:-/tmp}/docket-bad-work.$$
trap 'rm -rf "$tmp" "$work"' EXIT INT TERM

passed=0
failed=0
for dir in "$root"/tests/bad/$only/; do
    [ -f "$dir/cmd" ] || continue
    name=$(basename "$dir")
    args=$(cat "$dir/cmd")
    rm -rf "$work"
    cp -a "$dir" "$work" || exit 2
    if [ -f "$work/setup" ]; then
        (cd "$work" && sh ./setup) || { echo "FAIL $name: setup failed"; failed=$((failed + 1)); continue; }
    fi
    # The cmd file is a command line: word splitting and redirections are
    # intended.
    (cd "$work" && eval "\"\$docket\" $args") >"$tmp" 2>&1 </dev/null
    rc=$?
    if [ -n "$UPDATE" ]; then
        cp "$tmp" "$dir/out"
        echo "$rc" >"$dir/exit"
        echo "updated $name (exit $rc)"
        passed=$((passed + 1))
        continue
    fi
    ok=1
    if [ ! -f "$dir/out" ] || [ ! -f "$dir/exit" ]; then
        echo "FAIL $name: missing out or exit (run with UPDATE=1)"
        ok=0
    else
        want=$(cat "$dir/exit")
        if [ "$rc" != "$want" ]; then
            echo "FAIL $name: exit status $rc, expected $want"
            ok=0
        fi
        if ! cmp -s "$dir/out" "$tmp"; then
            echo "FAIL $name: output differs"
            diff -u "$dir/out" "$tmp" | sed "s|$tmp|actual|"
            ok=0
        fi
    fi
    if [ $ok -eq 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
