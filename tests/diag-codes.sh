#!/bin/sh
# diag-codes.sh — every diagnostic code is documented, and every diagnostic
# the golden tests produce carries one.
#
#   sh tests/diag-codes.sh build/docket-san
#
# 1. `docket help codes` (the table built from lang/diag_codes.h) must appear
#    in docs/cli.md row for row, and docs/cli.md must list no other code.
# 2. Each golden command line (tests/golden/*/*.cmd) is run again with
#    `--diagnostics json`; every diagnostic object it prints must have a
#    "code" that the table documents, and as many objects must have a code as
#    have a severity.
if [ $# -ne 1 ]; then
    echo "usage: sh tests/diag-codes.sh DOCKET-BINARY" >&2
    exit 2
fi
docket=$1
case $docket in
    /*) ;;
    *) docket=$(pwd)/$docket ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
NO_COLOR=1
export NO_COLOR
tmp=${TMPDIR:-/tmp}/docket-codes.$$
trap 'rm -f "$tmp".*' EXIT INT TERM
fail=0

"$docket" help codes >"$tmp.table" || { echo "FAIL docket help codes"; exit 1; }
while IFS= read -r row; do
    grep -qxF -- "$row" docs/cli.md || { echo "FAIL docs/cli.md lacks the row: $row"; fail=1; }
done <"$tmp.table"
grep '^| `[a-z0-9-]*` | \(error\|warning\) |' docs/cli.md | sort >"$tmp.doc"
grep '^| `' "$tmp.table" | sort >"$tmp.bin"
if ! cmp -s "$tmp.doc" "$tmp.bin"; then
    echo "FAIL the code table of docs/cli.md differs from docket help codes (< docs, > program):"
    diff "$tmp.doc" "$tmp.bin" | grep '^[<>]'
    fail=1
fi
dups=$(sed 's/^| `\([^`]*\)`.*/\1/' "$tmp.bin" | uniq -d)
[ -z "$dups" ] || { echo "FAIL duplicate codes: $dups"; fail=1; }
sed -n 's/^| `\([^`]*\)`.*/\1/p' "$tmp.bin" >"$tmp.ids"

cases=0
diags=0
for cmd in tests/golden/*/*.cmd; do
    set -- $(cat "$cmd")
    [ $# -ge 1 ] || continue
    sub=$1
    shift
    # shellcheck disable=SC2086
    "$docket" "$sub" --diagnostics json "$@" >"$tmp.out" 2>&1 </dev/null
    cases=$((cases + 1))
    n_sev=$(grep -o '{"severity": "[a-z]*", ' "$tmp.out" | wc -l)
    grep -o '{"severity": "[a-z]*", "code": "[^"]*"' "$tmp.out" | sed 's/.*"code": "\([^"]*\)"/\1/' >"$tmp.codes"
    n_code=$(wc -l <"$tmp.codes")
    if [ "$n_sev" -ne "$n_code" ]; then
        echo "FAIL $cmd: $n_sev diagnostics, $n_code with a code"
        fail=1
    fi
    while IFS= read -r c; do
        grep -qxF -- "$c" "$tmp.ids" || { echo "FAIL $cmd: undocumented code '$c'"; fail=1; }
    done <"$tmp.codes"
    diags=$((diags + n_code))
done
echo "diagnostic codes: $(wc -l <"$tmp.ids") documented; $diags diagnostics in $cases golden runs carry one"
exit $fail
