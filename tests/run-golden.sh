#!/bin/sh
# run-golden.sh — golden tests of the docket command line.
#
#   sh tests/run-golden.sh build/docket-san
#   UPDATE=1 sh tests/run-golden.sh build/docket-san   # (re)write expectations
#
# Every directory tests/golden/*/ (check, eval, fmt, ...) holds cases. A case
# NAME is:
#   NAME.cmd   one line: the arguments to docket, run from the repository root
#              (e.g. "check tests/golden/check/bad-unknown-role.docket")
#   NAME.out   the expected standard output and standard error, merged, exact
#   NAME.exit  the expected exit status
# A failing case prints a diff. The run ends with "N passed, N failed" and
# exits 1 when any case failed. NO_COLOR=1 is set so output has no escapes.

# An optional second argument limits the run to one folder: eval, check, ...
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: sh tests/run-golden.sh DOCKET-BINARY [FOLDER]" >&2
    exit 2
fi
only=${2:-*}
docket=$1
case $docket in
    /*) ;;
    *) docket=$(pwd)/$docket ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
NO_COLOR=1
export NO_COLOR

tmp=${TMPDIR:-/tmp}/docket-golden.$$
trap 'rm -f "$tmp"' EXIT INT TERM

passed=0
failed=0
for cmd in tests/golden/$only/*.cmd; do
    [ -f "$cmd" ] || continue
    base=${cmd%.cmd}
    name=${base#tests/golden/}
    args=$(cat "$cmd")
    # Word splitting of ARGS is intended: the .cmd file is a command line.
    # shellcheck disable=SC2086
    "$docket" $args >"$tmp" 2>&1 </dev/null
    rc=$?
    if [ -n "$UPDATE" ]; then
        cp "$tmp" "$base.out"
        echo "$rc" >"$base.exit"
        echo "updated $name (exit $rc)"
        passed=$((passed + 1))
        continue
    fi
    ok=1
    if [ ! -f "$base.out" ] || [ ! -f "$base.exit" ]; then
        echo "FAIL $name: missing $base.out or $base.exit (run with UPDATE=1)"
        ok=0
    else
        want=$(cat "$base.exit")
        if [ "$rc" != "$want" ]; then
            echo "FAIL $name: exit status $rc, expected $want"
            ok=0
        fi
        if ! cmp -s "$base.out" "$tmp"; then
            echo "FAIL $name: output differs"
            diff -u "$base.out" "$tmp" | sed "s|$tmp|actual|"
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
