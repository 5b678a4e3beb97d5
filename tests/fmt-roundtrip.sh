#!/bin/sh
# fmt-roundtrip.sh DOCKET — for every policy file under policies/ and tests/
# (except tests/golden/**/bad-*, files named bad-*, mapping files and the
# bad-input catalogue tests/bad/ and the fuzz corpus), check that
#   - `docket fmt FILE` succeeds,
#   - formatting its output again changes nothing (idempotence),
#   - the formatted text parses to the same tree (`docket fmt --dump`).
# Prints one line per failure and a final "N passed, N failed"; exit 1 on
# any failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 DOCKET" >&2
    exit 2
fi
case $1 in
    /*) docket=$1 ;;
    *) docket=$(pwd)/$1 ;;
esac
cd "$(dirname "$0")/.." || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fmt-roundtrip.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

find policies tests -type f -name '*.docket' 2>/dev/null | LC_ALL=C sort >"$tmp/files"

passed=0
failed=0
while IFS= read -r f; do
    case $f in
        tests/golden/*/bad-* | tests/golden/bad-* | tests/bad/* | tests/fuzz/corpus/*) continue ;;
        # Mapping files (docs/data.md) are not laid out by docket fmt.
        policies/mappings/* | tests/golden/map/*) continue ;;
    esac
    case ${f##*/} in
        bad-*) continue ;;
    esac
    why=
    if ! "$docket" fmt "$f" >"$tmp/once" 2>"$tmp/err"; then
        why="docket fmt failed: $(head -n 1 "$tmp/err")"
    elif ! "$docket" fmt - <"$tmp/once" >"$tmp/twice" 2>"$tmp/err"; then
        why="formatted text does not parse: $(head -n 1 "$tmp/err")"
    elif ! cmp -s "$tmp/once" "$tmp/twice"; then
        why="not idempotent (fmt of the formatted text differs)"
    elif ! "$docket" fmt --dump "$f" >"$tmp/dump1" 2>"$tmp/err" ||
         ! "$docket" fmt --dump - <"$tmp/once" >"$tmp/dump2" 2>>"$tmp/err"; then
        why="docket fmt --dump failed: $(head -n 1 "$tmp/err")"
    elif ! cmp -s "$tmp/dump1" "$tmp/dump2"; then
        why="formatting changed the tree (ast dumps differ)"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $f: $why"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done <"$tmp/files"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
